"""A deterministic synthetic death file with known truth, for testing and benchmarking death clearance.

Deaths of registry patients carry the errors death certificates really show, at plausible rates: a nickname
for the first name (12%), a one-letter typo in the first (4%) or last name (6%), a married surname (3% of
women), day and month of birth swapped (4% when both could be months), a one-digit typo in the birth date (4%),
a missing SSN (10%) or a one-digit SSN slip (3%), unknown sex (1%). A record gets at most two name/birth-date
errors and at most one of the hard ones (married surname, birth-date typo), so a registrar could still
recognise every true match. Deaths of people not in the registry are drawn from the same name pools, so
namesakes occur. The frame has the shape ``deathfile.read_death_file`` returns; ``write_death_csv`` writes it
in the file layout (dashed dates and SSNs, M/F, ICD-10 codes with the dot) to exercise the reader.
"""

from __future__ import annotations

import random
from typing import IO

import numpy as np
import pandas as pd

from registry.core import csvsafe
from registry.followup.deathfile import OPTIONAL, REQUIRED
from registry.followup.nicknames import nicknames_of
from registry.followup.synthetic import synthetic_patients

CAUSES = ("C349", "C509", "C189", "C61", "C259", "I251", "I219", "J449", "F03", "G309", "E119", "I64", "N189")
_LETTERS = "ABCDEFGHIJKLMNOPRSTUVWY"


def typo(text: str, rng: random.Random) -> str:
    """One keying slip: substitute, drop, insert or swap adjacent letters."""
    i = rng.randrange(len(text))
    kind = rng.choice("sdit") if len(text) > 3 else "s"
    if kind == "s":
        return text[:i] + rng.choice(_LETTERS.replace(text[i], "")) + text[i + 1:]
    if kind == "d":
        return text[:i] + text[i + 1:]
    if kind == "i":
        return text[:i] + rng.choice(_LETTERS) + text[i:]
    i = min(i, len(text) - 2)
    swapped = text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return swapped if swapped != text else text[:i] + rng.choice(_LETTERS.replace(text[i], "")) + text[i + 1:]


def _date_typo(dob: str, rng: random.Random) -> str:
    """Change one digit so the date stays a real date."""
    for _ in range(50):
        i = rng.choice([2, 3, 3, 5, 6, 7, 7])
        changed = dob[:i] + rng.choice("0123456789".replace(dob[i], "")) + dob[i + 1:]
        if pd.to_datetime(changed, format="%Y%m%d", errors="coerce") is not pd.NaT:
            return changed
    return dob


def _ssn_slip(ssn: str, rng: random.Random) -> str:
    i = rng.randrange(8)
    if rng.random() < 0.5 and ssn[i] != ssn[i + 1]:
        return ssn[:i] + ssn[i + 1] + ssn[i] + ssn[i + 2:]
    return ssn[:i] + rng.choice("0123456789".replace(ssn[i], "")) + ssn[i + 1:]


def _corrupt(row: dict[str, str], rng: random.Random) -> dict[str, str]:
    out = dict(row)
    errors = 0
    nicknames = nicknames_of(row["first_name"])
    if nicknames and rng.random() < 0.12:
        out["first_name"] = rng.choice(nicknames)
    elif rng.random() < 0.04:
        out["first_name"], errors = typo(row["first_name"], rng), errors + 1
    if rng.random() < 0.06:
        out["last_name"], errors = typo(row["last_name"], rng), errors + 1
    month, day = row["date_of_birth"][4:6], row["date_of_birth"][6:8]
    if errors < 2 and int(day) <= 12 and month != day and rng.random() < 0.04:
        out["date_of_birth"], errors = row["date_of_birth"][:4] + day + month, errors + 1
    if errors < 2 and row["sex"] == "2" and rng.random() < 0.03:
        out["last_name"], errors = rng.choice(("MILLER", "OKAFOR", "BRANDT", "WHITFIELD", "NAKAMURA")), 9
    if errors < 2 and out["date_of_birth"] == row["date_of_birth"] and rng.random() < 0.04:
        out["date_of_birth"] = _date_typo(out["date_of_birth"], rng)
    roll = rng.random()
    out["ssn"] = "" if roll < 0.10 else (_ssn_slip(row["ssn"], rng) if row["ssn"] and roll < 0.13 else row["ssn"])
    out["sex"] = "9" if rng.random() < 0.01 else row["sex"]
    return out


