"""The stored SEER site recode: written by set_items and the bulk loader, refreshed for rows written otherwise."""

from __future__ import annotations

from sqlalchemy import select, update

from registry.abstracting.models import Tumor
from registry.extensions import db
from registry.reports.site_column import refresh_site_recodes, site_recode_for


def test_codes_follow_the_2023_recode() -> None:
    assert site_recode_for("C504", "8500", "3", 2020) == "39"  # breast
    assert site_recode_for("C670", "8120", "2", 2020) == "55"  # urinary bladder, in situ
    assert site_recode_for(None, None, None, None) == "99"


def test_orm_and_bulk_writes_store_the_recode(make_patient, add_cases, actor) -> None:
    from registry.abstracting.operations import update_tumor

    patient = make_patient(tumors=[{"primarySite": "C504", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3",
                                    "dateOfDiagnosis": "20200115"}])
    tumor = patient.tumors[0]
    assert tumor.site_recode == "39"
    update_tumor(tumor, {"primarySite": "C340", "histologicTypeIcdO3": "8070"}, actor, expected_version=tumor.version)
    db.session.commit()
    assert db.session.get(Tumor, tumor.id).site_recode == "30"
    add_cases(2, site="prostate")
    assert sorted(db.session.scalars(select(Tumor.site_recode))) == ["30", "49", "49"]


def test_refresh_fills_only_missing_unless_asked(add_cases) -> None:
    add_cases(3, site="colon")
    db.session.execute(update(Tumor).where(Tumor.id == db.session.scalar(select(func_min()))).values(site_recode=None))
    db.session.execute(update(Tumor).where(Tumor.site_recode.is_not(None)).values(site_recode="XX"))
    assert refresh_site_recodes(db.session) == 1
    assert sorted(db.session.scalars(select(Tumor.site_recode))) == ["20", "XX", "XX"]
    assert refresh_site_recodes(db.session, everything=True) == 3
    assert set(db.session.scalars(select(Tumor.site_recode))) == {"20"}


def func_min():
    from sqlalchemy import func

    return func.min(Tumor.id)
