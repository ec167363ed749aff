"""The streaming XML reader on the library's reader cases and on hand-made edge cases."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from lxml import etree

from registry.naaccr.dictionary import load_dictionary
from registry.naaccr.xml.entities import EntityReader
from registry.naaccr.xml.reader import ReadOptions, flat_records, read_file
from registry.naaccr.xml.root import rules_for_root

DATA = Path(__file__).parent / "data"
CASES = DATA / "xml-reader-cases"
HEAD = (
    '<NaaccrData baseDictionaryUri="http://naaccr.org/naaccrxml/naaccr-dictionary-260.xml" recordType="A" '
    'specificationVersion="1.8" xmlns="http://naaccr.org/naaccrxml">\n'
)


def read_all(source, **options):
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    with read_file(source, ReadOptions(**options)) as nf:
        patients = list(nf.patients())
    return nf, patients


def issues(nf, patients):
    return sorted((e.line, e.kind, e.naaccr_id or "") for e in nf.errors + [e for p in patients for e in p.errors])


def test_one_patient_two_tumors() -> None:
    nf, patients = read_all(CASES / "xml-reader-one-patient-two-tumors.xml", relaxed=True)
    assert issues(nf, patients) == []
    assert patients[0].items == {"patientIdNumber": "00000001"}
    assert [t.items["primarySite"] for t in patients[0].tumors] == ["C123", "C456"]
    assert [t.line for t in patients[0].tumors] == [4, 7]


def test_special_characters_entities_and_cdata() -> None:
    _nf, patients = read_all(CASES / "xml-reader-special-characters.xml", relaxed=True)
    tumor = patients[0].tumors[0].items
    assert tumor["rxTextHormone"] == "& < > \" '"
    assert tumor["rxTextChemo"] == "& < > \" '"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("encoding_test_Cp1252.xml", "This is a \u201csentence\u201d taken from \u2013 Word\u2026"),
        ("encoding_test_UTF-8_with_bom.xml", "The quote \u2019 is a UTF-8 character; here is another: \u00b5..."),
    ],
)
def test_declared_encodings_and_bom(name: str, text: str) -> None:
    nf, patients = read_all(CASES / name)
    assert issues(nf, patients) == []
    assert patients[0].tumors[0].items["textHistologyTitle"] == text


def test_duplicate_items_are_reported_and_the_first_kept() -> None:
    nf, patients = read_all(CASES / "xml-reader-duplicate-items.xml", relaxed=True)
    assert issues(nf, patients) == [(6, "duplicate-item", "primarySite")]
    assert patients[0].tumors[0].items == {"primarySite": "C123"}
    assert patients[0].errors[0].tumor_index == 0


def test_switched_levels_are_wrong_level_with_patient_index() -> None:
    nf, patients = read_all(CASES / "xml-reader-switched-level.xml")
    assert issues(nf, patients) == [
        (7, "wrong-level", "dateOfLastCancerStatus"),
        (14, "wrong-level", "dateOfLastCancerStatusFlag"),
    ]
    assert [p.errors[0].patient_index for p in patients] == [0, 1]
    assert "dateOfLastCancerStatus" not in patients[0].items


def test_bad_time_generated_names_the_attribute_line() -> None:
    nf, patients = read_all(CASES / "xml-reader-bad-time-generated.xml")
    assert issues(nf, patients) == [(5, "bad-root", "")]
    assert len(patients[0].items) == 23  # reading went on


def test_root_attributes_and_several_user_dictionary_uris() -> None:
    nf, patients = read_all(CASES / "xml-reader-user-dict-mult-1.xml", unknown_items="keep")
    assert nf.root.user_dictionary_uris == [
        "http://test.org/naaccrxml/test1.xml",
        "http://test.org/naaccrxml/test2.xml",
    ]
    assert (nf.root.version, nf.root.record_type, nf.root.specification_version) == ("160", "I", "1.2")
    assert patients[0].items == {"patientIdNumber": "00000001", "myVariable1": "1", "myVariable2": "2"}


def _user_dictionary(tmp_path: Path, uri: str, naaccr_id: str, number: int) -> Path:
    path = tmp_path / f"{naaccr_id}.xml"
    path.write_text(
        f'<NaaccrDictionary dictionaryUri="{uri}" naaccrVersion="160" specificationVersion="1.2" '
        'xmlns="http://naaccr.org/naaccrxml"><ItemDefs>'
        f'<ItemDef naaccrId="{naaccr_id}" naaccrNum="{number}" length="1" parentXmlElement="Patient"/>'
        "</ItemDefs></NaaccrDictionary>"
    )
    return path


def test_items_of_two_user_dictionaries_are_known(tmp_path: Path) -> None:
    users = [
        load_dictionary(_user_dictionary(tmp_path, "http://test.org/naaccrxml/test1.xml", "myVariable1", 10001)),
        load_dictionary(_user_dictionary(tmp_path, "http://test.org/naaccrxml/test2.xml", "myVariable2", 10002)),
    ]
    nf, patients = read_all(CASES / "xml-reader-user-dict-mult-1.xml", user_dictionaries=users)
    assert issues(nf, patients) == []
    only_one = read_all(CASES / "xml-reader-user-dict-mult-1.xml", user_dictionaries=users[:1])
    assert issues(*only_one) == [(11, "unknown-item", "myVariable2")]


@pytest.mark.parametrize(
    ("mode", "expected_issues", "kept"),
    [("error", [(10, "unknown-item", "unknown")], False), ("ignore", [], False), ("keep", [], True)],
)
def test_unknown_item_modes(mode: str, expected_issues: list, kept: bool) -> None:
    nf, patients = read_all(DATA / "xml-invalid-library-only/invalid_unknown-data-item-1.xml", unknown_items=mode)
    assert issues(nf, patients) == expected_issues
    assert ("unknown" in patients[0].tumors[0].items) is kept


def test_unknown_item_mode_is_checked() -> None:
    with pytest.raises(ValueError, match="unknown_items"):
        ReadOptions(unknown_items="drop")


def test_extensions_at_all_levels_are_kept_as_xml() -> None:
    nf, patients = read_all(CASES / "standard-file-extension.xml")
    assert issues(nf, patients) == []
    assert nf.root.items == {"registryId": "0000000001"}
    assert len(nf.root.extensions) == 2 and "root-extension-embedded-1" in nf.root.extensions[0]
    assert 'other:someAttribute="XXX"' in nf.root.extensions[0]
    assert ["patient-extension-1" in patients[0].extensions[0], len(patients[0].extensions)] == [True, 2]
    tumor = patients[0].tumors[0]
    assert tumor.items == {"primarySite": "C123"} and "tumor-extension-2" in tumor.extensions[1]
    parsed = etree.fromstring(tumor.extensions[0])
    assert parsed.tag == "{http://whatever.org}MyOuterTag"


def test_root_items_after_patients_and_text_outside_items_are_malformed() -> None:
    body = HEAD + (
        '<Patient><Item naaccrId="patientIdNumber">00000001</Item>stray</Patient>\n'
        '<Item naaccrId="registryId">0000000001</Item>\n</NaaccrData>'
    )
    nf, patients = read_all(body.encode())
    assert issues(nf, patients) == [(2, "malformed-xml", ""), (3, "malformed-xml", "")]


def test_item_order_and_item_shape_rules() -> None:
    body = HEAD + (
        "<Patient>\n<Tumor/>\n"
        '<Item naaccrId="patientIdNumber">00000001</Item>\n'
        '<Item naaccrId="nameLast" other="x">SMITH</Item>\n'
        "<Item>00000001</Item>\n"
        '<Item naaccrId="nameFirst"><b>JO</b></Item>\n'
        '<Item naaccrId="nameMiddle"/>\n'
        "</Patient>\n</NaaccrData>"
    )
    _nf, patients = read_all(body.encode())
    assert [(e.line, e.kind) for e in patients[0].errors] == [
        (4, "malformed-xml"),  # Item after Tumor
        (5, "malformed-xml"), (5, "malformed-xml"),  # after Tumor; attribute "other"
        (6, "malformed-xml"), (6, "malformed-xml"),  # after Tumor; no naaccrId
        (7, "malformed-xml"), (7, "malformed-xml"),  # after Tumor; element content
        (8, "malformed-xml"),  # after Tumor (blank, so no value)
    ]  # fmt: skip
    assert patients[0].items == {"patientIdNumber": "00000001", "nameLast": "SMITH"}
    assert len(patients[0].tumors) == 1


def test_values_are_checked_by_type_and_length_with_tumor_index() -> None:
    body = HEAD + (
        "<Patient>\n"
        '<Item naaccrId="patientIdNumber">00000001</Item>\n'
        '<Item naaccrId="dateOfBirth">19501301</Item>\n'
        "<Tumor>\n"
        '<Item naaccrId="primarySite">C504</Item>\n'
        "</Tumor>\n<Tumor>\n"
        '<Item naaccrId="sequenceNumberCentral">1</Item>\n'
        '<Item naaccrId="primarySite"> C50</Item>\n'
        '<Item naaccrId="addrAtDxState">md</Item>\n'
        '<Item naaccrId="textRemarks">remark </Item>\n'
        "</Tumor>\n</Patient>\n</NaaccrData>"
    )
    _nf, patients = read_all(body.encode())
    found = [(e.line, e.kind, e.naaccr_id, e.patient_index, e.tumor_index) for e in patients[0].errors]
    assert found == [
        (4, "bad-type", "dateOfBirth", 0, None),
        (9, "too-short", "sequenceNumberCentral", 0, 1),
        (10, "leading-space", "primarySite", 0, 1),
        (11, "bad-type", "addrAtDxState", 0, 1),
        (12, "trailing-space", "textRemarks", 0, 1),
    ]
    assert patients[0].tumors[1].items["primarySite"] == " C50"  # kept as found, for the caller to decide


def test_fast_path_gives_the_same_records_as_the_element_walk() -> None:
    path = DATA / "synthetic/naaccr-xml-sample-v250-abstract-1000.xml.gz"
    with gzip.open(path) as fh:
        root_el = etree.parse(fh).getroot()
    with read_file(path) as nf:
        rules = rules_for_root(nf.root, ReadOptions())
    reader = EntityReader(rules, "http://naaccr.org/naaccrxml", relaxed=False, unknown_items="error")
    patients = root_el.findall("{http://naaccr.org/naaccrxml}Patient")
    assert len(patients) == 943
    for index, el in enumerate(patients):
        assert reader.patient(el, index) == reader._slow_patient(el, index)


def test_validate_false_keeps_everything_where_it_was_found() -> None:
    nf, patients = read_all(CASES / "xml-reader-switched-level.xml", validate=False)
    assert issues(nf, patients) == []
    assert patients[0].items["dateOfLastCancerStatus"] == "20200101"


def test_flat_records_merge_the_three_levels() -> None:
    with read_file(CASES / "xml-reader-switched-level.xml") as nf:
        merged = [record for p in nf.patients() for _tumor, record in flat_records(p, nf.root)]
    assert merged[2] == {"registryId": "0000000001", "patientIdNumber": "00000002", "primarySite": "C456"}
    assert len(merged) == 3


def test_gzip_is_detected_by_magic_bytes_not_name(tmp_path: Path) -> None:
    target = tmp_path / "no-extension"
    target.write_bytes(gzip.compress((CASES / "xml-reader-switched-level.xml").read_bytes()))
    nf, patients = read_all(target)
    assert len(patients) == 2 and nf.root.items == {"registryId": "0000000001"}


def test_line_numbers_beyond_65535(tmp_path: Path) -> None:
    lines = [HEAD.rstrip("\n")]
    for n in range(1, 14001):
        lines += ["<Patient>", f'<Item naaccrId="patientIdNumber">{n:08d}</Item>', "<Tumor>", "</Tumor>", "</Patient>"]
    lines += ["<Patient>", '<Item naaccrId="patientIdNumber">123</Item>', "</Patient>", "</NaaccrData>"]
    path = tmp_path / "long.xml"
    path.write_text("\n".join(lines))
    nf, patients = read_all(path)
    assert issues(nf, patients) == [(70003, "too-short", "patientIdNumber")]
    assert patients[-1].errors[0].patient_index == 14000


def test_truncated_file_reports_malformed_xml_after_the_good_patients() -> None:
    text = (CASES / "xml-reader-switched-level.xml").read_text()
    cut = text[: text.index("<Patient>", text.index("00000002") - 200) + 50]
    nf, patients = read_all(cut.encode())
    assert len(patients) == 1
    assert nf.errors[-1].kind == "malformed-xml" and nf.fatal


def test_duplicates_keep_the_first_value_without_validation_too() -> None:
    _nf, patients = read_all(CASES / "xml-reader-duplicate-items.xml", relaxed=True, validate=False)
    assert patients[0].tumors[0].items == {"primarySite": "C123"}
