"""Hostile NAACCR files: every input ends in a report (the project's own validation errors), never another
exception, and costs work in proportion to its size.

The property tests draw XML and flat files from the shapes an attacker would try (many or namespaced root
attributes, deep nesting, huge items, duplicate items, entities and DTDs, invalid UTF-8, control characters,
gzip that is truncated or corrupt, flat lines of any length) and mutate them (cut, bytes flipped). Hypothesis is
used (rather than a hand-written loop of random files) because it shrinks a failing file to a small one and
explores the boundaries (empty, one byte, a cut in the gzip header) on its own.

The linearity checks do not time anything against the clock: they compare the CPU time of a shape at n and at 4n
(quadratic work takes 16 times longer, linear 4) with a generous bound, and one counts structurally that a root
with too many attributes is refused without any attribute value being read.
"""

from __future__ import annotations

import gc
import gzip
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from registry.naaccr.validate import ValidationReport, open_naaccr, validate_file
from registry.naaccr.xml.model import KINDS
from registry.naaccr.xml.reader import MAX_ROOT_ATTRIBUTES

DATA = Path(__file__).parent / "data"
FLAT = DATA / "flat" / "synthetic-data_naaccr-180-incidence_10-records.txt"
SAMPLE_GZ = DATA / "synthetic" / "naaccr-xml-sample-v250-abstract-10.xml.gz"
NS = "http://naaccr.org/naaccrxml"
ROOT = (f'<NaaccrData baseDictionaryUri="http://naaccr.org/naaccrxml/naaccr-dictionary-260.xml" recordType="A" '
        f'specificationVersion="1.8" xmlns="{NS}"{{attrs}}>')
