"""The CoC follow-up rate worksheet on a small registry counted by hand.

Reference date 2015-01-01, as of 2024-06-15: "current" = last contact on or after 2023-03-15; the five-year
cohort is diagnoses 2020-01-01 .. 2024-06-15.

tumor  patient  what                                    since ref   last 5 years
T1     PA       alive, contact 2024-01-01, dx 2020-03   A C D       A C D
T2     PB       dead, dx 2016                           A B         -
T3     PC       alive, contact 2023-03-15 (boundary)    A C D       A C D   (dx 2021)
T4     PD       alive, contact 2023-03-14, dx 2019      A C E       -
T5     PE       alive, contact "2023" (= Jan 1), dx 2022 A C E      A C E
T6     PF       dead, dx "2020" (partial)               A B         A B
T7     PG       class of case 30                        -           -
T8     PH       dx 2014, before the reference date      -           -
T10a   PJ       alive, current, dx 2018                 A C D       -
T10b   PJ       same patient, dx 2023                   A C D       A C D
T11    PK       born 1920: over 100                     -           -
T12    PL       Canadian resident, dead                 -           -
T13    PM       benign meningioma                       -           -
T14    PN       diagnosed after the as-of date          -           -
T15    PO       no diagnosis date, alive, current       A C D       -
T16a   PP       cervix in situ                          -           -
T16b   PP       same patient, breast, dead, dx 2023     A B         A B

since reference: A 10, B 3, C 7, D 5, E 2, rate (3 + 5) / 10 = 0.8
last five years: A 6, B 2, C 4, D 3, E 1, rate (2 + 3) / 6
"""

from __future__ import annotations

from datetime import date

import pytest

from registry.followup.worksheet import rate_worksheet

DEAD = {"vitalStatus": "0", "dateOfLastContact": "20220101"}
ROWS = [
    {"patientIdNumber": "PA", "dateOfDiagnosis": "20200310", "dateOfLastContact": "20240101"},
    {"patientIdNumber": "PB", "dateOfDiagnosis": "20160505", "classOfCase": "14", **DEAD},
    {"patientIdNumber": "PC", "dateOfDiagnosis": "20210101", "dateOfLastContact": "20230315"},
    {"patientIdNumber": "PD", "dateOfDiagnosis": "20190707", "dateOfLastContact": "20230314"},
    {"patientIdNumber": "PE", "dateOfDiagnosis": "20220202", "dateOfLastContact": "2023"},
    {"patientIdNumber": "PF", "dateOfDiagnosis": "2020", **DEAD},
    {"patientIdNumber": "PG", "classOfCase": "30"},
    {"patientIdNumber": "PH", "dateOfDiagnosis": "20141231"},
    {"patientIdNumber": "PJ", "dateOfDiagnosis": "20180101", "dateOfLastContact": "20240301"},
    {"patientIdNumber": "PJ", "dateOfDiagnosis": "20230505", "dateOfLastContact": "20240301",
     "primarySite": "C189", "histologicTypeIcdO3": "8140"},
    {"patientIdNumber": "PK", "dateOfBirth": "19200101", "dateOfDiagnosis": "20190101",
     "dateOfLastContact": "20200101"},
    {"patientIdNumber": "PL", "addrCurrentCountry": "CAN", **DEAD},
    {"patientIdNumber": "PM", "primarySite": "C700", "histologicTypeIcdO3": "9530", "behaviorCodeIcdO3": "0"},
    {"patientIdNumber": "PN", "dateOfDiagnosis": "20240801"},
    {"patientIdNumber": "PO", "dateOfDiagnosis": "", "dateOfLastContact": "20240501"},
    {"patientIdNumber": "PP", "dateOfDiagnosis": "20230101", "primarySite": "C539", "histologicTypeIcdO3": "8070",
     "behaviorCodeIcdO3": "2", **DEAD},
    {"patientIdNumber": "PP", "dateOfDiagnosis": "20230101", **DEAD},
]


@pytest.fixture
def registry(make_frame):
    return make_frame(ROWS)


def test_worksheet_counted_by_hand(registry):
    sheet = rate_worksheet(registry, date(2015, 1, 1), date(2024, 6, 15))
    assert sheet["since_reference"] == {"A": 10, "B": 3, "C": 7, "D": 5, "E": 2, "rate": 0.8}
    five = sheet["last_five_years"]
    assert {k: five[k] for k in "ABCDE"} == {"A": 6, "B": 2, "C": 4, "D": 3, "E": 1}
    assert five["rate"] == pytest.approx(5 / 6)
    print(sheet)


def test_reference_date_shortens_five_year_cohort(registry):
    """'The last five years or since reference date, whichever is shorter': T5, T10b, T16b remain."""
    five = rate_worksheet(registry, date(2022, 1, 1), date(2024, 6, 15))["last_five_years"]
    assert five == {"A": 3, "B": 1, "C": 2, "D": 1, "E": 1, "rate": pytest.approx(2 / 3)}


def test_partial_reference_overlap(make_frame):
    """A diagnosis year overlapping the reference date's year counts; a wholly earlier one does not."""
    df = make_frame([{"patientIdNumber": "X", "dateOfDiagnosis": "2015"},
                     {"patientIdNumber": "Y", "dateOfDiagnosis": "201505"}])
    sheet = rate_worksheet(df, date(2015, 6, 1), date(2024, 6, 15))
    assert sheet["since_reference"]["A"] == 1


def test_empty_cohort_rate_is_zero(make_frame):
    df = make_frame([{"patientIdNumber": "X", "classOfCase": "32"}])
    assert rate_worksheet(df, date(2015, 1, 1), date(2024, 6, 15))["since_reference"] == {
        "A": 0, "B": 0, "C": 0, "D": 0, "E": 0, "rate": 0.0}


def test_json_types(registry):
    sheet = rate_worksheet(registry, date(2015, 1, 1), date(2024, 6, 15))
    for w in sheet.values():
        assert all(type(w[k]) is int for k in "ABCDE") and type(w["rate"]) is float
