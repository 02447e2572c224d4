"""The work queues of letters and cases: who sees which unit's letters (a leader follows the
units their unit directs), the handler filter of the letter and case lists, the leader's
workload tables, the queues on the staff home, and pages whose number of queries does not grow
with their rows."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.core import calendar
from danvan.letters import selectors
from danvan.letters.models import Case, Letter
from danvan.letters.policies import LetterPolicy
from danvan.letters.services import cases, intake
from danvan.letters.states import CaseStatus
from danvan.letters.tests import factories as lf
from danvan.organizations.tests import factories as org

pytestmark = pytest.mark.django_db

LETTERS = reverse("letters:staff-letter-list")
CASES = reverse("letters:staff-case-list")
WORKLOAD = reverse("letters:staff-workload")
HOME = reverse("organizations:staff-home")


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


_made = iter(range(100_000))


def _letter(office: lf.Office, subject: str = "Đơn kiến nghị") -> Letter:
    # A different signer each time, so no letter is taken for a repeat of another.
    i = next(_made)
    person = intake.SignerInput(full_name=f"Người gửi đơn {i}", phone=f"0913{i:06d}")
    return lf.receive(
        office.unit,
        office.receiver,
        subject=f"{subject} {i}",
        content=f"{subject}: nội dung số {i}.",
        signers=[person],
    ).letter


def _case(office: lf.Office, *handlers: Any) -> Case:
    case = lf.accept(_letter(office, "Đơn khiếu nại"), office.leader, resolver=office.leader)
    if handlers:
        cases.case_assign(case=case, actor=office.leader, handler_ids=[h.pk for h in handlers])
    return Case.objects.get(pk=case.pk)


def _letter_url(letter: Letter) -> str:
    return reverse("letters:staff-letter-detail", args=[letter.pk])


def _rows(html: str) -> str:
    return html.split("<tbody", 1)[1]


def _page(client: Client, user: Any, url: str, params: dict[str, Any] | None = None) -> str:
    client.force_login(user)
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


# --- scope: a leader follows the units their unit directs -----------------------------------


@pytest.fixture
def tree() -> dict[str, lf.Office]:
    """A district's committee directing two communes (one through another), a centre placed
    under it without being directed, and an unrelated commune."""
    offices = {
        "district": lf.make_office("Ủy ban nhân dân huyện Thử nghiệm"),
        "commune": lf.make_office("Ủy ban nhân dân xã Hòa An"),
        "hamlet": lf.make_office("Ban công tác thôn Hòa An Thượng"),
        "centre": lf.make_office("Trung tâm dịch vụ công huyện"),
        "other": lf.make_office("Ủy ban nhân dân xã Bình Minh"),
    }
    org.UnitLinkFactory(parent=offices["district"].unit, child=offices["commune"].unit)
    org.UnitLinkFactory(parent=offices["commune"].unit, child=offices["hamlet"].unit)
    org.UnitLinkFactory(
        parent=offices["district"].unit, child=offices["centre"].unit, directs=False
    )
    return offices


def test_a_leader_sees_the_letters_of_the_units_their_unit_directs(
    client: Client, tree: dict[str, lf.Office]
) -> None:
    letters = {name: _letter(office) for name, office in tree.items()}
    district = tree["district"]
    html = _rows(_page(client, district.leader, LETTERS))
    for name in ("district", "commune", "hamlet"):
        assert _letter_url(letters[name]) in html, name
    # Not a unit only placed under the district, nor an unrelated one.
    assert _letter_url(letters["centre"]) not in html
    assert _letter_url(letters["other"]) not in html
    assert client.get(_letter_url(letters["hamlet"])).status_code == 200
    assert client.get(_letter_url(letters["centre"])).status_code == 404


def test_the_district_s_other_people_and_other_units_people_see_only_their_own(
    client: Client, tree: dict[str, lf.Office]
) -> None:
    commune_letter = _letter(tree["commune"])
    for person in (
        tree["district"].handler,
        tree["district"].receiver,
        tree["other"].handler,
        tree["other"].leader,
    ):
        assert _letter_url(commune_letter) not in _rows(_page(client, person, LETTERS))
        assert client.get(_letter_url(commune_letter)).status_code == 404


def test_following_a_unit_gives_no_power_in_it(tree: dict[str, lf.Office]) -> None:
    commune = tree["commune"]
    case = _case(commune, commune.handler)
    denunciation = lf.denunciation(commune.unit, commune.receiver)
    policy = LetterPolicy(tree["district"].leader)
    assert policy.can_view_letter(case.letter)
    assert not policy.can_assign(case)
    assert not policy.can_decide(case)
    assert not policy.can_classify(denunciation)
    assert not policy.can_view_identity(denunciation)
    assert commune.unit.pk not in policy.intake_unit_ids()


# --- the handler filter ---------------------------------------------------------------------


def test_the_handler_filter_keeps_the_letters_and_cases_a_person_handles(client: Client) -> None:
    world = lf.make_world()
    office = world.office
    mine = _case(office, office.handler)
    theirs = _case(office, office.other_handler)
    both = _case(office, office.handler, office.other_handler)
    no_case = _letter(office)
    params = {"handler": office.handler.pk}

    html = _rows(_page(client, office.leader, LETTERS, params))
    assert _letter_url(mine.letter) in html
    assert _letter_url(both.letter) in html
    assert _letter_url(theirs.letter) not in html
    assert _letter_url(no_case) not in html

    html = _rows(_page(client, office.leader, CASES, params))
    shown = re.findall(r'<th scope="row"[^>]*>\s*<a [^>]*>([^<]+)</a>', html)
    assert sorted(shown) == sorted([mine.number, both.number])


def test_the_handler_choices_are_the_handlers_in_the_viewer_s_scope(client: Client) -> None:
    world = lf.make_world()
    office, elsewhere = world.office, world.elsewhere
    _case(office, office.handler)
    for url in (LETTERS, CASES):
        html = _page(client, office.leader, url)
        select = html.split('name="handler"', 1)[1].split("</select>", 1)[0]
        assert f'value="{office.handler.pk}"' in select
        assert f'value="{office.leader.pk}"' in select
        assert f'value="{elsewhere.handler.pk}"' not in select
        assert f'value="{office.receiver.pk}"' not in select
        # A handler outside the scope is not a choice: the filter is reported and left out.
        html = _page(client, office.leader, url, {"handler": elsewhere.handler.pk})
        assert "Some filters were not understood and were left out." in html
        assert 'id="id_handler_errors"' in html
        assert _page(client, office.leader, url, {"handler": "x\x00y"})


def test_a_parent_leader_may_filter_by_a_directed_unit_s_handler(
    client: Client, tree: dict[str, lf.Office]
) -> None:
    commune = tree["commune"]
    case = _case(commune, commune.handler)
    html = _page(client, tree["district"].leader, LETTERS, {"handler": commune.handler.pk})
    assert "Some filters were not understood" not in html
    assert _letter_url(case.letter) in _rows(html)
    html = _page(client, tree["other"].leader, LETTERS, {"handler": commune.handler.pk})
    assert "Some filters were not understood" in html


# --- the leader's workload ------------------------------------------------------------------


def _due(obj: Case | Letter, on: dt.date) -> None:
    type(obj).objects.filter(pk=obj.pk).update(due_on=on)


def _figures(html: str, key: str, pk: int) -> tuple[list[int], list[str]]:
    """The row of the handler (``key="handler"``) or unit ``pk``: its three numbers and the
    links they are."""
    fragment = f"?{key}={pk}&amp;"
    rows = [r for r in html.split("<tr>") if fragment in r]
    assert len(rows) == 1, (key, pk)
    found = re.findall(r'<a href="([^"]+)">(\d+)</a>', rows[0].split("</tr>", 1)[0])
    return [int(n) for _u, n in found], [u.replace("&amp;", "&") for u, _n in found]


def _shown(html: str, key: str, pk: int) -> bool:
    return f"?{key}={pk}&amp;" in html


def test_the_workload_tables_count_open_due_soon_and_overdue_work(
    client: Client, tree: dict[str, lf.Office]
) -> None:
    today = calendar.today_local()
    district, commune = tree["district"], tree["commune"]
    late = _case(district, district.handler)
    soon = _case(district, district.handler)
    later = _case(district, district.handler, district.other_handler)
    done = _case(district, district.handler)
    _due(late, today - dt.timedelta(days=2))
    _due(soon, today)
    _due(later, today + dt.timedelta(days=60))
    Case.objects.filter(pk=done.pk).update(status=CaseStatus.CLOSED, due_on=today)
    for due in (today - dt.timedelta(days=1), today, today + dt.timedelta(days=60)):
        _due(_letter(commune), due)
    _case(tree["centre"], tree["centre"].handler)  # not directed: not shown
    _letter(tree["other"])

    html = _page(client, district.leader, WORKLOAD)
    numbers, links = _figures(html, "handler", district.handler.pk)
    assert numbers == [3, 1, 1]
    for expected, link in zip(numbers, links, strict=True):
        listed = _rows(client.get(link).content.decode())
        assert listed.count('<th scope="row"') == expected, link
    assert _figures(html, "handler", district.other_handler.pk)[0] == [1, 0, 0]
    assert _figures(html, "handler", commune.handler.pk)[0] == [0, 0, 0]
    assert _figures(html, "handler", commune.leader.pk)[0] == [0, 0, 0]
    assert not _shown(html, "handler", district.receiver.pk)
    assert not _shown(html, "handler", tree["centre"].handler.pk)
    assert not _shown(html, "handler", tree["other"].handler.pk)

    numbers, links = _figures(html, "unit", commune.unit.pk)
    assert numbers == [3, 1, 1]
    for expected, link in zip(numbers, links, strict=True):
        listed = _rows(client.get(link).content.decode())
        assert listed.count('<th scope="row"') == expected, link
    assert _figures(html, "unit", tree["hamlet"].unit.pk)[0] == [0, 0, 0]
    assert not _shown(html, "unit", tree["centre"].unit.pk)
    assert not _shown(html, "unit", tree["other"].unit.pk)

    # The same numbers from the selectors.
    by_unit = {r.name: r for r in selectors.workload_by_unit(viewer=district.leader)}
    assert (by_unit[commune.unit.name].open, by_unit[commune.unit.name].overdue) == (3, 1)


def test_the_workload_is_for_unit_leaders_only(client: Client) -> None:
    office = lf.make_world().office
    for person in (office.handler, office.receiver, office.inspector):
        client.force_login(person)
        assert client.get(WORKLOAD).status_code == 403
    client.logout()
    assert client.get(WORKLOAD).status_code == 302


# --- the queues on the staff home -----------------------------------------------------------


def _block(html: str, block_id: str) -> str:
    start = html.index(f'id="{block_id}"')
    return html[start : html.index("</section>", start)]


def test_the_staff_home_links_the_person_s_queues_with_their_counts(client: Client) -> None:
    world = lf.make_world()
    office = world.office
    mine = [_case(office, office.handler) for _ in range(2)]
    closed = _case(office, office.handler)
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED)
    _case(office, office.other_handler)
    new = [_letter(office) for _ in range(2)]
    _letter(world.elsewhere)

    block = _block(_page(client, office.handler, HOME), "home-queues")
    assert f'<a href="{CASES}?mine=on&amp;status=open">2</a>' in block
    # Received letters: the two new ones (the accepted ones went on to a case).
    assert f'<a href="{LETTERS}?status=received">{len(new)}</a>' in block
    assert WORKLOAD not in block
    listed = _rows(_page(client, office.handler, CASES, {"mine": "on", "status": "open"}))
    assert listed.count('<th scope="row"') == len(mine)
    listed = _rows(_page(client, office.handler, LETTERS, {"status": "received"}))
    assert listed.count('<th scope="row"') == len(new)

    block = _block(_page(client, office.leader, HOME), "home-queues")
    assert WORKLOAD in block
    block = _block(_page(client, world.elsewhere.receiver, HOME), "home-queues")
    assert f'<a href="{LETTERS}?status=received">1</a>' in block


# --- queries that do not grow with the rows -------------------------------------------------


def _queries(client: Client, user: Any, url: str, params: dict[str, Any]) -> tuple[int, str]:
    client.force_login(user)
    client.get(url, params)  # warm the session and the calendar cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def _compare(
    client: Client,
    user: Any,
    url: str,
    params: dict[str, Any],
    grow: Callable[[], object],
    rows: Callable[[str], int],
) -> None:
    for _ in range(3):
        grow()
    few, html = _queries(client, user, url, params)
    assert rows(html) == 3
    for _ in range(7):
        grow()
    many, html = _queries(client, user, url, params)
    assert rows(html) == 10
    assert many == few


def _row_count(html: str) -> int:
    return _rows(html).count('<th scope="row"')


@pytest.mark.parametrize(
    ("url", "params", "who"),
    [
        pytest.param(CASES, {"mine": "on", "status": "open"}, "handler", id="assigned-to-me"),
        pytest.param(CASES, {"handler": "handler"}, "leader", id="cases-by-handler"),
        pytest.param(LETTERS, {"handler": "handler"}, "leader", id="letters-by-handler"),
        pytest.param(LETTERS, {"urgency": "overdue"}, "leader", id="overdue"),
        pytest.param(LETTERS, {"urgency": "due_soon"}, "leader", id="due-soon"),
    ],
)
def test_a_case_queue_costs_the_same_for_3_and_10_rows(
    client: Client, url: str, params: dict[str, Any], who: str
) -> None:
    office = lf.make_world().office
    today = calendar.today_local()
    params = {k: (office.handler.pk if v == "handler" else v) for k, v in params.items()}
    due = {"overdue": today - dt.timedelta(days=1), "due_soon": today}

    def grow() -> None:
        if "urgency" in params:
            # A letter still open, due as the queue asks.
            _due(_letter(office), due[params["urgency"]])
        else:
            _case(office, office.handler, office.other_handler)

    _compare(client, getattr(office, who), url, params, grow, _row_count)


def test_the_new_letters_queue_costs_the_same_for_3_and_10_rows(client: Client) -> None:
    office = lf.make_world().office
    _compare(
        client,
        office.receiver,
        LETTERS,
        {"status": "received"},
        lambda: _letter(office),
        _row_count,
    )


def test_the_workload_page_costs_the_same_for_3_and_10_handlers_and_units(
    client: Client,
) -> None:
    leader_office = lf.make_office("Ủy ban nhân dân huyện Đếm")
    leader = leader_office.leader

    def grow() -> None:
        office = lf.make_office(f"Ủy ban nhân dân xã Đếm {next(_made)}")
        org.UnitLinkFactory(parent=leader_office.unit, child=office.unit)
        _case(office, office.handler)
        _letter(office)

    def units(html: str) -> int:
        return html.split('id="workload-units"', 1)[1].count("Ủy ban nhân dân xã Đếm")

    _compare(client, leader, WORKLOAD, {}, grow, units)
