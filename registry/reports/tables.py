"""Report tables as data: columns with a kind (how to show a value) and rows of plain values.

The page, the CSV download and the JSON endpoint all render the same :class:`ReportPage`, built once from
suppressed rows, so a suppressed cell is blank everywhere.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from registry.core import csvsafe


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = "text"  # text | int | rate | pct | prob | flag


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]


@dataclass
class ReportPage:
    """Everything one report shows: figures, tables and the method notes."""

    name: str
    title: str
    tables: list[Table]
    figures: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title, "notes": self.notes, "figures": self.figures,
            "tables": [{"title": t.title, "columns": [c.key for c in t.columns],
                        "rows": [{c.key: r.get(c.key) for c in t.columns} for r in t.rows]} for t in self.tables],
        }

    def as_csv(self) -> str:
        """Every table, one after the other, headed by its title; suppressed cells are empty."""
        out = io.StringIO()
        writer = csvsafe.writer(out)
        for note in self.notes:
            writer.writerow([f"# {note}"])
        for table in self.tables:
            writer.writerow([f"# {table.title}"])
            writer.writerow([c.title for c in table.columns])
            for row in table.rows:
                writer.writerow([_csv_value(row.get(c.key), c.kind) for c in table.columns])
        return out.getvalue()


def _csv_value(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if kind in ("rate", "pct") and isinstance(value, float):
        return f"{value:.2f}"
    if kind == "prob" and isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def display(value: Any, kind: str) -> str:
    """How a cell reads on the page ("" for a blank; the template marks suppressed rows)."""
    if value is None:
        return ""
    if kind == "int":
        return f"{int(value):,}"
    if kind == "rate" and isinstance(value, int | float):
        return f"{value:,.1f}"
    if kind == "pct" and isinstance(value, int | float):
        return f"{value:.1f}%"
    if kind == "prob" and isinstance(value, int | float):
        return f"{100 * value:.1f}%"
    if kind == "flag":
        return "yes" if value else ""
    return str(value)
