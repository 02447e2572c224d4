"""Nobody gives himself the power to read a denouncer's identity: a role that reads it or
approves decisions is given only when a second administrator approves a role-grant proposal,
superusers included (Luật Tố cáo 2018 Arts. 8(3), 47, 56)."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from danvan.accounts.models import User
from danvan.core.actors import SYSTEM
from danvan.core.models import AuditEntry
from danvan.organizations import services
from danvan.organizations.models import Membership, Unit
from danvan.organizations.models.dated import today
from danvan.organizations.roles import FOUR_EYES_ROLES, Position, Role, needs_second_approval
from danvan.organizations.tests import factories as org

pytestmark = pytest.mark.django_db

PROPOSE_URL = "/staff/proposals/role-grant/"
SENSITIVE = sorted(FOUR_EYES_ROLES)


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def unit() -> Unit:
    return org.UnitFactory(name="Ủy ban nhân dân xã Thử nghiệm")


@pytest.fixture
def root(db: Any) -> User:
    """A superuser of the deployment, who holds no role in any unit."""
    return User.objects.create_superuser(
        username="quantri.hethong", password=org.TEST_PASSWORD, full_name="Quản trị hệ thống"
    )


@pytest.fixture
def second_admin(unit: Unit) -> User:
    return org.fresh(org.MembershipFactory(unit=unit, role=Role.ADMINISTRATOR).user)


def _admin_add(client: Any, unit: Unit, user: User, role: str, position: str = "") -> Any:
    return client.post(
        reverse("admin:organizations_membership_add"),
        {
            "user": user.pk,
            "unit": unit.pk,
            "role": role,
            "position": position,
            "position_title": "Chuyên viên",
            "effective_from": today().isoformat(),
        },
    )


def test_the_roles_that_need_a_second_approval() -> None:
    """The roles that read identities (letters.policies: intake, handling, leaders) and the
    administrator, who approves grants; any head or deputy head (approves decisions)."""
    assert {Role(r) for r in FOUR_EYES_ROLES} == {
        Role.RECEIVING_OFFICER,
        Role.HANDLING_OFFICER,
        Role.UNIT_LEADER,
        Role.ADMINISTRATOR,
    }
    assert needs_second_approval(Role.INSPECTOR, Position.HEAD)
    assert needs_second_approval(Role.EDITOR, Position.DEPUTY)
    assert not needs_second_approval(Role.INSPECTOR, Position.STAFF)
    assert not needs_second_approval(Role.EDITOR)


@pytest.mark.parametrize("role", SENSITIVE)
def test_a_superuser_cannot_give_himself_the_role_in_the_admin(
    client: Any, unit: Unit, root: User, role: str
) -> None:
    """Through the real admin pages: the add form refuses with a link to the proposal page,
    and no membership exists afterwards (Luật Tố cáo 2018 Arts. 8(3), 47)."""
    client.force_login(root)
    assert client.get(reverse("admin:organizations_membership_add")).status_code == 200
    response = _admin_add(client, unit, root, role)
    assert response.status_code == 200  # the form again, with the refusal
    page = response.content.decode()
    assert "a second administrator must approve it" in page.lower()
    assert f'href="{PROPOSE_URL}?' in page
    assert not Membership.objects.filter(user=root).exists()
    assert not AuditEntry.objects.filter(action="organizations.membership.granted").exists()


def test_the_place_of_head_is_refused_in_the_admin_whatever_the_role(
    client: Any, unit: Unit, root: User
) -> None:
    """A head approves decisions (Luật Tố cáo 2018 Art. 32): not given in the admin either."""
    client.force_login(root)
    response = _admin_add(client, unit, root, Role.INSPECTOR, Position.HEAD)
    assert response.status_code == 200
    assert not Membership.objects.filter(user=root).exists()


def test_a_role_that_reads_no_identity_is_still_given_in_the_admin(
    client: Any, unit: Unit, root: User
) -> None:
    client.force_login(root)
    response = _admin_add(client, unit, org.UserFactory(), Role.EDITOR)
    assert response.status_code == 302
    assert Membership.objects.filter(unit=unit, role=Role.EDITOR).count() == 1


def test_changing_a_membership_to_head_is_refused_but_ending_it_stays_direct(
    client: Any, unit: Unit, root: User
) -> None:
    leader = org.MembershipFactory(unit=unit, role=Role.UNIT_LEADER, position=Position.STAFF)
    client.force_login(root)
    url = reverse("admin:organizations_membership_change", args=[leader.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"position": Position.HEAD, "position_title": "Chủ tịch"})
    assert response.status_code == 200
    assert f'href="{PROPOSE_URL}?' in response.content.decode()
    leader.refresh_from_db()
    assert leader.position == Position.STAFF
    with pytest.raises(PermissionDenied):
        services.membership_update(
            actor=root, membership=leader, position_title="Chủ tịch", position=Position.HEAD
        )
    # Ending it only removes power: the list action does it at once.
    response = client.post(
        reverse("admin:organizations_membership_changelist"),
        {"action": "revoke_today", "_selected_action": [leader.pk]},
    )
    assert response.status_code == 302
    leader.refresh_from_db()
    assert leader.effective_to == today()


@pytest.mark.parametrize("role", SENSITIVE)
def test_the_service_refuses_a_direct_grant_by_a_person(
    unit: Unit, root: User, second_admin: User, role: str
) -> None:
    """Neither a superuser nor an administrator of the unit grants it directly; a made-up
    approval is not one (it must be a proposal approved in the database)."""
    person = org.UserFactory()
    for actor in (root, second_admin):
        with pytest.raises(PermissionDenied):
            services.membership_grant(actor=actor, user=person, unit=unit, role=role)
        forged = services.GrantApproval(proposal_id=999_999, proposer_id=0, approver_id=actor.pk)
        with pytest.raises(PermissionDenied):
            services.membership_grant(
                actor=actor, user=person, unit=unit, role=role, approval=forged
            )
    assert not Membership.objects.filter(user=person).exists()


def test_the_platform_itself_grants_without_a_proposal(unit: Unit) -> None:
    """The demo loader and the test set-up grant as ``SYSTEM``, which no person is."""
    person = org.UserFactory()
    membership = services.membership_grant(
        actor=SYSTEM, user=person, unit=unit, role=Role.RECEIVING_OFFICER
    )
    assert membership.role == Role.RECEIVING_OFFICER


# The proposal is the workflow kit's (above this context): driven through its real pages.


def _propose(client: Any, actor: User, unit: Unit, person: User, **fields: Any) -> Any:
    client.force_login(actor)
    response = client.post(
        PROPOSE_URL,
        {
            "unit": unit.pk,
            "username": person.username,
            "position_title": "Chuyên viên",
            "reasons": "Bổ sung cán bộ tiếp nhận đơn thư theo quyết định điều động.",
            **fields,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return apps.get_model("workflow", "Proposal").objects.latest("pk")


def _approve(client: Any, actor: User, proposal: Any) -> Any:
    proposal.refresh_from_db()
    client.force_login(actor)
    return client.post(
        f"/staff/proposals/{proposal.pk}/approve/",
        {"approve-version": proposal.version, "approve-confirm": "on", "approve-comment": ""},
    )


def test_a_superuser_proposes_but_cannot_approve_his_own_grant(
    client: Any, unit: Unit, root: User, second_admin: User
) -> None:
    """The proposer is never the approver; a second administrator approves and only then the
    role exists, given with the approval recorded."""
    proposal = _propose(client, root, unit, root, role=Role.RECEIVING_OFFICER)
    assert _approve(client, root, proposal).status_code in {200, 403}
    assert not Membership.objects.filter(user=root).exists()
    proposal.refresh_from_db()
    assert proposal.state == "pending"
    assert _approve(client, second_admin, proposal).status_code == 302
    membership = Membership.objects.get(user=root, unit=unit)
    assert membership.role == Role.RECEIVING_OFFICER
    entry = AuditEntry.objects.get(
        action="organizations.membership.granted", target_id=str(membership.pk)
    )
    assert entry.actor_id == second_admin.pk
    assert entry.extra["proposal"] == proposal.pk


def test_a_head_is_given_through_the_proposal_with_its_place(
    client: Any, unit: Unit, root: User, second_admin: User
) -> None:
    person = org.UserFactory()
    proposal = _propose(client, root, unit, person, role=Role.UNIT_LEADER, position=Position.HEAD)
    assert _approve(client, second_admin, proposal).status_code == 302
    membership = Membership.objects.get(user=person, unit=unit)
    assert membership.position == Position.HEAD


def test_an_approval_serves_only_the_grant_it_approved(
    client: Any, unit: Unit, root: User, second_admin: User
) -> None:
    """Replaying an approved proposal's approval for another role or person is refused."""
    person = org.UserFactory()
    proposal = _propose(client, root, unit, person, role=Role.RECEIVING_OFFICER)
    assert _approve(client, second_admin, proposal).status_code == 302
    approval = services.GrantApproval(
        proposal_id=proposal.pk, proposer_id=root.pk, approver_id=second_admin.pk
    )
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            actor=second_admin, user=person, unit=unit, role=Role.ADMINISTRATOR, approval=approval
        )
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            actor=second_admin, user=org.UserFactory(), unit=unit,
            role=Role.RECEIVING_OFFICER, approval=approval,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # only its approver may use it
        services.membership_grant(
            actor=root, user=person, unit=unit, role=Role.RECEIVING_OFFICER, approval=approval
        )


def test_the_proposal_page_is_filled_in_from_the_admins_link(client: Any, unit: Unit, root: User):
    client.force_login(root)
    response = client.get(PROPOSE_URL, {"unit": unit.pk, "role": Role.RECEIVING_OFFICER})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["role"] == Role.RECEIVING_OFFICER
    assert str(form.initial["unit"]) == str(unit.pk)
