"""User-defined dictionaries: the library's test cases and the 23 real state dictionaries."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from registry.naaccr.dictionary import DictionaryError
from registry.naaccr.xml.userdict import check_user_dictionary, load_user_dictionary

CASES = Path(__file__).parent / "data/user-dictionary-cases"
STATES = Path(__file__).parent / "data/user-dictionaries/user-defined-dictionaries-backup-20250221.zip"


@pytest.mark.parametrize("name", ["testing-user-dictionary-220.xml", "testing-user-dictionary.xml"])
def test_good_dictionaries_load(name: str) -> None:
    assert check_user_dictionary(str(CASES / name)) == []
    d = load_user_dictionary(str(CASES / name))
    assert {i.level for i in d} == {"NaaccrData", "Patient", "Tumor"}


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("testing-user-dictionary-220-bad1.xml", "root attribute 'something' is not allowed"),
        ("testing-user-dictionary-220-bad2.xml", "'allowUnlimitedText' is not allowed in specification 1.6"),
    ],
)
def test_bad_dictionaries_are_refused(name: str, problem: str) -> None:
    assert any(problem in p for p in check_user_dictionary(str(CASES / name)))
    with pytest.raises(DictionaryError, match=problem.split("'")[1]):
        load_user_dictionary(str(CASES / name))


def test_reusing_a_base_item_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "reuse.xml"
    path.write_text(
        '<NaaccrDictionary dictionaryUri="x" naaccrVersion="250" specificationVersion="1.8" '
        'xmlns="http://naaccr.org/naaccrxml"><ItemDefs>'
        '<ItemDef naaccrId="primarySite" naaccrNum="9999" length="4" parentXmlElement="Tumor"/>'
        '<ItemDef naaccrId="myItem" naaccrNum="400" length="4" parentXmlElement="Tumor" startColumn="10"/>'
        "</ItemDefs></NaaccrDictionary>"
    )
    problems = check_user_dictionary(str(path))
    assert sum("reuses a NAACCR 250 base" in p for p in problems) == 2
    assert any("startColumn is not allowed" in p for p in problems)


def test_state_dictionaries() -> None:
    with zipfile.ZipFile(STATES) as zf:
        names = [n for n in zf.namelist() if n.endswith(".xml")]
        results = {n.rsplit("/", 1)[-1]: check_user_dictionary(io.BytesIO(zf.read(n))) for n in names}
    assert len(results) == 23
    refused = {name for name, problems in results.items() if problems}
    assert refused == {
        "CO-NAACCR-Dictionary-250-v1.0.xml",  # padding leftBlank under specification 1.7
        "Idaho-naaccr-dictionary-250-v1.xml",  # empty dataType and padding, trim under 1.8
        "KS NAACCR Dictionary_V25.xml",  # ids starting with a capital letter
        "MT-naaccr-XML-Data-Dictionary-v250_09092024.xml",  # trim under 1.7
        "Nebraska-naaccr-dictionary-250.xml",  # trim under 1.7
        "RICR_UserDefined_V25.xml",  # empty padding
    }
