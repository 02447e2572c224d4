"""The citizens' pages in a real Chromium: no serious axe-core violation, nothing sticking out
at 320 px, no request to another host, and the whole form usable with JavaScript switched off."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from playwright.sync_api import Browser, Page

from danvan.core.tests.browser import (
    foreign_requests,
    no_horizontal_scroll,
    recorded_requests,
    serious_violations,
    wider_than_viewport,
)
from danvan.letters.choices import Channel, LetterKind, SignatureMethod
from danvan.letters.models import AcceptedSignatureMethod, DeadlineRule, Letter, Publication
from danvan.letters.rules_seed import seed_rules
from danvan.letters.services import intake
from danvan.letters.tests.public_support import FULL_NAME, PHONE_NORMALISED, make_setting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _rules(transactional_db: Any) -> None:
    """A transactional test empties the tables between tests, seeded rows included."""
    seed_rules(DeadlineRule)
    for method in SignatureMethod.values:
        if method != SignatureMethod.NONE:
            AcceptedSignatureMethod.objects.get_or_create(method=method)


def check(page: Page, url: str, live_server: Any) -> None:
    with recorded_requests(page) as requested:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert serious_violations(page) == []
        page.set_viewport_size({"width": 320, "height": 720})
        page.reload()
        page.wait_for_load_state("networkidle")
        assert no_horizontal_scroll(page), wider_than_viewport(page)
        assert serious_violations(page) == []
    assert foreign_requests(requested, live_server) == []


def test_the_public_pages_are_accessible_and_fit_320_px(page: Page, live_server: Any) -> None:
    setting = make_setting()
    result = intake.letter_receive(
        data=intake.LetterInput(
            unit=setting.unit,
            channel=Channel.WEB,
            kind=LetterKind.FEEDBACK,
            subject="Đèn đường hỏng ở ngõ 5",
            content="Đèn đường ở ngõ 5 hỏng đã một tháng.",
            signers=[intake.SignerInput(full_name=FULL_NAME, phone=PHONE_NORMALISED)],
            ward=setting.ward,
        ),
        actor=AnonymousUser(),
    )
    Publication.objects.create(
        letter=result.letter,
        title="Kết luận nội dung tố cáo",
        text="Nội dung tố cáo đúng một phần.",
        starts_on=result.letter.received_on,
    )
    for path in ("/gui-don/", "/tra-cuu/", "/cong-khai-ket-qua/", "/gui-don/da-gui/"):
        check(page, f"{live_server.url}{path}", live_server)

    # The form with every error shown.
    page.goto(f"{live_server.url}/gui-don/")
    with page.expect_navigation():
        page.click("button[value=send]")
    assert page.locator("#error-summary").is_visible()
    assert serious_violations(page) == []

    # A tracked letter.
    page.goto(f"{live_server.url}/tra-cuu/")
    page.fill("#id_code", result.tracking_code)
    page.fill("#id_pin", result.pin)
    with page.expect_navigation(url="**/tra-cuu/"):
        page.click("button[value=track]")
    assert result.letter.register_label in page.content()
    assert serious_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 720})
    assert no_horizontal_scroll(page), wider_than_viewport(page)


def test_a_letter_is_sent_with_javascript_switched_off(browser: Browser, live_server: Any) -> None:
    setting = make_setting()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/gui-don/")
    assert page.locator("[data-geolocate]").is_hidden()
    page.check("#id_kind_0")
    page.fill("#id_subject", "Cống thoát nước bị tắc")
    page.fill("#id_content", "Cống thoát nước trước nhà số 12 bị tắc.")
    page.select_option("#id_province", setting.province.code)
    with page.expect_navigation():
        page.click("button[value=communes]")
    # The page came back with the communes and what was typed.
    assert page.input_value("#id_subject") == "Cống thoát nước bị tắc"
    page.select_option("#id_ward", setting.ward.code)
    page.fill("#id_full_name", FULL_NAME)
    with page.expect_navigation():
        page.click("button[value=send]")
    assert page.url.endswith("/gui-don/da-gui/"), page.locator("main").inner_text()[:1500]
    assert page.url.endswith("/gui-don/da-gui/"), page.locator("main").inner_text()[:1500]
    letter = Letter.objects.get()
    assert letter.tracking_code in page.content()
    assert letter.ward == setting.ward
    context.close()
