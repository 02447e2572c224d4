"""Letters of 2026 counted by hand, for the dashboard's tests."""

from __future__ import annotations

import datetime as dt

from danvan.core import calendar
from danvan.letters.models import Case, Letter, Rating
from danvan.letters.states import CaseStatus
from danvan.letters.tests import factories as lf


def case(letter, office, *, accepted, due, decided):
    case = lf.accept(letter, office.leader, resolver=office.leader, accepted_on=accepted)
    Case.objects.filter(pk=case.pk).update(
        accepted_on=accepted, due_on=due, decided_on=decided,
        status=CaseStatus.DECIDED if decided else CaseStatus.IN_PROGRESS,
    )  # fmt: skip
    return case


def rate(letter, score, on=dt.date(2026, 8, 1)):
    rating = Rating.objects.create(letter=letter, score=score)
    moment = dt.datetime.combine(on, dt.time(10), tzinfo=calendar.DEADLINE_TZ)
    Rating.objects.filter(pk=rating.pk).update(created_at=moment)


def make_office(name, n):
    office = lf.make_office(name)
    made = lf.receive_distinct(office.unit, office.receiver, n)
    Letter.objects.filter(pk__in=[x.pk for x in made]).update(
        received_on=dt.date(2026, 3, 2), running_due=None
    )
    return office, made
