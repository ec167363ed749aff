"""``registry reports`` as the CLI contract fixes it: JSON shapes on stdout only, exit codes 0/1/2."""

from __future__ import annotations

import json

from click.testing import CliRunner

from registry.reports.cli import cli
from registry.reports.stats.lifetable import CONTRACT_COLUMNS


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_rates_json_contract(add_cases, populate) -> None:
    populate()
    add_cases(30, sex="1", site="colon", year=2020, age=70)
    add_cases(25, sex="2", site="breast", year=2021, age=55)
    result = _run("rates", "--by", "sex", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["standard"] == "us2000"
    assert [list(r) for r in out["rows"]] == [["sex", "count", "population", "crude", "adjusted", "lower", "upper",
                                               "suppressed"]] * 2
    assert {r["sex"]: r["count"] for r in out["rows"]} == {"1": 30, "2": 25}
    assert result.stderr == ""


def test_rates_filters_and_standard(add_cases, populate) -> None:
    populate()
    add_cases(30, sex="1", site="colon", year=2020, age=70)
    add_cases(25, sex="2", site="breast", year=2021, age=55)
    out = json.loads(_run("rates", "--site", "39", "--standard", "world", "--json").stdout)
    assert out["standard"] == "world" and out["rows"][0]["count"] == 25
    text = _run("rates", "--by", "year")
    assert text.exit_code == 0 and "2021" in text.output and "adjusted" in text.output


def test_rates_exit_codes(add_cases) -> None:
    add_cases(20)
    refused = _run("rates", "--json")
    assert refused.exit_code == 1 and "population" in refused.stderr and refused.stdout == ""
    usage = _run("rates", "--year-from", "2022", "--year-to", "2020")
    assert usage.exit_code == 2
    assert _run("rates", "--by", "nothing").exit_code == 2


def test_survival_json_contract(add_cases) -> None:
    add_cases(20, dx="20200101", dlc="20230101")
    add_cases(10, dx="20200101", dlc="20210601", vital="0")
    result = _run("survival", "--method", "km", "--measure", "observed", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["method"] == "km" and out["cases"] == 30
    assert all(list(r) == list(CONTRACT_COLUMNS) for r in out["rows"])
    assert out["rows"][0]["interval_end_months"] == 1 and out["rows"][0]["alive_at_start"] == 30
    assert sum(r["deaths"] for r in out["rows"]) == 10
    relative = json.loads(_run("survival", "--json").stdout)
    assert relative["method"] == "actuarial" and relative["rows"][0]["relative"] is not None


def test_survival_refuses_small_selections(add_cases) -> None:
    add_cases(10, dx="20200101", dlc="20230101")
    result = _run("survival", "--json")
    assert result.exit_code == 1 and "fewer than 16" in result.stderr and result.stdout == ""


def test_recode_sites_fills_missing_codes(add_cases) -> None:
    from sqlalchemy import select, update

    from registry.abstracting.models import Tumor
    from registry.extensions import db

    add_cases(3, site="lung")
    db.session.execute(update(Tumor).values(site_recode=None))
    db.session.commit()
    assert _run("recode-sites").exit_code == 0
    assert set(db.session.scalars(select(Tumor.site_recode))) == {"30"}
