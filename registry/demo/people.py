"""Patient demographics: sex, race, Hispanic origin, names, identifiers, birthplace and address.

Frequencies follow the imsweb data-generator tables (``sex.csv``, ``race.csv``, ``hispanic_origin.csv``,
names by race/ethnicity); codes follow the NAACCR v26 dictionary: ``sexAssignedAtBirth`` (#225),
``race1``-``race5`` (#160-164, 88 = no further race documented, all 99 when race is unknown),
``spanishHispanicOrigin`` (#190), ``socialSecurityNumber`` (#2320, 999999999 = unknown).
"""

from __future__ import annotations

import random

from registry.demo import geography, tables
from registry.demo.sampling import choice, randint
from registry.demo.tables import Zip

ASIAN_RACES = ("04", "05", "06", "08", "10", "15", "16", "96", "07")
HISPANIC_ORIGINS = ("1", "2", "3", "4", "5", "6", "8")
# Country of birth for foreign-born patients, by Hispanic origin and by race (ISO 3166 alpha-3, as NAACCR).
_BORN_ABROAD = {
    "1": "MEX", "3": "CUB", "4": "SLV", "5": "ESP", "6": "GTM", "8": "DOM",
    "04": "CHN", "05": "JPN", "06": "PHL", "08": "KOR", "10": "VNM", "15": "IND", "16": "IND", "96": "PAK",
}
_OTHER_RACES = ("02", "03", "04", "06", "98")
_BIRTH_STATES = (*geography.NEIGHBOUR_STATES, "NY", "NJ", "OH", "NC")


def pick_sex(rng: random.Random) -> str:
    return tables.coded("sex.csv").pick(rng)


def pick_race(rng: random.Random) -> dict[str, str]:
    """race1..race5: one race for most patients, a second race for about 2%."""
    race1 = tables.coded("race.csv").pick(rng)
    if race1 == "99":
        return {f"race{i}": "99" for i in range(1, 6)}
    out = {f"race{i}": "88" for i in range(2, 6)}
    out["race1"] = race1
    if rng.random() < 0.02:
        second = choice(rng, [r for r in _OTHER_RACES if r != race1])
        out["race2"] = second
    return out


def surname_group(race1: str, hispanic: str) -> str:
    """Which last-name table fits the patient (imsweb uses race- or ethnicity-specific tables)."""
    if hispanic in HISPANIC_ORIGINS:
        return "hispanic"
    if race1 == "02":
        return "black"
    if race1 in ASIAN_RACES:
        return "api"
    return "white"


def names(rng: random.Random, sex: str, race1: str, hispanic: str) -> dict[str, str]:
    first = tables.first_names(sex)
    out = {
        "nameLast": tables.last_names(surname_group(race1, hispanic)).pick(rng),
        "nameFirst": choice(rng, first),
    }
    if rng.random() < 0.7:
        out["nameMiddle"] = choice(rng, first)
    if sex == "2" and rng.random() < 0.45:
        out["nameBirthSurname"] = tables.last_names(surname_group(race1, hispanic)).pick(rng)
    return out


def ssn(rng: random.Random) -> str:
    """A synthetic SSN with area 900-999 (never issued as SSNs), or 999999999 (unknown) for 3%."""
    if rng.random() < 0.03:
        return "999999999"
    return f"{randint(rng, 900, 998)}{randint(rng, 1, 99):02d}{randint(rng, 1, 9999):04d}"


def birthplace(rng: random.Random, race1: str, hispanic: str, home_state: str) -> dict[str, str]:
    """birthplaceState (#252) and birthplaceCountry (#254); XX = born in a known country outside US/Canada."""
    abroad = _BORN_ABROAD.get(hispanic) or _BORN_ABROAD.get(race1)
    if hispanic == "2":
        return {"birthplaceState": "PR", "birthplaceCountry": "PRI"} if rng.random() < 0.5 else {
            "birthplaceState": home_state, "birthplaceCountry": "USA"}
    if abroad and rng.random() < 0.55:
        return {"birthplaceState": "XX", "birthplaceCountry": abroad}
    if rng.random() < 0.03:
        return {"birthplaceState": "ZZ", "birthplaceCountry": "ZZU"}
    state = home_state if rng.random() < 0.6 else tables.zips(_BIRTH_STATES).pick(rng).state
    return {"birthplaceState": state, "birthplaceCountry": "USA"}


def address(z: Zip, street: str, prefix: str) -> dict[str, str]:
    """Street, city, state, ZIP and country items with the given prefix ('addrAtDx' or 'addrCurrent')."""
    return {
        f"{prefix}NoStreet": street,
        f"{prefix}City": z.city,
        f"{prefix}State": z.state,
        f"{prefix}PostalCode": z.code,
        f"{prefix}Country": "USA",
    }


def demographics(rng: random.Random, sex: str, home: Zip) -> dict[str, str]:
    """Patient-level identity items (without the patient id, birth date and follow-up)."""
    items = pick_race(rng)
    hispanic = tables.coded("hispanic_origin.csv").pick(rng)
    items["spanishHispanicOrigin"] = hispanic
    items["sexAssignedAtBirth"] = sex
    items.update(names(rng, sex, items["race1"], hispanic))
    items["socialSecurityNumber"] = ssn(rng)
    items.update(birthplace(rng, items["race1"], hispanic, home.state))
    return items
