"""The daily deadlines digest for officers: what is overdue and what falls due soon.

One message a day per person, naming only counts and register numbers with links to the back
office (no content, no signer), sent to the e-mail of their account.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from danvan.core import calendar
from danvan.letters import deadlines
from danvan.letters.models import Case, Letter, ReminderSent
from danvan.letters.states import OPEN_LETTER_STATUSES, CaseStatus
from danvan.organizations.models import Membership
from danvan.organizations.roles import Role


@dataclass
class Digest:
    overdue: list[str] = field(default_factory=list)
    due_soon: list[str] = field(default_factory=list)


def _line(label: str, due: dt.date, url: str) -> str:
    return f"- {label} ({due.strftime('%d/%m/%Y')}): {url}"


def build_digests(today: dt.date) -> dict[int, Digest]:
    """Per user id: the letters and cases they answer for that are overdue or due soon."""
    soon = deadlines.due_soon_limit(today)
    base = str(getattr(settings, "DANVAN_PUBLIC_URL", "") or "").rstrip("/")
    digests: dict[int, Digest] = defaultdict(Digest)
    # Who answers for what today: receiving officers and leaders for the letters of their unit,
    # leaders for its cases without a named resolver (one query for both).
    intake_people: dict[int, set[int]] = defaultdict(set)
    leaders: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id, role in (
        Membership.objects.active_on(today)
        .filter(role__in=[Role.RECEIVING_OFFICER, Role.UNIT_LEADER])
        .values_list("unit_id", "user_id", "role")
    ):
        intake_people[unit_id].add(user_id)
        if role == Role.UNIT_LEADER:
            leaders[unit_id].add(user_id)
    letters = Letter.objects.filter(status__in=OPEN_LETTER_STATUSES, due_on__lte=soon).only(
        "pk", "unit_id", "due_on", "register_number", "register_year"
    )
    for letter in letters:
        assert letter.due_on is not None  # noqa: S101 - filtered above
        url = base + reverse("letters:staff-letter-detail", args=[letter.pk])
        line = _line(_("Letter %(n)s") % {"n": letter.register_label}, letter.due_on, url)
        for user_id in intake_people.get(letter.unit_id, set()):
            bucket = digests[user_id]
            (bucket.overdue if letter.due_on < today else bucket.due_soon).append(line)
    cases = Case.objects.filter(status=CaseStatus.IN_PROGRESS, due_on__lte=soon).prefetch_related(
        "assignments"
    )
    for case in cases:
        url = base + reverse("letters:staff-case-detail", args=[case.pk])
        line = _line(_("Case %(n)s") % {"n": case.number}, case.due_on, url)
        people = {a.user_id for a in case.assignments.all() if a.ended_at is None}
        people |= {case.resolver_id} if case.resolver_id else leaders.get(case.unit_id, set())
        for user_id in people:
            bucket = digests[user_id]
            (bucket.overdue if case.due_on < today else bucket.due_soon).append(line)
    return dict(digests)


def reminders_send(today: dt.date | None = None) -> int:
    """Send today's digests not yet sent; returns how many were sent. Safe to run repeatedly."""
    from danvan.notifications import services as notifications

    day = today or calendar.today_local()
    sent = 0
    digests = build_digests(day)
    users = get_user_model().objects.in_bulk(list(digests))
    for user_id, digest in digests.items():
        user = users.get(user_id)
        email = getattr(user, "email", "") if user is not None else ""
        if not email or not getattr(user, "is_active", False):
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(user_id=user_id, day=day)
                with translation.override(settings.LANGUAGE_CODE):
                    parts = [
                        _("Deadlines of the letters and cases you handle, %(date)s.")
                        % {"date": day.strftime("%d/%m/%Y")}
                    ]
                    if digest.overdue:
                        parts += ["", _("Overdue:"), *digest.overdue]
                    if digest.due_soon:
                        parts += [
                            "",
                            _("Due within %(n)d working days:")
                            % {"n": deadlines.DUE_SOON_WORKING_DAYS},
                            *digest.due_soon,
                        ]
                    subject = _("Dân Vận Số: %(overdue)d overdue, %(soon)d due soon") % {
                        "overdue": len(digest.overdue),
                        "soon": len(digest.due_soon),
                    }
                notifications.message_send(
                    event="letters.reminder",
                    subject=subject,
                    body="\n".join(parts),
                    email=email,
                    target_ref=f"accounts.user#{user_id}",
                )
        except IntegrityError:
            continue  # already sent today
        sent += 1
    return sent
