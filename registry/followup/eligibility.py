"""Which cases the Commission on Cancer expects a registry to follow, and why the others are excluded.

Source: methods-and-standards.md section 4.1, after SEER Training "Follow-up: Requirements of CoC / Governing
Agencies" (training.seer.cancer.gov/followup/intro/requirements.html) and "Cases and Frequency"
(/followup/procedures/frequency.html). Cases excluded from the CoC follow-up rates:

* non-analytic cases: the CoC follows analytic Class of Case 10-22 (class 00, analytic but diagnosed only at
  the facility, is not followed);
* carcinoma in situ of the cervix (primarySite C530-C539, behavior 2);
* benign and borderline tumors (behavior 0 or 1);
* in-situ and localized basal and squamous cell carcinomas of the skin (primarySite C440-C449, histology
  8000-8110, the skin range not reportable to SEER); behavior 2 always, behavior 3 unless a summary stage item
  records regional or distant disease (codes 2-5, 7), which is then followed;
* foreign residents (the current address country, or when blank the address at diagnosis, outside the home
  countries; unknown or "North America NOS" is not called foreign);
* patients whose age exceeds 100 years at the as-of date (exact age: after the 100th birthday). A partial birth
  date is read at its latest day, so only patients certainly over 100 are excluded.

Reason codes (stable strings, shown to users and in JSON): see ``REASONS``.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from registry.followup.dates import months_before, naaccr_dates, timestamp

ANALYTIC_CLASSES = frozenset(f"{n:02d}" for n in range(10, 23))
US_RESIDENCE = frozenset({"USA", "PRI", "GUM", "VIR", "ASM", "MNP", "UMI"})
NOT_FOREIGN = frozenset({"", "ZZU", "ZZN"})
SUMMARY_STAGE_ITEMS = ("summaryStage2018", "derivedSummaryStage2018", "seerSummaryStage2000", "seerSummaryStage1977")
REGIONAL_OR_DISTANT = frozenset({"2", "3", "4", "5", "7"})

REASONS = {
    "non-analytic": "Class of case is not analytic 10-22",
    "benign-borderline": "Benign or borderline behavior (0 or 1)",
    "cervix-in-situ": "Carcinoma in situ of the cervix",
    "skin-basal-squamous": "In situ or localized basal/squamous cell carcinoma of the skin",
    "foreign-resident": "Resident of another country",
    "age-over-100": "Older than 100 years at the as-of date",
}


def text(df: pd.DataFrame, column: str) -> pd.Series:
    """A NAACCR item as stripped strings, all empty when the column is absent (missing item = empty)."""
    if column not in df.columns:
        return pd.Series("", index=df.index, dtype="string")
    return df[column].astype("string").fillna("").str.strip()


def _summary_stage(df: pd.DataFrame) -> pd.Series:
    stage = pd.Series("", index=df.index, dtype="string")
    for item in SUMMARY_STAGE_ITEMS:
        stage = stage.where(stage != "", text(df, item))
    return stage


def tumor_exclusions(df: pd.DataFrame) -> pd.Series:
    """Per tumor row: the exclusion reason code, or "" when the tumor is eligible for follow-up."""
    site = text(df, "primarySite").str.upper()
    behavior = text(df, "behaviorCodeIcdO3")
    histology = pd.to_numeric(text(df, "histologicTypeIcdO3"), errors="coerce")
    skin_bcc_scc = site.str.startswith("C44") & histology.between(8000, 8110)
    advanced = _summary_stage(df).isin(REGIONAL_OR_DISTANT)
    conditions = [
        ~text(df, "classOfCase").isin(ANALYTIC_CLASSES),
        behavior.isin(["0", "1"]),
        site.str.startswith("C53") & (behavior == "2"),
        skin_bcc_scc & ((behavior == "2") | ((behavior == "3") & ~advanced)),
    ]
    codes = ["non-analytic", "benign-borderline", "cervix-in-situ", "skin-basal-squamous"]
    picked = np.select([c.to_numpy(dtype=bool) for c in conditions], codes, default="")
    return pd.Series(picked, index=df.index, dtype="string")


def patient_exclusions(
    patients: pd.DataFrame, as_of: date, home_countries: frozenset[str] = US_RESIDENCE
) -> pd.Series:
    """Per patient row: "foreign-resident", "age-over-100" or ""."""
    country = text(patients, "addrCurrentCountry").str.upper()
    country = country.where(country != "", text(patients, "addrAtDxCountry").str.upper())
    foreign = ~country.isin(home_countries | NOT_FOREIGN)
    born_latest = naaccr_dates(text(patients, "dateOfBirth"), "latest")
    over_100 = (born_latest < timestamp(months_before(as_of, 1200))).fillna(False).astype(bool)
    picked = np.select([foreign.to_numpy(dtype=bool), over_100.to_numpy(dtype=bool)],
                       ["foreign-resident", "age-over-100"], default="")
    return pd.Series(picked, index=patients.index, dtype="string")
