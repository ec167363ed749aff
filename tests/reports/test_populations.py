"""Population files: the SEER fixed-width layout (19 age groups and single ages), the CSV layout, loading,
replacement on re-import, and ``registry populations import``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from registry.extensions import db
from registry.reports.models import Population
from registry.reports.populations import (
    PopulationFileError,
    age_group_of_single_age,
    load_population,
    parse_csv,
    parse_seer,
    read_population_file,
)
from registry.reports.populations_cli import cli

DATA = Path(__file__).parent / "data"


def test_seer_19_age_file_fields() -> None:
    rows = read_population_file(DATA / "seer_pop_19ages.txt")
    assert len(rows) == 95
    first = next(r for r in rows if r.race == "1" and r.sex == "1" and r.age_group == 0 and r.county == "005")
    fields = (first.year, first.state, first.seer_registry, first.origin, first.population)
    assert fields == (2020, "MD", "99", "9", 1000)
    black_women_85 = next(r for r in rows if r.race == "2" and r.sex == "2" and r.age_group == 18)
    assert black_women_85.population == 19_000 + 100 + 7
    assert {r.county for r in rows} == {"005", "510"}


def test_single_ages_are_summed_into_19_groups() -> None:
    rows = read_population_file(DATA / "seer_pop_single_ages.txt")
    by_group = {r.age_group: r.population for r in rows}
    assert len(by_group) == 19
    assert by_group[0] == 100  # age 0
    assert by_group[1] == 400  # ages 1-4
    assert by_group[2] == 500  # ages 5-9
    assert by_group[18] == 100  # 85+ is one code in single-age files
    assert sum(by_group.values()) == 86 * 100


@pytest.mark.parametrize(("age", "group"), [(0, 0), (1, 1), (4, 1), (5, 2), (84, 17), (85, 18), (99, 18)])
def test_age_groups(age: int, group: int) -> None:
    assert age_group_of_single_age(age) == group


@pytest.mark.parametrize(("line", "message"), [
    ("2020MD24005991091000001000", "sex .9. is not 1"),
    ("2020MD2400599191000001000", "26 characters"),
    ("2020MD24005991910x00001000", "age"),
])
def test_bad_seer_records_are_refused(line: str, message: str) -> None:
    with pytest.raises(PopulationFileError, match=message):
        parse_seer([line])


def test_csv_layout_with_labels_and_indexes() -> None:
    rows = parse_csv((DATA / "population.csv").read_text())
    groups = {(r.sex, r.race, r.age_group): r.population for r in rows}
    assert groups == {("1", "1", 0): 1000, ("1", "1", 1): 4000, ("2", "1", 18): 2500, ("2", "2", 18): 300}
    with pytest.raises(PopulationFileError, match="lacks"):
        parse_csv("year,area,sex\n2020,MD,1\n")
    with pytest.raises(PopulationFileError, match="age_group"):
        parse_csv("year,area,sex,race,age_group,population\n2020,MD,1,1,90-94,5\n")


def test_reimport_replaces_the_years_and_states_it_covers(ctx) -> None:
    rows = read_population_file(DATA / "seer_pop_19ages.txt")
    load_population(db.session, rows)
    load_population(db.session, rows)
    load_population(db.session, [{"year": 2019, "area": "MD", "sex": "1", "race": "1", "age_group": 3,
                                  "population": 77}])
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Population)) == 96
    total_2020 = db.session.scalar(select(func.sum(Population.population)).where(Population.year == 2020))
    assert total_2020 == sum(r.population for r in rows)


def test_cli_import_and_list(ctx) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(DATA / "seer_pop_19ages.txt"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"rows": 95, "states": ["MD"], "years": [2020],
                                         "population": sum(r.population for r in read_population_file(
                                             DATA / "seer_pop_19ages.txt"))}
    listed = runner.invoke(cli, ["list", "--json"])
    assert json.loads(listed.stdout)[0]["year"] == 2020


def test_cli_refuses_a_broken_file(ctx, tmp_path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("2020MD24005991\n")
    result = CliRunner().invoke(cli, ["import", str(bad)])
    assert result.exit_code == 1
    assert "Refused" in result.stderr
    assert db.session.scalar(select(func.count()).select_from(Population)) == 0