def _death_row(p: pd.Series, rng: random.Random, end: pd.Timestamp) -> dict[str, str]:
    last = pd.Timestamp(p["dateOfLastContact"])
    died = min(last + pd.Timedelta(days=rng.randrange(0, 400)), end)
    ssn = p["socialSecurityNumber"]
    return {
        "last_name": p["nameLast"], "first_name": p["nameFirst"], "middle_name": p["nameMiddle"],
        "date_of_birth": p["dateOfBirth"], "sex": p["sexAssignedAtBirth"],
        "ssn": "" if ssn == "999999999" else ssn, "date_of_death": died.strftime("%Y%m%d"),
        "underlying_cause": rng.choice(CAUSES), "certificate_number": "", "place_of_death": "",
    }


def synthetic_death_file(patients: pd.DataFrame, registry_deaths: int, other_deaths: int, seed: int = 0,
                         end: str = "2024-12-31") -> tuple[pd.DataFrame, pd.Series]:
    """Death records (shuffled) and the truth: the patientIdNumber each record belongs to, "" for outsiders."""
    rng = random.Random(seed)
    stop = pd.Timestamp(end)
    chosen = patients.sample(n=registry_deaths, random_state=seed)
    rows = [_corrupt(_death_row(p, rng, stop), rng) for _, p in chosen.iterrows()]
    truth = list(chosen["patientIdNumber"])
    outsiders = synthetic_patients(other_deaths + other_deaths // 10 + 10, seed=seed + 7919)
    outsiders = outsiders[~outsiders["socialSecurityNumber"].isin(set(patients["socialSecurityNumber"]))]
    outsiders = outsiders.head(other_deaths).assign(patientIdNumber="")
    rows += [_death_row(p, rng, stop) for _, p in outsiders.iterrows()]
    truth += [""] * len(outsiders)
    order = np.random.default_rng(seed).permutation(len(rows))
    deaths = pd.DataFrame([rows[i] for i in order])
    deaths["line"] = [str(i + 2) for i in range(len(deaths))]
    deaths["certificate_number"] = [f"2024{i:07d}" for i in range(len(deaths))]
    deaths = deaths[["line", *REQUIRED, *OPTIONAL]].astype("string")
    return deaths, pd.Series([truth[i] for i in order], index=deaths.index, dtype="string", name="truth")


def write_death_csv(deaths: pd.DataFrame, out: IO[str]) -> None:
    """Write death records in the file layout ``deathfile.read_death_file`` reads."""
    writer = csvsafe.writer(out, lineterminator="\n")
    writer.writerow(["Certificate Number", "Last Name", "First Name", "Middle Name", "Date of Birth", "Sex", "SSN",
                     "Date of Death", "Place of Death", "Underlying Cause"])
    sex = {"1": "M", "2": "F", "9": "U"}
    for r in deaths.itertuples(index=False):
        dashed = f"{r.ssn[:3]}-{r.ssn[3:5]}-{r.ssn[5:]}" if r.ssn else ""
        cause = r.underlying_cause[:3] + ("." + r.underlying_cause[3:] if len(r.underlying_cause) > 3 else "")
        writer.writerow([r.certificate_number, r.last_name, r.first_name, r.middle_name, _dashed(r.date_of_birth),
                         sex[r.sex], dashed, _dashed(r.date_of_death), r.place_of_death, cause])


def _dashed(value: str) -> str:
    return "-".join(p for p in (value[:4], value[4:6], value[6:8]) if p)
