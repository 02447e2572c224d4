"""Services check permissions, validate, write and audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.core.actors import SYSTEM
from danvan.core.models import AuditEntry
from danvan.organizations import services
from danvan.organizations.models import Membership, Unit, UnitKind
from danvan.organizations.roles import Role
from danvan.organizations.tests.factories import UserFactory, fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_of_own(small_tree, make_member):
    return fresh(make_member(Role.ADMINISTRATOR, small_tree["own"]).user)


def test_administrator_creates_a_unit_under_their_unit(small_tree, admin_of_own):
    unit = services.unit_create(
        actor=admin_of_own,
        name="Phòng Tuyên truyền",
        code="phong-tuyen-truyen",
        kind=UnitKind.OTHER,
        effective_from=dt.date(2025, 7, 1),
        parent=small_tree["own"],
        reason="Quyết định thành lập",
    )
    entry = AuditEntry.objects.get(action="organizations.unit.created", target_id=str(unit.pk))
    assert entry.actor_id == admin_of_own.pk
    assert "name" in entry.fields
    assert AuditEntry.objects.filter(action="organizations.unit.linked").exists()


@pytest.mark.parametrize("target", ["sibling", "parent"])
def test_administrator_cannot_create_outside_their_scope(small_tree, admin_of_own, target):
    with pytest.raises(PermissionDenied):
        services.unit_create(
            actor=admin_of_own,
            name="Đơn vị ngoài phạm vi",
            code="ngoai-pham-vi",
            kind=UnitKind.OTHER,
            effective_from=dt.date(2025, 7, 1),
            parent=small_tree[target],
        )
    assert not Unit.objects.filter(code="ngoai-pham-vi").exists()


def test_only_superusers_create_top_units(admin_of_own, superuser):
    with pytest.raises(PermissionDenied):
        services.unit_create(
            actor=admin_of_own,
            name="Gốc",
            code="goc",
            kind=UnitKind.OTHER,
            effective_from=dt.date(2025, 1, 1),
        )
    services.unit_create(
        actor=superuser,
        name="Gốc",
        code="goc",
        kind=UnitKind.OTHER,
        effective_from=dt.date(2025, 1, 1),
    )


def test_unit_update_records_only_changed_fields(small_tree, admin_of_own):
    services.unit_update(
        actor=admin_of_own,
        unit=small_tree["child"],
        data={
            "name": "Phòng Dân vận mới",
            "phone": "024 0000 0000",
            "code": small_tree["child"].code,
        },
    )
    entry = AuditEntry.objects.get(action="organizations.unit.updated")
    assert entry.fields == ["name", "phone"]
    with pytest.raises(ValidationError):
        services.unit_update(
            actor=admin_of_own, unit=small_tree["child"], data={"effective_to": dt.date(2026, 1, 1)}
        )


def test_membership_grant_and_revoke(small_tree, admin_of_own):
    person = UserFactory()
    membership = services.membership_grant(
        actor=admin_of_own,
        user=person,
        unit=small_tree["child"],
        role=Role.EDITOR,  # a role that reads no identity: given directly
        position_title="Chuyên viên chính",
    )
    assert fresh(person).has_perm("accounts.access_staff_area")
    with pytest.raises(ValidationError):  # the same role, the same unit, overlapping
        services.membership_grant(
            actor=admin_of_own, user=person, unit=small_tree["child"], role=Role.EDITOR
        )
    services.membership_revoke(actor=admin_of_own, membership=membership)
    assert not fresh(person).has_perm("accounts.access_staff_area")
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "organizations.membership.granted" in actions
    assert "organizations.membership.revoked" in actions
    with pytest.raises(ValidationError):
        services.membership_revoke(actor=admin_of_own, membership=membership)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_other_roles_cannot_grant_roles(small_tree, make_member, role):
    actor = fresh(make_member(role, small_tree["own"]).user)
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            actor=actor, user=UserFactory(), unit=small_tree["own"], role=Role.EDITOR
        )
    assert Membership.objects.count() == 1


def test_granting_administrator_opens_the_admin_site(small_tree, superuser):
    person = UserFactory()
    membership = services.membership_grant(
        actor=SYSTEM, user=person, unit=small_tree["own"], role=Role.ADMINISTRATOR
    )
    assert fresh(person).is_staff
    services.membership_revoke(actor=superuser, membership=membership)
    assert not fresh(person).is_staff


def test_membership_must_lie_within_the_units_life(superuser, unit_factory):
    unit = unit_factory(effective_from=dt.date(2025, 7, 1))
    with pytest.raises(ValidationError):
        services.membership_grant(
            actor=superuser,
            user=UserFactory(),
            unit=unit,
            role=Role.EDITOR,
            effective_from=dt.date(2025, 1, 1),
        )
