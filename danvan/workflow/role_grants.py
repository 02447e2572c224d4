"""The first proposal that moves no status: giving a person a role in a unit.

An administrator of the unit proposes the grant; a second administrator of the unit (one who
manages its memberships, ``organizations.policies.can_manage_memberships``, and is not the
proposer) approves it, and only then ``organizations.services.membership_grant`` runs, with the
approver as the actor and the approval (``GrantApproval``) as its proof. Registered from
``WorkflowConfig.ready()`` as the approvable service ``ROLE_GRANT``, together with
``confirm_approval``, which the service asks before it gives a role that reads denouncers'
identities or approves decisions: this is the only way a person gives one (Luật Tố cáo 2018
Arts. 8(3), 47).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.accounts.models import User
from danvan.organizations import policies as org
from danvan.organizations import selectors as org_selectors
from danvan.organizations import services as org_services
from danvan.organizations.models import Membership, Unit
from danvan.organizations.models.dated import today
from danvan.organizations.roles import Position, Role
from danvan.workflow.approvals import ApprovableService, Approval
from danvan.workflow.models import Proposal, ProposalKind, ProposalState

__all__ = ["ROLE_GRANT", "ROLE_GRANT_SERVICE", "confirm_approval", "grant_arguments"]

ROLE_GRANT: Final = "organizations.membership_grant"


def _date(value: Any, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(_("%(label)s is not a date.") % {"label": label}) from None


def _unit(arguments: Mapping[str, Any]) -> Unit:
    try:
        return Unit.objects.get(pk=int(arguments.get("unit", 0)))
    except (Unit.DoesNotExist, TypeError, ValueError, OverflowError):
        raise ValidationError(_("Choose the unit.")) from None


def _user(arguments: Mapping[str, Any]) -> User:
    try:
        return User.objects.get(pk=int(arguments.get("user", 0)), is_active=True)
    except (User.DoesNotExist, TypeError, ValueError, OverflowError):
        raise ValidationError(_("Choose an active account for the person.")) from None


def grant_arguments(
    *,
    unit: Unit,
    user: User,
    role: Role | str,
    effective_from: dt.date | None = None,
    effective_to: dt.date | None = None,
    position_title: str = "",
    position: Position | str = "",
) -> dict[str, Any]:
    """The arguments of a role-grant proposal, as they are stored (JSON values)."""
    return {
        "unit": unit.pk, "user": user.pk, "role": str(role),
        "effective_from": effective_from.isoformat() if effective_from else None,
        "effective_to": effective_to.isoformat() if effective_to else None,
        "position_title": position_title.strip(), "position": str(position or ""),
    }  # fmt: skip


def _clean(arguments: Mapping[str, Any]) -> dict[str, Any]:
    """Check the grant as ``membership_grant`` would, before anyone approves it: the unit, an
    active account, a role, the dates in order, no overlap with the same role held there."""
    unit = _unit(arguments)
    user = _user(arguments)
    role = str(arguments.get("role", ""))
    if role not in Role.values:
        raise ValidationError(_("Choose the role."))
    position = str(arguments.get("position") or "")
    if position not in Position.values:
        raise ValidationError(_("Choose the place in the leadership."))
    start = _date(arguments.get("effective_from"), _("The first day")) or today()
    end = _date(arguments.get("effective_to"), _("The last day"))
    membership = Membership(
        user=user, unit=unit, role=role, effective_from=start, effective_to=end,
        position_title=str(arguments.get("position_title") or "")[:200], position=position,
    )  # fmt: skip
    membership.full_clean()
    return grant_arguments(
        unit=unit, user=user, role=role, effective_from=start, effective_to=end,
        position_title=membership.position_title, position=position,
    )  # fmt: skip


def _may_propose(user: User, arguments: Mapping[str, Any]) -> bool:
    return org.can_manage_memberships(user, _unit(arguments))


def _second_administrator(user: User, proposal: Proposal) -> bool:
    return org.can_manage_memberships(user, _unit(proposal.arguments))


def _administered(user: User) -> Q:
    """The role-grant proposals about the units the person administers (and those below them):
    the inverse of ``_administrators``; every one for a superuser."""
    if org.is_superuser(user):
        return Q()
    units = sorted(org.unit_ids_where(user, Role.ADMINISTRATOR))
    return Q(arguments__unit__in=units) if units else Q(pk__in=[])


def _administrators(proposal: Proposal) -> list[int]:
    """The administrators of the unit and of the units above it (the role's scope is the
    subtree): among them, those who may approve are notified of a proposal awaiting."""
    unit = _unit(proposal.arguments)
    on = today()
    units = {unit.pk} | org_selectors.ancestor_ids([unit.pk], on)
    return list(
        Membership.objects.active_on(on)
        .filter(role=Role.ADMINISTRATOR, unit_id__in=units)
        .values_list("user_id", flat=True)
        .distinct()
    )


def _describe(arguments: Mapping[str, Any]) -> str:
    position = str(arguments.get("position") or "")
    if position:
        return _("Give %(person)s the role “%(role)s” (%(position)s) in %(unit)s") % {
            "person": _user(arguments),
            "role": Role(arguments["role"]).label,
            "position": Position(position).label,
            "unit": _unit(arguments).name,
        }
    return _("Give %(person)s the role “%(role)s” in %(unit)s") % {
        "person": _user(arguments),
        "role": Role(arguments["role"]).label,
        "unit": _unit(arguments).name,
    }


def _perform(proposal: Proposal, approver: User) -> Membership:
    arguments = proposal.arguments
    latest = proposal.versions.order_by("-number").first()
    return org_services.membership_grant(
        actor=approver,
        user=_user(arguments),
        unit=_unit(arguments),
        role=arguments["role"],
        effective_from=_date(arguments.get("effective_from"), ""),
        effective_to=_date(arguments.get("effective_to"), ""),
        position_title=arguments.get("position_title") or "",
        position=str(arguments.get("position") or ""),
        reason=latest.reasons if latest is not None else "",
        approval=org_services.GrantApproval(
            proposal_id=proposal.pk, proposer_id=proposal.proposer_id, approver_id=approver.pk
        ),
    )


def confirm_approval(approval: org_services.GrantApproval, membership: Membership) -> bool:
    """Whether ``approval`` is a role-grant proposal approved in the database by its approver,
    made by someone else, about exactly this membership (unit, person, role, place)."""
    proposal = Proposal.objects.filter(
        pk=approval.proposal_id, kind=ProposalKind.SERVICE, service_key=ROLE_GRANT,
        state=ProposalState.APPROVED, proposer_id=approval.proposer_id,
        decided_by_id=approval.approver_id,
    ).first()  # fmt: skip
    if proposal is None or proposal.proposer_id == proposal.decided_by_id:
        return False
    arguments = proposal.arguments
    return (
        str(arguments.get("unit")) == str(membership.unit_id)
        and str(arguments.get("user")) == str(membership.user_id)
        and str(arguments.get("role")) == str(membership.role)
        and str(arguments.get("position") or "") == str(membership.position or "")
    )


ROLE_GRANT_SERVICE: Final = ApprovableService(
    key=ROLE_GRANT,
    label=gettext_lazy("Give a role in a unit"),
    approval=Approval(
        may=_second_administrator,
        label=gettext_lazy("a second administrator of the unit (not the proposer)"),
        candidates=_administrators,
        candidate_of=_administered,
    ),
    clean=_clean,
    may_propose=_may_propose,
    target=_unit,
    describe=_describe,
    perform=_perform,
)
