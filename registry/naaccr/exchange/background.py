"""Imports started from the web run in a background thread; progress goes to a small JSON file.

The file (``instance/imports/<run id>.progress.json``) can be read by any worker process, so the page
that polls it works behind gunicorn with several workers. The import itself is the same function the
CLI calls, in its own application context and database session.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from pathlib import Path

from flask import Flask, current_app
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from registry.core.audit import Actor
from registry.naaccr.exchange.importer import import_file, start_run


def upload_dir() -> Path:
    path = Path(current_app.instance_path) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def progress_path(run_id: int) -> Path:
    return upload_dir() / f"{run_id}.progress.json"


def read_progress(run_id: int) -> dict:
    try:
        return json.loads(progress_path(run_id).read_text())
    except (OSError, ValueError):
        return {"bytes": 0, "total": 0}


def save_upload(upload: FileStorage) -> tuple[Path, str]:
    name = secure_filename(upload.filename or "") or "upload.xml"
    path = upload_dir() / f"{uuid.uuid4().hex}_{name}"
    upload.save(path)
    return path, upload.filename or name


def start_background_import(path: Path, file_name: str, actor: Actor, *, skip_invalid: bool) -> int:
    run = start_run(path, actor, skip_invalid=skip_invalid, file_name=file_name)
    app = current_app._get_current_object()
    thread = threading.Thread(target=_run, args=(app, run.id, path, actor, skip_invalid), daemon=True,
                              name=f"import-{run.id}")
    thread.start()
    return run.id


def _run(app: Flask, run_id: int, path: Path, actor: Actor, skip_invalid: bool) -> None:
    from registry.extensions import db
    from registry.naaccr.exchange.models import ImportRun

    with app.app_context():
        target = progress_path(run_id)

        def progress(position: int, total: int) -> None:
            tmp = target.with_suffix(".tmp")
            tmp.write_text(json.dumps({"bytes": position, "total": total}))
            os.replace(tmp, target)

        run = db.session.get(ImportRun, run_id)
        try:
            import_file(path, actor, skip_invalid=skip_invalid, progress=progress, run=run)
        except Exception:  # recorded on the run by import_file; the thread must not die noisily
            app.logger.exception("import %s failed", run_id)
        finally:
            db.session.remove()
