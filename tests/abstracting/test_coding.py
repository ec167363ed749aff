"""Coding help: ICD-O-3 searches, SEER site/type validity, staging schema and its items."""

from registry.abstracting.coding import search_histology, search_topography, site_type_warning, staging_help


def test_topography_search_by_code_prefix_and_words():
    assert [m["code"] for m in search_topography("c34")][:3] == ["C340", "C341", "C342"]
    assert [m["code"] for m in search_topography("50.4")] == ["C504"]
    assert {m["code"] for m in search_topography("upper lobe lung")} == {"C341"}
    assert search_topography("  ") == []


def test_histology_search_by_code_and_words():
    by_code = search_histology("8140/3")
    assert by_code and all(m["histology"] == "8140" and m["behavior"] == "3" for m in by_code)
    assert by_code[0]["preferred"]
    words = search_histology("small cell carcinoma")
    assert any(m["histology"] == "8041" for m in words)


def test_site_type_warning_follows_the_seer_list():
    assert site_type_warning("C504", "8500", "3") is None
    assert "not on the SEER site/type list" in site_type_warning("C619", "9510", "3")
    assert site_type_warning("C619", "9510", "1") is None  # behaviors other than 2 and 3 are not checked


def test_staging_help_by_year_site_and_histology():
    assert "No staging algorithm" in staging_help({"dateOfDiagnosis": "2017"}).status
    assert "Code the primary site" in staging_help({"dateOfDiagnosis": "2022"}).status
    ambiguous = staging_help({"dateOfDiagnosis": "2022", "primarySite": "C481", "histologicTypeIcdO3": "8000",
                              "behaviorCodeIcdO3": "3"})
    assert ambiguous.questions and ambiguous.questions[0]["id"] == "sexAssignedAtBirth"
    prostate = staging_help({"dateOfDiagnosis": "2022", "primarySite": "C619", "histologicTypeIcdO3": "8140",
                             "behaviorCodeIcdO3": "3"})
    assert prostate.schema_id == "prostate"
    assert any(i["id"] == "psaLabValue" for i in prostate.site_specific)
    cs = staging_help({"dateOfDiagnosis": "2010", "primarySite": "C619", "histologicTypeIcdO3": "8140"})
    assert cs.algorithm.startswith("cs ") and cs.schema_id
