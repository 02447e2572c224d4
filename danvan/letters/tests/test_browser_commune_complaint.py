"""A complaint against a commune chairman's decision, walked through a real Chromium.

The head of the body that issued the contested decision resolves the first complaint (Luật
Khiếu nại Art. 7(1)); for a commune that is the Chairman of the commune People's Committee (Art.
17; DOMAIN.md §12.1a). The city inspectorate, though it holds a competence for complaints in
the area, does not resolve complaints (Arts. 24, 25, 31(1)). The receiving officer only proposes
acceptance; the chairman decides it (DOMAIN.md §12.1d), assigns verification (Art. 29(1)), the
verifier declares no tie and reports (Art. 29(4)), and the chairman issues the decision with its
legal basis and what it does with the contested decision (Art. 31(2)).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from danvan.accounts.models import User
from danvan.core import calendar
from danvan.letters.choices import ContestedKind, LetterKind
from danvan.letters.models import Case, Letter
from danvan.letters.states import CaseStatus
from danvan.letters.tests import factories
from danvan.letters.tests.browser_support import act, fresh_page
from danvan.organizations.models import Unit, UnitKind, UnitLevel
from danvan.organizations.roles import Position, Role
from danvan.organizations.tests import factories as org
from danvan.workflow.models import Proposal, ProposalState

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

#: Where the screenshots of the letter page go, to be looked at.
SHOTS = Path(tempfile.gettempdir())
CHAIRMAN_TITLE = "Chủ tịch UBND xã"
DECISION_NUMBER = "15/QĐ-UBND"
CONCLUSION = "Quyết định thu hồi đất vượt chỉ giới 20 m²: sửa đổi diện tích thu hồi."


@dataclass
class Commune:
    unit: Unit
    receiver: User
    handler: User
    chairman: User
    province: Unit
    inspectorate: Unit


def make_commune() -> Commune:
    """A commune People's Committee under a provincial one, and a city inspectorate that holds
    a competence for complaints in the same area (a trap: it must not resolve)."""
    province = org.UnitFactory(
        name="UBND tỉnh Thử nghiệm Bốn", kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.PROVINCIAL,
    )  # fmt: skip
    unit = org.UnitFactory(
        name="UBND xã Đồng Lúa Thử nghiệm", kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.COMMUNE,
    )  # fmt: skip
    inspectorate = org.UnitFactory(
        name="Thanh tra thành phố Thử nghiệm", kind=UnitKind.INSPECTORATE,
        level=UnitLevel.PROVINCIAL,
    )  # fmt: skip
    org.UnitLinkFactory(parent=province, child=unit)
    org.UnitLinkFactory(parent=province, child=inspectorate)
    for body in (province, unit, inspectorate):
        org.CompetenceFactory(unit=body, letter_kind=LetterKind.COMPLAINT)
    factories.member(inspectorate, Role.UNIT_LEADER, position=Position.HEAD)
    factories.member(inspectorate, Role.RECEIVING_OFFICER)
    factories.member(province, Role.UNIT_LEADER, position=Position.HEAD)

    def person(role: Role, full_name: str, **fields: Any) -> User:
        return factories.member(unit, role, org.UserFactory(full_name=full_name), **fields)

    return Commune(
        unit=unit,
        receiver=person(Role.RECEIVING_OFFICER, "Đinh Thị Nhận"),
        handler=person(Role.HANDLING_OFFICER, "Mạc Văn Minh"),
        chairman=person(
            Role.UNIT_LEADER,
            "Lương Văn Chủ",
            position=Position.HEAD,
            position_title=CHAIRMAN_TITLE,
        ),
        province=province,
        inspectorate=inspectorate,
    )


def _register(page: Page, live_server: Any, commune: Commune) -> Letter:
    """The receiving officer enters the letter handed in at the commune's reception desk."""
    page.goto(f"{live_server.url}/staff/letters/new/")
    page.select_option("#id_unit", str(commune.unit.pk))
    page.select_option("#id_kind", LetterKind.COMPLAINT)
    page.select_option("#id_matter", "state")
    page.fill("#id_subject", "Khiếu nại quyết định thu hồi đất của Chủ tịch UBND xã")
    page.fill(
        "#id_content",
        f"Quyết định số {DECISION_NUMBER} của Chủ tịch UBND xã thu hồi 20 m² đất của gia đình "
        "tôi vượt chỉ giới đã công bố. Đề nghị xem xét lại quyết định.",
    )
    page.fill("#id_signers-0-full_name", factories.COMPLAINANT.full_name)
    page.fill("#id_signers-0-phone", factories.COMPLAINANT.phone)
    page.fill("#id_signers-0-address", factories.COMPLAINANT.address)
    with page.expect_navigation():
        page.get_by_role("button", name="Vào sổ tiếp nhận đơn", exact=True).click()
    assert page.locator(".errorlist").all_inner_texts() == []
    assert "/staff/letters/" in page.url
    return Letter.objects.get(received_by=commune.receiver)


