"""Decision tables of a staging algorithm (``tables/<id>.json`` in the algorithm zip), precompiled.

A table has columns of type INPUT, ENDPOINT or DESCRIPTION and rows of strings. Rows are tried top
down and the first row whose every INPUT cell matches the context wins (``staging-edits-codes.md``
§1.2). To avoid a Python scan over every row, each INPUT column is compiled to an index from a value
to the bit set of rows that accept it (exact values in a dict, ranges tested once per distinct value
and memoised, ``{{key}}`` entries tested per call); the winning row is the lowest bit of the AND of
the column bit sets.

ENDPOINT cells are ``VALUE:<v>`` (``VALUE`` without a colon removes the key), ``MATCH``,
``JUMP:<table>``, ``ERROR:<message>`` and ``STOP``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from registry.staging.ranges import Range, parse_cell

ENDPOINT_TYPES = frozenset({"VALUE", "MATCH", "JUMP", "ERROR", "STOP"})
_MEMO_LIMIT = 20000


class TableError(ValueError):
    """A table file that does not follow the staging table format."""


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One ENDPOINT cell: ``type`` is VALUE/MATCH/JUMP/ERROR/STOP, ``key`` the column key."""

    type: str
    key: str
    value: str | None


def parse_endpoint(cell: str, key: str, table_id: str) -> Endpoint:
    """Parse ``TYPE[:value]``; the value is trimmed, absent (None) when there is no colon."""
    kind, sep, rest = cell.partition(":")
    kind = kind.strip()
    if kind not in ENDPOINT_TYPES:
        raise TableError(f"table {table_id!r}: invalid endpoint {cell!r}")
    value = rest.strip() if sep else None
    if kind == "JUMP" and not value:
        raise TableError(f"table {table_id!r}: JUMP without a table")
    return Endpoint(kind, key, value)


class _ColumnIndex:
    """Value -> bit set of the rows whose cell in this column accepts the value."""

    __slots__ = ("dynamic", "exact", "key", "memo", "ranges", "wild")

    def __init__(self, key: str, cells: list[list[Range] | None]) -> None:
        self.key = key
        self.wild = 0
        self.exact: dict[str, int] = {}
        self.ranges: list[tuple[Range, int]] = []
        self.dynamic: list[tuple[Range, int]] = []
        self.memo: dict[str, int] = {}
        for row, ranges in enumerate(cells):
            bit = 1 << row
            if ranges is None:
                self.wild |= bit
                continue
            for rng in ranges:
                if rng.dynamic:
                    self.dynamic.append((rng, bit))
                elif rng.is_single:
                    self.exact[rng.low] = self.exact.get(rng.low, 0) | bit
                else:
                    self.ranges.append((rng, bit))

    def _static(self, value: str) -> int:
        mask = self.wild | self.exact.get(value, 0)
        for rng, bit in self.ranges:
            if not mask & bit and rng.contains(value, {}):
                mask |= bit
        return mask

    def mask(self, value: str, context: Mapping[str, str | None]) -> int:
        # The memo is keyed on the value alone, so it may only hold what depends on the value alone: the rows
        # whose cell is ``*``, an exact code or a literal range (``_static``). A ``{{key}}`` entry's answer also
        # depends on the context (another input, or ctx_year_current), so those entries are tested on every call,
        # after the memo, and never stored in it: memoising the full mask would let one case's answer leak into
        # the next case with the same value (issue #15; tests/staging/test_staging_stream_order.py fails then).
        mask = self.memo.get(value)
        if mask is None:
            mask = self._static(value)
            if len(self.memo) < _MEMO_LIMIT:
                self.memo[value] = mask
        for rng, bit in self.dynamic:
            if not mask & bit and rng.contains(value, context):
                mask |= bit
        return mask


