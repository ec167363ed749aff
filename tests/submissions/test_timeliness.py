"""Timeliness per diagnosis month: abstracted and submitted within the profile's deadline."""

from __future__ import annotations

from datetime import UTC, datetime

from registry.abstracting.operations import set_status
from registry.extensions import db
from registry.submissions.build import build_batch
from registry.submissions.operations import mark_sent
from registry.submissions.profiles import parse_profile
from registry.submissions.timeliness import timeliness

PROFILE = """
name: timely
recipient: Timely Registry
edit_set: import
selection: {statuses: [complete]}
on_edit_errors: hold
deadline_days: 180
deadline_from: FROM
"""
CLEAN = {"primarySite": "C504", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3", "schemaId": "00480",
         "laterality": "1", "classOfCase": "10"}


def _case(make_patient, actor, dx: str, status: str, **items: str):
    tumor = make_patient(tumors=[{**CLEAN, "dateOfDiagnosis": dx, **items}]).tumors[0]
    if status != "incomplete":
        set_status(tumor, status, actor)
    db.session.commit()
    return tumor


def _rows(row) -> dict[str, tuple[int, int, int, int, int]]:
    return {m.month: (m.cases, m.abstracted, m.abstracted_on_time, m.submitted, m.submitted_on_time)
            for m in timeliness(parse_profile(row.yaml), row.id)}


def test_months_abstracted_and_submitted_in_time(make_patient, make_profile, actor, tmp_path):
    _case(make_patient, actor, "20240115", "complete", dateCaseCompleted="20240301")
    _case(make_patient, actor, "20240120", "complete", dateCaseCompleted="20241001")
    _case(make_patient, actor, "20240210", "incomplete")
    _case(make_patient, actor, "2023", "complete", dateCaseCompleted="20230601")
    row = make_profile(PROFILE.replace("FROM", "dateOfDiagnosis"))
    assert _rows(row) == {"2023-??": (1, 1, 1, 0, 0), "2024-01": (2, 2, 1, 0, 0), "2024-02": (1, 0, 0, 0, 0)}

    batch = build_batch(row, actor, out=tmp_path / "t.xml.gz")
    assert batch.tumors == 3
    mark_sent(batch, actor)
    batch.sent_at = datetime(2024, 7, 15, 12, tzinfo=UTC)  # 182 and 177 days after the January diagnoses; a
    # year-only diagnosis counts from 1 January, so the 2023 case is late
    db.session.commit()
    assert _rows(row) == {"2023-??": (1, 1, 1, 1, 0), "2024-01": (2, 2, 1, 2, 1), "2024-02": (1, 0, 0, 0, 0)}


def test_deadline_from_first_contact(make_patient, make_profile, actor, tmp_path):
    _case(make_patient, actor, "20240115", "complete", dateCaseCompleted="20240901", dateOf1stContact="20240401")
    by_diagnosis = make_profile(PROFILE.replace("FROM", "dateOfDiagnosis"))
    assert _rows(by_diagnosis) == {"2024-01": (1, 1, 0, 0, 0)}
    by_contact = make_profile(PROFILE.replace("FROM", "dateOf1stContact").replace("timely", "contact"))
    assert _rows(by_contact) == {"2024-01": (1, 1, 1, 0, 0)}


def test_completion_from_the_audit_trail(make_patient, make_profile, actor):
    _case(make_patient, actor, "20000115", "complete")  # marked complete today: long after its deadline
    _case(make_patient, actor, datetime.now(UTC).strftime("%Y%m%d"), "complete")
    row = make_profile(PROFILE.replace("FROM", "dateOfDiagnosis"))
    rows = _rows(row)
    assert rows.pop("2000-01") == (1, 1, 0, 0, 0)
    assert list(rows.values()) == [(1, 1, 1, 0, 0)]
