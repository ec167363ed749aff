"""Person linkage of incoming source records to the registry's persons: one decision per incoming record.

``link_persons(incoming, existing, model, thresholds)`` is the plain function intake (and later deduplication
and death clearance) calls. Steps:

1. **Source key.** An incoming record whose source already sent a record with the same ``patientIdNumber`` is
   that record's person (no scoring). A Patient ID Number from another source means nothing.
2. **Scoring.** The other incoming records are compared with the registry's source records by the Splink model
   (blocking passes unioned, Fellegi-Sunter match weight per pair). A person's score is its best source record's.
3. **Twins guard.** A pair with the same date of birth, the same last name (or birth surname), clearly different
   first names (no nickname, Jaro-Winkler < 0.80) is never linked automatically: with both SSNs present and
   different it is no candidate at all (twins, or siblings born the same day); otherwise it can only go to review.
4. **Outcome.** The best person at or above ``thresholds.link`` -> link, unless another person scores within
   ``thresholds.margin`` bits (review); at or above ``thresholds.review`` -> review; else a new person.
5. **Incoming with incoming.** The incoming records are also compared with each other (same model, same passes,
   same guard, plus the source-key rule); pairs at or above the link threshold join one cluster. A cluster whose
   linked members all point to one registry person links its new members there too; a cluster with no link is one
   new person (its members share ``new_person``); members of a cluster that points at two registry persons keep
   their own links and the rest go to review.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from registry.linkage.fields import linkage_frame
from registry.linkage.model import Model, default_model, duckdb_api

EXPECTED_LINK_SHARE = 0.5  # the prior: about half of incoming reports are of persons already in the registry
TWINS_NO_CANDIDATE = "twins guard: same birth date and last name, different first names and SSNs"
TWINS_REVIEW = "twins guard: same birth date and last name, different first names"


@dataclass(frozen=True)
class Thresholds:
    """Match-weight thresholds (log2 Bayes factor with the prior; docs/linkage.md)."""

    link: float = 5.0
    review: float = -6.0
    margin: float = 5.0

    def __post_init__(self) -> None:
        if self.review > self.link:
            raise ValueError("the review threshold must not exceed the link threshold")
        if self.margin < 0:
            raise ValueError("the ambiguity margin must not be negative")


@dataclass(frozen=True)
class Decision:
    """One incoming record's outcome: ``link`` to ``person_id``, ``new`` person (incoming records of the same new
    person share ``new_person``), or ``review`` with ``person_id`` as the best candidate. ``weight`` and
    ``probability`` are the best candidate's score (None when there was none); ``levels`` the per-field
    comparison levels of that pair (field -> level label) for the review screen."""

    record_id: str
    outcome: str
    person_id: str | None
    new_person: str | None
    weight: float | None
    probability: float | None
    method: str
    reason: str = ""
    levels: dict[str, str] = field(default_factory=dict)


def _predict(model: Model, frames: list[pd.DataFrame], link_type: str, prior: float, floor: float) -> pd.DataFrame:
    """Scored candidate pairs at or above ``floor`` (Splink predict), gamma columns kept."""
    from splink import Linker

    from registry.linkage.model import quiet

    quiet()
    settings = model.with_link_type(link_type, prior)
    aliases = ["existing", "incoming"] if link_type == "link_only" else None
    linker = Linker(frames if len(frames) > 1 else frames[0], settings, db_api=duckdb_api(),
                    input_table_aliases=aliases, set_up_basic_logging=False)
    return linker.inference.predict(threshold_match_weight=floor).as_pandas_dataframe()


def _oriented(pairs: pd.DataFrame) -> pd.DataFrame:
    """link_only pairs with the incoming record on the right (``*_r``) and the registry record on the left."""
    if pairs.empty or "source_dataset_l" not in pairs.columns:
        return pairs
    flip = (pairs["source_dataset_l"] == "incoming").to_numpy()
    if not flip.any():
        return pairs
    out = pairs.copy()
    for column in pairs.columns:
        if column.endswith("_l"):
            other = column[:-2] + "_r"
            out.loc[flip, column], out.loc[flip, other] = pairs.loc[flip, other], pairs.loc[flip, column]
    return out


def _guard(pairs: pd.DataFrame, model: Model) -> pd.DataFrame:
    """Twins guard on gamma levels: drop pairs that are no candidate, flag pairs capped at review."""
    if pairs.empty:
        return pairs.assign(capped=pd.Series(dtype=bool))
    levels = model.levels()
    top = {name: len(labels) - 1 for name, labels in levels.items()}
    birth = levels["last"].index("birth surname")
    twins = ((pairs["gamma_dob"] == top["dob"]) & pairs["gamma_last"].isin((top["last"], birth))
             & (pairs["gamma_first"] == 0)).to_numpy()
    different_ssn = (pairs["gamma_ssn"] == 0).to_numpy()
    kept = pairs.loc[~(twins & different_ssn)].copy()
    kept["capped"] = twins[~(twins & different_ssn)]
    return kept


def _level_labels(row: pd.Series, levels: dict[str, list[str]]) -> dict[str, str]:
    out = {}
    for name, labels in levels.items():
        gamma = int(row[f"gamma_{name}"])
        out[name] = "missing" if gamma < 0 else labels[gamma]
    return out


class _Clusters:
    """Union-find over incoming record positions."""

    def __init__(self, size: int) -> None:
        self.parent = np.arange(size)

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return int(root)

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _source_key_links(inc: pd.DataFrame, ex: pd.DataFrame) -> dict[str, tuple[str | None, str]]:
    """Incoming record id -> (person id, reason) by the source-key rule; person None when the key is ambiguous."""
    keyed = ex.dropna(subset=["source_key"]).groupby(["source", "source_key"])["person_id"].unique()
    out: dict[str, tuple[str | None, str]] = {}
    hits = inc.dropna(subset=["source_key"]).join(keyed.rename("persons"), on=["source", "source_key"], how="inner")
    for rid, persons in zip(hits["unique_id"], hits["persons"], strict=True):
        if len(persons) == 1:
            out[rid] = (persons[0], "")
        else:
            out[rid] = (None, "this source's key names several registry persons: " + ", ".join(sorted(persons)))
    return out


def _prior(size: int) -> float:
    return min(0.5, EXPECTED_LINK_SHARE / max(size, 1))


def _score_existing(inc: pd.DataFrame, ex: pd.DataFrame, model: Model, thresholds: Thresholds) -> pd.DataFrame:
    if inc.empty or ex.empty:
        return pd.DataFrame()
    pairs = _predict(model, [ex, inc], "link_only", _prior(ex["person_id"].nunique()), thresholds.review)
    pairs = _guard(_oriented(pairs), model)
    return pairs.sort_values(["unique_id_r", "match_weight"], ascending=[True, False], kind="stable")


def _first_decisions(inc: pd.DataFrame, pairs: pd.DataFrame, keyed: dict, model: Model,
                     thresholds: Thresholds) -> dict[str, Decision]:
    """Each incoming record's own outcome against the registry (before incoming-to-incoming clustering)."""
    levels = model.levels()
    decisions: dict[str, Decision] = {}
    for rid, (person, reason) in keyed.items():
        outcome = "link" if person else "review"
        decisions[rid] = Decision(rid, outcome, person, None, math.inf if person else None, 1.0 if person else None,
                                  "source key", reason)
    best = pairs.drop_duplicates(["unique_id_r", "person_id_l"]) if not pairs.empty else pairs
    for rid, group in (best.groupby("unique_id_r", sort=False) if not best.empty else []):
        if rid in decisions:
            continue
        top = group.iloc[0]
        weight = float(top["match_weight"])
        runner = group["match_weight"].iloc[1] if len(group) > 1 else -math.inf
        if bool(top["capped"]):
            outcome, reason = "review", TWINS_REVIEW
        elif weight >= thresholds.link and weight - runner < thresholds.margin:
            outcome, reason = "review", "another registry person scores nearly as high"
        elif weight >= thresholds.link:
            outcome, reason = "link", ""
        else:
            outcome, reason = "review", "score between the review and link thresholds"
        decisions[rid] = Decision(rid, outcome, top["person_id_l"], None, weight, float(top["match_probability"]),
                                  "probabilistic", reason, _level_labels(top, levels))
    for rid in inc["unique_id"]:
        if rid not in decisions:
            decisions[rid] = Decision(rid, "new", None, None, None, None, "no candidate")
    return decisions


