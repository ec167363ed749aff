"""Done-when: the demo registry's deliberate errors show up in the "Failing edits" work queue with the right edits.

The demo generator plants one coding error in about 3 % of tumors (registry/demo/errors.py, each breaking one
documented inter-field rule). Loaded as ``registry demo`` loads it (patients, then the staging items derived), then
``edits run`` over the database: every planted error must be stored as a failure of the edit that checks that
rule, and its tumor must be in the work queue (registry/abstracting/queues.py).
"""

from __future__ import annotations

from collections import Counter

from registry.abstracting.models import Patient
from registry.abstracting.queues import QueueSpec, queue_statement
from registry.demo.errors import ERROR_KINDS, error_kind
from registry.demo.generator import generate_registry
from registry.demo.loader import load_demo
from registry.edits.cli import cli
from registry.edits.results import EditResult
from registry.extensions import db
from registry.staging.rederive import rederive

PATIENTS, SEED = 1500, 7
# Planted error kind -> the edit that must fail (registry/edits/rules; the rule each kind breaks is in
# registry/demo/errors.py): sex-site is split by the patient's sex, as the NAACCR sex/site edits are.
KIND_EDIT = {
    "laterality-missing": "IF044",  # Laterality, Primary Site: paired sites (SEER IF24)
    "birth-after-diagnosis": "IF001",  # Date of Birth, Date of Diagnosis (NAACCR)
    "in-situ-clinical": "IF049",  # Diagnostic Confirmation, Behavior ICDO3 (SEER IF31)
    "site-histology": "IF041",  # Primary Site, Morphology-Type, Beh ICDO3 (CoC; the hospital set)
    "age-mismatch": "IF004",  # Age, Birth Date, Date of Diagnosis (SEER IF13)
}
SEX_SITE_EDIT = {"male patient": "IF042", "female patient": "IF043"}  # female-only site in a male, and back


def _expected_edit(description: str) -> str:
    kind = error_kind(description)
    if kind == "sex-site":
        detail = description.split(": ", 1)[1]
        return next(edit for start, edit in SEX_SITE_EDIT.items() if detail.startswith(start))
    return KIND_EDIT[kind]


def test_every_planted_error_fails_its_edit_and_is_in_the_work_queue(ctx, actor):
    from click.testing import CliRunner

    load_demo(PATIENTS, SEED, actor)
    db.session.commit()
    rederive(actor)
    result = CliRunner().invoke(cli, ["run", "--json"])
    assert result.exit_code == 1, result.output  # the demo has error-level failures
    tumor_ids = {p.patientIdNumber: [t.id for t in p.tumors] for p in db.session.scalars(db.select(Patient))}
    stored = {(r.tumor_id, r.edit_id) for r in db.session.execute(
        db.select(EditResult.tumor_id, EditResult.edit_id).where(EditResult.severity == "error"))}
    queue = {t.id for t, _p in db.session.execute(queue_statement(QueueSpec(queue="edits"), None))}
    kinds: Counter[str] = Counter()
    for patient in generate_registry(PATIENTS, SEED):
        for index, description in patient.planted_errors:
            tumor_id = tumor_ids[patient.items["patientIdNumber"]][index]
            assert (tumor_id, _expected_edit(description)) in stored, description
            assert tumor_id in queue, description
            kinds[error_kind(description)] += 1
    assert set(kinds) == set(ERROR_KINDS)  # every kind was planted and found
    assert sum(kinds.values()) >= 40
