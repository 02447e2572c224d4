"""The kit's work items and daily reminders, on the test-only permits module: a permit submitted
and due is its handler's (else its unit's handling officers'), and escalates to the leaders of the
unit above. Time is frozen on each day the job runs: due-soon and overdue lines, a second run the
same day, a weekend, Tết 2027, the escalation rule's dated rows, people who cannot be reached."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from danvan.accounts.models import User
from danvan.core.models import AuditEntry
from danvan.notifications.models import Message
from danvan.organizations.models import Membership, Unit
from danvan.organizations.roles import Role
from danvan.organizations.tests import factories as org
from danvan.workflow import reminders, work_items
from danvan.workflow.audit_actions import AuditAction
from danvan.workflow.choices import ReminderKind, StartEvent
from danvan.workflow.models import DeadlineRule, SentReminder
from danvan.workflow.rules import Urgency
from danvan.workflow.tests.kitapp.models import Permit, PermitRuleKey, PermitStatus

pytestmark = pytest.mark.django_db

D = dt.date
VN = ZoneInfo("Asia/Ho_Chi_Minh")


# --- The permits module's source (as a module would write it) ---------------------------------


def permit_items(window: work_items.Window) -> Iterator[work_items.WorkItem]:
    """Submitted permits due by ``window.until``: the handler's, else the unit's officers'."""
    officers: dict[int, set[int]] = {}
    for unit_id, user_id in (
        Membership.objects.active_on(window.today)
        .filter(role=Role.HANDLING_OFFICER)
        .values_list("unit_id", "user_id")
    ):
        officers.setdefault(unit_id, set()).add(user_id)
    permits = (
        Permit.objects.filter(status=PermitStatus.SUBMITTED, due_on__lte=window.until)
        .select_related("due_rule")
        .only("pk", "title", "unit_id", "handler_id", "due_on", "due_rule__key")
    )
    for permit in permits:
        assert permit.due_on is not None
        yield window.item(
            key=f"kitapp.permit:{permit.pk}",
            label=f"Permit {permit.pk}",
            url=f"/kitapp/permits/{permit.pk}/",
            people={permit.handler_id} if permit.handler_id else officers.get(permit.unit_id, ()),
            unit_id=permit.unit_id,
            due_on=permit.due_on,
            rule_key=permit.due_rule.key if permit.due_rule else "",
        )


@pytest.fixture(autouse=True)
def _permit_source() -> Iterator[None]:
    work_items.register_source("kitapp", "permits", permit_items)
    yield
    work_items._SOURCES.pop("kitapp.permits", None)


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    settings.LANGUAGE_CODE = "en"
    settings.DANVAN_PUBLIC_URL = "https://danvan.example.invalid"
    with translation.override("en"):
        yield


# --- Helpers ----------------------------------------------------------------------------------


class Office:
    """A ward unit under a district unit under a province unit, each with its people."""

    def __init__(self) -> None:
        self.province = org.UnitFactory(name="Ban Dân vận Tỉnh Thử nghiệm")
        self.district = org.UnitFactory(name="Ban Dân vận Huyện Thử nghiệm")
        self.ward = org.UnitFactory(name="Ban Dân vận Xã Thử nghiệm")
        org.UnitLinkFactory(parent=self.province, child=self.district)
        org.UnitLinkFactory(parent=self.district, child=self.ward)
        self.handler = self.member(self.ward, Role.HANDLING_OFFICER)
        self.ward_leader = self.member(self.ward, Role.UNIT_LEADER)
        self.district_leader = self.member(self.district, Role.UNIT_LEADER)
        self.province_leader = self.member(self.province, Role.UNIT_LEADER)
        self.rule = DeadlineRule.objects.create(
            key=PermitRuleKey.REVIEW.value,
            amount=5,
            unit="working_days",
            start_event=StartEvent.RECEIPT,
            legal_basis="Quy chế cấp phép thử nghiệm, Điều 5",
            effective_from=D(2025, 1, 1),
        )

    @staticmethod
    def member(unit: Unit, role: Role, **user: Any) -> User:
        person: User = org.UserFactory(**user)
        org.MembershipFactory(user=person, unit=unit, role=role)
        return person

    def permit(self, due_on: dt.date, *, handler: User | None = None, **fields: Any) -> Permit:
        values: dict[str, Any] = {
            "unit": self.ward,
            "title": "Giấy phép thử nghiệm",
            "status": PermitStatus.SUBMITTED,
            "handler": handler or self.handler,
            "due_on": due_on,
            "due_rule": self.rule,
        } | fields
        permit: Permit = Permit.objects.create(**values)
        return permit


