"""The letters pages in a real Chromium, with data on them: no serious or critical axe-core
violation, no request to another host, and no sideways scrolling at 320 px on the citizens'
form and tracking page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from danvan.core.tests.browser import (
    foreign_requests,
    no_horizontal_scroll,
    recorded_requests,
    serious_violations,
    wider_than_viewport,
)
from danvan.letters.tests import factories
from danvan.letters.tests.browser_support import fresh_page, make_bureau

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 720}


def _check(page: Page, *, narrow: bool) -> None:
    page.wait_for_load_state("networkidle")
    assert serious_violations(page) == [], page.url
    if narrow:
        page.set_viewport_size(NARROW)
        assert no_horizontal_scroll(page), (page.url, wider_than_viewport(page))
        assert serious_violations(page) == [], page.url
        page.set_viewport_size(WIDE)


def test_letter_pages_are_accessible_fit_320_px_and_stay_on_this_host(
    page: Page, browser: Browser, live_server: Any
) -> None:
    bureau = make_bureau()
    waiting = factories.receive(bureau.unit, bureau.receiver, ward=bureau.ward).letter
    factories.classify(waiting, bureau.receiver)
    accepted = factories.receive(
        bureau.unit,
        bureau.receiver,
        subject="Khiếu nại việc cưỡng chế công trình",
        content="Đề nghị xem xét lại việc cưỡng chế phần mái che trước nhà.",
        signers=[factories.COMPLAINANT],
    )
    case = factories.accept(accepted.letter, bureau.leader, resolver=bureau.leader)

    with recorded_requests(page) as citizen_requests:
        page.set_viewport_size(WIDE)
        page.goto(f"{live_server.url}/gui-don/")
        _check(page, narrow=True)
        page.goto(f"{live_server.url}/tra-cuu/")
        _check(page, narrow=True)
        page.fill("#id_code", accepted.tracking_code)
        page.fill("#id_pin", accepted.pin)
        with page.expect_navigation(url="**/tra-cuu/"):
            page.click("button[value=track]")
        assert case.number in page.content()
        _check(page, narrow=True)
    assert citizen_requests
    assert foreign_requests(citizen_requests, live_server) == []

    leader = fresh_page(browser, bureau.leader, live_server)
    with recorded_requests(leader) as staff_requests:
        leader.set_viewport_size(WIDE)
        for path in (
            "/staff/letters/",
            f"/staff/letters/{waiting.pk}/",
            f"/staff/cases/{case.pk}/",
        ):
            leader.goto(f"{live_server.url}{path}")
            assert leader.url == f"{live_server.url}{path}"
            _check(leader, narrow=False)
        assert leader.locator("#action-decide").count() == 1  # the case page with its forms
    assert foreign_requests(staff_requests, live_server) == []
    leader.context.close()
