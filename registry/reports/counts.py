"""Counting queries for incidence: tumors and populations aggregated in the database (GROUP BY).

Tumors are counted by the requested dimensions and single year of age (ageAtDiagnosis, 999 unknown); the
population by year, sex, race, county and the 19 age groups. Both are then put on the age groups of the chosen
standard population (SEER*Stat sums finer age groups the same way, methods-and-standards §3.2).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from registry.abstracting.models import Patient, Tumor
from registry.reports.dimensions import DIMENSIONS, map_groups
from registry.reports.fetch import count_groups
from registry.reports.filters import ReportFilter, conditions
from registry.reports.models import Population
from registry.reports.populations import AGE_LABELS, AGE_STARTS
from registry.reports.stats.standards import StandardPopulation

UNKNOWN_AGE = 999


def tumor_counts(session: Session, filt: ReportFilter, by: Sequence[str]) -> pd.DataFrame:
    """Columns ``by..., age, count``: tumors per category and single year of age (999 unknown)."""
    dims = [DIMENSIONS[name] for name in by]
    keys = [d.expr().label(d.name) for d in dims if d.name != "age_group"]
    age = Tumor.ageAtDiagnosis.label("age")
    base = select().select_from(Tumor)
    if filt.needs_patient() or any(d.on_patient for d in dims):
        base = base.join(Patient, Patient.id == Tumor.patient_id)
    # an unindexed key first: the database scans the table rather than walk an index
    frame = count_groups(session, base.where(*conditions(filt)), [age, *keys])
    if "age_group" in by:
        frame["age_group"] = frame["age"]
    frame = map_groups(frame, [n for n in by])
    raw_age = pd.to_numeric(frame["age"], errors="coerce")
    frame["age"] = raw_age.where((raw_age >= 0) & (raw_age < UNKNOWN_AGE), UNKNOWN_AGE).fillna(UNKNOWN_AGE)
    frame["age"] = frame["age"].astype(np.int64)
    frame["count"] = frame["count"].astype(np.int64)
    return frame.groupby([*by, "age"], as_index=False, dropna=False)["count"].sum()


def population_years(session: Session, state: str | None = None) -> list[int]:
    query = select(Population.year).distinct().order_by(Population.year)
    if state:
        query = query.where(Population.state == state)
    return list(session.scalars(query))


def population_states(session: Session) -> list[str]:
    return list(session.scalars(select(Population.state).distinct().order_by(Population.state)))


def _population_conditions(filt: ReportFilter) -> list:
    out = []
    if filt.year_from:
        out.append(Population.year >= filt.year_from)
    if filt.year_to:
        out.append(Population.year <= filt.year_to)
    if filt.sex:
        out.append(Population.sex == filt.sex)
    if filt.race:
        out.append(Population.race.in_(("3", "4")) if filt.race == "3" else Population.race == filt.race)
    if filt.state:
        out.append(Population.state == filt.state)
    if filt.county:
        out.append(Population.county == filt.county)
    if filt.age_from is not None:
        out.append(Population.age_group >= _group_of(filt.age_from))
    if filt.age_to is not None:
        out.append(Population.age_group <= _group_of(filt.age_to))
    return out


def _group_of(age: int) -> int:
    return 0 if age == 0 else min(age // 5 + 1, 18)


def population_counts(session: Session, filt: ReportFilter, by: Sequence[str]) -> pd.DataFrame:
    """Columns ``(by ∩ population dimensions)..., age, population`` where ``age`` is the first age of the
    19-group age band (0, 1, 5, ..., 85). Race "3" includes expanded-race "4" (codes module)."""
    dims = [DIMENSIONS[n] for n in by if DIMENSIONS[n].population is not None and n != "age_group"]
    keys = [d.population().label(d.name) for d in dims]
    query = (select(*keys, Population.age_group, func.sum(Population.population))
             .where(*_population_conditions(filt)).group_by(*keys, Population.age_group))
    names = [d.name for d in dims]
    frame = pd.DataFrame(session.execute(query).all(), columns=[*names, "group", "population"])
    frame["population"] = frame["population"].astype(np.int64)
    if "age_group" in by:
        frame["age_group"] = frame["group"].map(lambda g: AGE_LABELS[int(g)])
    frame["age"] = frame["group"].map(lambda g: AGE_STARTS[int(g)]).astype(np.int64)
    return frame.drop(columns="group")


def to_standard_ages(ages: pd.Series, standard: StandardPopulation) -> pd.Series:
    """First age of the standard's age group holding each age (999 stays unknown).

    Raises ``ValueError`` when the standard splits an age band the population does not (e.g. single ages,
    or 85-89 while populations stop at 85+)."""
    starts = set(AGE_STARTS)
    finer = [s for s in standard.age_start if s not in starts]
    if finer:
        raise ValueError(f"the {standard.name} standard needs age groups starting at {finer}, finer than the "
                         "population's 19 groups")
    idx = standard.group_index(ages.to_numpy())
    start = np.asarray(standard.age_start)[np.maximum(idx, 0)]
    return pd.Series(np.where(idx >= 0, start, UNKNOWN_AGE), index=ages.index, dtype=np.int64)