@pytest.fixture
def office() -> Office:
    return Office()


SINCE = D(2025, 1, 1)


def escalate_after(days: int, since: dt.date = SINCE) -> DeadlineRule:
    """A new dated version of the escalation rule (the seeded one starts in 2000)."""
    rule: DeadlineRule = DeadlineRule.objects.create(
        key=reminders.ESCALATION_KEY,
        amount=days,
        unit="working_days",
        start_event=StartEvent.DUE,
        legal_basis="Quy chế làm việc thử nghiệm, Điều 3",
        effective_from=since,
        suspension_excluded=False,
    )
    return rule


def run(day: dt.date) -> dict[str, Message]:
    """Run the daily command with the clock on 07:00 of ``day``; the new messages by address."""
    before = set(Message.objects.values_list("pk", flat=True))
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 7, tzinfo=VN), tick=False):
        call_command("send_reminders", stdout=io.StringIO())
    return {m.address: m for m in Message.objects.exclude(pk__in=before)}


def p(permit: Permit) -> str:
    return f"Permit {permit.pk} "


# --- The registry -----------------------------------------------------------------------------


def test_a_source_gives_items_with_urgency_and_the_rule_they_come_from(office: Office) -> None:
    overdue = office.permit(D(2026, 11, 20))
    soon = office.permit(D(2026, 11, 30))  # Thursday 26/11 + 2 working days
    office.permit(D(2026, 12, 10))  # not yet due soon
    office.permit(D(2026, 11, 20), status=PermitStatus.GRANTED)
    items = {i.key: i for i in work_items.due_items(D(2026, 11, 26)) if i.module == "kitapp"}
    assert set(items) == {f"kitapp.permit:{overdue.pk}", f"kitapp.permit:{soon.pk}"}
    late = items[f"kitapp.permit:{overdue.pk}"]
    assert (late.urgency, late.overdue_working_days) == (Urgency.OVERDUE, 4)
    assert late.people == {office.handler.pk}
    assert late.unit_id == office.ward.pk
    assert late.rule_key == PermitRuleKey.REVIEW.value
    assert late.url == f"/kitapp/permits/{overdue.pk}/"
    assert items[f"kitapp.permit:{soon.pk}"].urgency == Urgency.DUE_SOON
    assert "kitapp.permits" in work_items.sources()
    assert "letters.letters" in work_items.sources()


def test_a_source_reads_a_bounded_number_of_queries(
    office: Office, django_assert_num_queries: Any
) -> None:
    office.permit(D(2026, 11, 20))
    work_items.due_items(D(2026, 11, 26))  # the calendar's years are cached after this
    with django_assert_num_queries(2):
        assert len(list(permit_items(work_items.Window("kitapp", D(2026, 11, 26), D(2026, 12, 1)))))
    for n in range(20):
        office.permit(D(2026, 11, 20) + dt.timedelta(days=n % 8), handler=None)
    with django_assert_num_queries(2):
        found = list(permit_items(work_items.Window("kitapp", D(2026, 11, 26), D(2026, 12, 1))))
    assert len(found) == 21


def test_an_item_key_must_name_its_module() -> None:
    from django.core.exceptions import ImproperlyConfigured

    window = work_items.Window("kitapp", D(2026, 11, 26), D(2026, 12, 1))
    with pytest.raises(ImproperlyConfigured):
        window.item(
            key="letters.letter:1",
            label="x",
            url="/",
            people=[],
            unit_id=None,
            due_on=D(2026, 11, 26),
            rule_key="",
        )


# --- The digest -------------------------------------------------------------------------------


