"""Person linkage engine (registry/linkage): hand-made pairs, the rules around scoring, and quality on generated
multi-source reports with known truth (bench/linkage_generator.py, fixed seed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from registry.linkage.engine import TWINS_REVIEW, Thresholds, link_persons
from registry.linkage.model import Model, default_model, train_model
from registry.linkage.settings import thresholds_from

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _bench(name: str):
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))  # linkage_quality imports linkage_generator by name
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


PERSONS = [  # the registry: one source record per person, from facility A
    dict(person_id="P1", nameFirst="WILLIAM", nameLast="OKAFOR", dateOfBirth="19600305",
         socialSecurityNumber="123450789", sexAssignedAtBirth="1", addrAtDxPostalCode="21201"),
    dict(person_id="P2", nameFirst="MARGARET", nameLast="HOLLOWAY", dateOfBirth="19481122",
         socialSecurityNumber="219871234", sexAssignedAtBirth="2", addrAtDxPostalCode="21740"),
    dict(person_id="P3", nameFirst="DANIEL", nameLast="VANDERMEER", dateOfBirth="19720306",
         socialSecurityNumber="301224567", sexAssignedAtBirth="1", addrAtDxPostalCode="20901"),
    dict(person_id="P4", nameFirst="LUCAS", nameLast="BRANDSTETTER", dateOfBirth="19810203",
         socialSecurityNumber="402336655", sexAssignedAtBirth="1", addrAtDxPostalCode="21804",
         addrAtDxNoStreet="12 ELM ST"),
    dict(person_id="P5", nameFirst="PRISCILLA", nameLast="QUENNEVILLE", dateOfBirth="19550909",
         socialSecurityNumber="", sexAssignedAtBirth="2", addrAtDxPostalCode="21502"),
]


@pytest.fixture(scope="module")
def registry() -> pd.DataFrame:
    rows = [dict(p, record_id=f"E{i}", source="FACILITY-A", patientIdNumber=f"{i:08d}")
            for i, p in enumerate(PERSONS, start=1)]
    return pd.DataFrame(rows, dtype="string")


def _incoming(*rows: dict[str, str]) -> pd.DataFrame:
    out = [{"record_id": f"I{i}", "source": "FACILITY-B", **row} for i, row in enumerate(rows, start=1)]
    return pd.DataFrame(out, dtype="string")


def _person(person_id: str, **changes: str) -> dict[str, str]:
    base = next(p for p in PERSONS if p["person_id"] == person_id)
    return {k: v for k, v in {**base, **changes}.items() if k != "person_id"}


def test_nickname_day_month_swap_and_transposed_ssn_link(registry):
    decisions = link_persons(_incoming(
        _person("P1", nameFirst="BILL", socialSecurityNumber=""),  # nickname, no SSN
        _person("P2", dateOfBirth="19481123", socialSecurityNumber=""),  # one digit off in the birth date
        _person("P3", dateOfBirth="19720603", socialSecurityNumber="", nameFirst="DAN"),  # swapped, nickname
        _person("P4", socialSecurityNumber="402363655"),  # adjacent SSN digits transposed
    ), registry)
    by_id = {d.record_id: d for d in decisions}
    assert [(d.outcome, d.person_id) for d in decisions] == [("link", "P1"), ("link", "P2"), ("link", "P3"),
                                                             ("link", "P4")]
    assert by_id["I1"].levels["first"] == "nickname" and by_id["I1"].levels["ssn"] == "missing"
    assert by_id["I3"].levels["dob"] == "day and month swapped"
    assert by_id["I4"].levels["ssn"] == "one digit off or transposed"
    assert all(d.method == "probabilistic" and d.weight >= Thresholds().link for d in decisions)


def test_twins_are_never_linked_automatically(registry):
    twin = dict(nameFirst="LEON", nameLast="BRANDSTETTER", dateOfBirth="19810203", sexAssignedAtBirth="1",
                addrAtDxPostalCode="21804", addrAtDxNoStreet="12 ELM ST")
    decisions = link_persons(_incoming(dict(twin, socialSecurityNumber="402339999"),  # own SSN
                                       dict(twin, socialSecurityNumber="")), registry)
    with_ssn, without_ssn = decisions
    assert with_ssn.outcome == "new" and with_ssn.person_id is None  # different SSNs: no candidate at all
    assert without_ssn.outcome in ("review", "new") and without_ssn.outcome != "link"
    if without_ssn.outcome == "review":
        assert without_ssn.reason == TWINS_REVIEW and without_ssn.person_id == "P4"
    # the same two reports without the guard's pattern (first name the registry's) do link
    same = link_persons(_incoming(dict(twin, nameFirst="LUCAS", socialSecurityNumber="")), registry)
    assert same[0].outcome == "link" and same[0].person_id == "P4"


def test_same_source_key_is_the_same_person_and_another_sources_key_means_nothing(registry):
    stranger = dict(nameFirst="ZEBEDEE", nameLast="ABERNATHY", dateOfBirth="19990101", sexAssignedAtBirth="1",
                    socialSecurityNumber="555667777", patientIdNumber="00000002")
    incoming = pd.DataFrame([
        dict(stranger, record_id="I1", source="FACILITY-A"),  # facility A's key of P2: a correction of P2
        # the same number from B, another stranger: nobody in particular
        dict(stranger, record_id="I2", source="FACILITY-B", nameFirst="OTTILIE", nameLast="GRUENWALD",
             dateOfBirth="19770412", sexAssignedAtBirth="2", socialSecurityNumber=""),
    ], dtype="string")
    first, second = link_persons(incoming, registry)
    assert (first.outcome, first.person_id, first.method) == ("link", "P2", "source key")
    assert second.outcome == "new" and second.person_id is None


def test_incoming_reports_of_one_new_person_cluster_together(registry):
    person = dict(nameFirst="ROSALIND", nameLast="FETHERSTONHAUGH", dateOfBirth="19630417", sexAssignedAtBirth="2",
                  socialSecurityNumber="612345678", addrAtDxPostalCode="21093")
    other = dict(nameFirst="THADDEUS", nameLast="KOWALCZYK", dateOfBirth="19400630", sexAssignedAtBirth="1",
                 socialSecurityNumber="", addrAtDxPostalCode="21230")
    incoming = pd.DataFrame([
        dict(person, record_id="I1", source="FACILITY-B"),
        dict(person, record_id="I2", source="FACILITY-C", nameFirst="ROSALYND", socialSecurityNumber=""),
        dict(person, record_id="I3", source="FACILITY-D", addrAtDxPostalCode="21401"),  # moved
        dict(other, record_id="I4", source="FACILITY-C"),
        # a report of registry person P5, and a second report of her (married name, no birth date, moved) that
        # only the first report's SSN ties to her: it joins her through the first
        dict(_person("P5"), record_id="I5", source="FACILITY-C", socialSecurityNumber="700112222"),
        dict(_person("P5"), record_id="I6", source="FACILITY-D", nameLast="MORGAN", dateOfBirth="",
             addrAtDxPostalCode="20850", socialSecurityNumber="700112222"),
    ], dtype="string")
    decisions = {d.record_id: d for d in link_persons(incoming, registry)}
    assert {decisions[r].outcome for r in ("I1", "I2", "I3", "I4")} == {"new"}
    assert decisions["I1"].new_person == decisions["I2"].new_person == decisions["I3"].new_person == "new:I1"
    assert decisions["I4"].new_person == "new:I4"
    assert (decisions["I5"].outcome, decisions["I5"].person_id) == ("link", "P5")
    assert (decisions["I6"].outcome, decisions["I6"].person_id) == ("link", "P5")
    assert decisions["I6"].method == "with incoming record I5"


def test_bad_input_is_refused(registry):
    with pytest.raises(ValueError, match="source"):
        link_persons(pd.DataFrame({"record_id": ["I1"], "source": [""]}, dtype="string"), registry)
    with pytest.raises(ValueError, match="unique"):
        link_persons(pd.DataFrame({"record_id": ["I1", "I1"], "source": ["B", "B"]}, dtype="string"), registry)
    with pytest.raises(ValueError, match="person_id"):
        link_persons(_incoming(_person("P1")), registry.drop(columns=["person_id"]))
    with pytest.raises(ValueError, match="review threshold"):
        Thresholds(link=1.0, review=2.0)
    with pytest.raises(ValueError, match="linkage thresholds in the app config"):
        thresholds_from({"LINKAGE_LINK_THRESHOLD": "high"})
    assert thresholds_from({"LINKAGE_LINK_THRESHOLD": "12", "LINKAGE_REVIEW_THRESHOLD": 3}) == Thresholds(12.0, 3.0)


def test_empty_registry_makes_every_report_a_new_person():
    incoming = _incoming(_person("P1"), _person("P1", nameFirst="BILL"), _person("P3"))
    decisions = link_persons(incoming, pd.DataFrame(columns=["record_id", "source", "person_id"], dtype="string"))
    assert [d.outcome for d in decisions] == ["new", "new", "new"]
    assert decisions[0].new_person == decisions[1].new_person != decisions[2].new_person


@pytest.fixture(scope="module")
def generated():
    return _bench("linkage_generator").generate(registry_persons=3000, incoming_reports=600, seed=7)


def test_quality_on_generated_reports_meets_the_floor(generated):
    quality = _bench("linkage_quality").quality
    decisions = link_persons(generated.incoming.drop(columns=["truth"]), generated.existing.drop(columns=["truth"]))
    q = quality(decisions, generated.incoming, generated.existing)
    assert q.precision >= 0.998
    assert q.recall >= 0.99
    assert q.review_share <= 0.03
    assert q.wrong_links == 0


def test_small_registry_keeps_the_default_model(generated):
    model = train_model(generated.existing.drop(columns=["truth"]).head(100))
    assert not model.trained and model.settings == default_model().settings


def test_trained_model_round_trips_through_json(generated, tmp_path):
    model = train_model(generated.existing.drop(columns=["truth"]), u_pairs=1e5)
    assert model.trained and model.settings != default_model().settings
    path = tmp_path / "person-model.json"
    model.save(path)
    loaded = Model.load(path)
    assert loaded.trained and loaded.levels() == model.levels()
    assert [c["comparison_levels"] for c in loaded.settings["comparisons"]] == [
        c["comparison_levels"] for c in model.settings["comparisons"]]
    sample = generated.incoming.drop(columns=["truth"]).head(60)
    existing = generated.existing.drop(columns=["truth"])
    assert link_persons(sample, existing, loaded) == link_persons(sample, existing, model)
    (tmp_path / "other.json").write_text('{"comparisons": [{"output_column_name": "name"}]}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a person model"):
        Model.load(tmp_path / "other.json")
