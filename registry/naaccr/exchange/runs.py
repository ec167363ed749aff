"""Import runs whose process is gone: marked failed when runs are listed or a new import starts.

Each run records the process that runs it (``pid`` and ``host``: :func:`registry.naaccr.exchange.importer.start_run`).
An import killed outright (SIGKILL, a restarted web worker, a power cut) cannot record its end; its transaction
never committed, so the database is as before it, and the run is marked ``failed`` the next time anyone looks.
Runs of another host are left alone: whether their process lives cannot be seen from here.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from registry.core.base import utcnow
from registry.extensions import db
from registry.naaccr.exchange.lifeline import host_name, process_running
from registry.naaccr.exchange.models import ImportRun

ACTIVE = ("queued", "running")
STALE_MESSAGE = ("Failed: the process running this import ended before it finished (killed or restarted); "
                 "nothing was changed.")


def mark_stale_runs() -> int:
    """Mark failed the active runs of this host whose process is gone (and active runs recorded before runs
    kept their process); commits when it changed any. Returns how many."""
    candidates = db.session.scalars(select(ImportRun).where(
        ImportRun.status.in_(ACTIVE), or_(ImportRun.host == host_name(), ImportRun.host.is_(None)))).all()
    stale = [run for run in candidates if run.pid is None or not process_running(run.pid, run.started_at)]
    for run in stale:
        run.status, run.message, run.finished_at = "failed", STALE_MESSAGE, utcnow()
    if stale:
        db.session.commit()
    return len(stale)
