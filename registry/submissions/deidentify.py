"""De-identifying records for a data release: HIPAA Safe Harbor, or a limited data set.

**Safe Harbor** (45 CFR 164.514(b)(2)) removes eighteen kinds of identifiers of the individual, (A) to (R).
**A limited data set** (45 CFR 164.514(e)(2)) removes (A), (B) street address only, (D)-(R) and keeps dates,
town or city, state, ZIP code and ages; it may only go out under a data use agreement.

How NAACCR items map to the eighteen identifiers (NAACCR v26 ids; the same rules apply to older versions):

==== ======================================== ===========================================================
 id  identifier (164.514(b)(2)(i))            NAACCR items and what happens to them
==== ======================================== ===========================================================
(A)  names                                    nameLast, nameFirst, nameMiddle, namePrefix, nameSuffix,
                                              nameAlias, nameBirthSurname, nameSpouseParent,
                                              followUpContactName: removed (both kinds)
(B)  geographic subdivisions below a state    addr*NoStreet, addr*Supplementl, followUpContactNost/Suppl,
                                              latitude, longitude: removed (both kinds).
                                              addrAtDxCity, addrCurrentCity, followUpContactCity,
                                              countyAtDx*, countyCurrent, censusTract*, censusBlockGroup*:
                                              removed under Safe Harbor, kept in a limited data set.
                                              addrAtDxPostalCode, addrCurrentPostalCode,
                                              followUpContactPostal: Safe Harbor keeps the first three
                                              digits of a US ZIP code, "000" for the three-digit areas of
                                              20,000 people or fewer (:data:`RESTRICTED_ZIP3`); other
                                              postal codes are removed. Kept whole in a limited data set.
(C)  dates (other than year) and ages > 89    every item of data type date or dateTime: year only under
                                              Safe Harbor, kept in a limited data set. ageAtDiagnosis 090
                                              and over becomes 090 ("90 or older") and the year of birth
                                              is removed when it shows an age over 89 (at diagnosis or at
                                              the release), under Safe Harbor.
(D)  telephone numbers                        telephone: removed (both kinds)
(E)  fax numbers, (F) e-mail addresses        no NAACCR item
(G)  social security numbers                  socialSecurityNumber: removed (both kinds)
(H)  medical record numbers                   medicalRecordNumber, patientSystemIdHosp: removed (both)
(I)  health plan beneficiary numbers          medicareBeneficiaryIdentifier: removed (both kinds)
(J)  account numbers                          accessionNumberHosp: removed (both kinds)
(K)-(Q) certificate/licence, vehicle, device, no NAACCR item
     URL, IP address, biometric, photograph
(R)  any other unique identifying number      patientIdNumber: replaced by a new number drawn at random
                                              for each release (a re-identification code allowed by
                                              45 CFR 164.514(c): not derived from the person, the key is
                                              not disclosed). Free text (every text item of 100 or more
                                              characters, which may name anyone or anything): removed.
==== ======================================== ===========================================================

On top of this both kinds keep only items NAACCR allows in an Incidence (I) record: the confidential items
(record types A, M, C only: names, street, SSN, phone, MRN, physicians, latitude/longitude) and the text
items (A, M only) never leave in a release. Only the items the request asked for are written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from registry.naaccr.dictionary import ItemDef, ItemLookup

SAFE_HARBOR, LIMITED = "deidentified", "limited"

#: Three-digit ZIP code areas with 20,000 people or fewer (2000 Census), which Safe Harbor writes as "000"
#: (HHS, Guidance Regarding Methods for De-identification of PHI, 2012, citing 67 FR 53182, 53233-53234).
RESTRICTED_ZIP3 = frozenset({
    "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878", "879", "884",
    "890", "893",
})

NAMES = frozenset({"nameLast", "nameFirst", "nameMiddle", "namePrefix", "nameSuffix", "nameAlias",
                   "nameBirthSurname", "nameSpouseParent", "followUpContactName"})
STREET = frozenset({"addrAtDxNoStreet", "addrAtDxSupplementl", "addrCurrentNoStreet", "addrCurrentSupplementl",
                    "followUpContactNost", "followUpContactSuppl", "latitude", "longitude"})
CITY = frozenset({"addrAtDxCity", "addrCurrentCity", "followUpContactCity"})
POSTAL_COUNTRY = {"addrAtDxPostalCode": "addrAtDxCountry", "addrCurrentPostalCode": "addrCurrentCountry",
                  "followUpContactPostal": "followupContactCountry"}
_SUBDIVISION = re.compile(r"^(countyAtDx|countyCurrent|censusTract|censusBlockGr)")
NUMBERS = frozenset({"telephone", "socialSecurityNumber", "medicalRecordNumber", "patientSystemIdHosp",
                     "medicareBeneficiaryIdentifier", "accessionNumberHosp"})
RE_KEYED = "patientIdNumber"
AGE, BIRTH = "ageAtDiagnosis", "dateOfBirth"
FREE_TEXT_LENGTH = 100
OLDEST_AGE = 89


def is_subdivision(naaccr_id: str) -> bool:
    """County, census tract and block group items: geographic subdivisions smaller than a state."""
    return bool(_SUBDIVISION.match(naaccr_id))


def removed_always(item: ItemDef) -> bool:
    """Items no release carries: not allowed in an Incidence record, identifiers (A),(D)-(J), free text."""
    return ("I" not in item.record_types or item.naaccr_id in NAMES or item.naaccr_id in STREET
            or item.naaccr_id in NUMBERS or (item.data_type == "text" and item.length >= FREE_TEXT_LENGTH))


def releasable_items(lookup: ItemLookup, kind: str) -> list[ItemDef]:
    """Patient- and Tumor-level items a release of this kind may carry, in dictionary order."""
    out = []
    for item in lookup:
        if item.level == "NaaccrData" or removed_always(item):
            continue
        if kind == SAFE_HARBOR and (item.naaccr_id in CITY or is_subdivision(item.naaccr_id)):
            continue
        out.append(item)
    return out


def zip3(value: str, country: str | None) -> str | None:
    """Safe Harbor ZIP: the first three digits, "000" for restricted areas; None (removed) if not a US ZIP."""
    if country not in (None, "", "USA") or len(value) < 3 or not value[:3].isdigit():
        return None
    return "000" if value[:3] in RESTRICTED_ZIP3 else value[:3]


def _birth_year_shows_old_age(birth: str, age: str, release_year: int) -> bool:
    if age.isdigit() and OLDEST_AGE < int(age) < 999:
        return True
    return birth[:4].isdigit() and release_year - int(birth[:4]) > OLDEST_AGE


@dataclass(frozen=True)
class Deidentifier:
    """Turns one flat record into its released form: only ``items`` kept, then the rules of ``kind``."""

    kind: str
    items: tuple[ItemDef, ...]
    release_year: int

    def apply(self, record: Mapping[str, str], new_patient_id: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for item in self.items:
            value = record.get(item.naaccr_id)
            if value:
                value = self._value(item, value, record)
                if value:
                    out[item.naaccr_id] = value
        if any(i.naaccr_id == RE_KEYED for i in self.items):
            out[RE_KEYED] = new_patient_id
        return out

    def _value(self, item: ItemDef, value: str, record: Mapping[str, str]) -> str | None:
        if self.kind != SAFE_HARBOR:
            return value
        naaccr_id = item.naaccr_id
        if naaccr_id in POSTAL_COUNTRY:
            return zip3(value, record.get(POSTAL_COUNTRY[naaccr_id]))
        if naaccr_id == AGE:
            return "090" if value.isdigit() and OLDEST_AGE < int(value) < 999 else value
        if naaccr_id == BIRTH and _birth_year_shows_old_age(value, record.get(AGE, ""), self.release_year):
            return None
        if item.data_type in ("date", "dateTime"):
            return value[:4]
        return value


def deidentifier(lookup: ItemLookup, kind: str, wanted: Iterable[str], release_year: int) -> Deidentifier:
    """The de-identifier of a release: the wanted items (all releasable ones when none) that its kind allows."""
    allowed = releasable_items(lookup, kind)
    wanted_set = set(wanted)
    chosen = [i for i in allowed if not wanted_set or i.naaccr_id in wanted_set or i.naaccr_id == RE_KEYED]
    return Deidentifier(kind, tuple(chosen), release_year)
