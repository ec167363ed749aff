"""Load the synthetic registry into the database: facilities, patients, tumors, contacts, accounts."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from registry.abstracting.bulk import NewPatient, load_patients
from registry.abstracting.models import Facility, Patient
from registry.accounts.models import User
from registry.accounts.operations import create_user
from registry.core.audit import Actor
from registry.demo.generator import FACILITIES, DemoOptions, generate_registry
from registry.demo.population import generate_population
from registry.extensions import db
from registry.reports.populations import load_population

DEMO_ACCOUNTS = (
    ("admin", "admin", "Demo Administrator"),
    ("registrar", "registrar", "Demo Registrar"),
    ("reviewer", "reviewer", "Demo Reviewer"),
    ("epi", "epidemiologist", "Demo Epidemiologist"),
)


def _field(obj, name: str):
    return obj[name] if isinstance(obj, dict) else getattr(obj, name)


def ensure_facilities() -> None:
    known = set(db.session.scalars(select(Facility.code)))
    for f in FACILITIES:
        code = _field(f, "code")
        if code not in known:
            db.session.add(Facility(code=code, name=_field(f, "name"), city=_field(f, "city"),
                                    state=_field(f, "state")))
    db.session.flush()


def patient_count() -> int:
    return db.session.scalar(select(func.count(Patient.id))) or 0


def load_demo(patients: int, seed: int, actor: Actor, progress: Callable[[int], None] | None = None,
              options: DemoOptions | None = None) -> int:
    """Insert a synthetic registry of ``patients`` patients (deterministic for ``seed``) and its matching
    population estimates (rate denominators). Caller commits."""
    ensure_facilities()
    options = options or DemoOptions()
    years = range(options.first_dx_year, options.last_dx_year + 1)
    load_population(db.session, generate_population(seed, years, patients=patients, options=options))
    generated = generate_registry(patients=patients, seed=seed, options=options)
    new = (
        NewPatient(items=p.items, tumors=p.tumors, contacts=p.contacts, tumor_statuses=_statuses(p))
        for p in generated
    )
    return load_patients(new, actor, note=f"demo data, seed {seed}", progress=progress)


def _statuses(p) -> list[str]:
    statuses = getattr(p, "tumor_status", None)
    if statuses:
        return list(statuses)
    return [getattr(p, "status", "incomplete")] * len(p.tumors)


def ensure_demo_accounts(actor: Actor) -> list[tuple[str, str, str]]:
    """Give each demo account (one per role) a fresh random password, creating the account if needed.

    Only accounts made by this function (full name "Demo ...") are touched; returns
    (username, role, password) for each so the start script can print the sign-ins.
    """
    from registry.accounts.operations import reset_password
    from registry.accounts.passwords import generate_password

    made = []
    for username, role, full_name in DEMO_ACCOUNTS:
        password = generate_password()  # random, and accepted by the password policy
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            create_user(username, password, role, full_name=full_name, actor=actor)
        elif user.full_name == full_name and user.role == role:
            reset_password(user, password, actor)  # also ends the sessions signed in with the old password
        else:
            continue
        made.append((username, role, password))
    return made
