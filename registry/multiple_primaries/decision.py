"""The outcome of comparing a new tumor report with an existing tumor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SAME = "same"
NEW = "new"
REVIEW = "review"


@dataclass(frozen=True)
class Decision:
    """``result`` is "same" (same primary), "new" (new primary) or "review" (a registrar must decide);
    ``rule`` names the rule that decided (e.g. "SEER-HEME-M15") and ``reason`` gives its text."""

    result: str
    rule: str
    reason: str


@dataclass(frozen=True)
class Step:
    """What one rule says: a final answer, or a provisional one when a date is too incomplete to be sure.

    A provisional answer stands only if a later rule gives the same final answer (SEER rules are
    applied in order; when an unknown date blocks a rule, its answer is checked against the rest).
    """

    result: str
    provisional: bool = False
    message: str = ""


@dataclass(frozen=True)
class Rule:
    """A numbered rule with its published text and a function returning a :class:`Step` or None."""

    rule_id: str
    text: str
    apply: Callable[[Any, Any], Step | None]


def run_rules(rules: list[Rule], a: Any, b: Any) -> Decision | None:
    """Apply rules in order (first final answer wins; a provisional answer contradicted later means review)."""
    pending: tuple[Rule, Step] | None = None
    for rule in rules:
        step = rule.apply(a, b)
        if step is None:
            continue
        if step.provisional:
            if pending is None:
                pending = (rule, step)
            elif pending[1].result != step.result:
                return _review(pending)
            continue
        if pending is not None and pending[1].result != step.result:
            return _review(pending)
        return Decision(step.result, rule.rule_id, step.message or rule.text)
    return _review(pending) if pending else None


def _review(pending: tuple[Rule, Step]) -> Decision:
    rule, step = pending
    return Decision(REVIEW, rule.rule_id, step.message or f"{rule.text} (diagnosis dates too incomplete to apply)")
