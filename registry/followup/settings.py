"""Follow-up settings read from the app config (``registry.cfg`` or ``REGISTRY_FOLLOWUP_*`` variables).

* ``FOLLOWUP_DUE_MONTHS`` (12), ``FOLLOWUP_DELINQUENT_MONTHS`` (15): the CoC/SEER rules (``status.py``).
* ``FOLLOWUP_LOST_MONTHS`` (24): this registry's policy for "lost" (no contact for over 24 months).
* ``FOLLOWUP_REFERENCE_DATE`` ("2005-01-01"): the registry's reference date, the default of the rates pages.
* ``FOLLOWUP_DEATH_SOURCE`` ("05"): NAACCR followUpSourceCentral of imported death files (05 = state death
  certificate file; 04 NDI, 06 county/municipal file, 07 SSA Death Master File).
* ``FOLLOWUP_REGISTRY``: the letterhead and signature (keys of ``letters.RegistryInfo``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app

from registry.followup.letters import RegistryInfo

DEATH_SOURCES = {"04": "National Death Index", "05": "State death certificate file",
                 "06": "County/municipal death file", "07": "SSA Death Master File"}
LETTERHEAD = {"name": "Cancer Registry", "address": (), "phone": "", "fax": "", "email": "", "registrar": "",
              "registrar_title": "Cancer Registrar", "reply_days": 30}


@dataclass(frozen=True)
class FollowUpSettings:
    due_months: int = 12
    delinquent_months: int = 15
    lost_months: int = 24
    reference_date: date = date(2005, 1, 1)
    death_source: str = "05"

    @property
    def months(self) -> dict[str, int]:
        """Keyword arguments of ``status.followup_status``."""
        return {"due_months": self.due_months, "delinquent_months": self.delinquent_months,
                "lost_months": self.lost_months}


def followup_settings() -> FollowUpSettings:
    config = current_app.config
    reference = config.get("FOLLOWUP_REFERENCE_DATE", "2005-01-01")
    source = str(config.get("FOLLOWUP_DEATH_SOURCE", "05"))
    if source not in DEATH_SOURCES:
        raise ValueError(f"FOLLOWUP_DEATH_SOURCE must be one of {', '.join(DEATH_SOURCES)}, not {source!r}")
    return FollowUpSettings(
        due_months=int(config.get("FOLLOWUP_DUE_MONTHS", 12)),
        delinquent_months=int(config.get("FOLLOWUP_DELINQUENT_MONTHS", 15)),
        lost_months=int(config.get("FOLLOWUP_LOST_MONTHS", 24)),
        reference_date=reference if isinstance(reference, date) else date.fromisoformat(str(reference)),
        death_source=source,
    )


def registry_info() -> RegistryInfo:
    """The letterhead from ``FOLLOWUP_REGISTRY`` over the defaults."""
    values = {**LETTERHEAD, **(current_app.config.get("FOLLOWUP_REGISTRY") or {})}
    values["address"] = tuple(values["address"])
    values["reply_days"] = int(values["reply_days"])
    return RegistryInfo(**{k: values[k] for k in LETTERHEAD})
