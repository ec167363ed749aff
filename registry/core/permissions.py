"""Who may see what. Roles: admin, registrar, reviewer (read + approve), epidemiologist (aggregates only).

Registrars and reviewers may be limited to facilities: they then see only patients with at least one
tumor reported by one of their facilities (with all of that patient's tumors, which multiple-primary and
sequence-number work needs), and change only the tumors reported by their facilities. Whole-registry work
(death clearance, state submissions) is for accounts without a facility limit.

Every route that reads or writes a patient, tumor or case goes through these checks (the route list and how
each route is scoped is tested in tests/core/test_route_scope.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

IDENTIFIED_ROLES = frozenset({"admin", "registrar", "reviewer"})
EDITOR_ROLES = frozenset({"admin", "registrar"})


def can_see_identities(user) -> bool:
    return user.is_authenticated and user.role in IDENTIFIED_ROLES


def can_edit(user) -> bool:
    return user.is_authenticated and user.role in EDITOR_ROLES


def facility_scope(user) -> frozenset[str] | None:
    """Facility codes the user is limited to; None means all facilities."""
    return None if user.role == "admin" else user.facility_codes


def in_facility_scope(user, facility_code: str | None) -> bool:
    """Whether the facility is one the user works for (every facility when the user has no limit)."""
    scope = facility_scope(user)
    return scope is None or (facility_code or "") in scope


def whole_registry(user) -> bool:
    """The user has no facility limit (admins, and accounts given no facilities)."""
    return facility_scope(user) is None


def can_open_patient(user, patient) -> bool:
    """Identities, and the patient has a tumor reported by one of the user's facilities."""
    if not can_see_identities(user):
        return False
    return whole_registry(user) or any(in_facility_scope(user, t.reportingFacility) for t in patient.tumors)


def can_change_tumor(user, tumor) -> bool:
    """Saving, completing or reviewing a tumor: the tumor itself is reported by one of the user's facilities."""
    return can_see_identities(user) and in_facility_scope(user, tumor.reportingFacility)


def roles_required(*roles: str) -> Callable:
    """Route decorator: signed in and one of the roles, else 403."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def identified_access(view: Callable) -> Callable:
    """Pages that show identifiable data: never for the epidemiologist role."""
    return roles_required(*sorted(IDENTIFIED_ROLES))(view)


def require_whole_registry() -> None:
    """403 for an account limited to facilities (the page covers every facility's patients). Signed-out users
    pass here and are sent to sign in by the route's own decorator; also usable as a blueprint's before_request."""
    if current_user.is_authenticated and not whole_registry(current_user):
        abort(403)
