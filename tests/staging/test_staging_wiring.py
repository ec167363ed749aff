"""Staging items derived and stored in the database: on import, by derive_and_store, and by rederive (both backends)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select, text

from registry.abstracting.models import Tumor
from registry.core.audit import AuditEvent
from registry.extensions import db
from registry.naaccr.exchange.importer import import_file
from registry.staging.cli import cli
from registry.staging.rederive import rederive
from registry.staging.wiring import derive_and_store, derived_changes, derived_item_ids

# staging-edits-codes.md §1.4: EodStagingTest.testStageDefaultSsdi (breast, EOD Public 3.3)
BREAST = {"primarySite": "C502", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3",
          "dateOfDiagnosis": "20200610", "tumorSizeSummary": "025", "eodPrimaryTumor": "100",
          "eodRegionalNodes": "200", "eodMets": "00", "gradeClinical": "1", "gradePathological": "1",
          "estrogenReceptorSummary": "1", "progesteroneRecepSummary": "0", "her2OverallSummary": "0"}
# a 2010 case (Collaborative Stage years) and a 2016 case (no algorithm)
CS_CASE = {"primarySite": "C619", "histologicTypeIcdO3": "8140", "behaviorCodeIcdO3": "3",
           "dateOfDiagnosis": "20100301"}
TNM_ERA = {"primarySite": "C504", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3",
           "dateOfDiagnosis": "20160301"}
NO_SCHEMA = {**BREAST, "primarySite": "C809", "histologicTypeIcdO3": "9999"}

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<NaaccrData baseDictionaryUri="http://naaccr.org/naaccrxml/naaccr-dictionary-260.xml" recordType="A"
            specificationVersion="1.8" xmlns="http://naaccr.org/naaccrxml">
  <Item naaccrId="registryId">0000000042</Item>
"""


def _items(items: dict[str, str]) -> str:
    return "".join(f'<Item naaccrId="{k}">{v}</Item>' for k, v in items.items())


def write_file(path: Path, patients: dict[str, list[dict[str, str]]]) -> Path:
    """A NAACCR XML file: patientIdNumber -> tumors (each with its tumorRecordNumber)."""
    body = "".join(
        f'<Patient>{_items({"patientIdNumber": pid, "sexAssignedAtBirth": "2"})}'
        + "".join(f"<Tumor>{_items({'tumorRecordNumber': f'{n:02d}', **t})}</Tumor>" for n, t in enumerate(ts, 1))
        + "</Patient>\n" for pid, ts in patients.items())
    path.write_text(HEAD + body + "</NaaccrData>\n")
    return path


def _tumor(site: str) -> Tumor:
    db.session.expire_all()
    return db.session.scalars(select(Tumor).where(Tumor.primarySite == site)).one()


def test_the_worked_breast_example_derives_schema_stage_grade_and_version():
    changes = derived_changes(BREAST)
    assert changes["schemaId"] == "00480"
    assert changes["derivedSummaryStage2018"] == "3"
    assert changes["derivedSummaryGrade2018"] == "1"
    assert changes["schemaIdVersionCurrent"] == changes["schemaIdVersionOriginal"] == "3.3"
    assert derived_changes({**BREAST, **changes}) == {}


def test_import_derives_and_stores_staging_items(ctx, actor, tmp_path):
    path = write_file(tmp_path / "in.xml", {"00000001": [BREAST], "00000002": [CS_CASE], "00000003": [TNM_ERA]})
    assert import_file(path, actor).status == "imported"
    breast = _tumor("C502")
    items = breast.items()
    assert (breast.schemaId, breast.derivedSummaryStage2018, breast.derivedSummaryGrade2018) == ("00480", "3", "1")
    assert items["schemaIdVersionCurrent"] == "3.3"
    cs = _tumor("C619").items()
    assert cs["csVersionDerived"] == "020550" and cs["derivedAjccFlag"] == "1" and cs["derivedSs2000"]
    assert not any(k.startswith("derived") or k == "schemaId" for k in _tumor("C504").items())
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "derive")).all()
    assert {e.entity_id for e in events} == {breast.id, _tumor("C619").id}
    breast_event = next(e for e in events if e.entity_id == breast.id)
    assert breast_event.changes["derivedSummaryStage2018"] == [None, "3"]
    assert breast_event.note.startswith("import #")