FUZZ = settings(max_examples=150, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _read_all(path: Path) -> ValidationReport:
    """Validate the file, then read it again as the import does (every patient): both must end normally."""
    report = validate_file(path)
    assert {e.kind for e in report.errors} <= set(KINDS)
    assert report.valid == (not report.errors)
    with open_naaccr(path) as nf:
        for _patient in nf:
            pass
    return report


# -- shapes ----------------------------------------------------------------------------------------
_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
_name = st.sampled_from(["patientIdNumber", "nameLast", "primarySite", "dateOfBirth", "reportingFacility",
                         "tumorRecordNumber", "noSuchItem", "", "a b", "x" * 300])
_value = st.one_of(_text, st.sampled_from(["&amp;", "&lol;", "&#0;", "&#x1F;", "<![CDATA[x]]>", "C504",
                                           "00000001", " 1", "1 ", "20200101", "\x01", "&#xD800;"]))


@st.composite
def _item(draw) -> str:
    attrs = draw(st.sampled_from(['', ' naaccrNum="400"', ' naaccrNum="x"', ' foo="1"', ' naaccrId="dup"']))
    return f'<Item naaccrId="{draw(_name)}"{attrs}>{draw(_value)}</Item>'


@st.composite
def _entity(draw, name: str, depth: int) -> str:
    items = "".join(draw(st.lists(_item(), max_size=6)))
    if draw(st.booleans()):
        items += items  # duplicate items
    children = ""
    if depth and name != "Tumor":
        child = "Patient" if name == "NaaccrData" else "Tumor"
        children = "".join(draw(st.lists(_entity(child, depth - 1), max_size=3)))
    if name == "NaaccrData":
        extra = draw(st.sampled_from(["", ' a="1"', ' xmlns:x="urn:x" x:a="1"', ' timeGenerated="yesterday"']))
        return ROOT.format(attrs=extra) + items + children + "</NaaccrData>"
    stray = draw(st.sampled_from(["", "text", "<Other/>", "<x:ext xmlns:x='urn:x'><x:y/></x:ext>"]))
    return f"<{name}>{items}{stray}{children}</{name}>"


@st.composite
def xml_files(draw) -> bytes:
    doc = draw(_entity("NaaccrData", 2))
    prolog = draw(st.sampled_from(['<?xml version="1.0"?>\n', "", '<?xml version="1.0" encoding="latin-1"?>',
                                   '<!DOCTYPE NaaccrData [<!ENTITY lol "lol">]>', "<!-- c -->\n\ufeff"]))
    data = (prolog + doc).encode("utf-8", errors="surrogatepass")
    return draw(_mutated(data))


@st.composite
def flat_files(draw) -> bytes:
    good = FLAT.read_bytes().splitlines(keepends=True)
    lines = draw(st.lists(st.one_of(st.sampled_from(good), st.binary(max_size=200),
                                    st.builds(lambda line, n: line[:n], st.sampled_from(good),
                                              st.integers(0, 4100))), min_size=1, max_size=6))
    return draw(_mutated(b"".join(lines)))


@st.composite
def _mutated(draw, data: bytes) -> bytes:
    """The file as is, cut short, with bytes replaced (invalid UTF-8 among them), or gzipped (maybe damaged)."""
    how = draw(st.sampled_from(["as-is", "cut", "flip", "gzip", "gzip-cut", "gzip-flip"]))
    if how.startswith("gzip"):
        data = gzip.compress(data)
    if how.endswith("cut"):
        data = data[: draw(st.integers(0, len(data)))]
    if how.endswith("flip") and data:
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([draw(st.sampled_from([0x00, 0xFF, 0xC3, 0x80, 0x3C, 0x26]))]) + data[at + 1:]
    return data


@FUZZ
@given(data=xml_files())
@example(data=gzip.compress(b"<NaaccrData/>")[:12])
@example(data=b"\xff\xfe<\x00")
def test_any_xml_file_ends_in_a_report(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "file.xml"
    path.write_bytes(data)
    _read_all(path)


@FUZZ
@given(data=flat_files())
@example(data=FLAT.read_bytes()[:5000])
def test_any_flat_file_ends_in_a_report(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "file.txt"
    path.write_bytes(data)
    _read_all(path)


# -- named hostile shapes --------------------------------------------------------------------------
def _attrs(n: int) -> str:
    return "".join(f'\n a{i}="x"' for i in range(n))


def _xml(body: str = "", attrs: str = "") -> bytes:
    return ('<?xml version="1.0"?>\n' + ROOT.format(attrs=attrs) + body + "</NaaccrData>\n").encode()


PATIENT = '<Patient><Item naaccrId="patientIdNumber">00000001</Item><Tumor><Item naaccrId="primarySite">C504</Item>' \
          '</Tumor></Patient>'
HOSTILE = {
    "many-root-attributes": (lambda: _xml(attrs=_attrs(100_000)), "bad-root"),
    "deep-nesting": (lambda: _xml("<Patient>" + "<x:a xmlns:x='urn:x'>" * 5000 + "</x:a>" * 5000 + "</Patient>"),
                     "malformed-xml"),
    "huge-single-item": (lambda: _xml(f'<Patient><Item naaccrId="nameLast">{"A" * 12_000_000}</Item></Patient>'),
                         "malformed-xml"),
    "many-duplicate-items": (lambda: _xml("<Patient>" + '<Item naaccrId="nameLast">X</Item>' * 50_000
                                          + "</Patient>"), "duplicate-item"),
    "patient-attributes": (lambda: _xml(f"<Patient {_attrs(20_000)}></Patient>"), "malformed-xml"),
    "invalid-utf8": (lambda: _xml('<Patient><Item naaccrId="nameLast">\xff\xfe</Item></Patient>')
                     .replace("ÿþ".encode(), b"\xff\xfe"), "malformed-xml"),
    "entities": (lambda: b'<!DOCTYPE NaaccrData [<!ENTITY a "aaaa">]>' + _xml(PATIENT), "entity-refused"),
    "undeclared-entity": (lambda: _xml('<Patient><Item naaccrId="nameLast">&lol;</Item></Patient>'),
                          "malformed-xml"),
    "truncated-gzip": (lambda: SAMPLE_GZ.read_bytes()[:-40], "malformed-xml"),
    "corrupt-gzip": (lambda: SAMPLE_GZ.read_bytes()[:300] + b"\x00" * 50 + SAMPLE_GZ.read_bytes()[350:],
                     "malformed-xml"),
    "truncated-gzip-flat": (lambda: gzip.compress(FLAT.read_bytes())[:-200], "bad-root"),
    "flat-wrong-lengths": (lambda: b"".join(line[: 100 * n] + b"\n" for n, line in
                                            enumerate(FLAT.read_bytes().splitlines(), start=1)), "bad-line-length"),
}


@pytest.mark.parametrize("shape", sorted(HOSTILE))
def test_hostile_shapes_are_reported(tmp_path: Path, shape: str) -> None:
    make, kind = HOSTILE[shape]
    path = tmp_path / ("file.xml.gz" if "gzip" in shape else "file.xml")
    path.write_bytes(make())
    report = _read_all(path)
    assert not report.valid and kind in {e.kind for e in report.errors}, report.errors[:3]


def test_a_damaged_gzip_file_names_the_damage(tmp_path: Path) -> None:
    path = tmp_path / "cut.xml.gz"
    path.write_bytes(SAMPLE_GZ.read_bytes()[:-40])
    report = validate_file(path)
    assert "gzip file is truncated or corrupt" in report.errors[-1].message
    corrupt = tmp_path / "corrupt.xml.gz"
    corrupt.write_bytes(gzip.compress(b"<NaaccrData/>")[:10] + zlib.compress(b"not deflate")[2:])
    assert "gzip file is truncated or corrupt" in validate_file(corrupt).errors[-1].message


def test_too_many_root_attributes_are_refused_before_any_value_is_read(tmp_path: Path) -> None:
    """Structural: past MAX_ROOT_ATTRIBUTES the reader only counts them (linear), so none is kept."""
    path = tmp_path / "attrs.xml"
    path.write_bytes(_xml(attrs=_attrs(MAX_ROOT_ATTRIBUTES + 1)))
    with open_naaccr(path) as nf:
        assert nf.fatal and nf.root.attributes == {} and list(nf) == []
    assert [(e.kind, e.line) for e in nf.errors] == [("bad-root", 2)]
    assert f"{MAX_ROOT_ATTRIBUTES + 4:,} attributes" in nf.errors[0].message


def test_attribute_lines_are_found_for_many_attributes(tmp_path: Path) -> None:
    """Every reported attribute carries its own line (found in one pass over the root tag)."""
    path = tmp_path / "attrs.xml"
    n = MAX_ROOT_ATTRIBUTES - 4  # with the three NAACCR attributes and u:ok, as many as are read
    path.write_bytes(_xml(attrs=_attrs(n) + '\n xmlns:u="urn:u" u:ok="1"'))
    lines = {e.message.split("'")[1]: e.line for e in validate_file(path).errors}
    assert len(lines) == n and "{urn:u}ok" not in lines
    assert lines["a0"] == 3 and lines[f"a{n - 1}"] == n + 2


def _cpu(path: Path) -> float:
    """The least CPU time of three validations (process time, not the clock: other load does not count; the
    garbage collector paused, as its passes grow with everything the test process holds)."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            start = time.process_time()
            validate_file(path)
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


GROWING = {  # shape -> (file for n, n): reading 4n must not cost 16 times n
    "root-attributes": (lambda n: _xml(attrs=_attrs(n)), MAX_ROOT_ATTRIBUTES // 5),
    "root-attributes-over-the-limit": (lambda n: _xml(attrs=_attrs(n)), 25_000),
    "patient-attributes": (lambda n: _xml(f"<Patient {_attrs(n)}></Patient>"), 10_000),
    "item-attributes": (lambda n: _xml(f'<Patient><Item naaccrId="nameLast" {_attrs(n)}>X</Item></Patient>'),
                        10_000),
    "duplicate-items": (lambda n: _xml("<Patient>" + '<Item naaccrId="nameLast">X</Item>' * n + "</Patient>"),
                        5_000),
    "tumors-of-one-patient": (lambda n: _xml("<Patient>" + "<Tumor/>" * n + "</Patient>"), 5_000),
    "flat-lines-of-one-patient": (lambda n: FLAT.read_bytes().splitlines(keepends=True)[0] * n, 250),
}


@pytest.mark.parametrize("shape", sorted(GROWING))
def test_reading_cost_grows_linearly(tmp_path: Path, shape: str) -> None:
    make, n = GROWING[shape]
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    small.write_bytes(make(n))
    large.write_bytes(make(4 * n))
    _read_all(small)  # dictionaries loaded and cached before anything is measured (and both readings end well)
    ratio = _cpu(large) / max(_cpu(small), 1e-3)
    assert ratio < 10, f"4x the input cost {ratio:.1f}x the CPU: quadratic (16x) rather than linear (4x)"
