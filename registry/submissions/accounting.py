"""A patient's accounting of disclosures (HIPAA, 45 CFR 164.528).

An individual may ask for an accounting of disclosures of their protected health information made in the six
years before the request: for each, the date, the recipient (name and, if known, address), a brief description
of the information disclosed, and the purpose or basis (164.528(b)(2)). Here each line is a
:class:`~registry.submissions.models.Disclosure`, written when a state submission is marked sent
(:mod:`registry.submissions.operations`) and when a limited data set is released
(:mod:`registry.submissions.releases`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from registry.core.base import utcnow
from registry.extensions import db
from registry.submissions.models import Disclosure

PERIOD_YEARS = 6  # 45 CFR 164.528(a)(1): disclosures in the six years before the request


def period_start(now: datetime | None = None) -> datetime:
    """The start of the accounting period (six years before ``now``)."""
    return (now or utcnow()) - timedelta(days=round(365.25 * PERIOD_YEARS))


def disclosures_for(patient_id: int, since: datetime | None = None) -> list[Disclosure]:
    """A patient's disclosures since ``since`` (default: the six-year period), oldest first."""
    stmt = (select(Disclosure)
            .where(Disclosure.patient_id == patient_id, Disclosure.disclosed_at >= (since or period_start()))
            .order_by(Disclosure.disclosed_at, Disclosure.id))
    return list(db.session.scalars(stmt))
