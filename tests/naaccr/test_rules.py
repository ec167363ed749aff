"""The bulk value check (one regex per patient) agrees with the item-by-item rules on every data type."""

from __future__ import annotations

import random

import pytest

from registry.naaccr.dictionary import base_dictionary, default_user_dictionary
from registry.naaccr.xml.rules import ItemRules, build_lookup, value_problem

SAMPLES = [
    "1", "12", "123", "0001", "00000001", "A", "AB", "ABC", "C504", "c504", "19991231", "19991301", "2024",
    "202402", "20240230", "1799", "2100", "2024-05-01", "2024-05-01T10:20:30", "2024-05-01T10:20:30-04:00",
    "2024-05-01T25:00:00", "2024-13", "12.5", "12.", ".5", "1e3", " 1", "1 ", " ", "a b", "x" * 41,
    "x" * 4000, "x" * 4001, "\u00e9", "A1", "1A", "9\n9", "\t1", "1\t", "\u2013",
]  # fmt: skip


@pytest.mark.parametrize("version", ["140", "180", "250", "260"])
def test_bulk_check_matches_item_rules(version: str) -> None:
    lookup = build_lookup(base_dictionary(version), [default_user_dictionary(version)])
    rules = ItemRules(lookup, "A")
    for item in lookup:
        for value in SAMPLES:
            expected = value_problem(item, value) is None
            assert rules.values_ok([item.naaccr_id], [value]) is expected, (item.naaccr_id, value)


def test_bulk_check_of_many_items_at_once() -> None:
    rules = ItemRules(build_lookup(base_dictionary("260")), "I")
    rng = random.Random(7)
    items = list(rules.lookup)
    for _ in range(300):
        chosen = rng.sample(items, 40)
        values = [rng.choice(SAMPLES) for _ in chosen]
        expected = all(value_problem(i, v) is None for i, v in zip(chosen, values, strict=True))
        assert rules.values_ok([i.naaccr_id for i in chosen], values) is expected


def test_unknown_ids_fail_the_bulk_check() -> None:
    rules = ItemRules(build_lookup(base_dictionary("260")), "I")
    assert rules.values_ok(["primarySite"], ["C504"])
    assert not rules.values_ok(["primarySite", "notAnItem"], ["C504", "1"])


@pytest.mark.parametrize(
    ("naaccr_id", "value", "kind"),
    [
        ("patientIdNumber", "123456789", "too-long"),
        ("patientIdNumber", "1234567", "too-short"),
        ("patientIdNumber", "1234567A", "bad-type"),
        ("primarySite", " C50", "leading-space"),
        ("primarySite", "C50 ", "trailing-space"),
        ("dateOfDiagnosis", "20241301", "bad-type"),
        ("addrAtDxState", "md", "bad-type"),
        ("pathDateSpecCollect1", "2024-05-01T9:00:00", "bad-type"),
    ],
)
def test_each_rule_names_its_kind(naaccr_id: str, value: str, kind: str) -> None:
    item = base_dictionary("260")[naaccr_id]
    assert value_problem(item, value)[0] == kind


def test_record_type_decides_which_items_are_allowed() -> None:
    lookup = build_lookup(base_dictionary("260"))
    assert "nameLast" in ItemRules(lookup, "C").allowed["Patient"]
    assert "nameLast" not in ItemRules(lookup, "I").allowed["Patient"]
    assert ItemRules(lookup, "I").placement_problem("Patient", "nameLast")[0] == "unknown-item"
