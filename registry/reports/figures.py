"""Plotly figures (plain dicts: ``{"data": [...], "layout": {...}}``) built from suppressed report rows.

Figures are drawn in the browser by static/js/reports.js with the plotly.js served from static/vendor (the CSP
forbids inline scripts and CDNs). They only ever read rows that went through suppression: a suppressed cell is
a gap (``None``), never a value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from registry.reports.dimensions import DIMENSIONS

PALETTE = ("#1f5fa8", "#c0392b", "#1d7a46", "#b7791f", "#6b4c9a", "#2b8a9e", "#7f7f7f", "#d35400")


def _layout(title: str, x_title: str, y_title: str, **extra: Any) -> dict[str, Any]:
    return {"title": {"text": title, "font": {"size": 15}}, "xaxis": {"title": {"text": x_title}},
            "yaxis": {"title": {"text": y_title}, "rangemode": "tozero"},
            "margin": {"l": 60, "r": 20, "t": 50, "b": 60}, "legend": {"orientation": "h", "y": -0.2},
            "hovermode": "closest", **extra}


def _error(rows: list[dict], value: str, lower: str, upper: str) -> dict[str, Any]:
    plus = [r[upper] - r[value] if r.get(value) is not None else None for r in rows]
    minus = [r[value] - r[lower] if r.get(value) is not None else None for r in rows]
    return {"type": "data", "symmetric": False, "array": plus, "arrayminus": minus, "thickness": 1}


def _series(rows: list[dict], series: str | None) -> list[tuple[Any, list[dict]]]:
    if series is None:
        return [(None, rows)]
    keys = DIMENSIONS[series].order(list(dict.fromkeys(r[series] for r in rows)))
    return [(k, [r for r in rows if r[series] == k]) for k in keys]


def rate_figure(rows: list[dict], x: str, series: str | None, title: str, *, y: str = "adjusted",
                y_title: str = "Age-adjusted rate per 100,000", kind: str = "scatter") -> dict[str, Any]:
    """Rates against the categories of ``x`` (one trace per ``series`` category), with CI error bars."""
    traces = []
    for i, (key, part) in enumerate(_series(rows, series)):
        part = [r for r in part if r.get("population")]
        trace = {"type": kind, "name": DIMENSIONS[series].label(key) if series else "All",
                 "x": [DIMENSIONS[x].label(r[x]) for r in part], "y": [r.get(y) for r in part],
                 "error_y": _error(part, y, "lower", "upper"), "marker": {"color": PALETTE[i % len(PALETTE)]}}
        if kind == "scatter":
            trace["mode"] = "lines+markers"
        traces.append(trace)
    return {"data": traces, "layout": _layout(title, DIMENSIONS[x].title, y_title, barmode="group")}


def site_bar_figure(rows: list[dict], title: str) -> dict[str, Any]:
    """Horizontal bars of the age-adjusted rate by site (largest on top), suppressed sites left out."""
    shown = sorted((r for r in rows if r.get("adjusted") is not None), key=lambda r: r["adjusted"])
    trace = {"type": "bar", "orientation": "h", "name": "Age-adjusted rate",
             "y": [DIMENSIONS["site"].label(r["site"]) for r in shown], "x": [r["adjusted"] for r in shown],
             "error_x": _error(shown, "adjusted", "lower", "upper"), "marker": {"color": PALETTE[0]}}
    layout = _layout(title, "Age-adjusted rate per 100,000", "", height=max(360, 22 * len(shown) + 120))
    layout["margin"]["l"] = 220
    return {"data": [trace], "layout": layout}


def stage_figure(rows: list[dict], by: str, title: str) -> dict[str, Any]:
    """Stacked percentage bars: stage groups within each category of ``by``."""
    traces = []
    stages = DIMENSIONS["stage"].order(list(dict.fromkeys(r["stage"] for r in rows)))
    cats = DIMENSIONS[by].order(list(dict.fromkeys(r[by] for r in rows)))
    for i, stage in enumerate(stages):
        cells = {r[by]: r for r in rows if r["stage"] == stage}
        traces.append({"type": "bar", "name": DIMENSIONS["stage"].label(stage),
                       "x": [DIMENSIONS[by].label(c) for c in cats],
                       "y": [cells[c]["percent"] if c in cells else None for c in cats],
                       "marker": {"color": PALETTE[i % len(PALETTE)]}})
    return {"data": traces, "layout": _layout(title, DIMENSIONS[by].title, "Percent of tumors", barmode="stack")}


def survival_figure(curves: Sequence[Any], columns: tuple[str, str, str], title: str) -> dict[str, Any]:
    """One line per published curve with its confidence band (filled between the limits)."""
    value, lower, upper = columns
    traces = []
    for i, curve in enumerate(c for c in curves if c.table is not None):
        table = curve.table
        months = [0, *table["interval_end_months"].tolist()]
        color = PALETTE[i % len(PALETTE)]
        group = f"g{i}"
        traces.append({"type": "scatter", "mode": "lines", "x": months, "y": [1.0, *table[upper].tolist()],
                       "line": {"width": 0, "shape": "hv"}, "showlegend": False, "hoverinfo": "skip",
                       "legendgroup": group})
        traces.append({"type": "scatter", "mode": "lines", "x": months, "y": [1.0, *table[lower].tolist()],
                       "fill": "tonexty", "fillcolor": _alpha(color), "line": {"width": 0, "shape": "hv"},
                       "showlegend": False, "hoverinfo": "skip", "legendgroup": group})
        traces.append({"type": "scatter", "mode": "lines", "name": f"{curve.label} (n={curve.cases:,})",
                       "x": months, "y": [1.0, *table[value].tolist()], "line": {"color": color, "shape": "hv"},
                       "legendgroup": group})
    layout = _layout(title, "Months since diagnosis", "Survival")
    layout["yaxis"]["tickformat"] = ".0%"
    if value == "observed":  # relative and net survival may exceed 100%
        layout["yaxis"]["range"] = [0, 1.05]
    layout["xaxis"]["dtick"] = 12
    return {"data": traces, "layout": layout}


def _alpha(hex_color: str, alpha: float = 0.18) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
