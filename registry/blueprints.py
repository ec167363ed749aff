"""Every blueprint of the app, registered in one place."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from registry.abstracting.casefinding_views import bp as casefinding
    from registry.abstracting.intake_views import bp as intake
    from registry.abstracting.queue_views import bp as queues
    from registry.abstracting.screen_views import bp as abstract
    from registry.abstracting.views import bp as abstracting
    from registry.accounts.views import bp as accounts
    from registry.core.views import bp as core
    from registry.edits.views import bp as edits
    from registry.followup.views import bp as followup
    from registry.multiple_primaries.views import bp as multiple_primaries
    from registry.naaccr.exchange.views import bp as imports
    from registry.reports.views import bp as reports
    from registry.submissions.release_views import bp as releases
    from registry.submissions.views import bp as submissions

    app.register_blueprint(core)
    app.register_blueprint(accounts)
    app.register_blueprint(abstracting)
    app.register_blueprint(abstract)
    app.register_blueprint(queues)
    app.register_blueprint(intake)
    app.register_blueprint(casefinding)
    app.register_blueprint(imports)
    app.register_blueprint(edits)
    app.register_blueprint(reports)
    app.register_blueprint(multiple_primaries)
    app.register_blueprint(submissions)
    app.register_blueprint(releases)
    app.register_blueprint(followup)