def test_a_complaint_against_the_commune_chairmans_decision_is_his_to_resolve(
    browser: Browser, live_server: Any
) -> None:
    """Luật Khiếu nại Art. 7(1), 17: the commune chairman resolves the first complaint against
    his own decision; the receiving officer proposes, the chairman accepts (TT 05/2021 Art. 13;
    Luật Khiếu nại Art. 27), assigns verification (Art. 29(1)) and decides (Art. 31)."""
    commune = make_commune()
    today = calendar.today_local()
    decision_day = today - dt.timedelta(days=20)

    # 1. The receiving officer registers the letter and classifies it, recording the decision
    # complained of and the body that issued it.
    officer = fresh_page(browser, commune.receiver, live_server)
    letter = _register(officer, live_server, commune)
    assert letter.unit == commune.unit
    officer.select_option("#id_classify-contested_kind", ContestedKind.DECISION)
    officer.fill("#id_classify-contested_number", DECISION_NUMBER)
    officer.fill("#id_classify-contested_date", decision_day.isoformat())
    officer.fill("#id_classify-contested_issuer", f"{CHAIRMAN_TITLE} Lương Văn Chủ")
    officer.select_option("#id_classify-about_unit", str(commune.unit.pk))
    act(officer, "classify")
    letter.refresh_from_db()
    assert letter.contested_kind == ContestedKind.DECISION
    assert letter.contested_number == DECISION_NUMBER
    assert letter.about_unit == commune.unit
    assert letter.competent_unit == commune.unit

    # The "Who decides" box names the commune and its chairman, not the inspectorate.
    box = officer.locator("section[aria-labelledby=summary-title]")
    said = box.inner_text()
    assert commune.unit.name in said
    assert "Luật Khiếu nại 2011, Điều 7(1)" in said
    assert f"Lương Văn Chủ, {CHAIRMAN_TITLE}" in said
    assert commune.inspectorate.name not in said
    box.screenshot(path=SHOTS / "commune_complaint_who_decides.png")
    officer.screenshot(path=SHOTS / "commune_complaint_letter.png", full_page=True)

    # 2. The receiving officer may only propose the acceptance: no case opens.
    accept = officer.locator("#action-accept")
    assert "Trình duyệt: " in accept.inner_text()  # "Propose for approval: ..."
    officer.fill("#id_accept-reasons", "Đơn đủ điều kiện thụ lý; thuộc thẩm quyền Chủ tịch xã.")
    act(officer, "accept")
    assert not Case.objects.filter(letter=letter).exists()
    proposal = Proposal.objects.get(move_key="accept", object_id=str(letter.pk))
    assert proposal.state == ProposalState.PENDING
    # The letter's "Who decides" box lists the proposal awaiting the chairman.
    box = officer.locator("section[aria-labelledby=summary-title]")
    assert "Đề xuất đang chờ quyết định" in box.inner_text()
    assert box.locator(f"a[href='/staff/proposals/{proposal.pk}/']").count() == 1
    officer.context.close()

    # 3. The chairman finds it in his work list and approves it: the case opens, his.
    chairman = fresh_page(browser, commune.chairman, live_server)
    chairman.goto(f"{live_server.url}/staff/proposals/")
    with chairman.expect_navigation():
        chairman.locator(f"a[href='/staff/proposals/{proposal.pk}/']").first.click()
    assert "Đơn đủ điều kiện thụ lý" in chairman.locator("main").inner_text()
    chairman.check("#id_approve-confirm")
    act(chairman, "approve")
    case = Case.objects.get(letter=letter)
    assert case.resolver == commune.chairman
    assert case.unit == commune.unit

    # 4. The chairman assigns verification to the handling officer, who leads the team.
    chairman.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    assert "Lương Văn Chủ" in chairman.locator("main").inner_text()
    chairman.select_option("#id_verify-unit", str(commune.unit.pk))
    chairman.select_option("#id_verify-leader", str(commune.handler.pk))
    act(chairman, "verify")
    chairman.context.close()

    # 5. The handler declares no tie and reports.
    handler = fresh_page(browser, commune.handler, live_server)
    handler.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    handler.select_option("#id_declare-tie", "none")
    act(handler, "declare")
    handler.fill("#id_report-subject", "Diện tích thu hồi theo Quyết định 15/QĐ-UBND")
    handler.fill("#id_report-verified_from", today.isoformat())
    handler.fill("#id_report-verified_to", today.isoformat())
    handler.fill("#id_report-content", "Đo đạc hiện trạng thửa đất và đối chiếu chỉ giới.")
    handler.fill("#id_report-result", "20 m² thu hồi nằm ngoài chỉ giới đã công bố.")
    handler.fill("#id_report-conclusion", "Khiếu nại là đúng.")
    handler.fill("#id_report-recommendation", "Sửa đổi quyết định thu hồi.")
    act(handler, "report")
    handler.context.close()

    # 6. The chairman issues the decision: legal basis and what it does with his decision.
    chairman = fresh_page(browser, commune.chairman, live_server)
    chairman.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    chairman.select_option("#id_decide-outcome", "upheld")
    chairman.fill("#id_decide-findings", "Báo cáo xác minh: 20 m² nằm ngoài chỉ giới.")
    chairman.fill("#id_decide-conclusion", CONCLUSION)
    chairman.fill("#id_decide-legal_grounds", "Luật Khiếu nại 2011, Điều 31; Luật Đất đai 2024.")
    chairman.select_option("#id_decide-contested_measure", "amend")
    act(chairman, "decide")
    assert "Đã ban hành văn bản giải quyết." in chairman.locator("main").inner_text()
    chairman.context.close()

    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    assert case.unit == commune.unit
    assert case.resolver == commune.chairman
    assert case.unit != commune.inspectorate
    assert not Case.objects.filter(unit=commune.inspectorate).exists()
    assert not Proposal.objects.filter(state=ProposalState.PENDING).exists()
