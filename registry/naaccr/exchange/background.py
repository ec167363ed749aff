"""Imports started from the web run in a background thread; progress goes to a small JSON file.

The request only stores the upload and records the run (size and SHA-256: a linear pass over the bytes);
reading, validating and importing the file all happen in the thread. The file
(``instance/imports/<run id>.progress.json``) can be read by any worker process, so the page that polls it
works behind gunicorn with several workers. The import itself is the same function the CLI calls, in its own
application context and database session. The upload retention policy (:mod:`registry.naaccr.exchange.uploads`)
is applied when the thread starts and when the import ends, so a refused file is removed once its run is recorded.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from flask import Flask, current_app

from registry.core.audit import Actor
from registry.naaccr.exchange.importer import import_file, start_run
from registry.naaccr.exchange.uploads import progress_path, purge_uploads


def read_progress(run_id: int) -> dict:
    try:
        return json.loads(progress_path(run_id).read_text())
    except (OSError, ValueError):
        return {"bytes": 0, "total": 0}


def start_background_import(path: Path, file_name: str, actor: Actor, *, skip_invalid: bool,
                            facilities: frozenset[str] | None = None) -> int:
    """Record the run and start the import thread; ``facilities``: the user's facility limits (None: none)."""
    run = start_run(path, actor, skip_invalid=skip_invalid, file_name=file_name, stored_file=path.name)
    app = current_app._get_current_object()
    thread = threading.Thread(target=_run, args=(app, run.id, path, actor, skip_invalid, facilities), daemon=True,
                              name=f"import-{run.id}")
    thread.start()
    return run.id


def _run(app: Flask, run_id: int, path: Path, actor: Actor, skip_invalid: bool,
         facilities: frozenset[str] | None) -> None:
    from registry.extensions import db
    from registry.naaccr.exchange.models import ImportRun

    with app.app_context():
        target = progress_path(run_id)

        def progress(position: int, total: int) -> None:
            tmp = target.with_suffix(".tmp")
            tmp.write_text(json.dumps({"bytes": position, "total": total}))
            os.replace(tmp, target)

        _purge(app)
        try:
            run = db.session.get(ImportRun, run_id)
            import_file(path, actor, skip_invalid=skip_invalid, progress=progress, run=run, facilities=facilities)
        except Exception:  # recorded on the run by import_file; the thread must not die noisily
            app.logger.exception("import %s failed", run_id)
        finally:
            _purge(app)
            db.session.remove()


def _purge(app: Flask) -> None:
    """Apply the upload retention policy; a failure is logged, never stops the import."""
    from registry.extensions import db

    try:
        purge_uploads()
    except Exception:
        db.session.rollback()
        app.logger.exception("purging old uploads failed")
