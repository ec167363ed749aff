"""The engine API, the edit sets, per-item reporting of the generated edits, skipping, and the date helpers."""

from __future__ import annotations

from datetime import date

import pytest
from edits_records import BASE, rec

from registry.edits import dates
from registry.edits.engine import EDIT_SETS, all_edits, get_edit, run_edits
from registry.edits.model import EditFailure


def test_edit_sets_and_catalogue() -> None:
    assert set(EDIT_SETS) == {"hospital", "state-submission", "import"}
    ids = [e.id for e in all_edits()]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    for edit in all_edits():
        assert edit.severity in ("error", "warning")
        assert edit.sets and edit.sets <= set(EDIT_SETS)
        assert edit.items
    assert get_edit("IF040").override == "overRideSiteType"
    assert "IF040" not in {e.id for e in EDIT_SETS["import"].edits}  # review edits are not import edits
    assert "IF041" in {e.id for e in EDIT_SETS["hospital"].edits}
    assert "IF041" not in {e.id for e in EDIT_SETS["state-submission"].edits}


def test_unknown_edit_and_set() -> None:
    with pytest.raises(KeyError, match="N9999"):
        get_edit("N9999")
    with pytest.raises(ValueError, match="unknown edit set"):
        run_edits(BASE, "national")


def test_failures_are_in_edit_order_and_typed() -> None:
    failures = run_edits(rec(dateOfBirth="20220101", laterality="0", primarySite="C539", sexAssignedAtBirth="1"))
    assert all(isinstance(f, EditFailure) for f in failures)
    ids = [f.edit_id for f in failures]
    assert ids == sorted(ids)
    assert {"IF001", "IF004", "IF042"} <= set(ids)


def test_generated_edits_report_each_item() -> None:
    record = rec(laterality="7", diagnosticConfirmation="0", race1="00")
    failures = get_edit("G001").evaluate(record)
    assert sorted(f.items[0] for f in failures) == ["diagnosticConfirmation", "laterality", "race1"]
    assert all(len(f.items) == 1 and "not an allowed code" in f.message for f in failures)


def test_generated_edits_ignore_blank_and_unknown_items() -> None:
    record = rec(laterality="", notAnItem="zzz")
    for edit_id in ("G001", "G002", "G003", "G004", "G005"):
        assert get_edit(edit_id).evaluate(record) == []


def test_range_codes_in_lookups_are_honoured() -> None:
    edit = get_edit("G001")
    assert edit.evaluate(rec(tumorSizeSummary="457")) == []  # lookup code "002-988"
    assert edit.evaluate(rec(tumorSizeSummary="99A")) != []


def test_edit_with_empty_required_item_is_skipped() -> None:
    edit = get_edit("IF042")
    bad = rec(primarySite="C539", sexAssignedAtBirth="1")
    assert edit.evaluate(bad) != []
    assert edit.evaluate({**bad, "sexAssignedAtBirth": ""}) == []
    assert edit.evaluate({k: v for k, v in bad.items() if k != "primarySite"}) == []


def test_date_parsing() -> None:
    assert dates.parse("20240229") == (2024, 2, 29)
    assert dates.parse("20230229") is None
    assert dates.parse("202313") is None
    assert dates.parse("2023") == (2023, 0, 0)
    assert dates.parse("18491231") is None
    assert dates.parse("2023 1") is None


def test_partial_dates_compare_on_known_parts() -> None:
    assert not dates.out_of_order("2021", "20210101")
    assert dates.out_of_order("202102", "20210131")
    assert not dates.out_of_order("202101", "20210131")
    assert dates.out_of_order("20210201", "20210131")
    assert not dates.out_of_order("", "20210131")
    assert dates.in_future((2030, 1, 1), today=date(2029, 12, 31))
    assert not dates.in_future((2029, 0, 0), today=date(2029, 1, 1))


def test_age_with_partial_dates() -> None:
    assert dates.age_range((1960, 4, 12), (2021, 3, 10)) == (60, 60)
    assert dates.age_range((1960, 0, 0), (2021, 3, 10)) == (60, 61)
    assert dates.age_range((1960, 3, 0), (2021, 3, 10)) == (60, 61)
    assert dates.age_range((1960, 3, 11), (2021, 3, 10)) == (60, 60)


def test_staging_cell_syntax_code_sets() -> None:
    from registry.edits.schemas import parse_cells
    codes = parse_cells(["000", "002-988", "XX9", "C500-C506, C508"])
    assert "500" in codes and "000" in codes and "001" not in codes and "12.5" not in codes
    assert "XX9" in codes and "C503" in codes and "C507" not in codes and "C508" in codes
    decimal = parse_cells(["0.0-100.0", "XXX.9"])
    assert "12.5" in decimal and "100.1" not in decimal and "XXX.9" in decimal and "XXX.8" not in decimal


def test_data_files_are_packaged_with_provenance() -> None:
    from importlib import resources
    data = resources.files("registry.edits") / "data"
    provenance = (data / "PROVENANCE.md").read_text(encoding="utf-8")
    names = [p.name for p in data.iterdir() if p.name != "PROVENANCE.md"]
    assert names and all(f"`{name}`" in provenance or name in provenance for name in names)
    source = resources.files("registry.edits")
    for module in [*source.iterdir(), *(source / "rules").iterdir()]:
        if module.name.endswith(".py"):
            assert "/work/shared" not in module.read_text(encoding="utf-8"), module.name
