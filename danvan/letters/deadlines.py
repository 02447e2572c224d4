"""Due dates of letters and cases: the letters context's words for the workflow kit's rules.

The lookup, the arithmetic and the urgency classes live in ``danvan.workflow.rules``; this module
keeps the names the letters code uses and turns a letter's ``Complexity`` into the kit's
modifiers. Services store the result (``due_on``) and the rule version used (``due_rule``) on
the letter or case.
"""

from __future__ import annotations

import datetime as dt

from danvan.letters.choices import Complexity, LetterKind, RuleKey
from danvan.workflow import rules
from danvan.workflow.models import DeadlineRule
from danvan.workflow.rules import (
    DUE_SOON_WORKING_DAYS,
    DeadlineView,
    MissingRuleError,
    Urgency,
    deadline_view,
    due_soon_limit,
    stopped_days,
)

__all__ = [
    "DUE_SOON_WORKING_DAYS",
    "DeadlineView",
    "MissingRuleError",
    "Urgency",
    "deadline_view",
    "due_date",
    "due_soon_limit",
    "extensions_allowed",
    "processing_rule_key",
    "rule_in_effect",
    "stopped_days",
]


def processing_rule_key(kind: str) -> str:
    """The rule for processing a letter of ``kind``. Mixed content is processed (split) within
    the time limit of a complaint, the longest of the kinds it may hold."""
    return f"processing.{LetterKind.COMPLAINT if kind == LetterKind.MIXED else kind}"


def rule_in_effect(key: RuleKey | str, on: dt.date) -> DeadlineRule:
    """The switched-on version of rule ``key`` in effect on ``on`` (the latest start wins)."""
    return rules.rule_in_force(str(key), on)


def due_date(
    rule: DeadlineRule,
    start: dt.date,
    *,
    remote: bool = False,
    complexity: str = Complexity.NORMAL,
    extra_days: int = 0,
) -> dt.date:
    """The last day of the period that starts the day after ``start`` (see
    ``workflow.rules.due_date``); any complexity above normal takes the complicated amount."""
    return rules.due_date(
        rule,
        start,
        remote=remote,
        complicated=complexity != Complexity.NORMAL,
        extra_days=extra_days,
    )


def extensions_allowed(rule: DeadlineRule, complexity: str) -> int:
    """How many extension decisions a case of ``complexity`` may get under ``rule``."""
    return rule.extensions_allowed(
        complicated=complexity != Complexity.NORMAL,
        especially=complexity == Complexity.ESPECIALLY_COMPLEX,
    )
