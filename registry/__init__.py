"""registry: an open-source cancer and disease registry platform."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")


def create_app(config: dict | None = None) -> Flask:
    """The application factory: configuration, extensions, blueprints."""
    app = Flask(__name__, instance_relative_config=True)
    from registry.config import load_config

    load_config(app, config)
    import registry.models  # noqa: F401  (complete metadata for Alembic and create_all)
    from registry.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    from registry.blueprints import register_blueprints
    from registry.core.transport import init_transport
    from registry.core.web import init_web

    init_web(app)
    init_transport(app)
    register_blueprints(app)
    from registry.core.blas import use_one_blas_thread

    use_one_blas_thread()
    return app
