"""A deliberately naive reading of the SEER recode CSV tables, used as an independent oracle.

It expands every code list into a Python set of integers and scans the rows in file order, without
sharing any code with registry.recodes.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "registry" / "recodes" / "data"


def expand(text: str) -> set[int]:
    out: set[int] = set()
    for item in (text or "").split(","):
        item = item.strip().replace(".", "").replace("C", "")
        if not item:
            continue
        lo, _, hi = item.partition("-")
        out.update(range(int(lo), int(hi or lo) + 1))
    return out


def naive_rows(file_name: str, layout: str) -> list[dict]:
    """Rows as dicts of sets. layout "2023": ID,Name,Ind,SitesIN,HistIN,HistOUT,BehIN,Ymin,Ymax,Recode;
    "2008": ID,Name,Ind,SitesIN,SitesOUT,HistIN,HistOUT,Code,...; "iccc": 2008 layout + ext, BehIN."""
    with open(DATA / file_name, newline="", encoding="utf-8") as fh:
        records = list(csv.reader(fh))[1:]
    rows = []
    for r in records:
        r = r + [""] * (11 - len(r))
        if layout == "2023":
            code, s_in, s_out, h_in, h_out, b_in, ymin, ymax = r[9], r[3], "", r[4], r[5], r[6], r[7], r[8]
        else:
            code, s_in, s_out, h_in, h_out, b_in, ymin, ymax = r[7], r[3], r[4], r[5], r[6], "", "", ""
            if layout == "iccc":
                b_in = r[10]
        if code.strip():
            rows.append({"code": code.strip(), "s_in": expand(s_in), "s_out": expand(s_out), "h_in": expand(h_in),
                         "h_out": expand(h_out), "b_in": expand(b_in), "ymin": int(ymin) if ymin else None,
                         "ymax": int(ymax) if ymax else None})
    return rows


def naive_match(rows: list[dict], site: int, hist: int, beh: int, year: int) -> str | None:
    for row in rows:
        if (row["s_in"] and site not in row["s_in"]) or site in row["s_out"]:
            continue
        if (row["h_in"] and hist not in row["h_in"]) or hist in row["h_out"]:
            continue
        if row["b_in"] and beh not in row["b_in"]:
            continue
        if (row["ymin"] is not None and year < row["ymin"]) or (row["ymax"] is not None and year > row["ymax"]):
            continue
        return row["code"]
    return None


def boundary_points(row: dict) -> list[tuple[int, int, int, int]]:
    """(site, hist, beh, year) points at the edges of a row's lists, each combined with an inside value."""
    def edges(values: set[int], fallback: list[int]) -> list[int]:
        if not values:
            return fallback
        ordered = sorted(values)
        starts = [v for v in ordered if v - 1 not in values]
        ends = [v for v in ordered if v + 1 not in values]
        return sorted(set(starts + ends + [s - 1 for s in starts] + [e + 1 for e in ends]))
    sites = [s for s in edges(row["s_in"], [0, 504, 809]) if 0 <= s <= 999]
    hists = [h for h in edges(row["h_in"], [8000, 8140, 9590]) if 8000 <= h <= 9999]
    behs = sorted(row["b_in"]) or [3]
    year = row["ymin"] or row["ymax"] or 2020
    return [(s, h, b, year) for s in sites for h in hists[:40] for b in behs]


def naive_aya_rows(variant: str) -> list[dict]:
    """AYA rows: 2020 CSV (label, hist, site, beh, recode) or WHO 2008 text (label;beh;site;hist;recode)."""
    if variant == "2020":
        with open(DATA / "ayarecode-2020revision.csv", newline="", encoding="utf-8") as fh:
            raw = [(r[1], r[2], r[3], r[4]) for r in list(csv.reader(fh))[1:] if len(r) >= 5]
        width = 3
    else:
        with open(DATA / "ayarecodewho2008.txt", newline="", encoding="utf-8") as fh:
            raw = [(r[3], r[2], r[1], r[4]) for r in list(csv.reader(fh, delimiter=";"))[2:] if len(r) >= 5]
        width = 2
    rows = []
    for hist, site, beh, code in raw:
        if hist.strip() and site.strip() and beh.strip() and code.strip().isdigit():
            rows.append({"code": code.strip().zfill(width), "s_in": expand(site), "s_out": set(), "h_in": expand(hist),
                         "h_out": set(), "b_in": expand(beh), "ymin": None, "ymax": None})
    return rows


@pytest.fixture(scope="session")
def oracle() -> dict[str, Callable]:
    return {"rows": naive_rows, "aya_rows": naive_aya_rows, "match": naive_match, "points": boundary_points}
