"""Saved filters (``workflow.saved_filters``) on the letters and cases lists: a person saves the
current filters under a name, opens the list with them again from above the filters and deletes
them; nobody else sees or deletes them (404, never a 500); a saved filter that no longer fits
the list's filter form shows the form's errors."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.core.models import AuditEntry
from danvan.letters.tests import factories as lf
from danvan.workflow import saved_filters
from danvan.workflow.models import SavedFilter

pytestmark = pytest.mark.django_db

LETTERS = reverse("letters:staff-letter-list")
CASES = reverse("letters:staff-case-list")
SAVE = reverse("workflow:saved-filter-save")


def _delete_url(saved: SavedFilter) -> str:
    return reverse("workflow:saved-filter-delete", args=[saved.pk])


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world() -> lf.World:
    return lf.make_world()


def _save(client: Client, name: str, query: str, *, list_key: str = "letters.letters") -> Any:
    return client.post(
        SAVE, {"list": list_key, "name": name, "query": query, "next": LETTERS}, follow=True
    )


def test_a_person_saves_the_current_filters_and_opens_the_list_with_them(
    client: Client, world: lf.World
) -> None:
    office = world.office
    complaint = lf.receive(office.unit, office.receiver).letter
    client.force_login(office.leader)
    # The list offers to save its current filters (without the page's place).
    page = client.get(LETTERS, {"kind": "petition", "status": "open"}).content.decode()
    assert 'name="query" value="kind=petition&amp;status=open"' in page
    response = client.post(
        SAVE,
        {
            "list": "letters.letters",
            "name": "  Kiến nghị   còn mở ",
            "query": "status=open&kind=petition&cursor=abc&page=3&q=",
            "next": LETTERS,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LETTERS}?kind=petition&status=open"
    saved = SavedFilter.objects.get()
    assert (saved.owner_id, saved.list_key, saved.name, saved.query) == (
        office.leader.pk,
        "letters.letters",
        "Kiến nghị còn mở",
        "kind=petition&status=open",
    )
    entry = AuditEntry.objects.get(action="workflow.saved_filter.saved")
    assert entry.actor_id == office.leader.pk
    assert "petition" not in str(entry.extra)  # the query is not in the trail

    # Listed above the filters of the letters list only, marked while it is applied.
    html = client.get(LETTERS).content.decode()
    link = f'<a href="{LETTERS}?kind=petition&amp;status=open">Kiến nghị còn mở</a>'
    assert link in html
    assert "Kiến nghị còn mở" not in client.get(CASES).content.decode()
    html = client.get(f"{LETTERS}?kind=petition&status=open").content.decode()
    assert 'aria-current="true">Kiến nghị còn mở</a>' in html
    # A complaint, not a petition.
    assert reverse("letters:staff-letter-detail", args=[complaint.pk]) not in html


def test_a_name_is_used_once_per_list_and_the_refusals_are_told(
    client: Client, world: lf.World
) -> None:
    client.force_login(world.office.leader)
    _save(client, "Quá hạn", "urgency=overdue")
    html = _save(client, "Quá hạn", "urgency=due_soon").content.decode()
    assert "You already have saved filters named “Quá hạn” for this list." in html
    assert SavedFilter.objects.get().query == "urgency=overdue"
    # The same name on another list is another saved filter.
    _save(client, "Quá hạn", "urgency=overdue", list_key="letters.cases")
    assert SavedFilter.objects.count() == 2

    for name, query, list_key, message in [
        ("   ", "urgency=overdue", "letters.letters", "Give the filters a name."),
        ("Trống", "cursor=abc&page=2", "letters.letters", "Set at least one filter"),
        ("Lạ", "urgency=overdue", "no.such.list", "This list does not keep saved filters."),
        ("x" * 81, "urgency=overdue", "letters.letters", "The name is too long"),
        ("Dài", "q=" + "a" * 2100, "letters.letters", "too long to save"),
    ]:
        html = _save(client, name, query, list_key=list_key).content.decode()
        assert message in html, message
    assert SavedFilter.objects.count() == 2


def test_nobody_else_sees_applies_or_deletes_a_saved_filter(
    client: Client, world: lf.World
) -> None:
    office = world.office
    client.force_login(office.leader)
    _save(client, "Bộ lọc riêng của trưởng", "urgency=overdue")
    saved = SavedFilter.objects.get()

    for other in (office.handler, world.elsewhere.leader):
        client.force_login(other)
        assert "Bộ lọc riêng của trưởng" not in client.get(LETTERS).content.decode()
        response = client.post(_delete_url(saved), {"next": LETTERS})
        assert response.status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    assert saved_filters.owned_filter(office.handler, saved.pk) is None
    # Unknown numbers, a GET, a citizen and an anonymous visitor: never a 500.
    client.force_login(office.leader)
    assert client.post(_delete_url(saved).replace(str(saved.pk), "999999")).status_code == 404
    assert client.get(_delete_url(saved)).status_code == 405
    assert client.get(SAVE).status_code == 405
    client.force_login(world.citizen)
    assert client.post(_delete_url(saved)).status_code == 403
    client.logout()
    assert client.post(_delete_url(saved)).status_code == 302
    assert client.post(SAVE, {"list": "letters.letters", "name": "x"}).status_code == 302
    assert SavedFilter.objects.filter(pk=saved.pk).exists()


def test_the_owner_deletes_their_saved_filter(client: Client, world: lf.World) -> None:
    client.force_login(world.office.leader)
    _save(client, "Sắp đến hạn", "urgency=due_soon")
    saved = SavedFilter.objects.get()
    response = client.post(_delete_url(saved), {"next": LETTERS})
    assert response.status_code == 302
    assert response["Location"] == LETTERS
    assert not SavedFilter.objects.exists()
    assert AuditEntry.objects.filter(action="workflow.saved_filter.deleted").count() == 1
    # Going back only to a page of this site.
    _save(client, "Lần hai", "urgency=due_soon")
    response = client.post(
        _delete_url(SavedFilter.objects.get()), {"next": "https://example.invalid/"}
    )
    assert response["Location"] == reverse("organizations:staff-home")


def test_a_saved_filter_that_no_longer_fits_shows_the_form_s_errors(
    client: Client, world: lf.World
) -> None:
    office = world.office
    letter = lf.receive(office.unit, office.receiver).letter
    stale = urlencode(
        {
            "unit": world.elsewhere.unit.pk,  # a unit outside the person's scope
            "handler": world.elsewhere.handler.pk,
            "received_from": "31/02/2026",
            "status": "no-such-status",
            "sort": "no-such-column",
        }
    )
    saved = SavedFilter.objects.create(
        owner=office.leader, list_key="letters.letters", name="Cũ", query=stale
    )
    client.force_login(office.leader)
    html = client.get(LETTERS).content.decode()
    assert f'href="{LETTERS}?{stale.replace("&", "&amp;")}"' in html
    response = client.get(f"{LETTERS}?{saved.query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were not understood and were left out." in html
    for name in ("unit", "handler", "received_from", "status"):
        assert f'id="id_{name}_errors"' in html, name
    assert reverse("letters:staff-letter-detail", args=[letter.pk]) in html


def test_the_saved_filters_cost_one_query_whatever_their_number(
    client: Client, world: lf.World
) -> None:
    owner = world.office.leader

    def queries() -> int:
        client.force_login(owner)
        client.get(LETTERS)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LETTERS).status_code == 200
        return len(captured.captured_queries)

    for n in range(3):
        SavedFilter.objects.create(
            owner=owner, list_key="letters.letters", name=f"Lọc {n}", query=f"kind={n}"
        )
    few = queries()
    for n in range(3, 10):
        SavedFilter.objects.create(
            owner=owner, list_key="letters.letters", name=f"Lọc {n}", query=f"kind={n}"
        )
    assert queries() == few
