"""Reading and checking a death file for death clearance (methods-and-standards.md section 4.3).

Expected layout: a CSV file (UTF-8, comma-separated, first line a header; column names are matched without regard
to case, spaces or hyphens, and columns may come in any order):

=================  ========  ====================================================================================
column             needed    content
=================  ========  ====================================================================================
last_name          yes       surname at death; must not be blank
first_name         yes       given name (may be blank)
middle_name        no        middle name or initial
date_of_birth      yes       YYYYMMDD, YYYY-MM-DD, YYYYMM or YYYY (may be blank)
sex                yes       M / F / U or the NAACCR codes 1 / 2 / 9 (may be blank)
ssn                yes       9 digits, dashes allowed (may be blank; 000000000 and 999999999 mean unknown)
date_of_death      yes       YYYYMMDD or YYYY-MM-DD; must be a real date, not before the birth date
underlying_cause   yes       ICD-10 code of the underlying cause, with or without the dot (C34.9 or C349)
certificate_number no        the state's death certificate number
place_of_death     no        free text (facility, county or state)
=================  ========  ====================================================================================

``read_death_file`` returns a frame of normalised values (names upper-case letters only, dates as NAACCR
YYYYMMDD strings, sex as NAACCR codes, SSN 9 digits or "", cause without the dot) with the file ``line`` of
each record, or raises ``DeathFileError`` listing every problem with its line number.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

import pandas as pd

REQUIRED = ("last_name", "first_name", "date_of_birth", "sex", "ssn", "date_of_death", "underlying_cause")
OPTIONAL = ("middle_name", "certificate_number", "place_of_death")
SEX_CODES = {"M": "1", "MALE": "1", "1": "1", "F": "2", "FEMALE": "2", "2": "2", "U": "9", "9": "9", "": "9"}
UNKNOWN_SSN = {"000000000", "999999999"}
_ICD10 = re.compile(r"[A-Z]\d{2}(\.?[0-9X])?")
_DATE = re.compile(r"(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?")


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.message}"


class DeathFileError(ValueError):
    """The death file was refused; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"the death file has {len(problems)} problem(s):\n{shown}{more}")


def _key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _name(value: str) -> str:
    return re.sub(r"[^A-Z]", "", value.upper())


def _date(value: str, full: bool) -> str | None:
    """NAACCR date string for an accepted date, None when malformed or impossible."""
    match = _DATE.fullmatch(value)
    if not match or (full and not match.group(3)):
        return None
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return year + (month or "") + (day or "")


def _record(row: dict[str, str], line: int, today: date) -> tuple[dict[str, str], list[Problem]]:
    problems: list[Problem] = []
    out = {"line": str(line)}

    def problem(column: str, message: str) -> None:
        problems.append(Problem(line, column, message))

    out["last_name"] = _name(row["last_name"])
    if not out["last_name"]:
        problem("last_name", "the surname is blank")
    out["first_name"] = _name(row["first_name"])
    out["middle_name"] = _name(row.get("middle_name", ""))
    born = row["date_of_birth"]
    out["date_of_birth"] = _date(born, full=False) if born else ""
    if out["date_of_birth"] is None:
        problem("date_of_birth", f"{born!r} is not a date (YYYYMMDD, YYYY-MM-DD, YYYYMM or YYYY)")
    died = row["date_of_death"]
    out["date_of_death"] = _date(died, full=True) or ""
    if not out["date_of_death"]:
        problem("date_of_death", f"{died!r} is not a full date (YYYYMMDD or YYYY-MM-DD)" if died else "blank")
    elif out["date_of_death"] > today.strftime("%Y%m%d"):
        problem("date_of_death", f"{died} is in the future")
    elif out["date_of_birth"] and out["date_of_death"] < out["date_of_birth"]:
        problem("date_of_death", f"{died} is before the date of birth {born}")
    sex = row["sex"].upper()
    out["sex"] = SEX_CODES.get(sex, "")
    if not out["sex"]:
        problem("sex", f"{row['sex']!r} is not M, F, U, 1, 2 or 9")
    ssn = row["ssn"].replace("-", "").replace(" ", "")
    if ssn and not re.fullmatch(r"\d{9}", ssn):
        problem("ssn", f"{row['ssn']!r} is not 9 digits")
    out["ssn"] = "" if ssn in UNKNOWN_SSN else ssn
    cause = row["underlying_cause"].upper()
    if cause and not _ICD10.fullmatch(cause):
        problem("underlying_cause", f"{row['underlying_cause']!r} is not an ICD-10 code such as C34.9")
    out["underlying_cause"] = cause.replace(".", "")
    out["certificate_number"] = row.get("certificate_number", "")
    out["place_of_death"] = row.get("place_of_death", "")
    return out, problems


def read_death_file(source: str | Path | IO[str], today: date | None = None) -> pd.DataFrame:
    """Read, check and normalise a death file (see the module docstring for the columns)."""
    if isinstance(source, (str, Path)):
        with open(source, encoding="utf-8-sig", newline="") as handle:
            return read_death_file(io.StringIO(handle.read()), today)
    reader = csv.reader(source)
    header = next(reader, None)
    if header is None:
        raise DeathFileError([Problem(1, "header", "the file is empty")])
    keys = [_key(h.lstrip("\ufeff")) for h in header]
    missing = [c for c in REQUIRED if c not in keys]
    if missing:
        raise DeathFileError([Problem(1, "header", f"missing column(s): {', '.join(missing)}")])
    records, problems = [], []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(keys):
            problems.append(Problem(reader.line_num, "row", f"{len(values)} fields where the header has {len(keys)}"))
            continue
        row = {k: v.strip() for k, v in zip(keys, values, strict=True)}
        record, found = _record(row, reader.line_num, today or date.today())
        records.append(record)
        problems.extend(found)
    if problems:
        raise DeathFileError(problems)
    columns = ["line", *REQUIRED, *OPTIONAL]
    return pd.DataFrame(records, columns=columns, dtype="string")
