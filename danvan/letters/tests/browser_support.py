"""Set-up shared by the browser walks of the letters context: an inspectorate competent for
complaints and denunciations in a test province, one named person per role, and the small
steps every walk repeats (sign in as someone, post an action form, read a deadline)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page

from danvan.accounts.models import User
from danvan.core.tests.browser import sign_in
from danvan.letters.tests import factories
from danvan.organizations.matters import LetterKind
from danvan.organizations.models import Province, Unit, Ward
from danvan.organizations.roles import Position, Role
from danvan.organizations.tests import factories as org

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass
class Bureau:
    """A provincial inspectorate that receives and resolves complaints and denunciations;
    ``leader`` is its head, the one who decides."""

    unit: Unit
    receiver: User
    handler: User
    leader: User
    inspector: User
    province: Province
    ward: Ward


def make_bureau() -> Bureau:
    province = org.ProvinceFactory(code="93", name="Tỉnh Thử nghiệm Ba")
    ward = org.WardFactory(code="93001", province=province, name="Phường Bờ Hồ Thử nghiệm")
    org.WardFactory(code="93002", province=province, name="Xã Đồng Lúa Thử nghiệm")
    unit = org.UnitFactory(
        name="Thanh tra tỉnh Thử nghiệm Ba", code="thanh-tra-thu-nghiem", province=province
    )
    for kind in (LetterKind.COMPLAINT, LetterKind.DENUNCIATION):
        org.CompetenceFactory(unit=unit, letter_kind=kind, legal_basis="Luật thử nghiệm")

    def person(role: Role, full_name: str, **fields: Any) -> User:
        return factories.member(unit, role, org.UserFactory(full_name=full_name), **fields)

    return Bureau(
        unit=unit,
        receiver=person(Role.RECEIVING_OFFICER, "Lâm Thị Tiếp"),
        handler=person(Role.HANDLING_OFFICER, "Quách Văn Xử"),
        # The head of the unit: under the letters law only the head decides (officers propose).
        leader=person(Role.UNIT_LEADER, "Ông Đức Lãnh", position=Position.HEAD),
        inspector=person(Role.INSPECTOR, "Vi Thị Kiểm"),
        province=province,
        ward=ward,
    )


def moment(day: dt.date, hour: int = 9) -> dt.datetime:
    """``day`` at ``hour`` o'clock in Vietnam: where a walk travels to."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=VIETNAM)


#: Opens every folded section and action of a letter's or a case's page once it has loaded.
UNFOLD = """document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("details.action-step, .page-section > details")
    .forEach((d) => { d.open = true; });
});"""


def fresh_page(browser: Browser, who: User | None, live_server: Any) -> Page:
    """A new browser (its own cookies) for ``who``, or for a citizen without an account."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    # The walks read every section and fill the actions' forms: unfold them all, as a person
    # opening each one would.
    page.add_init_script(UNFOLD)
    if who is not None:
        sign_in(page, live_server, who)
    return page


def open_action(page: Page, key: str) -> None:
    """Unfold the action ``key`` (each action is folded on the page until the person opens it)
    and tick its confirmation when the move cannot be undone."""
    page.locator(f"#action-{key}").evaluate(
        "el => { if (el.tagName === 'DETAILS') el.open = true; }"
    )
    confirm = page.locator(f"#action-{key} input[name='{key}-confirm']")
    if confirm.count():
        confirm.check()


def act(page: Page, key: str) -> None:
    """Send the action form ``key`` of a letter's or a case's page and wait for the answer."""
    open_action(page, key)
    with page.expect_navigation():
        page.locator(f"#action-{key} button[type=submit]").click()
    errors = page.locator(".errorlist").all_inner_texts()
    assert errors == [], errors


def act_reviewed(page: Page, key: str) -> str:
    """Send a decision that names the denouncer: the form first shows the copy without the
    identity the documents for others will carry (Luật Tố cáo Art. 47); the same texts sent
    again go on. Returns the copy shown."""
    open_action(page, key)
    with page.expect_navigation():
        page.locator(f"#action-{key} button[type=submit]").click()
    shown = " ".join(page.locator(f"#action-{key} .errorlist").all_inner_texts())
    assert "[" in shown, shown  # the copy for others, with the identity removed
    act(page, key)
    return shown


def shown_date(page: Page, section: str, day: dt.date) -> str:
    """The text of the date ``day`` inside the section labelled ``section`` (as written on the
    page, dd/mm/yyyy), or "" when the page does not show it there."""
    found = page.locator(f"section[aria-labelledby={section}] time[datetime='{day.isoformat()}']")
    return found.first.inner_text() if found.count() else ""


def ddmmyyyy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")
