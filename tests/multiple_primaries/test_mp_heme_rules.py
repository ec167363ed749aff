"""Each SEER hematopoietic rule with a pair it decides and a pair it leaves to later rules."""

from __future__ import annotations

import pytest

from registry.multiple_primaries import heme
from registry.multiple_primaries.decide import decide
from registry.multiple_primaries.heme_data import acute_to_chronic, chronic_to_acute, is_same_primary
from registry.multiple_primaries.tumor import tumor_from_record


def make(site: str, hist: str, beh: str = "3", date: str = "20200101", lat: str = "0") -> dict[str, str]:
    return {"primarySite": site, "histologicTypeIcdO3": hist, "behaviorCodeIcdO3": beh, "dateOfDiagnosis": date,
            "laterality": lat}


def T(site: str, hist: str, date: str, beh: str = "3") -> object:
    return tumor_from_record(make(site, hist, beh, date))


@pytest.mark.parametrize(("rule", "hit", "miss", "result"), [
    (heme.m2, (T("C421", "9732", "2015"), T("C421", "9732", "2022")), (T("C421", "9732", "2015"),
                                                                       T("C421", "9733", "2015")), "same"),
    (heme.m3, (T("C421", "9861", "20200101"), T("C492", "9930", "20200601")),
     (T("C492", "9930", "20200101"), T("C421", "9861", "20200601")), "same"),
    (heme.m4, (T("C421", "9591", "20200101"), T("C421", "9823", "20200110")),
     (T("C421", "9591", "20200101"), T("C421", "9823", "20200401")), "same"),
    (heme.m5, (T("C771", "9650", "20200101"), T("C771", "9590", "20200105")),
     (T("C771", "9650", "20200101"), T("C772", "9590", "20200105")), "same"),
    (heme.m6, (T("C771", "9650", "2019"), T("C162", "9680", "2021")),
     (T("C771", "9650", "2019"), T("C771", "9680", "2021")), "new"),
    (heme.m8, (T("C421", "9989", "20200101"), T("C421", "9861", "20200110")),
     (T("C421", "9989", "20150101"), T("C421", "9861", "20200110")), "review"),
    (heme.m10, (T("C421", "9989", "20150101"), T("C421", "9861", "20200110")),
     (T("C421", "9861", "20150101"), T("C421", "9989", "20200110")), "new"),
    (heme.m12, (T("C421", "9861", "20150101"), T("C421", "9989", "20200110")),
     (T("C421", "9861", "20150101"), T("C421", "9732", "20200110")), "review"),
    (heme.m14, (T("C421", "9971", "20200101"), T("C771", "9680", "20200115")),
     (T("C421", "9971", "20200101"), T("C771", "9680", "20200515")), "same"),
])
def test_rule_hit_and_miss(rule: object, hit: tuple, miss: tuple, result: str) -> None:
    step = rule(*hit)  # type: ignore[operator]
    assert step is not None and step.result == result and not step.provisional
    assert rule(*miss) is None  # type: ignore[operator]


def test_m2_reviews_nodal_and_extranodal_malt() -> None:
    step = heme.m2(T("C772", "9699", "2015"), T("C160", "9699", "2022"))
    assert step is not None and step.result == "review"


def test_m15_calculator_and_its_year_handling() -> None:
    assert heme.m15(T("C421", "9870", "2016"), T("C421", "9590", "2011")).result == "same"
    assert heme.m15(T("C421", "9870", "2016"), T("C421", "9805", "2016")).result == "new"
    assert is_same_primary("9870/3", "9805/3", 2001, 2001)
    assert not is_same_primary("9590/3", "9870/3", 1990, 1998)
    assert not is_same_primary("9671/3", "9823/3", 2018, 2009)
    assert is_same_primary("9670/3", "9823/3", 2021, 2022)  # the later diagnosis lists the earlier one
    assert not is_same_primary("9670/3", "9823/3", 2019, 2016)


def test_transformation_tables() -> None:
    assert chronic_to_acute("9761/3", "9659/3", 2010, 2010)
    assert not chronic_to_acute("9659/3", "9761/3", 2010, 2010)
    assert chronic_to_acute("9993/3", "9867/3", 2021, 2021) and not chronic_to_acute("9993/3", "9867/3", 2020, 2021)
    assert acute_to_chronic("9653/3", "9671/3", 2010, 2010) and not acute_to_chronic("9671/3", "9653/3", 2010, 2010)


def test_unknown_dates_make_a_provisional_answer_that_later_rules_must_confirm() -> None:
    step = heme.m4(T("C421", "9591", "2020"), T("C421", "9823", "2020"))
    assert step is not None and step.provisional and step.result == "same"
    # M15 says same primary too, so the provisional answer stands and M15 decides
    assert decide(make("C421", "9591", date="2020"), make("C421", "9823", date="2020")).result == "same"
    # M5 provisional "same" but the calculator says multiple: review
    contradicted = decide(make("C771", "9650", date="2020"), make("C771", "9673", date="2020"))
    assert (contradicted.result, contradicted.rule) == ("review", "SEER-HEME-M5")


def test_decide_names_the_rule() -> None:
    d = decide(make("C421", "9861", date="20150101"), make("C421", "9989", date="20200110"))
    assert (d.result, d.rule) == ("review", "SEER-HEME-M12") and "treatment" in d.reason
    d = decide(make("C421", "9732", date="2009"), make("C421", "9732", date="2009"))
    assert (d.result, d.rule) == ("review", "SEER-HEME-PRE2010")
    d = decide(make("C421", "9732", date="2012"), make("C504", "8500", date="2019", lat="1"))
    assert (d.result, d.rule) == ("new", "SEER-HEME-SOLID")
    d = decide(make("C421", "9732", date="2012"), make("C569", "8472", "1", date="2019"))
    assert (d.result, d.rule) == ("review", "SEER-STR-SCOPE")
