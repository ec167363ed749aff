"""The summary of an edit run over the database: per edit and per facility, in the ``edits run --json`` shape.

A tumor is *failing* when at least one error-level edit fails on it (the NAACCR EDITS convention that errors
block a record and warnings only ask for review; the same rule puts a tumor in the "Failing edits" work queue).
Per edit, ``failing_tumors`` counts the tumors on which that edit failed, whatever its severity (a table-driven
edit failing on several items of one tumor counts that tumor once).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from registry.edits.model import ERROR, EditFailure


@dataclass
class RunSummary:
    edit_set: str
    tumors: int = 0
    failing_tumors: int = 0
    edit_counts: Counter = field(default_factory=Counter)
    edit_info: dict[str, tuple[str, str]] = field(default_factory=dict)
    facility_tumors: Counter = field(default_factory=Counter)
    facility_failing: Counter = field(default_factory=Counter)
    facility_names: dict[str, str] = field(default_factory=dict)

    def add(self, facility: str | None, failures: list[EditFailure]) -> None:
        """Count one edited tumor and its failures."""
        self.tumors += 1
        key = facility or ""
        self.facility_tumors[key] += 1
        if not failures:
            return
        seen = {f.edit_id: f for f in failures}
        self.edit_counts.update(seen.keys())
        for edit_id, f in seen.items():
            if edit_id not in self.edit_info:
                self.edit_info[edit_id] = (f.name, f.severity)
        if any(f.severity == ERROR for f in failures):
            self.failing_tumors += 1
            self.facility_failing[key] += 1

    @property
    def has_errors(self) -> bool:
        return self.failing_tumors > 0

    def by_edit(self) -> list[dict[str, object]]:
        """Failing edits, most failing tumors first (ties by edit id)."""
        order = sorted(self.edit_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return [{"id": edit_id, "name": self.edit_info[edit_id][0], "severity": self.edit_info[edit_id][1],
                 "failing_tumors": n} for edit_id, n in order]

    def by_facility(self) -> list[dict[str, object]]:
        """Every facility with edited tumors, by facility code (tumors without a facility last, code null)."""
        keys = sorted(self.facility_tumors, key=lambda k: (k == "", k))
        return [{"facility": k or None, "name": self.facility_names.get(k), "tumors": self.facility_tumors[k],
                 "failing_tumors": self.facility_failing[k]} for k in keys]

    def to_json(self) -> dict[str, object]:
        """The ``registry edits run --json`` shape."""
        return {"tumors": self.tumors, "failing_tumors": self.failing_tumors, "by_edit": self.by_edit(),
                "by_facility": self.by_facility(), "edit_set": self.edit_set}
