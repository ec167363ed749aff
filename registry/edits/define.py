"""Registration of edits: the ``@edit(...)`` decorator and the edit-set names.

Edit sets (the EDITS "edit set" of a metafile, shared/docs/staging-edits-codes.md §2.1) used here:

* ``hospital``: a hospital registry abstracting its own cases (CoC-style edits, hospital over-rides);
* ``state-submission``: a central (state) registry checking or sending cases (SEER/NPCR-style edits, central
  sequence number, central over-rides);
* ``import``: what must hold for data loaded from another system: item validity and hard logical conflicts,
  without the review edits that exist to make a registrar look twice.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable

from registry.edits.model import ERROR, Check, Edit, PerItemCheck
from registry.naaccr import dictionary

HOSPITAL = "hospital"
STATE = "state-submission"
IMPORT = "import"
ALL_SETS = frozenset({HOSPITAL, STATE, IMPORT})
REVIEW_SETS = frozenset({HOSPITAL, STATE})

# Edit id -> edit. Filled by the ``@edit`` decorators when a rule module is imported and by the modules'
# ``register()`` functions (called by ``engine``). Registration is idempotent and locked: registering the same
# edit (same id, same check function) again replaces it, so a retried or concurrent load never doubles an
# edit; a *different* definition under a taken id is refused at once.
_REGISTERED: dict[str, Edit] = {}
_LOCK = threading.Lock()


def _origin(e: Edit) -> tuple[str, str]:
    fn = e.check if e.check is not None else e.per_item
    return getattr(fn, "__module__", ""), getattr(fn, "__qualname__", repr(fn))


def register_edit(e: Edit) -> None:
    """Add one edit to the catalogue; again for the same definition is a no-op, a clashing id a ValueError."""
    with _LOCK:
        known = _REGISTERED.get(e.id)
        if known is not None and _origin(known) != _origin(e):
            raise ValueError(f"edit id {e.id} is defined twice ({'.'.join(_origin(known))} and "
                             f"{'.'.join(_origin(e))})")
        _REGISTERED[e.id] = e


def registered() -> dict[str, Edit]:
    """A snapshot of the registered edits by id."""
    with _LOCK:
        return dict(_REGISTERED)


@functools.cache
def item_names() -> dict[str, str]:
    """NAACCR XML id -> NAACCR item name, over all base dictionaries (newest wins)."""
    names: dict[str, str] = {}
    for version in reversed(dictionary.BASE_VERSIONS):
        for item in dictionary.base_dictionary(version):
            names.setdefault(item.naaccr_id, item.name)
    return names


def edit(edit_id: str, name: str, items: Iterable[str], *, message: str, rule: str, severity: str = ERROR,
         sets: frozenset[str] = ALL_SETS, requires: Iterable[str] | None = None, override: str | None = None,
         override_values: Iterable[str] = ("1",)) -> Callable[[Check], Check]:
    """Register ``fn(record) -> bool`` (True = pass) as an edit; ``requires`` defaults to ``items``."""
    items = tuple(items)

    def wrap(fn: Check) -> Check:
        register_edit(Edit(edit_id, name, items, severity, frozenset(sets), message, rule, check=fn,
                           requires=tuple(items if requires is None else requires), override=override,
                           override_values=frozenset(override_values), description=(fn.__doc__ or "").strip(),
                           names=item_names()))
        return fn
    return wrap


def per_item_edit(edit_id: str, name: str, items: Iterable[str], *, rule: str, description: str,
                  fn: PerItemCheck, severity: str = ERROR, sets: frozenset[str] = ALL_SETS,
                  requires: Iterable[str] = ()) -> None:
    """Register a table-driven edit that reports one failure per failing item."""
    register_edit(Edit(edit_id, name, tuple(items), severity, frozenset(sets), "", rule, per_item=fn,
                       requires=tuple(requires), description=description, names=item_names()))
