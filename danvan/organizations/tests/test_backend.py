"""Django permissions granted from unit roles by RoleBackend."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from danvan.organizations.roles import Role
from danvan.organizations.tests.factories import fresh

pytestmark = pytest.mark.django_db

AUDIT = "core.view_auditentry"
STAFF = "accounts.access_staff_area"
ORG_ADMIN = "organizations.change_unit"


@pytest.mark.parametrize("role", list(Role))
def test_every_role_grants_the_staff_area(small_tree, make_member, role):
    user = fresh(make_member(role, small_tree["own"]).user)
    assert user.has_perm(STAFF)
    assert user.has_perm(AUDIT) is (role in {Role.ADMINISTRATOR, Role.INSPECTOR})
    assert user.has_perm(ORG_ADMIN) is (role == Role.ADMINISTRATOR)
    assert user.has_perm("organizations.add_membership") is (role == Role.ADMINISTRATOR)
    assert user.has_perm("organizations.delete_unit") is False
    assert user.has_module_perms("organizations") is (role == Role.ADMINISTRATOR)


def test_citizens_anonymous_and_former_members_get_no_permission(small_tree, citizen, make_member):
    former = make_member(Role.ADMINISTRATOR, small_tree["own"], effective_to=dt.date(2020, 1, 1))
    for user in (fresh(citizen), AnonymousUser(), fresh(former.user)):
        assert not user.has_perm(STAFF)
        assert not user.has_perm(AUDIT)
        assert not user.has_perm(ORG_ADMIN)


def test_inactive_people_get_no_permission(small_tree, make_member):
    user = make_member(Role.ADMINISTRATOR, small_tree["own"]).user
    user.is_active = False
    user.save()
    assert not fresh(user).has_perm(STAFF)


def test_superusers_keep_everything(superuser):
    assert superuser.has_perm(STAFF)
    assert superuser.has_perm(AUDIT)
    assert superuser.has_perm("organizations.delete_unit")


def test_permissions_are_computed_once_per_user_object(
    small_tree, make_member, django_assert_max_num_queries
):
    user = fresh(make_member(Role.INSPECTOR, small_tree["own"]).user)
    # ModelBackend reads the user's and groups' own permissions once, RoleBackend its roles once.
    with django_assert_max_num_queries(3):
        for _ in range(10):
            assert user.has_perm(STAFF)
            assert user.has_perm(AUDIT)
            assert not user.has_perm(ORG_ADMIN)
