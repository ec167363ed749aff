"""Derive a NAACCR record's staging items with the staging algorithm that applies to its year.

A record is a flat mapping of NAACCR XML ids to NAACCR code strings (Patient and Tumor items
together). Inputs are read through each schema input's ``naaccr_xml_id`` (as given in the algorithm
files); outputs are written back through each output's ``naaccr_xml_id`` (NAACCR v26 dictionary).

Algorithm by year of diagnosis (``staging-edits-codes.md`` §1.1):

* 2018 and later: EOD Public 3.3 (Schema ID, Derived Summary Stage 2018, Derived Summary Grade 2018,
  Derived Rai Stage); the algorithm version goes to Schema ID Version Current [2117] (and Original
  [2118] when still blank);
* 2024 and later, in addition: Pediatric 1.3 (Toronto staging; Pediatric ID, Toronto T/N/M/stage
  group, Derived Pediatric T/N/M/stage group; version to Pediatric ID Version Current/Original). The
  algorithm's own selection sends adult cases to schema ``adult_other_non_pediatric`` (ID ``XX``);
* 2004-2015: Collaborative Stage 02.05.50 (Derived AJCC 6th/7th T/N/M/descriptors/stage group,
  Derived SS1977/SS2000, CS Version Derived; Derived AJCC/SS1977/SS2000 flags = 1, "derived from CS");
* other years (2016-2017 TNM era, before 2004, unknown): nothing is derived.

A blank NAACCR item is not passed to the algorithm, so the schema default applies. When staging
fails, the algorithm's derived items are blanked (Schema ID kept when a schema was selected).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from registry.naaccr.dictionary import base_dictionary
from registry.staging.engine import YEAR_DX, Algorithm, load_algorithm
from registry.staging.results import StagingResult
from registry.staging.schemas import Output, Schema

EOD = ("eod_public", "3.3")
CS = ("cs", "02.05.50")
PEDIATRIC = ("pediatric", "1.3")
EOD_FIRST_YEAR = 2018
PEDIATRIC_FIRST_YEAR = 2024
CS_YEARS = range(2004, 2016)
CS_FLAGS = ("derivedAjccFlag", "derivedSs1977Flag", "derivedSs2000Flag")
SCHEMA_ID = "schemaId"
# fallbacks for items renamed between NAACCR versions (v26 replaced sex [220] by sexAssignedAtBirth [225])
_FALLBACK_ITEMS = {"sexAssignedAtBirth": "sex"}


@dataclass(frozen=True)
class _VersionItems:
    current: str
    original: str


_VERSION_ITEMS = {
    EOD[0]: _VersionItems("schemaIdVersionCurrent", "schemaIdVersionOriginal"),
    PEDIATRIC[0]: _VersionItems("pediatricIdVersionCurrent", "pediatricIdVersionOriginal"),
}


def diagnosis_year(record: Mapping[str, str | None]) -> int | None:
    """Year of Date of Diagnosis [390] (``YYYY``, ``YYYYMM`` or ``YYYYMMDD``); None when unknown."""
    text = (record.get("dateOfDiagnosis") or "").strip()[:4]
    return int(text) if len(text) == 4 and text.isdigit() and text != "9999" else None


def algorithms_for_year(year: int | None) -> list[tuple[str, str]]:
    """(name, version) of the algorithms to run, in order, for a year of diagnosis."""
    if year is None:
        return []
    if year >= EOD_FIRST_YEAR:
        return [EOD, PEDIATRIC] if year >= PEDIATRIC_FIRST_YEAR else [EOD]
    return [CS] if year in CS_YEARS else []


def _item_value(record: Mapping[str, str | None], xml_id: str) -> str:
    value = record.get(xml_id) or ""
    if not value.strip() and xml_id in _FALLBACK_ITEMS:
        value = record.get(_FALLBACK_ITEMS[xml_id]) or ""
    return value


def _value_for(record: Mapping[str, str | None], key: str, xml_id: str | None) -> str:
    if key == YEAR_DX:
        year = diagnosis_year(record)
        return "" if year is None else str(year)
    return _item_value(record, xml_id) if xml_id else ""


@functools.lru_cache(maxsize=16)
def _lookup_xml_ids(algorithm: Algorithm) -> dict[str, str | None]:
    xml_ids: dict[str, str | None] = {}
    for schema_id in algorithm.schema_ids:
        for item in algorithm.schema(schema_id).inputs:
            if item.key in algorithm.selector.lookup_keys:
                xml_ids.setdefault(item.key, item.naaccr_xml_id)
    return xml_ids


def lookup_inputs(algorithm: Algorithm, record: Mapping[str, str | None]) -> dict[str, str]:
    """The schema-selection keys (site, hist, discriminators) read from the record, blanks left out."""
    values = {key: _value_for(record, key, xml_id) for key, xml_id in _lookup_xml_ids(algorithm).items()}
    return {key: value for key, value in values.items() if value.strip()}


def schema_inputs(schema: Schema, record: Mapping[str, str | None]) -> dict[str, str]:
    """Every input of the schema read from the record through its NAACCR XML id, blanks left out."""
    values = {item.key: _value_for(record, item.key, item.naaccr_xml_id) for item in schema.inputs}
    return {key: value for key, value in values.items() if value.strip()}


def record_inputs(algorithm: Algorithm, record: Mapping[str, str | None]) -> dict[str, str]:
    """Algorithm inputs for a record: the selected schema's inputs, or the lookup keys if none/ambiguous."""
    lookup = lookup_inputs(algorithm, record)
    schemas = algorithm.lookup_schema(lookup) if lookup.get("site") and lookup.get("hist") else []
    return schema_inputs(schemas[0], record) if len(schemas) == 1 else lookup


