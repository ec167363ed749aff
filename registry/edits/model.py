"""The edit model: an edit, an edit failure, and how one edit is evaluated against a record.

Follows the recommended model of the NAACCR EDITS metafile (EE_Edits: tag, name, agency, fields, message,
edit sets; see shared/docs/staging-edits-codes.md §2.1-2.3):

* an edit has a stable ``id``, a ``name`` in the NAACCR style ("Fields, Fields (modelled on AGENCY id)"), the
  NAACCR XML ids of the ``items`` it reads, a ``severity`` (``error`` or ``warning``), the edit ``sets`` that
  run it, a ``message`` template naming fields and values (``{primarySite}`` is replaced by the value of that
  item, ``{@primarySite}`` by its NAACCR name) and the logic ``check(record) -> bool`` (True = pass);
* ``requires`` are the items whose emptiness skips the edit, as the NAACCR edits do ("This edit is skipped if
  Histologic Type ICD-O-3 is blank"); the skip rule of each edit is stated in its docstring;
* ``override``/``override_values``: the NAACCR over-ride flag item (e.g. ``overRideSiteType``) whose value lets a
  reviewer accept a documented unusual combination: the edit then passes;
* table-driven edits (``per_item``) check many items at once and report one failure per failing item.

A record is a flat mapping of NAACCR XML id -> value (NaaccrData, Patient and this Tumor's items together);
a missing item is an absent key or "".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)

Record = Mapping[str, str]
Check = Callable[[Record], bool]
PerItemCheck = Callable[[Record], Iterable[tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class EditFailure:
    """One failing edit on one record: what the integrator stores and shows."""

    edit_id: str
    name: str
    severity: str
    items: list[str]
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"edit": self.edit_id, "name": self.name, "severity": self.severity,
                "items": list(self.items), "message": self.message}


class _Values(dict):
    """format_map helper: ``{item}`` -> the record's value (or "blank"), ``{@item}`` -> the item's NAACCR name."""

    def __init__(self, record: Record, names: Mapping[str, str]) -> None:
        super().__init__()
        self.record = record
        self.names = names

    def __missing__(self, key: str) -> str:
        if key.startswith("@"):
            return self.names.get(key[1:], key[1:])
        value = self.record.get(key)
        return value if value else "blank"


@dataclass(frozen=True)
class Edit:
    """One edit. ``check`` returns True when the record passes; ``per_item`` edits yield (item, message) failures."""

    id: str
    name: str
    items: tuple[str, ...]
    severity: str
    sets: frozenset[str]
    message: str
    rule: str
    check: Check | None = None
    per_item: PerItemCheck | None = None
    requires: tuple[str, ...] = ()
    override: str | None = None
    override_values: frozenset[str] = frozenset({"1"})
    description: str = ""
    names: Mapping[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"edit {self.id}: severity must be one of {SEVERITIES}")
        if (self.check is None) == (self.per_item is None):
            raise ValueError(f"edit {self.id}: give exactly one of check or per_item")

    def is_skipped(self, record: Record) -> bool:
        """True when a required item is empty or the over-ride flag accepts the record."""
        for item in self.requires:
            if not record.get(item):
                return True
        return self.override is not None and record.get(self.override, "") in self.override_values

    def evaluate(self, record: Record) -> list[EditFailure]:
        """All failures of this edit on a record (empty list = pass or skipped)."""
        if self.is_skipped(record):
            return []
        if self.per_item is not None:
            return [EditFailure(self.id, self.name, self.severity, [item], message)
                    for item, message in self.per_item(record)]
        if self.check(record):  # type: ignore[misc]
            return []
        return [self.failure(record)]

    def failure(self, record: Record) -> EditFailure:
        message = self.message.format_map(_Values(record, self.names))
        return EditFailure(self.id, self.name, self.severity, list(self.items), message)
