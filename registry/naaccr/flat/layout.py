"""The fixed-width ("flat") record layouts of NAACCR versions 14, 15, 16 and 18.

Every item of the base dictionary and the version's default user dictionary that has a
``startColumn`` occupies columns ``[startColumn, startColumn + length - 1]`` (1-based) of a line
whose record type is in the item's ``recordTypes``. The line length is the end of the last column:
A/M 22824, C 5564, I 3339 for v14-v16 and A/M 24194, C 6154, I 4048 for v18 (NAACCR Volume II; the
reference library's ``NaaccrFormat``). Versions from 21 on define no columns and have no flat layout.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter

from registry.naaccr.dictionary import ItemDef, base_dictionary, default_user_dictionary, normalize_version

FLAT_VERSIONS = ("140", "150", "160", "180")
RECORD_TYPES = ("A", "M", "C", "I")
LEVELS = ("NaaccrData", "Patient", "Tumor")


class LayoutError(ValueError):
    """No flat layout exists for the version or record type asked for."""


@dataclass(frozen=True)
class LevelSlices:
    """How to cut one level's items out of a line: trimmed items and untrimmed (``trim="none"``) ones."""

    trimmed_ids: tuple[str, ...]
    trimmed: Callable[[str], tuple[str, ...]]
    raw_ids: tuple[str, ...]
    raw: Callable[[str], tuple[str, ...]]


def _getter(slices: list[slice]) -> Callable[[str], tuple[str, ...]]:
    """A C-level function returning the substrings of a line for several slices, always as a tuple."""
    if not slices:
        return lambda line: ()
    if len(slices) == 1:
        only = slices[0]
        return lambda line: (line[only],)
    return itemgetter(*slices)


class FlatLayout:
    """Columns of one NAACCR version and record type: ``fields`` in column order, ``line_length``."""

    def __init__(self, version: str, record_type: str) -> None:
        version = normalize_version(version)
        if version not in FLAT_VERSIONS:
            raise LayoutError(f"NAACCR {version} has no fixed-width layout (flat files exist for 14, 15, 16 and 18)")
        if record_type not in RECORD_TYPES:
            raise LayoutError(f"record type {record_type!r} is not one of A, M, C, I")
        self.version, self.record_type = version, record_type
        chosen: dict[str, ItemDef] = {}
        for item in (*base_dictionary(version), *(default_user_dictionary(version) or ())):
            if item.start_column and record_type in item.record_types:
                chosen.setdefault(item.naaccr_id, item)
        self.fields: list[ItemDef] = sorted(chosen.values(), key=lambda i: i.start_column or 0)
        self.line_length = max(i.start_column + i.length - 1 for i in self.fields)
        self.by_id = chosen
        self.levels = {level: self._slices(level) for level in LEVELS}

    def _slices(self, level: str) -> LevelSlices:
        items = [i for i in self.fields if i.level == level]
        trimmed = [i for i in items if i.trim != "none"]
        raw = [i for i in items if i.trim == "none"]

        def cut(i: ItemDef) -> slice:
            return slice(i.start_column - 1, i.start_column - 1 + i.length)

        return LevelSlices(
            tuple(i.naaccr_id for i in trimmed),
            _getter([cut(i) for i in trimmed]),
            tuple(i.naaccr_id for i in raw),
            _getter([cut(i) for i in raw]),
        )

    def read_level(self, line: str, level: str) -> dict[str, str]:
        """The non-blank items of one level in a line (values trimmed unless the item says trim="none")."""
        s = self.levels[level]
        items = dict(filter(itemgetter(1), zip(s.trimmed_ids, map(str.strip, s.trimmed(line)), strict=True)))
        for naaccr_id, value in zip(s.raw_ids, s.raw(line), strict=True):
            if value.strip():
                items[naaccr_id] = value
        return items


@functools.cache
def layout(version: str, record_type: str) -> FlatLayout:
    """The (cached) layout of a version ("180", "18" ...) and record type."""
    return FlatLayout(normalize_version(version), record_type)


def line_length(version: str, record_type: str) -> int:
    return layout(version, record_type).line_length
