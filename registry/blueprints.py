"""Every blueprint of the app, registered in one place."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from registry.abstracting.views import bp as abstracting
    from registry.accounts.views import bp as accounts
    from registry.core.views import bp as core

    app.register_blueprint(core)
    app.register_blueprint(accounts)
    app.register_blueprint(abstracting)
