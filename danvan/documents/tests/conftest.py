"""Fixtures of the documents tests: a state body and a party body with their settings, test
templates registered as defaults, people in roles.

The documents context sits below the feature contexts, so its tests do not import them: the
letters notices are reached through the registry (the letters app registers them at start-up).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from danvan.accounts.models import User
from danvan.documents import templates
from danvan.documents.tests.factories import IssuerProfileFactory, PartyTermFactory
from danvan.documents.types import DocumentType
from danvan.organizations.models import Membership, Unit, UnitKind
from danvan.organizations.roles import Role
from danvan.organizations.tests import factories as org

NOTICE = templates.TemplateDefault(
    key="documents_tests.notice",
    doc_type=DocumentType.NOTICE,
    title="THÔNG BÁO",
    summary="Về việc thụ lý giải quyết {letter_kind}",
    body=(
        "Kính gửi: {recipient}\n"
        "Ngày {received_on}, {issuer} nhận được đơn {letter_kind} của {recipient}.\n"
        "Vụ việc số {case_number} được thụ lý theo {legal_basis}./."
    ),
    placeholders=("recipient", "letter_kind", "received_on", "case_number", "legal_basis"),
    recipients=("{recipient}", "Thanh tra thành phố"),
)
LETTER = templates.TemplateDefault(
    key="documents_tests.letter",
    doc_type=DocumentType.OFFICIAL_LETTER,
    title="",
    summary="V/v trả lời kiến nghị",
    body="Kính gửi: {recipient}\n{answer}",
    placeholders=("recipient", "answer"),
    recipients=("{recipient}",),
)
DECISION = templates.TemplateDefault(
    key="documents_tests.decision",
    doc_type=DocumentType.DECISION,
    title="QUYẾT ĐỊNH",
    summary="Về việc đình chỉ việc giải quyết vụ việc số {case_number}",
    body=(
        "{issuing_authority}\n"
        "Căn cứ {legal_basis};\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Đình chỉ việc giải quyết vụ việc số {case_number}./."
    ),
    placeholders=("case_number", "legal_basis"),
    recipients=("Như Điều 1",),
)
TEST_DEFAULTS = (NOTICE, LETTER, DECISION)

NOTICE_CONTEXT = {
    "recipient": "Ông Lê Văn Cúc",
    "letter_kind": "khiếu nại",
    "received_on": "02/02/2026",
    "case_number": "12/2026",
    "legal_basis": "Điều 27 Luật Khiếu nại năm 2011",
}


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    """Messages are asserted in English; tests that check the Vietnamese text switch back."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _test_templates() -> None:
    """Registering the same defaults again is harmless."""
    templates.register_defaults(TEST_DEFAULTS)


@pytest.fixture
def notice_context() -> dict[str, str]:
    return dict(NOTICE_CONTEXT)


@pytest.fixture
def superuser(db: Any) -> User:
    return User.objects.create_superuser(
        username="quantri.vanban", password=org.TEST_PASSWORD, full_name="Quản trị văn bản"
    )


@pytest.fixture
def state_unit(db: Any) -> Unit:
    """Văn phòng UBND (state format) with a profile: symbol VP, place Hà Nội."""
    province = org.ProvinceFactory(code="01", name="Thành phố Hà Nội")
    ubnd = org.UnitFactory(name="Ủy ban nhân dân thành phố Hà Nội", province=province)
    unit = org.UnitFactory(
        name="Văn phòng Ủy ban nhân dân thành phố Hà Nội",
        kind=UnitKind.STATE_OFFICE,
        province=province,
    )
    org.UnitLinkFactory(parent=ubnd, child=unit)
    IssuerProfileFactory(
        unit=unit,
        symbol="VP",
        drafting_symbol="TCD",
        parent_body_line="UBND THÀNH PHỐ HÀ NỘI",
        body_line="VĂN PHÒNG",
        signer_authority="KT. CHÁNH VĂN PHÒNG",
        signer_position="PHÓ CHÁNH VĂN PHÒNG",
        signer_name="Nguyễn Thị Lan Anh",
    )
    return unit


@pytest.fixture
def party_tree(db: Any) -> dict[str, Unit]:
    """Thành ủy (two terms) with its Ban Tuyên giáo và Dân vận (no term of its own)."""
    committee = org.UnitFactory(name="Thành ủy Hà Nội", kind=UnitKind.PARTY_COMMITTEE)
    board = org.UnitFactory(
        name="Ban Tuyên giáo và Dân vận Thành ủy Hà Nội", kind=UnitKind.PARTY_BOARD
    )
    org.UnitLinkFactory(parent=committee, child=board)
    PartyTermFactory(unit=committee, name="2020-2025")
    PartyTermFactory(
        unit=committee, name="2025-2030", starts_on=dt.date(2025, 10, 16), ends_on=None
    )
    IssuerProfileFactory(
        unit=committee,
        symbol="TU",
        parent_body_line="ĐẢNG BỘ THÀNH PHỐ HÀ NỘI",
        body_line="THÀNH ỦY",
        signer_authority="T/M BAN THƯỜNG VỤ",
        signer_position="PHÓ BÍ THƯ",
        signer_name="Phạm Minh Đức",
    )
    IssuerProfileFactory(
        unit=board,
        symbol="BTGDVTU",
        parent_body_line="THÀNH ỦY HÀ NỘI",
        body_line="BAN TUYÊN GIÁO VÀ DÂN VẬN",
        signer_authority="K/T TRƯỞNG BAN",
        signer_position="PHÓ TRƯỞNG BAN",
        signer_name="Hoàng Thị Giang",
    )
    return {"committee": committee, "board": board}


@pytest.fixture
def make_member(db: Any) -> Callable[..., Membership]:
    def make(role: Role, unit: Unit, user: User | None = None) -> Membership:
        extra: dict[str, Any] = {"user": user} if user is not None else {}
        return org.MembershipFactory(role=role, unit=unit, **extra)

    return make


@pytest.fixture
def officer(state_unit: Unit, make_member: Callable[..., Membership]) -> User:
    return make_member(Role.HANDLING_OFFICER, state_unit).user
