"""Options of the demo registry: diagnosis years, as-of date, error and incompleteness rates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Primaries per patient: about 1 in 10 patients has more than one (weights for 1, 2 and 3 primaries).
TUMOR_COUNTS = (("1", 0.90), ("2", 0.085), ("3", 0.015))


@dataclass(frozen=True)
class DemoOptions:
    """Diagnosis years (2018+: EOD and Summary Stage 2018 era), the as-of date, error and incompleteness rates."""

    first_dx_year: int = 2018
    last_dx_year: int = 2024
    as_of: date = date(2025, 12, 31)
    error_rate: float = 0.03
    incomplete_rate: float = 0.05

    def __post_init__(self) -> None:
        if self.first_dx_year < 2018:
            raise ValueError("first_dx_year must be 2018 or later (the demo codes EOD 2018 and Summary Stage 2018)")
        if self.last_dx_year < self.first_dx_year:
            raise ValueError("last_dx_year must not be before first_dx_year")
        if self.as_of <= date(self.last_dx_year, 12, 31):
            raise ValueError("as_of must fall after the last diagnosis year")
        if not (0 <= self.error_rate <= 1 and 0 <= self.incomplete_rate <= 1):
            raise ValueError("error_rate and incomplete_rate must be between 0 and 1")
