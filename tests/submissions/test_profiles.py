"""Submission profiles: the demo profile, every refusal in plain words, file names, dictionaries, versions."""

from __future__ import annotations

import pytest

from registry.submissions.profiles import ProfileError, demo_profile_text, parse_profile
from registry.submissions.versions import renames_for, translate


def test_demo_profile():
    profile = parse_profile(demo_profile_text())
    assert (profile.name, profile.naaccr_version, profile.record_type, profile.on_edit_errors) == (
        "maryland", "250", "A", "hold")
    [maryland] = profile.dictionaries()
    assert maryland.uri == "https://phpa.health.maryland.gov/cancer/maryland-naaccr-dictionary-250-v1.xml"
    assert maryland.get("repFacilityMD10Num").level == "Tumor"
    assert profile.file_name_for(7, "0000000024", "20261127") == "MD_0000000024_20261127_0007.xml.gz"


@pytest.mark.parametrize(("text", "problem"), [
    ("name: a\nedit_set: nightly\n", "edit_set must be one of"),
    ("name: a\nnaaccr_version: '180'\n", "naaccr_version must be"),
    ("name: a\nrecord_type: X\n", "record_type must be one of"),
    ("name: a\nsend: sometimes\n", "send must be one of"),
    ("name: a\non_edit_errors: ignore\n", "on_edit_errors must be one of"),
    ("name: a\nfile_name: '{state}.xml'\n", "file_name may only use"),
    ("name: a\nfile_name: '../x.xml'\n", "not a path"),
    ("name: a\nuser_dictionaries: [nowhere.xml]\n", "no packaged user dictionary"),
    ("name: a\ndeadline_days: -3\n", "deadline_days"),
    ("name: a\ndeadline_from: dateOfDeath\n", "deadline_from must be one of"),
    ("name: a\nselection: {dx_year_from: soon}\n", "selection.dx_year_from must be a year"),
    ("name: a\nselection: {sites: [C50]}\n", "selection.sites is not a known setting"),
    ("name: a\ncolour: blue\n", "colour is not a known setting"),
    ("name: 'a b'\n", "name is required"),
    ("- a\n- b\n", "a YAML mapping"),
    ("name: [unclosed\n", "not valid YAML"),
])
def test_refusals(text, problem):
    with pytest.raises(ProfileError) as caught:
        parse_profile(text)
    assert any(problem in p for p in caught.value.problems), caught.value.problems


def test_every_problem_is_listed():
    with pytest.raises(ProfileError) as caught:
        parse_profile("name: a\nedit_set: x\nsend: y\nrecord_type: Z\n")
    assert len(caught.value.problems) == 3


def test_file_name_gets_the_gzip_suffix():
    plain = parse_profile("name: fl\nfile_name: '{profile}-{batch}'\n")
    assert plain.file_name_for(2, "", "20260101") == "fl-2.xml.gz"
    assert parse_profile("name: fl\nfile_name: '{date}.xml'\n").file_name_for(1, "", "20260101") == "20260101.xml.gz"


def test_sex_is_written_as_sex_before_v26():
    assert renames_for("250") == {"sexAssignedAtBirth": "sex"} and renames_for("260") == {}
    assert translate({"sexAssignedAtBirth": "2", "primarySite": "C504"}, renames_for("240")) == {
        "sex": "2", "primarySite": "C504"}
    assert translate({"sexAssignedAtBirth": "2", "sex": "1"}, renames_for("250")) == {"sex": "1"}


def test_florida_dictionary_is_packaged():
    profile = parse_profile("name: fl\nnaaccr_version: '250'\nuser_dictionaries: [FCDS-NAACCR-Dictionary-250.xml]\n")
    [florida] = profile.dictionaries()
    assert len(florida) == 62 and florida.uri.startswith("https://fcds.med.miami.edu/")
