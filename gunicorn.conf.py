"""gunicorn settings for the registry (scripts/start.sh passes this file with ``--config``; gunicorn also reads a
``gunicorn.conf.py`` in its working folder by itself). Command-line flags override what is set here.

The app is loaded once in the master (``preload_app``), which then builds the registry's reference tables (edit
catalogue, staging algorithms, NAACCR dictionaries and code lists, screen field specs, templates;
registry/core/warmup.py) and closes its database connections before any worker is forked. A worker started or
restarted under traffic is a ready copy of a warm master: it serves at once and shares the tables' memory with
its sibling. Measured with bench/load.py (30 users, both workers SIGKILLed twice): warming in each worker instead
left 7-10 s after every kill in which requests waited for the new workers (p95 772 ms over the run); preloaded,
p95 stays under the 500 ms target (docs/benchmarks/load.md). ``post_worker_init`` still checks each worker is warm
(nearly free when the tables came with the fork), so a deployment that turns preloading off stays safe.
"""

workers = 2
threads = 4
timeout = 120
wsgi_app = "registry:create_app()"
preload_app = True


def when_ready(server) -> None:
    """In the master, after the app is loaded and before the first fork: warm, then drop database connections
    (a connection must never be shared by forked processes)."""
    from registry.core.warmup import warm
    from registry.extensions import db

    app = server.app.wsgi()
    warm(app)
    with app.app_context():
        db.engine.dispose()
    server.log.info("master: reference tables loaded before forking the workers")


def post_worker_init(worker) -> None:
    from flask import Flask

    from registry.core.warmup import warm

    warm(worker.wsgi if isinstance(worker.wsgi, Flask) else None)
    worker.log.info("worker %s: reference tables loaded", worker.pid)
