"""Every page that exists today, in a real Chromium: no serious or critical axe-core violation,
no sideways scrolling at 320 px, no request to another host.

Each case names a path (with ``{unit}``, ``{entry}`` and ``{members_unit}`` placeholders filled
from the test data) and who looks at it: nobody, a citizen, a citizen who set up an authenticator
but has not typed a code yet, or a unit administrator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from danvan.accounts.models import User
from danvan.core import audit
from danvan.core.tests.browser import (
    foreign_requests,
    no_horizontal_scroll,
    recorded_requests,
    serious_violations,
    sign_in,
    wider_than_viewport,
)
from danvan.organizations.roles import Role
from danvan.organizations.tests.factories import (
    CompetenceFactory,
    FieldFactory,
    MembershipFactory,
    ProvinceFactory,
    UnitFactory,
    UnitLinkFactory,
    UserFactory,
    WardFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANONYMOUS, CITIZEN, CITIZEN_WITH_DEVICE, STAFF = "anonymous", "citizen", "device", "staff"

PAGES = [
    pytest.param("/", ANONYMOUS, id="home"),
    pytest.param("/accounts/login/", ANONYMOUS, id="login"),
    pytest.param("/accounts/register/", ANONYMOUS, id="register"),
    pytest.param("/khong-co-trang-nay/", ANONYMOUS, id="404"),
    pytest.param("/accessibility/", ANONYMOUS, id="accessibility-statement"),
    pytest.param("/accounts/security/", CITIZEN, id="account-security"),
    pytest.param("/accounts/password/", CITIZEN, id="password-change"),
    pytest.param("/accounts/two-step/setup/", CITIZEN, id="totp-setup"),
    pytest.param("/accounts/two-step/verify/", CITIZEN_WITH_DEVICE, id="totp-verify"),
    pytest.param("/staff/", CITIZEN, id="staff-home-refused-to-citizen"),
    pytest.param("/staff/audit/", CITIZEN, id="audit-403"),
    pytest.param("/staff/", STAFF, id="staff-home"),
    pytest.param("/staff/units/", STAFF, id="unit-directory"),
    pytest.param("/staff/units/{unit}/", STAFF, id="unit-detail"),
    pytest.param("/staff/units/{members_unit}/", STAFF, id="unit-detail-with-members"),
    pytest.param("/staff/audit/", STAFF, id="audit-list"),
    pytest.param(
        "/staff/audit/?q=tranthuha&action=accounts.login.succeeded&date_from=2026-01-01",
        STAFF,
        id="audit-filtered",
    ),
    pytest.param(
        "/staff/audit/?date_from=2026-13-45&date_to=2020-01-01", STAFF, id="audit-filter-errors"
    ),
    pytest.param("/staff/audit/?page=2", STAFF, id="audit-page-2"),
    pytest.param("/staff/audit/{entry}/", STAFF, id="audit-entry"),
    pytest.param("/design/", STAFF, id="design-system"),
]


@dataclass(frozen=True)
class World:
    citizen: User
    citizen_with_device: User
    staff: User
    unit_id: int
    members_unit_id: int
    entry_id: int


def _world() -> World:
    """A province-level tree with competences and members, a citizen, and 60 audit entries (two
    pages of the audit trail)."""
    staff = UserFactory(username="tranthuha", full_name="Trần Thu Hà")
    committee = UnitFactory(
        name="Ủy ban nhân dân tỉnh Thử Nghiệm", code="ubnd-thu-nghiem", kind="peoples_committee"
    )
    department = UnitFactory(
        name="Sở Nông nghiệp và Môi trường tỉnh Thử Nghiệm", kind="state_department"
    )
    office = UnitFactory(name="Văn phòng Ủy ban nhân dân tỉnh Thử Nghiệm", kind="state_office")
    UnitLinkFactory(parent=committee, child=department)
    UnitLinkFactory(parent=committee, child=office)
    MembershipFactory(
        user=staff, unit=committee, role=Role.ADMINISTRATOR, position_title="Chánh Văn phòng"
    )
    MembershipFactory(user=staff, unit=office, role=Role.HANDLING_OFFICER)
    for name in ("Nguyễn Thị Lan Anh", "Vũ Quốc Hưng"):
        MembershipFactory(
            user=UserFactory(full_name=name), unit=department, role=Role.RECEIVING_OFFICER
        )
    province = ProvinceFactory()
    CompetenceFactory(
        unit=department,
        fields=[FieldFactory(name="Đất đai"), FieldFactory(name="Môi trường")],
        provinces=[province],
        wards=[WardFactory(province=province)],
        legal_basis="Luật Khiếu nại 2011; Luật Tố cáo 2018",
    )
    CompetenceFactory(unit=department, letter_kind="", matter="party")
    citizen = UserFactory(username="lyvandan", full_name="Lý Văn Dân")
    with_device = UserFactory(username="dothimai", full_name="Đỗ Thị Mai")
    TOTPDevice.objects.create(user=with_device, name="authenticator", confirmed=True)
    entry = None
    for number in range(60):
        entry = audit.record(
            action="accounts.password.changed" if number % 2 else "organizations.unit.changed",
            actor=staff if number % 3 else audit.SYSTEM,
            target=department,
            fields=["name", "short_name", "address", "phone", "email", "effective_to"],
            reason="Sáp nhập theo Nghị quyết số 60-NQ/TW của Ban Chấp hành Trung ương",
            extra={"version": number, "source": "admin"},
        )
    assert entry is not None
    return World(citizen, with_device, staff, committee.pk, department.pk, entry.pk)


@pytest.mark.parametrize(("path", "who"), PAGES)
def test_page_is_accessible_fits_320_px_and_stays_on_this_host(
    page: Page, live_server: Any, path: str, who: str
) -> None:
    world = _world()
    user = {
        CITIZEN: world.citizen,
        CITIZEN_WITH_DEVICE: world.citizen_with_device,
        STAFF: world.staff,
    }.get(who)
    if user is not None:
        sign_in(page, live_server, user)
    url = live_server.url + path.format(
        unit=world.unit_id, members_unit=world.members_unit_id, entry=world.entry_id
    )

    with recorded_requests(page) as requested:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.url == url, "the page redirected elsewhere"
        assert serious_violations(page) == []

        page.set_viewport_size({"width": 320, "height": 720})
        page.reload()
        page.wait_for_load_state("networkidle")
        assert no_horizontal_scroll(page), wider_than_viewport(page)
        assert serious_violations(page) == []

    assert requested
    assert foreign_requests(requested, live_server) == []
