"""Multi-source reports with known truth, for the person-linkage engine (registry/linkage) tests and benchmark.

``generate(registry_persons, incoming_reports, seed)`` returns the registry's existing source records (each person
reported earlier by 1-3 facilities, with ``person_id``) and an incoming file of reports: about half of persons
already in the registry, half of new persons, each reported by 1-4 facilities. Both carry ``truth`` (the person).

Persons: sex 50/50; first names half from the follow-up pool (Zipf-weighted, so JAMES and MARY are frequent)
and half from the demo's 1,000-name tables; surnames from the demo's weighted surname tables (SMITH about 1%);
2% get one of a few very common full names (JAMES SMITH, MARIA GARCIA ...); 45% of women carry a married surname
beside their birth surname; ZIP codes and streets from the demo's Maryland geography; 1% are one of a pair of
twins (same birth date, surname and address, another first name, their own SSN).

Every report (existing or incoming) is written with realistic errors: SSN missing 30%, adjacent digits
transposed 1%, one digit wrong 1%; first name as a nickname 10%, a typo 3%; last name typo 3%; a married woman
reported under her birth surname 15% of the time (no birth surname given), under her married surname with the
birth surname 50%, without it 35%; birth date day/month swapped 2%, one digit wrong 1.5%, year off by one 1%,
missing 1%; sex missing 1%; a different (newer or older) address 20%. At most two name/birth-date errors per
report. Each facility numbers its patients from 1 (so Patient ID Numbers collide across facilities) and gives
them its own MRN; a facility reporting a person again uses the same Patient ID Number and MRN.

Run: python bench/linkage_generator.py --registry 1000 --incoming 500 --out DIR   (writes existing.csv and
incoming.csv)
"""

from __future__ import annotations

import argparse
import functools
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from registry.demo import geography, tables
from registry.demo.sampling import choice, pick_share
from registry.followup.nicknames import equivalent, nicknames_of
from registry.followup.synthetic_deaths import typo
from registry.followup.synthetic_names import FEMALE, MALE

FACILITIES = tuple(f"00240{n:05d}" for n in range(1, 41))
COMMON_NAMES = (("JAMES", "SMITH", "1"), ("MARIA", "GARCIA", "2"), ("JOHN", "JOHNSON", "1"),
                ("MARY", "WILLIAMS", "2"), ("MICHAEL", "BROWN", "1"), ("JOSE", "RODRIGUEZ", "1"))
_GROUPS = (("white", 0.60), ("black", 0.13), ("hispanic", 0.18), ("api", 0.09))
_REPORTS_PER_PERSON = ((1, 0.55), (2, 0.25), (3, 0.12), (4, 0.08))
_EXISTING_REPORTS = ((1, 0.70), (2, 0.25), (3, 0.05))
ITEMS = ("nameFirst", "nameLast", "nameBirthSurname", "dateOfBirth", "sexAssignedAtBirth", "socialSecurityNumber",
         "addrAtDxPostalCode", "addrAtDxNoStreet")


@dataclass
class LinkageData:
    existing: pd.DataFrame
    incoming: pd.DataFrame


@functools.cache
def _nicknames(name: str) -> tuple[str, ...]:
    return nicknames_of(name)


def _zipf_first(rng: random.Random, sex: str) -> str:
    pool = MALE if sex == "1" else FEMALE
    weights = _zipf_weights(len(pool))
    return pool[min(int(np.searchsorted(weights, rng.random())), len(pool) - 1)]


@functools.cache
def _zipf_weights(n: int) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** 0.7
    return np.cumsum(w / w.sum())


def _first_name(rng: random.Random, sex: str) -> str:
    if rng.random() < 0.5:
        return _zipf_first(rng, sex)
    return choice(rng, tables.first_names(sex)).upper()


def _surname(rng: random.Random) -> str:
    x, group = rng.random(), "white"
    for name, share in _GROUPS:
        x -= share
        if x <= 0:
            group = name
            break
    return tables.last_names(group).pick(rng).upper().replace(" ", "")


def _address(rng: random.Random) -> tuple[str, str]:
    return geography.pick_zip(rng).code, geography.street_address(rng).upper()


