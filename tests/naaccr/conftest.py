"""Fixtures of the NAACCR I/O tests: the copied sample files (see data/PROVENANCE.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture
def test_user_dictionaries(tmp_path) -> list[Path]:
    """Two one-item user dictionaries (myVariable1, myVariable2 at Patient level), the ones
    ``xml-reader-cases/xml-reader-user-dict-mult-1.xml`` needs."""
    paths = []
    for n, naaccr_id in enumerate(("myVariable1", "myVariable2"), start=1):
        path = tmp_path / f"test{n}.xml"
        path.write_text(
            f'<NaaccrDictionary dictionaryUri="http://test.org/naaccrxml/test{n}.xml" specificationVersion="1.2" '
            f'xmlns="http://naaccr.org/naaccrxml"><ItemDefs><ItemDef naaccrId="{naaccr_id}" naaccrNum="1000{n}" '
            'length="1" parentXmlElement="Patient"/></ItemDefs></NaaccrDictionary>'
        )
        paths.append(path)
    return paths
