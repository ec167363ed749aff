"""Dates in order, sequence numbers, sex-specific sites, multiple primaries, frequencies, survival by stage."""

from __future__ import annotations

from collections import Counter
from datetime import date

from registry.demo.dates import age_at, parse
from registry.demo.errors import error_kind
from registry.demo.generator import DemoPatient
from registry.demo.tables import sex_specific

TREATMENT_DATES = ("rxDateSurgery", "rxDateMostDefinSurg", "rxDateRadiation", "rxDateChemo", "rxDateHormone",
                   "rxDateBrm", "date1stCrsRxCoc")


def _clean(p: DemoPatient) -> bool:
    return not p.planted_errors


def _first_contact_in_order(class_of_case: str, birth: date, dx: date, first: date, last: date) -> bool:
    """STORE: classes 00, 13, 14 (diagnosed at the facility) first contact on or before diagnosis; others after."""
    if not birth <= first <= last:
        return False
    return first <= dx if class_of_case in ("00", "13", "14") else dx <= first


def _date_problems(p: DemoPatient) -> list[str]:
    birth, last = parse(p.items["dateOfBirth"]), parse(p.items["dateOfLastContact"])
    out = []
    for t in p.tumors:
        dx = parse(t["dateOfDiagnosis"])
        if not birth <= dx <= last:
            out.append("birth <= diagnosis <= last contact")
        first = parse(t.get("dateOf1stContact", t["dateOfDiagnosis"]))
        if "dateOf1stContact" in t and not _first_contact_in_order(t["classOfCase"], birth, dx, first, last):
            out.append("first contact in order with diagnosis (by class of case) and last contact")
        start = max(dx, first)
        out += [k for k in TREATMENT_DATES if k in t and not start <= parse(t[k]) <= last]
        if age_at(birth.toordinal(), dx.toordinal()) != int(t["ageAtDiagnosis"]):
            out.append("age at diagnosis")
    return out


def test_dates_are_in_order(registry_5000: list[DemoPatient]) -> None:
    bad = [(p.items["patientIdNumber"], x) for p in registry_5000 if _clean(p) for x in _date_problems(p)]
    assert bad == []


def test_the_date_check_can_fail(registry_5000: list[DemoPatient]) -> None:
    planted = [p for p in registry_5000 if any(error_kind(d) in ("birth-after-diagnosis", "age-mismatch")
                                               for _, d in p.planted_errors)]
    assert planted and all(_date_problems(p) for p in planted)


def test_contacts_end_with_the_patient_follow_up(registry_5000: list[DemoPatient]) -> None:
    for p in registry_5000:
        dates = [c["date"] for c in p.contacts]
        assert dates == sorted(dates)
        assert dates[-1] == p.items["dateOfLastContact"]
        assert p.contacts[-1]["vitalStatus"] == p.items["vitalStatus"]
        assert all(c["vitalStatus"] == "1" for c in p.contacts[:-1])


def test_deaths_have_causes_and_the_living_do_not(registry_5000: list[DemoPatient]) -> None:
    for p in registry_5000:
        dead = p.items["vitalStatus"] == "0"
        assert (p.items["causeOfDeath"] != "0000") == dead
        assert p.items["icdRevisionNumber"] == ("1" if dead else "0")


def test_sequence_numbers(registry_5000: list[DemoPatient]) -> None:
    for p in registry_5000:
        # NAACCR #380: in situ/malignant 00 alone else 01, 02...; benign/borderline 60 alone else 61, 62...
        for malignant, first in ((True, 0), (False, 60)):
            seqs = [t["sequenceNumberCentral"] for t in p.tumors
                    if (t["behaviorCodeIcdO3"] in ("2", "3")) == malignant]
            expected = [f"{first + i:02d}" for i in range(1, len(seqs) + 1)] if len(seqs) > 1 else [f"{first:02d}"]
            assert seqs == expected[:len(seqs)]
        assert [t["sequenceNumberHospital"] for t in p.tumors] == [t["sequenceNumberCentral"] for t in p.tumors]
        assert [t["dateOfDiagnosis"] for t in p.tumors] == sorted(t["dateOfDiagnosis"] for t in p.tumors)


def test_about_one_in_ten_patients_has_more_than_one_primary(registry_5000: list[DemoPatient]) -> None:
    share = sum(len(p.tumors) > 1 for p in registry_5000) / len(registry_5000)
    assert 0.08 <= share <= 0.12


