"""Data releases from request to extract: de-identified CSV and XML, limited data sets and their disclosures."""

from __future__ import annotations

import csv

import pytest

from registry.abstracting.models import Patient, Tumor
from registry.extensions import db
from registry.naaccr.dictionary import current
from registry.naaccr.validate import validate_file
from registry.submissions.accounting import disclosures_for
from registry.submissions.models import Disclosure
from registry.submissions.releases import ReleaseError, decide_release, produce_release, request_release

DATE_ITEMS = {i.naaccr_id for i in current() if i.data_type in ("date", "dateTime")}
# Identifying NAACCR items a Safe Harbor extract must not hold (names, street, city, county and census areas,
# phone, SSN, MRN, accession and hospital patient numbers, Medicare number, free text).
IDENTIFYING = {"nameLast", "nameFirst", "nameMiddle", "nameAlias", "nameBirthSurname", "nameSpouseParent",
               "namePrefix", "nameSuffix", "addrAtDxNoStreet", "addrCurrentNoStreet", "addrAtDxSupplementl",
               "addrCurrentSupplementl", "addrAtDxCity", "addrCurrentCity", "followUpContactCity", "countyAtDx",
               "countyCurrent", "countyAtDxAnalysis", "censusTract2010", "censusTract2020", "censusBlockGroup2020",
               "latitude", "longitude", "telephone", "socialSecurityNumber", "medicalRecordNumber",
               "accessionNumberHosp", "patientSystemIdHosp", "medicareBeneficiaryIdentifier", "textRemarks",
               "textDxProcPe", "textPlaceOfDiagnosis", "textPrimarySiteTitle", "rxTextSurgery"}
REQUEST = {"requester": "Dr A. Researcher", "organisation": "State University", "purpose": "Breast cancer survival",
           "approval_reference": "IRB-2026-017"}


def _released(actor, **fields):
    release = request_release({**REQUEST, **fields}, actor)
    decide_release(release, True, actor)
    return release


def _complete_patients() -> set[int]:
    return set(db.session.scalars(db.select(Tumor.patient_id).where(Tumor.status.in_(("complete", "reviewed")))))


def test_deidentified_csv_holds_no_identifier(demo_registry, actor, tmp_path):
    release = _released(actor, kind="deidentified", format="csv")
    produce_release(release, actor, out=tmp_path / "extract.csv")
    db.session.commit()
    with open(tmp_path / "extract.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == release.tumors == db.session.query(Tumor).filter(
        Tumor.status.in_(("complete", "reviewed"))).count()
    assert not set(rows[0]) & IDENTIFYING
    real_ids = set(db.session.scalars(db.select(Patient.patientIdNumber)))
    for row in rows:
        for key, value in row.items():
            if not value:
                continue
            if key in DATE_ITEMS:
                assert len(value) == 4, (key, value)
            if key in ("addrAtDxPostalCode", "addrCurrentPostalCode", "followUpContactPostal"):
                assert len(value) == 3, (key, value)
        assert row["ageAtDiagnosis"] <= "090" or row["ageAtDiagnosis"] == "999"
        assert row["patientIdNumber"] not in real_ids
    assert len({r["patientIdNumber"] for r in rows}) == release.patients
    assert db.session.query(Disclosure).count() == 0  # de-identified data is not a disclosure of PHI


def test_deidentified_xml_is_valid_naaccr(demo_registry, actor, tmp_path, xsd_errors):
    release = _released(actor, kind="deidentified", format="xml", items="primarySite dateOfDiagnosis nameLast "
                                                                          "addrAtDxPostalCode ageAtDiagnosis")
    out = tmp_path / "extract.xml.gz"
    produce_release(release, actor, out=out)
    assert xsd_errors(out) == []
    report = validate_file(out)
    assert report.valid and report.tumors == release.tumors
    from registry.naaccr.xml.reader import read_file

    with read_file(str(out)) as nf:
        assert nf.root.record_type == "I"
        for patient in nf:
            assert set(patient.items) <= {"patientIdNumber"}
            for tumor in patient.tumors:
                assert set(tumor.items) <= {"primarySite", "dateOfDiagnosis", "addrAtDxPostalCode", "ageAtDiagnosis"}
                assert len(tumor.items["dateOfDiagnosis"]) == 4


