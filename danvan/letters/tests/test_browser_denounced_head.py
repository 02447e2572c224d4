"""A denunciation against the head of a commune, walked through a real Chromium.

A denunciation against the head of a body goes to the head of the body directly above (Luật Tố
cáo Art. 12(1)); the person denounced never resolves it nor learns who denounced them (Luật Tố
cáo Art. 47; NĐ 31/2019 Art. 5). The commune head, signed in, finds nothing of it: not the
letter, not the case, not its documents, and never the denouncer's name or phone.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser

from danvan.letters.choices import DenouncedStanding, LetterKind
from danvan.letters.models import Case
from danvan.letters.policies import LetterPolicy
from danvan.letters.tests import factories
from danvan.letters.tests.browser_support import act, fresh_page
from danvan.organizations.models import UnitKind, UnitLevel
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
    "903 111 222",
    DENOUNCER.email,
    DENOUNCER.address,
]


def test_a_denounced_commune_head_is_resolved_above_and_never_sees_the_denouncer(
    browser: Browser, live_server: Any
) -> None:
    """Luật Tố cáo Art. 12(1): a denunciation against the head of a body is resolved by the
    head of the body directly above; Luật Tố cáo Art. 47 and NĐ 31/2019 Art. 5: the denouncer's
    identity is kept from the person denounced."""
    province = org.UnitFactory(
        name="UBND tỉnh Thử nghiệm Năm", kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.PROVINCIAL,
    )  # fmt: skip
    commune = org.UnitFactory(
        name="UBND xã Bến Đò Thử nghiệm", kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.COMMUNE,
    )  # fmt: skip
    org.UnitLinkFactory(parent=province, child=commune)
    for body in (province, commune):
        org.CompetenceFactory(unit=body, letter_kind=LetterKind.DENUNCIATION)
    denounced = factories.member(
        commune, Role.UNIT_LEADER,
        org.UserFactory(full_name="Tạ Văn Bị", username="chutich.bendo"),
        position=Position.HEAD, position_title="Chủ tịch UBND xã",
    )  # fmt: skip
    receiver = factories.member(
        province, Role.RECEIVING_OFFICER, org.UserFactory(full_name="Hà Thị Sổ")
    )
    head = factories.member(
        province, Role.UNIT_LEADER, org.UserFactory(full_name="Khổng Minh Tỉnh"),
        position=Position.HEAD, position_title="Chủ tịch UBND tỉnh",
    )  # fmt: skip

    # The denunciation is handed in at the province's reception desk, registered there.
    letter = factories.receive(
        province,
        receiver,
        kind=LetterKind.DENUNCIATION,
        signers=[DENOUNCER],
        subject="Tố cáo Chủ tịch UBND xã Bến Đò nhận tiền",
        content=(
            f"Tôi là {DENOUNCER.full_name}, điện thoại {DENOUNCER.phone}. Tôi tố cáo Chủ tịch "
            "UBND xã Bến Đò đã nhận tiền của các hộ dân khi cấp phép xây dựng."
        ),
    ).letter

    # 1. The receiving officer classifies it: the head of the commune is denounced.
    officer = fresh_page(browser, receiver, live_server)
    officer.goto(f"{live_server.url}/staff/letters/{letter.pk}/")
    officer.fill("#id_classify-denounced_name", "Tạ Văn Bị")
    officer.fill("#id_classify-denounced_position", "Chủ tịch UBND xã Bến Đò")
    officer.select_option("#id_classify-denounced_standing", DenouncedStanding.HEAD)
    officer.fill("#id_classify-denounced_username", denounced.get_username())
    officer.select_option("#id_classify-about_unit", str(commune.pk))
    if officer.locator("#id_classify-content_redacted").count():
        officer.fill(
            "#id_classify-content_redacted",
            "Người tố cáo tố cáo Chủ tịch UBND xã Bến Đò đã nhận tiền khi cấp phép xây dựng.",
        )
    act(officer, "classify")
    letter.refresh_from_db()
    assert letter.denounced_user == denounced
    assert letter.proposed_unit == province  # the body directly above the commune
    said = officer.locator("section[aria-labelledby=summary-title]").inner_text()
    assert province.name in said
    assert "Luật Tố cáo 2018, Điều 12(1)" in said
    assert "Khổng Minh Tỉnh" in said
    assert "Tạ Văn Bị" not in said
    officer.context.close()

    # 2. The province's head accepts it directly: the case is the province's, and his.
    chair = fresh_page(browser, head, live_server)
    chair.goto(f"{live_server.url}/staff/letters/{letter.pk}/")
    act(chair, "accept")
    chair.context.close()
    case = Case.objects.get(letter=letter)
    assert case.unit == province
    assert case.resolver == head
    letter.refresh_from_db()
    documents = [d for d in (letter.handling_document,) if d is not None]
    assert documents  # the acceptance decision (Luật Tố cáo Art. 29)

    # 3. The commune head finds nothing of it, and never the denouncer.
    them = fresh_page(browser, denounced, live_server)
    for path in ("/staff/", "/staff/letters/", "/staff/proposals/"):
        response = them.goto(f"{live_server.url}{path}")
        assert response is not None, path
        assert response.status == 200, path
        page = them.content()
        assert [s for s in IDENTITY if s in page] == [], path
        assert letter.register_label not in them.locator("main").inner_text(), path
    hidden = [f"/staff/letters/{letter.pk}/", f"/staff/cases/{case.pk}/"]
    hidden += [f"/staff/letters/{letter.pk}/documents/{d.pk}/" for d in documents]
    for path in hidden:
        response = them.goto(f"{live_server.url}{path}")
        assert response is not None, path
        assert response.status == 404, path
        assert [s for s in IDENTITY if s in them.content()] == [], path
    them.context.close()

    # Even with a role at the province, the person denounced may not read the identity.
    factories.member(province, Role.HANDLING_OFFICER, denounced)
    assert not LetterPolicy(org.fresh(denounced)).can_view_identity(letter)
    assert LetterPolicy(org.fresh(head)).can_view_identity(letter)
