"""Reading the follow-up page forms and filters into the plain values the operations take.

Dates are typed as ISO dates (``2025-03-14``, ``2025-03``, ``2025``) or NAACCR dates (``20250314``, ``202503``,
``2025``) and stored as NAACCR dates. Every problem is a ``FormError`` in plain words, shown on the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from registry.abstracting.models import Patient
from registry.followup.operations import ContactInput
from registry.followup.queries import DueFilters
from registry.followup.status import LISTED

_DATE = re.compile(r"(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?")
STATUS_CHOICES = {"listed": LISTED, "due": ("due",), "delinquent": ("delinquent",), "lost": ("lost",)}


class FormError(ValueError):
    pass


def naaccr_from_input(value: str) -> str:
    """'2025-03-14' / '20250314' -> '20250314'; '2025-03' -> '202503'; '2025' -> '2025'; '' -> ''."""
    value = value.strip()
    if not value:
        return ""
    match = _DATE.fullmatch(value)
    if not match:
        raise FormError(f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return "".join(part for part in match.groups() if part)


def day_arg(args: Mapping[str, str], name: str, default: date) -> date:
    """A full ISO date query argument, or the default when absent."""
    value = (args.get(name) or "").strip()
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FormError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def due_filters(args: Mapping[str, str], scope: frozenset[str] | None) -> tuple[DueFilters, tuple[str, ...]]:
    """The due list's filters and the statuses to show."""
    status = args.get("status") or "listed"
    if status not in STATUS_CHOICES:
        raise FormError(f"unknown status {status!r}")
    filters = DueFilters(facility=(args.get("facility") or "").strip(),
                         physician=(args.get("physician") or "").strip(),
                         site=(args.get("site") or "").strip().upper(), scope=scope)
    return filters, STATUS_CHOICES[status]


def contact_from_form(form: Mapping[str, str], patient: Patient) -> ContactInput:
    """The contact form of the patient page: fixed fields and one cancer status select per tumor."""
    statuses = {t.id: form.get(f"cancer_status_{t.id}", "").strip() for t in patient.tumors}
    return ContactInput(
        date=naaccr_from_input(form.get("contact_date", "")), vital_status=form.get("vital_status", "").strip(),
        source=form.get("source", "").strip(), central_source=form.get("central_source", "").strip(),
        method=form.get("method", "").strip()[:40],
        cancer_status={k: v for k, v in statuses.items() if v},
        cause_of_death=form.get("cause_of_death", "").strip().upper().replace(".", ""),
        note=form.get("note", "").strip(),
    )


def version_from_form(form: Mapping[str, str]) -> int | None:
    value = form.get("version", "")
    return int(value) if value.isdigit() else None
