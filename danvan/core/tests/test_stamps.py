"""Shared caches (``core.stamps``): kept across requests while nothing changed, dropped in every
process at its next request when another process stamped a change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from danvan.core import calendar as cal
from danvan.core import calendar_services, stamps
from danvan.core.models import CacheStamp, CalendarDay, DayKind

pytestmark = pytest.mark.django_db

D = dt.date
#: A working Monday in a seeded year, with no day off before the Friday of the same week.
MONDAY = D(2026, 10, 12)


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    calendar_services.ensure_years_seeded([MONDAY.year])
    stamps.clear_all()
    # As the test client does: the request signals must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        _end_request()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        stamps.clear_all()


def new_request() -> None:
    request_finished.send(sender=None)
    request_started.send(sender=None)


def _end_request() -> None:
    request_finished.send(sender=None)


def other_process_changes(name: str) -> None:
    """What another process's ``bump`` leaves in the database: a new token (its own cache is
    its own), without this process hearing any signal."""
    CacheStamp.objects.update_or_create(name=name, defaults={"token": "other-process"})


def test_a_request_reuses_the_calendar_while_nothing_changed() -> None:
    new_request()
    assert cal.add_working_days(MONDAY, 4) == MONDAY + dt.timedelta(days=4)
    new_request()
    with CaptureQueriesContext(connection) as ctx:
        assert cal.add_working_days(MONDAY, 4) == MONDAY + dt.timedelta(days=4)
        assert cal.is_working_day(MONDAY)
    # One query reads the stamps; the calendar itself is not read again.
    assert [q["sql"] for q in ctx.captured_queries if "core_calendar" in q["sql"]] == []
    assert len(ctx.captured_queries) == 1


def test_another_process_correction_is_seen_at_the_next_request() -> None:
    new_request()
    assert cal.is_working_day(MONDAY + dt.timedelta(days=1))
    # Another process declares the Tuesday a day off: the row and its stamp change in the
    # database, and this process hears no signal.
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=MONDAY + dt.timedelta(days=1), kind=DayKind.EXTRA_DAY_OFF,
                     name="Nghỉ thêm", source=CalendarDay.Source.ADMIN)]
    )  # fmt: skip
    assert cal.is_working_day(MONDAY + dt.timedelta(days=1))  # same request: its snapshot
    other_process_changes(cal.STAMP)
    new_request()
    assert not cal.is_working_day(MONDAY + dt.timedelta(days=1))
    assert cal.add_working_days(MONDAY, 4) == MONDAY + dt.timedelta(days=7)


def test_a_change_in_this_process_is_seen_at_once() -> None:
    new_request()
    assert cal.is_working_day(MONDAY + dt.timedelta(days=2))
    CalendarDay.objects.create(
        date=MONDAY + dt.timedelta(days=2), kind=DayKind.EXTRA_DAY_OFF, name="Nghỉ thêm",
        source=CalendarDay.Source.ADMIN,
    )  # fmt: skip
    assert not cal.is_working_day(MONDAY + dt.timedelta(days=2))
    token = CacheStamp.objects.get(name=cal.STAMP).token
    assert token
    assert stamps.token(cal.STAMP) == token
