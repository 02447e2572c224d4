"""Done means: a staff member logs in through the real login form and sees the staff home page
with their units and roles."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from danvan.core.tests.browser import no_horizontal_scroll, serious_violations
from danvan.organizations.roles import Role
from danvan.organizations.tests.factories import (
    TEST_PASSWORD,
    MembershipFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_member_logs_in_and_sees_units_and_roles(page: Page, live_server: Any) -> None:
    person = UserFactory(username="tranthuha", full_name="Trần Thu Hà")
    board = UnitFactory(name="Ban Tuyên giáo và Dân vận Tỉnh ủy", kind="party_board")
    office = UnitFactory(name="Văn phòng Ủy ban nhân dân tỉnh")
    MembershipFactory(user=person, unit=board, role=Role.HANDLING_OFFICER)
    MembershipFactory(user=person, unit=office, role=Role.RECEIVING_OFFICER)

    # Going straight to the staff area leads to the login form.
    page.goto(live_server.url + "/staff/")
    assert "/accounts/login/" in page.url
    page.locator("input[name=username]").fill("tranthuha")
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/staff/")

    main = page.locator("main")
    assert main.get_by_role("heading", level=1).inner_text() == "Trang cán bộ"
    text = main.inner_text()
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy" in text
    assert "Chuyên viên xử lý" in text
    assert "Văn phòng Ủy ban nhân dân tỉnh" in text
    assert "Cán bộ tiếp nhận" in text
    # The header now offers the staff home and a log-out button instead of the log-in link.
    header = page.locator("header")
    assert header.get_by_role("link", name="Trang cán bộ").is_visible()
    assert header.get_by_role("button", name="Đăng xuất").is_visible()
    assert serious_violations(page) == []

    # Logging out is a POST from the header and lands on the public home page.
    header.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url(live_server.url + "/")
    assert page.locator("header").get_by_role("link", name="Cán bộ đăng nhập").is_visible()


def test_staff_home_at_320_px_does_not_scroll_sideways(page: Page, live_server: Any) -> None:
    person = UserFactory(username="hoangvanlong", full_name="Hoàng Văn Long")
    unit = UnitFactory(name="Ban Dân vận và Mặt trận Tổ quốc Việt Nam phường Thử Nghiệm")
    MembershipFactory(user=person, unit=unit, role=Role.UNIT_LEADER)
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(live_server.url + "/accounts/login/")
    page.locator("input[name=username]").fill("hoangvanlong")
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/staff/")
    assert no_horizontal_scroll(page)
    assert serious_violations(page) == []
