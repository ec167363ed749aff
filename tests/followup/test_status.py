"""Due, delinquent, lost and the CoC exclusions on hand-made patients (as of 2024-06-15)."""

from __future__ import annotations

from datetime import date

import pytest

from registry.followup.status import due_list, followup_status

AS_OF = date(2024, 6, 15)

# patientIdNumber -> (items, expected status, expected reason)
PATIENTS = {
    "P01": ({"dateOfLastContact": "20240101"}, "current", ""),
    "P02": ({"dateOfLastContact": "20230616"}, "current", ""),  # one day short of 12 months
    "P03": ({"dateOfLastContact": "20230615"}, "due", ""),  # exactly 12 months
    "P04": ({"dateOfLastContact": "20230315"}, "due", ""),  # exactly 15 months is not yet "over 15"
    "P05": ({"dateOfLastContact": "20230314"}, "delinquent", ""),
    "P06": ({"dateOfLastContact": "20220615"}, "delinquent", ""),  # exactly 24 months: not yet lost
    "P07": ({"dateOfLastContact": "20220614"}, "lost", ""),
    "P08": ({"dateOfLastContact": ""}, "lost", "no-date-of-last-contact"),
    "P09": ({"vitalStatus": "0", "dateOfLastContact": "20200101"}, "dead", ""),
    "P10": ({"dateOfLastContact": "202306"}, "due", ""),  # partial: read as 2023-06-01
    "P11": ({"dateOfLastContact": "2023"}, "delinquent", ""),  # partial: read as 2023-01-01
    "P12": ({"classOfCase": "30"}, "excluded", "non-analytic"),
    "P13": ({"classOfCase": "00"}, "excluded", "non-analytic"),
    "P14": ({"primarySite": "C539", "histologicTypeIcdO3": "8070", "behaviorCodeIcdO3": "2"},
            "excluded", "cervix-in-situ"),
    "P15": ({"primarySite": "C539", "histologicTypeIcdO3": "8070", "behaviorCodeIcdO3": "3"}, "current", ""),
    "P16": ({"primarySite": "C700", "histologicTypeIcdO3": "9530", "behaviorCodeIcdO3": "0"},
            "excluded", "benign-borderline"),
    "P17": ({"primarySite": "C751", "histologicTypeIcdO3": "8272", "behaviorCodeIcdO3": "1"},
            "excluded", "benign-borderline"),
    "P18": ({"primarySite": "C443", "histologicTypeIcdO3": "8090", "summaryStage2018": "1"},
            "excluded", "skin-basal-squamous"),
    "P19": ({"primarySite": "C443", "histologicTypeIcdO3": "8070", "behaviorCodeIcdO3": "2"},
            "excluded", "skin-basal-squamous"),
    "P20": ({"primarySite": "C443", "histologicTypeIcdO3": "8070", "summaryStage2018": "7"}, "current", ""),
    "P21": ({"primarySite": "C443", "histologicTypeIcdO3": "8720"}, "current", ""),  # melanoma is followed
    "P22": ({"addrCurrentCountry": "CAN"}, "excluded", "foreign-resident"),
    "P23": ({"addrCurrentCountry": "", "addrAtDxCountry": "MEX"}, "excluded", "foreign-resident"),
    "P24": ({"addrCurrentCountry": "ZZU"}, "current", ""),
    "P25": ({"addrCurrentCountry": "PRI"}, "current", ""),
    "P26": ({"dateOfBirth": "19240614"}, "excluded", "age-over-100"),  # 100th birthday the day before
    "P27": ({"dateOfBirth": "19240615"}, "current", ""),  # exactly 100 today: not over
    "P28": ({"dateOfBirth": "1924"}, "current", ""),  # partial birth year read at its latest day
    "P29": ({"dateOfBirth": "1923"}, "excluded", "age-over-100"),
    "P32": ({"vitalStatus": "0", "classOfCase": "30"}, "excluded", "non-analytic"),  # exclusion before death
}


def _rows() -> list[dict[str, str]]:
    rows = [{"patientIdNumber": pid, **items} for pid, (items, _, _) in PATIENTS.items()]
    rows += [  # P30: one non-analytic and one analytic tumor -> followed; P31: both tumors excluded
        {"patientIdNumber": "P30", "classOfCase": "30", "dateOfLastContact": "20230101"},
        {"patientIdNumber": "P30", "classOfCase": "14", "dateOfLastContact": "20230101"},
        {"patientIdNumber": "P31", "classOfCase": "30"},
        {"patientIdNumber": "P31", "behaviorCodeIcdO3": "1", "histologicTypeIcdO3": "8442", "primarySite": "C569"},
    ]
    return rows


@pytest.fixture
def status(make_frame):
    return followup_status(make_frame(_rows()), AS_OF).set_index("patientIdNumber")


@pytest.mark.parametrize("pid", sorted(PATIENTS))
def test_each_rule(status, pid):
    _, expected_status, expected_reason = PATIENTS[pid]
    assert (status.loc[pid, "status"], status.loc[pid, "reason"]) == (expected_status, expected_reason)


def test_patient_with_several_tumors(status):
    assert status.loc["P30", "status"] == "delinquent"
    assert status.loc["P31", "status"] == "excluded"
    assert status.loc["P31", "reason"] == "benign-borderline; non-analytic"
    assert len(status) == len(PATIENTS) + 2


def test_configurable_months(make_frame):
    df = make_frame([{"patientIdNumber": "A", "dateOfLastContact": "20230815"}])
    assert followup_status(df, AS_OF)["status"].tolist() == ["current"]
    assert followup_status(df, AS_OF, due_months=10)["status"].tolist() == ["due"]
    assert followup_status(df, AS_OF, due_months=6, delinquent_months=9, lost_months=10)["status"].tolist() == [
        "delinquent"]  # exactly 10 months: not before the lost limit
    assert followup_status(df, AS_OF, due_months=6, delinquent_months=8, lost_months=9)["status"].tolist() == ["lost"]
    with pytest.raises(ValueError, match="due_months"):
        followup_status(df, AS_OF, due_months=16)


def test_month_end_clamp(make_frame):
    """15 months before 31 May 2024 is 28 Feb 2023 (no 31 February): a contact that day is not delinquent."""
    df = make_frame([{"patientIdNumber": "A", "dateOfLastContact": "20230228"},
                {"patientIdNumber": "B", "dateOfLastContact": "20230227"}])
    assert followup_status(df, date(2024, 5, 31))["status"].tolist() == ["due", "delinquent"]


def test_missing_columns_named(make_frame):
    df = make_frame([{"patientIdNumber": "A"}]).drop(columns=["vitalStatus", "classOfCase"])
    with pytest.raises(ValueError, match="vitalStatus, classOfCase"):
        followup_status(df, AS_OF)


def test_due_list_json_shape(status):
    rows = due_list(status.reset_index())
    assert {r["status"] for r in rows} == {"due", "delinquent", "lost"}
    assert [r["patientIdNumber"] for r in rows][:3] == ["P08", "P07", "P06"]  # unknown contact first, then oldest
    assert rows[1] == {"patientIdNumber": "P07", "status": "lost", "dateOfLastContact": "20220614"}
    assert all(set(r) == {"patientIdNumber", "status", "dateOfLastContact"} for r in rows)
    expected = {pid for pid, (_, st, _) in PATIENTS.items() if st in ("due", "delinquent", "lost")} | {"P30"}
    assert {r["patientIdNumber"] for r in rows} == expected
