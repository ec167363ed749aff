"""Population denominators give plausible incidence rates over the demo registry."""

from __future__ import annotations

from collections import Counter

from registry.demo.generator import DemoPatient
from registry.demo.population import generate_population

YEARS = range(2018, 2025)


def _age_group(age: int) -> int:
    return 0 if age == 0 else (1 if age < 5 else min(age // 5 + 1, 18))


def test_rows_cover_every_cell() -> None:
    rows = generate_population(42, YEARS, area="MD")
    assert len(rows) == 7 * 2 * 3 * 19
    assert {r["age_group"] for r in rows} == set(range(19))
    assert {(r["sex"], r["race"]) for r in rows} == {(s, r) for s in "12" for r in "123"}
    assert all(r["area"] == "MD" and isinstance(r["population"], int) and r["population"] > 0 for r in rows)


def test_all_sites_rate_is_about_450(registry_5000: list[DemoPatient]) -> None:
    rows = generate_population(42, YEARS)
    population = Counter()
    for r in rows:
        population[r["year"]] += r["population"]
    cases = Counter(int(t["dateOfDiagnosis"][:4]) for p in registry_5000 for t in p.tumors
                    if t.get("countyAtDx", "998") != "998")
    rates = [cases[y] / population[y] * 100_000 for y in YEARS]
    assert all(350 <= r <= 560 for r in rates), rates


def test_rates_rise_with_age(registry_5000: list[DemoPatient]) -> None:
    rows = generate_population(42, YEARS)
    population = Counter()
    for r in rows:
        population[r["age_group"]] += r["population"]
    cases = Counter(_age_group(int(t["ageAtDiagnosis"])) for p in registry_5000 for t in p.tumors
                    if t.get("countyAtDx", "998") != "998")
    rate = {g: cases[g] / population[g] * 100_000 for g in range(19)}
    assert rate[4] < 100 < rate[10] < rate[14]  # 15-19 < 45-49 < 65-69
    assert 1000 < rate[14] < 4000


def test_population_scales_with_patients() -> None:
    small = sum(r["population"] for r in generate_population(1, [2020], patients=1000))
    large = sum(r["population"] for r in generate_population(1, [2020], patients=10000))
    assert 9.5 < large / small < 10.5
