"""Reading and checking the death-file CSV: normalised values, and refusals naming line and column."""

from __future__ import annotations

import io
from datetime import date

import pytest

from registry.followup.deathfile import DeathFileError, read_death_file
from registry.followup.synthetic import synthetic_patients
from registry.followup.synthetic_deaths import synthetic_death_file, write_death_csv

HEADER = "Last Name,First Name,Date of Birth,Sex,SSN,Date of Death,Underlying Cause,Place of Death\n"
TODAY = date(2025, 1, 31)


def _read(body: str, header: str = HEADER):
    return read_death_file(io.StringIO(header + body), today=TODAY)


def test_normalises_values():
    df = _read("O'Brien,Mary-Ann,1950-03-04,F,123-45-6789,2024-11-02,C34.9,County General\n"
               "Smith,John,1948,M,,20240101,F03,\n")
    first = df.iloc[0].to_dict()
    assert first["last_name"] == "OBRIEN" and first["first_name"] == "MARYANN"
    assert (first["date_of_birth"], first["date_of_death"]) == ("19500304", "20241102")
    assert (first["sex"], first["ssn"], first["underlying_cause"]) == ("2", "123456789", "C349")
    assert first["line"] == "2" and first["place_of_death"] == "County General"
    second = df.iloc[1].to_dict()
    assert (second["date_of_birth"], second["sex"], second["ssn"], second["underlying_cause"]) == (
        "1948", "1", "", "F03")


def test_unknown_ssn_reads_blank():
    assert _read("Smith,John,1948,M,999-99-9999,20240101,F03,\n").loc[0, "ssn"] == ""


def test_every_problem_with_its_line():
    body = ("Smith,John,1948-02-30,M,12345,2024-01-01,C34.9,\n"
            ",Ann,1950,X,,2024-13-01,XYZ,\n"
            "Lee,Kim,1960,F,,2026-01-01,C50.9,\n"
            "Ng,Al,1970,M,,1965-01-01,C50.9,\n"
            "Short,Row\n")
    with pytest.raises(DeathFileError) as caught:
        _read(body)
    found = {(p.line, p.column) for p in caught.value.problems}
    assert found == {(2, "date_of_birth"), (2, "ssn"), (3, "last_name"), (3, "sex"), (3, "date_of_death"),
                     (3, "underlying_cause"), (4, "date_of_death"), (5, "date_of_death"), (6, "row")}
    message = str(caught.value)
    assert "line 4, date_of_death: 2026-01-01 is in the future" in message
    assert "line 5, date_of_death: 1965-01-01 is before the date of birth 1970" in message
    assert "line 2, ssn: '12345' is not 9 digits" in message


def test_missing_columns_refused():
    with pytest.raises(DeathFileError, match="missing column\\(s\\): ssn, underlying_cause"):
        _read("Smith,John,1948,M,2024-01-01\n", header="last_name,first_name,date_of_birth,sex,date_of_death\n")
    with pytest.raises(DeathFileError, match="empty"):
        read_death_file(io.StringIO(""))


def test_file_with_bom_from_disk(tmp_path):
    path = tmp_path / "deaths.csv"
    path.write_text(HEADER + "Smith,John,1948,M,,20240101,F03,\n", encoding="utf-8-sig")
    assert read_death_file(path, today=TODAY).loc[0, "last_name"] == "SMITH"


def test_generated_file_round_trips():
    patients = synthetic_patients(300, seed=11)
    deaths, _ = synthetic_death_file(patients, 100, 50, seed=11, end="2024-12-31")
    buffer = io.StringIO()
    write_death_csv(deaths, buffer)
    buffer.seek(0)
    again = read_death_file(buffer, today=TODAY)
    assert again.drop(columns="line").equals(deaths.drop(columns="line"))
