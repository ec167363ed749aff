"""Site-specific data items (SSDIs), grades and other schema inputs valid for the tumor's EOD schema (dx 2018+).

The schema is the one the staging engine selects (EOD Public 3.3, :func:`registry.staging.engine.load_algorithm`)
from primary site, histology, sex and any schema discriminator; a discriminator the schema choice needs is
drawn from the codes of its own table, as an abstractor would answer it. The allowed codes and the "required
by" metadata (COC/NPCR/SEER/CCCR required by year, SEER required when CoC analytic) are those of the schema's
input tables (:func:`registry.edits.schemas.eod_schemas`, the tables the SSDI edits check). Every input the
standard setters require is filled, and any value invalid for the schema is replaced, so a clean demo tumor
passes the SSDI edits. Common markers follow rough clinical shares (breast ER+ ~80%, PR+ ~68%, HER2+ ~15%;
prostate PSA log-normal around 7 ng/mL, Gleason grade groups weighted to 6-7); other items take a coded
value from the schema's table, mostly a recorded value, sometimes a "not documented / unknown" code.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Callable, Mapping

from registry.demo.sampling import choice
from registry.edits.schemas import CodeSet, Schema, eod_schemas
from registry.staging.engine import Algorithm, load_algorithm
from registry.staging.naaccr_mapping import lookup_inputs

EOD = ("eod_public", "3.3")
ANALYTIC = frozenset({"00", "10", "11", "12", "13", "14", "20", "21", "22"})
# Neoadjuvant therapy items (NAACCR #1632-#1634, v21+): "0" = no neoadjuvant therapy, the usual first course.
_NO_NEOADJUVANT = ("neoadjuvantTherapy", "neoadjuvTherapyClinicalResponse", "neoadjuvTherapyTreatmentEffect",
                   "responseToNeoadjuvantTherapy")
# Gleason score -> primary/secondary pattern pairs (AJCC 8th prostate: Gleason grade groups).
_GLEASON = (("06", ("33",), 0.35), ("07", ("34", "43"), 0.42), ("08", ("44", "35", "53"), 0.11),
            ("09", ("45", "54"), 0.11), ("10", ("55",), 0.01))


@functools.cache
def _algorithm() -> Algorithm:
    return load_algorithm(*EOD)


def _weighted(rng: random.Random, pairs: tuple[tuple[str, float], ...]) -> str:
    x = rng.random() * sum(w for _, w in pairs)
    for value, weight in pairs:
        x -= weight
        if x <= 0:
            return value
    return pairs[-1][0]


def select_schema(rng: random.Random, record: dict[str, str]) -> Schema | None:
    """The EOD schema the staging engine picks for ``record``; missing discriminators are set in ``record``."""
    algorithm = _algorithm()
    for _ in range(4):
        lookup = lookup_inputs(algorithm, record)
        if not (lookup.get("site") and lookup.get("hist")):
            return None
        found = algorithm.lookup_schema(lookup)
        if len(found) == 1:
            default = found[0].output_map.get("naaccr_schema_id")
            return eod_schemas().get(default.default or "") if default else None
        questions = algorithm.selector.questions(found, lookup, algorithm.context_values()) if found else ()
        question = next((q for q in questions if q.naaccr_xml_id and q.allowed_values), None)
        if question is None:
            return None
        record[question.naaccr_xml_id] = choice(rng, [v.code for v in question.allowed_values])  # type: ignore
    return None


def _number_in(rng: random.Random, low: str, high: str) -> str:
    """A value in a numeric range of a staging table, written like its bounds (width, decimals)."""
    decimals = len(low.partition(".")[2])
    value = rng.uniform(float(low), float(high)) if decimals else rng.randint(int(low), int(high))
    text = f"{value:.{decimals}f}" if decimals else str(value)
    return text.zfill(len(low)) if not decimals and low.startswith("0") else text


def any_code(rng: random.Random, codes: CodeSet) -> str:
    """A code from the table: a recorded value most often, else a special (X.., unknown) code."""
    numeric = [(lo, hi) for lo, hi in codes.ranges if lo.replace(".", "").isdigit() and hi.replace(".", "").isdigit()]
    plain = sorted(v for v in codes.values if v and "X" not in v)
    special = sorted(v for v in codes.values if v and "X" in v)
    x = rng.random()
    if numeric and (x < 0.6 or not plain):
        return _number_in(rng, *choice(rng, numeric))
    if plain and (x < 0.9 or not special):
        return choice(rng, plain)
    return choice(rng, special) if special else ""


def _breast(rng: random.Random, out: dict[str, str]) -> None:
    er = _weighted(rng, (("1", 0.80), ("0", 0.18), ("9", 0.02)))
    pr = ("1" if rng.random() < 0.85 else "0") if er == "1" else ("1" if rng.random() < 0.05 else "0")
    her2 = _weighted(rng, (("0", 0.82), ("1", 0.15), ("9", 0.03)))
    out.update(estrogenReceptorSummary=er, progesteroneRecepSummary=pr, her2OverallSummary=her2,
               estrogenReceptorPercntPosOrRange=_percent(rng, er), progesteroneRecepPrcntPosOrRange=_percent(rng, pr))


def _percent(rng: random.Random, summary: str) -> str:
    if summary == "0":
        return "000"
    if summary == "1":
        return f"{rng.randint(10, 100):03d}" if rng.random() < 0.8 else choice(rng, ("R70", "R80", "R90", "R99"))
    return "XX9"


def _prostate(rng: random.Random, out: dict[str, str]) -> None:
    psa = min(max(rng.lognormvariate(1.95, 0.8), 0.2), 999.9)
    score = _weighted(rng, tuple((g[0], g[2]) for g in _GLEASON))
    patterns = next(g[1] for g in _GLEASON if g[0] == score)
    examined = rng.choice((12, 12, 12, 14, 18, 6))
    out.update(psaLabValue=f"{psa:.1f}", gleasonScoreClinical=score, gleasonPatternsClinical=choice(rng, patterns),
               numberOfCoresExamined=f"{examined:02d}", numberOfCoresPositive=f"{rng.randint(1, examined):02d}",
               gleasonTertiaryPattern="X7", gleasonScorePathological=score)
    out["gleasonPatternsPathological"] = out["gleasonPatternsClinical"]


_SITE_SPECIFIC: dict[str, Callable[[random.Random, dict[str, str]], None]] = {"00480": _breast, "00580": _prostate}


def schema_items(rng: random.Random, record: Mapping[str, str], schema: Schema, year: int) -> dict[str, str]:
    """Values for the schema inputs that are required in ``year`` and missing, or present but invalid."""
    analytic = record.get("classOfCase", "") in ANALYTIC
    proposed: dict[str, str] = {k: "0" for k in _NO_NEOADJUVANT}
    fill = _SITE_SPECIFIC.get(schema.naaccr_schema_id)
    if fill:
        fill(rng, proposed)
    out: dict[str, str] = {}
    for item in schema.inputs:
        value = record.get(item.naaccr_id, "")
        codes = item.codes
        if codes is None or (value and value in codes):
            continue
        if not value and ("" in codes.values or not item.required_in(year, analytic)):
            continue
        wanted = proposed.get(item.naaccr_id)
        out[item.naaccr_id] = wanted if wanted is not None and wanted in codes else any_code(rng, codes)
    return out


def fill_schema_items(rng: random.Random, items: dict[str, str], sex: str, year: int) -> None:
    """Set discriminators, required SSDIs and grades, and valid schema codes on one 2018+ tumor (in place)."""
    if year < 2018:
        return
    record = {**items, "sex": sex, "sexAssignedAtBirth": sex}
    schema = select_schema(rng, record)
    items.update({k: v for k, v in record.items() if k not in ("sex", "sexAssignedAtBirth")})
    if schema is not None:
        items.update(schema_items(rng, items, schema, year))
