"""Fixtures for the letters tests: a unit with one person in each role, and a letter maker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from danvan.accounts.models import User
from danvan.letters.choices import Channel, LetterKind, SignatureMethod
from danvan.letters.models import Letter
from danvan.letters.services import intake
from danvan.organizations.models import Unit
from danvan.organizations.roles import Position, Role
from danvan.organizations.tests import factories as org


@dataclass
class Office:
    """A unit and one person per role in it, plus a citizen."""

    unit: Unit
    receiver: User
    handler: User
    other_handler: User
    leader: User
    inspector: User
    admin: User
    citizen: User


def make_office(name: str = "Ủy ban nhân dân xã Thử nghiệm", **unit_kwargs: Any) -> Office:
    unit = org.UnitFactory(name=name, **unit_kwargs)

    def member(role: Role) -> User:
        user = org.UserFactory()
        # The unit's leader is its head: the head decides (DOMAIN.md §12.1d).
        position = Position.HEAD if role == Role.UNIT_LEADER else Position.STAFF
        title = "" if position == Position.HEAD else "Chuyên viên"
        org.MembershipFactory(
            user=user, unit=unit, role=role, position=position, position_title=title
        )
        return org.fresh(user)

    return Office(
        unit=unit,
        receiver=member(Role.RECEIVING_OFFICER),
        handler=member(Role.HANDLING_OFFICER),
        other_handler=member(Role.HANDLING_OFFICER),
        leader=member(Role.UNIT_LEADER),
        inspector=member(Role.INSPECTOR),
        admin=member(Role.ADMINISTRATOR),
        citizen=org.UserFactory(),
    )


@pytest.fixture
def office(db: Any) -> Office:
    return make_office()


DENOUNCER = intake.SignerInput(
    full_name="Trần Thị Bích Ngọc",
    id_number="001190012345",
    phone="0912345678",
    email="bichngoc.tt@example.invalid",
    address="Số 12 ngõ 34 phố Hàng Bông",
)
COMPLAINANT = intake.SignerInput(
    full_name="Lê Văn Toàn",
    phone="0987654321",
    email="toan.lv@example.invalid",
    address="Thôn Đông, xã Thử nghiệm",
)

MakeLetter = Callable[..., Letter]


@pytest.fixture
def make_letter(office: Office, django_capture_on_commit_callbacks: Any) -> MakeLetter:
    def _make(
        *,
        kind: str = LetterKind.COMPLAINT,
        signers: list[intake.SignerInput] | None = None,
        received_on: dt.date | None = None,
        content: str = "Đề nghị xem xét lại quyết định thu hồi đất số 15/QĐ-UBND của xã.",
        subject: str = "Khiếu nại quyết định thu hồi đất",
        signed: bool = True,
        unit: Unit | None = None,
        actor: Any = None,
        **extra: Any,
    ) -> Letter:
        data = intake.LetterInput(
            unit=unit or office.unit,
            channel=extra.pop("channel", Channel.IN_PERSON),
            kind=kind,
            subject=subject,
            content=content,
            signers=[COMPLAINANT] if signers is None else signers,
            received_on=received_on,
            signature_method=SignatureMethod.HANDWRITTEN if signed else SignatureMethod.NONE,
            **extra,
        )
        with django_capture_on_commit_callbacks(execute=True):
            result = intake.letter_receive(data=data, actor=actor or office.receiver)
        return result.letter

    return _make


@pytest.fixture
def english() -> Any:
    """Services' messages in English, so tests can match the msgids whatever the catalogue says."""
    from django.utils import translation

    with translation.override("en"):
        yield
