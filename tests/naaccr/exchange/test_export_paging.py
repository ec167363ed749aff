"""The export pages through patients by id (keyset paging), with and without a selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.naaccr.exchange import exporter
from registry.naaccr.exchange.exporter import ExportSelection, export_file
from registry.naaccr.exchange.importer import import_file
from registry.naaccr.xml.reader import read_file

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "synthetic" / "naaccr-xml-sample-v250-abstract-1000.xml.gz"


def _patients(path: Path) -> list[tuple[str, list[str]]]:
    with read_file(path) as nf:
        return [(p.items["patientIdNumber"], [t.items.get("tumorRecordNumber", "") for t in p.tumors]) for p in nf]


@pytest.mark.parametrize("selection", [ExportSelection(), ExportSelection(dx_year_from=2015, dx_year_to=2017)])
def test_small_pages_export_what_one_page_exports(ctx, actor, tmp_path, monkeypatch, selection):
    import_file(SAMPLE, actor, workers=0)
    whole = export_file(tmp_path / "whole.xml", selection=selection)
    monkeypatch.setattr(exporter, "CHUNK", 7)  # many pages, the last one short
    paged = export_file(tmp_path / "paged.xml", selection=selection)
    assert (paged.patients, paged.tumors) == (whole.patients, whole.tumors)
    assert whole.patients > 7 * 3
    assert _patients(tmp_path / "paged.xml") == _patients(tmp_path / "whole.xml")
    ids = [int(key) if key.isdigit() else key for key, _ in _patients(tmp_path / "paged.xml")]
    assert len(ids) == len(set(ids))  # no patient twice across pages


def test_an_empty_registry_exports_an_empty_file(ctx, tmp_path):
    result = export_file(tmp_path / "empty.xml")
    assert (result.patients, result.tumors) == (0, 0)
    assert _patients(tmp_path / "empty.xml") == []
