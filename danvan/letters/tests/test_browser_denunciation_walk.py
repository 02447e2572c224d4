"""A denunciation walked through a real Chromium: classified with a copy without identity,
accepted, marked complicated and extended by decision, concluded and published. The published
result and the inspector's view of the letter carry no detail of the denouncer."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from danvan.core import calendar
from danvan.letters import deadlines
from danvan.letters.choices import Channel, LetterKind
from danvan.letters.models import Case, Publication
from danvan.letters.tests import factories
from danvan.letters.tests.browser_support import (
    act,
    act_reviewed,
    ddmmyyyy,
    fresh_page,
    make_bureau,
    shown_date,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

DENOUNCER = factories.DENOUNCER
IDENTITY = [
    DENOUNCER.full_name,
    DENOUNCER.id_number,
    DENOUNCER.phone,
    "+84" + DENOUNCER.phone[1:],
    "903 111 222",
    DENOUNCER.email,
    DENOUNCER.address,
    "Lò Đúc",
]
CONTENT = (
    f"Tôi là {DENOUNCER.full_name}, ở {DENOUNCER.address}, điện thoại {DENOUNCER.phone}, "
    f"thư điện tử {DENOUNCER.email}. Tôi tố cáo cán bộ địa chính phường đã nhận tiền của "
    "các hộ dân ở phố Lò Đúc khi làm thủ tục cấp giấy chứng nhận."
)
REDACTED = (
    "Người tố cáo [đã xóa thông tin cá nhân] tố cáo cán bộ địa chính phường đã nhận tiền của "
    "các hộ dân khi làm thủ tục cấp giấy chứng nhận."
)
TITLE = "Kết luận nội dung tố cáo cán bộ địa chính phường Bờ Hồ"


def test_denunciation_extended_concluded_and_published_without_the_denouncer(
    page: Page, browser: Browser, live_server: Any
) -> None:
    started = time.monotonic()
    bureau = make_bureau()
    letter = factories.receive(
        bureau.unit,
        bureau.receiver,
        kind=LetterKind.DENUNCIATION,
        signers=[DENOUNCER],
        subject="Tố cáo cán bộ địa chính nhận tiền",
        content=CONTENT,
        channel=Channel.IN_PERSON,
        province=bureau.province,
        ward=bureau.ward,
    ).letter
    today = calendar.today_local()
    rule = deadlines.rule_in_effect("resolution.denunciation", today)

    # The receiving officer reads the original and writes the copy verifiers will read.
    officer = fresh_page(browser, bureau.receiver, live_server)
    officer.goto(f"{live_server.url}/staff/letters/{letter.pk}/")
    assert (
        DENOUNCER.full_name
        in officer.locator("section[aria-labelledby=content-title]").inner_text()
    )
    officer.fill("#id_classify-content_redacted", REDACTED)
    act(officer, "classify")
    officer.context.close()

    # The leader accepts, assigns, marks it complicated and extends it by 30 days.
    lead = fresh_page(browser, bureau.leader, live_server)
    lead.goto(f"{live_server.url}/staff/letters/{letter.pk}/")
    act(lead, "accept")
    case = Case.objects.get(letter=letter)
    lead.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    due = calendar.add_period(today, rule.amount, rule.unit)
    assert shown_date(lead, "deadline-title", due) == ddmmyyyy(due)
    # The case page now also has the verification form, which lists the same people.
    lead.locator("#action-assign").get_by_label(bureau.handler.get_full_name()).check()
    act(lead, "assign")
    lead.check("input[name='complexity-grounds'][value='contents']")
    lead.fill("#id_complexity-reason", "Hai nội dung cần xác minh tại hai nơi.")
    act(lead, "complexity")
    assert shown_date(lead, "deadline-title", due) == ddmmyyyy(due)  # no longer by itself
    lead.fill("#id_extend-days", "30")
    lead.fill("#id_extend-reason", "Cần giám định chứng từ thu tiền.")
    act(lead, "extend")
    extended = calendar.add_period(today, rule.amount + 30, rule.unit)
    assert shown_date(lead, "deadline-title", extended) == ddmmyyyy(extended)
    assert case.extensions.get().new_due_on == extended

    # The conclusion (which names the denouncer: the public text must not) and its publication.
    lead.select_option("#id_decide-outcome", "partly")
    lead.fill("#id_decide-findings", "Xác minh tại phường: có thu tiền ngoài quy định.")
    lead.fill(
        "#id_decide-conclusion",
        f"Nội dung tố cáo của bà {DENOUNCER.full_name} là đúng một phần; kiểm điểm cán bộ "
        "địa chính và hoàn trả tiền cho các hộ dân.",
    )
    assert DENOUNCER.full_name not in act_reviewed(lead, "decide")
    lead.fill("#id_publish-title", TITLE)
    act(lead, "publish")
    lead.context.close()
    publication = Publication.objects.get(letter=letter)
    assert publication.ends_on is not None

    # The public results page shows it, without any detail of the denouncer.
    page.goto(f"{live_server.url}/cong-khai-ket-qua/")
    public = page.content()
    assert TITLE in public
    assert "kiểm điểm cán bộ địa chính" in public
    assert [s for s in IDENTITY if s in public] == []

    # The inspector reads only the copy without identity.
    inspector = fresh_page(browser, bureau.inspector, live_server)
    inspector.goto(f"{live_server.url}/staff/letters/{letter.pk}/")
    content = inspector.locator("section[aria-labelledby=content-title]")
    assert content.locator(".prose").inner_text().strip() == REDACTED
    assert [s for s in IDENTITY if s in inspector.content()] == []
    inspector.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    assert TITLE in inspector.content()
    assert [s for s in IDENTITY if s in inspector.content()] == []
    inspector.context.close()
    assert time.monotonic() - started < 40
