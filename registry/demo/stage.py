"""Stage at diagnosis: Summary Stage 2018, EOD 2018 items, grade, tumor size, nodes and LVI.

Every value is drawn from the schema's allowed values in ``staging_eod.csv`` (imsweb EOD value lists keyed by
the EOD schema of the site/histology row), so it is valid for the schema. Unlike the imsweb generator, which
draws each input independently, the stage category is drawn first from site-group stage distributions
(rounded from published SEER stage-at-diagnosis shares) and the EOD inputs are then chosen to agree with it:
in situ -> EOD primary tumor 000, localized -> nodes 000 and mets 00, regional -> nodes positive or
extension beyond the organ, distant -> mets other than 00.
"""

from __future__ import annotations

import functools
import random

from registry.demo import tables
from registry.demo.sampling import choice, pick_share

# (localized, regional, distant, unknown) shares for malignant tumors, by 3-character site group.
_PROFILES: dict[str, tuple[float, float, float, float]] = {
    "C50": (0.64, 0.27, 0.06, 0.03), "C61": (0.70, 0.13, 0.08, 0.09), "C34": (0.26, 0.22, 0.46, 0.06),
    "C18": (0.37, 0.36, 0.22, 0.05), "C19": (0.37, 0.36, 0.22, 0.05), "C20": (0.37, 0.36, 0.22, 0.05),
    "C25": (0.13, 0.28, 0.51, 0.08), "C73": (0.64, 0.29, 0.04, 0.03), "C44": (0.77, 0.09, 0.04, 0.10),
    "C67": (0.70, 0.18, 0.05, 0.07), "C64": (0.65, 0.16, 0.15, 0.04), "C54": (0.67, 0.20, 0.09, 0.04),
    "C56": (0.17, 0.21, 0.57, 0.05), "C22": (0.44, 0.27, 0.18, 0.11), "C16": (0.28, 0.25, 0.38, 0.09),
    "C15": (0.20, 0.32, 0.39, 0.09), "C53": (0.44, 0.36, 0.16, 0.04), "C71": (0.75, 0.15, 0.02, 0.08),
    "C42": (0.05, 0.05, 0.85, 0.05), "C77": (0.27, 0.17, 0.50, 0.06),
}
_DEFAULT = (0.45, 0.25, 0.22, 0.08)
_REGIONAL = (("2", 0.4), ("3", 0.4), ("4", 0.2))
NON_NUMERIC_NODES = ("95", "96", "97", "98", "99")


def stage_category(rng: random.Random, site: str, behavior: str, allowed: tuple[str, ...]) -> str:
    """Summary Stage 2018 code (0 in situ, 1 local, 2-4 regional, 7 distant, 8 benign, 9 unknown)."""
    if behavior == "2" and "0" in allowed:
        return "0"
    if behavior in ("0", "1") and "8" in allowed:
        return "8"
    local, regional, distant, _unknown = _PROFILES.get(site[:3], _DEFAULT)
    x = rng.random()
    if x < local:
        want = "1"
    elif x < local + regional:
        want = pick_share(rng, _REGIONAL)
    elif x < local + regional + distant:
        want = "7"
    else:
        want = "9"
    if want in allowed:
        return want
    real = [v for v in allowed if v not in ("0", "8")] or list(allowed)
    return choice(rng, real)



_RULES = {
    "none": lambda n, x: x in ("000", "00"), "unknown": lambda n, x: x in ("999", "99"),
    "local": lambda n, x: 100 <= n <= 300, "extension": lambda n, x: 100 <= n <= 800, "any": lambda n, x: n >= 0,
    "nodes": lambda n, x: 0 < n < 999, "mets": lambda n, x: 0 < n < 99,
}


@functools.cache
def _pool(spec: str, rule: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(values of ``spec`` meeting ``rule``, all values of ``spec``); cached per schema value list."""
    values = tables.expanded(spec)
    keep = _RULES[rule]
    return tuple(v for v in values if keep(int(v) if v.isdigit() else -1, v)), values


def _choose(rng: random.Random, spec: str, rule: str, fallback: str) -> str:
    pool, values = _pool(spec, rule)
    if pool:
        return choice(rng, pool)
    return fallback if fallback in values else values[0]


_PRIMARY_RULE = {"0": "none", "1": "local", "3": "local", "9": "unknown", "8": "any"}


def eod_items(rng: random.Random, schema: dict[str, str], ss: str) -> dict[str, str]:
    """eodPrimaryTumor, eodRegionalNodes and eodMets agreeing with Summary Stage 2018 ``ss``."""
    out: dict[str, str] = {}
    spec = schema.get("eodPrimaryTumor")
    if spec:
        out["eodPrimaryTumor"] = _choose(rng, spec, _PRIMARY_RULE.get(ss, "extension"), "999")
    spec = schema.get("eodRegionalNodes")
    if spec:
        positive = ss in ("3", "4") or (ss == "7" and rng.random() < 0.6)
        rule = "nodes" if positive else ("unknown" if ss == "9" else "none")
        out["eodRegionalNodes"] = _choose(rng, spec, rule, "999" if ss == "9" else "000")
    spec = schema.get("eodMets")
    if spec:
        rule = "mets" if ss == "7" else ("unknown" if ss == "9" else "none")
        out["eodMets"] = _choose(rng, spec, rule, "00")
    return out
