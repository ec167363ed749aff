"""Work queues: which abstracts a registrar or reviewer works on next.

Queues: ``incomplete`` (abstracting to do), ``edits`` (an error-level edit failed at the last save),
``review`` (complete, awaiting review), ``changed`` (changed since a date), ``all``. Filters: facility,
year of diagnosis, site group (ICD-O-3 topography chapters). Sorts are stable (ties broken by tumor id) so
"next case" is the row after the current one in the same order (keyset), whatever page it is on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime

from sqlalchemy import and_, exists, func, or_, select

from registry.abstracting.models import Patient, Tumor
from registry.edits.results import EditResult

QUEUES = {"incomplete": "To abstract", "edits": "Failing edits", "review": "Awaiting review",
          "changed": "Changed since", "all": "All abstracts"}
# ICD-O-3 topography chapters (WHO ICD-O-3, topography section headings), as primary site code ranges.
SITE_GROUPS: dict[str, tuple[str, str, str]] = {
    "oral": ("Lip, oral cavity and pharynx", "C000", "C149"),
    "digestive": ("Digestive organs", "C150", "C269"),
    "respiratory": ("Respiratory system and intrathoracic organs", "C300", "C399"),
    "bone": ("Bones, joints and articular cartilage", "C400", "C419"),
    "blood": ("Hematopoietic and reticuloendothelial systems", "C420", "C429"),
    "skin": ("Skin", "C440", "C449"),
    "soft": ("Peripheral nerves, retroperitoneum, connective and soft tissues", "C470", "C499"),
    "breast": ("Breast", "C500", "C509"),
    "female": ("Female genital organs", "C510", "C589"),
    "male": ("Male genital organs", "C600", "C639"),
    "urinary": ("Urinary tract", "C640", "C689"),
    "cns": ("Eye, brain and other parts of the central nervous system", "C690", "C729"),
    "endocrine": ("Thyroid and other endocrine glands", "C730", "C759"),
    "other": ("Other and ill-defined sites, lymph nodes, unknown primary", "C760", "C809"),
}
_NO_DATE = date(1, 1, 1)
SORTS = {
    "dx": func.coalesce(Tumor.dx_date, _NO_DATE),
    "updated": Tumor.updated_at,
    "name": func.coalesce(Patient.name_last_norm, ""),
    "site": func.coalesce(Tumor.primarySite, ""),
}


@dataclass(frozen=True)
class QueueSpec:
    queue: str = "incomplete"
    facility: str = ""
    year: int | None = None
    site_group: str = ""
    since: date | None = None
    sort: str = "dx"  # a SORTS key, "-" in front for descending

    @classmethod
    def from_args(cls, args) -> QueueSpec:
        """Read a queue from query arguments; unknown values fall back to the defaults."""
        queue = args.get("queue", "incomplete")
        sort = args.get("sort", "dx")
        try:
            since = date.fromisoformat(args.get("since", "")) if args.get("since") else None
        except ValueError:
            since = None
        year = args.get("year", "")
        return cls(
            queue=queue if queue in QUEUES else "incomplete", facility=args.get("facility", "").strip(),
            year=int(year) if year.isdigit() else None,
            site_group=args.get("site", "") if args.get("site", "") in SITE_GROUPS else "",
            since=since, sort=sort if sort.lstrip("-") in SORTS else "dx",
        )

    def as_args(self) -> dict[str, str]:
        """Query arguments that reproduce this queue (for links: paging, next case)."""
        out = {k: str(v) for k, v in asdict(self).items() if v not in (None, "")}
        out["site"] = out.pop("site_group", "")
        if self.since:
            out["since"] = self.since.isoformat()
        return {k: v for k, v in out.items() if v}


def _filters(spec: QueueSpec, scope: frozenset[str] | None) -> list:
    conditions = []
    if spec.queue == "incomplete":
        conditions.append(Tumor.status == "incomplete")
    elif spec.queue == "review":
        conditions.append(Tumor.status == "complete")
    elif spec.queue == "edits":
        conditions.append(exists(select(EditResult.id).where(EditResult.tumor_id == Tumor.id,
                                                             EditResult.severity == "error")))
    elif spec.queue == "changed" and spec.since:
        conditions.append(Tumor.updated_at >= datetime.combine(spec.since, datetime.min.time(), UTC))
    if spec.facility:
        conditions.append(Tumor.reportingFacility == spec.facility)
    if scope is not None:
        conditions.append(Tumor.reportingFacility.in_(sorted(scope)))
    if spec.year:
        conditions.append(Tumor.dx_year == spec.year)
    if spec.site_group:
        _title, low, high = SITE_GROUPS[spec.site_group]
        conditions.append(Tumor.primarySite.between(low, high))
    return conditions


def _order(spec: QueueSpec):
    key = SORTS[spec.sort.lstrip("-")]
    return key, spec.sort.startswith("-")


def queue_statement(spec: QueueSpec, scope: frozenset[str] | None):
    key, descending = _order(spec)
    return (select(Tumor, Patient).join(Patient, Tumor.patient_id == Patient.id)
            .where(*_filters(spec, scope)).order_by(key.desc() if descending else key.asc(), Tumor.id))


def queue_page(session, spec: QueueSpec, scope, *, page: int = 1, per_page: int = 25):
    """One page of (tumor, patient) rows and whether there is a next page."""
    stmt = queue_statement(spec, scope).offset((page - 1) * per_page).limit(per_page + 1)
    rows = [tuple(r) for r in session.execute(stmt)]
    return rows[:per_page], len(rows) > per_page


def next_in_queue(session, spec: QueueSpec, scope, tumor: Tumor) -> int | None:
    """The id of the tumor after ``tumor`` in the queue's order (None at the end of the queue)."""
    key, descending = _order(spec)
    current = session.scalar(select(key).select_from(Tumor).join(Patient, Tumor.patient_id == Patient.id)
                             .where(Tumor.id == tumor.id))
    if current is None:
        return None
    beyond = key < current if descending else key > current
    stmt = (select(Tumor.id).join(Patient, Tumor.patient_id == Patient.id)
            .where(*_filters(spec, scope), or_(beyond, and_(key == current, Tumor.id > tumor.id)))
            .order_by(key.desc() if descending else key.asc(), Tumor.id).limit(1))
    return session.scalar(stmt)


def error_counts(session, tumor_ids: list[int]) -> dict[int, int]:
    """Error-level edit failures stored per tumor (for the queue's rows)."""
    if not tumor_ids:
        return {}
    stmt = (select(EditResult.tumor_id, func.count()).where(EditResult.tumor_id.in_(tumor_ids),
                                                             EditResult.severity == "error")
            .group_by(EditResult.tumor_id))
    return dict(session.execute(stmt).all())
