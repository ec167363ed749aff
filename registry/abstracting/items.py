"""Column mixins for the core NAACCR items, and reading/writing a record's items as one mapping.

Core items (``core_items``) are String columns named in snake_case whose Python attribute is the
NAACCR XML id; every other item lives in ``extra_items`` (JSON). ``get_items`` and ``set_items`` are
the only way the rest of the code reads or writes items, so where an item is stored stays hidden.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from sqlalchemy import String, Text
from sqlalchemy.orm import mapped_column

from registry.abstracting.core_items import INDEXED_ITEMS, PATIENT_ITEMS, TUMOR_ITEMS
from registry.naaccr.dictionary import current

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def column_name(naaccr_id: str) -> str:
    """'dateOfDiagnosis' -> 'date_of_diagnosis' (database column names stay lower case for PostgreSQL)."""
    return _CAMEL.sub("_", naaccr_id).lower()


def _columns(ids: tuple[str, ...]) -> dict[str, object]:
    dictionary = current()
    cols: dict[str, object] = {}
    for naaccr_id in ids:
        length = dictionary[naaccr_id].length
        type_ = Text() if length > 255 else String(length)
        cols[naaccr_id] = mapped_column(column_name(naaccr_id), type_, index=naaccr_id in INDEXED_ITEMS)
    return cols


PatientItemColumns = type("PatientItemColumns", (), _columns(PATIENT_ITEMS))
TumorItemColumns = type("TumorItemColumns", (), _columns(TUMOR_ITEMS))


class ItemLengthError(ValueError):
    pass


def get_items(obj, core: tuple[str, ...]) -> dict[str, str]:
    """All non-empty items of a patient or tumor, core and extra together."""
    items = {k: v for k in core if (v := getattr(obj, k))}
    if obj.extra_items:
        items.update(obj.extra_items)
    return items


def set_items(obj, core: tuple[str, ...], values: Mapping[str, str | None]) -> None:
    """Write items (empty or None clears one). Core items longer than their column are refused."""
    extra = dict(obj.extra_items or {})
    dictionary = current()
    core_set = frozenset(core)
    for key, value in values.items():
        value = value or None
        if key in core_set:
            if value is not None and len(value) > dictionary[key].length:
                raise ItemLengthError(f"{key} is longer than {dictionary[key].length} characters")
            setattr(obj, key, value)
        elif value is None:
            extra.pop(key, None)
        else:
            extra[key] = value
    obj.extra_items = extra or None
