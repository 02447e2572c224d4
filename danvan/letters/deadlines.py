"""Due dates of letters and cases, computed from the rule table and the working-day calendar.

Everything here is a pure function of its arguments and the tables; services store the result
(``due_on``) and the rule version used (``due_rule``) on the letter or case.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.core import calendar
from danvan.core.errors import ApplicationError
from danvan.core.models import PeriodUnit
from danvan.letters.choices import Complexity, LetterKindChoice, RuleKey
from danvan.letters.models import DeadlineRule

#: A deadline this many working days away or closer counts as "due soon".
DUE_SOON_WORKING_DAYS = 3


class MissingRuleError(ApplicationError):
    def __init__(self, key: str, on: dt.date) -> None:
        super().__init__(
            _(
                "No time-limit rule “%(key)s” is in force on %(date)s; an administrator must add "
                "one."
            )
            % {"key": key, "date": on.strftime("%d/%m/%Y")}
        )


def processing_rule_key(kind: str) -> str:
    """The rule for processing a letter of ``kind``. Mixed content is processed (split) within
    the time limit of a complaint, the longest of the kinds it may hold."""
    return f"processing.{LetterKindChoice.COMPLAINT if kind == LetterKindChoice.MIXED else kind}"


def due_soon_limit(today: dt.date) -> dt.date:
    """The last due date that counts as "due soon" on ``today``."""
    return calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)


def rule_in_effect(key: RuleKey | str, on: dt.date) -> DeadlineRule:
    """The switched-on version of rule ``key`` in effect on ``on`` (the latest start wins)."""
    rule = (
        DeadlineRule.objects.filter(key=str(key), active=True, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
        .order_by("-effective_from", "-id")
        .first()
    )
    if rule is None:
        raise MissingRuleError(str(key), on)
    return rule


def due_date(
    rule: DeadlineRule,
    start: dt.date,
    *,
    remote: bool = False,
    complexity: str = Complexity.NORMAL,
    extra_days: int = 0,
) -> dt.date:
    """The last day of the period that starts the day after ``start``.

    ``extra_days`` adds extensions and the days a suspension stopped the clock, counted in the
    rule's own unit, to the statutory amount: the period is then one longer period, so the
    Civil Code's roll-over (a last day that is a day off moves to the next working day) applies
    once, at the end.
    """
    amount = rule.amount_for(remote=remote, complexity=complexity) + extra_days
    return calendar.add_period(start, amount, PeriodUnit(rule.unit))


def stopped_days(rule: DeadlineRule, since: dt.date, until: dt.date) -> int:
    """How many days of the rule's unit a suspension from ``since`` to ``until`` (the day it
    resumed) kept off the clock. Zero when the rule counts suspended time."""
    if not rule.suspension_excluded or until <= since:
        return 0
    if rule.unit == PeriodUnit.WORKING_DAYS:
        return calendar.working_days_between(since, until)
    return (until - since).days


class Urgency(enum.Enum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    STOPPED = "stopped"


@dataclass(frozen=True)
class DeadlineView:
    """What a page shows about a due date: the date, working days left and how urgent."""

    due_on: dt.date
    working_days_left: int
    calendar_days_left: int
    urgency: Urgency

    @property
    def overdue_days(self) -> int:
        return max(0, -self.calendar_days_left)


def deadline_view(
    due_on: dt.date, today: dt.date | None = None, *, stopped: bool = False
) -> DeadlineView:
    """Days left until ``due_on`` (negative when overdue) and the urgency class."""
    day = today or calendar.today_local()
    cal_left = (due_on - day).days
    if due_on >= day:
        work_left = calendar.working_days_between(day, due_on)
    else:
        work_left = -calendar.working_days_between(due_on, day)
    if stopped:
        urgency = Urgency.STOPPED
    elif cal_left < 0:
        urgency = Urgency.OVERDUE
    elif work_left <= DUE_SOON_WORKING_DAYS:
        urgency = Urgency.DUE_SOON
    else:
        urgency = Urgency.ON_TIME
    return DeadlineView(due_on, work_left, cal_left, urgency)