def _cluster_incoming(inc: pd.DataFrame, model: Model, thresholds: Thresholds) -> tuple[_Clusters, dict]:
    """Clusters of incoming records of one person; also the strongest edge weight of each record."""
    position = {rid: i for i, rid in enumerate(inc["unique_id"])}
    clusters = _Clusters(len(inc))
    strongest: dict[str, float] = {}
    same_key = inc.dropna(subset=["source_key"]).groupby(["source", "source_key"])["unique_id"].agg(list)
    for members in same_key:
        for other in members[1:]:
            clusters.union(position[members[0]], position[other])
    if len(inc) > 1:
        pairs = _guard(_predict(model, [inc], "dedupe_only", _prior(len(inc)), thresholds.link), model)
        pairs = pairs[~pairs["capped"]] if not pairs.empty else pairs
        for a, b, w in zip(pairs.get("unique_id_l", []), pairs.get("unique_id_r", []),
                           pairs.get("match_weight", []), strict=True):
            clusters.union(position[a], position[b])
            strongest[a], strongest[b] = max(strongest.get(a, -math.inf), w), max(strongest.get(b, -math.inf), w)
    return clusters, strongest


def _resolve(inc: pd.DataFrame, first: dict[str, Decision], clusters: _Clusters,
             strongest: dict[str, float]) -> list[Decision]:
    ids = list(inc["unique_id"])
    members: dict[int, list[str]] = {}
    for i, rid in enumerate(ids):
        members.setdefault(clusters.find(i), []).append(rid)
    out: dict[str, Decision] = {}
    for group in members.values():
        linked = {first[r].person_id for r in group if first[r].outcome == "link"}
        anchor = next((r for r in group if first[r].outcome == "link"), None)
        new_key = "new:" + min(group)
        for rid in group:
            own = first[rid]
            if own.outcome == "link" or len(group) == 1:
                out[rid] = own if own.outcome != "new" else _replace(own, new_person=new_key)
            elif len(linked) == 1:
                out[rid] = _replace(own, outcome="link", person_id=next(iter(linked)),
                                    weight=strongest.get(rid, own.weight), method="with incoming record " + anchor,
                                    reason="")
            elif len(linked) > 1:
                out[rid] = _replace(own, outcome="review", new_person=None,
                                    reason="incoming records of this person link to different registry persons: "
                                    + ", ".join(sorted(linked)))
            else:
                out[rid] = _replace(own, new_person=new_key)
    return [out[rid] for rid in ids]


