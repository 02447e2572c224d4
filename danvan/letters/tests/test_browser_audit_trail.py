"""A unit's leader reads their unit's audit trail in a real Chromium: opens it from the staff
home, finds a letter by its register number and reads what was done in Vietnamese, with names
and without codes; the other unit's letter stays out."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from danvan.core.tests.browser import serious_violations
from danvan.letters.services import intake
from danvan.letters.tests import factories
from danvan.letters.tests.browser_support import fresh_page, make_bureau
from danvan.organizations.roles import Position, Role
from danvan.organizations.tests import factories as org

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_leader_finds_a_letter_in_the_trail_and_reads_vietnamese_actions(
    browser: Browser, live_server: Any
) -> None:
    bureau = make_bureau()
    first = factories.receive(bureau.unit, bureau.receiver, subject="Khiếu nại thứ nhất").letter
    wanted = factories.receive(
        bureau.unit,
        bureau.receiver,
        subject="Khiếu nại việc cưỡng chế công trình",
        content="Đề nghị xem xét lại việc cưỡng chế phần mái che trước nhà.",
        signers=[intake.SignerInput(full_name="Mạc Thị Hiên", phone="0977123456")],
    ).letter
    case = factories.accept(wanted, bureau.leader, resolver=bureau.leader)
    other_unit = org.UnitFactory(name="Thanh tra huyện Thử nghiệm Khác")
    elsewhere = factories.member(other_unit, Role.RECEIVING_OFFICER)
    factories.member(other_unit, Role.UNIT_LEADER, position=Position.HEAD)
    factories.receive(
        other_unit,
        elsewhere,
        subject="Phản ánh ở nơi khác",
        content="Phản ánh về đường giao thông nông thôn bị hỏng.",
        signers=[intake.SignerInput(full_name="Âu Văn Khác", phone="0966123456")],
    )
    # The other unit's second letter bears the number of the one the leader looks for.
    factories.receive(
        other_unit,
        elsewhere,
        subject="Phản ánh thứ hai ở nơi khác",
        content="Phản ánh về đèn chiếu sáng.",
        signers=[intake.SignerInput(full_name="Âu Văn Khác", phone="0966123456")],
    )

    page: Page = fresh_page(browser, bureau.leader, live_server)
    page.goto(f"{live_server.url}/staff/")
    page.get_by_role("link", name="Nhật ký hệ thống").first.click()
    expect(page.get_by_role("heading", name="Nhật ký hệ thống", level=1)).to_be_visible()

    page.get_by_label("Tìm kiếm").fill(wanted.register_label)
    with page.expect_navigation():
        page.get_by_role("button", name="Lọc", exact=True).click()
    table = page.locator("table.table tbody")
    expect(table).to_contain_text("Tiếp nhận đơn")
    expect(table).to_contain_text("Thụ lý vụ việc")
    expect(table).to_contain_text(f"Đơn số {wanted.register_label}")
    expect(table).to_contain_text(f"Vụ việc số {case.number}")
    expect(table).to_contain_text("Ông Đức Lãnh (Lãnh đạo đơn vị")
    body = table.inner_text()
    assert not re.search(r"\bletters\.[a-z_]+\.[a-z_]+\b", body)  # no action code
    assert other_unit.name not in body
    assert f"Đơn số {first.register_label}" not in body
    assert serious_violations(page) == []

    # The action filter offers the actions by their Vietnamese names.
    page.get_by_label("Thao tác").select_option(label="Thụ lý vụ việc")
    with page.expect_navigation():
        page.get_by_role("button", name="Lọc", exact=True).click()
    rows = page.locator("table.table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Thụ lý vụ việc")

    # The entry's own page reads the same way; its codes stay in the technical record.
    with page.expect_navigation():
        rows.first.get_by_role("link").first.click()
    expect(page.locator("dl.summary-list").first).to_contain_text("Thụ lý vụ việc")
    expect(page.locator("dl.summary-list").first).to_contain_text(f"Vụ việc số {case.number}")
    assert serious_violations(page) == []
