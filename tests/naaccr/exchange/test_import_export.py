"""Import into the database and export back out, on SQLite and PostgreSQL, with real sample files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo

from registry.abstracting.models import Patient, Tumor
from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.naaccr.exchange.exporter import ExportSelection, export_file
from registry.naaccr.exchange.importer import import_file
from registry.naaccr.exchange.models import ImportRun
from registry.naaccr.xml.reader import read_file

DATA = Path(__file__).resolve().parent.parent / "data"
ROUND_TRIP = [
    *sorted((DATA / "xml-valid").glob("*.xml")),
    DATA / "synthetic" / "naaccr-xml-sample-v250-abstract-10.xml.gz",
    DATA / "synthetic" / "synthetic-data_naaccr-210-incidence_10-tumors.xml",
]

GOOD = """<?xml version="1.0" encoding="UTF-8"?>
<NaaccrData baseDictionaryUri="http://naaccr.org/naaccrxml/naaccr-dictionary-260.xml" recordType="A"
            specificationVersion="1.8" xmlns="http://naaccr.org/naaccrxml">
    <Item naaccrId="registryId">0000000042</Item>
{patients}
</NaaccrData>
"""


def _patient(pid: str, site: str = "C504", last: str = "Smith", number: str = "01") -> str:
    return (f'    <Patient>\n        <Item naaccrId="patientIdNumber">{pid}</Item>\n'
            f'        <Item naaccrId="nameLast">{last}</Item>\n'
            f'        <Tumor>\n            <Item naaccrId="tumorRecordNumber">{number}</Item>\n'
            f'            <Item naaccrId="primarySite">{site}</Item>\n        </Tumor>\n    </Patient>')


def _write(tmp_path: Path, name: str, *patients: str) -> Path:
    path = tmp_path / name
    path.write_text(GOOD.format(patients="\n".join(patients)))
    return path


def _contents(path) -> dict:
    """{patientIdNumber: (patient items, extensions, [(tumor items, extensions)])} of a file."""
    with read_file(path) as nf:
        return {p.items.get("patientIdNumber"): (p.items, p.extensions, [(t.items, t.extensions) for t in p.tumors])
                for p in nf}


def _counts() -> tuple[int, int]:
    return db.session.query(Patient).count(), db.session.query(Tumor).count()


@pytest.mark.parametrize("sample", ROUND_TRIP, ids=lambda p: p.name)
def test_import_then_export_gives_the_same_items(ctx, actor, sample, tmp_path):
    with read_file(sample) as nf:
        version = nf.root.version
    result = import_file(sample, actor, derive=False)
    assert result.status == "imported", result.errors
    out = tmp_path / "out.xml"
    export_file(out, version=version)
    assert _contents(out) == _contents(sample)


def test_derived_items_are_added_and_reimport_changes_nothing(ctx, actor, tmp_path):
    """With derivation on (the default), every item of the file is kept and stage outputs are added."""
    sample = DATA / "synthetic" / "naaccr-xml-sample-v250-abstract-10.xml.gz"
    first = import_file(sample, actor)
    out = tmp_path / "out.xml"
    export_file(out, version="250")
    original, exported = _contents(sample), _contents(out)
    assert set(original) == set(exported)
    added = set()
    for key, (items, ext, tumors) in original.items():
        assert exported[key][0] == items and exported[key][1] == ext
        for (t_in, _), (t_out, _) in zip(tumors, exported[key][2], strict=True):
            assert t_in.items() <= t_out.items()  # nothing of the file lost or changed
            added |= set(t_out) - set(t_in)
    assert {"schemaId", "derivedSummaryStage2018"} <= added
    again = import_file(sample, actor)
    assert (first.created, again.created, again.updated, again.unchanged) == (8, 0, 0, 8)


def test_an_invalid_file_changes_nothing_and_every_problem_is_listed(ctx, actor, tmp_path):
    path = _write(tmp_path, "bad.xml", _patient("00000001"), _patient("00000002", site="C5041"),
                  _patient("00000003", number="1"))
    result = import_file(path, actor)
    assert result.status == "refused"
    found = [(e.kind, e.naaccr_id) for e in result.errors]
    assert found == [("too-long", "primarySite"), ("too-short", "tumorRecordNumber")]
    assert _counts() == (0, 0)
    run = db.session.get(ImportRun, result.run_id)
    assert run.status == "refused" and run.checksum_sha256 and run.file_name == "bad.xml"


def test_skip_invalid_puts_every_record_in_the_database_or_the_rejection_file(ctx, actor, tmp_path):
    path = _write(tmp_path, "mixed.xml", _patient("00000001"), _patient("00000002", site="C5041"),
                  _patient("00000003"))
    result = import_file(path, actor, skip_invalid=True)
    assert (result.status, result.patients, result.rejected) == ("imported", 2, 1)
    assert result.rejection_file == str(tmp_path / "mixed.rejected.xml")
    rejected = Path(result.rejection_file).read_text()
    assert "too-long" in rejected and "00000002" in rejected
    assert set(_contents(result.rejection_file)) == {"00000002"}
    stored = set(db.session.scalars(db.select(Patient.patientIdNumber)))
    assert stored == {"00000001", "00000003"}


def test_reimporting_updates_the_same_records(ctx, actor, tmp_path):
    first = _write(tmp_path, "a.xml", _patient("00000001"), _patient("00000002"))
    assert import_file(first, actor).created == 2
    again = import_file(first, actor)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = _write(tmp_path, "b.xml", _patient("00000001", site="C509"), _patient("00000002"))
    result = import_file(changed, actor)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert _counts() == (2, 2)
    tumor = db.session.scalars(db.select(Tumor).join(Patient).where(Patient.patientIdNumber == "00000001")).one()
    assert tumor.primarySite == "C509" and tumor.version == 2
    audit = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "update")).one()
    assert audit.changes == {"primarySite": ["C504", "C509"]}


def test_an_import_killed_half_way_leaves_the_database_as_it_was(ctx, actor, tmp_path):
    sample = DATA / "synthetic" / "naaccr-xml-sample-v250-abstract-1000.xml.gz"

    def killed(position: int, total: int) -> None:
        if db.session.query(Patient).count() >= 500:  # a first batch has been written
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(sample, actor, progress=killed)
    assert _counts() == (0, 0)
    assert db.session.scalars(db.select(ImportRun.status)).one() == "failed"


def test_export_selection_and_record_type(ctx, actor, tmp_path, make_patient):
    make_patient(tumors=[{"primarySite": "C504", "dateOfDiagnosis": "20190301", "textRemarks": "note"},
                         {"primarySite": "C619", "dateOfDiagnosis": "20230301"}])
    out = tmp_path / "sel.xml.gz"
    result = export_file(out, record_type="I", selection=ExportSelection(dx_year_from=2020))
    assert (result.patients, result.tumors) == (1, 1)
    (_items, _ext, tumors), = _contents(out).values()
    assert [t["primarySite"] for t, _ in tumors] == ["C619"]
    full = tmp_path / "all.xml"
    export_file(full, record_type="A")
    (_items, _ext, tumors), = _contents(full).values()
    assert tumors[0][0]["textRemarks"] == "note"  # text items are in abstracts (A), not incidence (I) files


def test_cli_import_json_and_exit_status(app, ctx, tmp_path):
    from registry.cli import cli

    runner = CliRunner()
    obj = ScriptInfo(create_app=lambda: app)
    good = _write(tmp_path, "good.xml", _patient("00000007"))
    ok = runner.invoke(cli, ["naaccr", "import", str(good), "--json"], obj=obj)
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["patients"] == 1
    bad = _write(tmp_path, "bad.xml", _patient("00000008", site="C5041"))
    refused = runner.invoke(cli, ["naaccr", "import", str(bad), "--json"], obj=obj)
    assert refused.exit_code == 1
    payload = json.loads(refused.stdout)
    assert (payload["patients"], payload["rejected"], payload["rejection_file"]) == (0, 0, None)
    copy = tmp_path / "copy.xml"
    shutil.copy(bad, copy)
    skipped = runner.invoke(cli, ["naaccr", "import", str(copy), "--skip-invalid", "--json"], obj=obj)
    assert skipped.exit_code == 0 and json.loads(skipped.stdout)["rejected"] == 1
