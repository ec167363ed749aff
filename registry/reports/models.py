"""Population estimates: the denominators of incidence rates.

One row per year, state, county, race, origin, sex and age group, as in the SEER U.S. county population files
(seer.cancer.gov/popdata/popdic.html): ``race`` 1 White, 2 Black, 3 Other (1969+ W/B/O files) or 3 American
Indian/Alaska Native and 4 Asian or Pacific Islander (1990+ expanded-race files); ``origin`` 0 non-Hispanic,
1 Hispanic, 9 not applicable; ``sex`` 1 male, 2 female; ``age_group`` 0..18 for <1, 1-4, 5-9, ..., 80-84, 85+.
``county`` is the 3-digit FIPS county code, or "" for rows that cover the whole state.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from registry.extensions import db


class Population(db.Model):
    __tablename__ = "population"
    __table_args__ = (
        UniqueConstraint("year", "state", "county", "race", "origin", "sex", "age_group",
                         name="uq_population_cell"),
        Index("ix_population_state_year", "state", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(2))
    county: Mapped[str] = mapped_column(String(3), default="")
    seer_registry: Mapped[str] = mapped_column(String(2), default="")
    race: Mapped[str] = mapped_column(String(1))
    origin: Mapped[str] = mapped_column(String(1), default="9")
    sex: Mapped[str] = mapped_column(String(1))
    age_group: Mapped[int] = mapped_column(SmallInteger)
    population: Mapped[int] = mapped_column(BigInteger)
