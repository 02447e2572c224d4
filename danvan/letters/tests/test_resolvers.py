"""Who resolves a complaint or a denunciation, from what it is about (DOMAIN.md §12.1), and who
decides for a unit: its head, or a deputy head under the head's dated assignment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from danvan.letters import resolvers
from danvan.letters.choices import ContestedKind, DenouncedStanding, LetterKind
from danvan.letters.services import handling
from danvan.letters.tests.conftest import MakeLetter, Office
from danvan.organizations import selectors as org_selectors
from danvan.organizations.models import Delegation, UnitLevel
from danvan.organizations.roles import Position, Role
from danvan.organizations.tests import factories as org

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = dt.date(2026, 9, 1)


@pytest.fixture
def tree() -> dict[str, object]:
    """A province, a district that ended on 01/7/2025, and a commune placed under the district
    until then and under the province since."""
    province = org.UnitFactory(name="UBND tỉnh Thử nghiệm", level=UnitLevel.PROVINCIAL)
    district = org.UnitFactory(
        name="UBND huyện Thử nghiệm", level=UnitLevel.DISTRICT,
        effective_to=dt.date(2025, 7, 1),
    )  # fmt: skip
    commune = org.UnitFactory(name="UBND xã Thử nghiệm", level=UnitLevel.COMMUNE)
    org.UnitLinkFactory(parent=province, child=district, effective_to=dt.date(2025, 7, 1))
    org.UnitLinkFactory(parent=district, child=commune, effective_to=dt.date(2025, 7, 1))
    org.UnitLinkFactory(parent=province, child=commune, effective_from=dt.date(2025, 7, 1))
    return {"province": province, "district": district, "commune": commune}


def test_a_complaints_first_resolver_is_the_issuer_and_the_second_the_body_directly_above(
    tree: dict[str, object],
) -> None:
    """Luật Khiếu nại Art. 7(1), 17, 33: the first time, the head of the body that issued the
    decision; the second time, the head directly above, read from the dated tree — since
    01/7/2025 a commune's superior is the province (DOMAIN.md §12.1a)."""
    commune, province, district = tree["commune"], tree["province"], tree["district"]
    first = resolvers.resolving_unit(
        kind=LetterKind.COMPLAINT, about_unit=commune, on=TODAY,  # type: ignore[arg-type]
        contested_kind=ContestedKind.DECISION,
    )  # fmt: skip
    assert first.unit == commune
    assert "Điều 7(1)" in first.basis
    second = resolvers.resolving_unit(
        kind=LetterKind.COMPLAINT, about_unit=commune, on=TODAY, round_=2,  # type: ignore[arg-type]
    )  # fmt: skip
    assert second.unit == province
    # Before the reform the commune's superior was the district.
    before = resolvers.resolving_unit(
        kind=LetterKind.COMPLAINT, about_unit=commune, on=dt.date(2025, 3, 1),  # type: ignore[arg-type]
        round_=2,
    )  # fmt: skip
    assert before.unit == district


def test_a_disciplinary_complaint_goes_to_the_managing_body(tree: dict[str, object]) -> None:
    """Luật Khiếu nại Art. 51(1): the head of the body that manages the official resolves the
    first complaint against a disciplinary decision."""
    found = resolvers.resolving_unit(
        kind=LetterKind.COMPLAINT, about_unit=tree["commune"], on=TODAY,  # type: ignore[arg-type]
        contested_kind=ContestedKind.DISCIPLINE,
    )  # fmt: skip
    assert found.unit == tree["commune"]
    assert "Điều 51(1)" in found.basis