def test_the_digest_names_overdue_and_due_soon_items_and_sends_nothing_twice(
    office: Office,
) -> None:
    overdue = office.permit(D(2026, 11, 24))  # Tuesday: 2 working days late on Thursday
    soon = office.permit(D(2026, 12, 1))  # Thursday 26/11 + 3 working days
    later = office.permit(D(2026, 12, 2))  # 4 working days: not yet
    sent = run(D(2026, 11, 26))
    assert set(sent) == {office.handler.email}
    body = sent[office.handler.email].body
    assert "Overdue:\n- " + p(overdue) in body
    assert "Due within 3 working days:\n- " + p(soon) in body
    assert p(later) not in body
    assert f"https://danvan.example.invalid/kitapp/permits/{soon.pk}/" in body
    assert sent[office.handler.email].subject == "Dân Vận Số: 1 overdue, 1 due soon"
    assert run(D(2026, 11, 26)) == {}
    # An item that falls due after the first run goes out alone on the next one, the same day.
    new = office.permit(D(2026, 11, 27))
    again = run(D(2026, 11, 26))
    body = again[office.handler.email].body
    assert p(new) in body
    assert p(overdue) not in body
    assert p(soon) not in body
    assert run(D(2026, 11, 26)) == {}
    assert SentReminder.objects.filter(day=D(2026, 11, 26), kind=ReminderKind.DIGEST).count() == 3


def test_across_a_weekend_a_friday_item_is_reminded_on_working_days_only(office: Office) -> None:
    escalate_after(2)
    permit = office.permit(D(2026, 12, 4))  # a Friday
    days = [D(2026, 11, 30) + dt.timedelta(days=n) for n in range(10)]  # Mon 30/11 .. Wed 9/12
    told: dict[dt.date, str] = {}
    escalated: list[dt.date] = []
    for day in days:
        sent = run(day)
        if office.handler.email in sent:
            body = sent[office.handler.email].body
            told[day] = "overdue" if "Overdue:\n- " + p(permit) in body else "soon"
        if office.district_leader.email in sent:
            escalated.append(day)
    assert told == {
        D(2026, 12, 1): "soon",  # Tuesday: Friday is 3 working days away
        D(2026, 12, 2): "soon",
        D(2026, 12, 3): "soon",
        D(2026, 12, 4): "soon",  # its last day
        # Saturday and Sunday: nothing is sent on a day off
        D(2026, 12, 7): "overdue",  # Monday: 1 working day late
        D(2026, 12, 8): "overdue",
        D(2026, 12, 9): "overdue",
    }
    # Two working days late on Tuesday 8/12 (the weekend does not count), and every day after.
    assert escalated == [D(2026, 12, 8), D(2026, 12, 9)]


def test_across_tet_2027_the_windows_and_the_escalation_count_working_days(
    office: Office,
) -> None:
    escalate_after(2)
    before_tet = office.permit(D(2027, 2, 3))  # Wednesday, the last working day before Tết
    after_tet = office.permit(D(2027, 2, 11))  # Thursday, the first working day after it
    told: dict[dt.date, set[str]] = {}
    escalated: list[dt.date] = []
    day = D(2027, 1, 27)
    while day <= D(2027, 2, 16):
        sent = run(day)
        if office.handler.email in sent:
            body = sent[office.handler.email].body
            told[day] = {name for name, x in (("before", before_tet), ("after", after_tet))
                         if p(x) in body}  # fmt: skip
        if office.district_leader.email in sent:
            assert p(before_tet) in sent[office.district_leader.email].body
            escalated.append(day)
        day += dt.timedelta(days=1)
    # Due soon from Friday 29/01 (3 working days before 03/02), not on Thursday 28/01.
    assert D(2027, 1, 28) not in told
    assert told[D(2027, 1, 29)] == {"before"}
    # 11/02 is 3 working days after Monday 01/02 across the seven days off of Tết.
    assert told[D(2027, 2, 1)] == {"before", "after"}
    assert not any(D(2027, 2, 4) <= d <= D(2027, 2, 10) for d in told)  # Tết: nothing sent
    assert told[D(2027, 2, 11)] == {"before", "after"}
    # 03/02 is 1 working day late on 11/02 and 2 on Friday 12/02, when it escalates.
    assert escalated == [D(2027, 2, 12), D(2027, 2, 15), D(2027, 2, 16)]


# --- Escalation -------------------------------------------------------------------------------


