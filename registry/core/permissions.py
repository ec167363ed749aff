"""Who may see what. Roles: admin, registrar, reviewer (read + approve), epidemiologist (aggregates only).

Registrars and reviewers may be limited to facilities: they then see only patients with at least one
tumor reported by one of their facilities.
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


def can_open_patient(user, patient) -> bool:
    if not can_see_identities(user):
        return False
    scope = facility_scope(user)
    if scope is None:
        return True
    return any(t.reportingFacility in scope for t in patient.tumors)


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
