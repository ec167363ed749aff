"""Death clearance on a generated death file with known truth, and the comparators on hand-made pairs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from registry.followup import comparators
from registry.followup.clearance import death_updates
from registry.followup.linkage import link_deaths
from registry.followup.synthetic import synthetic_patients
from registry.followup.synthetic_deaths import synthetic_death_file


@pytest.fixture(scope="module")
def linked():
    patients = synthetic_patients(6000, seed=21)
    deaths, truth = synthetic_death_file(patients, registry_deaths=1500, other_deaths=1500, seed=21)
    return patients, deaths, truth, link_deaths(patients, deaths)


def _pairs(frame: pd.DataFrame) -> set[tuple[int, str]]:
    return set(zip(frame["death_row"], frame["patientIdNumber"], strict=True))


def test_generated_death_file_precision_and_recall(linked):
    _, deaths, truth, result = linked
    true_pairs = {(i, p) for i, p in truth.items() if p}
    automatic = _pairs(result.matches)
    correct = len(automatic & true_pairs)
    precision, recall = correct / len(automatic), correct / len(true_pairs)
    reviewed = _pairs(result.review)
    lost = true_pairs - automatic - reviewed
    print(f"\ndeath clearance: {len(deaths)} deaths, {len(true_pairs)} true; automatic {len(automatic)}, "
          f"precision {precision:.4f}, recall {recall:.4f}; review {len(result.review)}; "
          f"true pairs neither matched nor reviewed {len(lost)}; non-matches {len(result.non_matches)}")
    assert precision >= 0.99
    assert recall >= 0.97
    assert not lost


def test_non_matches_are_the_unlinked_deaths(linked):
    _, deaths, truth, result = linked
    linked_rows = set(result.matches["death_row"]) | set(result.review["death_row"])
    assert set(result.non_matches.index) == set(deaths.index) - linked_rows
    outsiders = truth[truth == ""].index
    assert result.non_matches.index.isin(outsiders).mean() > 0.99  # DCO follow-back list is outsiders


def test_each_death_and_patient_matched_once(linked):
    _, _, _, result = linked
    assert not result.matches["death_row"].duplicated().any()
    assert not result.matches["patientIdNumber"].duplicated().any()
    assert (result.matches["weight"] >= 20).all() and (result.review["weight"] >= 10).all()


def test_death_updates(linked):
    _, deaths, _, result = linked
    updates = death_updates(result.matches.head(3), deaths)
    row = result.matches.iloc[0]
    assert updates.iloc[0].to_dict() == {
        "patientIdNumber": row["patientIdNumber"], "vitalStatus": "0",
        "dateOfLastContact": deaths.loc[row["death_row"], "date_of_death"],
        "causeOfDeath": deaths.loc[row["death_row"], "underlying_cause"], "icdRevisionNumber": "1",
        "certificate_number": deaths.loc[row["death_row"], "certificate_number"],
        "line": deaths.loc[row["death_row"], "line"]}


def _level(function, left, right):
    return function(pd.Series(left, dtype="string"), pd.Series(right, dtype="string"))


def test_name_comparators():
    levels = _level(comparators.first_name_level, ["WILLIAM", "BILL", "KATHERINE", "JOHN", "MARY", ""],
                    ["BILL", "WILL", "KATHERNE", "MARY", "MARY", "ANN"])
    np.testing.assert_array_equal(levels, [2, 2, 1, 0, 2, np.nan])
    levels = _level(comparators.surname_level, ["JOHNSON", "LEE", "SMITH"], ["JONHSON", "LEW", "GARCIA"])
    np.testing.assert_array_equal(levels, [1, 1, 0])


def test_date_and_ssn_comparators():
    dob = comparators.birth_date_number(pd.Series(["19500304", "19500304", "19500304", "19500304", "1950", ""]))
    other = comparators.birth_date_number(pd.Series(["19500304", "19500403", "19510304", "19511203", "19500304",
                                                     "19500304"]))
    levels = comparators.birth_date_level(pd.Series(dob), pd.Series(other))
    np.testing.assert_array_equal(levels, [3, 2, 1, 0, 1, np.nan])
    ssn = comparators.ssn_number(pd.Series(["123456789"] * 5 + [""]))
    other = comparators.ssn_number(pd.Series(["123456789", "123456780", "123465789", "123456700", "123455789",
                                              "123456789"]))
    np.testing.assert_array_equal(comparators.ssn_level(pd.Series(ssn), pd.Series(other)), [2, 1, 1, 0, 1, np.nan])


def test_small_hand_linkage():
    """Nickname + swapped birth day/month with no SSN links automatically; a married name goes to review."""
    registry = pd.DataFrame({
        "patientIdNumber": ["1", "2", "3"], "nameLast": ["HOLLOWAY", "PRZYBYLSKI", "GARCIA"],
        "nameFirst": ["WILLIAM", "KATHERINE", "ROSA"], "dateOfBirth": ["19410305", "19520817", "19600101"],
        "sexAssignedAtBirth": ["1", "2", "2"], "socialSecurityNumber": ["", "", "111223333"],
        "dateOfLastContact": ["20230101", "20230101", "20240601"],
    }, dtype="string")
    deaths = pd.DataFrame({
        "line": ["2", "3", "4", "5"], "last_name": ["HOLLOWAY", "NAKAMURA", "GARCIA", "UNRELATED"],
        "first_name": ["BILL", "KATHERINE", "ROSA", "PERSON"], "middle_name": "",
        "date_of_birth": ["19410503", "19520817", "19600101", "19700707"], "sex": ["1", "2", "2", "1"],
        "ssn": ["", "", "111223333", ""], "date_of_death": ["20240110", "20240210", "20240310", "20240410"],
        "underlying_cause": "C349", "certificate_number": "", "place_of_death": "",
    }, dtype="string")
    result = link_deaths(registry, deaths)
    assert _pairs(result.matches) == {(0, "1")}
    review = result.review
    assert set(zip(review["death_row"], review["patientIdNumber"], review["reason"], strict=True)) == {
        (1, "2", "weight below the match threshold"), (2, "3", "contact after the date of death")}
    assert list(result.non_matches.index) == [3]


def test_empty_and_unmatchable_inputs():
    patients = synthetic_patients(50, seed=2)
    deaths, _ = synthetic_death_file(patients, 0, 3, seed=2)
    empty = link_deaths(patients, deaths.head(0))
    assert (len(empty.matches), len(empty.review), len(empty.non_matches)) == (0, 0, 0)
    bare = patients.drop(columns=["socialSecurityNumber", "dateOfLastContact"])
    stranger = deaths.head(1).assign(last_name="ZZYZX", first_name="QUORRA", date_of_birth="", ssn="")
    result = link_deaths(bare, stranger)
    assert (len(result.matches), len(result.review), list(result.non_matches.index)) == (0, 0, [0])
