"""gunicorn settings for the registry (scripts/start.sh passes this file with ``--config``; gunicorn also reads a
``gunicorn.conf.py`` in its working folder by itself). Command-line flags override what is set here.

Every worker builds the registry's reference tables (edit catalogue, staging algorithms, NAACCR dictionaries and
code lists, screen field specs, templates) in ``post_worker_init``: after it has loaded the app and before it
accepts its first connection, so a worker that is started or restarted under traffic never serves a request
cold (registry/core/warmup.py). Connections that arrive meanwhile wait in the listening socket's backlog.
"""

workers = 2
threads = 4
timeout = 120
wsgi_app = "registry:create_app()"


def post_worker_init(worker) -> None:
    from flask import Flask

    from registry.core.warmup import warm

    warm(worker.wsgi if isinstance(worker.wsgi, Flask) else None)
    worker.log.info("worker %s: reference tables loaded", worker.pid)
