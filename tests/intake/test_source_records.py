"""Identity-safe intake (issue 13): a Patient ID Number from elsewhere is never an identity, and a source never
blanks or overwrites what another source contributed. Real files, demo registry, SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlalchemy import func, select

from registry.abstracting.models import Patient, Tumor
from registry.abstracting.operations import update_patient
from registry.demo.loader import load_demo
from registry.extensions import db
from registry.intake.models import LinkageReview, SourceRecord
from registry.naaccr.exchange.exporter import export_file
from registry.naaccr.exchange.importer import import_file, sha256_of
from registry.naaccr.exchange.models import ImportRun

DATA = Path(__file__).resolve().parent.parent / "naaccr" / "data"
SAMPLE = DATA / "synthetic" / "naaccr-xml-sample-v250-abstract-10.xml.gz"  # NAACCR's sample: 8 patients, 10 tumors
HEAD = ('<?xml version="1.0"?>\n<NaaccrData baseDictionaryUri="http://naaccr.org/naaccrxml/naaccr-dictionary-260.xml"'
        ' recordType="A" specificationVersion="1.8" xmlns="http://naaccr.org/naaccrxml">\n')


def _rows(model) -> dict[int, dict]:
    """Every column of every row of a table, by id."""
    table = model.__table__
    return {row["id"]: dict(row) for row in db.session.execute(select(table)).mappings()}


def _snapshot() -> tuple[dict, dict]:
    db.session.expire_all()
    return _rows(Patient), _rows(Tumor)


def _outcomes(result) -> int:
    counts = result.intake
    return counts.new_persons + counts.linked + counts.review + counts.corrected + counts.unchanged


def _xml(path: Path, patients: list[tuple[dict, list[dict]]], registry_id: str | None = None) -> Path:
    root = f'<Item naaccrId="registryId">{registry_id}</Item>\n' if registry_id else ""
    body = "".join(
        "<Patient>" + "".join(f'<Item naaccrId="{k}">{v}</Item>' for k, v in items.items())
        + "".join("<Tumor>" + "".join(f'<Item naaccrId="{k}">{v}</Item>' for k, v in t.items()) + "</Tumor>"
                  for t in tumors) + "</Patient>\n" for items, tumors in patients)
    path.write_text(HEAD + root + body + "</NaaccrData>\n")
    return path


PERSON = {"nameLast": "KOWALSKI", "nameFirst": "MARTHA", "dateOfBirth": "19520314", "sexAssignedAtBirth": "2",
          "socialSecurityNumber": "287654321"}
TUMOR = {"tumorRecordNumber": "01", "primarySite": "C504", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3",
         "dateOfDiagnosis": "20210505"}


@pytest.fixture
def demo(ctx, actor) -> tuple[dict, dict]:
    load_demo(300, 5, actor)
    db.session.commit()
    return _snapshot()


def test_the_sample_file_changes_no_demo_patient_and_every_record_is_accounted_for(demo, actor):
    """The issue's case: NAACCR's sample overwrote 8 unrelated demo patients whose Patient ID Number matched."""
    patients_before, tumors_before = demo
    assert {p["patient_id_number"] for p in patients_before.values()} >= {"00000001", "00000008"}
    result = import_file(SAMPLE, actor, derive=False)
    assert result.status == "imported", result.errors
    patients, tumors = _snapshot()
    assert {pid: patients[pid] for pid in patients_before} == patients_before
    assert {tid: tumors[tid] for tid in tumors_before} == tumors_before
    counts = result.intake
    assert counts.new_persons + counts.linked + counts.review == 8 and (counts.corrected, counts.unchanged) == (0, 0)
    assert result.updated == 0
    records = db.session.scalars(select(SourceRecord)).all()
    assert (len(records) == 10 and {r.source for r in records} == {f"file:{sha256_of(SAMPLE)}"}) or all(
        r.source.startswith("facility:") for r in records)
    assert db.session.query(LinkageReview).count() == counts.review
    # The file's `sex` (v25) is the current Sex Assigned at Birth of the new persons.
    new = db.session.scalars(select(Patient).where(Patient.id.not_in(list(patients_before)))).all()
    assert len(new) == counts.new_persons and all(p.sexAssignedAtBirth in ("1", "2") for p in new)

    again = import_file(SAMPLE, actor, derive=False)  # the same file again: the same source's same report
    assert again.status == "imported"
    assert again.intake.to_json() == {"new_persons": 0, "linked": 0, "review": 0, "corrected": 0, "unchanged": 8}
    assert _snapshot() == (patients, tumors)
    assert db.session.query(SourceRecord).count() == 10


def test_dry_run_writes_nothing_and_says_what_would_happen(demo, actor):
    runs = db.session.query(ImportRun).count()
    result = import_file(SAMPLE, actor, dry_run=True)
    assert result.status == "imported" and result.dry_run and result.run_id is None
    assert _outcomes(result) == 8 and result.to_json()["new_persons"] == result.intake.new_persons
    assert _snapshot() == demo
    assert db.session.query(SourceRecord).count() == 0 and db.session.query(ImportRun).count() == runs


def test_a_corrected_report_changes_only_that_source_s_items_and_a_second_source_fills_blanks(ctx, actor,
                                                                                              tmp_path):
    first = _xml(tmp_path / "a.xml", [({"patientIdNumber": "00000101", **PERSON, "addrCurrentCity": "SPRINGFIELD"},
                                       [TUMOR])], registry_id="0000000701")
    assert import_file(first, actor).intake.new_persons == 1
    patient = db.session.scalars(select(Patient)).one()
    update_patient(patient, {"nameSuffix": "JR"}, actor, expected_version=None)  # the registry's own value
    db.session.commit()

    # A second source: the same person under its own Patient ID Number, with a value for a blank item and
    # different values for items the first source gave.
    second = _xml(tmp_path / "b.xml", [({"patientIdNumber": "00009999", **PERSON, "addrCurrentCity": "SHELBYVILLE",
                                         "nameMiddle": "ANN", "nameSuffix": "SR"},
                                        [{**TUMOR, "tumorRecordNumber": "03", "rxSummChemo": "01"}])],
                  registry_id="0000000702")
    linked = import_file(second, actor)
    assert linked.intake.linked == 1 and linked.intake.new_persons == 0
    db.session.expire_all()
    patient = db.session.scalars(select(Patient)).one()
    assert (patient.addrCurrentCity, patient.nameMiddle, patient.nameSuffix) == ("SPRINGFIELD", "ANN", "JR")
    tumor = db.session.scalars(select(Tumor)).one()  # same site, histology and year: the same tumor
    assert tumor.tumorRecordNumber == "01" and tumor.items()["rxSummChemo"] == "01"
    assert patient.item_sources["nameMiddle"] == "0000000702" and "nameSuffix" not in patient.item_sources

    # The first source corrects its report: its own items change, the second source's and the registry's do not.
    corrected = _xml(tmp_path / "a2.xml", [({"patientIdNumber": "00000101", **PERSON, "addrCurrentCity": "OGDENVILLE",
                                            "nameMiddle": "BETH", "nameSuffix": "III"}, [TUMOR])],
                     registry_id="0000000701")
    result = import_file(corrected, actor)
    assert result.intake.to_json() == {"new_persons": 0, "linked": 0, "review": 0, "corrected": 1, "unchanged": 0}
    db.session.expire_all()
    patient = db.session.scalars(select(Patient)).one()
    assert (patient.addrCurrentCity, patient.nameMiddle, patient.nameSuffix) == ("OGDENVILLE", "ANN", "JR")
    versions = db.session.execute(select(SourceRecord.version, SourceRecord.current).where(
        SourceRecord.source == "0000000701").order_by(SourceRecord.id)).all()
    assert versions == [(1, False), (2, True)]


def test_a_registrar_s_edit_of_a_source_s_value_is_the_registry_s_own_from_then_on(ctx, actor, tmp_path):
    """A source gave the city; a registrar corrects it on the screen; the source's later correction of its report
    does not overwrite the registrar's value (the registry's own abstract comes first)."""
    first = _xml(tmp_path / "a.xml", [({"patientIdNumber": "00000101", **PERSON, "addrCurrentCity": "SPRINGFIELD"},
                                       [TUMOR])], registry_id="0000000701")
    import_file(first, actor)
    patient = db.session.scalars(select(Patient)).one()
    assert patient.item_sources["addrCurrentCity"] == "0000000701"
    update_patient(patient, {"addrCurrentCity": "CAPITAL CITY"}, actor, expected_version=None)
    db.session.commit()
    assert "addrCurrentCity" not in (patient.item_sources or {})

    again = _xml(tmp_path / "a2.xml", [({"patientIdNumber": "00000101", **PERSON, "addrCurrentCity": "OGDENVILLE"},
                                        [TUMOR])], registry_id="0000000701")
    import_file(again, actor)
    db.session.expire_all()
    assert db.session.scalars(select(Patient)).one().addrCurrentCity == "CAPITAL CITY"


def test_into_an_empty_registry_a_patient_sent_twice_far_apart_is_one_person(ctx, actor, tmp_path):
    """On an empty registry the planning pass is skipped; a key that comes back after several written batches is
    still the same person (a correction), not a second one."""
    others = [({"patientIdNumber": f"{n:08d}", "nameLast": f"PERSON{n}", "dateOfBirth": "19600101"},
               [{**TUMOR, "tumorRecordNumber": "01"}]) for n in range(200, 900)]
    first = ({"patientIdNumber": "00000101", **PERSON}, [TUMOR])
    again = ({"patientIdNumber": "00000101", **PERSON, "addrCurrentCity": "SPRINGFIELD"}, [TUMOR])
    path = _xml(tmp_path / "twice.xml", [first, *others, again], registry_id="0000000701")
    result = import_file(path, actor)
    assert result.status == "imported"
    assert db.session.scalar(select(func.count()).select_from(Patient)) == 701
    patient = db.session.scalars(select(Patient).where(Patient.patientIdNumber == "00000101")).one()
    assert patient.addrCurrentCity == "SPRINGFIELD" and len(patient.tumors) == 1


def test_a_file_with_no_registry_and_no_facility_is_its_own_source(ctx, actor, make_patient, tmp_path):
    make_patient(patientIdNumber="00000001", nameLast="MILLER", nameFirst="KRISTY", dateOfBirth="19800115")
    path = _xml(tmp_path / "x.xml", [({"patientIdNumber": "00000001", "nameLast": "SMITH", "nameFirst": "RANDI",
                                       "dateOfBirth": "19730729"}, [{"primarySite": "C619"}])])
    result = import_file(path, actor)
    assert result.intake.new_persons == 1 and result.updated == 0
    source = f"file:{sha256_of(path)}"
    assert db.session.scalar(select(SourceRecord.source)) == source
    names = dict(db.session.execute(select(Patient.source_registry_id, Patient.nameLast)).all())
    assert names == {"": "MILLER", source: "SMITH"}


def test_the_registry_s_own_export_re_imported_changes_nothing(ctx, actor, tmp_path):
    ctx.config["REGISTRY_ID"] = "0000000024"
    try:
        load_demo(60, 3, actor)
        db.session.commit()
        before = _snapshot()
        out = tmp_path / "own.xml"
        export_file(out)
        result = import_file(out, actor, derive=False)
        assert result.status == "imported", result.errors
        assert result.intake.unchanged == before[0].__len__() and result.updated == 0
        assert _snapshot() == before
        assert db.session.query(SourceRecord).count() == 0
    finally:
        ctx.config.pop("REGISTRY_ID")


def test_cli_dry_run_and_linkage_review_json(ctx, demo, tmp_path):
    from registry.cli import cli

    runner = CliRunner()
    obj = ScriptInfo(create_app=lambda: ctx)
    dry = runner.invoke(cli, ["naaccr", "import", str(SAMPLE), "--dry-run", "--json"], obj=obj)
    assert dry.exit_code == 0, dry.output
    out = json.loads(dry.stdout.splitlines()[-1])
    assert {"new_persons", "linked", "review", "corrected", "unchanged", "created", "updated"} <= set(out)
    assert out["new_persons"] + out["linked"] + out["review"] == 8 and out["dry_run"] is True
    assert _snapshot() == demo
    done = runner.invoke(cli, ["naaccr", "import", str(SAMPLE), "--json"], obj=obj)
    assert done.exit_code == 0, done.output
    review = runner.invoke(cli, ["linkage", "review", "--json"], obj=obj)
    assert review.exit_code == 0, review.output
    items = json.loads(review.stdout)
    assert len(items) == json.loads(done.stdout.splitlines()[-1])["review"]
    for item in items:
        assert set(item) == {"id", "source_record_id", "patient_key", "source", "candidate_patient_id", "score"}
