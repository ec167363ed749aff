"""SEER site recode: every table row's boundary values against a naive reading of the same table."""

from __future__ import annotations

import pytest

from registry.recodes.site_recode import (
    VARIANT_FILES,
    seer_site_recode,
    seer_site_recode_record,
    site_recode_groups,
    site_recode_label,
    unknown_code,
)

LAYOUT = {v: ("2023" if v.startswith("2023") else "2008") for v in VARIANT_FILES}


@pytest.mark.parametrize("variant", sorted(VARIANT_FILES))
def test_every_row_boundary_agrees_with_naive_table(variant: str, oracle: dict) -> None:
    rows = oracle["rows"](VARIANT_FILES[variant], LAYOUT[variant])
    checked = 0
    for row in rows:
        for site, hist, beh, year in oracle["points"](row):
            expected = oracle["match"](rows, site, hist, beh, year) or unknown_code(variant)
            got = seer_site_recode(f"C{site:03d}", f"{hist:04d}", variant, behavior=str(beh), dx_year=year).code
            assert got == expected, (variant, site, hist, beh, year)
            checked += 1
    assert checked > 1000


@pytest.mark.parametrize(("site", "hist", "code", "label"), [
    ("C504", "8500", "39", "Breast"),
    ("C619", "8140", "49", "Prostate"),
    ("C341", "8046", "30", "Lung and Bronchus"),
    ("C182", "8000", "20", "Colon and Rectum (excluding Appendix)"),
    ("C504", "9680", "70", "Non-Hodgkin Lymphomas"),
    ("C619", "9680", "70", "Non-Hodgkin Lymphomas"),
    ("C779", "9650", "69", "Hodgkin Lymphomas"),
    ("C239", "9140", "78", "Kaposi Sarcoma"),
    ("C020", "9050", "77", "Mesothelioma"),
    ("C809", "8140", "79", "Miscellaneous Neoplasms"),
    ("C447", "8720", "37", "Melanoma of the Skin"),
])
def test_known_2023_examples(site: str, hist: str, code: str, label: str) -> None:
    result = seer_site_recode(site, hist, dx_year=2021)
    assert (result.code, result.label) == (code, label)
    assert site_recode_label(code) == label


def test_behavior_and_year_conditions_of_2023() -> None:
    assert seer_site_recode("C700", "8000", behavior="0", dx_year=2023).code == "81"
    assert seer_site_recode("C700", "8000", behavior="3", dx_year=2023).code == "59"
    assert seer_site_recode("C504", "8500", behavior="0", dx_year=2023).code == "99"
    assert seer_site_recode("C000", "9727", dx_year=2009).code == "67"
    assert seer_site_recode("C000", "9727", dx_year=2010).code == "70"
    assert seer_site_recode("C000", "9727").code == "99"  # year needed, none given: unknown, not a guess
    assert seer_site_recode("C421", "9811").code == "67"  # same answer in every year band


@pytest.mark.parametrize(("variant", "site", "hist", "code"), [
    ("2008", "C182", "8000", "21043"), ("2008", "C239", "9673", "33042"), ("2008", "C098", "9673", "33041"),
    ("2008", "C424", "9811", "35011"), ("2003", "C424", "9811", "99999"), ("2003", "C239", "9140", "36020"),
    ("2003-without-ks-meso", "C239", "9140", "21080"), ("2023-expanded", "C239", "9673", "71"),
    ("2023-expanded", "C424", "8000", "82"),
])
def test_known_examples_older_and_expanded_variants(variant: str, site: str, hist: str, code: str) -> None:
    assert seer_site_recode(site, hist, variant, dx_year=2023).code == code


def test_invalid_input_gives_unknown_and_bad_variant_raises() -> None:
    assert seer_site_recode("", "8000").code == "99"
    assert seer_site_recode("C50", "8500").code == "99"
    assert seer_site_recode("C504", "85X0", "2008").code == "99999"
    assert site_recode_label("12345") == "Unknown"
    with pytest.raises(ValueError, match="variant"):
        seer_site_recode("C504", "8500", "1999")


def test_record_form_and_group_listing() -> None:
    record = {"primarySite": "C619", "histologicTypeIcdO3": "8140", "behaviorCodeIcdO3": "3",
              "dateOfDiagnosis": "20200115"}
    assert seer_site_recode_record(record).label == "Prostate"
    groups = site_recode_groups("2023")
    labels = [g.label for g in groups]
    assert labels.index("Digestive System") < labels.index("Esophagus") < labels.index("Breast")
    assert [g.code for g in groups if g.code][:3] == ["01", "02", "03"]
    assert next(g for g in groups if g.label == "Head and Neck").code is None
