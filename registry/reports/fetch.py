"""Fetching aggregates quickly.

:func:`fetch_frame`: PostgreSQL ``COPY (query) TO STDOUT WITH CSV`` read by pandas' C parser, several times faster
than building a Python row object per result row; other databases: a Core (not ORM) fetch into a DataFrame.

:func:`count_groups`: rows counted per combination of key values. PostgreSQL groups with a hash aggregate. SQLite
can only group by sorting every row (a million-row sort costs it about 0.6 s of CPU), so there the query returns
the key values of every row packed in one string (``group_concat``; fields separated by the ASCII unit separator,
rows by the record separator, NULL as the group separator: control characters that NAACCR codes never hold) and
Python counts the distinct strings with a hash table (``collections.Counter``, about 0.1 s): the same counts.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from functools import reduce

import pandas as pd
from sqlalchemy import ColumnElement, Select, String, func, literal_column, text, type_coerce
from sqlalchemy.orm import Session

NULL_MARK, FIELD_SEP, ROW_SEP = "\x1d", "\x1f", "\x1e"


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
    """PostgreSQL settings for this transaction's report queries.

    No JIT (compiling costs more than it saves on these one-pass aggregates); enough work memory to hash a
    million-row join and aggregate in memory. The planner takes a computed grouping key (survival months from
    two dates) to have as many values as rows, which misleads it twice: it would join a million rows in one
    process rather than let parallel workers scan, join and compute the keys (so parallel row transfer is made
    cheaper), and it would sort a million rows, comparing strings by locale, rather than hash them (so sorting
    is avoided where a hash aggregate can do; a hash aggregate spills to disk past its memory, as a sort would).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '64MB'"))
        session.execute(text("SET LOCAL parallel_tuple_cost = 0.01"))
        session.execute(text("SET LOCAL enable_sort = off"))


def _packed(values: Sequence[ColumnElement]) -> ColumnElement:
    """SQLite: ``v1 || char(31) || v2 ...`` with NULL as char(29), all rows joined by char(30)."""
    fields = [type_coerce(func.coalesce(v, literal_column("char(29)")), String) for v in values]
    joined = reduce(lambda a, b: a + literal_column("char(31)") + b, fields)
    return func.group_concat(joined, literal_column("char(30)"))


def packed_column(value: ColumnElement) -> ColumnElement:
    """SQLite aggregate packing one value per row in one string: values joined by ``ROW_SEP``, NULL as
    ``NULL_MARK``."""
    return _packed([value])


def count_groups(session: Session, base: Select, keys: Sequence[ColumnElement], count: str = "count") -> pd.DataFrame:
    """Rows of ``base`` (a select with its FROM and WHERE, no columns) counted per combination of the labelled
    ``keys``: columns ``key names..., count``. On SQLite the key values come back as text (module docstring)."""
    names = [k.name for k in keys]
    if session.get_bind().dialect.name != "sqlite":
        rows = session.execute(base.add_columns(*keys, func.count()).group_by(*keys)).all()
        return pd.DataFrame(rows, columns=[*names, count])
    packed = session.execute(base.add_columns(_packed(keys))).scalar()
    counted = Counter(packed.split(ROW_SEP)) if packed else Counter()
    rows = [[None if v == NULL_MARK else v for v in combo.split(FIELD_SEP)] + [n] for combo, n in counted.items()]
    return pd.DataFrame(rows, columns=[*names, count])
