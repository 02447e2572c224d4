"""What letters shows on the portal and the staff home, through the module registry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from danvan.core import calendar
from danvan.letters.models import Letter, Publication
from danvan.letters.tests.conftest import MakeLetter, Office, make_office


def _deadline_cells(html: str) -> str:
    start = html.index('id="home-deadlines"')
    return html[start : html.index("</section>", start)]


def test_the_staff_home_counts_overdue_and_due_soon_letters_of_the_persons_units(
    client: Client, office: Office, make_letter: MakeLetter
) -> None:
    today = calendar.today_local()
    overdue = make_letter()
    due_soon = make_letter()
    later = make_letter()
    Letter.objects.filter(pk=overdue.pk).update(due_on=today - dt.timedelta(days=1))
    Letter.objects.filter(pk=due_soon.pk).update(due_on=today)
    Letter.objects.filter(pk=later.pk).update(due_on=today + dt.timedelta(days=60))
    elsewhere = make_office("Ủy ban nhân dân xã Khác")
    other = make_letter(unit=elsewhere.unit, actor=elsewhere.receiver)
    Letter.objects.filter(pk=other.pk).update(due_on=today - dt.timedelta(days=5))

    client.force_login(office.receiver)
    html = client.get(reverse("organizations:staff-home")).content.decode()
    block = _deadline_cells(html)
    letters_url = reverse("letters:staff-letter-list")
    assert f'<a href="{letters_url}?urgency=overdue">1</a>' in block
    assert f'<a href="{letters_url}?urgency=due_soon">1</a>' in block
    # The linked lists show the same letters.
    listed = client.get(letters_url, {"urgency": "overdue"}).content.decode()
    assert reverse("letters:staff-letter-detail", args=[overdue.pk]) in listed
    assert reverse("letters:staff-letter-detail", args=[due_soon.pk]) not in listed
    assert reverse("letters:staff-letter-detail", args=[other.pk]) not in listed

    # The other unit's officer counts only their own letter.
    client.force_login(elsewhere.receiver)
    block = _deadline_cells(client.get(reverse("organizations:staff-home")).content.decode())
    assert f'<a href="{letters_url}?urgency=overdue">1</a>' in block
    assert f'<a href="{letters_url}?urgency=due_soon">0</a>' in block


def test_the_portal_lists_the_newest_published_results(
    client: Client, office: Office, make_letter: MakeLetter
) -> None:
    letter = make_letter()
    today = calendar.today_local()
    for n in range(4):
        Publication.objects.create(
            letter=letter, title=f"Kết luận nội dung tố cáo số {n}", text="…", starts_on=today
        )
    html = client.get("/").content.decode()
    assert f'href="{reverse("letters:publications")}"' in html
    shown = [n for n in range(4) if f"Kết luận nội dung tố cáo số {n}" in html]
    assert shown == [1, 2, 3]  # the three newest


def test_the_portal_cards_link_to_pages_that_answer(client: Client, db: Any) -> None:
    html = client.get("/").content.decode()
    for name in ("letters:submit", "letters:track", "letters:publications"):
        url = reverse(name)
        assert f'<a href="{url}">' in html
        assert client.get(url).status_code == 200
