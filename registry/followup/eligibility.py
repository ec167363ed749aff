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
    """A NAACCR item as strings ("" for a missing value; all "" when the column is absent). Values are taken as
    NAACCR-trimmed, as records are everywhere in the registry (leading or trailing blanks are not removed)."""
    if column not in df.columns:
        return pd.Series("", index=df.index, dtype="string")
    values = df[column]
    return values.astype(object).where(values.notna(), "")


def _summary_stage(df: pd.DataFrame) -> pd.Series:
    stage = text(df, SUMMARY_STAGE_ITEMS[0])
    for item in SUMMARY_STAGE_ITEMS[1:]:
        stage = stage.where(stage != "", text(df, item))
    return stage


def tumor_reason(site: str, histology: str, behavior: str, class_of_case: str, summary_stage: str) -> str:
    """The exclusion reason of one tumor (see the module docstring), or "" when it is followed."""
    site = site.upper()
    if class_of_case not in ANALYTIC_CLASSES:
        return "non-analytic"
    if behavior in ("0", "1"):
        return "benign-borderline"
    if site.startswith("C53") and behavior == "2":
        return "cervix-in-situ"
    basal_squamous = site.startswith("C44") and histology.isdigit() and 8000 <= int(histology) <= 8110
    if basal_squamous and (behavior == "2" or (behavior == "3" and summary_stage not in REGIONAL_OR_DISTANT)):
        return "skin-basal-squamous"
    return ""


def _per_distinct(frame: pd.DataFrame, rule) -> np.ndarray:
    """Apply a scalar rule once per distinct row of ``frame`` and spread the answers back to every row."""
    codes = frame.groupby(list(frame.columns), sort=False).ngroup().to_numpy()
    distinct = frame.drop_duplicates()
    answers = np.array([rule(*row) for row in distinct.itertuples(index=False)], dtype=object)
    return answers[codes]


def tumor_exclusions(df: pd.DataFrame) -> pd.Series:
    """Per tumor row: the exclusion reason code, or "" when the tumor is eligible for follow-up."""
    items = pd.DataFrame({
        "site": text(df, "primarySite"), "histology": text(df, "histologicTypeIcdO3"),
        "behavior": text(df, "behaviorCodeIcdO3"), "class": text(df, "classOfCase"), "stage": _summary_stage(df),
    })
    return pd.Series(_per_distinct(items, tumor_reason), index=df.index, dtype=object)


def patient_exclusions(
    patients: pd.DataFrame, as_of: date, home_countries: frozenset[str] = US_RESIDENCE
) -> pd.Series:
    """Per patient row: "foreign-resident", "age-over-100" or ""."""
    country = text(patients, "addrCurrentCountry")
    country = country.where(country != "", text(patients, "addrAtDxCountry"))
    allowed = {c.upper() for c in home_countries | NOT_FOREIGN}
    foreign = _per_distinct(country.to_frame(), lambda c: c.upper() not in allowed).astype(bool)
    born_latest = naaccr_dates(text(patients, "dateOfBirth"), "latest")
    over_100 = (born_latest < timestamp(months_before(as_of, 1200))).fillna(False).astype(bool)
    picked = np.select([foreign, over_100.to_numpy(dtype=bool)],
                       ["foreign-resident", "age-over-100"], default="")
    return pd.Series(picked, index=patients.index, dtype=object)
