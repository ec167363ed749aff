"""The XML writer: round trips, order, escaping, gzip and version/record-type filtering."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from lxml import etree

from registry.naaccr.xml.model import PatientRecord, RootInfo, TumorRecord
from registry.naaccr.xml.reader import ReadOptions, read_file
from registry.naaccr.xml.writer import XmlWriter, escape_text, write_file

DATA = Path(__file__).parent / "data"
ROUND_TRIP = [
    *sorted(f"xml-valid/{p.name}" for p in (DATA / "xml-valid").iterdir()),
    *sorted(f"xml-reader-cases/{p.name}" for p in (DATA / "xml-reader-cases").iterdir()),
    *sorted(f"synthetic/{p.name}" for p in (DATA / "synthetic").iterdir()),
]


def load(source, **options):
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    with read_file(source, ReadOptions(**options)) as nf:
        patients = list(nf.patients())
    return nf, patients


def shape(root: RootInfo, patients: list[PatientRecord]) -> tuple:
    canon = [etree.tostring(etree.fromstring(x), method="c14n") for x in root.extensions]
    return root.items, canon, [
        (p.items, [etree.tostring(etree.fromstring(x), method="c14n") for x in p.extensions],
         [(t.items, len(t.extensions)) for t in p.tumors])
        for p in patients
    ]  # fmt: skip


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_read_write_read_keeps_items_at_their_levels(name: str) -> None:
    options = {"relaxed": True, "unknown_items": "keep"}
    nf, patients = load(DATA / name, **options)
    out = io.BytesIO()
    write_file(out, nf.root, patients)
    nf2, patients2 = load(out.getvalue(), **options)
    assert nf2.errors == [] or [e.kind for e in nf2.errors] == [e.kind for e in nf.errors]
    assert shape(nf2.root, patients2) == shape(nf.root, patients)
    assert {k: v for k, v in nf2.root.attributes.items() if k != "timeGenerated"} == {
        k: v for k, v in nf.root.attributes.items() if k != "timeGenerated"
    }


def test_written_files_validate_strictly_and_name_the_namespace() -> None:
    nf, patients = load(DATA / "xml-reader-cases/xml-reader-one-patient-two-tumors.xml", relaxed=True)
    out = io.BytesIO()
    write_file(out, nf.root, patients)
    text = out.getvalue().decode()
    assert 'xmlns="http://naaccr.org/naaccrxml"' in text and "timeGenerated=" in text
    nf2, patients2 = load(out.getvalue())
    assert nf2.errors == [] and [t.items for t in patients2[0].tumors] == [t.items for t in patients[0].tumors]


def test_items_come_out_in_dictionary_order_and_blanks_are_dropped() -> None:
    root = RootInfo.for_version("260", "I", timeGenerated="2026-01-05T10:00:00-05:00")
    tumor = TumorRecord(items={"primarySite": "C504", "dateOfDiagnosis": "20250101", "laterality": ""})
    patient = PatientRecord(items={"sexAssignedAtBirth": "2", "patientIdNumber": "00000001"}, tumors=[tumor])
    out = io.BytesIO()
    write_file(out, root, [patient])
    text = out.getvalue().decode()
    assert text.index("patientIdNumber") < text.index("sexAssignedAtBirth")
    assert text.index("dateOfDiagnosis") < text.index("primarySite")
    assert "laterality" not in text
    assert 'timeGenerated="2026-01-05T10:00:00-05:00"' in text


def test_escaping_and_control_characters() -> None:
    assert escape_text("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert escape_text("one\r\ntwo\rthree\x01") == "one\ntwo\nthree"
    root = RootInfo.for_version("260", "A")
    patient = PatientRecord(
        items={"patientIdNumber": "00000001"}, tumors=[TumorRecord({"textRemarks": "<&>\r\n\x02ok"})]
    )
    out = io.BytesIO()
    write_file(out, root, [patient])
    _nf, patients = load(out.getvalue())
    assert patients[0].tumors[0].items["textRemarks"] == "<&>\nok"


def test_gzip_by_name(tmp_path: Path) -> None:
    nf, patients = load(DATA / "synthetic/naaccr-xml-sample-v250-abstract-10.xml.gz")
    target = tmp_path / "out.xml.gz"
    assert write_file(target, nf.root, patients) == 8
    assert target.read_bytes()[:2] == b"\x1f\x8b"
    assert gzip.decompress(target.read_bytes()).startswith(b"<?xml")
    _nf2, patients2 = load(target)
    assert [p.items for p in patients2] == [p.items for p in patients]


def test_record_type_and_version_filtering() -> None:
    nf, patients = load(DATA / "synthetic/naaccr-xml-sample-v250-abstract-10.xml.gz")
    assert "nameLast" in patients[0].items and "textRemarks" in str(patients)
    out = io.BytesIO()
    write_file(out, nf.root, patients, record_type="I")
    nf_i, patients_i = load(out.getvalue())
    assert nf_i.root.record_type == "I" and nf_i.errors == []
    assert all(e == [] for e in (p.errors for p in patients_i))
    assert "nameLast" not in patients_i[0].items and "textRemarks" not in str(patients_i)
    out26 = io.BytesIO()
    write_file(out26, nf.root, patients, version="260")
    nf26, patients26 = load(out26.getvalue())
    assert nf26.root.version == "260" and "sex" not in patients26[0].items
    assert all(p.errors == [] for p in patients26)


def test_item_numbers_can_be_written() -> None:
    root = RootInfo.for_version("260", "I")
    out = io.BytesIO()
    with XmlWriter(out, root, write_numbers=True) as writer:
        writer.write_patient(PatientRecord(items={"patientIdNumber": "00000001"}))
    assert '<Item naaccrId="patientIdNumber" naaccrNum="20">00000001</Item>' in out.getvalue().decode()
    assert load(out.getvalue())[1][0].errors == []


def test_user_attributes_get_a_prefix() -> None:
    nf, patients = load(DATA / "xml-valid/valid_user-attributes-1.xml")
    out = io.BytesIO()
    write_file(out, nf.root, patients)
    nf2, _ = load(out.getvalue())
    assert nf2.root.attributes["{http://other}otherAttribute"] == "XXX" and nf2.errors == []
