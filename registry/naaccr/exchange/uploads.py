"""Files uploaded for import, kept under ``instance/imports/``, and how long they stay there (they hold PHI).

Retention policy:

* the upload of a refused or failed import is removed as soon as its run has recorded what was wrong (the run
  keeps the file name, checksum and the first problems, which is what the import page shows);
* the upload of an accepted import, with its rejection file (``--skip-invalid``), is removed
  ``IMPORT_UPLOAD_RETENTION_DAYS`` days (default 30, in ``registry.cfg`` or ``REGISTRY_IMPORT_UPLOAD_RETENTION_DAYS``)
  after the import finished;
* anything else in the folder (a file left by a crash, an old progress file) goes after the same period, but
  never while its import runs, and never within an hour of being written (an upload on its way to an import).

Enforced each time a web import starts and ends (:mod:`registry.naaccr.exchange.background`) and by
``registry naaccr purge-uploads``. Files outside the folder (a CLI import's file and its rejection file) are
never touched.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from registry.core.base import utcnow
from registry.extensions import db
from registry.naaccr.exchange.models import ImportRun
from registry.naaccr.exchange.runs import ACTIVE, mark_stale_runs

RETENTION_KEY = "IMPORT_UPLOAD_RETENTION_DAYS"
ORPHAN_GRACE = timedelta(hours=1)


def upload_dir() -> Path:
    path = Path(current_app.instance_path) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def progress_path(run_id: int) -> Path:
    return upload_dir() / f"{run_id}.progress.json"


def save_upload(upload: FileStorage) -> tuple[Path, str]:
    name = secure_filename(upload.filename or "") or "upload.xml"
    path = upload_dir() / f"{uuid.uuid4().hex}_{name}"
    upload.save(path)
    return path, upload.filename or name


def retention_days() -> float:
    return float(current_app.config[RETENTION_KEY])


@dataclass
class Purged:
    files: list[str] = field(default_factory=list)
    bytes: int = 0
    kept: int = 0  # uploads of accepted imports still within the retention period

    def remove(self, path: Path) -> None:
        try:
            size = path.stat().st_size
            path.unlink()
        except FileNotFoundError:
            return
        self.files.append(path.name)
        self.bytes += size

    def to_json(self) -> dict:
        return {"removed": len(self.files), "bytes": self.bytes, "kept": self.kept, "files": self.files}


def _inside(folder: Path, name: str | None) -> Path | None:
    """The file ``name`` (a bare name, or an absolute path) when it lies directly in ``folder``, else None."""
    if not name:
        return None
    path = Path(name)
    if path.is_absolute():
        return path if path.parent.resolve() == folder else None
    return folder / name if path.name == name else None


def _kept_files(run: ImportRun, folder: Path) -> list[Path]:
    """The run's upload and rejection file, where they lie in the folder."""
    return [p for p in (_inside(folder, run.stored_file), _inside(folder, run.rejection_file)) if p is not None]


def _progress_files(run: ImportRun, folder: Path) -> list[Path]:
    return [folder / f"{run.id}.progress.json", folder / f"{run.id}.progress.tmp"]


def purge_uploads(*, days: float | None = None, now: datetime | None = None) -> Purged:
    """Apply the retention policy to ``instance/imports/`` (see the module); commits."""
    mark_stale_runs()
    folder = upload_dir().resolve()
    now = now or utcnow()
    cutoff = now - timedelta(days=retention_days() if days is None else days)
    purged, keep = Purged(), set()
    runs = db.session.scalars(select(ImportRun).where(ImportRun.stored_file.is_not(None))).all()
    active = db.session.scalars(select(ImportRun).where(ImportRun.status.in_(ACTIVE))).all()
    for run in active:
        keep.update(p.name for p in _kept_files(run, folder) + _progress_files(run, folder))
    for run in runs:
        if run.status in ACTIVE:
            continue
        if run.status == "imported" and (run.finished_at or run.started_at) > cutoff:
            keep.update(p.name for p in _kept_files(run, folder))
            purged.kept += 1
            continue
        for path in _kept_files(run, folder):
            purged.remove(path)
        run.stored_file = None
    db.session.commit()
    orphans_before = min(cutoff, now - ORPHAN_GRACE).timestamp()
    for entry in folder.iterdir():
        if entry.name in keep or not entry.is_file():
            continue
        progress = entry.name.endswith((".progress.json", ".progress.tmp"))
        if progress or entry.stat().st_mtime <= orphans_before:
            purged.remove(entry)
    return purged

