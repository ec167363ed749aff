"""First-match decision rows shared by the SEER site recode, ICCC and AYA site recode tables.

Each published SEER table is an ordered list of rows; a tumor takes the recode of the first row
whose conditions all hold (SEER site recode definition pages, "recode is assigned in table order").
A condition that is absent from a row does not restrict it.  Inclusion and exclusion lists may both
be present on one row; both must then hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from registry.recodes.ranges import EMPTY, CodeRanges


@dataclass(frozen=True)
class RecodeRow:
    """One executable row of a recode table."""

    code: str
    label: str
    site_in: CodeRanges = EMPTY
    site_out: CodeRanges = EMPTY
    hist_in: CodeRanges = EMPTY
    hist_out: CodeRanges = EMPTY
    beh_in: CodeRanges = EMPTY
    year_min: int | None = None
    year_max: int | None = None

    def matches(self, site: int, hist: int, beh: int | None, year: int | None) -> bool:
        """True when every condition of the row holds for the tumor."""
        if self.site_in and site not in self.site_in:
            return False
        if self.site_out and site in self.site_out:
            return False
        if self.hist_in and hist not in self.hist_in:
            return False
        if self.hist_out and hist in self.hist_out:
            return False
        if self.beh_in and (beh is None or beh not in self.beh_in):
            return False
        return self._year_ok(year)

    def _year_ok(self, year: int | None) -> bool:
        if self.year_min is None and self.year_max is None:
            return True
        if year is None:
            return False
        return (self.year_min is None or year >= self.year_min) and (self.year_max is None or year <= self.year_max)

    @property
    def year_bounded(self) -> bool:
        return self.year_min is not None or self.year_max is not None


@dataclass(frozen=True)
class GroupEntry:
    """A line of a recode's published hierarchy, for ordered report listings.

    ``code`` is None for heading lines that only group other recodes.
    """

    label: str
    level: int
    code: str | None


_BY_SITE: dict[tuple[int, int], tuple[RecodeRow, ...]] = {}
_BY_HIST: dict[tuple[int, int], tuple[RecodeRow, ...]] = {}


def _rows_for_site(rows: tuple[RecodeRow, ...], site: int) -> tuple[RecodeRow, ...]:
    """The rows whose site conditions admit ``site``, in table order (memoised per table and site)."""
    key = (id(rows), site)
    found = _BY_SITE.get(key)
    if found is None:
        found = _BY_SITE[key] = tuple(r for r in rows if (not r.site_in or site in r.site_in)
                                      and not (r.site_out and site in r.site_out))
    return found


def _rows_for_hist(rows: tuple[RecodeRow, ...], hist: int) -> tuple[RecodeRow, ...]:
    """The rows whose histology conditions admit ``hist``, in table order (memoised per table and code)."""
    key = (id(rows), hist)
    found = _BY_HIST.get(key)
    if found is None:
        found = _BY_HIST[key] = tuple(r for r in rows if (not r.hist_in or hist in r.hist_in)
                                      and not (r.hist_out and hist in r.hist_out))
    return found


def first_match(rows: tuple[RecodeRow, ...], site: int, hist: int, beh: int | None,
                year: int | None) -> RecodeRow | None:
    """The first row matching the tumor, or None.

    Both prefiltered lists keep table order, so scanning the shorter one with the full condition gives
    the same first match as scanning the whole table.  ``rows`` must be a table kept alive by its module
    (the indexes are keyed by the tuple's identity).
    """
    by_site, by_hist = _rows_for_site(rows, site), _rows_for_hist(rows, hist)
    for row in by_site if len(by_site) <= len(by_hist) else by_hist:
        if row.matches(site, hist, beh, year):
            return row
    return None


def read_text(name: str) -> str:
    """Text of a data file shipped in registry/recodes/data."""
    return resources.files("registry.recodes").joinpath("data", name).read_text(encoding="utf-8")


def optional_int(text: str | None) -> int | None:
    """Integer of a non-blank digit string, else None."""
    text = (text or "").strip()
    return int(text) if text.isdigit() else None
