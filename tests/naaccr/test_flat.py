"""Fixed-width NAACCR files v14-v18: layouts, reading, writing, byte-for-byte round trips through XML."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from registry.naaccr.dictionary import base_dictionary
from registry.naaccr.flat import FlatLayout, LayoutError, format_value, line_length, read_flat, write_flat
from registry.naaccr.flat.convert import ConvertError, convert
from registry.naaccr.validate import validate_file
from registry.naaccr.xml.model import PatientRecord, RootInfo, TumorRecord
from registry.naaccr.xml.reader import ReadOptions, read_file
from registry.naaccr.xml.writer import write_file

DATA = Path(__file__).parent / "data"
FLAT18 = DATA / "flat/synthetic-data_naaccr-180-incidence_10-records.txt"
FLAT14 = DATA / "flat/fake-naaccr14inc-1-rec.txt"


@pytest.mark.parametrize(
    ("version", "lengths"),
    [("140", (22824, 22824, 5564, 3339)), ("160", (22824, 22824, 5564, 3339)), ("180", (24194, 24194, 6154, 4048))],
)
def test_line_lengths_match_the_standard(version: str, lengths: tuple[int, ...]) -> None:
    assert tuple(line_length(version, rt) for rt in "AMCI") == lengths


def test_layout_has_no_gaps_or_overlaps() -> None:
    fields = FlatLayout("180", "A").fields
    ends = [f.start_column + f.length for f in fields]
    assert [f.start_column for f in fields[1:]] == ends[:-1]
    assert FlatLayout("180", "I").by_id["patientIdNumber"].start_column == 42


def test_no_layout_after_v18() -> None:
    with pytest.raises(LayoutError, match="no fixed-width layout"):
        FlatLayout("210", "I")


def test_reading_a_v18_file() -> None:
    with read_flat(FLAT18) as ff:
        patients = list(ff)
    assert (ff.layout.version, ff.layout.record_type, len(patients)) == ("180", "I", 10)
    assert ff.root.items["naaccrRecordVersion"] == "180" and ff.root.record_type == "I"
    first = patients[0]
    assert first.items["patientIdNumber"] == "00000001" and first.line == 1
    assert first.tumors[0].items["primarySite"] == "C509"
    assert "patientIdNumber" not in first.tumors[0].items
    assert all(p.errors == [] for p in patients)


@pytest.mark.parametrize("path", [FLAT18, FLAT14])
def test_flat_to_xml_to_flat_is_byte_for_byte(path: Path, tmp_path: Path) -> None:
    with read_flat(path) as ff:
        patients, root = list(ff), ff.root
    xml = io.BytesIO()
    write_file(xml, root, patients)
    with read_file(io.BytesIO(xml.getvalue()), ReadOptions(validate=False)) as nf:
        back = list(nf)
        out = io.BytesIO()
        write_flat(out, back, version=ff.layout.version, record_type=ff.layout.record_type, root=nf.root)
    assert out.getvalue() == path.read_bytes()


def test_convert_command_logic_round_trips_files(tmp_path: Path) -> None:
    xml, flat = tmp_path / "out.xml.gz", tmp_path / "back.txt"
    report = convert(FLAT18, xml)
    assert (report.patients, report.tumors, report.output_format, report.refused) == (10, 10, "xml", False)
    assert validate_file(xml).valid
    convert(xml, flat)
    assert flat.read_bytes() == FLAT18.read_bytes()


def test_convert_refuses_a_version_without_columns(tmp_path: Path) -> None:
    with pytest.raises(ConvertError, match="no fixed-width layout"):
        convert(DATA / "synthetic/naaccr-xml-sample-v250-abstract-10.xml.gz", tmp_path / "x.txt")


def test_convert_removes_the_output_of_an_unreadable_file(tmp_path: Path) -> None:
    report = convert(DATA / "xml-invalid/invalid_unbalanced-tags-3.xml", tmp_path / "x.txt", version="180")
    assert report.refused and not (tmp_path / "x.txt").exists()


def test_lines_are_grouped_into_patients_by_patient_id(tmp_path: Path) -> None:
    lines = FLAT18.read_text().splitlines()
    second = lines[0][:41] + "00000001" + lines[1][49:]  # a 2nd tumor for patient 1
    path = tmp_path / "grouped.txt"
    path.write_text("\n".join([lines[0], second, lines[2]]) + "\n")
    with read_flat(path) as ff:
        patients = list(ff)
    assert [len(p.tumors) for p in patients] == [2, 1]
    assert [t.line for t in patients[0].tumors] == [1, 2] and patients[1].line == 3


def test_bad_line_length_is_reported_with_line(tmp_path: Path) -> None:
    lines = FLAT18.read_text().splitlines()
    path = tmp_path / "short.txt"
    path.write_text("\n".join([lines[0], lines[1][:4000], lines[2] + "  "]) + "\n")
    report = validate_file(path)
    assert report.format == "flat" and (report.patients, report.tumors) == (3, 3)
    assert [(e.line, e.kind) for e in report.errors] == [(2, "bad-line-length"), (3, "bad-line-length")]
    assert report.errors[0].patient_index == 1


def test_flat_values_are_validated() -> None:
    report = validate_file(FLAT14)
    assert not report.valid
    kinds = {(e.kind, e.naaccr_id) for e in report.errors}
    assert ("bad-type", "dateOfBirth") in kinds and all(e.line == 1 for e in report.errors)
    assert validate_file(FLAT18).valid


def test_padding_rules_on_write() -> None:
    d = base_dictionary("180")
    assert format_value(d["primarySite"], "C50") == "C50 "
    assert format_value(d["patientIdNumber"], "42") == "      42"  # leftZero, blank unless asked
    assert format_value(d["patientIdNumber"], "42", zero_padding=True) == "00000042"
    assert format_value(d["primarySite"], "C5099") == "C509"
    assert format_value(d["textRemarks"], "a\nb")[:3] == "a b"


def test_written_lines_have_the_layout_length_and_fixed_fields() -> None:
    root = RootInfo.for_version("180", "A")
    root.items = {"registryId": "0000000042", "naaccrRecordVersion": "999"}
    patient = PatientRecord(items={"patientIdNumber": "00000001"}, tumors=[TumorRecord({"primarySite": "C504"})] * 2)
    out = io.BytesIO()
    assert write_flat(out, [patient], version="180", record_type="A", root=root, newline="\r\n") == 2
    lines = out.getvalue().decode().split("\r\n")
    assert len(lines[0]) == 24194 and lines[0][0] == "A" and lines[0][16:19] == "180"
    assert lines[1][29:39] == "0000000042" and lines[1][553:557] == "C504" and lines[2] == ""


@pytest.mark.parametrize("record_type", ["A", "M", "C", "I"])
@pytest.mark.parametrize("version", ["140", "180"])
def test_every_record_type_round_trips(record_type: str, version: str) -> None:
    root = RootInfo.for_version(version, record_type)
    root.items = {"registryId": "0000000042"}
    tumor = TumorRecord({"primarySite": "C504", "dateOfDiagnosis": "20150101"})
    confidential = {"nameLast": "SMITH"} if record_type != "I" else {}
    patients = [PatientRecord(items={"patientIdNumber": "00000007", **confidential}, tumors=[tumor, tumor])]
    out = io.BytesIO()
    write_flat(out, patients, version=version, record_type=record_type, root=root)
    with read_flat(io.BytesIO(out.getvalue())) as ff:
        back = list(ff)
    assert (ff.layout.version, ff.layout.record_type) == (version, record_type)
    assert ff.root.items == {"registryId": "0000000042", "recordType": record_type, "naaccrRecordVersion": version}
    assert [p.items for p in back] == [patients[0].items] and back[0].errors == []
    assert [t.items for t in back[0].tumors] == [tumor.items, tumor.items]
