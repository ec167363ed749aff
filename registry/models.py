"""Imports every model module so that the metadata is complete (Alembic, create_all, tests)."""

from registry.abstracting import casefinding as casefinding_models  # noqa: F401
from registry.abstracting import models as abstracting_models  # noqa: F401
from registry.accounts import models as accounts_models  # noqa: F401
from registry.core import audit  # noqa: F401
from registry.edits import results as edit_results_models  # noqa: F401
from registry.followup import models as followup_models  # noqa: F401
from registry.intake import models as intake_models  # noqa: F401
from registry.multiple_primaries import models as mp_models  # noqa: F401
from registry.naaccr.exchange import models as exchange_models  # noqa: F401
from registry.reports import models as reports_models  # noqa: F401
from registry.submissions import models as submissions_models  # noqa: F401
