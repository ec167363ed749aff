"""Who sent a report: the source identity of an incoming record (issue 13, point 2).

A file's records come from its root ``registryId``; a file without one from the reporting facility of the
record's tumors (``facility:<reportingFacility>``, else ``npi:<npiReportingFacility>``); a record with neither is
of the file itself (``file:<sha256 of the file>``), never of the registry. A ``registryId`` equal to the registry's
own (the ``REGISTRY_ID`` setting) is the registry itself: its records are the registry's own abstract.

A patient first reported by a source keeps that source in ``source_registry_id`` (:func:`patient_tag`; "" for the
registry's own), so (source, ``patientIdNumber``) names at most one patient.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

OWN_TAG = ""  # source_registry_id of the registry's own patients


def record_source(registry_id: str, tumors: Iterable[Mapping[str, str]], file_sha256: str) -> str:
    """The source of one incoming patient record (see the module doc)."""
    if registry_id:
        return registry_id
    tumors = list(tumors)
    for tumor in tumors:
        if tumor.get("reportingFacility"):
            return f"facility:{tumor['reportingFacility']}"
    for tumor in tumors:
        if tumor.get("npiReportingFacility"):
            return f"npi:{tumor['npiReportingFacility']}"
    return f"file:{file_sha256}"


def is_own(source: str, own_registry_id: str | None) -> bool:
    """True when ``source`` is the registry itself (its ``REGISTRY_ID``)."""
    return bool(own_registry_id) and source == own_registry_id


def patient_tag(source: str, own_registry_id: str | None) -> str:
    """``source_registry_id`` of a patient first reported by ``source``."""
    return OWN_TAG if is_own(source, own_registry_id) else source
