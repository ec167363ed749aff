"""A record of every import: who, when, which file (name and checksum), what came of it, which process ran it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from registry.core.base import JsonType, UtcDateTime, utcnow
from registry.extensions import db

IMPORT_STATUSES = ("queued", "running", "imported", "refused", "failed")


class ImportRun(db.Model):
    __tablename__ = "import_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    username: Mapped[str] = mapped_column(String(80))
    file_name: Mapped[str] = mapped_column(String(255))
    file_size: Mapped[int] = mapped_column(BigInteger, default=0)
    checksum_sha256: Mapped[str] = mapped_column(String(64), index=True)
    skip_invalid: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    patients: Mapped[int] = mapped_column(Integer, default=0)
    tumors: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[int] = mapped_column(BigInteger, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    rejection_file: Mapped[str | None] = mapped_column(String(500))
    root_items: Mapped[dict | None] = mapped_column(JsonType)
    errors: Mapped[list | None] = mapped_column(JsonType)  # the first problems, for the web page
    message: Mapped[str | None] = mapped_column(Text)
    # The process running the import (a run whose process is gone is marked failed: exchange/runs.py) and,
    # for a web upload, the file kept under instance/imports/ until the retention policy removes it.
    pid: Mapped[int | None] = mapped_column(Integer)
    host: Mapped[str | None] = mapped_column(String(255))
    stored_file: Mapped[str | None] = mapped_column(String(500))
