"""Reading and loading population estimates (rate denominators) into the ``population`` table.

Two layouts are read:

* the SEER U.S. population file (seer.cancer.gov/popdata/popdic.html): fixed-width 26-byte records, year (1-4),
  state postal abbreviation (5-6), state FIPS (7-8), county FIPS (9-11), registry (12-13), race (14), origin (15),
  sex (16), age (17-18), population (19-26). Age is one of 19 groups (00 = 0, 01 = 1-4, ..., 18 = 85+) or, in
  the single-age files, 00..85 (85 = 85+); single ages are summed into the 19 groups.
* a simple CSV with a header: ``year, area, sex, race, age_group, population`` and optional ``county``,
  ``origin``, ``registry`` (``area`` is the state postal abbreviation; ``age_group`` 0..18 as above, or a
  label such as "1-4" or "85+").

Loading replaces the rows of every (year, state) the file covers, so a re-import never double counts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import delete, func, insert, select, tuple_
from sqlalchemy.orm import Session

from registry.reports.models import Population

AGE_LABELS = ("0", "1-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
              "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85+")
AGE_STARTS = (0, 1, *range(5, 90, 5))
SEER_RECORD_LENGTH = 26
_LABEL_INDEX = {label: i for i, label in enumerate(AGE_LABELS)} | {"<1": 0, "00": 0}


class PopulationFileError(ValueError):
    """The file cannot be read as population estimates; the message names the line and the problem."""


@dataclass(frozen=True)
class PopulationRow:
    year: int
    state: str
    county: str
    seer_registry: str
    race: str
    origin: str
    sex: str
    age_group: int
    population: int

    def key(self) -> tuple:
        return (self.year, self.state, self.county, self.race, self.origin, self.sex, self.age_group)


def age_group_of_single_age(age: int) -> int:
    """19-group index of a single year of age (0 -> 0, 1-4 -> 1, 5-9 -> 2, ..., 85+ -> 18)."""
    if age < 0:
        raise ValueError("age must not be negative")
    return 0 if age == 0 else min(age // 5 + 1, 18)


def _field(line: str, start: int, end: int, name: str, number: int, digits: bool = True) -> str:
    value = line[start:end]
    if digits and not value.isdigit():
        raise PopulationFileError(f"line {number}: {name} {value!r} is not a number")
    return value


def parse_seer(lines: Iterable[str], *, single_ages: bool | None = None) -> list[PopulationRow]:
    """Rows of a SEER fixed-width population file; ``single_ages`` None decides from the ages present."""
    raw = []
    for number, text in enumerate(lines, start=1):
        line = text.rstrip("\r\n")
        if not line.strip():
            continue
        if len(line) != SEER_RECORD_LENGTH:
            raise PopulationFileError(f"line {number}: a SEER population record is {SEER_RECORD_LENGTH} characters, "
                                      f"this one has {len(line)}")
        sex = _field(line, 15, 16, "sex", number)
        if sex not in ("1", "2"):
            raise PopulationFileError(f"line {number}: sex {sex!r} is not 1 (male) or 2 (female)")
        raw.append((int(_field(line, 0, 4, "year", number)), _field(line, 4, 6, "state", number, digits=False),
                    _field(line, 8, 11, "county FIPS", number), _field(line, 11, 13, "registry", number),
                    _field(line, 13, 14, "race", number), _field(line, 14, 15, "origin", number), sex,
                    int(_field(line, 16, 18, "age", number)), int(_field(line, 18, 26, "population", number))))
    if single_ages is None:
        single_ages = any(r[7] > 18 for r in raw)
    limit = 85 if single_ages else 18
    for r in raw:
        if r[7] > limit:
            raise PopulationFileError(f"age code {r[7]:02d} is outside 00-{limit:02d}")
    rows = (PopulationRow(y, st, co, reg, race, origin, sex,
                          age_group_of_single_age(age) if single_ages else age, pop)
            for y, st, co, reg, race, origin, sex, age, pop in raw)
    return merge_rows(rows)


def _csv_age(value: str, number: int) -> int:
    text = value.strip()
    if text in _LABEL_INDEX:
        return _LABEL_INDEX[text]
    if text.isdigit() and int(text) <= 18:
        return int(text)
    raise PopulationFileError(f"line {number}: age_group {value!r} is not 0-18 or a label such as '1-4' or '85+'")


def _csv_row(rec: dict[str, str], number: int) -> PopulationRow:
    def get(name: str, default: str | None = None) -> str:
        value = (rec.get(name) or "").strip()
        if not value and default is None:
            raise PopulationFileError(f"line {number}: {name} is empty")
        return value or (default or "")

    sex = get("sex")
    if sex not in ("1", "2"):
        raise PopulationFileError(f"line {number}: sex {sex!r} is not 1 (male) or 2 (female)")
    try:
        year, pop = int(get("year")), int(float(get("population")))
    except ValueError as exc:
        raise PopulationFileError(f"line {number}: year and population must be numbers") from exc
    if pop < 0:
        raise PopulationFileError(f"line {number}: population must not be negative")
    county = (rec.get("county") or "").strip()
    return PopulationRow(year, get("area").upper()[:2], county.zfill(3) if county else "", get("registry", "99"),
                         get("race"), get("origin", "9"), sex, _csv_age(get("age_group"), number), pop)


def parse_csv(text: str) -> list[PopulationRow]:
    """Rows of the simple CSV layout (see the module docstring)."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"year", "area", "sex", "race", "age_group", "population"} - set(reader.fieldnames or ())
    if missing:
        raise PopulationFileError(f"the CSV header lacks {', '.join(sorted(missing))}")
    return merge_rows(_csv_row(rec, number) for number, rec in enumerate(reader, start=2))


