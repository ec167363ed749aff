"""SEER cause-specific death classification: footnote rules, table rows and the NAACCR record form."""

from __future__ import annotations

import pytest

from registry.recodes.cause_specific import cancer_specific_death, classify_death, classify_death_record

PROSTATE = {"primarySite": "C619", "histologicTypeIcdO3": "8140", "behaviorCodeIcdO3": "3",
            "dateOfDiagnosis": "20150301", "sequenceNumberCentral": "01", "icdRevisionNumber": "1"}


def _with(**items: str) -> dict[str, str]:
    return {**PROSTATE, **items}


@pytest.mark.parametrize(("items", "expected"), [
    ({"causeOfDeath": "C619"}, True),            # table row 49 (prostate), 3-character C61
    ({"causeOfDeath": "I219"}, False),           # myocardial infarction: other cause
    ({"causeOfDeath": "C809"}, True),            # unknown primary site counts for the first tumour
    ({"causeOfDeath": "C349"}, False),           # lung cancer death, prostate is first of several
    ({"causeOfDeath": "C349", "sequenceNumberCentral": "00"}, True),  # only tumour: any cancer death
    ({"causeOfDeath": "B211", "sequenceNumberCentral": "00"}, True),  # only tumour: AIDS with cancer
    ({"causeOfDeath": "C619", "sequenceNumberCentral": "02"}, None),  # not the first tumour
    ({"causeOfDeath": "7777"}, None),            # death certificate not available
    ({"causeOfDeath": "", "icdRevisionNumber": "1"}, None),
    ({"causeOfDeath": "0000", "icdRevisionNumber": "0"}, False),  # alive
])
def test_prostate_examples(items: dict[str, str], expected: bool | None) -> None:
    assert cancer_specific_death(_with(**items)) is expected


def test_melanoma_footnote_and_icd9_rows() -> None:
    melanoma = {"primarySite": "C445", "histologicTypeIcdO3": "8720", "behaviorCodeIcdO3": "3",
                "dateOfDiagnosis": "1995", "sequenceNumberCentral": "01", "icdRevisionNumber": "9"}
    assert cancer_specific_death({**melanoma, "causeOfDeath": "1729"}) is True
    assert cancer_specific_death({**melanoma, "causeOfDeath": "1991"}) is True
    assert cancer_specific_death({**melanoma, "causeOfDeath": "4109"}) is False
    # the melanoma footnote needs a melanoma histology: a prostate adenocarcinoma does not take a 172 death
    prostate = {**melanoma, "primarySite": "C619", "histologicTypeIcdO3": "8140"}
    assert cancer_specific_death({**prostate, "causeOfDeath": "1729"}) is False


def test_codes_and_cutoff_year() -> None:
    result = classify_death_record(_with(causeOfDeath="C619"))
    assert (result.cause_specific, result.cause_other) == ("1", "0")
    other = classify_death_record(_with(causeOfDeath="I219"))
    assert (other.cause_specific, other.cause_other) == ("0", "1")
    late = _with(causeOfDeath="C619", dateOfLastContact="20300101")
    assert classify_death_record(late, cutoff_year=2024).cause_specific == "0"
    direct = classify_death(primary_site="C619", histology="8140", behavior="3", dx_year="2015", sequence="01",
                            icd_revision="1", cause_of_death="C61", variant="2008")
    assert direct.cause_specific == "1"


def test_2008_bug_fix_variants_differ_only_on_anal_canal_hiv_code() -> None:
    anus = {"primarySite": "C210", "histologicTypeIcdO3": "8070", "behaviorCodeIcdO3": "3", "dateOfDiagnosis": "1995",
            "sequenceNumberCentral": "01", "icdRevisionNumber": "9", "causeOfDeath": "0421"}
    assert cancer_specific_death(anus, variant="2008-pre-fix") is True
    assert cancer_specific_death(anus, variant="2008") is False
    with pytest.raises(ValueError):
        cancer_specific_death(anus, variant="1999")