def test_a_denunciation_goes_to_the_managing_body_and_against_its_head_to_the_body_above(
    tree: dict[str, object],
) -> None:
    """Luật Tố cáo Art. 12(1), (6): an official's managing body; a head or deputy head, or the
    body itself, the body directly above — also when the person denounced is linked to their
    account and holds the head's position there."""
    commune, province = tree["commune"], tree["province"]

    def unit_for(standing: str = "", user_id: int | None = None) -> object:
        return resolvers.resolving_unit(
            kind=LetterKind.DENUNCIATION, about_unit=commune, on=TODAY,  # type: ignore[arg-type]
            denounced_standing=standing, denounced_user_id=user_id,
        ).unit  # fmt: skip

    assert unit_for(DenouncedStanding.STAFF) == commune
    assert unit_for(DenouncedStanding.DEPUTY) == province
    assert unit_for(DenouncedStanding.HEAD) == province
    assert unit_for(DenouncedStanding.ORGANISATION) == province
    chairman = org.MembershipFactory(
        unit=commune, role=Role.UNIT_LEADER, position=Position.HEAD
    ).user
    assert unit_for(user_id=chairman.pk) == province


def test_routing_proposes_the_resolver_before_fields_and_areas(
    make_letter: MakeLetter, office: Office, tree: dict[str, object]
) -> None:
    """The letter records what it is about, and the proposed unit follows the law first
    (DOMAIN.md §12.1): a complaint against the commune's decision is proposed to the commune,
    even where another unit holds the competence for its field."""
    org.CompetenceFactory(unit=office.unit, letter_kind=LetterKind.COMPLAINT)
    letter = make_letter()
    data = handling.Classification(
        kind=LetterKind.COMPLAINT, about_unit=tree["commune"],  # type: ignore[arg-type]
        contested_kind=ContestedKind.DECISION, contested_number="15/QĐ-UBND",
        contested_date=dt.date(2026, 8, 1), contested_issuer="Chủ tịch UBND xã",
        competent_unit=office.unit, override_reason="Chuyển đơn vị có thẩm quyền",
        summary="Khiếu nại quyết định thu hồi đất",
    )  # fmt: skip
    classified = handling.letter_classify(letter=letter, actor=office.receiver, data=data)
    assert classified.proposed_unit == tree["commune"]
    assert classified.contested_number == "15/QĐ-UBND"
    assert classified.contested_issuer == "Chủ tịch UBND xã"


def test_the_head_and_an_assigned_deputy_decide_for_their_kinds_and_dates(
    tree: dict[str, object],
) -> None:
    """NĐ 30/2020 Art. 13(1): a deputy signs "KT." for the head only under the head's
    assignment; here the deputy decides feedback and petitions, from a date, and nothing else.
    A unit has one head at a time."""
    commune = tree["commune"]
    head = org.MembershipFactory(unit=commune, role=Role.UNIT_LEADER, position=Position.HEAD)
    deputy = org.MembershipFactory(unit=commune, role=Role.UNIT_LEADER, position=Position.DEPUTY)
    Delegation.objects.create(
        unit=commune, deputy=deputy.user, letter_kinds=[LetterKind.FEEDBACK, LetterKind.PETITION],
        document="05/QĐ-UBND", effective_from=dt.date(2026, 1, 1),
    )  # fmt: skip
    ids = {d.user_id for d in org_selectors.deciders(commune.pk, LetterKind.FEEDBACK, TODAY)}
    assert ids == {head.user_id, deputy.user_id}
    complaint = {d.user_id for d in org_selectors.deciders(commune.pk, LetterKind.COMPLAINT, TODAY)}
    assert complaint == {head.user_id}
    before = org_selectors.deciders(commune.pk, LetterKind.FEEDBACK, dt.date(2025, 12, 1))
    assert {d.user_id for d in before} == {head.user_id}
    found = org_selectors.decider(deputy.user_id, commune.pk, LetterKind.PETITION, TODAY)
    assert found is not None
    assert found.is_deputy
    second_head = org.MembershipFactory.build(
        unit=commune, role=Role.UNIT_LEADER, position=Position.HEAD, user=org.UserFactory()
    )
    with pytest.raises(ValidationError, match="already has a head"):
        second_head.full_clean()
    staff = org.MembershipFactory.build(
        unit=commune, role=Role.HANDLING_OFFICER, position=Position.HEAD, user=org.UserFactory()
    )
    with pytest.raises(ValidationError, match="Only a unit leader"):
        staff.full_clean()
