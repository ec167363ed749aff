"""Edits on import: after a successful NAACCR import the imported tumors' edit results are stored (the hook in
registry/naaccr/exchange/importer.py calls registry.edits.runs.store_edits_for_patients), re-imports replace
them, and a refused import stores nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from registry.abstracting.models import Patient
from registry.edits.results import EditResult, results_for
from registry.extensions import db
from registry.naaccr.exchange.importer import import_file

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<NaaccrData baseDictionaryUri="http://naaccr.org/naaccrxml/'
        'naaccr-dictionary-260.xml" recordType="A" specificationVersion="1.8" xmlns="http://naaccr.org/naaccrxml">'
        '<Item naaccrId="registryId">0000000099</Item>\n')


def _patient(number: str, laterality: str, extra: str = "") -> str:
    items = {"patientIdNumber": number, "dateOfBirth": "19500101", "sexAssignedAtBirth": "2"}
    tumor = {"tumorRecordNumber": "01", "primarySite": "C504", "laterality": laterality,
             "dateOfDiagnosis": "20150115"}
    return ("<Patient>" + "".join(f'<Item naaccrId="{k}">{v}</Item>' for k, v in items.items())
            + "<Tumor>" + "".join(f'<Item naaccrId="{k}">{v}</Item>' for k, v in tumor.items()) + extra
            + "</Tumor></Patient>\n")


def _write(path: Path, *patients: str) -> Path:
    path.write_text(HEAD + "".join(patients) + "</NaaccrData>\n", encoding="utf-8")
    return path


def _tumor_id(number: str) -> int:
    patient = db.session.scalar(select(Patient).where(Patient.patientIdNumber == number))
    return patient.tumors[0].id


def test_import_stores_the_edits_of_the_imported_tumors(ctx, actor, tmp_path):
    result = import_file(_write(tmp_path / "a.xml", _patient("00000001", "0"), _patient("00000002", "1")), actor)
    assert result.status == "imported"
    assert [r.edit_id for r in results_for(_tumor_id("00000001"))] == ["IF044"]
    assert results_for(_tumor_id("00000002")) == []
    result = import_file(_write(tmp_path / "b.xml", _patient("00000001", "1"), _patient("00000002", "0")), actor)
    assert result.status == "imported" and result.updated == 2
    assert results_for(_tumor_id("00000001")) == []
    assert [(r.edit_id, r.edit_set) for r in results_for(_tumor_id("00000002"))] == [("IF044", "hospital")]


def test_a_refused_import_stores_no_edit_results(ctx, actor, tmp_path):
    bad = _patient("00000002", "0", extra='<Item naaccrId="primarySite">C5</Item>')  # duplicate item: refused
    result = import_file(_write(tmp_path / "c.xml", _patient("00000001", "0"), bad), actor)
    assert result.status == "refused"
    assert db.session.scalar(select(func.count(EditResult.id))) == 0
