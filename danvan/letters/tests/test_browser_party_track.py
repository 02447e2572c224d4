"""The party track walked in a real Chromium (DOMAIN.md §12.5): at a city party committee's
inspection committee, the receiving officer registers a named denunciation against a party
member, classifies it as a party matter and sends it to the party track; the officer proposes
its acceptance and the chairman approves; the chairman starts the verification and issues the
conclusion, downloaded as a DOCX in the party format. An anonymous party letter registered
the same way goes to the inspection-information queue and is never offered for acceptance."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from docx import Document
from playwright.sync_api import Browser, Page

from danvan.accounts.models import User
from danvan.documents.testing import issue_drafts_about
from danvan.documents.tests.factories import PartyTermFactory
from danvan.letters.choices import DisciplineMeasure, LetterKind
from danvan.letters.models import Letter, PartyCase
from danvan.letters.states import LetterStatus, PartyCaseStatus
from danvan.letters.tests import factories
from danvan.letters.tests.browser_support import act, fresh_page
from danvan.organizations.matters import MatterType
from danvan.organizations.models import Unit
from danvan.organizations.models.units import UnitKind, UnitLevel
from danvan.organizations.roles import Position, Role
from danvan.organizations.tests import factories as org
from danvan.workflow.models import Proposal

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

DENOUNCER = factories.DENOUNCER
NAMED_SUBJECT = "Tố cáo đảng viên Lã Văn Thử nhận tiền"
ANONYMOUS_SUBJECT = "Thông tin về đảng viên chi bộ khu phố 3"
MEMBER = "Đảng viên Lã Văn Thử"


def _inspection_committee() -> tuple[Unit, User, User]:
    """A city party committee and its inspection committee, with a receiving officer and the
    chairman (the head, who decides); a party term numbers their documents."""
    committee = org.UnitFactory(
        name="Thành ủy Thử nghiệm Bắc", kind=UnitKind.PARTY_COMMITTEE, level=UnitLevel.PROVINCIAL
    )
    ubkt = org.UnitFactory(
        name="Ủy ban Kiểm tra Thành ủy Thử nghiệm Bắc",
        kind=UnitKind.INSPECTION_COMMITTEE,
        level=UnitLevel.PROVINCIAL,
    )
    org.UnitLinkFactory(parent=committee, child=ubkt)
    PartyTermFactory(unit=committee, name="2025-2030", starts_on=dt.date(2025, 10, 1), ends_on=None)
    receiver = factories.member(
        ubkt, Role.RECEIVING_OFFICER, org.UserFactory(full_name="Ninh Thị Tiếp")
    )
    chairman = factories.member(
        ubkt,
        Role.UNIT_LEADER,
        org.UserFactory(full_name="Khổng Văn Kiểm"),
        position=Position.HEAD,
        position_title="Chủ nhiệm Ủy ban Kiểm tra",
    )
    return ubkt, receiver, chairman


def _register(page: Page, live_server: Any, subject: str, content: str, named: bool) -> Letter:
    """The receiving officer enters a denunciation brought in person, as a party matter."""
    page.goto(f"{live_server.url}/staff/letters/new/")
    page.select_option("#id_kind", LetterKind.DENUNCIATION)
    page.select_option("#id_matter", MatterType.PARTY)
    page.fill("#id_subject", subject)
    page.fill("#id_content", content)
    if named:
        page.select_option("#id_signature_method", "handwritten")
        page.fill("#id_signers-0-full_name", DENOUNCER.full_name)
        page.fill("#id_signers-0-phone", DENOUNCER.phone)
        page.fill("#id_signers-0-address", DENOUNCER.address)
    else:
        page.select_option("#id_signature_method", "none")
    with page.expect_navigation():
        page.locator("main button[type=submit]:not([name])").click()
    assert page.locator(".errorlist").all_inner_texts() == []
    return Letter.objects.get(subject=subject)


def _classify_and_send(page: Page, live_server: Any, letter: Letter, ubkt: Unit) -> PartyCase:
    page.goto(f"{live_server.url}/staff/letters/{letter.pk}/")
    page.select_option("#id_classify-matter", MatterType.PARTY)
    page.select_option("#id_classify-competent_unit", str(ubkt.pk))
    page.fill("#id_classify-override_reason", "Đảng viên do Ủy ban Kiểm tra Thành ủy quản lý.")
    page.fill("#id_classify-denounced_name", MEMBER)
    page.fill("#id_classify-summary", "Tố cáo đảng viên vi phạm khi thực hiện nhiệm vụ.")
    if page.locator("#id_classify-content_redacted").count():
        page.fill(
            "#id_classify-content_redacted",
            "Người tố cáo tố cáo đảng viên Lã Văn Thử nhận tiền của người dân.",
        )
    act(page, "classify")
    act(page, "party")
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.PARTY
    return PartyCase.objects.get(letter=letter)


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


def test_party_denunciation_to_conclusion_and_anonymous_letter_to_the_queue(
    browser: Browser, live_server: Any
) -> None:
    """QĐ 22-QĐ/TW Art. 19-20 as reported (the inspection committee resolves a denunciation
    against a party member; its chairman decides), HD 36-HD/VPTW (the conclusion in the party
    format, "T/M" signing, no state inspectorate among the recipients, no denouncer named);
    QĐ 22-QĐ/TW Art. 20(7) and QĐ 296-QĐ/TW Art. 19 (an anonymous party letter is not resolved:
    it goes to the inspection-information queue)."""
    ubkt, receiver, chairman = _inspection_committee()

    # The receiving officer registers, classifies and sends the named denunciation.
    officer = fresh_page(browser, receiver, live_server)
    letter = _register(
        officer,
        live_server,
        NAMED_SUBJECT,
        f"Tôi là {DENOUNCER.full_name}, điện thoại {DENOUNCER.phone}. Tôi tố cáo {MEMBER}, "
        "chi ủy viên chi bộ khu phố 3, đã nhận tiền của người dân khi xác nhận hồ sơ.",
        named=True,
    )
    assert letter.unit == ubkt
    assert not letter.anonymous
    pc = _classify_and_send(officer, live_server, letter, ubkt)
    assert pc.status == PartyCaseStatus.RECEIVED
    assert pc.unit == ubkt

    # The officer proposes the acceptance; nothing is accepted until the chairman approves.
    party_url = f"{live_server.url}/staff/party/{pc.pk}/"
    officer.goto(party_url)
    assert "Trình duyệt" in officer.locator("#action-accept h3").inner_text()
    officer.fill("#id_accept-reasons", "Tố cáo có họ tên, địa chỉ, nội dung cụ thể.")
    act(officer, "accept")
    assert PartyCase.objects.get(pk=pc.pk).status == PartyCaseStatus.RECEIVED
    proposal = Proposal.objects.get(move_key="accept", object_id=str(pc.pk))

    head = fresh_page(browser, chairman, live_server)
    head.goto(f"{live_server.url}/staff/proposals/{proposal.pk}/")
    head.check("#id_approve-confirm")
    with head.expect_navigation():
        head.locator("#action-approve button[type=submit]").click()
    assert head.locator(".errorlist").all_inner_texts() == []
    pc = PartyCase.objects.get(pk=pc.pk)
    assert pc.status == PartyCaseStatus.ACCEPTED
    assert pc.due_rule is not None

    # The chairman starts the verification and issues the conclusion.
    head.goto(party_url)
    head.fill("#id_verify-team", "Tổ xác minh của Ủy ban Kiểm tra Thành ủy")
    act(head, "verify")
    assert PartyCase.objects.get(pk=pc.pk).status == PartyCaseStatus.VERIFYING
    head.fill("#id_conclude-findings", "Đảng viên có nhận tiền khi xác nhận hồ sơ cho người dân.")
    head.fill("#id_conclude-conclusion", "Nội dung tố cáo là đúng; đảng viên vi phạm quy định.")
    head.select_option("#id_conclude-discipline", DisciplineMeasure.WARNING)
    act(head, "conclude")
    pc = PartyCase.objects.get(pk=pc.pk)
    assert pc.status == PartyCaseStatus.CONCLUDED
    assert pc.conclusion_document is not None

    # The conclusion, signed and numbered by the committee's clerk (the documents' tests walk
    # that page), downloaded from the page, is in the party format and names no denouncer.
    issue_drafts_about(pc)
    pc = PartyCase.objects.get(pk=pc.pk)
    head.goto(party_url)
    documents = head.locator("section[aria-labelledby=party-documents-title]")
    with head.expect_download() as download_info:
        documents.get_by_role("link", name=pc.conclusion_document.symbol).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    path = download.path()
    assert path is not None
    text = _docx_text(path.read_bytes())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "T/M" in text
    assert "T/M ỦY BAN KIỂM TRA" in text
    assert "Thanh tra cùng cấp" not in text
    assert [s for s in factories.identity_strings(DENOUNCER) if s in text] == []
    head.context.close()

    # An anonymous party letter: registered, classified, sent to the party track.
    anonymous_letter = _register(
        officer,
        live_server,
        ANONYMOUS_SUBJECT,
        "Đảng viên ở chi bộ khu phố 3 nhận tiền của người dân khi xác nhận hồ sơ, có chứng "
        "từ kèm theo.",
        named=False,
    )
    assert anonymous_letter.anonymous
    queued = _classify_and_send(officer, live_server, anonymous_letter, ubkt)
    assert queued.status == PartyCaseStatus.INSPECTION_INFO
    assert queued.accepted_on is None
    officer.context.close()

    # The chairman finds it in the inspection-information queue, and cannot accept it.
    head = fresh_page(browser, chairman, live_server)
    head.goto(f"{live_server.url}/staff/party/inspection/")
    queue = head.locator("main").inner_text()
    assert queued.number in queue
    assert ANONYMOUS_SUBJECT in queue
    assert pc.number not in queue
    with head.expect_navigation():
        head.get_by_role("link", name=queued.number).click()
    assert head.url == f"{live_server.url}/staff/party/{queued.pk}/"
    assert head.locator("#action-accept").count() == 0
    assert head.locator("form[action$='/accept/']").count() == 0
    assert head.locator("#action-use_for_inspection").count() == 1  # what it may serve
    head.goto(f"{live_server.url}/staff/letters/{anonymous_letter.pk}/")
    assert head.locator("#action-accept").count() == 0
    head.context.close()
