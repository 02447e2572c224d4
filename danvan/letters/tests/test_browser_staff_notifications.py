"""A real Chromium: a leader assigns a case on its page; the handler, signing in, sees the
unread count in the header and the case in their notifications, and marks it read."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from danvan.core.tests.browser import serious_violations
from danvan.letters.tests import factories as lf
from danvan.letters.tests.browser_support import act, fresh_page, make_bureau

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_assigned_on_its_page_reaches_the_handler_s_header_and_list(
    page: Page, browser: Browser, live_server: Any
) -> None:
    bureau = make_bureau()
    letter = lf.receive(bureau.unit, bureau.receiver).letter
    case = lf.accept(letter, bureau.leader, resolver=bureau.leader)

    leader = fresh_page(browser, bureau.leader, live_server)
    leader.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    leader.locator("#action-assign").get_by_label(bureau.handler.get_full_name()).check()
    act(leader, "assign")
    assert leader.locator(".notifications-link .badge").count() == 0  # not told of their own act

    handler = fresh_page(browser, bureau.handler, live_server)
    handler.goto(f"{live_server.url}/staff/")
    link = handler.locator(".notifications-link")
    assert link.locator(".badge").inner_text() == "1 chưa đọc"
    with handler.expect_navigation():
        link.click()
    item = handler.locator(".notifications li").first
    assert f"Vụ việc số {case.number} đã được giao cho bạn." in item.inner_text()
    assert serious_violations(handler) == []
    with handler.expect_navigation():
        item.get_by_role("button", name="Đánh dấu đã đọc").click()
    assert handler.locator(".notifications-link .badge").count() == 0
    with handler.expect_navigation():
        handler.locator(".notifications li").first.get_by_role(
            "link", name=f"Vụ việc số {case.number}", exact=False
        ).click()
    assert handler.url == f"{live_server.url}/staff/cases/{case.pk}/"
