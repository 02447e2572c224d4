"""Fixtures for the organisations tests (factories as fixtures, a small tree, people)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from danvan.accounts.models import User
from danvan.organizations.models import Membership, Unit
from danvan.organizations.roles import Role
from danvan.organizations.tests import factories


@pytest.fixture
def user_factory() -> type[factories.UserFactory]:
    return factories.UserFactory


@pytest.fixture
def unit_factory() -> type[factories.UnitFactory]:
    return factories.UnitFactory


@pytest.fixture
def unit_link_factory() -> type[factories.UnitLinkFactory]:
    return factories.UnitLinkFactory


@pytest.fixture
def membership_factory() -> type[factories.MembershipFactory]:
    return factories.MembershipFactory


@pytest.fixture
def competence_factory() -> type[factories.CompetenceFactory]:
    return factories.CompetenceFactory


@pytest.fixture
def field_factory() -> type[factories.FieldFactory]:
    return factories.FieldFactory


@pytest.fixture
def province_factory() -> type[factories.ProvinceFactory]:
    return factories.ProvinceFactory


@pytest.fixture
def ward_factory() -> type[factories.WardFactory]:
    return factories.WardFactory


@pytest.fixture
def superuser(db: Any) -> User:
    return User.objects.create_superuser(
        username="quantri.hethong", password=factories.TEST_PASSWORD, full_name="Quản trị hệ thống"
    )


@pytest.fixture
def citizen(db: Any) -> User:
    return factories.UserFactory(username="congdan.thunghiem", full_name="Lý Văn Dân")


@pytest.fixture
def make_member(db: Any) -> Callable[..., Membership]:
    """``make_member(role, unit, user=None, **fields)``: a membership in effect since 2000."""

    def make(role: Role, unit: Unit, user: User | None = None, **fields: Any) -> Membership:
        extra: dict[str, Any] = {"user": user} if user is not None else {}
        return factories.MembershipFactory(role=role, unit=unit, **extra, **fields)

    return make


@pytest.fixture
def small_tree(db: Any) -> dict[str, Unit]:
    """parent → own → child, and a sibling of ``own`` under ``parent`` (all since 2000)."""
    parent = factories.UnitFactory(name="Tỉnh ủy Thử nghiệm", kind="party_committee")
    own = factories.UnitFactory(name="Ban Tuyên giáo và Dân vận Tỉnh ủy", kind="party_board")
    child = factories.UnitFactory(name="Phòng Dân vận", kind="other")
    sibling = factories.UnitFactory(name="Ủy ban Kiểm tra Tỉnh ủy", kind="inspection_committee")
    factories.UnitLinkFactory(parent=parent, child=own)
    factories.UnitLinkFactory(parent=own, child=child)
    factories.UnitLinkFactory(parent=parent, child=sibling)
    return {"parent": parent, "own": own, "child": child, "sibling": sibling}
