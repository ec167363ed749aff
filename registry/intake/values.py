"""Values of a person or tumor from its sources: the simple rule until consolidation lands (issue 13, point 5).

Each patient and tumor keeps per-item provenance in ``item_sources`` (item -> the source that gave its value). An
item with no entry is the registry's own (abstracted here, or there before intake existed). When a source reports:

* a blank item is filled from the report, and the item is then that source's;
* an item whose value came from this same source takes the report's value (a correction); an item that source
  gave before and now leaves out is cleared (the source withdrew it);
* any other value -- the registry's own, or another source's -- is never overwritten, and never blanked.

The registry's own file (source ``None`` here) corrects the registry's own values and fills blanks, never clears.
"""

from __future__ import annotations

from collections.abc import Mapping


def merge(current: Mapping[str, str], provenance: Mapping[str, str] | None, incoming: Mapping[str, str],
          source: str | None, kept: frozenset[str] = frozenset()) -> tuple[dict[str, str | None], dict[str, str]]:
    """(changed items -> new value or None to clear, the new provenance) of ``incoming`` from ``source``.

    ``kept``: items never cleared (derived items, recomputed after the import)."""
    provenance = dict(provenance or {})
    changes: dict[str, str | None] = {}
    for name, value in incoming.items():
        if not value:
            continue
        old = current.get(name) or ""
        if old == value:
            continue
        if not old or provenance.get(name) == source:
            changes[name] = value
            _own(provenance, name, source)
    if source is not None:
        for name, old in current.items():
            if old and not incoming.get(name) and name not in kept and provenance.get(name) == source:
                changes[name] = None
                provenance.pop(name, None)
    return changes, provenance


def _own(provenance: dict[str, str], name: str, source: str | None) -> None:
    if source is None:
        provenance.pop(name, None)
    else:
        provenance[name] = source


def provenance_of(items: Mapping[str, str], source: str | None) -> dict[str, str] | None:
    """Provenance of a record made from ``items`` of ``source`` (None for the registry's own)."""
    if source is None:
        return None
    return {name: source for name, value in items.items() if value} or None
