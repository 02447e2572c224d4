"""The figures of letters, counted once (``letters.statistics``): checked against a fixture
counted by hand, grouped, with the median, the satisfaction share hidden below five ratings, the
list behind each number, the cache dropped when a letter changes, and a bounded query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.core import calendar
from danvan.letters import statistics as st
from danvan.letters.models import Case, CaseAssignment, Cluster, Letter, Rating
from danvan.letters.policies import LetterPolicy
from danvan.letters.selectors import LetterFilters, letter_list
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.letters.tests import factories as lf

pytestmark = pytest.mark.django_db

YEAR = st.Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
TODAY = dt.date(2027, 1, 15)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _on(letters: list[Letter], **values) -> None:
    Letter.objects.filter(pk__in=[x.pk for x in letters]).update(**values)


def _case(letter: Letter, office, *, accepted: dt.date, due: dt.date, decided: dt.date | None):
    case = lf.accept(letter, office.leader, resolver=office.leader, accepted_on=accepted)
    Case.objects.filter(pk=case.pk).update(
        accepted_on=accepted,
        due_on=due,
        decided_on=decided,
        status=CaseStatus.DECIDED if decided else CaseStatus.IN_PROGRESS,
    )
    return case


def _rate(letter: Letter, score: int, on: dt.date) -> None:
    rating = Rating.objects.create(letter=letter, score=score)
    moment = dt.datetime.combine(on, dt.time(10), tzinfo=calendar.DEADLINE_TZ)
    Rating.objects.filter(pk=rating.pk).update(created_at=moment)


@pytest.fixture
def counted():
    """Twelve letters of one office, every figure of 2026 counted by hand below."""
    office = lf.make_office()
    made = lf.receive_distinct(office.unit, office.receiver, 12)
    a, b, c, d, e, _f, _g, _h, i, j, k, old = made
    _on(made[:11], received_on=dt.date(2026, 3, 2))
    _on([old], received_on=dt.date(2025, 11, 3))  # received the year before
    _on([j, k], received_on=dt.date(2026, 7, 1))
    # j repeats a's content; k and i are one cluster led by i: two letters, one matter.
    _on([j], duplicate_of=a)
    cluster = Cluster.objects.create(unit=office.unit, title="Cùng một việc", lead=i)
    _on([i, k], cluster=cluster)
    # a, b, c accepted in March; a decided on time (5 working days), b late, c still running.
    _case(
        a,
        office,
        accepted=dt.date(2026, 3, 9),
        due=dt.date(2026, 5, 4),
        decided=dt.date(2026, 3, 16),
    )
    _case(
        b,
        office,
        accepted=dt.date(2026, 3, 9),
        due=dt.date(2026, 4, 6),
        decided=dt.date(2026, 6, 1),
    )
    c_case = _case(c, office, accepted=dt.date(2026, 3, 10), due=dt.date(2026, 6, 1), decided=None)
    # ``old`` accepted in 2025, decided in 2026 on time (1 working day).
    _case(
        old,
        office,
        accepted=dt.date(2025, 12, 1),
        due=dt.date(2026, 2, 2),
        decided=dt.date(2025, 12, 2),
    )
    Case.objects.filter(letter=old).update(
        decided_on=dt.date(2026, 1, 6), accepted_on=dt.date(2026, 1, 5)
    )
    # Running deadlines passed on 31/12/2026: c's case, and d still being processed.
    _on(made, running_due=None)
    _on([c], running_due=dt.date(2026, 6, 1))
    _on([d], running_due=dt.date(2026, 12, 30))
    _on([e], running_due=dt.date(2027, 2, 1))  # not yet due
    CaseAssignment.objects.create(case=c_case, user=office.handler, assigned_by=office.leader)
    # Four ratings in 2026 (3 satisfied), one in 2025.
    for letter, score in ((a, 5), (b, 2), (c, 4), (d, 4)):
        _rate(letter, score, dt.date(2026, 8, 1))
    _rate(old, 5, dt.date(2025, 12, 20))
    st.invalidate()
    return office, {"a": a, "b": b, "c": c, "d": d, "i": i, "j": j, "k": k, "old": old}


def _scope(office):
    return LetterPolicy(office.leader).visible_letters()


def test_figures_match_the_hand_count(counted):
    office, _ = counted
    (total,) = st.figures(_scope(office), YEAR, today=TODAY)
    assert total.received == 11  # every 2026 letter, duplicates and cluster members included
    assert total.matters == 9  # j is a's matter, k is i's
    assert total.accepted == 4  # a, b, c, and old (accepted again on 5/1/2026)
    assert total.resolved == 3  # a, b, old
    assert total.on_time == 2  # a, old
    assert total.overdue == 2  # c and d on 31/12/2026
    # a: 9/3 → 16/3 = 5 working days; old: 5/1 → 6/1 = 1; b: 9/3 → 1/6, many more.
    assert total.median_days == 5
    assert (total.ratings, total.satisfied) == (4, 3)
    assert total.satisfaction is None  # four ratings: the share is not shown


def test_a_split_letter_counts_once_as_a_letter_and_as_its_parts_as_matters(counted):
    office, made = counted
    parts = lf.receive_distinct(office.unit, office.receiver, 2)
    _on(parts, received_on=dt.date(2026, 9, 1), source_letter=made["d"])
    _on([made["d"]], status=LetterStatus.SPLIT)
    (total,) = st.figures(_scope(office), YEAR, today=TODAY)
    assert total.received == 11  # the parts are not more letters
    assert total.matters == 9 - 1 + 2  # d is now its two parts


def test_the_share_satisfied_shows_from_five_ratings(counted):
    office, made = counted
    _rate(made["i"], 5, dt.date(2026, 9, 1))
    (total,) = st.figures(_scope(office), YEAR, today=TODAY)
    assert (total.ratings, total.satisfied) == (5, 4)
    assert total.satisfaction == pytest.approx(0.8)


def test_grouped_by_month_and_by_handler(counted):
    office, _ = counted
    months = {r.key: r for r in st.figures(_scope(office), YEAR, st.Dimension.MONTH, today=TODAY)}
    assert len(months) == 12
    assert months["2026-03"].received == 9
    assert months["2026-07"].received == 2
    assert months["2026-01"].resolved == 1  # old
    assert months["2026-06"].resolved == 1  # b, late
    assert months["2026-06"].on_time == 0
    assert st.totals(months.values()).received == 11
    handlers = {
        r.key: r for r in st.figures(_scope(office), YEAR, st.Dimension.HANDLER, today=TODAY)
    }
    mine = handlers[str(office.handler.pk)]
    assert (mine.accepted, mine.overdue, mine.resolved) == (1, 1, 0)
    assert handlers[None].received == 10
    assert handlers[None].label == "No handler"


@pytest.mark.parametrize("measure", list(st.Measure))
def test_the_list_behind_each_number_holds_as_many_letters(counted, measure):
    office, _ = counted
    # Both on today's date: the overdue is the stock of today, the year still running.
    (total,) = st.figures(_scope(office), YEAR)
    listed = letter_list(
        viewer=office.leader,
        filters=LetterFilters(
            measure=measure.value, measured_from=YEAR.start, measured_to=YEAR.end
        ),
    )
    assert listed.count() == total.count(measure)


def test_the_staff_list_filters_by_a_measure(counted, client):
    office, made = counted
    client.force_login(office.leader)
    page = client.get(
        reverse("letters:staff-letter-list"),
        {"measure": "on_time", "measured_from": "2026-01-01", "measured_to": "2026-12-31"},
    ).content.decode()
    assert made["a"].subject in page
    assert made["old"].subject in page
    assert made["b"].subject not in page
    # A measure without its period is refused with a message, and lists every letter.
    page = client.get(reverse("letters:staff-letter-list"), {"measure": "on_time"})
    assert page.status_code == 200
    assert "A count needs the first and the last day." in page.content.decode()


def test_cached_figures_are_dropped_when_a_letter_changes(counted):
    office, _made = counted

    def scope():
        return _scope(office)

    key = f"unit:{office.unit.pk}"
    (first,) = st.cached_figures(key, scope, YEAR, today=TODAY)
    with CaptureQueriesContext(connection) as reads:
        (again,) = st.cached_figures(key, scope, YEAR, today=TODAY)
    assert again == first
    assert not [q for q in reads.captured_queries if "letters_letter" in q["sql"]]
    lf.receive_distinct(office.unit, office.receiver, 1, received_on=dt.date(2026, 10, 1))
    (after,) = st.cached_figures(key, scope, YEAR, today=TODAY)
    assert after.received == first.received + 1


def test_queries_do_not_grow_with_letters(counted):
    office, _ = counted

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            scope = _scope(office)
            for by in (None, st.Dimension.UNIT, st.Dimension.HANDLER, st.Dimension.KIND):
                st.figures(scope, YEAR, by, today=TODAY)
        return len(ctx.captured_queries)

    count_queries()  # the first run reads the calendar and the policy's units once
    before = count_queries()
    more = lf.receive_distinct(office.unit, office.receiver, 6)
    _on(more, received_on=dt.date(2026, 4, 1))
    for letter in more[:3]:
        _case(
            letter,
            office,
            accepted=dt.date(2026, 4, 2),
            due=dt.date(2026, 5, 1),
            decided=dt.date(2026, 4, 20),
        )
    assert count_queries() == before
    # The counts and the medians of each grouping, the units' and the handlers' names, and
    # what the policy reads once (the person's units).
    assert before <= 4 * 2 + 2 + 4


def test_every_grouping_at_once_equals_each_alone(counted):
    office, _ = counted
    scope = _scope(office)
    groupings = [None, *st.Dimension]
    with CaptureQueriesContext(connection) as ctx:
        together = st.figures_by(scope, YEAR, groupings, today=TODAY)
    # The total and the five groupings on the letter's columns, the handlers, the months: two
    # queries each, and the names of the units, fields, provinces and handlers.
    assert len([q for q in ctx.captured_queries if "letters_letter" in q["sql"]]) == 6
    for grouping in groupings:
        alone = st.figures(scope, YEAR, grouping, today=TODAY)
        assert together[grouping] == alone, grouping
    cached = st.cached_figures_by(
        f"unit:{office.unit.pk}", lambda: scope, YEAR, groupings, today=TODAY
    )
    assert cached == together
