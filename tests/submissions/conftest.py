"""Fixtures for the submission tests: a small demo registry with staging derived, profiles, file reading."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"

V26_PROFILE = """
name: central26
recipient: Central Registry (v26)
naaccr_version: "260"
record_type: A
required_items: [patientIdNumber, dateOfDiagnosis, primarySite]
edit_set: state-submission
selection:
  dx_year_from: 2018
  statuses: [complete, reviewed]
send: corrections
on_edit_errors: hold
deadline_days: 180
"""


@pytest.fixture
def demo_registry(ctx, actor) -> int:
    """40 synthetic patients (seed 11), with staging derived for every tumor as the abstract screen would."""
    from registry.abstracting.models import Tumor
    from registry.abstracting.operations import update_tumor
    from registry.demo.loader import load_demo
    from registry.extensions import db
    from registry.staging.naaccr_mapping import derive_for_record

    load_demo(40, 11, actor)
    db.session.commit()
    for tumor in db.session.scalars(db.select(Tumor).order_by(Tumor.id)):
        current = tumor.items()
        updates, _ = derive_for_record({**tumor.patient.items(), **current})
        changed = {k: v for k, v in updates.items() if current.get(k) != v}
        if changed:
            update_tumor(tumor, changed, actor, expected_version=tumor.version)
    db.session.commit()
    return db.session.query(Tumor).count()


@pytest.fixture
def make_profile(ctx, actor) -> Callable:
    """make_profile(yaml_text) -> a saved SubmissionProfile (committed)."""
    from registry.extensions import db
    from registry.submissions.operations import save_profile

    def make(text: str):
        row = save_profile(text, actor)
        db.session.commit()
        return row

    return make


def _read_back(path: str | Path, dictionaries=()) -> list[tuple[dict, list[dict]]]:
    """(patient items, [tumor items]) of every patient in a NAACCR XML file, read with our reader."""
    from registry.naaccr.xml.reader import ReadOptions, read_file

    with read_file(str(path), ReadOptions(user_dictionaries=list(dictionaries))) as nf:
        out = [(dict(p.items), [dict(t.items) for t in p.tumors]) for p in nf]
        assert not nf.errors, nf.errors
    return out


def _xsd_errors(path: str | Path) -> list[str]:
    """Problems of a (gzipped) NAACCR XML file against the NAACCR XML 1.8 schema."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(DATA / "naaccr_data_1.8.xsd")))
    with gzip.open(path, "rb") as fh:
        document = etree.parse(fh)
    return [] if schema.validate(document) else [str(e) for e in schema.error_log]


@pytest.fixture
def read_back() -> Callable:
    """read_back(path, dictionaries=()) -> [(patient items, [tumor items])] of a NAACCR XML file."""
    return _read_back


@pytest.fixture
def xsd_errors() -> Callable:
    """xsd_errors(path) -> the NAACCR XML 1.8 schema's complaints about a gzipped file (empty when valid)."""
    return _xsd_errors


@pytest.fixture
def v26_profile() -> str:
    """A NAACCR v26 profile that takes every complete 2018+ case (no user dictionary)."""
    return V26_PROFILE
