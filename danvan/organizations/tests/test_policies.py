"""The ROLE × UNIT permission matrix.

A person holds one role in ``own``; the tree is parent → own → child, with ``sibling`` beside
``own`` under ``parent``. Administrators and inspectors reach the subtree below their unit; the
other roles act for their own unit only. Citizens and anonymous visitors get nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from danvan.organizations import policies
from danvan.organizations.roles import Role
from danvan.organizations.tests.factories import fresh

pytestmark = pytest.mark.django_db

TARGETS = ["own", "child", "sibling", "parent"]
SUBTREE_ROLES = {Role.ADMINISTRATOR, Role.INSPECTOR}


def _reaches(role: Role, target: str) -> bool:
    return target == "own" or (target == "child" and role in SUBTREE_ROLES)


@pytest.fixture
def member(small_tree, make_member):
    def make(role: Role):
        return fresh(make_member(role, small_tree["own"]).user)

    return make


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", list(Role))
def test_has_role(member, small_tree, role, target):
    user = member(role)
    assert policies.has_role(user, role, small_tree[target]) is _reaches(role, target)
    other = Role.EDITOR if role != Role.EDITOR else Role.UNIT_LEADER
    assert policies.has_role(user, other, small_tree[target]) is False


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", list(Role))
def test_can_manage_unit_and_memberships(member, small_tree, role, target):
    user = member(role)
    expected = role == Role.ADMINISTRATOR and _reaches(role, target)
    assert policies.can_manage_unit(user, small_tree[target]) is expected
    assert policies.can_manage_memberships(user, small_tree[target]) is expected


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", list(Role))
def test_can_view_unit_matches_visible_units(member, small_tree, role, target):
    user = member(role)
    expected = _reaches(role, target)
    assert policies.can_view_unit(user, small_tree[target]) is expected
    assert policies.visible_units(user).filter(pk=small_tree[target].pk).exists() is expected


@pytest.mark.parametrize("role", list(Role))
def test_units_where_and_is_official(member, small_tree, role):
    user = member(role)
    expected = {small_tree[t].pk for t in TARGETS if _reaches(role, t)}
    assert set(policies.units_where(user, role).values_list("pk", flat=True)) == expected
    assert set(policies.units_where(user, [role, Role.EDITOR]).values_list("pk", flat=True)) >= (
        expected
    )
    assert policies.is_official(user) is True
    assert policies.can_access_staff_area(user) is True
    assert policies.can_create_root_unit(user) is False


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("who", ["citizen", "anonymous"])
def test_citizens_and_anonymous_get_nothing(small_tree, citizen, who, target):
    user = fresh(citizen) if who == "citizen" else AnonymousUser()
    unit = small_tree[target]
    assert policies.is_official(user) is False
    assert policies.can_access_staff_area(user) is False
    assert policies.can_manage_unit(user, unit) is False
    assert policies.can_manage_memberships(user, unit) is False
    assert policies.can_view_unit(user, unit) is False
    assert not policies.visible_units(user).exists()
    assert not policies.units_where(user, list(Role)).exists()
    for role in Role:
        assert policies.has_role(user, role, unit) is False


@pytest.mark.parametrize("target", TARGETS)
def test_superusers_may_do_everything(small_tree, superuser, target):
    unit = small_tree[target]
    assert policies.can_manage_unit(superuser, unit)
    assert policies.can_manage_memberships(superuser, unit)
    assert policies.can_view_unit(superuser, unit)
    assert policies.can_create_root_unit(superuser)
    assert policies.visible_units(superuser).count() == 4
    assert policies.is_official(superuser) is False  # a superuser holds no unit role by itself


def test_ended_and_future_memberships_do_not_count(small_tree, make_member):
    ended = make_member(Role.ADMINISTRATOR, small_tree["own"], effective_to=dt.date(2020, 1, 1))
    future = make_member(Role.ADMINISTRATOR, small_tree["own"], effective_from=dt.date(2999, 1, 1))
    for membership in (ended, future):
        user = fresh(membership.user)
        assert policies.is_official(user) is False
        assert policies.can_manage_unit(user, small_tree["own"]) is False
    on = dt.date(2010, 1, 1)
    assert policies.has_role(fresh(ended.user), Role.ADMINISTRATOR, small_tree["own"], on=on)


def test_subtree_scope_follows_the_tree_on_the_date(small_tree, make_member, unit_link_factory):
    """An administrator of ``own`` loses a unit that moved away from their subtree."""
    membership = make_member(Role.ADMINISTRATOR, small_tree["own"])
    moved = small_tree["child"].parent_links.get()
    moved.effective_to = dt.date(2024, 1, 1)
    moved.save()
    unit_link_factory(
        parent=small_tree["sibling"], child=small_tree["child"], effective_from=dt.date(2024, 1, 1)
    )
    user = fresh(membership.user)
    assert policies.has_role(user, Role.ADMINISTRATOR, small_tree["child"], on=dt.date(2023, 6, 1))
    assert not policies.has_role(user, Role.ADMINISTRATOR, small_tree["child"])
    assert not policies.can_manage_unit(user, small_tree["child"])


def test_memberships_are_read_once_per_user_object(
    small_tree, make_member, django_assert_num_queries
):
    user = fresh(make_member(Role.HANDLING_OFFICER, small_tree["own"]).user)
    with django_assert_num_queries(1):
        for _ in range(5):
            policies.is_official(user)
            policies.has_role(user, Role.HANDLING_OFFICER, small_tree["own"])
            policies.can_view_unit(user, small_tree["own"])
