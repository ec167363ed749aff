"""Every route of the app is classified by how it is scoped, and each class is tried against the rules.

A registrar (and a reviewer) limited to facility A request every route that takes a patient, tumor, case or
decision for the records of facility B (a patient with tumors only there, and facility B's tumor of a patient
both facilities report): each answer is 403 or 404 and the database is unchanged. Scoped lists never show
facility B's patient; whole-registry pages refuse them. An epidemiologist gets 403 on every identity route.

A route that is added without being classified here fails ``test_every_route_is_classified``: put it in the
class that says how it is scoped (and give it a probe when it takes a record).
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from registry.extensions import db

A, B = "0000000001", "0000000002"
FAR_NAME = "FARAWAY"
FAR_FIRST = "FIONA"  # never typed in a search, so a page holding it shows facility B's patient or case

# Open to everyone (no record), or to every role as aggregates only (counts, rates, suppressed tables).
OPEN = {"static", "accounts.login", "accounts.logout"}
# The signed-in user's own account (every role): changing one's own password.
OWN_ACCOUNT = {"accounts.password"}
AGGREGATE = {"core.dashboard", "reports.index", "reports.report", "reports.report_csv", "reports.report_json",
             "followup.rates"}
# Signed in, no patient data: data releases (requests, admin decisions; downloads check the account themselves).
RELEASES = {"releases.index", "releases.new", "releases.show", "releases.decide", "releases.produce",
            "releases.download"}
# Identified pages holding no record of a patient: code lookups, field specs, letter templates, physicians.
NO_RECORD = {"abstract.fields_json", "abstract.lookup", "abstract.coding", "followup.physicians",
             "followup.templates"}
# Lists and forms filtered by the user's facilities: (method, url, form); facility B's patient never shows.
SCOPED_LISTS = {
    "abstracting.search": [("GET", f"/patients?name={FAR_NAME}", None), ("GET", "/patients?dob=19410303", None)],
    "queues.index": [("GET", "/queues?queue=all", None), ("GET", f"/queues?queue=all&facility={B}", None)],
    "casefinding.index": [("GET", "/casefinding", None)],
    "casefinding.add": [("POST", "/casefinding", {"source": "pathology", "name_last": "NEWCASE", "facility": B})],
    "intake.new_patient": [("POST", "/patients/new", {"reportingFacility": A, "nameLast": "X",
                                                      "socialSecurityNumber": "555443333"}),
                           ("POST", "/patients/new", {"reportingFacility": B, "nameLast": "NEWPATIENT",
                                                      "create_anyway": "yes"})],
    "casefinding.import_file": [("POST", "/casefinding/import", "upload")],
    "edits.report": [("GET", f"/edits/?facility={B}", None)],
    "edits.failing": [("GET", "/edits/failing?severity=", None), ("GET", f"/edits/failing?facility={B}", None)],
    "followup.index": [("GET", "/followup/?status=lost&as_of=2030-01-01", None)],
    "followup.due_csv": [("GET", "/followup/due.csv?status=lost&as_of=2030-01-01", None)],
    "followup.letters": [("GET", "/followup/letters?show=all", None)],
    "followup.print_letters": [("POST", "/followup/letters", {"patient_id": "{far}", "recipient": "patient"})],
    "multiple_primaries.index": [("GET", "/multiple-primaries/", None)],
}
# Routes taking one record: every (endpoint, method) of these has probes on facility B's records.
RECORD_PROBES = {
    ("abstracting.patient", "GET"): ["/patients/{far}"],
    ("abstracting.history", "GET"): ["/patients/{far}/history"],
    ("abstracting.tumor", "GET"): ["/tumors/{far_tumor}"],
    ("releases.accounting", "GET"): ["/patients/{far}/disclosures"],
    ("followup.patient", "GET"): ["/followup/patients/{far}"],
    ("followup.add_contact", "POST"): [("/followup/patients/{far}/contacts", "contact")],
    ("intake.new_tumor", "POST"): [("/patients/{far}/tumors", {"reportingFacility": A})],
    ("abstract.show", "GET"): ["/abstracts/{far_tumor}"],
    ("abstract.next_case", "GET"): ["/abstracts/{far_tumor}/next?queue=queue%3Dall"],
    ("abstract.save", "POST"): [("/abstracts/{far_tumor}", "screen"), ("/abstracts/{shared_b}", "screen")],
    ("abstract.review", "POST"): [("/abstracts/{far_tumor}/review", {"decision": "approve"}),
                                  ("/abstracts/{shared_b}/review", {"decision": "approve"})],
    ("casefinding.show", "GET"): ["/casefinding/{far_case}"],
    ("casefinding.abstract", "POST"): [("/casefinding/{far_case}/abstract", {}),
                                       ("/casefinding/{near_case}/abstract", {"patient_id": "{far}"})],
    ("casefinding.link", "POST"): [("/casefinding/{far_case}/link", {"tumor_id": "{far_tumor}"}),
                                   ("/casefinding/{near_case}/link", {"tumor_id": "{far_tumor}"}),
                                   ("/casefinding/{near_case}/link", {"tumor_id": "{shared_b}"})],
    ("casefinding.not_reportable", "POST"): [("/casefinding/{far_case}/not-reportable",
                                              {"reason": "not cancer", "note": ""})],
    ("multiple_primaries.answer", "POST"): [("/multiple-primaries/{far_decision}/resolve", {"answer": "new"})],
}
# Whole-registry work: an account limited to facilities gets 403 whatever the id.
WHOLE_REGISTRY = {"followup.deaths", "followup.upload_deaths", "followup.death_review", "followup.decide",
                  "followup.death_unmatched", "followup.followed_back", "submissions.index",
                  "submissions.edit_profile", "submissions.build", "submissions.batch", "submissions.download",
                  "submissions.manifest", "submissions.report", "submissions.sent", "submissions.answer",
                  "submissions.timeliness_page"}
# NAACCR imports: admins and registrars. A facility-limited account sees only its own runs (another's is 404) and an
# upload naming another facility's records is refused whole with nothing changed: tested with real uploads in
# tests/naaccr/exchange/test_import_safety.py.
IMPORTS = {"imports.index", "imports.upload", "imports.show", "imports.status"}

CLASSES = (OPEN, OWN_ACCOUNT, AGGREGATE, RELEASES, NO_RECORD, set(SCOPED_LISTS), {e for e, _m in RECORD_PROBES},
           WHOLE_REGISTRY, IMPORTS)


def _routes(app) -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) of every route, HEAD and OPTIONS left out."""
    return sorted((rule.endpoint, method, rule.rule) for rule in app.url_map.iter_rules()
                  for method in rule.methods - {"HEAD", "OPTIONS"})


