"""Schema selection with discriminators and the questions asked when it is ambiguous."""

from __future__ import annotations

from registry.staging.engine import Algorithm


def test_ambiguous_site_asks_for_each_missing_discriminator(eod: Algorithm) -> None:
    result = eod.stage({"site": "C111", "hist": "8200"})
    assert result.result == "FAILED_MULTIPLE_MATCHING_SCHEMAS"
    assert sorted(result.candidate_schemas) == [
        "nasopharynx", "nasopharynx_v9_2025", "oropharynx_hpv_mediated_p16_pos", "oropharynx_p16_neg"]
    questions = {q.key: q for q in result.discriminators}
    assert list(questions) == ["year_dx", "discriminator_1", "discriminator_2"]
    disc1 = questions["discriminator_1"]
    assert disc1.question == "Schema Discriminator 1: Nasopharynx/PharyngealTonsil"
    assert disc1.naaccr_xml_id == "schemaDiscriminator1"
    assert [v.code for v in disc1.allowed_values] == ["1", "2"]
    assert [v.code for v in questions["discriminator_2"].allowed_values] == ["1", "2", "9"]
    assert [e.key for e in result.errors] == ["year_dx", "discriminator_1", "discriminator_2"]
    assert "allowed values: 1 = Posterior wall of nasopharynx" in result.errors[1].message


def test_answering_the_questions_selects_one_schema(eod: Algorithm) -> None:
    base = {"site": "C111", "hist": "8200", "year_dx": "2022", "behavior": "3"}
    assert eod.stage({**base, "discriminator_1": "1"}).schema_id == "nasopharynx"
    assert eod.stage({**base, "discriminator_1": "2", "discriminator_2": "1"}).schema_id == "oropharynx_p16_neg"
    assert eod.stage({**base, "discriminator_1": "2", "discriminator_2": "2"}).schema_id == (
        "oropharynx_hpv_mediated_p16_pos")


def test_partially_answered_lookup_asks_only_the_rest(eod: Algorithm) -> None:
    result = eod.stage({"site": "C111", "hist": "8200", "year_dx": "2022", "discriminator_1": "2"})
    assert result.result == "FAILED_MULTIPLE_MATCHING_SCHEMAS"
    assert [q.key for q in result.discriminators] == ["discriminator_2"]


def test_sex_at_birth_discriminates_retroperitoneum(eod: Algorithm) -> None:
    result = eod.stage({"site": "C481", "hist": "8720"})
    assert [q.key for q in result.discriminators] == ["sex_at_birth"]
    assert eod.stage({"site": "C481", "hist": "8720", "sex_at_birth": "1"}).schema_id == "retroperitoneum"


def test_invalid_site_or_discriminator_alone_selects_nothing(eod: Algorithm) -> None:
    assert eod.lookup_schema(site="C999", hist="8000") == []
    assert eod.lookup_schema(discriminator_1="1") == []
    assert eod.lookup_schema(site="C111", discriminator_1="1") == []
    assert eod.stage({"site": "C489", "hist": "9898"}).result == "FAILED_NO_MATCHING_SCHEMA"


def test_cs_uses_ssf25_as_discriminator(cs: Algorithm) -> None:
    ambiguous = cs.stage({"site": "C161", "hist": "8000"})
    assert ambiguous.result == "FAILED_MULTIPLE_MATCHING_SCHEMAS"
    assert [q.key for q in ambiguous.discriminators] == ["ssf25"]
    codes = [v.code for v in ambiguous.discriminators[0].allowed_values]
    for code in codes:
        found = cs.lookup_schema(site="C161", hist="8000", ssf25=code)
        assert len(found) <= 1, (code, [s.id for s in found])
    assert any(len(cs.lookup_schema(site="C161", hist="8000", ssf25=code)) == 1 for code in codes)


def test_pediatric_selection_uses_age(pediatric: Algorithm) -> None:
    case = {"site": "C569", "hist": "9081", "behavior": "3"}
    assert [s.id for s in pediatric.lookup_schema({**case, "age_dx": "16"})] == ["ovarian"]
    assert [s.id for s in pediatric.lookup_schema({**case, "age_dx": "55"})] == ["adult_other_non_pediatric"]
