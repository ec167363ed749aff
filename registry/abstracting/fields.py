"""What each field of the abstract screen is, and how a typed value is checked.

One :class:`FieldSpec` per NAACCR item of the screen (``sections.SECTIONS``), built from the NAACCR v26
base dictionary (name, item number, level, length, data type, padding) and the SEER/IMS code lookups
(allowed codes with labels). The same description is served as JSON to the browser, which checks as
the registrar types; the server checks again on save with :func:`check_value`.

Data types follow the NAACCR XML specification 1.8 (``dataType``): ``digits`` 0-9 only, ``alpha`` A-Z,
``mixed`` A-Z and 0-9, ``numeric`` a number with an optional decimal point, ``date`` YYYYMMDD with the
partial forms YYYYMM and YYYY, ``text`` anything. Code lists may hold ranges such as ``002-988``
(Tumor Size Summary). Values of ``leftZero`` items are padded with zeros (race ``1`` -> ``01``), as
NAACCR's padding rule for those items says.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from registry.abstracting.sections import SECTIONS
from registry.naaccr import lookups
from registry.naaccr.dates import is_valid_naaccr_date
from registry.naaccr.dictionary import current

# Lookups that are examples rather than the full code list: shown as suggestions, never enforced.
# countyAtDx's lookup lists one state's counties; causeOfDeath holds ICD-10 only (ICD-7..9 codes are valid too).
ADVISORY_LOOKUPS = frozenset({"countyAtDx", "causeOfDeath"})
# Items the staging algorithm writes on save (EOD/CS outputs): shown read-only.
DERIVED_ITEMS = frozenset({
    "schemaId", "derivedSummaryStage2018", "derivedSummaryGrade2018", "derivedEod2018T", "derivedEod2018N",
    "derivedEod2018M", "derivedEod2018StageGroup",
})
# Lists longer than this are searched through a picker or suggestions, not listed beside the field.
SHORT_LIST = 40

_PATTERNS = {
    "digits": (re.compile(r"\d+"), "digits only (0-9)"),
    "alpha": (re.compile(r"[A-Z]+"), "capital letters only (A-Z)"),
    "mixed": (re.compile(r"[A-Z0-9]+"), "capital letters and digits only"),
    "numeric": (re.compile(r"-?\d+(\.\d+)?"), "a number"),
}


@dataclass(frozen=True)
class FieldSpec:
    id: str
    number: int
    name: str
    level: str
    length: int
    data_type: str
    left_zero: bool
    section: str
    codes: dict[str, str] | None
    strict: bool
    derived: bool

    @property
    def multiline(self) -> bool:
        return self.length > 100

    @property
    def short_list(self) -> bool:
        return bool(self.codes) and len(self.codes) <= SHORT_LIST

    def as_json(self) -> dict:
        """The browser's copy: enough to check length, type and code as the registrar types."""
        out: dict = {"id": self.id, "number": self.number, "name": self.name, "level": self.level,
                     "length": self.length, "type": self.data_type, "leftZero": self.left_zero,
                     "derived": self.derived, "strict": self.strict}
        if self.codes is not None and len(self.codes) <= 2000:
            out["codes"] = self.codes
        return out


@dataclass(frozen=True)
class Problem:
    """A value that does not fit its item. ``blocking`` problems cannot be stored; the others are warnings."""

    item: str
    kind: str  # length, type, date, code
    message: str

    @property
    def blocking(self) -> bool:
        return self.kind != "code"


@functools.lru_cache(maxsize=2048)
def spec_for(naaccr_id: str, section: str = "stage") -> FieldSpec | None:
    """The spec of any Patient- or Tumor-level v26 item (site-specific items are added to the screen by schema)."""
    item = current().get(naaccr_id)
    if item is None or item.level not in ("Patient", "Tumor"):
        return None
    return FieldSpec(
        id=naaccr_id, number=item.number, name=item.name, level=item.level, length=item.length,
        data_type=item.data_type, left_zero=item.padding == "leftZero", section=section,
        codes=lookups.codes(naaccr_id), strict=naaccr_id not in ADVISORY_LOOKUPS,
        derived=naaccr_id in DERIVED_ITEMS,
    )


@functools.cache
def field_specs() -> dict[str, FieldSpec]:
    """Every field of the screen's sections, in form order."""
    return {naaccr_id: spec_for(naaccr_id, section) for section, _title, ids in SECTIONS for naaccr_id in ids}


def normalize(spec: FieldSpec, raw: str | None) -> str:
    """Trim, upper-case a code typed in lower case, and zero-pad ``leftZero`` digit items."""
    value = (raw or "").strip()
    if not value:
        return ""
    if spec.codes and value not in spec.codes and value.upper() in spec.codes:
        value = value.upper()
    if spec.data_type in ("alpha", "mixed"):
        value = value.upper()
    if spec.left_zero and value.isdigit() and len(value) < spec.length:
        value = value.zfill(spec.length)
    return value


def _in_codes(codes: dict[str, str], value: str) -> bool:
    if value in codes:
        return True
    for key in codes:
        low, sep, high = key.partition("-")
        if sep and len(low) == len(high) == len(value) and value.isdigit() and low <= value <= high:
            return True
    return False


def check_value(spec: FieldSpec, value: str) -> Problem | None:
    """The first problem of a (normalized) value: length, then type or date form, then allowed code."""
    if not value:
        return None
    if len(value) > spec.length:
        return Problem(spec.id, "length", f"{spec.name} holds at most {spec.length} characters")
    if spec.data_type == "date":
        if not is_valid_naaccr_date(value):
            return Problem(spec.id, "date", f"{spec.name} must be a date YYYYMMDD, YYYYMM or YYYY")
    elif spec.data_type in _PATTERNS:
        pattern, wording = _PATTERNS[spec.data_type]
        if not pattern.fullmatch(value):
            return Problem(spec.id, "type", f"{spec.name} takes {wording}")
    if spec.codes and spec.strict and not _in_codes(spec.codes, value):
        return Problem(spec.id, "code", f"{value} is not a code of {spec.name}")
    return None


def read_form(form, *, include_derived: bool = False) -> tuple[dict[str, str], list[Problem]]:
    """The screen's items from a posted form (normalized), and every problem found in them.

    Only fields present in the form are returned, so a partial post changes only what it names. Besides the
    sections' fields, any other posted Patient/Tumor item of the dictionary (site-specific items) is read.
    """
    values: dict[str, str] = {}
    problems: list[Problem] = []
    specs = field_specs()
    extra = [spec for key in form if key not in specs and (spec := spec_for(key)) is not None]
    for spec in (*specs.values(), *extra):
        naaccr_id = spec.id
        if naaccr_id not in form or (spec.derived and not include_derived):
            continue
        value = normalize(spec, form.get(naaccr_id))
        values[naaccr_id] = value
        if problem := check_value(spec, value):
            problems.append(problem)
    return values, problems


def specs_json() -> dict[str, dict]:
    return {k: s.as_json() for k, s in field_specs().items()}