def test_sex_specific_sites_only_in_the_right_sex(registry_5000: list[DemoPatient]) -> None:
    wrong = [(p.items["patientIdNumber"], i) for p in registry_5000 for i, t in enumerate(p.tumors)
             if sex_specific(t["primarySite"]) not in (None, p.items["sexAssignedAtBirth"])]
    planted = {(p.items["patientIdNumber"], i) for p in registry_5000 for i, d in p.planted_errors
               if error_kind(d) == "sex-site"}
    assert wrong and set(wrong) == planted


def test_top_sites_follow_the_frequencies(registry_5000: list[DemoPatient]) -> None:
    by_sex = {"1": Counter(), "2": Counter()}
    for p in registry_5000:
        for t in p.tumors:
            by_sex[p.items["sexAssignedAtBirth"]][t["primarySite"][:3]] += 1
    assert [s for s, _ in by_sex["1"].most_common(2)] == ["C61", "C34"]
    assert [s for s, _ in by_sex["2"].most_common(2)] == ["C50", "C34"]
    women = sum(1 for p in registry_5000 if p.items["sexAssignedAtBirth"] == "2") / len(registry_5000)
    assert 0.48 <= women <= 0.54


def test_age_follows_the_site(registry_5000: list[DemoPatient]) -> None:
    ages = {"C61": [], "C62": []}
    for p in registry_5000:
        for t in p.tumors:
            if t["primarySite"][:3] in ages:
                ages[t["primarySite"][:3]].append(int(t["ageAtDiagnosis"]))
    prostate = sorted(ages["C61"])[len(ages["C61"]) // 2]
    assert 62 <= prostate <= 72
    assert sum(ages["C62"]) / len(ages["C62"]) < 45  # testis: young men


def test_distant_stage_dies_sooner(registry_5000: list[DemoPatient]) -> None:
    dead = {"1": [0, 0], "7": [0, 0]}
    for p in registry_5000:
        ss = p.tumors[0].get("summaryStage2018")
        if ss in dead:
            dead[ss][0] += p.items["vitalStatus"] == "0"
            dead[ss][1] += 1
    local, distant = (dead[k][0] / dead[k][1] for k in ("1", "7"))
    assert distant > 0.6 and local < 0.3 and distant > 3 * local


def test_most_cases_are_analytic_and_mostly_maryland(registry_5000: list[DemoPatient]) -> None:
    tumors = [t for p in registry_5000 for t in p.tumors]
    analytic = sum(t["classOfCase"] in ("00", "10", "11", "12", "13", "14", "20", "21", "22") for t in tumors)
    assert 0.8 <= analytic / len(tumors) <= 0.95
    in_state = sum(t["addrAtDxState"] == "MD" for t in tumors if "addrAtDxState" in t)
    assert in_state / len(tumors) > 0.85
    assert len({t["countyAtDx"] for t in tumors}) >= 20


def test_race_two_to_five(registry_5000: list[DemoPatient]) -> None:
    for p in registry_5000:
        races = [p.items[f"race{i}"] for i in range(1, 6)]
        assert races == ["99"] * 5 if races[0] == "99" else races[2:] == ["88"] * 3


def test_laterality_of_paired_sites(registry_5000: list[DemoPatient]) -> None:
    lat = Counter(t["laterality"] for p in registry_5000 for t in p.tumors if t["primarySite"][:3] == "C50")
    assert lat["1"] + lat["2"] > 0.85 * sum(lat.values())
    assert all(t["laterality"] == "0" for p in registry_5000 for t in p.tumors if t["primarySite"] == "C619")


def test_node_surgery_matches_nodes_examined(registry_5000: list[DemoPatient]) -> None:
    for t in (t for p in registry_5000 for t in p.tumors):
        examined, scope = t["regionalNodesExamined"], t["rxSummScopeRegLnSur"]
        if examined == "99":  # schemas such as Lymphoma (00790) allow only 99 for both node counts
            assert t["regionalNodesPositive"] == "99"
            continue
        expected = ("0",) if examined == "00" else (("2", "4") if int(examined) <= 3 else ("5", "6"))
        assert scope in expected, (examined, scope)
        assert (t["regionalNodesPositive"] == "98") == (examined == "00")
