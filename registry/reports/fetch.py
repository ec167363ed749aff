"""Fetching an aggregate query into a DataFrame quickly.

PostgreSQL: ``COPY (query) TO STDOUT WITH CSV HEADER`` read by pandas' C parser, several times faster than
building a Python row object per result row; other databases: a Core (not ORM) fetch straight into a DataFrame.
Used where a report fetches many grouped rows (survival cohorts).
"""

from __future__ import annotations

import io

import pandas as pd
from sqlalchemy import Select, text
from sqlalchemy.orm import Session


def fetch_frame(session: Session, query: Select) -> pd.DataFrame:
    """Run ``query`` and return its rows as a DataFrame with the query's column labels."""
    names = [column.name for column in query.selected_columns]
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        sql = str(query.compile(connection, compile_kwargs={"literal_binds": True}))
        buffer = io.BytesIO()
        with connection.connection.cursor() as cursor, cursor.copy(f"COPY ({sql}) TO STDOUT WITH CSV") as copy:
            for block in copy:
                buffer.write(block)
        buffer.seek(0)
        if not buffer.getbuffer().nbytes:
            return pd.DataFrame(columns=names)
        frame = pd.read_csv(buffer, header=None, names=names, dtype=object, keep_default_na=False, na_values=[""])
        return frame.where(frame.notna(), None)
    return pd.DataFrame.from_records(connection.execute(query).fetchall(), columns=names)


def tune_for_reports(session: Session) -> None:
    """PostgreSQL settings for this transaction's report queries: no JIT (compiling costs more than it saves on
    these one-pass aggregates), enough work memory to hash a million-row join and aggregate in memory, and a
    cheaper parallel row transfer: the planner takes a computed grouping key (survival months from two dates)
    to have as many values as rows, so it would otherwise hash-join a million rows in one process rather than
    let parallel workers scan, join and compute the keys for the aggregate."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '64MB'"))
        session.execute(text("SET LOCAL parallel_tuple_cost = 0.01"))
