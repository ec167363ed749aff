"""Death clearance: probabilistic linkage of a death file to registry patients (methods-and-standards.md 4.3).

Fellegi-Sunter record linkage (Fellegi & Sunter, JASA 1969) with the ``recordlinkage`` library for blocking and
comparison. Candidate pairs are the union of seven blocking passes, so that no two errors among surname, first
name and birth date can hide a true pair (``keys.py``):

1. SSN; 2. Soundex of surname + birth year; 3. birth date with day and month in either order;
4. Soundex of surname + Soundex of the first name's formal form (BILL -> WILLIAM);
5. Soundex of the formal first name + birth year + sex (surname changed or mistyped, month or day mistyped);
6. Soundex of the formal first name + birth day and month in either order (surname and birth year wrong);
7. Soundex of surname + birth day and month in either order (first name and birth year wrong).

Each pair gets agreement levels (``comparators.py``) and a weight, the sum over fields of log2(m / u) for the
level observed (missing values add 0). The m (level given a true match) and u (level given a non-match)
probabilities are fixed, documented in ``WEIGHTS``: m from typical error rates of death-certificate and registry
data, u from chance agreement among random people (a 1 in ~25,000 chance of sharing a birth date, about 1 in 200
of sharing a surname, 1 in 80 a first name, 1 in 2 sex, practically never an SSN). A wholly different SSN on
both records is taken to occur in 1 true pair in 400 (weight -8.6), so namesakes with different SSNs stay out of
review; a true pair with a wrong SSN can still be matched by names and birth date, but only through review.

Decision rules: weight >= ``match_threshold`` (20) is a certain match, applied automatically; weight between
``review_threshold`` (10) and the match threshold goes to a registrar's review. A would-be match goes to review
instead when: both SSNs are present and different; the patient had a contact after the date of death; another
candidate for the same death scores within ``AMBIGUITY_MARGIN`` bits; or the patient already matched a
better-scoring death record. Deaths with no candidate at or above the review threshold are non-matches, kept for
death-certificate-only follow-back.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from registry.followup import comparators
from registry.followup.keys import death_keys, registry_keys

# field -> {level: (m, u)}
WEIGHTS: dict[str, dict[int, tuple[float, float]]] = {
    "ssn": {2: (0.96, 1e-7), 1: (0.0375, 5e-6), 0: (0.0025, 1.0)},
    "last": {2: (0.90, 0.005), 1: (0.07, 0.02), 0: (0.03, 0.975)},
    "first": {2: (0.93, 0.012), 1: (0.04, 0.03), 0: (0.03, 0.958)},
    "dob": {3: (0.91, 4e-5), 2: (0.03, 1.5e-5), 1: (0.05, 0.006), 0: (0.01, 0.994)},
    "sex": {1: (0.98, 0.5), 0: (0.02, 0.5)},
}
COMPARATORS = {
    "ssn": comparators.ssn_level, "last": comparators.surname_level, "first": comparators.first_name_level,
    "dob": comparators.birth_date_level, "sex": comparators.sex_level,
}
NUMERIC_COLUMNS = {"dob": "dob_number", "ssn": "ssn_number", "sex": "sex_code"}
BLOCKS = ("k_ssn", "k_last_year", "k_dob", "k_names", "k_first_year", "k_first_day", "k_last_day")
AMBIGUITY_MARGIN = 5.0
PAIR_COLUMNS = ["death_row", "patientIdNumber", "weight", *WEIGHTS, "reason"]


@dataclass(frozen=True)
class LinkageResult:
    """``matches`` and ``review``: one row per (death record, patient) pair with the death record's index label
    (``death_row``), the patient, the total weight, each field's agreement level and the reason for review;
    ``non_matches``: the death records (rows of the death file frame) with no candidate patient."""

    matches: pd.DataFrame
    review: pd.DataFrame
    non_matches: pd.DataFrame


def field_weights(field: str, levels: np.ndarray) -> np.ndarray:
    """log2(m/u) of each observed level; 0 for a missing level."""
    out = np.zeros(len(levels))
    for level, (m, u) in WEIGHTS[field].items():
        out[levels == level] = np.log2(m / u)
    return out


def candidate_pairs(reg: pd.DataFrame, deaths: pd.DataFrame) -> pd.MultiIndex:
    """Union of the blocking passes (recordlinkage drops missing keys, so blanks never pair)."""
    import recordlinkage  # imported when linking: it brings scikit-learn and SciPy (about 95 MB per process)
    from recordlinkage.index import Block

    indexer = recordlinkage.Index()
    left, right = pd.DataFrame(index=reg.index), pd.DataFrame(index=deaths.index)
    for key in BLOCKS:
        codes, _ = pd.factorize(pd.concat([reg[key], deaths[key]], ignore_index=True))
        codes = np.where(codes < 0, np.nan, codes)
        left[key], right[key] = codes[: len(reg)], codes[len(reg):]
        indexer.add(Block(left_on=key, right_on=key))
    return indexer.index(left, right)


def score_pairs(pairs: pd.MultiIndex, reg: pd.DataFrame, deaths: pd.DataFrame) -> pd.DataFrame:
    """Agreement levels and the Fellegi-Sunter weight of every candidate pair."""
    import recordlinkage

    compare = recordlinkage.Compare()
    for field, function in COMPARATORS.items():
        column = NUMERIC_COLUMNS.get(field, field)
        compare.compare_vectorized(function, column, column, label=field)
    levels = compare.compute(pairs, reg, deaths)
    levels["weight"] = sum(field_weights(f, levels[f].to_numpy()) for f in WEIGHTS)
    return levels


def _decide(scored: pd.DataFrame, reg: pd.DataFrame, deaths: pd.DataFrame,
            match_threshold: float, review_threshold: float) -> pd.DataFrame:
    """Keep pairs at or above the review threshold; label each ``match`` or ``review`` with a reason."""
    kept = scored[scored["weight"] >= review_threshold].copy()
    reg_pos, death_pos = kept.index.get_level_values(0), kept.index.get_level_values(1)
    kept["patientIdNumber"] = reg["patientIdNumber"].to_numpy()[reg_pos]
    kept["death_row"] = deaths.index.to_numpy()[death_pos]
    kept["_death"] = death_pos
    contact_after = reg["last_contact"].to_numpy()[reg_pos] > deaths["dod"].to_numpy()[death_pos]
    reasons = np.select(
        [kept["weight"] < match_threshold, kept["ssn"].to_numpy() == 0, contact_after],
        ["weight below the match threshold", "SSNs differ", "contact after the date of death"], default="")
    kept["reason"] = reasons
    kept = kept.sort_values(["_death", "weight"], ascending=[True, False], kind="stable")
    rank = kept.groupby("_death").cumcount()
    top = kept.groupby("_death")["weight"].transform("first")
    second = kept["_death"].map(kept.loc[rank == 1].set_index("_death")["weight"])
    ambiguous = ((top - second) < AMBIGUITY_MARGIN).to_numpy()
    kept.loc[ambiguous & (kept["reason"] == ""), "reason"] = "another patient scores nearly as high"
    close = (top - kept["weight"] < AMBIGUITY_MARGIN).to_numpy()
    kept = kept[(rank == 0).to_numpy() | (ambiguous & close)]
    return kept


def _one_death_per_patient(kept: pd.DataFrame) -> pd.DataFrame:
    """A patient matched by several death records keeps the best; the others go to review."""
    auto = kept["reason"] == ""
    order = kept[auto].sort_values("weight", ascending=False, kind="stable")
    repeated = order["patientIdNumber"].duplicated()
    kept.loc[repeated[repeated].index, "reason"] = "patient already matched to another death record"
    return kept


def link_deaths(registry_df: pd.DataFrame, deaths_df: pd.DataFrame, match_threshold: float = 20.0,
                review_threshold: float = 10.0) -> LinkageResult:
    """Link a death file (``deathfile.read_death_file``) to registry patients.

    ``registry_df`` has NAACCR Patient items (one row per patient, or tumor rows with patient items repeated):
    patientIdNumber, nameLast, nameFirst, dateOfBirth, sexAssignedAtBirth (or sex), socialSecurityNumber and,
    optionally, dateOfLastContact.
    """
    if review_threshold > match_threshold:
        raise ValueError("review_threshold must not exceed match_threshold")
    if registry_df.empty or deaths_df.empty:
        empty = pd.DataFrame(columns=PAIR_COLUMNS)
        return LinkageResult(empty, empty.copy(), deaths_df.copy())
    reg = registry_keys(registry_df.drop_duplicates("patientIdNumber").reset_index(drop=True))
    deaths = death_keys(deaths_df)
    scored = score_pairs(candidate_pairs(reg, deaths), reg, deaths)
    kept = _decide(scored, reg, deaths, match_threshold, review_threshold)
    kept = _one_death_per_patient(kept.reset_index(drop=True))
    columns = PAIR_COLUMNS
    matches = kept.loc[kept["reason"] == "", columns].reset_index(drop=True)
    review = kept.loc[kept["reason"] != "", columns].reset_index(drop=True)
    non_matches = deaths_df[~deaths_df.index.isin(kept["death_row"])]
    return LinkageResult(matches, review, non_matches)
