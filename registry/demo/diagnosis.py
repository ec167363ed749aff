"""Diagnosis items of one tumor: site, histology, laterality, grade, confirmation, stage, size and nodes.

Rules followed (NAACCR v26 dictionary and the SEER inter-field edits summarised in
``shared/docs/staging-edits-codes.md`` section 2.4):
- laterality 0 for unpaired sites; 1/2 (rarely 3, 4, 9) for paired organs; C342 right only (IF42, IF24);
- in situ (behavior 2) is microscopically confirmed: diagnosticConfirmation 1, 2 or 4 (IF31);
- diagnosticConfirmation 3 only for 9590-9992; lymphomas never 6 or 8, leukemias never 6 (IF48);
- grades, LVI, nodes and sizes come from the EOD schema's allowed values (``staging_eod.csv``).
"""

from __future__ import annotations

import random

from registry.demo import stage, tables
from registry.demo.sampling import choice, pick_share, randint
from registry.demo.tables import SiteRow

_LATERALITY = (("1", 0.47), ("2", 0.47), ("3", 0.01), ("4", 0.01), ("9", 0.04))
_IN_SITU_LATERALITY = (("1", 0.495), ("2", 0.495), ("3", 0.01))
_SOLID_CONFIRMATION = (("1", 0.88), ("2", 0.04), ("4", 0.01), ("5", 0.01), ("6", 0.01), ("7", 0.03),
                       ("8", 0.01), ("9", 0.01))
_HEME_CONFIRMATION = (("1", 0.40), ("3", 0.50), ("2", 0.08), ("9", 0.02))
_IN_SITU_CONFIRMATION = (("1", 0.94), ("2", 0.04), ("4", 0.02))



def is_heme(histology: str) -> bool:
    return "9590" <= histology <= "9992"


def laterality(rng: random.Random, site: str, behavior: str = "3") -> str:
    """Laterality (#410) following the paired-organ list (``laterality_paired_sites_DERIVED.csv``).

    An in situ tumor of a paired organ is coded 1, 2 or 3 (SEER IF42): its side is known from the biopsy.
    """
    status = tables.paired_sites().get(site)
    if status is None or status == "paired_or_unpaired":
        return "0"
    if status == "paired_right_only":
        return "1"
    return pick_share(rng, _IN_SITU_LATERALITY if behavior == "2" else _LATERALITY)


def confirmation(rng: random.Random, histology: str, behavior: str) -> str:
    """Diagnostic confirmation (#490) consistent with behavior and histology (IF31, IF48)."""
    if behavior == "2":
        return pick_share(rng, _IN_SITU_CONFIRMATION)
    if is_heme(histology):
        return pick_share(rng, _HEME_CONFIRMATION)
    return pick_share(rng, _SOLID_CONFIRMATION)


def _from_schema(rng: random.Random, schema: dict[str, str], item: str, known: float) -> str | None:
    spec = schema.get(item)
    if not spec:
        return None
    values = tables.expanded(spec)
    specific = [v for v in values if v != "9"]
    if specific and rng.random() < known:
        return choice(rng, specific)
    return "9" if "9" in values else choice(rng, values)


def grades(rng: random.Random, schema: dict[str, str], surgery: bool) -> dict[str, str]:
    """gradeClinical always; gradePathological when the primary was resected, else 9 (unknown)."""
    out = {}
    clinical = _from_schema(rng, schema, "gradeClinical", 0.8)
    if clinical:
        out["gradeClinical"] = clinical
    pathological = _from_schema(rng, schema, "gradePathological", 0.9 if surgery else 0.0)
    if pathological:
        out["gradePathological"] = pathological
    return out


def tumor_size(rng: random.Random, schema: dict[str, str], ss: str) -> str:
    """tumorSizeSummary (#756) in mm: small for in situ/localized, larger for regional/distant."""
    values = tables.expanded_set(schema.get("tumorSizeSummary", "999"))
    if "050" not in values or rng.random() < 0.08:
        return "999" if "999" in values else max(values)
    median = {"0": 8.0, "1": 18.0, "8": 20.0}.get(ss, 35.0 if ss != "7" else 50.0)
    mm = max(2, min(int(rng.lognormvariate(0, 0.6) * median), 300))
    return f"{mm:03d}" if f"{mm:03d}" in values else "999"


def nodes(rng: random.Random, ss: str, dissection: bool) -> tuple[str, str]:
    """(regionalNodesPositive, regionalNodesExamined) per the NAACCR codes (98 = none examined)."""
    if not dissection:
        return "98", "00"
    examined = randint(rng, 1, 3) if rng.random() < 0.45 else randint(rng, 4, 30)
    positive = min(examined, randint(rng, 1, 6)) if ss in ("3", "4") else 0
    if ss == "7" and rng.random() < 0.5:
        positive = min(examined, randint(rng, 1, 4))
    return f"{positive:02d}", f"{examined:02d}"


def lvi(rng: random.Random, schema: dict[str, str], ss: str) -> str | None:
    spec = schema.get("lymphVascularInvasion")
    if not spec:
        return None
    values = tables.expanded(spec)
    want = "1" if ss in ("3", "4", "7") and rng.random() < 0.5 else ("0" if rng.random() < 0.7 else "9")
    return want if want in values else values[-1]


def diagnosis(rng: random.Random, row: SiteRow) -> tuple[dict[str, str], str]:
    """Site/histology/stage items of a tumor and its Summary Stage 2018 category."""
    schema = tables.eod_values(row.eod_schema)
    allowed_ss = tables.expanded(schema.get("summaryStage2018", "0-4;7;9"))
    ss = stage.stage_category(rng, row.site, row.behavior, allowed_ss)
    items = {
        "primarySite": row.site,
        "histologicTypeIcdO3": row.histology,
        "behaviorCodeIcdO3": row.behavior,
        "laterality": laterality(rng, row.site, row.behavior),
        "diagnosticConfirmation": confirmation(rng, row.histology, row.behavior),
        "summaryStage2018": ss,
        "tumorSizeSummary": tumor_size(rng, schema, ss),
    }
    items.update(stage.eod_items(rng, schema, ss))
    value = lvi(rng, schema, ss)
    if value:
        items["lymphVascularInvasion"] = value
    return items, ss
