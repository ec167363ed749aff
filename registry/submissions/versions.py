"""Writing our NAACCR v26 items for a recipient that still takes an older NAACCR XML version.

The database keeps items by their v26 NAACCR XML ids. Items a version does not define are dropped by the XML
writer (registry.naaccr.xml.writer filters by the version's dictionary); the only v26 item with a direct
predecessor under another id is Sex Assigned at Birth (#225), which replaced Sex (#220) in v26
(shared/naaccr/dictionaries/dictionary-differences-v250-and-v260.txt). Its codes 1, 2 and 9 have the same
meaning in Sex (#220), so for versions before 260 the value is written as ``sex``.
"""

from __future__ import annotations

from collections.abc import Mapping

# target versions before the key -> {v26 id: id in the older versions}
_RENAMED_BEFORE = {"260": {"sexAssignedAtBirth": "sex"}}


def renames_for(version: str) -> dict[str, str]:
    """{our id: the id the given version uses} for items whose id differs in that version."""
    renames: dict[str, str] = {}
    for since, mapping in _RENAMED_BEFORE.items():
        if version < since:
            renames.update(mapping)
    return renames


def translate(items: Mapping[str, str], renames: Mapping[str, str]) -> dict[str, str]:
    """The items with renamed ids (an item already present under the old id is kept as it is)."""
    if not renames or not any(k in items for k in renames):
        return dict(items)
    return {renames.get(k, k): v for k, v in items.items() if k not in renames or renames[k] not in items}
