"""A complaint walked through a real Chromium, from the public form to the citizen's rating.

The citizen writes it just before Tết 2026, so its 10-working-day processing deadline spans the
holidays; the receiving officer classifies it, the leader (the unit's head) accepts it after
Tết, assigns a handler and marks it complicated (45 days instead of 30), decides; the handler
sends the decision and records its receipt; the citizen follows it with the tracking code and
PIN and rates the answer. At each step the date the page shows is checked against
``core.calendar`` and the rule table.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Browser, Page

from danvan.core import calendar
from danvan.documents.testing import issue_drafts_about
from danvan.letters import deadlines
from danvan.letters.models import Case, Letter, Rating
from danvan.letters.states import CaseStatus
from danvan.letters.tests.browser_support import (
    act,
    ddmmyyyy,
    fresh_page,
    make_bureau,
    moment,
    shown_date,
)
from danvan.notifications import sms

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

INTAKE_DAY = dt.date(2026, 2, 10)  # the Tuesday before Tết (days off 14-22/02/2026)
ACCEPT_DAY = dt.date(2026, 2, 24)
DECIDE_DAY = dt.date(2026, 3, 20)
SEND_DAY = dt.date(2026, 3, 23)
CONCLUSION = "Khiếu nại đúng một phần: điều chỉnh diện tích thu hồi theo chỉ giới đã công bố."


@pytest.fixture
def walk_settings(settings: Any) -> None:
    # The server's clock travels back to February 2026 while Chromium's stays today: cookies
    # with an expiry date written by the server would already be expired for the browser.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    settings.DANVAN_SMS_BACKEND = "locmem"
    sms.outbox.clear()


def _send_from_the_public_form(page: Page, live_server: Any, bureau: Any) -> tuple[str, str]:
    page.goto(f"{live_server.url}/gui-don/")
    page.check("input[name=kind][value=complaint]")
    page.fill("#id_subject", "Khiếu nại quyết định thu hồi đất làm đường")
    page.fill(
        "#id_content",
        "Quyết định thu hồi 20 m² đất của gia đình tôi vượt chỉ giới đã công bố. "
        "Đề nghị xem xét lại quyết định.",
    )
    page.fill("#id_about", "Ủy ban nhân dân phường Bờ Hồ Thử nghiệm")
    page.select_option("#id_province", bureau.province.code)
    page.wait_for_selector(f"#id_ward option[value='{bureau.ward.code}']", state="attached")
    page.select_option("#id_ward", bureau.ward.code)
    page.fill("#id_full_name", "Nghiêm Văn Khiêm")
    page.fill("#id_phone", "0912 345 678")
    page.fill("#id_address", "Số 4 phố Thử Nghiệm")
    with page.expect_navigation(url="**/gui-don/ky-don/"):
        page.click("button[value=send]")

    # The code went by text message (the locmem backend keeps it).
    assert len(sms.outbox) == 1
    assert sms.outbox[0].phone == "+84912345678"
    found = re.search(r"\b(\d{6})\b", sms.outbox[0].text)
    assert found is not None, sms.outbox[0].text
    page.fill("#id_code", found.group(1))
    with page.expect_navigation(url="**/gui-don/da-gui/"):
        page.click("button[value=verify]")
    code, pin = page.locator(".code-big").all_inner_texts()
    return code.strip(), pin.strip()


def _track(page: Page, live_server: Any, code: str, pin: str) -> None:
    page.goto(f"{live_server.url}/tra-cuu/")
    page.fill("#id_code", code)
    page.fill("#id_pin", pin)
    with page.expect_navigation(url="**/tra-cuu/"):
        page.click("button[value=track]")


def test_complaint_from_the_public_form_across_tet_to_the_rating(
    page: Page, browser: Browser, live_server: Any, walk_settings: None
) -> None:
    started = time.monotonic()
    bureau = make_bureau()
    processing = deadlines.rule_in_effect("processing.complaint", INTAKE_DAY)
    resolution = deadlines.rule_in_effect("resolution.complaint.1", ACCEPT_DAY)
    sending = deadlines.rule_in_effect("send_decision.complaint.1", DECIDE_DAY)
    appeal = deadlines.rule_in_effect("appeal_window.complaint", SEND_DAY)

    with time_machine.travel(moment(INTAKE_DAY), tick=True) as traveller:
        # 1. The citizen sends and signs the complaint.
        code, pin = _send_from_the_public_form(page, live_server, bureau)
        letter = Letter.objects.get(tracking_code=code)
        assert letter.unit == bureau.unit
        assert letter.signed
        assert pin in sms.outbox[-1].text  # the PIN also went by text message
        processing_due = calendar.add_period(INTAKE_DAY, processing.amount, processing.unit)
        assert processing_due > dt.date(2026, 2, 22)  # the count jumped over Tết
        assert processing_due == calendar.add_working_days(INTAKE_DAY, 10)
        assert ddmmyyyy(processing_due) in page.locator("main").inner_text()

        # 2. The receiving officer sees it in the list and classifies it.
        officer = fresh_page(browser, bureau.receiver, live_server)
        officer.goto(f"{live_server.url}/staff/letters/")
        row = officer.locator("tr", has_text=letter.register_label)
        assert row.locator(f"time[datetime='{processing_due.isoformat()}']").count() == 1
        officer.goto(f"{live_server.url}/staff/letters/{letter.pk}/")
        assert shown_date(officer, "register-title", processing_due) == ddmmyyyy(processing_due)
        act(officer, "classify")
        assert shown_date(officer, "register-title", processing_due) == ddmmyyyy(processing_due)
        officer.context.close()

        # 3. After Tết the leader accepts it, assigns the handler and marks it complicated.
        traveller.move_to(moment(ACCEPT_DAY))
        leader = fresh_page(browser, bureau.leader, live_server)
        leader.goto(f"{live_server.url}/staff/letters/{letter.pk}/")
        assert leader.input_value("#id_accept-accepted_on") == ACCEPT_DAY.isoformat()
        act(leader, "accept")
        case = Case.objects.get(letter=letter)
        leader.goto(f"{live_server.url}/staff/cases/{case.pk}/")
        normal_due = calendar.add_period(ACCEPT_DAY, resolution.amount, resolution.unit)
        assert resolution.amount == 30
        assert shown_date(leader, "deadline-title", normal_due) == ddmmyyyy(normal_due)

        # The case page now also has the verification form, which lists the same people.
        leader.locator("#action-assign").get_by_label(bureau.handler.get_full_name()).check()
        act(leader, "assign")
        leader.check("input[name='complexity-grounds'][value='places']")
        leader.fill("#id_complexity-reason", "Phải xác minh tại phường và tại hộ liền kề.")
        act(leader, "complexity")
        complex_amount = resolution.amount_for(complicated=True)
        assert complex_amount == 45
        complex_due = calendar.add_period(ACCEPT_DAY, complex_amount, resolution.unit)
        assert shown_date(leader, "deadline-title", complex_due) == ddmmyyyy(complex_due)
        assert shown_date(leader, "deadline-title", normal_due) == ""
        leader.context.close()

        # The citizen sees the same time limit.
        citizen = fresh_page(browser, None, live_server)
        _track(citizen, live_server, code, pin)
        assert f"{ddmmyyyy(complex_due)} —" in citizen.locator("main").inner_text()
        citizen.context.close()

        # 4. The leader decides; the decision must be sent within 3 working days.
        traveller.move_to(moment(DECIDE_DAY))
        leader = fresh_page(browser, bureau.leader, live_server)
        leader.goto(f"{live_server.url}/staff/cases/{case.pk}/")
        leader.select_option("#id_decide-outcome", "partly")
        leader.fill("#id_decide-findings", "Đo đạc lại: 3 m² nằm ngoài chỉ giới.")
        leader.fill("#id_decide-conclusion", CONCLUSION)
        # A complaint decision now states its legal basis and what it does with the decision
        # complained of (Luật Khiếu nại Art. 31(2)); the form refuses it without them.
        leader.fill("#id_decide-legal_grounds", "Luật Đất đai 2024, Điều 82.")
        leader.select_option("#id_decide-contested_measure", "amend")
        act(leader, "decide")
        send_due = calendar.add_period(DECIDE_DAY, sending.amount, sending.unit)
        assert shown_date(leader, "deadline-title", send_due) == ddmmyyyy(send_due)
        leader.context.close()

        # 5. The handler records that it was sent; a second complaint is possible for 30 days.
        traveller.move_to(moment(SEND_DAY))
        # The clerk has had the decision signed and issued (the documents' tests walk that
        # page): the form to record the sending is offered only for an issued decision.
        issue_drafts_about(case)
        handler = fresh_page(browser, bureau.handler, live_server)
        handler.goto(f"{live_server.url}/staff/cases/{case.pk}/")
        # The second complaint's window now runs from the complainant's receipt (Luật Khiếu
        # nại Art. 33): the decision is handed over on the day it is sent, and recorded so.
        handler.fill("#id_send-received_on", SEND_DAY.isoformat())
        act(handler, "send")
        appeal_until = calendar.add_period(SEND_DAY, appeal.amount, appeal.unit)
        assert (
            ddmmyyyy(appeal_until)
            in handler.locator("section[aria-labelledby=deadline-title]").inner_text()
        )
        handler.context.close()

        # 6. The citizen reads the answer and rates it.
        _track(page, live_server, code, pin)
        assert CONCLUSION in page.locator("main").inner_text()
        page.check("input[name=score][value='4']")
        page.fill("#id_comment", "Đã được giải thích rõ.")
        with page.expect_navigation(url="**/tra-cuu/"):
            page.click("button[value=rate]")

    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert (case.accepted_on, case.decided_on, case.sent_on) == (ACCEPT_DAY, DECIDE_DAY, SEND_DAY)
    assert case.due_on == complex_due
    assert Rating.objects.get(letter=letter).score == 4
    assert page.locator("button[value=rate]").count() == 0  # rated once, the form is gone
    assert time.monotonic() - started < 40