@functools.lru_cache(maxsize=4096)
def _output_xml_id(output: Output) -> str | None:
    """The output's NAACCR XML id, resolved by item number when the file's id is not in the dictionary."""
    dictionary = base_dictionary("260")
    if output.naaccr_xml_id and output.naaccr_xml_id in dictionary:
        return output.naaccr_xml_id
    item = dictionary.by_number(output.naaccr_item) if output.naaccr_item else None
    return item.naaccr_id if item else None


@functools.lru_cache(maxsize=16)
def _all_outputs(algorithm: Algorithm) -> dict[str, str]:
    """Output key -> NAACCR XML id over every schema of the algorithm."""
    found: dict[str, str] = {}
    for schema_id in algorithm.schema_ids:
        for output in algorithm.schema(schema_id).outputs:
            xml_id = _output_xml_id(output)
            if xml_id:
                found.setdefault(output.key, xml_id)
    return found


def output_updates(algorithm: Algorithm, result: StagingResult, record: Mapping[str, str | None]) -> dict[str, str]:
    """NAACCR items to write for a result: outputs when staged, blanks (Schema ID kept) otherwise."""
    updates = {xml_id: "" for xml_id in _all_outputs(algorithm).values()}
    if result.staged:
        schema = algorithm.schema(result.schema_id or "")
        for output in schema.outputs:
            xml_id = _output_xml_id(output)
            if xml_id:
                updates[xml_id] = result.output.get(output.key, "")
    elif result.schema_id and SCHEMA_ID in updates:
        default = algorithm.schema(result.schema_id).output_map.get("naaccr_schema_id")
        updates[SCHEMA_ID] = (default.default or "") if default else ""
    updates.update(_version_updates(algorithm, result, record))
    return updates


def _version_updates(algorithm: Algorithm, result: StagingResult, record: Mapping[str, str | None]) -> dict[str, str]:
    if algorithm.name == CS[0]:
        return {flag: "1" if result.staged else "" for flag in CS_FLAGS}
    items = _VERSION_ITEMS.get(algorithm.name)
    if items is None or not result.staged:
        return {}
    version = result.output.get("derived_version") or algorithm.version
    updates = {items.current: version}
    if not (record.get(items.original) or "").strip():
        updates[items.original] = version
    return updates


def derive_with(algorithm: Algorithm, record: Mapping[str, str | None]) -> tuple[dict[str, str], StagingResult]:
    """Stage a record with one algorithm; returns (NAACCR updates, result)."""
    result = algorithm.stage(record_inputs(algorithm, record))
    return output_updates(algorithm, result, record), result


def derive_all_for_record(
    record: Mapping[str, str | None],
) -> tuple[dict[str, str], list[tuple[Algorithm, StagingResult]]]:
    """Run every algorithm that applies to the record's year, each seeing the previous one's updates."""
    updates: dict[str, str] = {}
    results: list[tuple[Algorithm, StagingResult]] = []
    for name, version in algorithms_for_year(diagnosis_year(record)):
        algorithm = load_algorithm(name, version)
        found, result = derive_with(algorithm, {**record, **updates})
        updates.update(found)
        results.append((algorithm, result))
    return updates, results


def derive_for_record(record: Mapping[str, str | None]) -> tuple[dict[str, str], StagingResult | None]:
    """NAACCR item updates for a record and the main result (EOD or CS); None when no algorithm applies.

    Pediatric updates (2024+) are included in the updates; use :func:`derive_all_for_record` to see
    the pediatric result as well.
    """
    updates, results = derive_all_for_record(record)
    return updates, (results[0][1] if results else None)