def _persons(count: int, rng: random.Random, prefix: str, ssns: set[str]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    while len(out) < count:
        sex = "1" if rng.random() < 0.5 else "2"
        first, last = _first_name(rng, sex), _surname(rng)
        if rng.random() < 0.02:
            first, last, sex = choice(rng, COMMON_NAMES)
        birth = last
        if sex == "2" and rng.random() < 0.45:
            last = _surname(rng)
        born = pd.Timestamp("1925-01-01") + pd.Timedelta(days=int(rng.random() * 27_000))
        zip_code, street = _address(rng)
        person = {"truth": f"{prefix}{len(out) + 1:07d}", "sex": sex, "first": first, "last": last, "birth": birth,
                  "dob": born.strftime("%Y%m%d"), "ssn": _new_ssn(rng, ssns), "zip": zip_code, "street": street}
        out.append(person)
        if rng.random() < 0.01 and len(out) < count:
            twin_sex = "1" if rng.random() < 0.5 else "2"
            twin_first = _first_name(rng, twin_sex)
            while equivalent(twin_first, first) or twin_first[:3] == first[:3]:
                twin_first = _first_name(rng, twin_sex)
            out.append(dict(person, truth=f"{prefix}{len(out) + 1:07d}", sex=twin_sex, first=twin_first,
                            last=last if twin_sex == sex else birth, ssn=_new_ssn(rng, ssns)))
    return out


def _new_ssn(rng: random.Random, used: set[str]) -> str:
    while True:
        area = 1 + int(rng.random() * 899)
        if area == 666:
            continue
        ssn = f"{area:03d}{1 + int(rng.random() * 99):02d}{1 + int(rng.random() * 9999):04d}"
        if ssn not in used:
            used.add(ssn)
            return ssn


def _digit_typo(text: str, rng: random.Random, positions: tuple[int, ...]) -> str:
    i = choice(rng, positions)
    return text[:i] + choice(rng, "0123456789".replace(text[i], "")) + text[i + 1:]


def _transpose(text: str, rng: random.Random) -> str:
    i = int(rng.random() * (len(text) - 1))
    if text[i] == text[i + 1]:
        return _digit_typo(text, rng, tuple(range(len(text))))
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def _dob_error(dob: str, rng: random.Random) -> str:
    month, day = dob[4:6], dob[6:8]
    roll = rng.random()
    if roll < 0.4 and int(day) <= 12 and month != day:
        return dob[:4] + day + month
    if roll < 0.8:
        for _ in range(20):
            changed = _digit_typo(dob, rng, (2, 3, 5, 6, 7))
            if pd.to_datetime(changed, format="%Y%m%d", errors="coerce") is not pd.NaT:
                return changed
        return dob
    return f"{int(dob[:4]) + choice(rng, (-1, 1))}{dob[4:]}" if dob[4:] != "0229" else dob


def report(person: dict[str, str], rng: random.Random) -> dict[str, str]:
    """One facility's report of a person, with the error rates of the module doc."""
    errors = 0
    roll = rng.random()
    ssn = "" if roll < 0.30 else (_transpose(person["ssn"], rng) if roll < 0.31 else (
        _digit_typo(person["ssn"], rng, tuple(range(9))) if roll < 0.32 else person["ssn"]))
    first, nick = person["first"], _nicknames(person["first"])
    roll = rng.random()
    if nick and roll < 0.10:
        first = choice(rng, nick)
    elif roll < 0.13:
        first, errors = typo(first, rng), errors + 1
    last, birth = person["last"], ""
    if person["birth"] != person["last"]:
        roll = rng.random()
        last, birth = (person["birth"], "") if roll < 0.15 else (last, person["birth"] if roll < 0.65 else "")
    if rng.random() < 0.03:
        last, errors = typo(last, rng), errors + 1
    dob, roll = person["dob"], rng.random()
    if roll < 0.045 and errors < 2:
        dob = _dob_error(dob, rng)
    elif roll < 0.055:
        dob = ""
    zip_code, street = _address(rng) if rng.random() < 0.20 else (person["zip"], person["street"])
    return {"truth": person["truth"], "nameFirst": first, "nameLast": last, "nameBirthSurname": birth,
            "dateOfBirth": dob, "sexAssignedAtBirth": "" if rng.random() < 0.01 else person["sex"],
            "socialSecurityNumber": ssn, "addrAtDxPostalCode": zip_code, "addrAtDxNoStreet": street}


class _Facilities:
    """Each facility's own Patient ID Numbers (1, 2, ... per facility) and MRNs, stable per person."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.keys: dict[tuple[str, str], tuple[str, str]] = {}
        self.counts = dict.fromkeys(FACILITIES, 0)

    def key(self, facility: str, truth: str) -> tuple[str, str]:
        if (facility, truth) not in self.keys:
            self.counts[facility] += 1
            mrn = f"M{int(self.rng.random() * 10**8):08d}"
            self.keys[(facility, truth)] = (f"{self.counts[facility]:08d}", mrn)
        return self.keys[(facility, truth)]



def _row(record_id: str, facility: str, keys: _Facilities, rep: dict[str, str]) -> dict[str, str]:
    pid, mrn = keys.key(facility, rep["truth"])
    return {"record_id": record_id, "source": facility, "patientIdNumber": pid, "medicalRecordNumber": mrn, **rep}


def generate(registry_persons: int, incoming_reports: int, seed: int = 0) -> LinkageData:
    """The registry's source records and an incoming file (see the module doc); deterministic for a seed."""
    rng = random.Random(seed)
    ssns: set[str] = set()
    known = _persons(registry_persons, rng, "P", ssns)
    keys = _Facilities(rng)
    existing, seen = [], {}
    for person in known:
        facilities = rng.sample(FACILITIES, pick_share(rng, _EXISTING_REPORTS))
        seen[person["truth"]] = facilities
        for facility in facilities:
            existing.append(_row(f"E{len(existing) + 1}", facility, keys, report(person, rng)))
    fresh = _persons(max(incoming_reports // 3, 1), rng, "N", ssns)
    incoming: list[dict[str, str]] = []
    while len(incoming) < incoming_reports:
        if rng.random() < 0.5 and known:
            person, before = choice(rng, known), None
            before = seen[person["truth"]]
        elif fresh:
            person, before = fresh.pop(), []
        else:
            break
        count = min(pick_share(rng, _REPORTS_PER_PERSON), incoming_reports - len(incoming))
        facilities = rng.sample(FACILITIES, count)
        if before and rng.random() < 0.3:
            facilities[0] = choice(rng, before)
        for facility in dict.fromkeys(facilities):
            incoming.append(_row(f"I{len(incoming) + 1}", facility, keys, report(person, rng)))
    existing_df = pd.DataFrame(existing).assign(person_id=lambda d: d["truth"])
    return LinkageData(existing_df.astype("string"), pd.DataFrame(incoming).astype("string"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", type=int, default=1000)
    parser.add_argument("--incoming", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    data = generate(args.registry, args.incoming, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    data.existing.to_csv(args.out / "existing.csv", index=False)
    data.incoming.to_csv(args.out / "incoming.csv", index=False)
    print(f"{len(data.existing):,} existing records, {len(data.incoming):,} incoming reports -> {args.out}")


if __name__ == "__main__":
    main()
