"""The person model: Splink settings (blocking passes, comparisons and their levels), training, save and load.

Why Splink (https://github.com/moj-analytical-services/splink): it is maintained, implements Fellegi-Sunter with
EM estimation of the m probabilities and random-sampling estimation of u, runs embedded on DuckDB (no server,
a few hundred MB for a million records), and the same settings JSON runs on Spark or PostgreSQL for a statewide
or national file. Pinned to the 4.x series: 5.0 changed the Python API (explicit SplinkDataFrame registration)
and 4.0.17 installs cleanly beside the project's numpy 2 / pandas 2 / DuckDB. Splink is imported on first use:
it brings DuckDB, sqlglot and altair (tens of MB per process) that pages and CLI commands without linkage never
need.

The model is a Splink settings dictionary (``Model.settings``) with an m and u probability on every level. Levels
are named by their ``label_for_charts`` (the names the review screen shows). See docs/linkage.md for the levels
and the documented default m/u used when the registry is too small to train on.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

DIALECT = "duckdb"
MIN_TRAINING_RECORDS = 2000  # fewer registry records than this: the documented default m/u are used
U_SAMPLE_PAIRS = 8e5  # random pairs for the u estimates: about 7 s on 2 cores; 1e7 adds a minute, little accuracy
TRAINING_RULES = (("ssn",), ("dob", "last_sx"))  # EM passes: each estimates m of the fields it does not block on

# field -> [(label, m, u)] in level order (the null level first is implicit); documented in docs/linkage.md.
DEFAULT_LEVELS: dict[str, list[tuple[str, float, float]]] = {
    "ssn": [("exact", 0.96, 1e-7), ("one digit off or transposed", 0.03, 2e-6), ("different", 0.01, 1.0)],
    "first": [("exact", 0.83, 0.01), ("nickname", 0.08, 0.002), ("jaro-winkler >= 0.92", 0.04, 0.004),
              ("jaro-winkler >= 0.80", 0.03, 0.03), ("different", 0.02, 0.954)],
    "last": [("exact", 0.85, 0.002), ("birth surname", 0.06, 0.0005), ("jaro-winkler >= 0.92", 0.04, 0.002),
             ("jaro-winkler >= 0.80", 0.03, 0.02), ("different", 0.02, 0.9755)],
    "dob": [("exact", 0.94, 4e-5), ("day and month swapped", 0.015, 1e-6),
            ("one digit off or transposed", 0.025, 5e-4), ("one of year, month, day off", 0.01, 0.01),
            ("different", 0.01, 0.98946)],
    "sex": [("exact", 0.98, 0.5), ("different", 0.02, 0.5)],
    "address": [("same street and ZIP", 0.55, 1e-5), ("same ZIP", 0.15, 0.01), ("different", 0.30, 0.98999)],
    "mrn": [("same facility, same MRN", 0.98, 1e-6), ("same facility, different MRN", 0.02, 1.0)],
}

# Blocking passes, unioned (Splink drops a pair found by an earlier pass). The four of issue 13 first: SSN; date of
# birth + Soundex of the last name; formal first name + Soundex of the last name + sex; MRN within the same
# facility. Then passes that catch two errors at once when the SSN is missing (docs/linkage.md): date of birth +
# formal first name (surname changed by marriage); date of birth + Soundex of the birth surname (else the last
# name: a married name on one side, the maiden name on the other); formal first name + month and day of birth +
# sex, and Soundex of the last name + month and day of birth (a wrong birth year with a name error); the SSN's
# first five digits, and its last four + sex (one SSN digit wrong or two swapped, with other errors).
BLOCKING_PASSES: tuple[tuple[str, ...], ...] = (
    ("ssn",), ("dob", "last_sx"), ("first_key", "last_sx", "sex"), ("mrn_key",), ("dob", "first_key"),
    ("dob", "maiden_sx"), ("first_key", "dob_md", "sex"), ("last_sx", "dob_md"), ("ssn_head",), ("ssn_tail", "sex"))


def _one_slip(column: str, width: int, half: int) -> object:
    """Damerau-Levenshtein distance <= 1 (one character changed or two adjacent ones swapped), computed only
    when the first or the last ``half`` characters of these ``width``-character values agree (a necessary
    condition, cheap): the distance costs about 2 us a pair in DuckDB and almost no random pair passes the
    prefilter."""
    import splink.comparison_level_library as cll

    prefilter = (f"substr({column}_l, 1, {half}) = substr({column}_r, 1, {half}) OR "
                 f"substr({column}_l, {width - half + 1}, {half}) = substr({column}_r, {width - half + 1}, {half})")
    return cll.And(cll.CustomLevel(prefilter), cll.DamerauLevenshteinLevel(column, 1))


def _levels(field_name: str) -> list:
    """The Splink level creators of one comparison (null level first, then DEFAULT_LEVELS' order)."""
    import splink.comparison_level_library as cll

    sql = {
        "ssn": [cll.ExactMatchLevel("ssn"), _one_slip("ssn", 9, 4)],
        "first": [cll.ExactMatchLevel("first"), cll.ArrayIntersectLevel("first_formals", 1),
                  cll.JaroWinklerLevel("first", 0.92), cll.JaroWinklerLevel("first", 0.80)],
        "last": [cll.ExactMatchLevel("last").configure(tf_adjustment_column="last", tf_adjustment_weight=0.5),
                 cll.CustomLevel("last_l = birth_surname_r OR birth_surname_l = last_r "
                                 "OR birth_surname_l = birth_surname_r"),
                 cll.JaroWinklerLevel("last", 0.92), cll.JaroWinklerLevel("last", 0.80)],
        "dob": [cll.ExactMatchLevel("dob"),
                cll.CustomLevel("substr(dob_l, 1, 4) = substr(dob_r, 1, 4) AND substr(dob_l, 5, 2) = "
                                "substr(dob_r, 7, 2) AND substr(dob_l, 7, 2) = substr(dob_r, 5, 2)"),
                _one_slip("dob", 8, 4),
                cll.CustomLevel("(substr(dob_l, 1, 4) = substr(dob_r, 1, 4) AND substr(dob_l, 5, 2) = "
                                "substr(dob_r, 5, 2)) OR (substr(dob_l, 1, 4) = substr(dob_r, 1, 4) AND "
                                "substr(dob_l, 7, 2) = substr(dob_r, 7, 2)) OR (substr(dob_l, 5, 4) = "
                                "substr(dob_r, 5, 4))")],
        "sex": [cll.ExactMatchLevel("sex")],
        "address": [cll.CustomLevel("zip_l = zip_r AND street_l = street_r"), cll.ExactMatchLevel("zip")],
        "mrn": [cll.ExactMatchLevel("mrn_key")],
    }[field_name]
    null = {"last": cll.CustomLevel("last_l IS NULL OR last_r IS NULL"),
            "address": cll.CustomLevel("zip_l IS NULL OR zip_r IS NULL"),
            "mrn": cll.CustomLevel("mrn_key_l IS NULL OR mrn_key_r IS NULL OR source_l <> source_r")}
    out = [null.get(field_name, cll.NullLevel(field_name)).configure(is_null_level=True, label_for_charts="missing")]
    for creator, (label, m, u) in zip([*sql, cll.ElseLevel()], DEFAULT_LEVELS[field_name], strict=True):
        out.append(creator.configure(label_for_charts=label, m_probability=m, u_probability=u))
    return out


def person_settings(link_type: str = "link_only", dialect: str = DIALECT) -> dict[str, Any]:
    """The person model's Splink settings with the default m/u, for one backend's SQL dialect."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    creator = SettingsCreator(
        link_type=link_type,
        comparisons=[cl.CustomComparison(_levels(name), output_column_name=name) for name in DEFAULT_LEVELS],
        blocking_rules_to_generate_predictions=[block_on(*keys) for keys in BLOCKING_PASSES],
        retain_matching_columns=True,  # with it Splink keeps the gamma (level) columns: review screen, twins guard
        additional_columns_to_retain=["person_id", "source", "source_key"],
        max_iterations=20,
    )
    return creator.create_settings_dict(dialect)


@dataclass
class Model:
    """A person model: Splink settings with m/u on every level; ``trained`` when EM ran on the registry's data."""

    settings: dict[str, Any]
    trained: bool = False
    notes: list[str] = field(default_factory=list)

    def save(self, path: str | Path) -> None:
        """Write the Splink settings JSON (loadable by Splink itself, and by :meth:`load`)."""
        data = dict(self.settings, linker_uid="registry-person-" + ("trained" if self.trained else "default"))
        Path(path).write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> Model:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        names = [c.get("output_column_name") for c in data.get("comparisons", [])]
        if names != list(DEFAULT_LEVELS):
            raise ValueError(f"{path} is not a person model of this version (comparisons {names})")
        return cls(data, trained=data.get("linker_uid") == "registry-person-trained")

    def levels(self) -> dict[str, list[str]]:
        """Field -> level labels by comparison-vector value (gamma): index 0 is the lowest non-null level."""
        out = {}
        for comparison in self.settings["comparisons"]:
            labels = [lv["label_for_charts"] for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
            out[comparison["output_column_name"]] = list(reversed(labels))
        return out

    def with_link_type(self, link_type: str, prior: float | None = None) -> dict[str, Any]:
        """A copy of the settings for a run (``link_only`` or ``dedupe_only``), optionally with a new prior."""
        settings = json.loads(json.dumps(self.settings))
        settings["link_type"] = link_type
        if prior is not None:
            settings["probability_two_random_records_match"] = prior
        return settings


def default_model() -> Model:
    return Model(person_settings(), trained=False, notes=["default m/u (docs/linkage.md)"])


def duckdb_api(memory_limit: str = "1GB", threads: int = 2):
    """A fresh embedded DuckDB for one linkage run, memory-capped (it spills to disk beyond the cap)."""
    import duckdb
    from splink import DuckDBAPI

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET threads = {int(threads)}")
    return DuckDBAPI(connection=con)


def quiet() -> None:
    """Splink logs progress and training tables at INFO/WARNING; intake reports its own counts (the Linkers are
    also made with ``set_up_basic_logging=False`` so Splink never configures the root logger)."""
    logging.getLogger("splink").setLevel(logging.ERROR)


def _restore_untrained(settings: dict[str, Any], defaults: dict[str, Any]) -> list[str]:
    """Put the default m/u back on levels EM or sampling could not estimate (none observed): returns their names."""
    restored = []
    for comparison, default in zip(settings["comparisons"], defaults["comparisons"], strict=True):
        for level, fallback in zip(comparison["comparison_levels"], default["comparison_levels"], strict=True):
            if level.get("is_null_level"):
                continue
            for key in ("m_probability", "u_probability"):
                value = level.get(key)
                if value is None or not math.isfinite(value) or value <= 0:
                    level[key] = fallback[key]
                    restored.append(f"{comparison['output_column_name']}/{level['label_for_charts']}/{key[0]}")
    return restored


def train_model(records: pd.DataFrame, seed: int = 1, u_pairs: float = U_SAMPLE_PAIRS) -> Model:
    """Estimate the model on the registry's own source records (``fields.linkage_frame`` input shape).

    u by random sampling of record pairs (almost all non-matches), m by EM on two blocking passes (SSN, then
    date of birth + phonetic last name; each estimates the fields it does not block on). Fewer than
    ``MIN_TRAINING_RECORDS`` records: the default model. Levels never observed keep their default m/u.
    """
    from splink import Linker, block_on

    from registry.linkage.fields import linkage_frame

    if len(records) < MIN_TRAINING_RECORDS:
        model = default_model()
        model.notes.append(f"{len(records)} records < {MIN_TRAINING_RECORDS}: not trained")
        return model
    quiet()
    frame = linkage_frame(records)
    defaults = person_settings("dedupe_only")
    linker = Linker(frame, json.loads(json.dumps(defaults)), db_api=duckdb_api(), set_up_basic_logging=False)
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
    for keys in TRAINING_RULES:
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(*keys))
    settings = linker.misc.save_model_to_json()
    restored = _restore_untrained(settings, defaults)
    settings["link_type"] = "link_only"
    notes = [f"trained on {len(frame)} records"] + ([f"defaults kept for {', '.join(restored)}"] if restored else [])
    return Model(settings, trained=True, notes=notes)
