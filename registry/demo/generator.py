"""The synthetic registry behind ``registry demo``: patients, tumors, treatment, follow-up, errors.

``generate_registry(patients, seed, options)`` yields :class:`DemoPatient` objects whose ``items`` (Patient
level) and ``tumors`` (Tumor level) are NAACCR v26 items keyed by NAACCR XML id with NAACCR string values.
Site, histology, behavior, age and sex follow the imsweb data-generator frequencies (SEER-derived; see
``shared/docs/naaccr-formats.md`` 4.2); unlike that generator, stage, treatment, survival and follow-up are
made consistent with each other. One ``random.Random(seed)`` drives everything, so a seed always gives the
same registry.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from registry.demo import administration as admin
from registry.demo import errors, geography, outcome, people, tables
from registry.demo.dates import age_at, birth_for_age, day_in_year, naaccr
from registry.demo.diagnosis import diagnosis, grades, nodes
from registry.demo.geography import FACILITIES, Facility
from registry.demo.options import TUMOR_COUNTS, DemoOptions
from registry.demo.population import generate_population
from registry.demo.sampling import choice, randint
from registry.demo.ssdi import fill_schema_items
from registry.demo.tables import SiteRow, Zip
from registry.demo.texts import texts
from registry.demo.treatment import first_course

__all__ = [
    "FACILITIES", "REGISTRY_ITEMS", "DemoOptions", "DemoPatient", "Facility", "generate_population",
    "generate_registry",
]

# NaaccrData-level items of the demo registry (a Maryland central registry; synthetic registry id).
REGISTRY_ITEMS = {"recordType": "A", "naaccrRecordVersion": "260", "registryId": "0000000024"}
_SYNCHRONOUS = 0.25


@dataclass(slots=True)
class DemoPatient:
    """One synthetic patient: Patient-level items, tumors, contact history and what was spoiled on purpose."""

    items: dict[str, str]
    tumors: list[dict[str, str]]
    contacts: list[dict[str, str]]
    tumor_status: list[str] = field(default_factory=list)
    planted_errors: list[tuple[int, str]] = field(default_factory=list)
    missing: list[tuple[int, str]] = field(default_factory=list)

    @property
    def status(self) -> str:
        """'incomplete' when any tumor lacks a required item, else 'complete'."""
        return "incomplete" if "incomplete" in self.tumor_status else "complete"

    def flat_tumors(self) -> list[dict[str, str]]:
        """One flat record per tumor: NaaccrData-, Patient- and that tumor's Tumor-level items together."""
        return [{**REGISTRY_ITEMS, **self.items, **tumor} for tumor in self.tumors]


@dataclass(slots=True)
class _Tumor:
    row: SiteRow
    dx: int
    items: dict[str, str]
    ss: str
    first: int = 0
    events: list[int] = field(default_factory=list)


@dataclass(slots=True)
class _Home:
    zip: Zip
    street: str


def generate_registry(patients: int = 5000, seed: int = 42, options: DemoOptions | None = None
                      ) -> Iterator[DemoPatient]:
    """Yield ``patients`` synthetic patients, the same ones for the same seed and options."""
    if patients < 0:
        raise ValueError("patients must not be negative")
    opts = options or DemoOptions()
    rng = random.Random(seed)
    accessions = admin.Accessions()
    for number in range(1, patients + 1):
        yield _patient(rng, number, opts, accessions)


def sequence_numbers(behaviors: list[str]) -> list[str]:
    """Sequence Number--Central/Hospital (#380/#560) of a patient's tumors in diagnosis order.

    In situ and malignant tumors (behavior 2, 3) are numbered 00 when alone, else 01, 02, ...; benign and
    borderline tumors (behavior 0, 1, reportable by agreement) 60 when alone, else 61, 62, ...
    """
    malignant = sum(b in ("2", "3") for b in behaviors)
    benign = len(behaviors) - malignant
    out: list[str] = []
    seen = {True: 0, False: 0}
    for b in behaviors:
        is_malignant = b in ("2", "3")
        seen[is_malignant] += 1
        alone = (malignant if is_malignant else benign) == 1
        base = 0 if is_malignant else 60
        out.append(f"{base if alone else base + seen[is_malignant]:02d}")
    return out


