"""The letters and cases lists are two uses of the workflow kit's work list: the shared template,
keyset page links that keep the filters, sort links and a changed link that is not fatal."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from danvan.letters.services import cases
from danvan.letters.tests import factories as lf

pytestmark = pytest.mark.django_db

LETTERS = reverse("letters:staff-letter-list")
CASES = reverse("letters:staff-case-list")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _templates(response) -> set[str]:
    return {t.name for t in response.templates if t.name}


def _next(html: str) -> str:
    found = re.search(r'<a href="(\?[^"]*)" rel="next">', html)
    assert found, "no link to the next page"
    return found.group(1).replace("&amp;", "&")


def test_both_lists_render_the_shared_work_list_template(client):
    world = lf.make_world()
    office = world.office
    letter = lf.receive(office.unit, office.receiver).letter
    case = lf.accept(letter, office.leader, resolver=office.leader)
    cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    client.force_login(office.leader)
    pages = ((LETTERS, "letters/staff/letter_list.html"), (CASES, "letters/staff/case_list.html"))
    for url, own in pages:
        response = client.get(url)
        assert response.status_code == 200
        used = _templates(response)
        assert {own, "workflow/worklist.html", "workflow/includes/worklist_filters.html"} <= used
        html = response.content.decode()
        # The deadline badge (the markup of workflow/includes/deadline_badge.html, which the
        # work list's rows write in Python: workflow.worklist_html).
        assert re.search(r'<time datetime="[\d-]+">[\d/]+</time>\n<span class="badge badge-', html)
        assert 'aria-sort="ascending"' in html  # the deadline, the most urgent first
        assert "the most urgent first</caption>" in html


def test_the_letters_list_pages_by_keyset_keeping_filters_and_sort(client):
    world = lf.make_world()
    office = world.office
    for i in range(27):
        lf.receive(office.unit, office.receiver, subject=f"Đơn thứ {i:02d}")
    client.force_login(office.receiver)
    first = client.get(LETTERS, {"status": "open", "sort": "-received"}).content.decode()
    assert first.count("<tr>") == 26
    link = _next(first)
    assert "status=open" in link
    assert "sort=-received" in link
    assert "cursor=" in link
    second = client.get(LETTERS + link).content.decode()
    assert "Page 2 of 2" in second
    assert second.count("<tr>") == 3
    assert 'rel="prev"' in second
    subjects = set(re.findall(r"Đơn thứ \d\d", first)) | set(re.findall(r"Đơn thứ \d\d", second))
    assert len(subjects) == 27  # every letter once


def test_a_changed_page_link_shows_the_first_page_with_a_message(client):
    world = lf.make_world()
    office = world.office
    for i in range(26):
        lf.receive(office.unit, office.receiver, subject=f"Đơn thứ {i:02d}")
    client.force_login(office.receiver)
    link = _next(client.get(LETTERS).content.decode())
    response = client.get(LETTERS + link[:-4] + "abcd")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The page link was not valid" in html
    assert "Page 1 of 2" in html
    response = client.get(LETTERS, {"sort": "nope"})
    assert response.status_code == 200
    assert "cannot be sorted that way" in response.content.decode()


def test_the_cases_list_sorts_by_a_column_with_a_plain_link(client):
    world = lf.make_world()
    office = world.office
    letter = lf.receive(office.unit, office.receiver).letter
    lf.accept(letter, office.leader, resolver=office.leader)
    client.force_login(office.leader)
    html = client.get(CASES).content.decode()
    assert '<a href="?sort=accepted" ' in html  # newest acceptance first
    html = client.get(CASES, {"sort": "accepted"}).content.decode()
    assert 'aria-sort="descending"' in html
    assert '<a href="?sort=-accepted" ' in html  # the sorted column's link reverses it
    html = client.get(CASES, {"sort": "-accepted"}).content.decode()
    assert 'aria-sort="ascending"' in html  # oldest acceptance first
    assert "sorted by Accepted on, ascending</caption>" in html
