"""The open statistics of the portal (``/thong-ke/``): the figures of a hand-counted fixture on
the page and in the CSV, the satisfaction share hidden below five ratings (and when it would
give a hidden one away), a wrong year answered in Vietnamese with the default year, the page in
English, the portal's home block, and a constant number of queries with none on letters once the
figures are cached."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.core import calendar
from danvan.letters import statistics as st
from danvan.letters.models import Case, Letter, Rating
from danvan.letters.states import CaseStatus
from danvan.letters.tests import factories as lf
from danvan.reports import open_statistics as ops

pytestmark = pytest.mark.django_db

URL = "/thong-ke/"
YEAR = calendar.today_local().year - 1


def _on(letters: list[Letter], **values) -> None:
    Letter.objects.filter(pk__in=[x.pk for x in letters]).update(**values)


def _decide(letter: Letter, office, *, accepted: dt.date, due: dt.date, decided: dt.date) -> None:
    case = lf.accept(letter, office.leader, resolver=office.leader, accepted_on=accepted)
    Case.objects.filter(pk=case.pk).update(
        accepted_on=accepted, due_on=due, decided_on=decided, status=CaseStatus.DECIDED
    )


def _rate(letter: Letter, score: int, on: dt.date) -> None:
    rating = Rating.objects.create(letter=letter, score=score)
    moment = dt.datetime.combine(on, dt.time(10), tzinfo=calendar.DEADLINE_TZ)
    Rating.objects.filter(pk=rating.pk).update(created_at=moment)


@pytest.fixture
def counted():
    """Two communes; every figure of the year counted by hand below."""
    an = lf.make_office("Ủy ban nhân dân xã An Bình")
    binh = lf.make_office("Ủy ban nhân dân xã Bình Minh")
    a = lf.receive_distinct(an.unit, an.receiver, 6)
    b = lf.receive_distinct(binh.unit, binh.receiver, 3)
    _on(a[:5], received_on=dt.date(YEAR, 3, 2))  # An Bình: 5 in March, 1 in July
    _on(a[5:], received_on=dt.date(YEAR, 7, 1))
    _on(b, received_on=dt.date(YEAR, 3, 5))  # Bình Minh: 3 in March
    # An Bình: one resolved on time in March, one late in June; Bình Minh: one on time in March.
    _decide(a[0], an, accepted=dt.date(YEAR, 3, 9), due=dt.date(YEAR, 5, 4),
            decided=dt.date(YEAR, 3, 16))  # fmt: skip
    _decide(a[1], an, accepted=dt.date(YEAR, 3, 9), due=dt.date(YEAR, 4, 6),
            decided=dt.date(YEAR, 6, 1))  # fmt: skip
    _decide(b[0], binh, accepted=dt.date(YEAR, 3, 9), due=dt.date(YEAR, 5, 4),
            decided=dt.date(YEAR, 3, 20))  # fmt: skip
    # Five ratings of An Bình in August (4 satisfied): 80 % (5), shown.
    for letter, score in zip(a[:5], (5, 4, 4, 5, 2), strict=True):
        _rate(letter, score, dt.date(YEAR, 8, 3))
    st.invalidate()
    return an, binh, a, b


def _csv(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_the_page_shows_the_hand_counted_figures(client: Client, counted) -> None:
    response = client.get(URL, {"year": YEAR})
    assert response.status_code == 200
    assert response["Cache-Control"] == f"public, max-age={300}"
    stats = response.context["stats"]
    assert (stats.total.received, stats.total.resolved, stats.total.on_time) == (9, 3, 2)
    units = {line.row.label: line for line in stats.units}
    an, binh = units["Ủy ban nhân dân xã An Bình"], units["Ủy ban nhân dân xã Bình Minh"]
    assert (an.row.received, an.row.resolved, an.row.on_time) == (6, 2, 1)
    assert (binh.row.received, binh.row.resolved, binh.row.on_time) == (3, 1, 1)
    assert an.share_text == "80 % (5)"
    assert binh.share_text == "—"
    months = {line.row.period.start.month: line.row for line in stats.months}
    assert len(months) == 12
    assert (months[3].received, months[3].resolved, months[3].on_time) == (8, 2, 2)
    assert (months[6].resolved, months[6].on_time) == (1, 0)
    assert months[7].received == 1
    assert (months[8].ratings, months[8].satisfied) == (5, 4)

    html = response.content.decode()
    assert "<h1>Thống kê công khai</h1>" in html
    assert "80 % (5)" in html
    for chart in ("month-counts", "month-shares", "unit-counts", "unit-shares"):
        assert f'id="chart-{chart}"' in html
    # No link to a staff page, no person's name.
    assert 'href="/staff/' not in html
    for letter in Letter.objects.all():
        assert letter.subject not in html


def test_the_csv_has_a_row_per_unit_and_month(client: Client, counted) -> None:
    response = client.get(URL, {"year": YEAR, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="thong-ke-{YEAR}.csv"'
    header, *rows = _csv(response)
    assert len(header) == 7
    assert rows == [
        ["Ủy ban nhân dân xã An Bình", f"03/{YEAR}", "5", "1", "1", "0", ""],
        ["Ủy ban nhân dân xã An Bình", f"06/{YEAR}", "0", "1", "0", "0", ""],
        ["Ủy ban nhân dân xã An Bình", f"07/{YEAR}", "1", "0", "0", "0", ""],
        ["Ủy ban nhân dân xã An Bình", f"08/{YEAR}", "0", "0", "0", "5", "80"],
        ["Ủy ban nhân dân xã Bình Minh", f"03/{YEAR}", "3", "1", "1", "0", ""],
    ]


def test_a_share_on_four_ratings_is_hidden_and_on_five_shown(client: Client) -> None:
    office = lf.make_office("Ủy ban nhân dân xã Cẩm Lệ")
    letters = lf.receive_distinct(office.unit, office.receiver, 5)
    _on(letters, received_on=dt.date(YEAR, 2, 2))
    for letter in letters[:4]:
        _rate(letter, 5, dt.date(YEAR, 4, 1))
    st.invalidate()
    html = client.get(URL, {"year": YEAR}).content.decode()
    assert "— (4)" in html
    assert "100 % (4)" not in html
    assert "ít hơn 5 lượt đánh giá" in html

    _rate(letters[4], 3, dt.date(YEAR, 4, 2))  # the fifth rating drops the cached figures
    html = client.get(URL, {"year": YEAR}).content.decode()
    assert "80 % (5)" in html
    assert "— (4)" not in html


def test_a_share_that_would_give_a_hidden_one_away_is_hidden_too(client: Client, counted) -> None:
    _an, _binh, _a, b = counted
    # Two ratings at Bình Minh in August: hidden; An Bình's 5 and the month's 7 would tell them.
    _rate(b[0], 1, dt.date(YEAR, 8, 4))
    _rate(b[1], 1, dt.date(YEAR, 8, 4))
    stats = client.get(URL, {"year": YEAR}).context["stats"]
    units = {line.row.label: line.share_text for line in stats.units}
    assert units == {"Ủy ban nhân dân xã An Bình": "— (5)", "Ủy ban nhân dân xã Bình Minh": "— (2)"}
    assert ops.share_text(stats.total) == "57 % (7)"


def test_hidden_shares_hide_the_smallest_until_the_hidden_rest_on_five() -> None:
    rows = [
        st.FigureRow(key="a", label="A", ratings=2, satisfied=2),
        st.FigureRow(key="b", label="B", ratings=6, satisfied=3),
        st.FigureRow(key="c", label="C", ratings=9, satisfied=9),
        st.FigureRow(key="d", label="D", ratings=0),
    ]
    assert ops.hidden_shares(rows) == {0, 1, 3}
    assert ops.hidden_shares(rows[1:]) == {2}
    assert ops.hidden_shares([st.FigureRow(key="a", label="A", ratings=5, satisfied=1)]) == set()


@pytest.mark.parametrize("year", ["1999", "abc", str(YEAR + 2), ""])
def test_a_wrong_year_gets_a_vietnamese_message_and_this_year(client: Client, year: str) -> None:
    response = client.get(URL, {"year": year})
    assert response.status_code == 200
    assert response.context["stats"].year == calendar.today_local().year
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Hãy chọn một năm trong danh sách" in html
    assert client.get(URL, {"year": year, "format": "csv"}).status_code == 200


def test_the_page_is_in_english_after_switching(client: Client, counted) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": URL})
    response = client.get(URL, {"year": YEAR})
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Open statistics</h1>" in html
    assert "Letters by month" in html
    assert "Thống kê công khai" not in html
    assert "Cookie" in response["Vary"]
    header = _csv(client.get(URL, {"year": YEAR, "format": "csv"}))[0]
    assert header[0] == "Unit"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert "<h1>Thống kê công khai</h1>" in client.get(URL).content.decode()


def test_the_portal_home_shows_this_years_totals(client: Client) -> None:
    office = lf.make_office("Ủy ban nhân dân xã Đông Hà")
    letters = lf.receive_distinct(office.unit, office.receiver, 3)  # received today
    today = calendar.today_local()
    _decide(letters[0], office, accepted=today, due=today + dt.timedelta(days=30), decided=today)
    st.invalidate()
    html = client.get("/").content.decode()
    start = html.index('id="home-open-statistics"')
    block = html[html.rindex("<li", 0, start) : html.index("</dl>", start)]
    assert f'href="{reverse("reports:open-statistics")}"' in block
    assert "<dd>3</dd>" in block
    assert "<dd>1</dd>" in block
    assert "<dd>100 %</dd>" in block


def _letter_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "letters_" in q["sql"]]


@pytest.mark.parametrize("fmt", ["", "csv"])
def test_a_constant_number_of_queries_and_none_on_letters_once_cached(
    client: Client, fmt: str
) -> None:
    office = lf.make_office("Ủy ban nhân dân xã Hòa Vang")
    params = {"year": YEAR, **({"format": fmt} if fmt else {})}
    counts = []
    for n in (5, 45):
        letters = lf.receive_distinct(office.unit, office.receiver, n)
        _on(letters, received_on=dt.date(YEAR, 5, 5))
        for letter in letters[:3]:
            _rate(letter, 4, dt.date(YEAR, 6, 1))
        st.invalidate()
        with CaptureQueriesContext(connection) as cold:
            assert client.get(URL, params).status_code == 200
        counts.append(len(cold.captured_queries))
        with CaptureQueriesContext(connection) as warm:
            assert client.get(URL, params).status_code == 200
        assert _letter_queries(warm.captured_queries) == []
    assert counts[0] == counts[1]
