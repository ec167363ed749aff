"""The NAACCR XML validity samples (imsweb/naaccr-xml test suite): each accepted or refused as expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.naaccr.validate import validate_file

DATA = Path(__file__).parent / "data"

# file -> (kind, line, naaccrId) of the first error, in strict mode.
EXPECTED_INVALID = {
    "xml-invalid/invalid_bad-attribute-1.xml": ("malformed-xml", 7, None),
    "xml-invalid/invalid_bad-tag-2.xml": ("malformed-xml", 7, None),
    "xml-invalid/invalid_extension-missing-namespace-1.xml": ("malformed-xml", 7, None),
    "xml-invalid/invalid_garbage-1.xml": ("malformed-xml", 1, None),
    "xml-invalid/invalid_missing-required-attribute-1.xml": ("bad-root", 5, None),
    "xml-invalid/invalid_unbalanced-tags-3.xml": ("malformed-xml", 11, None),
    "xml-invalid-library-only/invalid_bad-data-item-2.xml": ("wrong-level", 8, "primarySite"),
    "xml-invalid-library-only/invalid_bad-data-item-3.xml": ("unknown-item", 8, "nameLast"),
    "xml-invalid-library-only/invalid_bad-data-item-4.xml": ("unknown-item", 10, "countyAtDxGeocode2010"),
    "xml-invalid-library-only/invalid_bad-naaccr-item-number.xml": ("wrong-number", 8, "patientIdNumber"),
    "xml-invalid-library-only/invalid_unknown-data-item-1.xml": ("unknown-item", 10, "unknown"),
    "xml-invalid-library-only/invalid_value-to-long-1.xml": ("too-long", 8, "patientIdNumber"),
    "xml-invalid-relaxed/invalid_default-namespace-missing-1.xml": ("bad-root", 5, None),
    "xml-invalid-relaxed/invalid_user-attribute-missing-namespace-1.xml": ("bad-root", 5, None),
}
VALID = sorted(p.name for p in (DATA / "xml-valid").iterdir())


def test_the_table_covers_every_invalid_sample() -> None:
    on_disk = {
        f"{folder}/{p.name}"
        for folder in ("xml-invalid", "xml-invalid-library-only", "xml-invalid-relaxed")
        for p in (DATA / folder).iterdir()
    }
    assert on_disk == set(EXPECTED_INVALID)
    assert len(VALID) == 7


@pytest.mark.parametrize("name", VALID)
@pytest.mark.parametrize("relaxed", [False, True])
def test_valid_samples_validate(name: str, relaxed: bool) -> None:
    report = validate_file(DATA / "xml-valid" / name, relaxed=relaxed)
    assert report.errors == []
    assert report.valid


@pytest.mark.parametrize(("name", "expected"), sorted(EXPECTED_INVALID.items()))
def test_invalid_samples_are_refused_with_kind_and_line(name: str, expected: tuple[str, int, str | None]) -> None:
    report = validate_file(DATA / name)
    assert not report.valid
    first = report.errors[0]
    assert (first.kind, first.line, first.naaccr_id) == expected


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED_INVALID if not n.startswith("xml-invalid-relaxed")))
def test_invalid_samples_stay_invalid_when_relaxed(name: str) -> None:
    report = validate_file(DATA / name, relaxed=True)
    assert not report.valid
    assert (report.errors[0].kind, report.errors[0].line) == EXPECTED_INVALID[name][:2]


@pytest.mark.parametrize("name", sorted(p.name for p in (DATA / "xml-invalid-relaxed").iterdir()))
def test_relaxed_samples_pass_only_when_relaxed(name: str) -> None:
    assert not validate_file(DATA / "xml-invalid-relaxed" / name).valid
    relaxed = validate_file(DATA / "xml-invalid-relaxed" / name, relaxed=True)
    assert relaxed.valid, relaxed.errors
    assert (relaxed.patients, relaxed.tumors) == (1, 1)


def test_missing_root_attributes_are_each_reported() -> None:
    report = validate_file(DATA / "xml-invalid/invalid_missing-required-attribute-1.xml")
    assert [(e.kind, e.line) for e in report.errors] == [("bad-root", 5), ("bad-root", 5)]
    assert "baseDictionaryUri" in report.errors[0].message
    assert "specificationVersion" in report.errors[1].message


def test_every_missing_namespace_extension_is_named_by_line() -> None:
    report = validate_file(DATA / "xml-invalid/invalid_extension-missing-namespace-1.xml")
    assert [(e.kind, e.line) for e in report.errors] == [
        ("malformed-xml", 7),
        ("malformed-xml", 12),
        ("malformed-xml", 17),
    ]
    assert report.errors[1].patient_index == 0 and report.errors[2].tumor_index == 0


@pytest.mark.parametrize(
    ("name", "patients", "tumors"),
    [
        ("naaccr-xml-sample-v250-abstract-10.xml.gz", 8, 10),
        ("naaccr-xml-sample-v250-abstract-1000.xml.gz", 943, 1000),
        ("naaccr-xml-sample-v250-incidence-10.xml.gz", 10, 10),
        ("synthetic-data_naaccr-210-incidence_10-tumors.xml", 10, 10),
    ],
)
def test_synthetic_files_are_valid(name: str, patients: int, tumors: int) -> None:
    report = validate_file(DATA / "synthetic" / name)
    assert report.errors == []
    assert (report.patients, report.tumors) == (patients, tumors)
