"""Items carried under an older name: mapped to the current (v26) item on import (issue 13, point 6), and back to
the older name when a file of an older version is written.

``sex`` (#220, through v25) was retired in v26 for ``sexAssignedAtBirth`` (#225) with the same codes
(registry/naaccr/data/dictionaries/naaccr-dictionary-250.xml and -260.xml). The source record keeps the items as
sent; the patient gets the current name.
"""

from __future__ import annotations

from collections.abc import Container, Mapping

RENAMED = {"sex": "sexAssignedAtBirth"}  # old item -> current item


def current_names(items: Mapping[str, str]) -> dict[str, str]:
    """``items`` with older item names mapped to the current ones (a current item already present wins)."""
    if not any(old in items for old in RENAMED):
        return dict(items)
    out = {}
    for name, value in items.items():
        new = RENAMED.get(name)
        if new is None:
            out[name] = value
        elif not items.get(new):
            out[new] = value
    return out


def older_names(items: Mapping[str, str], known: Container[str]) -> dict[str, str]:
    """``items`` for a file whose dictionary holds the ids ``known``: a current item it lacks is written under its
    older name when the dictionary has that one."""
    out = dict(items)
    for old, new in RENAMED.items():
        if new in out and new not in known and old in known and old not in out:
            out[old] = out.pop(new)
    return out
