"""The stored SEER site recode of every tumor (``tumor.site_recode``), so rate tables group by it in SQL.

The recode is the SEER Site Recode 2023 Revision (registry/recodes/site_recode.py), computed from primarySite,
histologicTypeIcdO3, behaviorCodeIcdO3 and the year of diagnosis. It is written when a tumor is saved
(``Tumor.set_items`` and the bulk loader call :func:`site_recode_for`); :func:`refresh_site_recodes` fills any
row written another way (NULL) before a report runs, and recomputes every row on request (after a data fix by
raw SQL, or a new recode table).
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from registry.recodes.site_recode import seer_site_recode

VARIANT = "2023"
_BATCH = 5000


def site_recode_for(site: str | None, histology: str | None, behavior: str | None,
                    dx_year: int | str | None) -> str:
    """SEER Site Recode 2023 code of one tumor ("99" when site or histology is missing or unmatched)."""
    return seer_site_recode(site, histology, VARIANT, behavior=behavior, dx_year=dx_year).code


def refresh_site_recodes(session: Session, *, everything: bool = False) -> int:
    """Compute ``site_recode`` for tumors that lack it (or for all with ``everything``); returns rows changed.

    Works in id order, batch by batch, with one UPDATE per distinct (site, histology, behavior, year) so a
    million-row backfill costs a few thousand statements. The caller commits.
    """
    from registry.abstracting.models import Tumor

    last_id, changed = 0, 0
    while True:
        query = select(Tumor.id, Tumor.primarySite, Tumor.histologicTypeIcdO3, Tumor.behaviorCodeIcdO3,
                       Tumor.dx_year).where(Tumor.id > last_id).order_by(Tumor.id).limit(_BATCH)
        if not everything:
            query = query.where(Tumor.site_recode.is_(None))
        rows = session.execute(query).all()
        if not rows:
            return changed
        by_code: dict[str, list[int]] = {}
        for tumor_id, site, hist, beh, year in rows:
            by_code.setdefault(site_recode_for(site, hist, beh, year), []).append(tumor_id)
        for code, ids in by_code.items():
            session.execute(update(Tumor).where(Tumor.id.in_(ids)).values(site_recode=code, updated_at=Tumor.updated_at)
                            .execution_options(synchronize_session=False))
        changed += len(rows)
        last_id = rows[-1][0]