def test_escalation_goes_to_the_leader_of_the_unit_above_after_the_rules_working_days(
    office: Office,
) -> None:
    # The seeded default (3 working days from the due date) is in force without any new row.
    seeded = reminders.escalation_rule(D(2026, 11, 26))
    assert seeded is not None
    assert (seeded.amount, seeded.unit, seeded.verified) == (3, "working_days", False)
    permit = office.permit(D(2026, 11, 20))  # Friday
    assert office.district_leader.email not in run(D(2026, 11, 24))  # 2 working days late
    sent = run(D(2026, 11, 25))  # 3 working days late
    body = sent[office.district_leader.email].body
    assert "escalated to you" in body
    assert f"{p(permit)}(20/11/2026, 3 working days overdue; Ban Dân vận Xã Thử nghiệm)" in body
    subject = sent[office.district_leader.email].subject
    assert subject == "Dân Vận Số: 0 overdue, 0 due soon, 1 escalated"
    # Not the leader of the item's own unit, nor of the unit above the one above.
    assert office.ward_leader.email not in sent
    assert office.province_leader.email not in sent
    assert office.handler.email in sent  # still overdue in the handler's own digest
    # Once a day per item: a second run sends nothing; the next day it escalates again.
    assert run(D(2026, 11, 25)) == {}
    assert office.district_leader.email in run(D(2026, 11, 26))
    entries = AuditEntry.objects.filter(action=AuditAction.WORK_ITEM_ESCALATED)
    assert entries.count() == 2
    assert entries.first().extra["item"] == f"kitapp.permit:{permit.pk}"  # type: ignore[union-attr]


def test_a_new_dated_row_of_the_escalation_rule_changes_the_number_of_days(
    office: Office,
) -> None:
    first = escalate_after(1)
    office.permit(D(2026, 11, 20))  # Friday
    assert office.district_leader.email in run(D(2026, 11, 23))  # 1 working day late
    # From 24/11 the administrators want 4 working days: a new version, the old one ended.
    first.effective_to = D(2026, 11, 24)
    first.save()
    escalate_after(4, since=D(2026, 11, 24))
    assert office.district_leader.email not in run(D(2026, 11, 24))
    assert office.district_leader.email not in run(D(2026, 11, 25))
    assert office.district_leader.email in run(D(2026, 11, 26))  # 4 working days late


def test_escalation_climbs_past_a_unit_without_a_leader_and_stops_at_the_top(
    office: Office,
) -> None:
    Membership.objects.filter(user=office.district_leader).update(effective_to=D(2026, 11, 1))
    escalate_after(1)
    below = office.permit(D(2026, 11, 20))
    top = office.permit(D(2026, 11, 20), unit=office.province, handler=office.province_leader)
    sent = run(D(2026, 11, 23))
    assert office.district_leader.email not in sent
    body = sent[office.province_leader.email].body
    assert "escalated to you" in body
    own, escalated = body.split("escalated to you")
    assert p(top) in own
    assert p(top) not in escalated
    assert p(below) in escalated
    assert p(below) not in own
    assert reminders.leaders_above([office.province.pk], D(2026, 11, 23)) == {}


def test_inactive_people_and_people_without_e_mail_are_skipped(office: Office) -> None:
    escalate_after(1)
    office.permit(D(2026, 11, 20))
    User.objects.filter(pk=office.handler.pk).update(is_active=False)
    User.objects.filter(pk=office.district_leader.pk).update(email="")
    assert run(D(2026, 11, 23)) == {}
    assert not SentReminder.objects.exists()  # nothing recorded: they get it once reachable
    User.objects.filter(pk=office.district_leader.pk).update(email="lanhdao.huyen@example.invalid")
    assert set(run(D(2026, 11, 23))) == {"lanhdao.huyen@example.invalid"}


def test_without_an_escalation_rule_in_force_nothing_escalates(office: Office) -> None:
    DeadlineRule.objects.filter(key=reminders.ESCALATION_KEY).update(active=False)
    office.permit(D(2026, 11, 2))
    sent = run(D(2026, 11, 26))
    assert set(sent) == {office.handler.email}


def test_old_ledger_rows_are_purged_by_the_daily_job(office: Office) -> None:
    SentReminder.objects.create(
        item_key="kitapp.permit:1", day=D(2026, 8, 1), user=office.handler, kind="digest"
    )
    kept = SentReminder.objects.create(
        item_key="kitapp.permit:1", day=D(2026, 9, 1), user=office.handler, kind="digest"
    )
    run(D(2026, 11, 26))
    assert list(SentReminder.objects.filter(day__lt=D(2026, 11, 26))) == [kept]


def test_the_command_refuses_a_bad_day() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--day"):
        call_command("send_reminders", day="26/11/2026", stdout=io.StringIO())
