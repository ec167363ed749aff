"""Entity expansion bombs and external entities are refused at once, before any parsing."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from registry.naaccr.validate import validate_file

ROOT = (
    '<NaaccrData baseDictionaryUri="http://naaccr.org/naaccrxml/naaccr-dictionary-260.xml" recordType="I" '
    'specificationVersion="1.8" xmlns="http://naaccr.org/naaccrxml">'
)
LAUGHS = "\n".join(
    ['<?xml version="1.0"?>', "<!DOCTYPE NaaccrData [", ' <!ENTITY lol "lol">']
    + [f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)]
    + ["]>", ROOT, '<Patient><Item naaccrId="nameLast">&lol9;</Item></Patient></NaaccrData>']
)
EXTERNAL = "\n".join(
    [
        '<?xml version="1.0"?>',
        "<!-- a comment first -->",
        '<!DOCTYPE NaaccrData [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        ROOT,
        '<Patient><Item naaccrId="nameLast">&xxe;</Item></Patient></NaaccrData>',
    ]
)


@pytest.mark.parametrize(("text", "line"), [(LAUGHS, 2), (EXTERNAL, 3)])
@pytest.mark.parametrize("compress", [False, True])
def test_dtd_files_are_refused_fast(tmp_path: Path, text: str, line: int, compress: bool) -> None:
    path = tmp_path / "bomb.xml"
    data = text.encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    start = time.perf_counter()
    report = validate_file(path)
    assert time.perf_counter() - start < 1.0
    assert [(e.kind, e.line) for e in report.errors] == [("entity-refused", line)]
    assert (report.valid, report.patients) == (False, 0)


def test_a_doctype_after_a_long_prolog_is_still_seen(tmp_path: Path) -> None:
    path = tmp_path / "long-prolog.xml"
    comment = "<!-- " + "x" * 200_000 + " -->\n"
    path.write_text('<?xml version="1.0"?>\n' + comment + EXTERNAL.split("\n", 2)[2])
    report = validate_file(path)
    assert [(e.kind, e.line) for e in report.errors] == [("entity-refused", 3)]


def test_an_undeclared_entity_is_malformed_not_resolved(tmp_path: Path) -> None:
    path = tmp_path / "undeclared.xml"
    path.write_text(ROOT + '\n<Patient><Item naaccrId="nameLast">&xxe;</Item></Patient></NaaccrData>')
    report = validate_file(path)
    assert [(e.kind, e.line) for e in report.errors] == [("malformed-xml", 2)]
