"""The one API of dated rules: which version is in force on a date, the due date it gives, how
urgent a due date is, the duties per period and the legal-basis texts.

Everything here is a pure function of its arguments and the tables (the rule tables of this
context and the working-day calendar of ``danvan.core``). Services store what they computed
(a due date and the rule version used) on their own rows.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Final

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from danvan.core import calendar, stamps
from danvan.core.errors import ApplicationError
from danvan.core.models import PeriodUnit
from danvan.organizations.models.dated import active_q
from danvan.workflow.choices import DutyPeriod
from danvan.workflow.models import DeadlineRule, DutyRule, LegalBasis
from danvan.workflow.registry import (
    LegalBasisDefault,
    register_duty_keys,
    register_legal_bases,
    register_rule_keys,
)

__all__ = [
    "DUE_SOON_WORKING_DAYS",
    "DeadlineView",
    "LegalBasisDefault",
    "MissingDutyError",
    "MissingLegalBasisError",
    "MissingRuleError",
    "Urgency",
    "deadline_view",
    "due_date",
    "due_soon_limit",
    "duty_in_force",
    "legal_basis",
    "period_of",
    "register_duty_keys",
    "register_legal_bases",
    "register_rule_keys",
    "rule_in_force",
    "seed_legal_bases",
    "stopped_days",
]

#: A deadline this many working days away or closer counts as "due soon".
DUE_SOON_WORKING_DAYS: Final = 3


class MissingRuleError(ApplicationError):
    def __init__(self, key: str, on: dt.date) -> None:
        super().__init__(
            _(
                "No time-limit rule “%(key)s” is in force on %(date)s; an administrator must add "
                "one."
            )
            % {"key": key, "date": on.strftime("%d/%m/%Y")}
        )


class MissingDutyError(ApplicationError):
    def __init__(self, key: str, on: dt.date) -> None:
        super().__init__(
            _("No duty “%(key)s” is in force on %(date)s; an administrator must add one.")
            % {"key": key, "date": on.strftime("%d/%m/%Y")}
        )


class MissingLegalBasisError(ApplicationError):
    def __init__(self, key: str, on: dt.date) -> None:
        super().__init__(
            _("No legal basis “%(key)s” is in force on %(date)s; an administrator must add one.")
            % {"key": key, "date": on.strftime("%d/%m/%Y")}
        )


# --- Time limits ------------------------------------------------------------------------------


#: The stamp (``core.stamps``) of the deadline rules: each process keeps a key's switched-on
#: versions until a rule is saved or deleted anywhere.
RULES_STAMP: Final = "deadline_rules"
_rules: stamps.SharedCache[tuple[DeadlineRule, ...]] = stamps.SharedCache(RULES_STAMP)


def _rules_changed(*_args: object, **_kwargs: object) -> None:
    stamps.bump(RULES_STAMP)


post_save.connect(_rules_changed, sender=DeadlineRule, dispatch_uid="workflow.rules.saved")
post_delete.connect(_rules_changed, sender=DeadlineRule, dispatch_uid="workflow.rules.deleted")


def _switched_on(key: str) -> tuple[DeadlineRule, ...]:
    """Every switched-on version of rule ``key``, the latest start first."""
    return tuple(
        DeadlineRule.objects.filter(key=key, active=True).order_by("-effective_from", "-id")
    )


def rule_in_force(key: str, on: dt.date) -> DeadlineRule:
    """The switched-on version of rule ``key`` in force on ``on`` (the latest start wins).

    Raises ``MissingRuleError`` when there is none. The versions are read once per process
    until a rule changes (``RULES_STAMP``).
    """
    key = str(key)
    for rule in _rules.get(key, lambda: _switched_on(key)):
        if rule.effective_from <= on and (rule.effective_to is None or rule.effective_to > on):
            return rule
    raise MissingRuleError(key, on)


def due_date(
    rule: DeadlineRule,
    start: dt.date,
    *,
    remote: bool = False,
    complicated: bool = False,
    extra_days: int = 0,
) -> dt.date:
    """The last day of the period that starts the day after ``start``.

    ``extra_days`` adds extensions and the days a suspension stopped the clock, counted in the
    rule's own unit, to the statutory amount: the period is then one longer period, so the
    Civil Code's roll-over (a last day that is a day off moves to the next working day) applies
    once, at the end.
    """
    amount = rule.amount_for(remote=remote, complicated=complicated) + extra_days
    return calendar.add_period(start, amount, PeriodUnit(rule.unit))


def stopped_days(rule: DeadlineRule, since: dt.date, until: dt.date) -> int:
    """How many days of the rule's unit a suspension from ``since`` to ``until`` (the day it
    resumed) kept off the clock. Zero when the rule counts suspended time."""
    if not rule.suspension_excluded or until <= since:
        return 0
    if rule.unit == PeriodUnit.WORKING_DAYS:
        return calendar.working_days_between(since, until)
    return (until - since).days


# --- How urgent a due date is -----------------------------------------------------------------


def due_soon_limit(today: dt.date) -> dt.date:
    """The last due date that counts as "due soon" on ``today``."""
    return calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)


class Urgency(enum.Enum):
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    STOPPED = "stopped"


def urgency_q(urgency: Urgency, today: dt.date, field: str = "due_on") -> Q:
    """The rows whose ``field`` is overdue on ``today``, or due within the due-soon window."""
    if urgency is Urgency.OVERDUE:
        return Q(**{f"{field}__lt": today})
    if urgency is Urgency.DUE_SOON:
        return Q(**{f"{field}__gte": today, f"{field}__lte": due_soon_limit(today)})
    raise ValueError(f"No filter for the urgency {urgency}.")


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


# --- Duties per period ------------------------------------------------------------------------


def duty_in_force(key: str, on: dt.date) -> DutyRule:
    """The switched-on version of duty ``key`` in force on ``on`` (the latest start wins).

    Raises ``MissingDutyError`` when there is none.
    """
    duty = (
        DutyRule.objects.filter(active_q(on), key=str(key), active=True)
        .order_by("-effective_from", "-id")
        .first()
    )
    if duty is None:
        raise MissingDutyError(str(key), on)
    return duty


def period_of(duty: DutyRule, on: dt.date) -> tuple[dt.date, dt.date]:
    """The calendar period of ``duty`` that contains ``on``, half-open like every dated row:
    ``(first day, first day of the next period)``."""
    if duty.period == DutyPeriod.MONTH:
        start = on.replace(day=1)
        end = dt.date(on.year + on.month // 12, on.month % 12 + 1, 1)
    elif duty.period == DutyPeriod.QUARTER:
        first_month = (on.month - 1) // 3 * 3 + 1
        start = dt.date(on.year, first_month, 1)
        end = dt.date(on.year + (first_month + 2) // 12, (first_month + 2) % 12 + 1, 1)
    else:
        start, end = dt.date(on.year, 1, 1), dt.date(on.year + 1, 1, 1)
    return start, end


# --- Legal bases ------------------------------------------------------------------------------


def legal_basis(key: str, on: dt.date | None = None) -> str:
    """The legal-basis text of ``key`` in force on ``on`` (today by default).

    Raises ``MissingLegalBasisError`` naming the key when no version is in force.
    """
    day = on or calendar.today_local()
    text = (
        LegalBasis.objects.filter(active_q(day), key=key)
        .order_by("-effective_from", "-id")
        .values_list("text", flat=True)
        .first()
    )
    if text is None:
        raise MissingLegalBasisError(key, day)
    return text


def seed_legal_bases(model: type[LegalBasis], defaults: dict[str, LegalBasisDefault]) -> int:
    """Create a first version for each key in ``defaults`` that has none; returns how many.

    ``model`` is the LegalBasis class (the historical one inside a migration). Keys that already
    have a row, including an administrator's later versions, are left as they are.
    """
    have = set(model.objects.filter(key__in=list(defaults)).values_list("key", flat=True))
    rows = [
        model(key=key, text=d.text, effective_from=d.effective_from)
        for key, d in defaults.items()
        if key not in have
    ]
    model.objects.bulk_create(rows)
    return len(rows)
