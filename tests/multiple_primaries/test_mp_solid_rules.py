"""Each general Solid Tumor Rule applied, with a pair it decides and a pair it leaves alone."""

from __future__ import annotations

import pytest

from registry.multiple_primaries.decide import decide


def make(site: str, hist: str, beh: str = "3", date: str = "20200101", lat: str = "0") -> dict[str, str]:
    return {"primarySite": site, "histologicTypeIcdO3": hist, "behaviorCodeIcdO3": beh, "dateOfDiagnosis": date,
            "laterality": lat}


@pytest.mark.parametrize(("a", "b", "result", "rule"), [
    # different modules
    (make("C619", "8140", date="2020"), make("C504", "8500", date="2021", lat="1"), "new", "SEER-STR-MODULES"),
    # site differs at the 2nd/3rd character (head and neck; colon C18 vs C20)
    (make("C019", "8070", date="20200101"), make("C320", "8070", date="20200301"), "new", "SEER-STR-SITE"),
    (make("C187", "8140", date="20200101"), make("C209", "8140", date="20200301"), "new", "SEER-STR-SITE"),
    # laterality of paired organs
    (make("C504", "8500", date="2020", lat="1"), make("C509", "8500", date="2021", lat="2"), "new",
     "SEER-STR-LATERALITY"),
    (make("C649", "8312", date="2020", lat="1"), make("C649", "8312", date="2021", lat="2"), "new",
     "SEER-STR-LATERALITY"),
    # timing per module
    (make("C504", "8500", date="20150101", lat="1"), make("C509", "8500", date="20200601", lat="1"), "new",
     "SEER-STR-breast-TIMING"),
    (make("C341", "8140", date="20170101", lat="1"), make("C343", "8140", date="20200601", lat="1"), "new",
     "SEER-STR-lung-TIMING"),
    (make("C649", "8312", date="20170101", lat="1"), make("C649", "8312", date="20200601", lat="1"), "new",
     "SEER-STR-kidney-TIMING"),
    (make("C099", "8070", date="20150101", lat="1"), make("C099", "8070", date="20200601", lat="1"), "new",
     "SEER-STR-head-neck-TIMING"),
    (make("C250", "8140", date="20230101"), make("C251", "8140", date="20240601"), "new",
     "SEER-STR-other-sites-TIMING"),
    (make("C250", "8140", date="20230101"), make("C160", "8140", date="20230601"), "new", "SEER-STR-SITE"),
    # other sites single-primary rules
    (make("C619", "8140", date="2015"), make("C619", "8140", date="2023"), "same", "SEER-STR-OTHER-PROSTATE"),
    (make("C443", "9140", date="2018"), make("C449", "9140", date="2023"), "same", "SEER-STR-OTHER-KAPOSI"),
    # cutaneous melanoma, 2021+
    (make("C443", "8720", date="20210101"), make("C445", "8720", date="20210105"), "new", "SEER-STR-melanoma-SITE"),
    (make("C446", "8720", date="20210101", lat="1"), make("C446", "8720", date="20210105", lat="2"), "new",
     "SEER-STR-melanoma-LATERALITY"),
    (make("C446", "8720", date="20210101", lat="1"), make("C446", "8720", date="20210405", lat="1"), "new",
     "SEER-STR-melanoma-TIMING"),
])
def test_rule_decides(a: dict, b: dict, result: str, rule: str) -> None:
    decision = decide(a, b)
    assert (decision.result, decision.rule) == (result, rule)
    assert decision.reason


@pytest.mark.parametrize(("a", "b", "rule"), [
    # same side, within 5 years: breast needs the histology tables
    (make("C504", "8500", date="2020", lat="1"), make("C509", "8500", date="2021", lat="1"), "SEER-STR-NOT-AUTOMATED"),
    # laterality unknown
    (make("C504", "8500", date="2020", lat="9"), make("C509", "8500", date="2021", lat="2"), "SEER-STR-LATERALITY"),
    # lung: one tumour in each lung is a rule about tumour counts, not automated
    (make("C341", "8140", date="2020", lat="1"), make("C341", "8140", date="2021", lat="2"), "SEER-STR-NOT-AUTOMATED"),
    # timing unknown (years only, could be more or less than 1 year apart): provisional, then review
    (make("C250", "8140", date="2023"), make("C251", "8140", date="2024"), "SEER-STR-other-sites-TIMING"),
    # prostate adenocarcinoma subtypes, inflammatory breast, Wilms, FAP, retinoblastoma
    (make("C619", "8140", date="2019"), make("C619", "8500", date="2023"), "SEER-STR-OTHER-PROSTATE"),
    (make("C504", "8530", date="2020", lat="1"), make("C509", "8500", date="2021", lat="2"),
     "SEER-STR-breast-INFLAMMATORY"),
    (make("C649", "8960", date="2020", lat="1"), make("C649", "8960", date="2021", lat="2"), "SEER-STR-kidney-WILMS"),
    (make("C187", "8220", date="2019"), make("C209", "8140", date="2021"), "SEER-STR-colon-POLYPOSIS"),
    (make("C692", "9510", date="2019", lat="1"), make("C692", "9510", date="2024", lat="2"), "SEER-STR-OTHER-MANUAL"),
    # urinary and CNS: every general rule there is preceded by table rules
    (make("C679", "8120", date="2016"), make("C679", "8130", date="2023"), "SEER-STR-NOT-AUTOMATED"),
    (make("C713", "9440", date="2018"), make("C718", "9440", date="2023"), "SEER-STR-NOT-AUTOMATED"),
    # scope and eras
    (make("C569", "8472", "1", date="2019"), make("C569", "8472", "1", date="2020"), "SEER-STR-SCOPE"),
    (make("C339", "8070", date="2019"), make("C320", "8070", date="2020"), "SEER-STR-SCOPE"),
    (make("C504", "8500", date="2012", lat="1"), make("C509", "8500", date="2015", lat="2"), "SEER-PRE2018"),
    (make("C447", "8720", date="2019"), make("C447", "8720", date="2020"), "SEER-STR-NOT-AUTOMATED"),
    (make("C446", "8720", date="20210101", lat="1"), make("C446", "8720", date="20210201", lat="1"),
     "SEER-STR-NOT-AUTOMATED"),  # same side within 60 days: histology subtype rules needed
    (make("C446", "8720", date="20210101", lat="9"), make("C446", "8720", date="20210201", lat="1"),
     "SEER-STR-melanoma-LATERALITY"),
    (make("C449", "8720", date="20210101"), make("C446", "8720", date="20220201"), "SEER-STR-melanoma-SITE-UNKNOWN"),
    (make("C809", "8000", date="2019"), make("C504", "8500", date="2020"), "INPUT"),
    (make("C504", "8500", date=""), make("C504", "8500", date="2020"), "INPUT"),
])
def test_review_instead_of_a_guess(a: dict, b: dict, rule: str) -> None:
    decision = decide(a, b)
    assert (decision.result, decision.rule) == ("review", rule)
