"""Two registrars, one tumor: merging a stale save instead of overwriting anyone's work.

The screen carries, besides the versions it was opened at, a fingerprint of every value it showed
(``baseline``). When a save is refused as stale, each field is sorted out by comparing three values: what
the screen showed (its fingerprint), what this registrar posted, and what is saved now.

* only this registrar changed it -> keep theirs (it goes back into the form);
* only the other person changed it -> take the saved value;
* both changed it, differently -> a conflict: the screen shows both values and the registrar must choose.

Nothing is written until the registrar saves the merged form, at the new versions.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field


def fingerprint(value: str) -> str:
    return format(zlib.crc32((value or "").encode("utf-8")), "08x")


def baseline_of(values: Mapping[str, str]) -> str:
    """The form's hidden baseline: fingerprints of the non-empty values shown (compact JSON)."""
    return json.dumps({k: fingerprint(v) for k, v in values.items() if v}, separators=(",", ":"), sort_keys=True)


def parse_baseline(text: str | None) -> dict[str, str]:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


@dataclass
class Merge:
    values: dict[str, str] = field(default_factory=dict)  # what the merged form shows
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)  # (item, mine, saved)
    taken_saved: list[str] = field(default_factory=list)
    kept_mine: list[str] = field(default_factory=list)


def merge(posted: Mapping[str, str], saved: Mapping[str, str], baseline: Mapping[str, str]) -> Merge:
    """Sort out every posted field against the saved record and the baseline fingerprints."""
    result = Merge(values=dict(saved))
    empty = fingerprint("")
    for item, mine in posted.items():
        theirs = saved.get(item) or ""
        if mine == theirs:
            continue
        shown = baseline.get(item, empty)
        mine_changed, theirs_changed = fingerprint(mine) != shown, fingerprint(theirs) != shown
        if mine_changed and theirs_changed:
            result.conflicts.append((item, mine, theirs))
        elif mine_changed:
            result.values[item] = mine
            result.kept_mine.append(item)
        else:
            result.taken_saved.append(item)
    return result
