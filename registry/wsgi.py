"""The web server's entry point: the app with its read-only reference tables loaded once, before workers fork.

``scripts/start.sh`` runs ``gunicorn --preload 'registry.wsgi:create_web_app()'``: the master process builds the
app, loads the reference tables that pages otherwise load on their first request (NAACCR dictionary and code
lookups, screen field specs, the edits catalogue and its tables, the staging algorithms, SEER site recodes,
standard populations, life tables, scipy's distributions) and compiles the page templates, then forks the
workers. A worker that dies (crash, out-of-memory kill, ``--max-requests``) is replaced by a fork of that ready
master in milliseconds, instead of a new process importing everything and then paying several seconds of CPU
on its first requests while users wait (measured in docs/benchmarks/load.md). The workers share those tables'
memory pages with the master.

Nothing here touches the database: the master must hold no connection that forked workers would share (the
engine is disposed at the end all the same).
"""

from __future__ import annotations

import time

from flask import Flask

from registry import create_app


def load_reference_tables() -> float:
    """Load every reference table the pages use (each loader caches); returns the seconds it took."""
    started = time.perf_counter()
    from scipy import stats  # noqa: F401  (rates and survival intervals; see reports.stats.distributions)

    from registry.abstracting.coding import search_histology, site_type_warning
    from registry.abstracting.fields import field_specs
    from registry.edits.engine import all_edits, run_edits
    from registry.naaccr.dictionary import current
    from registry.naaccr.lookups import codes, items_with_lookups
    from registry.recodes.site_recode import site_recode_groups
    from registry.reports.stats.expected import us_life_tables
    from registry.reports.stats.standards import DEFAULT_STANDARD, standard_population
    from registry.staging.engine import available_algorithms, load_algorithm
    from registry.staging.wiring import derived_item_ids

    current()
    for naaccr_id in items_with_lookups():
        codes(naaccr_id)
    field_specs()
    search_histology("8500")
    site_type_warning("C504", "8500", "3")
    all_edits()
    run_edits({})  # the hospital edit set's plan and the tables its edits read
    for name, version in available_algorithms():
        load_algorithm(name, version)
    derived_item_ids()
    site_recode_groups("2023")
    standard_population(DEFAULT_STANDARD)
    us_life_tables()
    return time.perf_counter() - started


def create_web_app() -> Flask:
    """:func:`registry.create_app` with the reference tables loaded (for gunicorn ``--preload``)."""
    app = create_app()
    seconds = load_reference_tables()
    for name in app.jinja_env.list_templates(extensions=["html"]):
        app.jinja_env.get_template(name)  # compiled once here, not by each worker on its first pages
    from registry.extensions import db

    with app.app_context():
        db.engine.dispose()  # no connection may cross the fork
    app.logger.info("reference tables loaded in %.1f s", seconds)
    return app
