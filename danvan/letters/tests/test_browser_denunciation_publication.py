"""A denunciation's conclusion published in a real Chromium: the head of the unit accepts and
concludes it, then publishes it on the portal. A text that still names the denouncer is refused
on the page; the clean text is published for at least 15 days, shown to an anonymous citizen on
the public results page during that period only, and never with the denouncer's details."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Browser, Page

from danvan.core import calendar
from danvan.letters import deadlines
from danvan.letters.choices import Channel, LetterKind, PublicationForm
from danvan.letters.models import Case, Publication
from danvan.letters.states import CaseStatus
from danvan.letters.tests import factories
from danvan.letters.tests.browser_support import act, act_reviewed, ddmmyyyy, fresh_page, moment
from danvan.organizations.matters import LetterKind as CompetenceKind
from danvan.organizations.roles import Position, Role
from danvan.organizations.tests import factories as org

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

DENOUNCER = factories.DENOUNCER
IDENTITY = [
    DENOUNCER.full_name,
    DENOUNCER.phone,
    "+84" + DENOUNCER.phone[1:],
    "0903 111 222",
    DENOUNCER.id_number,
    DENOUNCER.email,
    DENOUNCER.address,
]
CONTENT = (
    f"Tôi là {DENOUNCER.full_name}, điện thoại {DENOUNCER.phone}. Tôi tố cáo ông cán bộ "
    "tư pháp phường đã nhận tiền của người dân khi chứng thực hợp đồng."
)
TITLE = "Kết luận nội dung tố cáo cán bộ tư pháp phường Thử nghiệm Nam"
NAMING_TEXT = (
    f"Nội dung tố cáo của bà {DENOUNCER.full_name} là đúng: cán bộ tư pháp đã nhận tiền khi "
    "chứng thực hợp đồng."
)
CLEAN_TEXT = (
    "Nội dung tố cáo là đúng: cán bộ tư pháp phường đã nhận tiền khi chứng thực hợp đồng; "
    "kiểm điểm cán bộ và hoàn trả tiền cho người dân."
)


@pytest.fixture
def walk_settings(settings: Any) -> None:
    # The server's clock travels while Chromium's stays today: cookies with an expiry date
    # written by the server could already be expired for the browser.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None


def _unit_with_head() -> factories.Office:
    """A ward people's committee competent for denunciations: a receiving officer, a handler
    and its head (the chairman), who decides."""
    unit = org.UnitFactory(name="Ủy ban nhân dân phường Thử nghiệm Nam")
    org.CompetenceFactory(
        unit=unit, letter_kind=CompetenceKind.DENUNCIATION, legal_basis="Luật Tố cáo 2018"
    )

    def person(role: Role, name: str, **fields: Any) -> Any:
        return factories.member(unit, role, org.UserFactory(full_name=name), **fields)

    return factories.Office(
        unit=unit,
        receiver=person(Role.RECEIVING_OFFICER, "Lục Thị Nhận"),
        handler=person(Role.HANDLING_OFFICER, "Mạc Văn Lý"),
        other_handler=person(Role.HANDLING_OFFICER, "Đinh Văn Phụ"),
        leader=person(Role.UNIT_LEADER, "Tạ Quang Chủ", position=Position.HEAD),
        inspector=person(Role.INSPECTOR, "Hà Thị Soát"),
    )


def test_conclusion_published_for_fifteen_days_without_the_denouncer(
    page: Page, browser: Browser, live_server: Any, walk_settings: None
) -> None:
    """Luật Tố cáo 2018 Art. 40(2)-(3); NĐ 31/2019 Art. 6 (rule ``publication.denunciation``):
    the conclusion is published on the portal for at least 15 consecutive days, and nothing
    published carries the denouncer's name, telephone or other detail."""
    office = _unit_with_head()
    letter = factories.receive(
        office.unit,
        office.receiver,
        kind=LetterKind.DENUNCIATION,
        signers=[DENOUNCER],
        subject="Tố cáo cán bộ tư pháp nhận tiền",
        content=CONTENT,
        channel=Channel.IN_PERSON,
    ).letter
    factories.classify(
        letter,
        office.receiver,
        denounced_name="Ông Vũ Văn Tư",
        denounced_position="Công chức tư pháp - hộ tịch",
        about_unit=office.unit,
        content_redacted=(
            "Người tố cáo tố cáo ông cán bộ tư pháp phường đã nhận tiền của người dân khi "
            "chứng thực hợp đồng."
        ),
    )
    today = calendar.today_local()
    starts_on = today + dt.timedelta(days=3)

    # The head accepts the denunciation and concludes it, on the pages.
    head = fresh_page(browser, office.leader, live_server)
    head.goto(f"{live_server.url}/staff/letters/{letter.pk}/")
    act(head, "accept")
    case = Case.objects.get(letter=letter)
    assert case.resolver == office.leader
    head.goto(f"{live_server.url}/staff/cases/{case.pk}/")
    head.select_option("#id_decide-outcome", "upheld")
    head.fill("#id_decide-findings", "Xác minh tại phường: có thu tiền ngoài quy định.")
    head.fill("#id_decide-conclusion", NAMING_TEXT)
    assert DENOUNCER.full_name not in act_reviewed(head, "decide")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.DECIDED

    # A text that names the denouncer is refused, with the reason on the page.
    head.fill("#id_publish-title", TITLE)
    head.fill("#id_publish-text", NAMING_TEXT)
    head.select_option("#id_publish-form", PublicationForm.PORTAL)
    head.fill("#id_publish-starts_on", starts_on.isoformat())
    with head.expect_navigation():
        head.locator("#action-publish button[type=submit]").click()
    errors = " ".join(head.locator("#action-publish .errorlist").all_inner_texts())
    assert "Nội dung vẫn còn tên của người ký đơn" in errors, errors
    assert not Publication.objects.filter(letter=letter).exists()

    # The clean text on the portal, from the day chosen: accepted, for at least 15 days.
    head.fill("#id_publish-title", TITLE)
    head.fill("#id_publish-text", CLEAN_TEXT)
    head.select_option("#id_publish-form", PublicationForm.PORTAL)
    head.fill("#id_publish-starts_on", starts_on.isoformat())
    act(head, "publish")
    publication = Publication.objects.get(letter=letter)
    assert publication.form == PublicationForm.PORTAL
    assert publication.starts_on == starts_on
    assert publication.ends_on is not None
    rule = deadlines.rule_in_effect("publication.denunciation", starts_on)
    assert (rule.amount, rule.unit) == (15, "calendar_days")
    assert publication.ends_on == deadlines.due_date(rule, starts_on - dt.timedelta(days=1))
    assert (publication.ends_on - publication.starts_on).days + 1 >= 15  # days published
    ends_on = publication.ends_on
    listed = head.locator("li", has_text=TITLE).first.inner_text()
    assert f"{TITLE} — từ ngày {ddmmyyyy(starts_on)} đến ngày {ddmmyyyy(ends_on)}" in listed, listed
    head.context.close()

    # An anonymous citizen reads the public results page.
    public_url = f"{live_server.url}/cong-khai-ket-qua/"
    page.goto(public_url)
    assert TITLE not in page.content()  # not before its first day
    for day in (starts_on, ends_on):
        with time_machine.travel(moment(day), tick=True):
            page.goto(public_url)
            html = page.content()
            assert TITLE in html
            assert "kiểm điểm cán bộ và hoàn trả tiền" in html
            shown = page.locator("article", has_text=TITLE).inner_text()
            period = f"công khai từ ngày {ddmmyyyy(starts_on)} đến ngày {ddmmyyyy(ends_on)}"
            assert period in shown, shown
            assert [s for s in IDENTITY if s in html] == []
    with time_machine.travel(moment(ends_on + dt.timedelta(days=1)), tick=True):
        page.goto(public_url)
        html = page.content()
        assert TITLE not in html
        assert [s for s in IDENTITY if s in html] == []