class Table:
    """A compiled decision table; documentation fields are kept for help texts."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.id: str = data["id"]
        self.name: str = data.get("name") or self.id
        self.title: str = data.get("title") or self.name
        self.subtitle: str | None = data.get("subtitle")
        self.notes: str | None = data.get("notes")
        self.columns = tuple(Column(c["key"], c.get("name", c["key"]), c["type"]) for c in data["definition"])
        self.raw_rows: tuple[tuple[str, ...], ...] = tuple(tuple(r) for r in data.get("rows", []))
        for row in self.raw_rows:
            if len(row) != len(self.columns):
                raise TableError(f"table {self.id!r}: a row has {len(row)} cells, expected {len(self.columns)}")
        self.input_keys = tuple(c.key for c in self.columns if c.type == "INPUT")
        self.endpoint_keys = tuple(c.key for c in self.columns if c.type == "ENDPOINT")
        self.rows_endpoints = tuple(self._row_endpoints(row) for row in self.raw_rows)
        self._all = (1 << len(self.raw_rows)) - 1
        self._indexes = tuple(self._column_index(i, c.key) for i, c in enumerate(self.columns) if c.type == "INPUT")

    def _row_endpoints(self, row: tuple[str, ...]) -> tuple[Endpoint, ...]:
        cells = zip(self.columns, row, strict=True)
        return tuple(parse_endpoint(cell, col.key, self.id) for col, cell in cells if col.type == "ENDPOINT")

    def _column_index(self, position: int, key: str) -> _ColumnIndex:
        return _ColumnIndex(key, [parse_cell(row[position]) for row in self.raw_rows])

    def find_row(self, context: Mapping[str, str | None], keys: Collection[str] | None = None) -> int | None:
        """Index of the first row matching the context (only columns in ``keys`` when given), or None."""
        mask = self._all
        for index in self._indexes:
            if keys is not None and index.key not in keys:
                continue
            mask &= index.mask(context.get(index.key) or "", context)
            if not mask:
                return None
        if not mask:
            return None
        return (mask & -mask).bit_length() - 1

    def match(
        self, context: Mapping[str, str | None], keys: Collection[str] | None = None
    ) -> tuple[Endpoint, ...] | None:
        """Endpoints of the first matching row, or None when no row matches."""
        row = self.find_row(context, keys)
        return None if row is None else self.rows_endpoints[row]

    def single_key_check(self, key: str) -> Callable[[str], bool] | None:
        """A fast validity test when the table has exactly one INPUT column, ``key``, without references."""
        if self.input_keys != (key,) or self._indexes[0].dynamic:
            return None
        index, answers = self._indexes[0], {}
        every_row = self._all
        # Memo keyed on the value: complete, as the table has no other INPUT column and no ``{{key}}`` cell
        # (both checked above), so validity depends on nothing else.

        def check(value: str) -> bool:
            answer = answers.get(value)
            if answer is None:
                answer = bool(index.mask(value, {}) & every_row)
                if len(answers) < _MEMO_LIMIT:
                    answers[value] = answer
            return answer

        return check

    def inputs_as_text(self, context: Mapping[str, str | None]) -> str:
        """The table's input values from the context, comma separated, blanks as ``<blank>`` (for messages)."""
        values = [(context.get(key) or "").strip() for key in self.input_keys]
        return ",".join(v if v else "<blank>" for v in values)

    def single_input_values(self) -> frozenset[str]:
        """Every code accepted by a one-INPUT-column code table, numeric ranges expanded (zero padded)."""
        if len(self.input_keys) != 1:
            raise TableError(f"table {self.id!r} must have exactly one INPUT column")
        position = [c.key for c in self.columns].index(self.input_keys[0])
        values: set[str] = set()
        for row in self.raw_rows:
            for rng in parse_cell(row[position]) or ():
                if rng.low == rng.high:
                    values.add(rng.low)
                else:
                    width = len(rng.low)
                    values.update(str(i).zfill(width) for i in range(int(rng.low), int(rng.high) + 1))
        return frozenset(values)

    def described_rows(self) -> list[tuple[str, str]]:
        """(INPUT cell text, DESCRIPTION cells joined) per row, for showing allowed values to a registrar."""
        result = []
        for row in self.raw_rows:
            code = ", ".join(cell for col, cell in zip(self.columns, row, strict=True) if col.type == "INPUT")
            notes = [cell for col, cell in zip(self.columns, row, strict=True) if col.type == "DESCRIPTION"]
            text = " - ".join(" ".join(cell.split()) for cell in notes if cell.strip())
            result.append((code, text))
        return result
