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


def _example_tumor(code: str) -> dict[str, str] | None:
    """A tumor whose 2023 site recode is ``code``, built from the first site recode row with that code."""
    from registry.recodes.site_recode import seer_site_recode, site_recode_rows

    row = next((r for r in site_recode_rows("2023") if r.code == code), None)
    if row is None:  # the table also lists codes (80, 82) that the 2023 site recode never produces
        return None
    site = row.site_in.starts[0] if row.site_in else 0
    hist = row.hist_in.starts[0] if row.hist_in else next(h for h in (8000, 8140, 8070) if h not in row.hist_out)
    beh = str(row.beh_in.starts[0]) if row.beh_in else "3"
    tumor = {"primarySite": f"C{site:03d}", "histologicTypeIcdO3": f"{hist:04d}", "behaviorCodeIcdO3": beh,
             "dateOfDiagnosis": "2020"}
    got = seer_site_recode(tumor["primarySite"], tumor["histologicTypeIcdO3"], behavior=beh, dx_year=2020)
    return tumor if got.code == code else None


def _boundaries(text: str, width: int) -> list[str]:
    out = []
    for item in text.split(","):
        item = item.strip()
        if item:
            lo, _, hi = item.partition("-")
            out += [lo, hi or lo]
    return [c + "9" * (4 - len(c)) if width == 3 else c for c in out]


def test_every_2023_table_row_counts_its_listed_causes() -> None:
    from registry.recodes.rows import read_text

    checked = 0
    for line in read_text("causespecific-data_2023.txt").splitlines()[1:]:
        fields = line.split(";")
        icd, seq_type, recode, three = fields[:4]
        four = fields[4] if len(fields) >= 6 else ""
        tumor = _example_tumor(recode)
        if tumor is None:
            continue
        seq = "00" if seq_type == "0" else "01"
        for cod in _boundaries(three, 3) + _boundaries(four, 4):
            record = {**tumor, "sequenceNumberCentral": seq, "icdRevisionNumber": icd, "causeOfDeath": cod}
            assert cancer_specific_death(record) is True, (icd, seq_type, recode, cod)
            checked += 1
        heart = {"1": "I219", "8": "4109", "9": "4109"}[icd]
        if not any(c.startswith(heart[:3]) for c in _boundaries(three, 3) + _boundaries(four, 4)):
            record = {**tumor, "sequenceNumberCentral": seq, "icdRevisionNumber": icd, "causeOfDeath": heart}
            assert cancer_specific_death(record) is False, (icd, seq_type, recode)
    assert checked > 2000


def test_rows_without_a_four_digit_column() -> None:
    kidney = {"primarySite": "C649", "histologicTypeIcdO3": "8312", "behaviorCodeIcdO3": "3",
              "dateOfDiagnosis": "2020", "sequenceNumberCentral": "00", "icdRevisionNumber": "1"}
    assert cancer_specific_death({**kidney, "causeOfDeath": "N189"}) is True  # renal failure, kidney cancer
    assert cancer_specific_death({**kidney, "causeOfDeath": "N209"}) is False
