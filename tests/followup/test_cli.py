"""`registry followup due/rates` on hand-made patients in the database (cli-contract.md shapes)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from registry.followup.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_due_json_lists_due_delinquent_and_lost_oldest_first(hand_made):
    result = run("due", "--as-of", "2025-06-01", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {"patientIdNumber": "P7", "status": "lost", "dateOfLastContact": ""},
        {"patientIdNumber": "P4", "status": "lost", "dateOfLastContact": "20220101"},
        {"patientIdNumber": "P3", "status": "delinquent", "dateOfLastContact": "20231201"},
        {"patientIdNumber": "P9", "status": "delinquent", "dateOfLastContact": "20240101"},
        {"patientIdNumber": "P6", "status": "due", "dateOfLastContact": "20240401"},
        {"patientIdNumber": "P2", "status": "due", "dateOfLastContact": "20240515"},
    ]


def test_due_filters_by_facility_physician_and_site(hand_made):
    by_facility = json.loads(run("due", "--as-of", "2025-06-01", "--facility", "0000000002", "--json").stdout)
    assert [r["patientIdNumber"] for r in by_facility] == ["P9"]
    by_physician = json.loads(run("due", "--as-of", "2025-06-01", "--physician", "12345678", "--json").stdout)
    assert "P9" not in {r["patientIdNumber"] for r in by_physician} and len(by_physician) == 5
    assert json.loads(run("due", "--as-of", "2025-06-01", "--site", "C61", "--json").stdout) == []


def test_due_text_output_and_usage_errors(hand_made):
    result = run("due", "--as-of", "2025-06-01")
    assert result.exit_code == 0 and "P2\tdue\t20240515" in result.stdout and "6 patient(s)" in result.stderr
    bad = run("due", "--as-of", "2025-13-01", "--json")
    assert bad.exit_code == 2 and "not a date" in bad.stderr and bad.stdout == ""
    assert run("due", "--json").exit_code == 2


def test_due_lost_limit_follows_the_app_config(hand_made, ctx):
    ctx.config["FOLLOWUP_LOST_MONTHS"] = 48
    try:
        rows = json.loads(run("due", "--as-of", "2025-06-01", "--json").stdout)
    finally:
        ctx.config.pop("FOLLOWUP_LOST_MONTHS")
    assert {r["patientIdNumber"]: r["status"] for r in rows}["P4"] == "delinquent"


def test_rates_json_matches_the_worksheet_counted_by_hand(hand_made):
    result = run("rates", "--reference-date", "2005-01-01", "--as-of", "2025-06-01", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "since_reference": {"A": 8, "B": 1, "C": 7, "D": 3, "E": 4, "rate": 0.5},
        "last_five_years": {"A": 3, "B": 1, "C": 2, "D": 1, "E": 1, "rate": 2 / 3},
    }


def test_rates_on_an_empty_registry_are_zero(ctx):
    result = run("rates", "--reference-date", "2005-01-01", "--as-of", "2025-06-01", "--json")
    zero = {"A": 0, "B": 0, "C": 0, "D": 0, "E": 0, "rate": 0.0}
    assert json.loads(result.stdout) == {"since_reference": zero, "last_five_years": zero}
    assert json.loads(run("due", "--as-of", "2025-06-01", "--json").stdout) == []


def test_rates_text_and_refused_dates(hand_made):
    text = run("rates", "--reference-date", "2005-01-01", "--as-of", "2025-06-01")
    assert "since_reference: A=8  B=1  C=7  D=3  E=4  rate=50.0% (target 80%)" in text.stdout
    reversed_dates = run("rates", "--reference-date", "2026-01-01", "--as-of", "2025-06-01", "--json")
    assert reversed_dates.exit_code == 2 and reversed_dates.stdout == ""


def test_skin_cases_read_their_seer_summary_stage_from_the_json_items(make_patient):
    def skin(pid: str, stage: str):
        return make_patient(tumors=[{"primarySite": "C443", "histologicTypeIcdO3": "8070", "behaviorCodeIcdO3": "3",
                                     "dateOfDiagnosis": "20100310", "classOfCase": "10",
                                     "seerSummaryStage2000": stage}],
                            patientIdNumber=pid, dateOfLastContact="20240515", vitalStatus="1")

    skin("REGIONAL", "2")  # regional squamous cell carcinoma of the skin: followed
    skin("LOCAL", "1")  # localized: excluded from follow-up
    rows = json.loads(run("due", "--as-of", "2025-06-01", "--json").stdout)
    assert rows == [{"patientIdNumber": "REGIONAL", "status": "due", "dateOfLastContact": "20240515"}]
    sheet = json.loads(run("rates", "--reference-date", "2005-01-01", "--as-of", "2025-06-01", "--json").stdout)
    assert sheet["since_reference"]["A"] == 1


def test_rates_by_diagnosis_year_and_facility_counted_by_hand(hand_made):
    from datetime import date

    from registry.followup.queries import diagnosis_years, followup_frame, rates_by_group
    from registry.followup.worksheet import case_flags

    frame = followup_frame(("reportingFacility",))
    flags = case_flags(frame, date(2005, 1, 1), date(2025, 6, 1))
    years = rates_by_group(flags, diagnosis_years(frame))
    by_year = {r["group"]: (r["A"], r["B"], r["D"], r["E"], r["rate"]) for r in years}
    assert by_year == {"2019": (1, 0, 0, 1, 0.0), "2020": (4, 0, 2, 2, 0.5), "2021": (1, 0, 0, 1, 0.0),
                       "2022": (1, 0, 1, 0, 1.0), "2023": (1, 1, 0, 0, 1.0)}
    by_facility = {r["group"]: (r["A"], r["rate"]) for r in rates_by_group(flags, frame["reportingFacility"])}
    assert by_facility == {"0000000001": (7, 4 / 7), "0000000002": (1, 0.0)}


def test_due_text_output_is_spreadsheet_safe(make_patient, unsafe_cells):
    make_patient(tumors=[{"primarySite": "C504", "dateOfDiagnosis": "20200115", "classOfCase": "10"}],
                 patientIdNumber="=1+2", dateOfLastContact="20240101", vitalStatus="1", addrCurrentCountry="USA")
    result = run("due", "--as-of", "2025-06-01")
    assert result.exit_code == 0 and result.stdout == "'=1+2\tdelinquent\t20240101\n"
    assert unsafe_cells(result.stdout, delimiter="\t") == []
    assert json.loads(run("due", "--as-of", "2025-06-01", "--json").stdout)[0]["patientIdNumber"] == "=1+2"
