"""The writer of a complaint opens their own answer in a real Chromium: tracking code and PIN,
then a one-time code by text message (read from the notifications outbox), then their name,
the full answer and the decision as a PDF download."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from playwright.sync_api import Browser, Page

from danvan.core.tests.browser import serious_violations
from danvan.documents import issuing, signing
from danvan.documents.testing import PASSPHRASE, TestAuthority
from danvan.letters.choices import CaseOutcome, ContestedMeasure
from danvan.letters.services import cases
from danvan.letters.tests import factories
from danvan.letters.tests.browser_support import make_bureau
from danvan.notifications import sms

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

NAME = factories.COMPLAINANT.full_name
CONCLUSION = f"Khiếu nại của ông {NAME} là đúng một phần: điều chỉnh diện tích thu hồi."


@pytest.fixture
def outbox(settings: Any) -> list[sms.SentSms]:
    settings.DANVAN_SMS_BACKEND = "locmem"
    sms.outbox.clear()
    return sms.outbox


def test_the_writer_confirms_a_code_and_downloads_the_decision(
    page: Page, browser: Browser, live_server: Any, outbox: list[sms.SentSms], tmp_path: Path
) -> None:
    bureau = make_bureau()
    result = factories.receive(
        bureau.unit,
        bureau.receiver,
        subject="Khiếu nại quyết định thu hồi đất",
        content="Đề nghị xem xét lại quyết định thu hồi đất của gia đình tôi.",
        signers=[factories.COMPLAINANT],
    )
    case = factories.accept(result.letter, bureau.leader, resolver=bureau.leader)
    case = cases.case_decide(
        case=case,
        actor=bureau.leader,
        outcome=CaseOutcome.PARTLY_UPHELD,
        findings="Đã xác minh tại thực địa.",
        conclusion=CONCLUSION,
        legal_grounds="Luật Đất đai 2024, Điều 81",
        contested_measure=ContestedMeasure.AMEND,
    )
    # The head signs the decision with a key of a CA on the trust list; the clerk numbers it,
    # dates it and adds the organisation's signature; then it is sent.
    authority = TestAuthority()
    authority.trust()
    authority.signing_key(unit=bureau.unit, user=bureau.leader)
    authority.signing_key(unit=bureau.unit)
    decision = case.decision_document
    assert decision is not None
    issuing.sign_with_key(decision, actor=bureau.leader, passphrase=PASSPHRASE)
    issuing.release(decision, actor=bureau.receiver, passphrase=PASSPHRASE)
    cases.case_send(case=case, actor=bureau.leader)
    case.refresh_from_db()
    outbox.clear()

    # 1. Code and PIN: the answer without the writer's name.
    page.goto(f"{live_server.url}/tra-cuu/")
    page.fill("#id_code", result.tracking_code)
    page.fill("#id_pin", result.pin)
    with page.expect_navigation(url="**/tra-cuu/"):
        page.click("button[value=track]")
    main = page.locator("main")
    assert NAME not in main.inner_text()
    assert page.locator("#answer-title").count() == 1

    # 2. A code by text message, read from the outbox.
    with page.expect_navigation(url="**/tra-cuu/"):
        page.click("button[name=channel][value=sms]")
    assert len(outbox) == 1
    assert outbox[0].phone == factories.COMPLAINANT.phone
    found = re.search(r"(?<!\d)(\d{6})(?!\d)", outbox[0].text)
    assert found is not None, outbox[0].text
    page.fill("#id_access_code", found.group(1))
    with page.expect_navigation(url="**/tra-cuu/"):
        page.click("button[value=code_confirm]")

    # 3. Their own name, the full answer, the notices and the rights.
    text = main.inner_text()
    assert NAME in text
    assert CONCLUSION in text
    assert page.locator("#notices-title").count() == 1
    assert page.locator("#rights-title").count() == 1
    assert serious_violations(page) == [], page.url

    # 4. The decision as a PDF.
    link = page.locator(f"a[href='/tra-cuu/van-ban/{decision.pk}/']")
    with page.expect_download() as info:
        link.click()
    target = tmp_path / "decision.pdf"
    info.value.save_as(target)
    reader = pypdf.PdfReader(target)
    pdf_text = " ".join(p.extract_text() or "" for p in reader.pages)
    assert target.read_bytes().startswith(b"%PDF")
    assert "Kiều" in pdf_text
    # It is the signed original: the head's signature and the organisation's, both valid.
    checks = signing.check_signatures(target.read_bytes(), trusted_pems=[authority.pem])
    assert [check.ok for check in checks] == [True, True]

    # 5. Another browser with the same code and PIN is not confirmed.
    other = browser.new_context(locale="vi-VN").new_page()
    other.goto(f"{live_server.url}/tra-cuu/")
    other.fill("#id_code", result.tracking_code)
    other.fill("#id_pin", result.pin)
    with other.expect_navigation(url="**/tra-cuu/"):
        other.click("button[value=track]")
    assert NAME not in other.locator("main").inner_text()
    other.context.close()
