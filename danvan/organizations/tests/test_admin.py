"""The admin site writes through the services and shows administrators only their scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.core.models import AuditEntry
from danvan.organizations import selectors
from danvan.organizations.models import Membership, Unit
from danvan.organizations.roles import Role
from danvan.organizations.tests.factories import UserFactory, fresh

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def unit_admin(small_tree, superuser):
    from danvan.core.actors import SYSTEM
    from danvan.organizations import services

    # The platform itself grants (as the demo loader does): no person gives this role directly.
    person = UserFactory()
    services.membership_grant(
        actor=SYSTEM, user=person, unit=small_tree["own"], role=Role.ADMINISTRATOR
    )
    return fresh(person)


def test_creating_a_unit_in_the_admin_goes_through_the_service(client, small_tree, unit_admin):
    client.force_login(unit_admin)
    response = client.post(
        reverse("admin:organizations_unit_add"),
        {
            "parent": small_tree["own"].pk,
            "name": "Phòng Công tác dân vận",
            "short_name": "",
            "code": "phong-cong-tac-dan-van",
            "identifier_code": "",
            "kind": "other",
            "level": "provincial",
            "document_format": "",
            "address": "",
            "phone": "",
            "email": "",
            "effective_from": "2025-07-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Unit.objects.get(code="phong-cong-tac-dan-van")
    assert selectors.parent(unit) == small_tree["own"]
    assert AuditEntry.objects.filter(
        action="organizations.unit.created", target_id=str(unit.pk), actor=unit_admin
    ).exists()


def test_administrator_cannot_pick_a_parent_outside_their_scope(client, small_tree, unit_admin):
    client.force_login(unit_admin)
    response = client.post(
        reverse("admin:organizations_unit_add"),
        {
            "parent": small_tree["sibling"].pk,
            "name": "Ngoài phạm vi",
            "code": "ngoai-pham-vi",
            "kind": "other",
            "level": "provincial",
            "effective_from": "2025-07-01",
        },
    )
    assert response.status_code == 200  # the form is shown again with an error
    assert not Unit.objects.filter(code="ngoai-pham-vi").exists()


def test_granting_a_role_in_the_admin_goes_through_the_service(client, small_tree, unit_admin):
    person = UserFactory()
    client.force_login(unit_admin)
    response = client.post(
        reverse("admin:organizations_membership_add"),
        {
            "user": person.pk,
            "unit": small_tree["child"].pk,
            "role": Role.EDITOR,  # reads no identity: given here (see test_four_eyes_grants)
            "position_title": "Chuyên viên",
            "effective_from": "2025-07-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user=person)
    assert AuditEntry.objects.filter(
        action="organizations.membership.granted", target_id=str(membership.pk)
    ).exists()


def test_administrator_sees_only_units_in_scope(client, small_tree, unit_admin):
    client.force_login(unit_admin)
    page = client.get(reverse("admin:organizations_unit_changelist")).content.decode()
    assert "Phòng Dân vận" in page
    assert "Ủy ban Kiểm tra Tỉnh ủy" not in page
    url = reverse("admin:organizations_unit_change", args=[small_tree["sibling"].pk])
    assert client.get(url).status_code == 302  # unknown to them: redirected to the admin index


def test_ward_attributes_are_the_only_editable_ward_fields(client, superuser, ward_factory):
    ward = ward_factory(remote_area=False)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:organizations_ward_change", args=[ward.pk]),
        {"remote_area": "on", "name": "Tên khác"},
    )
    assert response.status_code == 302
    ward.refresh_from_db()
    assert ward.remote_area is True
    assert ward.name != "Tên khác"
    assert AuditEntry.objects.filter(action="organizations.ward.updated").exists()