def test_reimporting_the_same_file_changes_no_derived_item(ctx, actor, tmp_path):
    path = write_file(tmp_path / "in.xml", {"00000001": [BREAST]})
    import_file(path, actor)
    first = _tumor("C502").version
    derives = db.session.query(AuditEvent).filter(AuditEvent.action == "derive").count()
    result = import_file(path, actor)
    assert (result.unchanged, result.updated) == (1, 0)  # the derived items the file lacks are kept
    tumor = _tumor("C502")
    assert (tumor.derivedSummaryStage2018, tumor.version) == ("3", first)
    assert db.session.query(AuditEvent).filter(AuditEvent.action == "derive").count() == derives
    summary = derive_and_store([tumor.id], actor)
    assert (summary.tumors, summary.changed) == (1, 0) and _tumor("C502").version == first


def test_rederive_repairs_items_blanked_by_raw_sql(ctx, actor, tmp_path):
    write_file(tmp_path / "in.xml", {"00000001": [BREAST], "00000002": [CS_CASE], "00000003": [TNM_ERA]})
    import_file(tmp_path / "in.xml", actor)
    before = _tumor("C502")
    version = before.version
    db.session.execute(text("UPDATE tumor SET derived_summary_stage2018 = NULL, schema_id = NULL, extra_items = NULL"
                            " WHERE primary_site = 'C502'"))
    db.session.commit()
    summary = rederive(actor)
    assert (summary.tumors, summary.changed, summary.not_applicable) == (3, 1, 1)
    assert summary.results == {"eod_public 3.3": {"STAGED": 1}, "cs 02.05.50": {"STAGED": 1}}
    after = _tumor("C502")
    assert (after.schemaId, after.derivedSummaryStage2018) == ("00480", "3")
    assert after.items()["schemaIdVersionCurrent"] == "3.3" and after.version == version + 1
    assert rederive(actor).changed == 0


def test_rederive_with_one_algorithm_touches_only_its_years(ctx, actor, tmp_path):
    write_file(tmp_path / "in.xml", {"00000001": [BREAST], "00000002": [CS_CASE]})
    import_file(tmp_path / "in.xml", actor)
    db.session.execute(text("UPDATE tumor SET derived_summary_stage2018 = NULL, extra_items = NULL"))
    db.session.commit()
    summary = rederive(actor, only="cs")
    assert (summary.tumors, summary.changed) == (1, 1)
    assert _tumor("C502").derivedSummaryStage2018 is None
    assert _tumor("C619").items()["csVersionDerived"] == "020550"
    assert rederive(actor, only="eod_public", year_from=2021).tumors == 0


def test_cli_rederive_prints_the_json_summary(ctx, actor, tmp_path):
    write_file(tmp_path / "in.xml", {"00000001": [BREAST], "00000002": [NO_SCHEMA]})
    import_file(tmp_path / "in.xml", actor)
    db.session.execute(text("UPDATE tumor SET derived_summary_stage2018 = '9'"))
    db.session.commit()
    result = CliRunner().invoke(cli, ["rederive", "--json", "--dx-year-from", "2018"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["tumors"], summary["changed"], summary["not_applicable"]) == (2, 2, 0)
    assert summary["failed"] == {"FAILED_NO_MATCHING_SCHEMA": 1}
    assert summary["results"]["eod_public 3.3"] == {"FAILED_NO_MATCHING_SCHEMA": 1, "STAGED": 1}
    assert _tumor("C502").derivedSummaryStage2018 == "3" and _tumor("C809").derivedSummaryStage2018 is None


def test_cli_rederive_refuses_bad_usage(ctx):
    runner = CliRunner()
    assert runner.invoke(cli, ["rederive", "--algorithm", "tnm"]).exit_code == 2
    wrong = runner.invoke(cli, ["rederive", "--dx-year-from", "2020", "--dx-year-to", "2019"])
    assert wrong.exit_code == 2 and "after" in wrong.stderr
    quiet = runner.invoke(cli, ["rederive"])
    assert quiet.exit_code == 0 and quiet.stdout == "" and "Rederived 0 tumors" in quiet.stderr


def test_every_item_a_derivation_writes_is_listed_as_derived():
    written = set()
    for record in (BREAST, CS_CASE, {**BREAST, "dateOfDiagnosis": "20240101"}, NO_SCHEMA):
        written |= set(derived_changes(record))
    assert written <= derived_item_ids()
    assert {"schemaId", "derivedSummaryStage2018", "csVersionDerived", "derivedSs2000Flag", "torontoT"} <= written