def _example_url(rule: str) -> str:
    values = {"kind": "topography", "name": "incidence", "filename": "css/app.css"}
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), "1"), rule)


def test_every_route_is_classified(app):
    classified = set().union(*CLASSES)
    unclassified = sorted({e for e, _m, _r in _routes(app)} - classified)
    assert not unclassified, f"classify these routes in {__file__}: {unclassified}"
    overlaps = [e for i, c in enumerate(CLASSES) for d in CLASSES[i + 1:] for e in c & d]
    assert not overlaps, overlaps
    stale = sorted(classified - {e for e, _m, _r in _routes(app)})
    assert not stale, f"no such routes any more: {stale}"
    unprobed = sorted({(e, m) for e, m, _r in _routes(app) if e in {e for e, _m in RECORD_PROBES}}
                      - set(RECORD_PROBES))
    assert not unprobed, f"give these record routes a probe: {unprobed}"


@pytest.fixture
def world(make_facility, make_user, make_patient, actor):
    """Facilities A and B; a patient of each; a patient both report; a case and a multiple-primary item of B."""
    from registry.abstracting.casefinding import add_case
    from registry.abstracting.models import Facility, Patient
    from registry.abstracting.operations import add_tumor
    from registry.abstracting.saving import run_record_edits
    from registry.edits.results import store_results
    from registry.followup.letter_operations import make_letters
    from registry.followup.settings import registry_info
    from registry.multiple_primaries.arrival import check_new_tumor

    make_facility(A, "Near Hospital")
    make_facility(B, "Other Hospital")
    make_user("near", "registrar", facilities=[A])
    make_user("nearrev", "reviewer", facilities=[A])
    make_user("epi", "epidemiologist")
    breast = {"primarySite": "C504", "histologicTypeIcdO3": "8500", "behaviorCodeIcdO3": "3", "laterality": "1",
              "dateOfDiagnosis": "20200115", "classOfCase": "10", "reportingFacility": B}
    far = make_patient(nameLast=FAR_NAME, nameFirst=FAR_FIRST, dateOfBirth="19410303", socialSecurityNumber="555443333",
                       dateOfLastContact="20200101", vitalStatus="1", addrCurrentCountry="USA", tumors=[breast])
    near = make_patient(nameLast="NEARBY", tumors=[{**breast, "reportingFacility": A}])
    shared = make_patient(nameLast="SHARED", tumors=[{**breast, "reportingFacility": A},
                                                     {**breast, "primarySite": "C619", "reportingFacility": B}])
    far = db.session.get(Patient, far.id)
    store_results(far.tumors[0].id, run_record_edits({**far.items(), **far.tumors[0].items()}))
    second = add_tumor(far, {**breast, "laterality": "9", "dateOfDiagnosis": "20200301"}, actor, status="complete")
    decision = check_new_tumor(second, actor, source="import")
    facility = {f.code: f for f in db.session.scalars(sa.select(Facility))}
    far_case = add_case({"source": "pathology", "name_last": f"{FAR_NAME}CASE", "name_first": FAR_FIRST}, actor,
                        facility=facility[B])
    near_case = add_case({"source": "pathology", "name_last": "NEARCASE"}, actor, facility=facility[A])
    make_letters([far.id], "patient", actor, registry_info())
    db.session.commit()
    assert decision is not None
    return {"far": far.id, "far_tumor": far.tumors[0].id, "near": near.id, "shared": shared.id,
            "shared_a": shared.tumors[0].id, "shared_b": shared.tumors[1].id, "far_case": far_case.id,
            "near_case": near_case.id, "far_decision": decision.id}


