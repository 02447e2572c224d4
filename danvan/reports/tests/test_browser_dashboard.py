"""The dashboard in a real Chromium: a leader reads it, drills from a number to the list of the
letters it counts, and the page passes axe-core and fits a phone's width."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from danvan.core.tests.browser import (
    no_horizontal_scroll,
    serious_violations,
    sign_in,
    wider_than_viewport,
)


def _link(letter: Any) -> str:
    return f'href="/staff/letters/{letter.pk}/"'


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_drills_from_a_number_to_its_list(page: Page, live_server: Any, counted) -> None:
    office, made = counted
    sign_in(page, live_server, office.leader)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{live_server.url}/staff/dashboard/?year=2026")
    assert page.get_by_role("heading", level=1).inner_text() == "Bảng số liệu tổng hợp"
    assert serious_violations(page) == []
    tile = page.locator(".tile", has_text="Đã giải quyết").first
    assert tile.locator(".tile-number").inner_text() == "2"
    with page.expect_navigation():
        tile.locator("a").click()
    listed = page.content()
    assert _link(made["a"]) in listed
    assert _link(made["b"]) in listed
    assert _link(made["c"]) not in listed
    # The handler's overdue number, in the table under the chart by handler.
    page.go_back()
    row = page.locator("#chart-handler tbody tr", has_text=office.handler.get_full_name())
    with page.expect_navigation():
        row.locator("td").nth(3).get_by_role("link").click()
    listed = page.content()
    assert _link(made["c"]) in listed
    for other in ("a", "b", "d", "e"):
        assert _link(made[other]) not in listed
    assert "handler=" in page.url


@pytest.mark.parametrize("width", [320, 768])
def test_the_dashboard_fits_a_phone_and_a_tablet(
    page: Page, live_server: Any, counted, width: int
) -> None:
    office, _made = counted
    sign_in(page, live_server, office.leader)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/staff/dashboard/?year=2026")
    assert no_horizontal_scroll(page), wider_than_viewport(page)
    assert serious_violations(page) == []