def _patient(rng: random.Random, number: int, opts: DemoOptions, accessions: admin.Accessions) -> DemoPatient:
    sex = people.pick_sex(rng)
    home = _Home(geography.pick_zip(rng), geography.street_address(rng))
    items = {"patientIdNumber": f"{number:08d}"}
    items.update(people.demographics(rng, sex, home.zip))
    tumors, birth, death, by_cancer = _tumors(rng, sex, opts)
    as_of = opts.as_of.toordinal()
    dead = death <= as_of
    facility = geography.pick_facility(rng, home.zip)
    sequences = sequence_numbers([t.items.get("behaviorCodeIcdO3", t.row.behavior) for t in tumors])
    for index, t in enumerate(tumors):
        if index and rng.random() < 0.2:
            facility = geography.pick_facility(rng, home.zip)
        _fill_tumor(rng, t, (index, sequences[index]), number, facility, accessions, items["sexAssignedAtBirth"],
                    birth, death if dead else None, home)
    items["dateOfBirth"] = naaccr(birth)
    last = death if dead else max(outcome.last_alive_contact(rng, as_of), *(max(t.events) for t in tumors))
    _follow_up(rng, items, tumors[0], last, dead, by_cancer, home)
    contacts = _outcome_items(rng, tumors, last, dead and by_cancer, dead)
    tumor_items = [t.items for t in tumors]
    planted = errors.plant_errors(rng, items, tumor_items, opts.error_rate)
    missing = errors.make_incomplete(rng, tumor_items, opts.incomplete_rate, planted)
    incomplete = {i for i, _ in missing}
    tumor_status = ["incomplete" if i in incomplete else "complete" for i in range(len(tumor_items))]
    return DemoPatient(items, tumor_items, contacts, tumor_status, planted, missing)


def _tumors(rng: random.Random, sex: str, opts: DemoOptions) -> tuple[list[_Tumor], int, int, bool]:
    """The patient's primaries in diagnosis order, birth date, death date (maybe past as_of) and its cause.

    Age comes from the first primary's site (``sites/<site>.csv`` age decades); survival from its stage.
    No diagnosis falls in the last year before ``as_of``, so first-course treatment is complete by then.
    """
    latest = min(date(opts.last_dx_year, 12, 31).toordinal(), opts.as_of.toordinal() - 365)
    row = tables.site_rows(sex).pick(rng)
    first_dx = min(day_in_year(rng, randint(rng, opts.first_dx_year, opts.last_dx_year)), latest)
    age = min(tables.age_decades(row.site).pick(rng) * 10 + randint(rng, 0, 9), 104)
    birth = birth_for_age(rng, first_dx, age)
    dx_items, ss = diagnosis(rng, row)
    death, by_cancer = outcome.death_after(rng, first_dx, age, row.site, row.histology, ss)
    tumors = [_Tumor(row, first_dx, dx_items, ss)]
    count = 1 if _may_be_metastasis(row) else int(admin.pick(rng, TUMOR_COUNTS))
    for _ in range(count - 1):
        tumors.append(_another_tumor(rng, sex, tumors, first_dx, min(death, latest)))
    tumors.sort(key=lambda t: t.dx)
    return tumors, birth, death, by_cancer


def _may_be_metastasis(row: SiteRow) -> bool:
    """SEER IF22: an ill-defined or unknown site, a lymph node or blood/marrow site with a non-matching
    histology, or a histiocytic/dendritic histology may be a metastasis, not one of several primaries."""
    site, hist = row.site, row.histology
    heme = "9590" <= hist <= "9992"
    return (site[:3] in ("C76", "C80", "C77") and not heme) or ("C420" <= site <= "C424" and not heme) or (
        "9740" <= hist <= "9758")


def _another_tumor(rng: random.Random, sex: str, tumors: list[_Tumor], first_dx: int, last_dx: int) -> _Tumor:
    """A further primary: a different site group, diagnosed with or after the first one."""
    taken = {t.row.site[:3] for t in tumors}
    row = tables.site_rows(sex).pick(rng)
    for _ in range(8):
        if row.site[:3] not in taken and not _may_be_metastasis(row):
            break
        row = tables.site_rows(sex).pick(rng)
    if rng.random() < _SYNCHRONOUS:
        dx = min(first_dx + randint(rng, 0, 60), max(first_dx, last_dx))
    else:
        dx = randint(rng, first_dx, max(first_dx, last_dx))
    dx_items, ss = diagnosis(rng, row)
    return _Tumor(row, dx, dx_items, ss)


