"""The proposals queues: awaiting my approval and returned to me, counted on the staff home
and listed as work lists whose number of queries does not grow with their rows."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.workflow import proposals

pytestmark = [pytest.mark.django_db, pytest.mark.urls("danvan.workflow.tests.kitapp.urls")]


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def _block(html: str) -> str:
    start = html.index('id="home-proposals"')
    return html[start : html.index("</section>", start)]


def test_the_staff_home_counts_each_person_s_proposals_queues(client: Client, office: Any) -> None:
    awaiting = reverse("workflow:proposals-awaiting")
    returned = reverse("workflow:proposals-returned")
    first, second, third = (office.propose_grant() for _ in range(3))
    proposals.return_with_comments(proposal=third, actor=office.head, comments="Bổ sung hồ sơ.")
    home = reverse("organizations:staff-home")

    client.force_login(office.head)
    block = _block(client.get(home).content.decode())
    assert f'<a href="{awaiting}">2</a>' in block
    assert f'<a href="{returned}">0</a>' in block
    client.force_login(office.officer)
    block = _block(client.get(home).content.decode())
    assert f'<a href="{awaiting}">0</a>' in block  # never one's own
    assert f'<a href="{returned}">1</a>' in block
    client.force_login(office.other_head)
    assert f'<a href="{awaiting}">0</a>' in _block(client.get(home).content.decode())
    assert {first.pk, second.pk} == {p.pk for p in proposals.awaiting_my_approval(office.head)}


def _queries(client: Client, user: Any, url: str) -> tuple[int, int]:
    client.force_login(user)
    client.get(url)  # warm the session and the calendar cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode().split("<tbody", 1)[1]
    return len(captured.captured_queries), len(re.findall(r'<th scope="row"', body))


@pytest.mark.parametrize("which", ["awaiting", "returned"])
def test_a_proposals_queue_costs_the_same_for_3_and_10_rows(
    client: Client, office: Any, which: str
) -> None:
    url = reverse(f"workflow:proposals-{which}")
    reader = office.head if which == "awaiting" else office.officer

    def grow(n: int) -> None:
        for _ in range(n):
            proposal = office.propose_grant()
            if which == "returned":
                proposals.return_with_comments(
                    proposal=proposal, actor=office.head, comments="Bổ sung."
                )

    grow(3)
    few, rows = _queries(client, reader, url)
    assert rows == 3
    grow(7)
    many, rows = _queries(client, reader, url)
    assert rows == 10
    assert many == few
