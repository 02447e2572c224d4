"""The dated tree: mergers, moves, cycles, one parent at a time, lives of units."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from danvan.core.actors import SYSTEM
from danvan.core.models import AuditEntry
from danvan.organizations import selectors, services
from danvan.organizations.models import (
    DocumentFormat,
    Membership,
    Unit,
    UnitKind,
    UnitLevel,
    UnitLink,
)
from danvan.organizations.roles import Role
from danvan.organizations.tests.factories import (
    MembershipFactory,
    UnitFactory,
    UnitLinkFactory,
    UserFactory,
    fresh,
)

pytestmark = pytest.mark.django_db

MERGER_DAY = dt.date(2025, 2, 3)  # Ban Tuyên giáo TW and Ban Dân vận TW merged (DOMAIN.md §9)
BEFORE = MERGER_DAY - dt.timedelta(days=1)


@pytest.fixture
def central(superuser):
    """The central party apparatus before 03/02/2025, built through the services."""
    bch = services.unit_create(
        actor=superuser,
        name="Ban Chấp hành Trung ương Đảng",
        code="bch-tw",
        kind=UnitKind.PARTY_COMMITTEE,
        level=UnitLevel.CENTRAL,
        effective_from=dt.date(2000, 1, 1),
    )
    tuyen_giao = services.unit_create(
        actor=superuser,
        name="Ban Tuyên giáo Trung ương",
        code="ban-tg-tw",
        kind=UnitKind.PARTY_BOARD,
        level=UnitLevel.CENTRAL,
        effective_from=dt.date(2000, 1, 1),
        parent=bch,
    )
    dan_van = services.unit_create(
        actor=superuser,
        name="Ban Dân vận Trung ương",
        code="ban-dv-tw",
        kind=UnitKind.PARTY_BOARD,
        level=UnitLevel.CENTRAL,
        effective_from=dt.date(2000, 1, 1),
        parent=bch,
    )
    vu = services.unit_create(
        actor=superuser,
        name="Vụ Dân tộc",
        code="vu-dan-toc",
        kind=UnitKind.OTHER,
        level=UnitLevel.CENTRAL,
        effective_from=dt.date(2010, 1, 1),
        parent=dan_van,
    )
    return {"bch": bch, "tuyen_giao": tuyen_giao, "dan_van": dan_van, "vu": vu}


@pytest.fixture
def merged(central, superuser):
    new = services.unit_create(
        actor=superuser,
        name="Ban Tuyên giáo và Dân vận Trung ương",
        code="ban-tgdv-tw",
        kind=UnitKind.PARTY_BOARD,
        level=UnitLevel.CENTRAL,
        effective_from=MERGER_DAY,
    )
    services.unit_merge(
        actor=superuser,
        units=[central["tuyen_giao"], central["dan_van"]],
        into=new,
        on=MERGER_DAY,
        reason="Quyết định hợp nhất ngày 03/02/2025",
    )
    return {**central, "new": new}


def _names(units):
    return {u.name for u in units}


def test_merger_gives_different_parents_and_children_before_and_after(merged):
    bch, dan_van, vu, new = merged["bch"], merged["dan_van"], merged["vu"], merged["new"]
    assert selectors.parent(dan_van, BEFORE) == bch
    assert selectors.parent(dan_van, MERGER_DAY) is None
    assert selectors.parent(vu, BEFORE) == dan_van
    assert selectors.parent(vu, MERGER_DAY) == new
    assert selectors.parent(new, MERGER_DAY) == bch  # placed under the merged units' parent
    assert _names(selectors.children(bch, BEFORE)) == {
        "Ban Tuyên giáo Trung ương",
        "Ban Dân vận Trung ương",
    }
    assert _names(selectors.children(bch, MERGER_DAY)) == {"Ban Tuyên giáo và Dân vận Trung ương"}
    assert [u.name for u in selectors.ancestors(vu, BEFORE)] == [
        "Ban Dân vận Trung ương",
        "Ban Chấp hành Trung ương Đảng",
    ]
    assert [u.name for u in selectors.ancestors(vu, MERGER_DAY)] == [
        "Ban Tuyên giáo và Dân vận Trung ương",
        "Ban Chấp hành Trung ương Đảng",
    ]
    assert _names(selectors.descendants(bch, BEFORE)) == {
        "Ban Tuyên giáo Trung ương",
        "Ban Dân vận Trung ương",
        "Vụ Dân tộc",
    }
    assert _names(selectors.descendants(bch, MERGER_DAY)) == {
        "Ban Tuyên giáo và Dân vận Trung ương",
        "Vụ Dân tộc",
    }


def test_merged_units_end_and_name_their_successor(merged):
    dan_van = Unit.objects.get(pk=merged["dan_van"].pk)
    assert dan_van.effective_to == MERGER_DAY
    assert dan_van.succeeded_by == merged["new"]
    assert dan_van.is_active_on(BEFORE)
    assert not dan_van.is_active_on(MERGER_DAY)
    assert "Ban Dân vận Trung ương" in _names(selectors.units_active_on(BEFORE))
    assert "Ban Dân vận Trung ương" not in _names(selectors.units_active_on(MERGER_DAY))
    assert "Ban Tuyên giáo và Dân vận Trung ương" not in _names(selectors.units_active_on(BEFORE))
    assert AuditEntry.objects.filter(
        action="organizations.unit.merged", target_id=str(dan_van.pk)
    ).exists()


def test_merger_closes_memberships_of_merged_units(central, superuser):
    officer = UserFactory()
    membership = MembershipFactory(
        user=officer, unit=central["dan_van"], role=Role.HANDLING_OFFICER
    )
    new = UnitFactory(name="Ban Tuyên giáo và Dân vận Trung ương", effective_from=MERGER_DAY)
    services.unit_merge(actor=superuser, units=[central["dan_van"]], into=new, on=MERGER_DAY)
    membership.refresh_from_db()
    assert membership.effective_to == MERGER_DAY
    assert membership.is_active_on(BEFORE)
    assert not membership.is_active_on(MERGER_DAY)


def test_tree_selectors_use_one_query_per_level(central, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # three levels below bch, then one for the units
        assert len(list(selectors.descendants(central["bch"], BEFORE))) == 3
    with django_assert_max_num_queries(3):  # vu → dan_van → bch → (none)
        assert len(selectors.ancestors(central["vu"], BEFORE)) == 2


def test_unit_tree_lays_out_depth_first(merged):
    nodes = selectors.unit_tree(Unit.objects.all(), MERGER_DAY)
    assert [(n.unit.name, n.depth) for n in nodes] == [
        ("Ban Chấp hành Trung ương Đảng", 0),
        ("Ban Tuyên giáo và Dân vận Trung ương", 1),
        ("Vụ Dân tộc", 2),
    ]


def test_link_that_would_make_a_cycle_is_refused(superuser):
    a, b, c = UnitFactory(name="A"), UnitFactory(name="B"), UnitFactory(name="C")
    UnitLinkFactory(parent=a, child=b)
    UnitLinkFactory(parent=b, child=c)
    with pytest.raises(ValidationError) as err:
        services.unit_link(actor=superuser, child=a, parent=c, on=dt.date(2024, 1, 1))
    assert "cấp trên" in " ".join(err.value.messages)  # a Vietnamese message
    assert not UnitLink.objects.filter(child=a).exists()


def test_cycle_check_considers_only_the_period_of_the_new_link(superuser):
    a, b = UnitFactory(name="A"), UnitFactory(name="B")
    UnitLinkFactory(parent=a, child=b, effective_to=dt.date(2030, 1, 1))
    # After B leaves A, A may sit under B.
    services.unit_link(actor=superuser, child=a, parent=b, on=dt.date(2030, 1, 1))
    with pytest.raises(ValidationError):
        services.unit_link(
            actor=superuser, child=a, parent=b, on=dt.date(2029, 6, 1), until=dt.date(2029, 12, 1)
        )


def test_a_unit_has_at_most_one_parent_at_a_time():
    a, b, c = UnitFactory(), UnitFactory(), UnitFactory()
    UnitLinkFactory(parent=a, child=c)
    second = UnitLink(parent=b, child=c, effective_from=dt.date(2020, 1, 1))
    with pytest.raises(ValidationError):
        second.full_clean()


def test_unit_link_moves_a_unit_from_its_current_parent(superuser):
    a, b, c = UnitFactory(), UnitFactory(), UnitFactory()
    UnitLinkFactory(parent=a, child=c)
    services.unit_link(actor=superuser, child=c, parent=b, on=dt.date(2025, 7, 1))
    assert selectors.parent(c, dt.date(2025, 6, 30)) == a
    assert selectors.parent(c, dt.date(2025, 7, 1)) == b


def test_link_outside_a_units_life_is_refused(superuser):
    old = UnitFactory(effective_to=dt.date(2020, 1, 1))
    young = UnitFactory(effective_from=dt.date(2019, 1, 1))
    with pytest.raises(ValidationError):
        UnitLink(parent=old, child=young, effective_from=dt.date(2019, 6, 1)).full_clean()
    with pytest.raises(ValidationError):
        services.unit_link(actor=superuser, child=young, parent=old, on=dt.date(2018, 1, 1))


def test_unit_cannot_be_linked_under_itself():
    unit = UnitFactory()
    with pytest.raises(ValidationError):
        UnitLink(parent=unit, child=unit, effective_from=dt.date(2020, 1, 1)).full_clean()


def test_dissolve_refuses_while_units_sit_under_it(central, superuser):
    with pytest.raises(ValidationError):
        services.unit_dissolve(actor=superuser, unit=central["dan_van"], on=MERGER_DAY)
    assert Unit.objects.get(pk=central["dan_van"].pk).effective_to is None


def test_dissolve_closes_parent_link_memberships_and_admin_site_access(central, superuser):
    admin = UserFactory()
    services.membership_grant(
        actor=SYSTEM,  # an administrator is given only through an approval, or by the platform
        user=admin,
        unit=central["vu"],
        role=Role.ADMINISTRATOR,
        effective_from=dt.date(2020, 1, 1),
    )
    assert fresh(admin).is_staff
    services.unit_dissolve(actor=superuser, unit=central["vu"], on=dt.date(2024, 1, 1))
    vu = Unit.objects.get(pk=central["vu"].pk)
    assert vu.effective_to == dt.date(2024, 1, 1)
    assert selectors.parent(vu, dt.date(2023, 12, 31)) == central["dan_van"]
    assert not UnitLink.objects.filter(child=vu, effective_to__isnull=True).exists()
    assert not Membership.objects.filter(unit=vu, effective_to__isnull=True).exists()
    assert not fresh(admin).is_staff
    assert AuditEntry.objects.filter(action="organizations.unit.dissolved").count() == 1


def test_historical_kinds_and_levels_must_have_ended():
    with pytest.raises(ValidationError):
        UnitFactory.build(code="dang-uy-khoi", kind=UnitKind.SECTOR_PARTY_COMMITTEE).full_clean()
    with pytest.raises(ValidationError):
        UnitFactory.build(
            code="ubnd-huyen", level=UnitLevel.DISTRICT, effective_to=dt.date(2025, 8, 1)
        ).full_clean()
    UnitFactory.build(
        code="ubnd-huyen-cu", level=UnitLevel.DISTRICT, effective_to=dt.date(2025, 7, 1)
    ).full_clean()


def test_party_bodies_use_the_party_document_format_unless_overridden():
    assert (
        UnitFactory.build(kind=UnitKind.PARTY_BOARD).resolved_document_format == DocumentFormat.HD36
    )
    assert UnitFactory.build(kind=UnitKind.PEOPLES_COMMITTEE).resolved_document_format == (
        DocumentFormat.ND30
    )
    assert UnitFactory.build(kind=UnitKind.FRONT_COMMITTEE).is_party_body is False
    override = UnitFactory.build(kind=UnitKind.PARTY_CELL, document_format=DocumentFormat.ND30)
    assert override.resolved_document_format == DocumentFormat.ND30
