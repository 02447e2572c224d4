"""An officer's morning in a real Chromium: the head finds a letter by its signer's name typed
without diacritics and by the signer's phone number, ticks three letters and assigns them to a
handler, and the handler, signing in, sees the three assignments counted in the header."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from danvan.letters.services import intake
from danvan.letters.tests import factories as lf
from danvan.letters.tests.browser_support import fresh_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _search(page: Page, words: str) -> str:
    """Type ``words`` in the list's search box, send the filters, and read the rows found."""
    page.get_by_label("Tìm kiếm", exact=True).fill(words)
    with page.expect_navigation():
        page.get_by_label("Tìm kiếm", exact=True).press("Enter")
    return " ".join(page.locator("table tbody tr").all_inner_texts())


def test_the_head_finds_letters_by_name_and_phone_assigns_three_and_the_handler_is_told(
    page: Page, browser: Browser, live_server: Any
) -> None:
    office = lf.make_office()
    wanted = lf.receive(
        office.unit,
        office.receiver,
        signers=[
            intake.SignerInput(
                full_name="Đặng Thị Bích Ngọc",
                phone="0912345678",
                address="Thôn Đông Hòa, xã Thử nghiệm",
            )
        ],
        subject="Kiến nghị sửa đường liên thôn",
        content="Đường liên thôn Đông Hòa xuống cấp, đề nghị sửa trước mùa mưa.",
    ).letter
    others = lf.receive_distinct(office.unit, office.receiver, 3)
    for letter in [wanted, *others[:2]]:
        lf.accept(letter, office.leader, resolver=office.leader)

    head = fresh_page(browser, office.leader, live_server)
    head.set_viewport_size({"width": 1280, "height": 900})
    head.goto(f"{live_server.url}/staff/letters/")

    found = _search(head, "dang thi bich ngoc")
    assert wanted.register_label in found
    assert all(other.register_label not in found for other in others)

    found = _search(head, "0912 345 678")
    assert wanted.register_label in found
    assert all(other.register_label not in found for other in others)

    head.goto(f"{live_server.url}/staff/letters/")
    chosen = [wanted, *others[:2]]
    for letter in chosen:
        head.get_by_label(f"Chọn {letter.register_label}", exact=True).check()
    head.get_by_label("Thao tác").select_option("assign")
    with head.expect_navigation():
        head.get_by_role("button", name="Tiếp tục").click()
    head.get_by_label(office.handler.full_name).check()
    with head.expect_navigation(url="**/staff/letters/bulk/done/"):
        head.get_by_role("button", name="Xác nhận: Phân công người xử lý").click()
    assert head.locator("#bulk-summary").inner_text() == "Đã thực hiện 3 trên 3 mục."
    assert head.locator(".notifications-link .badge").count() == 0  # not told of their own act

    handler = fresh_page(browser, office.handler, live_server)
    handler.goto(f"{live_server.url}/staff/")
    link = handler.locator(".notifications-link")
    assert link.locator(".badge").inner_text() == "3 chưa đọc"
    with handler.expect_navigation():
        link.click()
    items = handler.locator(".notifications li").all_inner_texts()
    assert len(items) == 3
    # The notifications name the cases by number, never the signer.
    assert all("Ngọc" not in item for item in items)
