"""Coding help: ICD-O-3 pickers, the SEER site/type validity check, and the staging schema of a tumor.

* Topography terms are the NAACCR/SEER lookup of Primary Site [400]; morphology terms are the ICD-O-3
  histology lookup with every term (preferred and synonyms), behavior included.
* Site/type validity: the SEER ICD-O-3 Site/Histology Validation List (the table behind SEER edit IF25), as
  shipped by the edits package.
* Staging: the schema selected by the algorithm for the year of diagnosis (EOD 2018+, CS 2004-2015), its
  discriminator questions when several schemas match, and the schema's inputs (site-specific data items).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from registry.abstracting.fields import field_specs, spec_for
from registry.naaccr import lookups

MAX_MATCHES = 25
# Inputs every schema reads from the Cancer Identification section: not repeated as site-specific items.
_BASIC_INPUTS = frozenset({"dateOfDiagnosis", "primarySite", "histologicTypeIcdO3", "behaviorCodeIcdO3",
                           "sexAssignedAtBirth", "ageAtDiagnosis", "typeOfReportingSource"})


def _words_match(words: list[str], text: str) -> bool:
    lowered = text.lower()
    return all(w in lowered for w in words)


def search_topography(query: str, limit: int = MAX_MATCHES) -> list[dict[str, str]]:
    """Primary site codes by code prefix ("C50", "504") or by words of the term ("upper outer breast")."""
    query = query.strip()
    if not query:
        return []
    table = lookups.codes("primarySite") or {}
    code = query.upper().replace(".", "")
    code = code if code.startswith("C") else "C" + code
    if code[1:].isdigit():
        hits = [(c, t) for c, t in table.items() if c.startswith(code)]
    else:
        words = query.lower().split()
        hits = [(c, t) for c, t in table.items() if _words_match(words, t)]
    return [{"code": c, "term": t} for c, t in hits[:limit]]


@functools.cache
def _morphology_terms() -> tuple[tuple[str, str, str, bool], ...]:
    seen: set[tuple[str, str, str]] = set()
    terms = []
    for hist, beh, term, preferred in lookups.histology_terms():
        if (hist, beh, term) not in seen:
            seen.add((hist, beh, term))
            terms.append((hist, beh, term, preferred))
    return tuple(terms)


def search_histology(query: str, limit: int = MAX_MATCHES) -> list[dict[str, object]]:
    """ICD-O-3 morphology terms by code ("8500", "8500/3", "85") or words ("ductal carcinoma")."""
    query = query.strip()
    if not query:
        return []
    compact = query.replace("/", "")
    if compact.isdigit():
        hist, beh = compact[:4], compact[4:5]
        hits = [t for t in _morphology_terms() if t[0].startswith(hist) and (not beh or t[1] == beh)]
        hits.sort(key=lambda t: (t[0], t[1], not t[3]))
    else:
        words = query.lower().split()
        hits = [t for t in _morphology_terms() if _words_match(words, t[2])]
        hits.sort(key=lambda t: (not t[3], len(t[2])))
    return [{"histology": h, "behavior": b, "term": term, "preferred": p} for h, b, term, p in hits[:limit]]


def _site_type_pairs() -> frozenset[str]:
    from registry.edits.tables import site_histology_pairs

    return site_histology_pairs()


def site_type_warning(site: str, histology: str, behavior: str) -> str | None:
    """A warning when the combination is not on the SEER Site/Histology Validation List (None when valid).

    The list covers malignant and in situ behavior (2, 3); other behaviors are not checked.
    """
    if not (site and histology and behavior) or behavior not in ("2", "3"):
        return None
    if f"{site}{histology}{behavior}" in _site_type_pairs():
        return None
    return (f"{site} with {histology}/{behavior} is not on the SEER site/type list: check the codes, or document the "
            "combination and set the Site/Type over-ride")


@dataclass
class StagingHelp:
    """What the screen shows about staging once site and histology are known."""

    algorithm: str = ""
    status: str = ""
    schema_id: str | None = None
    schema_name: str | None = None
    questions: list[dict] = field(default_factory=list)
    needed: list[dict] = field(default_factory=list)  # inputs on the main form: id, name
    site_specific: list[dict] = field(default_factory=list)  # other inputs: field spec JSON + flags

    def as_json(self) -> dict:
        return dict(self.__dict__)


def _input_entry(item, on_form: bool) -> dict | None:
    spec = spec_for(item.naaccr_xml_id) if item.naaccr_xml_id else None
    if spec is None:
        return None
    flags = sorted({m.name for m in item.metadata})
    entry = {"id": spec.id, "name": spec.name, "number": spec.number, "staging": item.used_for_staging,
             "required": [f.removesuffix("_REQUIRED") for f in flags if f.endswith("_REQUIRED")]}
    return entry if on_form else {**spec.as_json(), **entry}


def staging_help(record: Mapping[str, str]) -> StagingHelp:
    """The schema for the record's year, site and histology, its questions and the items it needs."""
    from registry.staging.engine import load_algorithm
    from registry.staging.naaccr_mapping import algorithms_for_year, diagnosis_year, lookup_inputs

    help_ = StagingHelp()
    algorithms = algorithms_for_year(diagnosis_year(record))
    if not algorithms:
        help_.status = "No staging algorithm applies to this year of diagnosis (or the date is missing)."
        return help_
    algorithm = load_algorithm(*algorithms[0])
    help_.algorithm = f"{algorithm.name} {algorithm.version}"
    lookup = lookup_inputs(algorithm, record)
    if not (lookup.get("site") and lookup.get("hist")):
        help_.status = "Code the primary site and histology to select a staging schema."
        return help_
    schemas = algorithm.lookup_schema(lookup)
    if not schemas:
        help_.status = "No staging schema matches this site and histology."
        return help_
    if len(schemas) > 1:
        questions = algorithm.selector.questions(schemas, lookup, algorithm.context_values())
        help_.status = "Several schemas match: answer the schema discriminator to choose one."
        help_.questions = [{"id": q.naaccr_xml_id, "question": q.question,
                            "codes": [[v.code, v.description] for v in q.allowed_values]} for q in questions]
        return help_
    schema = schemas[0]
    help_.schema_id, help_.schema_name, help_.status = schema.id, schema.name, "Schema selected."
    on_form = field_specs()
    for item in schema.inputs:
        if not item.naaccr_xml_id or item.naaccr_xml_id in _BASIC_INPUTS:
            continue
        entry = _input_entry(item, item.naaccr_xml_id in on_form)
        if entry is not None:
            (help_.needed if item.naaccr_xml_id in on_form else help_.site_specific).append(entry)
    return help_