def _fill_tumor(rng: random.Random, t: _Tumor, position: tuple[int, str], number: int, facility: int,
                accessions: admin.Accessions, sex: str, birth: int, death: int | None, home: _Home) -> None:
    """Case administration, treatment, grade, nodes, address and text items of one tumor."""
    index, seq = position
    age = age_at(birth, t.dx)
    coc = admin.pick(rng, admin.CLASS_OF_CASE)
    t.first = max(t.dx + admin.first_contact_delay(rng, coc), birth)
    if death is not None:
        t.first = min(t.first, death)
    course = first_course(rng, t.row.site, t.row.histology, t.ss, max(t.first, t.dx), death,
                          date.fromordinal(t.dx).year)
    fac = FACILITIES[facility]
    it = t.items
    it.update({
        "tumorRecordNumber": f"{index + 1:02d}", "sequenceNumberCentral": seq, "sequenceNumberHospital": seq,
        "reportingFacility": fac.code, "medicalRecordNumber": admin.medical_record_number(facility, number),
        "accessionNumberHosp": accessions.next(facility, date.fromordinal(t.first).year), "classOfCase": coc,
        "typeOfReportingSource": admin.reporting_source(rng, coc), "dateOfDiagnosis": naaccr(t.dx),
        "dateOf1stContact": naaccr(t.first), "ageAtDiagnosis": f"{age:03d}", "primaryPayerAtDx": admin.payer(rng, age),
        "maritalStatusAtDx": admin.marital(rng, age), "countyAtDx": geography.county_of(home.zip),
    })
    it.update(course.items)
    if course.surgery and it.get("diagnosticConfirmation", "1") not in ("1", "2", "3", "4"):
        it["diagnosticConfirmation"] = "1"  # a resected primary is examined by pathology (SEER IF76)
    it.update(grades(rng, tables.eod_values(t.row.eod_schema), course.surgery))
    it["regionalNodesPositive"], it["regionalNodesExamined"] = nodes(rng, t.ss, course.dissection)
    if course.dissection:
        few = int(it["regionalNodesExamined"]) <= 3
        it["rxSummScopeRegLnSur"] = choice(rng, ("2", "4") if few else ("5", "6"))
    fill_schema_items(rng, it, sex, date.fromordinal(t.dx).year)
    if "01" <= seq <= "59" and it.get("diagnosticConfirmation", "1") not in ("1", "2", "3", "4"):
        # SEER IF23: a further primary without microscopic confirmation, reviewed and accepted by the registrar.
        it["overRideHospseqDxconf"] = it["overRideSeqnoDxconf"] = "1"
    it.update(people.address(home.zip, home.street, "addrAtDx"))
    it.update(texts(rng, it, age, sex, fac.name))
    t.events = [t.dx, t.first, *course.dates, *([course.decided] if course.decided else [])]


def _follow_up(rng: random.Random, items: dict[str, str], first: _Tumor, last: int, dead: bool, by_cancer: bool,
               home: _Home) -> None:
    """Patient-level vital status, last contact, cause of death and current address."""
    items["dateOfLastContact"] = naaccr(last)
    items["vitalStatus"] = "0" if dead else "1"
    if dead:
        cause = outcome.cause_of_death(rng, first.row.site, first.row.histology, first.row.behavior, by_cancer)
        items.update(causeOfDeath=cause, icdRevisionNumber="1", followUpSourceCentral="05",
                     placeOfDeathState=home.zip.state, placeOfDeathCountry="USA")
    else:
        items.update(causeOfDeath=outcome.ALIVE_CAUSE, icdRevisionNumber="0",
                     followUpSourceCentral=admin.pick(rng, (("32", 0.5), ("40", 0.2), ("01", 0.2), ("50", 0.1))))
    moved = rng.random() >= 0.88
    current = _Home(geography.pick_zip(rng), geography.street_address(rng)) if moved else home
    items.update(people.address(current.zip, current.street, "addrCurrent"))
    items["countyCurrent"] = geography.county_of(current.zip)


def _outcome_items(rng: random.Random, tumors: list[_Tumor], last: int, cancer_death: bool, dead: bool
                   ) -> list[dict[str, str]]:
    """Cancer status and follow-up source of each tumor, and the patient's contact history."""
    statuses = [outcome.cancer_status(rng, t.ss, cancer_death or t.items["rxSummTreatmentStatus"] == "2")
                for t in tumors]
    worst = "2" if "2" in statuses else ("1" if "1" in statuses else "9")
    contacts = outcome.contacts(rng, min(t.first for t in tumors), last, dead, worst)
    for t, status in zip(tumors, statuses, strict=True):
        t.items.update(cancerStatus=status, dateOfLastCancerStatus=naaccr(last), followUpSource=contacts[-1]["source"])
    return contacts