def merge_rows(rows: Iterable[PopulationRow]) -> list[PopulationRow]:
    """Sum rows that fall in the same cell (single ages summed into age groups)."""
    cells: dict[tuple, PopulationRow] = {}
    for row in rows:
        seen = cells.get(row.key())
        if seen is not None:
            row = replace(row, population=seen.population + row.population)
        cells[row.key()] = row
    return list(cells.values())


def read_population_file(path: str | Path, fmt: str = "auto") -> list[PopulationRow]:
    """Parse a population file; ``fmt`` is "seer", "csv" or "auto" (CSV when the first line has commas)."""
    text = Path(path).read_text(encoding="latin-1")
    if fmt == "auto":
        first = text.lstrip().split("\n", 1)[0]
        fmt = "csv" if "," in first else "seer"
    if fmt == "csv":
        return parse_csv(text)
    if fmt == "seer":
        return parse_seer(text.splitlines())
    raise ValueError(f"unknown population file format {fmt!r}; use seer, csv or auto")


def load_population(session: Session, rows: Iterable[PopulationRow | dict], batch: int = 5000) -> int:
    """Replace the population of each (year, state) in ``rows`` with ``rows``; returns rows written.

    Accepts :class:`PopulationRow` or dicts with the model's columns (``area`` may stand for ``state``, as in
    ``registry.demo.population.generate_population``). The caller commits.
    """
    items = [_as_row(r) for r in rows]
    covered = sorted({(r.year, r.state) for r in items})
    if covered:
        session.execute(delete(Population).where(tuple_(Population.year, Population.state).in_(covered)))
    for start in range(0, len(items), batch):
        session.execute(insert(Population), [r.__dict__ for r in items[start:start + batch]])
    return len(items)


def _as_row(row: PopulationRow | dict) -> PopulationRow:
    if isinstance(row, PopulationRow):
        return row
    registry = row.get("seer_registry") or row.get("registry") or "99"
    return PopulationRow(year=int(row["year"]), state=str(row.get("state") or row["area"]),
                         county=str(row.get("county") or ""), seer_registry=str(registry),
                         race=str(row["race"]), origin=str(row.get("origin") or "9"), sex=str(row["sex"]),
                         age_group=int(row["age_group"]), population=int(row["population"]))


def population_summary(session: Session) -> list[dict[str, object]]:
    """Per state and year: total population and how many rows, for the reports pages and the CLI."""
    query = (select(Population.state, Population.year, func.sum(Population.population), func.count())
             .group_by(Population.state, Population.year).order_by(Population.state, Population.year))
    return [{"state": s, "year": y, "population": int(p), "rows": int(n)} for s, y, p, n in session.execute(query)]


def iter_states(session: Session) -> Iterator[str]:
    """States that have population estimates."""
    yield from session.scalars(select(Population.state).distinct().order_by(Population.state))
