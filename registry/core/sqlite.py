"""SQLite connection settings for the embedded default database.

- WAL journal: readers (the web pages) keep working while a long write (an import) runs.
- synchronous=NORMAL: the documented setting for WAL; a commit survives an application crash, and the database
  stays consistent after a power loss (the last transactions may be lost then). Production uses PostgreSQL.
See https://sqlite.org/wal.html and https://sqlite.org/pragma.html#pragma_synchronous.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")


@event.listens_for(Engine, "connect")
def _configure(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        for pragma in PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()
