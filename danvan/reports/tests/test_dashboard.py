"""The staff dashboard: its numbers against a fixture counted by hand, each number's list holding
as many letters, the satisfaction share hidden below five ratings, the person's scope, a query
count that does not grow with the letters, and the cache serving a second visit."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.core import calendar
from danvan.letters import statistics as st
from danvan.letters.forms.staff import LetterFilterForm
from danvan.letters.models import Rating
from danvan.letters.policies import LetterPolicy
from danvan.letters.selectors import letter_list
from danvan.letters.tests import factories as lf
from danvan.reports import dashboard as dashboards
from danvan.reports.tests.dashboard_support import make_office

pytestmark = pytest.mark.django_db

YEAR = dashboards.period_of(2026, None)
URL = reverse("reports:dashboard")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _tiles(office):
    board = dashboards.dashboard(LetterPolicy(office.leader), YEAR)
    return board, {str(t.label): t for t in board.tiles}


def _listed(viewer, href: str) -> int:
    query = QueryDict(urlsplit(href).query)
    filters = LetterFilterForm.for_viewer(query, viewer).filters()
    return letter_list(viewer=viewer, filters=filters).count()


def test_the_headline_numbers_are_the_hand_count(counted):
    office, _made = counted
    _board, tiles = _tiles(office)
    texts = {label: tile.text for label, tile in tiles.items()}
    assert texts == {
        "Letters received": "8", "Matters received": "8", "Accepted for resolution": "3",
        "Resolved": "2", "Resolved on time": "1", "Overdue": "1", "Share on time": "50 %",
        # a: 9/3 to 16/3, 5 working days; b: 9/3 to 1/6, 60 weekdays less the Hùng Kings' day
        # (Sunday 26/4, taken on 27/4), 30/4 and 1/5: 57. The median of 5 and 57.
        "Median working days to resolve": "31.0",
        "Satisfied": "80 %",
    }  # fmt: skip
    assert tiles["Satisfied"].detail == "of 5 ratings"
    page = office_page(office)
    for text in ("80 %", "50 %", "of 5 ratings"):
        assert text in page


def office_page(office, client=None, **query) -> str:
    from django.test import Client

    client = client or Client()
    client.force_login(office.leader)
    response = client.get(URL, {"year": 2026, **query})
    assert response.status_code == 200
    return response.content.decode()


def test_each_headline_number_opens_a_list_of_as_many_letters(counted):
    office, _made = counted
    _board, tiles = _tiles(office)
    for label in ("Letters received", "Matters received", "Accepted for resolution",
                  "Resolved", "Resolved on time", "Overdue"):  # fmt: skip
        tile = tiles[label]
        assert tile.href.startswith(reverse("letters:staff-letter-list") + "?")
        assert _listed(office.leader, tile.href) == int(tile.text), label
    # The satisfaction share opens the letters rated in the period.
    assert _listed(office.leader, tiles["Satisfied"].href) == 5


def test_every_number_of_a_grouping_opens_its_own_list(counted):
    office, _made = counted
    board = _tiles(office)[0]
    checked = 0
    for chart in board.charts:
        for group in chart.groups:
            for value in [*group.values, *group.extra[:2]]:
                if value.href:
                    assert _listed(office.leader, value.href) == int(value.text), (
                        chart.key, group.label, value.href,
                    )  # fmt: skip
                    checked += 1
    assert checked > 20
    handlers = next(c for c in board.charts if c.key == "handler")
    mine = next(g for g in handlers.groups if g.label == office.handler.get_full_name())
    overdue = mine.values[3]
    assert overdue.text == "1"
    assert parse_qs(urlsplit(overdue.href).query)["handler"] == [str(office.handler.pk)]
    months = next(c for c in board.charts if c.key == "month")
    assert len(months.groups) == 12
    march = months.groups[2].values[0]
    assert march.text == "8"
    assert parse_qs(urlsplit(march.href).query)["measured_from"] == ["2026-03-01"]
    assert parse_qs(urlsplit(march.href).query)["measured_to"] == ["2026-03-31"]
    # The group with no handler has no list to open by handler.
    nobody = next(g for g in handlers.groups if g.label == "No handler")
    assert all(not v.href for v in nobody.values)


def test_satisfaction_below_five_ratings_is_not_shown(counted):
    office, made = counted
    Rating.objects.filter(letter=made["e"]).delete()
    _board, tiles = _tiles(office)
    assert tiles["Satisfied"].text == "—"
    assert tiles["Satisfied"].href == ""
    assert tiles["Satisfied"].detail == "Fewer than 5 ratings: not shown."
    board, _ = _tiles(office)
    (unit,) = board.satisfaction.groups
    assert unit.values[0].text == "—"
    assert unit.values[0].value is None
    page = office_page(office)
    assert "75 %" not in page  # 3 of 4 would identify the one unhappy rater more easily


def test_each_person_counts_only_the_letters_they_see(counted):
    office, _made = counted
    other, _ = make_office("Ủy ban nhân dân xã Thử nghiệm Tây", 3)
    st.invalidate()
    _board, tiles = _tiles(office)
    assert tiles["Letters received"].text == "8"
    _board, tiles = _tiles(other)
    assert tiles["Letters received"].text == "3"
    # A handler reads the letters of the cases they handle.
    board = dashboards.dashboard(LetterPolicy(office.handler), YEAR)
    received = {str(t.label): t.text for t in board.tiles}["Letters received"]
    assert received == str(LetterPolicy(office.handler).visible_letters().count())


def _queries(client, office) -> int:
    client.force_login(office.leader)
    st.invalidate()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, {"year": 2026}).status_code == 200
    return len(captured.captured_queries)


def test_the_query_count_does_not_grow_with_the_letters(client):
    small, _ = make_office("Ủy ban nhân dân xã Thử nghiệm Nam", 5)
    large, made = make_office("Ủy ban nhân dân xã Thử nghiệm Bắc", 20)
    for letter in made[:6]:
        lf.accept(letter, large.leader, resolver=large.leader)
    assert _queries(client, large) == _queries(client, small)


def test_a_second_visit_reads_the_figures_from_the_cache(counted, client):
    office, _made = counted
    client.force_login(office.leader)
    st.invalidate()
    client.get(URL, {"year": 2026})
    with CaptureQueriesContext(connection) as captured:
        page = client.get(URL, {"year": 2026}).content.decode()
    letters_read = [q["sql"] for q in captured.captured_queries if "letters_letter" in q["sql"]]
    assert letters_read == []
    assert "80 %" in page
    # A change of a letter drops the cached figures.
    lf.receive_distinct(office.unit, office.receiver, 1, received_on=dt.date(2026, 3, 3))
    _board, tiles = _tiles(office)
    assert tiles["Letters received"].text == "9"


def test_a_bad_period_is_said_and_this_year_shown(counted, client):
    office, _made = counted
    client.force_login(office.leader)
    response = client.get(URL, {"year": "hai nghìn", "month": "13"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The period was not understood: this year is shown." in page
    year = calendar.today_local().year
    assert f"01/01/{year}" in page


def test_only_staff_open_the_dashboard_and_the_staff_home_lists_it(counted, client):
    office, _made = counted
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    client.force_login(office.leader)
    home = client.get(reverse("organizations:staff-home")).content.decode()
    assert URL in home


def test_the_page_draws_every_grouping_with_its_table(counted):
    office, _made = counted
    page = office_page(office)
    for key in ("unit", "handler", "month", "kind", "field", "area", "channel", "satisfaction"):
        assert f'id="chart-{key}"' in page
    assert page.count("<svg") == 8
    captions = re.findall(r'<caption id="chart-[a-z]+-caption">[^<]*: the figures</caption>', page)
    assert len(captions) == 8
