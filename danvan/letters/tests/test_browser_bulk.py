"""Bulk work in a real Chromium: a head ticks three letters on the list, assigns them to a
handler, confirms, and reads the summary; the pages pass axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from danvan.core.tests.browser import serious_violations, sign_in
from danvan.letters.models import CaseAssignment
from danvan.letters.tests import factories as lf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_ticks_three_letters_assigns_them_confirms_and_sees_the_summary(
    page: Page, live_server: Any
) -> None:
    office = lf.make_office()
    letters = lf.receive_distinct(office.unit, office.receiver, 4)
    chosen = letters[:3]
    for letter in chosen:
        lf.accept(letter, office.leader, resolver=office.leader)
    sign_in(page, live_server, office.leader)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/staff/letters/")

    for letter in chosen:
        page.get_by_label(f"Chọn {letter.register_label}", exact=True).check()
    page.get_by_label("Thao tác").select_option("assign")
    with page.expect_navigation():
        page.get_by_role("button", name="Tiếp tục").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Xác nhận: Phân công người xử lý"
    confirm = page.content()
    for letter in chosen:
        assert letter.register_label in confirm
    assert letters[3].register_label not in confirm
    assert serious_violations(page) == []
    page.get_by_label(office.handler.full_name).check()
    with page.expect_navigation(url="**/staff/letters/bulk/done/"):
        page.get_by_role("button", name="Xác nhận: Phân công người xử lý").click()

    assert page.locator("#bulk-summary").inner_text() == "Đã thực hiện 3 trên 3 mục."
    for letter in chosen:
        assert letter.register_label in page.content()
    assert serious_violations(page) == []
    assert set(
        CaseAssignment.objects.filter(ended_at__isnull=True).values_list(
            "case__letter_id", "user_id"
        )
    ) == {(letter.pk, office.handler.pk) for letter in chosen}
