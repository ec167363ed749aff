"""First-name equivalence for death-file linkage: a formal given name and its common English diminutives.

The table (``data/nicknames.csv``: a formal name, then its nicknames separated by spaces) was compiled for this
project from common knowledge of English given names; it is not copied from any other list. Two first names
are *equivalent* when they are equal or one is a nickname of the other or both are nicknames of the same formal
name ("BILL" ~ "WILLIAM", "BILL" ~ "WILL"). Registries can extend the file.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources

import numpy as np
import pandas as pd


@functools.cache
def _groups() -> dict[str, frozenset[str]]:
    """Name -> the set of formal names it belongs to (a nickname may belong to several: AL, PAT, KATE)."""
    raw = (resources.files("registry.followup") / "data" / "nicknames.csv").read_text(encoding="utf-8")
    groups: dict[str, set[str]] = {}
    for row in csv.DictReader(io.StringIO(raw)):
        formal = row["name"].strip().upper()
        for name in [formal, *row["nicknames"].upper().split()]:
            groups.setdefault(name, set()).add(formal)
    return {name: frozenset(formals) for name, formals in groups.items()}


def equivalent(first: str, second: str) -> bool:
    """Whether two upper-case first names are the same person's name by the nickname table."""
    if first == second:
        return bool(first)
    groups = _groups()
    return bool(groups.get(first, frozenset()) & groups.get(second, frozenset()))


def equivalent_series(left: pd.Series, right: pd.Series) -> np.ndarray:
    """Element-wise :func:`equivalent` over two aligned series of names, each distinct pair checked once."""
    a = left.fillna("").astype(str).to_numpy(dtype=object)
    b = right.fillna("").astype(str).to_numpy(dtype=object)
    result = (a == b) & (a != "")
    known = _groups().keys()
    in_table = pd.Series(a).isin(known).to_numpy() & pd.Series(b).isin(known).to_numpy()
    todo = np.flatnonzero(~result & in_table)
    if len(todo):
        codes, uniques = pd.factorize(pd.Series(a[todo]) + "|" + b[todo])
        verdict = np.fromiter((equivalent(*pair.split("|")) for pair in uniques), bool, count=len(uniques))
        result[todo] = verdict[codes]
    return result


def formal_names(name: str) -> frozenset[str]:
    """The formal names an upper-case first name belongs to (empty when the name is not in the table)."""
    return _groups().get(name, frozenset())


def nicknames_of(formal: str) -> tuple[str, ...]:
    """Nicknames listed for a formal name (used by the synthetic death-file generator)."""
    groups = _groups()
    return tuple(sorted(n for n, formals in groups.items() if formal in formals and n != formal))


def formal_name(name: str) -> str:
    """The first (alphabetical) formal name a first name belongs to, or the name itself when not in the table."""
    formals = _groups().get(name)
    return min(formals) if formals else name
