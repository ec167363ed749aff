"""IARC/IACR 2004 rules, diagnosis-date arithmetic and find_matching_tumor."""

from __future__ import annotations

from datetime import date

import pytest

from registry.multiple_primaries.decide import decide, find_matching_tumor
from registry.multiple_primaries.iarc import histology_group, organ
from registry.multiple_primaries.tumor import Tri, date_interval, days_apart, later, tumor_from_record, years_apart


def make(site: str, hist: str, beh: str = "3", date: str = "20200101", lat: str = "0") -> dict[str, str]:
    return {"primarySite": site, "histologicTypeIcdO3": hist, "behaviorCodeIcdO3": beh, "dateOfDiagnosis": date,
            "laterality": lat}


@pytest.mark.parametrize(("a", "b", "result", "rule"), [
    (make("C504", "8500", date="2000"), make("C509", "8520", date="2020"), "same", "IARC-R3"),  # no time limit
    (make("C504", "8500"), make("C619", "8500"), "new", "IARC-R3"),
    (make("C340", "8140"), make("C339", "8140"), "same", "IARC-R3"),  # C33 and C34 are one organ
    (make("C019", "8070"), make("C021", "8070"), "same", "IARC-R3"),  # C01-C02 one organ
    (make("C160", "8140"), make("C162", "8070"), "new", "IARC-R4"),  # adenocarcinoma vs squamous
    (make("C160", "8010"), make("C162", "8070"), "same", "IARC-R3"),  # carcinoma NOS gives way
    (make("C160", "8000"), make("C162", "8800"), "same", "IARC-R3"),  # cancer NOS gives way to sarcoma
    (make("C421", "9861"), make("C771", "9866"), "same", "IARC-R3-SYSTEMIC"),  # myeloid, any site
    (make("C421", "9800"), make("C421", "9861"), "same", "IARC-R3-SYSTEMIC"),  # leukaemia NOS gives way
    (make("C771", "9650"), make("C771", "9680"), "new", "IARC-R4"),  # Hodgkin vs B-cell
    (make("C443", "9140"), make("C160", "9140"), "same", "IARC-R3-SYSTEMIC"),  # Kaposi counted once
    (make("C504", "8500", "2"), make("C504", "8500"), "review", "IARC-SCOPE"),
    (make("C504", "8500", date=""), make("C504", "8500"), "same", "IARC-R3"),  # dates are not needed
    (make("C809", "8000"), make("C504", "8500"), "review", "INPUT"),
])
def test_iarc_rules(a: dict, b: dict, result: str, rule: str) -> None:
    decision = decide(a, b, rules="iarc")
    assert (decision.result, decision.rule) == (result, rule)


def test_iarc_groups_and_organs() -> None:
    assert histology_group("8500") == 3 and histology_group("8070") == 1 and histology_group("9140") == 15
    assert histology_group("8000") == 17 and histology_group("7999") is None
    assert organ("C339") == "C34" and organ("C679") == "C68" and organ("C187") == "C18"


def test_unknown_rule_set_raises() -> None:
    with pytest.raises(ValueError, match="rule set"):
        decide(make("C504", "8500"), make("C504", "8500"), rules="who")


def test_date_intervals_and_timing() -> None:
    assert date_interval("20200229") == (date(2020, 2, 29), date(2020, 2, 29))
    assert date_interval("202002") == (date(2020, 2, 1), date(2020, 2, 29))
    assert date_interval("2020") == (date(2020, 1, 1), date(2020, 12, 31))
    assert date_interval("20209999") == (date(2020, 1, 1), date(2020, 12, 31))
    assert date_interval("") is None and date_interval("99999999") is None
    t = lambda d: tumor_from_record(make("C504", "8500", date=d))  # noqa: E731
    assert days_apart(t("20200101"), t("20200122"), 21) is Tri.NO
    assert days_apart(t("20200101"), t("20200123"), 21) is Tri.YES
    assert days_apart(t("202001"), t("202002"), 21) is Tri.UNKNOWN
    assert years_apart(t("20150601"), t("20200601"), 5) is Tri.YES
    assert years_apart(t("20150601"), t("20200531"), 5) is Tri.NO
    assert years_apart(t("2015"), t("2020"), 5) is Tri.UNKNOWN
    assert years_apart(t("2015"), t("2021"), 5) is Tri.YES
    assert later(t("20200102"), t("20200101")) == 1 and later(t("2020"), t("2020")) == -1
    assert later(t("20200101"), t("20200101")) == 0 and later(t("2019"), t("2020")) == 2


def test_find_matching_tumor() -> None:
    breast_right = make("C504", "8500", date="20190101", lat="1")
    prostate = make("C619", "8140", date="20150101")
    index, decision = find_matching_tumor([breast_right, prostate], make("C619", "8140", date="20230101"))
    assert index == 1 and decision.rule == "SEER-STR-OTHER-PROSTATE"
    index, decision = find_matching_tumor([prostate], make("C504", "8500", date="20230101", lat="2"))
    assert index is None and decision.result == "new"
    index, decision = find_matching_tumor([prostate, breast_right], make("C509", "8500", date="20210101", lat="1"))
    assert index is None and decision.result == "review" and decision.reason.startswith("Tumor 2:")
    assert find_matching_tumor([], make("C504", "8500"))[1].rule == "NO-EXISTING-TUMOR"
    assert find_matching_tumor([make("C504", "8500")], make("C509", "8520"), rules="iarc")[0] == 0