def _replace(decision: Decision, **changes) -> Decision:
    from dataclasses import replace

    return replace(decision, **changes)


def link_persons(incoming: pd.DataFrame, existing: pd.DataFrame, model: Model | None = None,
                 thresholds: Thresholds | None = None) -> list[Decision]:
    """Decide, for every incoming source record, link / new person / review (see the module doc).

    ``incoming`` and ``existing`` are source records as described in ``fields.py``; ``existing`` rows carry the
    ``person_id`` they are linked to. Decisions come back in the order of ``incoming``.
    """
    model = model or default_model()
    thresholds = thresholds or Thresholds()
    inc = linkage_frame(incoming)
    ex = linkage_frame(existing) if len(existing) else linkage_frame(
        pd.DataFrame(columns=["record_id", "source", "person_id"]))
    if ex["person_id"].isna().any():
        raise ValueError("every existing record needs the person_id it is linked to")
    if inc.empty:
        return []
    keyed = _source_key_links(inc, ex)
    pairs = _score_existing(inc[~inc["unique_id"].isin(keyed)], ex, model, thresholds)
    first = _first_decisions(inc, pairs, keyed, model, thresholds)
    clusters, strongest = _cluster_incoming(inc, model, thresholds)
    return _resolve(inc, first, clusters, strongest)
