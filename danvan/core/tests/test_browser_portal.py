"""The public pages in a real Chromium: accessibility, small screens, no third-party requests,
keyboard use."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page

from danvan.core.tests.browser import no_horizontal_scroll, serious_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = ["/", "/accounts/login/", "/khong-co-trang-nay/"]


def sign_in_browser(page: Page, live_server: Any) -> None:
    """Give the browser a session of a signed-in person (for pages behind a login)."""
    user = get_user_model().objects.create_user(
        username="phamthuha", password="Mat-khau-thu-nghiem-9", full_name="Phạm Thu Hà"
    )
    sign_in(page, live_server, user)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_serious_accessibility_violations(
    page: Page, live_server: Any, path: str
) -> None:
    page.goto(live_server.url + path)
    assert serious_violations(page) == []


def test_home_page_in_english_has_no_serious_accessibility_violations(
    page: Page, live_server: Any
) -> None:
    page.goto(live_server.url + "/")
    page.select_option("#language-select", "en")
    page.get_by_role("button", name="Đổi ngôn ngữ").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Send your views to the authorities and follow the answer"
    )
    assert serious_violations(page) == []


def test_design_system_page_has_no_serious_accessibility_violations(
    page: Page, live_server: Any
) -> None:
    """Every component at once: buttons, alerts, badges, form fields with errors, a table."""
    sign_in_browser(page, live_server)
    page.goto(live_server.url + "/design/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hệ thống thiết kế giao diện"
    assert serious_violations(page) == []


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/khong-co-trang-nay/"])
def test_page_does_not_scroll_sideways_at_320_px(page: Page, live_server: Any, path: str) -> None:
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(live_server.url + path)
    assert no_horizontal_scroll(page)


def test_design_system_page_at_320_px_scrolls_tables_inside_their_box(
    page: Page, live_server: Any
) -> None:
    sign_in_browser(page, live_server)
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(live_server.url + "/design/")
    assert no_horizontal_scroll(page)
    wrap = page.locator(".table-wrap").first
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")  # the table scrolls, not the page


def test_text_is_at_least_16_px_and_buttons_are_large_enough(page: Page, live_server: Any) -> None:
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(live_server.url + "/")
    body_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body_size >= 16
    for target in page.locator("main a, main button, header a, header button, select").all():
        box = target.bounding_box()
        assert box is not None
        html = target.evaluate("el => el.outerHTML")
        assert box["width"] >= 24, html
        assert box["height"] >= 24, html


def test_page_loads_request_nothing_from_other_hosts(page: Page, live_server: Any) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    own_host = urlsplit(live_server.url).netloc
    for path in PUBLIC_PAGES:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    assert requested, "no request was recorded"
    foreign = [
        url
        for url in requested
        if urlsplit(url).scheme != "data" and urlsplit(url).netloc != own_host
    ]
    assert foreign == []
    # the stylesheet and the logo did load from our own host
    assert any(url.endswith("/static/danvan/css/site.css") for url in requested)
    assert any(url.endswith("/static/danvan/img/logo.svg") for url in requested)


def test_stylesheet_is_applied_under_the_content_security_policy(
    page: Page, live_server: Any
) -> None:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(live_server.url + "/")
    header_border = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).borderTopColor"
    )
    assert header_border == "rgb(163, 25, 31)"  # --color-accent: the stylesheet loaded
    assert [text for text in console if "Content Security Policy" in text] == []


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(
    page: Page, live_server: Any
) -> None:
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    skip = page.locator(".skip-link")
    assert skip.is_visible()
    box = skip.bounding_box()
    assert box is not None
    assert box["y"] >= 0  # shown on screen when focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert float(outline.removesuffix("px")) >= 2

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # the next Tab continues inside the main content, not back in the header
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_every_control_shows_a_visible_focus_indicator(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/")
    seen = 0
    for _ in range(12):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; })()"
        )
        tag, outline_style, outline_width = style
        if tag == "BODY":
            break
        seen += 1
        assert outline_style != "none", tag
        assert float(outline_width.removesuffix("px")) >= 2, tag
    assert seen >= 5