def test_limited_data_set_is_in_every_included_patients_accounting(demo_registry, actor, tmp_path):
    release = _released(actor, kind="limited", format="csv", items="dateOfDiagnosis addrAtDxCity nameLast",
                        dx_year_from="2020")
    produce_release(release, actor, out=tmp_path / "lds.csv")
    db.session.commit()
    with open(tmp_path / "lds.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert set(rows[0]) == {"patientIdNumber", "addrAtDxCity", "dateOfDiagnosis"}  # no name in any release
    assert all(len(r["dateOfDiagnosis"]) == 8 and r["dateOfDiagnosis"] >= "2020" for r in rows)
    included = set(db.session.scalars(db.select(Tumor.patient_id).where(
        Tumor.status.in_(("complete", "reviewed")), Tumor.dx_year >= 2020)))
    assert included and release.patients == len(included)
    assert set(db.session.scalars(db.select(Disclosure.patient_id))) == included
    for patient_id in included:
        [line] = disclosures_for(patient_id)
        assert line.release_id == release.id and "State University" in line.recipient
        assert "IRB-2026-017" in line.description and line.purpose == REQUEST["purpose"]
    for patient_id in _complete_patients() - included:
        assert disclosures_for(patient_id) == []


def test_decisions_and_their_order(demo_registry, actor, tmp_path):
    release = request_release({**REQUEST, "approval_reference": "", "kind": "limited"}, actor)
    with pytest.raises(ReleaseError, match="approved"):
        produce_release(release, actor, out=tmp_path / "x.csv")
    with pytest.raises(ReleaseError, match="data use agreement"):
        decide_release(release, True, actor)
    decide_release(release, True, actor, kind="deidentified", note="Safe Harbor is enough")
    assert (release.status, release.kind, release.decided_by) == ("approved", "deidentified", actor.username)
    with pytest.raises(ReleaseError, match="already"):
        decide_release(release, False, actor)
    refused = request_release(REQUEST, actor)
    decide_release(refused, False, actor, note="no IRB approval")
    with pytest.raises(ReleaseError):
        produce_release(refused, actor, out=tmp_path / "y.csv")


@pytest.mark.parametrize(("change", "message"), [
    ({"purpose": " "}, "purpose"), ({"items": "primarySite notAnItem"}, "notAnItem"), ({"kind": "identified"}, "kind"),
    ({"dx_year_from": "20x0"}, "year"),
])
def test_requests_are_checked(ctx, actor, change, message):
    with pytest.raises(ReleaseError, match=message):
        request_release({**REQUEST, **change}, actor)


def test_released_csv_is_spreadsheet_safe_and_leaves_stored_data_alone(demo_registry, actor, tmp_path, unsafe_cells):
    from registry.abstracting.operations import update_tumor

    hostile = "=cmd|' /C calc'!A0"
    tumor = db.session.scalars(db.select(Tumor).where(Tumor.status.in_(("complete", "reviewed")))
                               .order_by(Tumor.id)).first()
    update_tumor(tumor, {"addrAtDxCity": hostile}, actor, expected_version=tumor.version)
    db.session.commit()
    release = _released(actor, kind="limited", format="csv", items="dateOfDiagnosis addrAtDxCity")
    produce_release(release, actor, out=tmp_path / "lds.csv")
    db.session.commit()
    text = (tmp_path / "lds.csv").read_text(encoding="utf-8")
    assert unsafe_cells(text) == [] and "'" + hostile in text
    db.session.expire_all()
    assert db.session.get(Tumor, tumor.id).addrAtDxCity == hostile
