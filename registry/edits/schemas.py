"""Schema inputs of EOD Public 3.3 (SEER staging algorithm, dx 2018+) used by the SSDI edits.

Each schema (``schemas/<id>.json`` in ``data/eod_public-3.3.zip``) lists its inputs with the NAACCR XML id, the
validation table of allowed codes and the metadata naming the standard setters that require the item
(``COC_REQUIRED``, ``NPCR_REQUIRED``, ``SEER_REQUIRED``, ``CCCR_REQUIRED`` with optional start/end diagnosis
years, ``SEER_REQUIRED_WHEN_COC_ANALYTIC``). The schema is found by the NAACCR Schema ID (#3800), the default of
the schema's ``naaccr_schema_id`` output. Validation-table cells follow the staging cell syntax
(shared/docs/staging-edits-codes.md §1.2): comma lists of values and ``low-high`` ranges, numeric when both ends
are numbers, otherwise same-length string ranges.
"""

from __future__ import annotations

import functools
import io
import json
import zipfile
from dataclasses import dataclass
from importlib import resources

# Inputs checked by other edits (site, histology, behavior, date, reporting source) are not SSDI checks.
_NOT_SSDI = frozenset({"primarySite", "histologicTypeIcdO3", "behaviorCodeIcdO3", "dateOfDiagnosis",
                       "typeOfReportingSource", "ageAtDiagnosis", "sexAssignedAtBirth"})
AGENCY_FLAGS = ("COC_REQUIRED", "NPCR_REQUIRED", "SEER_REQUIRED", "CCCR_REQUIRED")
WHEN_ANALYTIC = "SEER_REQUIRED_WHEN_COC_ANALYTIC"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _numeric_in(value: str, low: str, high: str) -> bool:
    """Numeric range test; a decimal value never matches an integer-only range (staging cell syntax)."""
    if not _is_number(value) or ("." in value and "." not in low + high):
        return False
    return float(low) <= float(value) <= float(high)


@dataclass(frozen=True, slots=True)
class CodeSet:
    """Allowed codes of one validation table: exact values plus ranges."""

    values: frozenset[str]
    ranges: tuple[tuple[str, str], ...]

    def __contains__(self, value: str) -> bool:
        if value in self.values:
            return True
        for low, high in self.ranges:
            if _is_number(low) and _is_number(high):
                if _numeric_in(value, low, high):
                    return True
            elif len(value) == len(low) and low <= value <= high:
                return True
        return False


def parse_cells(cells: list[str]) -> CodeSet:
    values: set[str] = set()
    ranges: list[tuple[str, str]] = []
    for cell in cells:
        for part in (p.strip() for p in cell.split(",")):
            low, sep, high = part.partition("-")
            if sep and (len(low) == len(high) or (_is_number(low) and _is_number(high))):
                ranges.append((low.strip(), high.strip()))
            else:
                values.add(part)
    return CodeSet(frozenset(values), tuple(ranges))


@dataclass(frozen=True, slots=True)
class SchemaInput:
    naaccr_id: str
    name: str
    codes: CodeSet | None
    required: tuple[tuple[str, int, int], ...]  # (flag, first year, last year)

    def required_in(self, year: int, analytic: bool) -> bool:
        for flag, start, end in self.required:
            if start <= year <= end and (flag in AGENCY_FLAGS or (flag == WHEN_ANALYTIC and analytic)):
                return True
        return False


@dataclass(frozen=True, slots=True)
class Schema:
    id: str
    naaccr_schema_id: str
    name: str
    inputs: tuple[SchemaInput, ...]


def _requirements(metadata: list[dict]) -> tuple[tuple[str, int, int], ...]:
    return tuple((m["name"], int(m.get("start", 2018)), int(m.get("end", 9999)))
                 for m in metadata or () if m["name"] in AGENCY_FLAGS or m["name"] == WHEN_ANALYTIC)


def _code_set(zf: zipfile.ZipFile, table_id: str | None, key: str) -> CodeSet | None:
    if not table_id:
        return None
    table = json.loads(zf.read(f"tables/{table_id}.json"))
    columns = [i for i, c in enumerate(table["definition"]) if c["type"] == "INPUT"]
    if len(columns) != 1 or table["definition"][columns[0]]["key"] != key:
        return None  # not a plain code list (a decision table): no value check
    return parse_cells([row[columns[0]] for row in table["rows"]])


@functools.cache
def eod_schemas() -> dict[str, Schema]:
    """NAACCR Schema ID (e.g. "00480") -> its EOD Public 3.3 schema."""
    blob = (resources.files("registry.edits") / "data" / "eod_public-3.3.zip").read_bytes()
    schemas: dict[str, Schema] = {}
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        for name in zf.namelist():
            if not (name.startswith("schemas/") and name.endswith(".json")):
                continue
            data = json.loads(zf.read(name))
            sid = next((o.get("default") for o in data["outputs"] if o["key"] == "naaccr_schema_id"), None)
            if not sid:
                continue
            inputs = tuple(
                SchemaInput(i["naaccr_xml_id"], i.get("name", i["key"]), _code_set(zf, i.get("table"), i["key"]),
                            _requirements(i.get("metadata")))
                for i in data["inputs"] if i.get("naaccr_xml_id") and i["naaccr_xml_id"] not in _NOT_SSDI)
            schemas[sid] = Schema(data["id"], sid, data.get("name", data["id"]), inputs)
    return schemas
