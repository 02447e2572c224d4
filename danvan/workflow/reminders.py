"""The daily reminders: each person's digest of the work items that are overdue or fall due
within ``DUE_SOON_WORKING_DAYS`` working days, and the escalation of an item that stays overdue
to the leaders of the unit above.

The items come from every module's registered source (``danvan.workflow.work_items``). A digest
names only labels, due dates and links to the back office (no content, no signer) and goes to the
e-mail of the person's account through ``danvan.notifications``.

An item escalates once it is overdue for the period of the dated rule ``workflow.escalation`` in
force on the day (N working days after its due date, ``rules.due_date``); administrators change N
with a new dated row. It goes to the leaders (``Role.UNIT_LEADER``, active on the day) of the
nearest unit above the item's unit that has one, every day it stays overdue.

The same daily run deletes the staff notifications read more than
``staff_notifications.KEEP_READ_DAYS`` days ago.

The ledger (``SentReminder``) holds one row per item, day, person and kind: a line that has a row
is never sent again, so the job may run any number of times a day; an item that falls due after
a first run goes out on the next one. Nothing is sent on a day off (weekends, Tết): the overdue
items are in the next working day's digest.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danvan.core import audit, calendar
from danvan.organizations.models import Membership, Unit, UnitLink
from danvan.organizations.roles import Role
from danvan.workflow import rules, staff_notifications
from danvan.workflow.audit_actions import AuditAction
from danvan.workflow.choices import ReminderKind, WorkflowRuleKey
from danvan.workflow.models import DeadlineRule, SentReminder
from danvan.workflow.rules import DUE_SOON_WORKING_DAYS, Urgency
from danvan.workflow.work_items import WorkItem, due_items

__all__ = [
    "ESCALATION_KEY",
    "KEEP_LEDGER_DAYS",
    "Reminder",
    "build_reminders",
    "escalation_rule",
    "leaders_above",
    "ledger_purge",
    "reminders_send",
]

logger = logging.getLogger(__name__)

ESCALATION_KEY: Final = WorkflowRuleKey.ESCALATION.value
#: Ledger rows are needed only for their day; older ones are deleted by the daily job.
KEEP_LEDGER_DAYS: Final = 90


@dataclass
class Reminder:
    """What one person is told on one day."""

    overdue: list[WorkItem] = field(default_factory=list)
    due_soon: list[WorkItem] = field(default_factory=list)
    escalated: list[WorkItem] = field(default_factory=list)

    def lines(self) -> list[tuple[str, WorkItem]]:
        """``(kind, item)`` for each line: the ledger rows the reminder writes."""
        digest: str = ReminderKind.DIGEST.value
        escalation: str = ReminderKind.ESCALATION.value
        return [(digest, i) for i in (*self.overdue, *self.due_soon)] + [
            (escalation, i) for i in self.escalated
        ]

    def keep(self, sent: set[tuple[str, str]]) -> Reminder:
        """The same reminder without the lines in ``sent`` (``(kind, item key)``)."""
        return Reminder(
            overdue=[i for i in self.overdue if (ReminderKind.DIGEST, i.key) not in sent],
            due_soon=[i for i in self.due_soon if (ReminderKind.DIGEST, i.key) not in sent],
            escalated=[i for i in self.escalated if (ReminderKind.ESCALATION, i.key) not in sent],
        )

    def __bool__(self) -> bool:
        return bool(self.overdue or self.due_soon or self.escalated)


# --- Escalation -------------------------------------------------------------------------------


def escalation_rule(on: dt.date) -> DeadlineRule | None:
    """The escalation rule in force on ``on``; None (and a warning) when there is none."""
    try:
        return rules.rule_in_force(ESCALATION_KEY, on)
    except rules.MissingRuleError:
        logger.warning("No rule %s in force on %s: nothing escalates.", ESCALATION_KEY, on)
        return None


def leaders_above(unit_ids: Iterable[int], on: dt.date) -> dict[int, frozenset[int]]:
    """Per unit id: the user ids of the leaders of the nearest unit above it that has a leader
    on ``on`` (a unit at the top, or with no leader above, is left out).

    Two queries per level of the tree climbed, whatever the number of units.
    """
    result: dict[int, frozenset[int]] = {}
    # Each unit we still look for, by the unit reached so far on its way up.
    waiting: dict[int, set[int]] = defaultdict(set)
    for unit_id in set(unit_ids):
        waiting[unit_id].add(unit_id)
    seen: set[int] = set()
    while waiting:
        seen |= set(waiting)
        parents = dict(
            UnitLink.objects.active_on(on)
            .filter(child_id__in=list(waiting))
            .values_list("child_id", "parent_id")
        )
        leaders: dict[int, set[int]] = defaultdict(set)
        for unit_id, user_id in (
            Membership.objects.active_on(on)
            .filter(role=Role.UNIT_LEADER, unit_id__in=set(parents.values()))
            .values_list("unit_id", "user_id")
        ):
            leaders[unit_id].add(user_id)
        climbing: dict[int, set[int]] = defaultdict(set)
        for reached, origins in waiting.items():
            parent = parents.get(reached)
            if parent is None:
                continue
            if leaders.get(parent):
                result.update((origin, frozenset(leaders[parent])) for origin in origins)
            elif parent not in seen:  # a cycle is refused on write; do not loop on one anyway
                climbing[parent] |= origins
        waiting = climbing
    return result


def _escalates(item: WorkItem, rule: DeadlineRule | None, day: dt.date) -> bool:
    if rule is None or item.urgency != Urgency.OVERDUE or item.unit_id is None:
        return False
    return day >= rules.due_date(rule, item.due_on)


# --- Building and sending ---------------------------------------------------------------------


def build_reminders(day: dt.date) -> dict[int, Reminder]:
    """Per user id: what they are told on ``day`` (the ledger is not read here)."""
    items = due_items(day)
    rule = escalation_rule(day)
    escalated = [item for item in items if _escalates(item, rule, day)]
    above = leaders_above({i.unit_id for i in escalated if i.unit_id is not None}, day)
    reminders: dict[int, Reminder] = defaultdict(Reminder)
    for item in items:
        for user_id in item.people:
            bucket = reminders[user_id]
            (bucket.overdue if item.urgency == Urgency.OVERDUE else bucket.due_soon).append(item)
    for item in escalated:
        assert item.unit_id is not None  # noqa: S101 - filtered in _escalates
        for user_id in above.get(item.unit_id, frozenset()) - item.people:
            reminders[user_id].escalated.append(item)
    return dict(reminders)


def _line(item: WorkItem, base: str, unit_names: dict[int, str] | None = None) -> str:
    due = item.due_on.strftime("%d/%m/%Y")
    if unit_names is None:
        return f"- {item.label} ({due}): {base}{item.url}"
    late = _("%(n)d working days overdue") % {"n": item.overdue_working_days}
    unit = unit_names.get(item.unit_id or 0, "")
    return f"- {item.label} ({due}, {late}; {unit}): {base}{item.url}"


def _message(
    day: dt.date, reminder: Reminder, base: str, unit_names: dict[int, str]
) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        parts = [
            _("Deadlines of the work you handle, %(date)s.") % {"date": day.strftime("%d/%m/%Y")}
        ]
        if reminder.overdue:
            parts += ["", _("Overdue:"), *(_line(i, base) for i in reminder.overdue)]
        if reminder.due_soon:
            parts += [
                "",
                _("Due within %(n)d working days:") % {"n": DUE_SOON_WORKING_DAYS},
                *(_line(i, base) for i in reminder.due_soon),
            ]
        if reminder.escalated:
            parts += [
                "",
                _("Still overdue in the units under yours (escalated to you):"),
                *(_line(i, base, unit_names) for i in reminder.escalated),
            ]
        subject = _("Dân Vận Số: %(overdue)d overdue, %(soon)d due soon") % {
            "overdue": len(reminder.overdue),
            "soon": len(reminder.due_soon),
        }
        if reminder.escalated:
            subject += _(", %(n)d escalated") % {"n": len(reminder.escalated)}
    return subject, "\n".join(parts)


def reminders_send(today: dt.date | None = None) -> int:
    """Send ``today``'s reminder lines that are not in the ledger yet; returns how many messages
    were sent (one per person at most). Safe to run any number of times.

    Skips people whose account is inactive or has no e-mail (nothing is recorded for them), and
    sends nothing on a day off. Writes, per person and in one transaction, the ledger rows, the
    queued message (``notifications.message_send``, delivered on commit) and one audit entry per
    escalated item. Two runs at once: the ledger's unique key lets one of them send each line.
    """
    from danvan.notifications import services as notifications

    day = today or calendar.today_local()
    ledger_purge(day - dt.timedelta(days=KEEP_LEDGER_DAYS))
    staff_notifications.purge_read(
        timezone.now() - dt.timedelta(days=staff_notifications.KEEP_READ_DAYS)
    )
    if not calendar.is_working_day(day):
        return 0
    reminders = build_reminders(day)
    if not reminders:
        return 0
    sent_before: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for user_id, kind, key in SentReminder.objects.filter(
        day=day, user_id__in=list(reminders)
    ).values_list("user_id", "kind", "item_key"):
        sent_before[user_id].add((kind, key))
    users = get_user_model().objects.in_bulk(list(reminders))
    escalated_units = {
        i.unit_id for r in reminders.values() for i in r.escalated if i.unit_id is not None
    }
    unit_names = dict(Unit.objects.filter(pk__in=escalated_units).values_list("pk", "name"))
    base = str(getattr(settings, "DANVAN_PUBLIC_URL", "") or "").rstrip("/")
    rule = escalation_rule(day) if escalated_units else None
    sent = 0
    for user_id, full in reminders.items():
        user = users.get(user_id)
        email = getattr(user, "email", "") if user is not None else ""
        if not email or not getattr(user, "is_active", False):
            continue
        reminder = full.keep(sent_before[user_id])
        if not reminder:
            continue
        subject, body = _message(day, reminder, base, unit_names)
        try:
            with transaction.atomic():
                SentReminder.objects.bulk_create(
                    [
                        SentReminder(item_key=item.key, day=day, user_id=user_id, kind=kind)
                        for kind, item in reminder.lines()
                    ]
                )
                notifications.message_send(
                    event="workflow.reminder",
                    subject=subject,
                    body=body,
                    email=email,
                    target_ref=f"accounts.user#{user_id}",
                )
                for item in reminder.escalated:
                    audit.record(
                        action=AuditAction.WORK_ITEM_ESCALATED,
                        actor=audit.SYSTEM,
                        extra={
                            "item": item.key,
                            "recipient": user_id,
                            "overdue_working_days": item.overdue_working_days,
                            "rule": rule.pk if rule is not None else None,
                        },
                    )
        except IntegrityError:
            continue  # another run sent these lines first
        sent += 1
    return sent


def ledger_purge(before: dt.date) -> int:
    """Delete the ledger rows of the days before ``before``; returns how many."""
    deleted, _counts = SentReminder.objects.filter(day__lt=before).delete()
    return deleted