def _snapshot() -> dict[str, list]:
    """Every row of every table (the sign-in's own rows left out): what a refused request must not change."""
    db.session.expire_all()
    with db.engine.connect() as conn:
        return {t.name: sorted(map(repr, conn.execute(sa.select(t)).all())) for t in db.metadata.sorted_tables
                if t.name not in ("login_attempt", "user_account")}


def _made_at(code: str) -> tuple[int, int]:
    """How many casefinding cases and tumors facility ``code`` has."""
    from registry.abstracting.casefinding import CasefindingCase
    from registry.abstracting.models import Facility, Tumor

    db.session.expire_all()
    cases = db.session.scalar(sa.select(sa.func.count(CasefindingCase.id)).join(Facility).where(Facility.code == code))
    tumors = db.session.scalar(sa.select(sa.func.count(Tumor.id)).where(Tumor.reportingFacility == code))
    return cases, tumors


def _contact_form(patient_id: int) -> dict:
    from registry.abstracting.models import Patient

    patient = db.session.get(Patient, patient_id)
    return {"contact_date": "2025-05-20", "vital_status": "1", "source": "2", "version": str(patient.version)}


def _screen_form(tumor_id: int) -> dict:
    """A valid save of the tumor: versions and baseline as its screen carries them."""
    from registry.abstracting.conflicts import baseline_of
    from registry.abstracting.models import Tumor
    from registry.abstracting.screen import saved_values

    tumor = db.session.get(Tumor, tumor_id)
    return {"patient_version": str(tumor.patient.version), "tumor_version": str(tumor.version),
            "baseline": baseline_of(saved_values(tumor)), "intent": "save", "primarySite": "C509"}


def _request(client, method: str, url: str, data, ids: dict):
    if method == "GET":
        return client.get(url)
    if data == "screen":
        data = _screen_form(int(url.rstrip("/").split("/")[-1]))
    elif data == "contact":
        data = _contact_form(ids["far"])
    elif data == "upload":
        from io import BytesIO

        data = {"file": (BytesIO(f"name_last,facility\n{FAR_NAME}X,{B}\n".encode()), "cases.csv")}
        return client.post(url, data=data, content_type="multipart/form-data")
    else:
        data = {k: v.format(**ids) for k, v in (data or {}).items()}
    return client.post(url, data=data)


