"""The letter's page on a tablet, in a real Chromium: no sideways scrolling at 768 and 1024 px,
the summary and the next step in the first screen, the folded sections opened from the page's
own links (no script of ours), and a step that cannot be undone sent only once confirmed."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from danvan.core.tests.browser import (
    no_horizontal_scroll,
    serious_violations,
    sign_in,
    wider_than_viewport,
)
from danvan.letters.choices import LetterKind
from danvan.letters.models import Letter
from danvan.letters.states import LetterStatus
from danvan.letters.tests import factories as lf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir())


def a_letter_with_a_history(office: lf.Office) -> Letter:
    letter = lf.receive(
        office.unit,
        office.receiver,
        kind=LetterKind.COMPLAINT,
        subject="Khiếu nại quyết định thu hồi đất làm đường liên thôn Đông Thử nghiệm",
        content="Gia đình tôi không đồng ý với mức bồi thường. " * 30,
        attachments=[lf.png_upload("anh-hien-truong.png"), lf.png_upload("so-do.png")],
    ).letter
    for _i in range(3):
        letter = lf.classify(letter, office.receiver)
    return letter


@pytest.mark.parametrize("width", [768, 1024])
def test_tablet_letter_page_fits_and_opens_with_the_summary(
    page: Page, live_server: Any, width: int
) -> None:
    office = lf.make_office()
    letter = a_letter_with_a_history(office)
    sign_in(page, live_server, office.leader)
    page.set_viewport_size({"width": width, "height": 1024})
    page.goto(f"{live_server.url}/staff/letters/{letter.pk}/")
    assert no_horizontal_scroll(page), wider_than_viewport(page)
    height = page.evaluate("document.documentElement.scrollHeight")
    # The same page with every section and form unfolded is the old scroll of every form.
    unfolded = page.evaluate(
        "() => { const folded = [...document.querySelectorAll('details:not([open])')];"
        " folded.forEach((d) => { d.open = true; });"
        " const h = document.documentElement.scrollHeight;"
        " folded.forEach((d) => { d.open = false; }); return h; }"
    )
    assert height < unfolded / 2, (height, unfolded)
    for selector in ("#summary", "#next-step", ".your-actions"):
        box = page.locator(selector).bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= 1024, (selector, box)
    assert "Bước tiếp theo:" in page.locator("#next-step").inner_text()
    # The section links open their folded section, without any script of ours.
    assert page.locator("details#history").get_attribute("open") is None
    page.locator(".section-nav a[href='#history-body']").click()
    assert page.locator("details#history").get_attribute("open") is not None
    assert page.locator("details#history table").is_visible()
    # The action links open the action's form.
    page.locator(".your-actions a[href='#action-archive-form']").click()
    assert page.locator("#id_archive-reason").is_visible()
    # Files shown in place: the picture has loaded, through the protected view.
    page.locator(".section-nav a[href='#files-body']").click()
    image = page.locator("details#files img").first
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => { const i = document.querySelector('details#files img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    assert "/view/" in (image.get_attribute("src") or "")
    assert no_horizontal_scroll(page), wider_than_viewport(page)
    assert serious_violations(page) == []
    if width == 768:
        page.goto(f"{live_server.url}/staff/letters/{letter.pk}/")
        page.screenshot(path=str(SHOTS / "letter_page_768.png"))


def test_a_step_that_cannot_be_undone_is_sent_only_once_confirmed(
    page: Page, live_server: Any
) -> None:
    office = lf.make_office()
    letter = lf.classify(
        lf.receive(office.unit, office.receiver, kind=LetterKind.PETITION).letter,
        office.receiver,
    )
    sign_in(page, live_server, office.leader)
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(f"{live_server.url}/staff/letters/{letter.pk}/")
    page.locator(".your-actions a[href='#action-archive-form']").click()
    action = page.locator("#action-archive")
    assert "không thể hoàn tác" in action.inner_text()
    page.fill("#id_archive-reason", "Nội dung đã được trả lời tại đơn trước.")
    # The browser does not stop the form (novalidate): the server refuses it.
    with page.expect_navigation():
        action.locator("button[type=submit]").click()
    errors = " ".join(page.locator("#action-archive .errorlist").all_inner_texts())
    assert "Bước này không thể hoàn tác" in errors, errors
    assert page.locator("#action-archive").get_attribute("open") is not None
    assert page.input_value("#id_archive-reason") == "Nội dung đã được trả lời tại đơn trước."
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.CLASSIFIED
    page.locator("#action-archive input[name='archive-confirm']").check()
    with page.expect_navigation():
        page.locator("#action-archive button[type=submit]").click()
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.ARCHIVED
    assert page.locator("#action-archive").count() == 0
