"""The imsweb/mph regression file: 10 000 tumor pairs with the expected SEER decision."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data" / "mph-testing-2000-2022.csv.gz"
EXPECTED = {"SINGLE_PRIMARY": "same", "MULTIPLE_PRIMARIES": "new", "QUESTIONABLE": "review"}


def _record(row: dict[str, str], i: int) -> dict[str, str]:
    return {"primarySite": row[f"site{i}"], "histologicTypeIcdO3": row[f"hist{i}"],
            "behaviorCodeIcdO3": row[f"beh{i}"], "laterality": row[f"lat{i}"],
            "dateOfDiagnosis": row[f"year{i}"] + row[f"month{i}"] + row[f"day{i}"]}


@pytest.fixture(scope="session")
def mph_pairs() -> list[tuple[dict[str, str], dict[str, str], str, str]]:
    """(tumor 1, tumor 2, expected same/new/review, expected reason); the reason column holds commas."""
    with gzip.open(DATA, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        pairs = []
        for fields in reader:
            row = dict(zip(header[:15], fields[:15], strict=True))
            pairs.append((_record(row, 1), _record(row, 2), EXPECTED[row["result"]], ",".join(fields[15:])))
    return pairs
