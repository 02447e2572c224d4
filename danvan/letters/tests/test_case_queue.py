"""The staff cases list as a work queue: open cases before closed ones (then the deadline),
the current handlers' names in a column, the "only mine" filter, and a page whose number of
queries does not grow with its rows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.letters.models import Case, CaseAssignment
from danvan.letters.services import cases, intake
from danvan.letters.states import CaseStatus
from danvan.letters.tests import factories as lf

pytestmark = pytest.mark.django_db

CASES = reverse("letters:staff-case-list")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


_made = iter(range(10_000))


def _new_case(office, subject: str) -> Case:
    # A different complainant each time, so no letter is taken for a repeat of another.
    i = next(_made)
    person = intake.SignerInput(full_name=f"Người khiếu nại {i}", phone=f"0912{i:06d}")
    letter = lf.receive(
        office.unit,
        office.receiver,
        subject=subject,
        content=f"{subject}: nội dung {i}.",
        signers=[person],
    ).letter
    return lf.accept(letter, office.leader, resolver=office.leader)


def _numbers(html: str) -> list[str]:
    """The case numbers in the order the rows show them."""
    body = html.split("<tbody", 1)[1]
    return re.findall(r'<th scope="row"[^>]*>\s*<a [^>]*>([^<]+)</a>', body)


def test_open_cases_come_before_closed_ones_then_by_deadline(client):
    office = lf.make_world().office
    soon_closed = _new_case(office, "Đơn đã xong")
    late_open = _new_case(office, "Đơn còn lâu")
    early_open = _new_case(office, "Đơn gấp")
    base = dt.date(2026, 1, 10)
    Case.objects.filter(pk=soon_closed.pk).update(
        status=CaseStatus.CLOSED, due_on=base - dt.timedelta(days=5)
    )
    Case.objects.filter(pk=late_open.pk).update(due_on=base + dt.timedelta(days=20))
    Case.objects.filter(pk=early_open.pk).update(due_on=base)
    client.force_login(office.leader)
    html = client.get(CASES).content.decode()
    expected = [Case.objects.get(pk=c.pk).number for c in (early_open, late_open, soon_closed)]
    assert _numbers(html) == expected
    # Reversed, the least urgent first: the closed case, then the latest deadline.
    html = client.get(CASES, {"sort": "-deadline"}).content.decode()
    assert _numbers(html) == list(reversed(expected))


def test_keyset_pages_keep_open_cases_first_and_show_every_case_once(client):
    office = lf.make_world().office
    made = [_new_case(office, f"Đơn thứ {i:02d}") for i in range(27)]
    closed = [c.pk for c in made[:5]]
    Case.objects.filter(pk__in=closed).update(status=CaseStatus.CLOSED)
    client.force_login(office.leader)
    first = client.get(CASES).content.decode()
    found = re.search(r'<a href="(\?[^"]*)" rel="next">', first)
    assert found
    second = client.get(CASES + found.group(1).replace("&amp;", "&")).content.decode()
    shown = _numbers(first) + _numbers(second)
    assert len(shown) == 27
    assert len(set(shown)) == 27
    closed_numbers = set(Case.objects.filter(pk__in=closed).values_list("number", flat=True))
    assert set(shown[-5:]) == closed_numbers


def test_the_handler_column_names_the_current_handlers_only(client):
    office = lf.make_world().office
    case = _new_case(office, "Đơn có người giải quyết")
    cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    cases.case_assign(case=case, actor=office.leader, handler_ids=[office.other_handler.pk])
    # The first handler's assignment has ended: no longer named.
    CaseAssignment.objects.filter(case=case, user=office.handler).update(
        ended_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    client.force_login(office.leader)
    html = client.get(CASES).content.decode()
    assert ">Handler<" in html
    # The rows (the handler filter above them names every handler of the unit).
    rows = html.split("<tbody", 1)[1]
    assert office.other_handler.get_full_name() in rows
    assert office.handler.get_full_name() not in rows


def test_the_mine_filter_keeps_only_the_viewers_current_cases(client):
    office = lf.make_world().office
    mine = _new_case(office, "Đơn của tôi")
    theirs = _new_case(office, "Đơn của người khác")
    ended = _new_case(office, "Đơn tôi đã thôi giải quyết")
    cases.case_assign(case=mine, actor=office.leader, handler_ids=[office.handler.pk])
    cases.case_assign(case=theirs, actor=office.leader, handler_ids=[office.other_handler.pk])
    cases.case_assign(case=ended, actor=office.leader, handler_ids=[office.handler.pk])
    CaseAssignment.objects.filter(case=ended, user=office.handler).update(
        ended_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    client.force_login(office.leader)
    everything = _numbers(client.get(CASES).content.decode())
    assert len(everything) == 3
    client.force_login(office.handler)
    html = client.get(CASES, {"mine": "on"}).content.decode()
    assert "Only cases assigned to me" in html
    assert _numbers(html) == [Case.objects.get(pk=mine.pk).number]


def _queries_for(client, office, count: int) -> int:
    existing = Case.objects.count()
    for i in range(existing, count):
        case = _new_case(office, f"Đơn đếm {i:02d}")
        cases.case_assign(
            case=case,
            actor=office.leader,
            handler_ids=[office.handler.pk, office.other_handler.pk],
        )
    client.force_login(office.leader)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(CASES)
    assert response.status_code == 200
    assert len(_numbers(response.content.decode())) == count
    return len(captured.captured_queries)


def test_the_page_costs_the_same_number_of_queries_for_3_and_15_cases(client):
    office = lf.make_world().office
    with_three = _queries_for(client, office, 3)
    with_fifteen = _queries_for(client, office, 15)
    assert with_fifteen <= with_three