@pytest.mark.parametrize("username", ["near", "nearrev"])
def test_records_of_another_facility_are_refused_and_unchanged(client, login, world, username):
    login(username)
    refused = []
    for (endpoint, method), probes in RECORD_PROBES.items():
        for probe in probes:
            url, data = probe if isinstance(probe, tuple) else (probe, None)
            url = url.format(**world)
            before = _snapshot()
            response = _request(client, method, url, data, world)
            if response.status_code not in (403, 404) or _snapshot() != before:
                refused.append(f"{method} {url} ({endpoint}): {response.status_code}")
    assert not refused, "\n".join(refused)


@pytest.mark.parametrize("username", ["near", "nearrev"])
def test_scoped_lists_never_show_another_facility(client, login, world, username):
    login(username)
    leaks = []
    for endpoint, probes in SCOPED_LISTS.items():
        for method, url, data in probes:
            before, made_at_b = _snapshot(), _made_at(B)
            response = _request(client, method, url, data, world)
            body = response.get_data().decode("utf-8", "replace")  # a PDF of letters is not text
            letters = _snapshot()["followup_letter"] != before["followup_letter"]
            if (FAR_FIRST in body or "Other Hospital" in body or _made_at(B) != made_at_b or letters
                    or response.status_code >= 500):
                leaks.append(f"{method} {url} ({endpoint}): {response.status_code}")
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("username", ["near", "nearrev"])
def test_whole_registry_pages_refuse_a_limited_account(client, login, world, app, username):
    login(username)
    before = _snapshot()
    answers = {(e, m, r): client.open(_example_url(r), method=m).status_code
               for e, m, r in _routes(app) if e in WHOLE_REGISTRY}
    assert {k: v for k, v in answers.items() if v != 403} == {}
    assert _snapshot() == before


def test_the_menu_offers_submissions_only_to_whole_registry_accounts(client, login, world, make_user):
    make_user("wholereg", "registrar")
    for username, shown in (("near", False), ("nearrev", False), ("wholereg", True)):
        login(username)
        page = client.get("/").get_data(as_text=True)
        assert ('href="/submissions/"' in page) is shown, username


def test_a_limited_registrar_still_works_on_their_own_facility(client, login, world):
    """The probes above are refused for scope, not because nothing works: the same account opens and saves
    facility A's records, and reads (without a save button) facility B's tumor of the patient both report."""
    login("near")
    assert client.get(f"/patients/{world['near']}").status_code == 200
    assert client.post(f"/abstracts/{world['shared_a']}", data=_screen_form(world["shared_a"])).status_code == 303
    page = client.get(f"/abstracts/{world['shared_b']}")
    assert page.status_code == 200 and 'value="complete"' not in page.get_data(as_text=True)


def test_a_save_cannot_move_a_tumor_to_another_facility(client, login, world):
    login("near")
    before = _snapshot()
    response = client.post(f"/abstracts/{world['shared_a']}",
                           data={**_screen_form(world["shared_a"]), "reportingFacility": B})
    assert response.status_code == 422 and "not one of the facilities you report for" in response.get_data(
        as_text=True)
    assert _snapshot() == before


def test_an_epidemiologist_gets_403_on_every_identity_route(client, login, world, app):
    login("epi")
    before = _snapshot()
    allowed = OPEN | OWN_ACCOUNT | AGGREGATE | RELEASES
    answers = {}
    for endpoint, method, rule in _routes(app):
        if endpoint in allowed:
            continue
        probes = RECORD_PROBES.get((endpoint, method)) or [p[1] for p in SCOPED_LISTS.get(endpoint, [])
                                                           if p[0] == method] or [_example_url(rule)]
        for probe in probes:
            url = (probe[0] if isinstance(probe, tuple) else probe).format(**world)
            answers[(endpoint, method, url)] = client.open(url, method=method).status_code
    assert {k: v for k, v in answers.items() if v != 403} == {}
    assert _snapshot() == before
