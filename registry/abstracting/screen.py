"""What the abstract screen shows, gathered in one place so the views stay thin.

The screen is one tumor with its patient: the NAACCR sections in form order (demographics are the
patient's, shared by all their tumors), the site-specific items of the staging schema, coding help, the
stored edit results linked to their fields, review comments and the history from the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select

from registry.abstracting.coding import StagingHelp, site_type_warning, staging_help
from registry.abstracting.conflicts import Merge
from registry.abstracting.fields import FieldSpec, Problem, field_specs, spec_for
from registry.abstracting.models import Tumor
from registry.abstracting.sections import SECTIONS
from registry.core.audit import AuditEvent
from registry.edits.results import results_for
from registry.extensions import db
from registry.naaccr import lookups

HISTORY_LIMIT = 200
SHORTCUTS = (
    ("Alt+S", "Save"), ("Alt+C", "Save and complete"), ("Alt+N", "Next section"), ("Alt+P", "Previous section"),
    ("Alt+J", "Next case in the queue"), ("Alt+T", "Find a topography (primary site)"),
    ("Alt+H", "Find a histology"), ("Alt+E", "First failing edit"),
)


@dataclass
class Screen:
    tumor: Tumor
    values: dict[str, str]
    sections: list[tuple[str, str, list[FieldSpec]]]
    problems: dict[str, Problem] = field(default_factory=dict)
    failures: list = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    staging: StagingHelp | None = None
    site_type: str | None = None
    history: list[AuditEvent] = field(default_factory=list)
    reviews: list[AuditEvent] = field(default_factory=list)
    merge: Merge | None = None

    @property
    def patient(self):
        return self.tumor.patient

    def label(self, naaccr_id: str) -> str | None:
        value = self.values.get(naaccr_id)
        return lookups.label(naaccr_id, value) if value else None

    def failing_items(self) -> set[str]:
        return {item for f in self.failures for item in f.items}

    def conflict_items(self) -> set[str]:
        return {item for item, _mine, _saved in self.merge.conflicts} if self.merge else set()


def saved_values(tumor: Tumor) -> dict[str, str]:
    return {**tumor.patient.items(), **tumor.items()}


def _sections(staging: StagingHelp | None) -> list[tuple[str, str, list[FieldSpec]]]:
    specs = field_specs()
    out = [(key, title, [specs[i] for i in ids]) for key, title, ids in SECTIONS]
    extra = [spec_for(e["id"]) for e in (staging.site_specific if staging else [])]
    if extra:
        index = next(i for i, s in enumerate(out) if s[0] == "stage")
        out.insert(index + 1, ("ssdi", "Site-Specific Data Items", [s for s in extra if s is not None]))
    return out


def tumor_history(tumor: Tumor, limit: int = HISTORY_LIMIT) -> list[AuditEvent]:
    """Changes to this tumor and to its patient (views left out), newest first."""
    stmt = (select(AuditEvent)
            .where(AuditEvent.patient_id == tumor.patient_id, AuditEvent.action != "view",
                   or_(AuditEvent.entity == "patient",
                       and_(AuditEvent.entity == "tumor", AuditEvent.entity_id == tumor.id)))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit))
    return list(db.session.scalars(stmt))


def build_screen(tumor: Tumor, values: Mapping[str, str] | None = None, **extra) -> Screen:
    """The screen for a tumor: saved values unless ``values`` (a re-shown post) are given."""
    shown = dict(values) if values is not None else saved_values(tumor)
    staging = staging_help(shown)
    history = tumor_history(tumor)
    screen = Screen(tumor=tumor, values=shown, sections=_sections(staging), staging=staging,
                    site_type=site_type_warning(shown.get("primarySite", ""), shown.get("histologicTypeIcdO3", ""),
                                                shown.get("behaviorCodeIcdO3", "")),
                    history=history, reviews=[e for e in history if e.entity == "tumor" and e.action == "status"
                                              and e.note and e.note.startswith(("approved", "returned"))],
                    **extra)
    if "failures" not in extra:
        screen.failures = results_for(tumor.id)
    return screen
