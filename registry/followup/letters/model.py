"""What a follow-up letter says: the patient, recipient, tumors and registry, and the merge fields drawn from them.

SEER Training "Follow-up" procedures (training.seer.cancer.gov/followup/procedures/frequency.html): letters go
to the physician, the patient or next of kin, usually twelve months after the last contact, asking for the
vital status, date of last contact, cancer status, recurrence and new primaries.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from registry.naaccr.lookups import label


@dataclass(frozen=True)
class TumorInfo:
    site: str  # words ("Breast, NOS") or an ICD-O-3 site code ("C509"), shown as its label
    diagnosis_date: str  # NAACCR date, may be partial

    @classmethod
    def from_items(cls, items: dict[str, str]) -> TumorInfo:
        """From a NAACCR tumor record (primarySite, dateOfDiagnosis)."""
        return cls(items.get("primarySite", ""), items.get("dateOfDiagnosis", ""))

    @property
    def site_words(self) -> str:
        return label("primarySite", self.site.upper()) or self.site


@dataclass(frozen=True)
class LetterData:
    """One letter: to the managing physician or the patient."""

    recipient: Literal["physician", "patient"]
    patient_id: str
    patient_first: str
    patient_last: str
    date_of_birth: str  # NAACCR date
    date_of_last_contact: str  # NAACCR date
    tumors: tuple[TumorInfo, ...]
    patient_address: tuple[str, ...] = ()
    physician_name: str = ""  # as written after "Dr." in the address block, e.g. "Ana Ruiz, MD"
    physician_last: str = ""
    physician_address: tuple[str, ...] = ()
    letter_date: date = field(default_factory=date.today)


@dataclass(frozen=True)
class RegistryInfo:
    """The letterhead and signature."""

    name: str
    address: tuple[str, ...]
    phone: str
    fax: str = ""
    email: str = ""
    registrar: str = ""
    registrar_title: str = "Cancer Registrar"
    reply_days: int = 30


FIELDS = (
    "patient.name", "patient.first_name", "patient.last_name", "patient.date_of_birth", "patient.id",
    "physician.name", "physician.last_name", "recipient.name",
    "tumor.site", "tumor.sites", "tumor.diagnosis_date", "last_contact.date",
    "letter.date", "letter.reply_by",
    "registry.name", "registry.phone", "registry.fax", "registry.email", "registry.registrar",
    "registry.registrar_title",
)


def long_date(value: str | date) -> str:
    """'20240305' or date(2024, 3, 5) -> 'March 5, 2024'; partial NAACCR dates -> 'March 2024' / '2024'."""
    if isinstance(value, date):
        return f"{calendar.month_name[value.month]} {value.day}, {value.year}"
    text = (value or "").strip()
    if len(text) >= 6 and text[4:6].isdigit() and 1 <= int(text[4:6]) <= 12:
        month = calendar.month_name[int(text[4:6])]
        day = text[6:8]
        return f"{month} {int(day)}, {text[:4]}" if day.isdigit() and day != "99" else f"{month} {text[:4]}"
    return text[:4] if text else "unknown"


def merge_fields(letter: LetterData, registry: RegistryInfo) -> dict[str, str]:
    """The value of every merge field in ``FIELDS`` for one letter."""
    patient = f"{letter.patient_first.title()} {letter.patient_last.title()}".strip()
    physician = letter.physician_name or "Physician"
    first = letter.tumors[0] if letter.tumors else TumorInfo("", "")
    sites = [f"{t.site_words} (diagnosed {long_date(t.diagnosis_date)})" for t in letter.tumors]
    return {
        "patient.name": patient, "patient.first_name": letter.patient_first.title(),
        "patient.last_name": letter.patient_last.title(), "patient.date_of_birth": long_date(letter.date_of_birth),
        "patient.id": letter.patient_id, "physician.name": physician,
        "physician.last_name": letter.physician_last or physician,
        "recipient.name": f"Dr. {physician}" if letter.recipient == "physician" else patient,
        "tumor.site": first.site_words, "tumor.sites": "; ".join(sites) if sites else "not recorded",
        "tumor.diagnosis_date": long_date(first.diagnosis_date),
        "last_contact.date": long_date(letter.date_of_last_contact),
        "letter.date": long_date(letter.letter_date),
        "letter.reply_by": long_date(letter.letter_date + timedelta(days=registry.reply_days)),
        "registry.name": registry.name, "registry.phone": registry.phone, "registry.fax": registry.fax,
        "registry.email": registry.email, "registry.registrar": registry.registrar,
        "registry.registrar_title": registry.registrar_title,
    }
