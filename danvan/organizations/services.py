"""Writes of the organisations context. Every function is keyword-only, atomic, checks the actor's
permission with ``policies`` (raising ``PermissionDenied``), validates with Vietnamese messages
(raising ``ValidationError``) and records an audit entry naming the object and changed fields.

Dissolving a unit (``unit_dissolve``) **refuses** while units still sit under it (move or dissolve
them first, or use ``unit_merge``, which moves them to the successor), and **closes** on the
dissolution date its link to its parent, its memberships and its competences: nobody can act for a
body that no longer exists, and the history stays in the closed rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.core import audit
from danvan.core.actors import SYSTEM, SystemActor
from danvan.organizations import policies, selectors
from danvan.organizations.audit_actions import AuditAction
from danvan.organizations.models import (
    Competence,
    Delegation,
    Field,
    Membership,
    Province,
    Unit,
    UnitKind,
    UnitLevel,
    UnitLink,
    Ward,
)
from danvan.organizations.models.dated import open_after_q, today
from danvan.organizations.roles import LEADERSHIP_POSITIONS, Role, needs_second_approval
from danvan.organizations.validation import check_link

# The descriptive columns of a unit that services set and audit (by name: their values never
# enter the trail); its dates change only through unit_dissolve/unit_merge.
UNIT_UPDATABLE_FIELDS: Final[tuple[str, ...]] = (
    "name",
    "short_name",
    "code",
    "identifier_code",
    "kind",
    "level",
    "document_format",
    "province",
    "ward",
    "address",
    "phone",
    "email",
)
UNIT_FIELDS: Final[tuple[str, ...]] = (*UNIT_UPDATABLE_FIELDS, "effective_from", "effective_to")
WARD_ATTRIBUTE_FIELDS: Final = frozenset(
    {"remote_area", "border_area", "island", "mountainous", "ethnic_minority_area"}
)


# --- Units --------------------------------------------------------------------------------------


@transaction.atomic
def unit_create(
    *,
    actor: User,
    name: str,
    code: str,
    kind: UnitKind | str,
    effective_from: dt.date,
    parent: Unit | None = None,
    level: UnitLevel | str = UnitLevel.OTHER,
    short_name: str = "",
    identifier_code: str = "",
    document_format: str = "",
    province: Province | None = None,
    ward: Ward | None = None,
    effective_to: dt.date | None = None,
    email: str = "",
    phone: str = "",
    address: str = "",
    reason: str = "",
) -> Unit:
    """Create a unit, placed under ``parent`` from ``effective_from`` when one is given.

    Raises ``PermissionDenied`` unless the actor manages ``parent`` (a root: superusers only) and
    ``ValidationError`` for invalid data or a link that breaks the tree's rules.
    """
    policies.require(
        policies.can_manage_unit(actor, parent)
        if parent is not None
        else policies.can_create_root_unit(actor)
    )
    unit = Unit(
        name=name,
        short_name=short_name,
        code=code,
        identifier_code=identifier_code,
        kind=kind,
        level=level,
        document_format=document_format,
        province=province,
        ward=ward,
        effective_from=effective_from,
        effective_to=effective_to,
        email=email,
        phone=phone,
        address=address,
    )
    unit.full_clean()
    unit.save()
    audit.record(
        actor=actor,
        action=AuditAction.UNIT_CREATED,
        target=unit,
        fields=[f for f in UNIT_FIELDS if getattr(unit, f) not in ("", None)],
        reason=reason,
        extra={"parent": parent.pk if parent else None},
    )
    if parent is not None:
        _link_create(
            actor=actor,
            parent=parent,
            child=unit,
            start=effective_from,
            end=effective_to,
            reason=reason,
        )
    return unit


@transaction.atomic
def unit_update(*, actor: User, unit: Unit, data: Mapping[str, Any], reason: str = "") -> Unit:
    """Change a unit's descriptive data (``UNIT_UPDATABLE_FIELDS``). Its dates change only through
    ``unit_dissolve``/``unit_merge``; its place in the tree through ``unit_link``."""
    policies.require(policies.can_manage_unit(actor, unit))
    unknown = set(data) - set(UNIT_UPDATABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    changed = [name for name, value in data.items() if getattr(unit, name) != value]
    if not changed:
        return unit
    for name in changed:
        setattr(unit, name, data[name])
    unit.full_clean()
    unit.save(update_fields=[*changed, "updated_at"])
    audit.record(
        actor=actor, action=AuditAction.UNIT_UPDATED, target=unit, fields=changed, reason=reason
    )
    return unit


def _require_active(unit: Unit, on: dt.date) -> None:
    if not unit.is_active_on(on):
        raise ValidationError(
            _("“%(unit)s” is not in existence on that date.") % {"unit": unit.name}
        )


def _close_rows(rows: Sequence[UnitLink | Membership | Competence], on: dt.date) -> list[int]:
    for row in rows:
        if row.effective_from > on:
            raise ValidationError(
                _("%(what)s “%(row)s” only starts after that date; change it first.")
                % {"what": row._meta.verbose_name, "row": str(row)}
            )
    ids = [row.pk for row in rows]
    if ids:
        type(rows[0]).objects.filter(pk__in=ids).update(effective_to=on)
    return ids


def _close_unit(*, actor: User, unit: Unit, on: dt.date) -> dict[str, list[int]]:
    """Close the unit's parent links, memberships and competences on ``on`` and end the unit."""
    links = list(UnitLink.objects.filter(open_after_q(on), child_id=unit.pk))
    memberships = list(Membership.objects.filter(open_after_q(on), unit_id=unit.pk))
    competences = list(Competence.objects.filter(open_after_q(on), unit_id=unit.pk))
    closed = {
        "parent_links": _close_rows(links, on),
        "memberships": _close_rows(memberships, on),
        "competences": _close_rows(competences, on),
    }
    unit.effective_to = on
    unit.full_clean()
    unit.save(update_fields=["effective_to", "updated_at"])
    for user_id in {m.user_id for m in memberships if m.role == Role.ADMINISTRATOR}:
        _sync_admin_site_access(actor=actor, user=User.objects.get(pk=user_id))
    return closed


@transaction.atomic
def unit_dissolve(*, actor: User, unit: Unit, on: dt.date, reason: str = "") -> Unit:
    """End ``unit`` on ``on`` (the first day it no longer exists).

    Refuses (``ValidationError``) while units still sit under it on or after ``on``; closes its
    parent link, memberships and competences on ``on``.
    """
    policies.require(policies.can_manage_unit(actor, unit))
    _require_active(unit, on)
    if UnitLink.objects.filter(open_after_q(on), parent_id=unit.pk).exists():
        raise ValidationError(
            _("“%(unit)s” still has subordinate units on that date: move or dissolve them first.")
            % {"unit": unit.name}
        )
    closed = _close_unit(actor=actor, unit=unit, on=on)
    audit.record(
        actor=actor,
        action=AuditAction.UNIT_DISSOLVED,
        target=unit,
        fields=["effective_to"],
        reason=reason,
        extra={"on": on.isoformat(), **closed},
    )
    return unit


@transaction.atomic
def unit_merge(
    *, actor: User, units: Sequence[Unit], into: Unit, on: dt.date, reason: str = ""
) -> Unit:
    """Merge ``units`` into ``into`` on ``on``.

    Each merged unit ends on ``on`` with ``succeeded_by = into``; the units under it move under
    ``into`` from ``on``; its parent link, memberships and competences close on ``on`` (people are
    given roles in the successor explicitly, with ``membership_grant``). If ``into`` has no parent
    on ``on`` and all merged units shared one, ``into`` is placed under it.
    """
    if not units:
        raise ValidationError(_("Choose at least one unit to merge."))
    if any(u.pk == into.pk for u in units):
        raise ValidationError(_("A unit cannot be merged into itself."))
    for unit in [*units, into]:
        policies.require(policies.can_manage_unit(actor, unit))
        _require_active(unit, on)
    merged_ids = {u.pk for u in units}
    parents = {selectors.parent(u, on) for u in units}
    for unit in units:
        moving = list(
            UnitLink.objects.filter(open_after_q(on), parent_id=unit.pk).exclude(
                child_id__in=merged_ids
            )
        )
        for link in moving:
            end = link.effective_to
            _close_rows([link], on)
            _link_create(
                actor=actor, parent=into, child=link.child, start=on, end=end, reason=reason
            )
    for unit in units:
        # Links between merged units close with them.
        UnitLink.objects.filter(
            open_after_q(on), parent_id=unit.pk, child_id__in=merged_ids, effective_from__lte=on
        ).update(effective_to=on)
        closed = _close_unit(actor=actor, unit=unit, on=on)
        unit.succeeded_by = into
        unit.save(update_fields=["succeeded_by", "updated_at"])
        audit.record(
            actor=actor,
            action=AuditAction.UNIT_MERGED,
            target=unit,
            fields=["effective_to", "succeeded_by"],
            reason=reason,
            extra={"into": into.pk, "on": on.isoformat(), **closed},
        )
    if len(parents) == 1 and selectors.parent(into, on) is None:
        (common,) = parents
        if common is not None and common.pk not in merged_ids:
            _link_create(actor=actor, parent=common, child=into, start=on, end=None, reason=reason)
    return into


def _link_create(
    *,
    actor: User,
    parent: Unit,
    child: Unit,
    start: dt.date,
    end: dt.date | None,
    reason: str,
    note: str = "",
) -> UnitLink:
    check_link(parent=parent, child=child, start=start, end=end)
    link = UnitLink(parent=parent, child=child, effective_from=start, effective_to=end, note=note)
    link.save()
    audit.record(
        actor=actor,
        action=AuditAction.UNIT_LINKED,
        target=link,
        fields=["parent", "child", "effective_from", "effective_to"],
        reason=reason,
        extra={"parent": parent.pk, "child": child.pk, "from": start.isoformat()},
    )
    return link


@transaction.atomic
def unit_link(
    *,
    actor: User,
    child: Unit,
    parent: Unit,
    on: dt.date,
    until: dt.date | None = None,
    note: str = "",
    reason: str = "",
) -> UnitLink:
    """Place ``child`` under ``parent`` from ``on`` (until ``until``, exclusive, if given).

    A link of ``child`` that is open on ``on`` and began earlier is closed on ``on`` (the unit
    moves). Raises ``PermissionDenied`` unless the actor manages both units, ``ValidationError``
    when the new link would overlap another parent, leave either unit's life or make a cycle.
    """
    policies.require(policies.can_manage_unit(actor, parent))
    policies.require(policies.can_manage_unit(actor, child))
    current = (
        UnitLink.objects.active_on(on).filter(child_id=child.pk, effective_from__lt=on).first()
    )
    if current is not None:
        _close_rows([current], on)
        audit.record(
            actor=actor,
            action=AuditAction.UNIT_LINK_CLOSED,
            target=current,
            fields=["effective_to"],
            reason=reason,
        )
    return _link_create(
        actor=actor, parent=parent, child=child, start=on, end=until, reason=reason, note=note
    )


@transaction.atomic
def unit_unlink(*, actor: User, link: UnitLink, on: dt.date, reason: str = "") -> UnitLink:
    """End a link on ``on``; the child becomes a root from that date unless linked elsewhere."""
    policies.require(
        policies.can_manage_unit(actor, link.parent) and policies.can_manage_unit(actor, link.child)
    )
    if link.effective_to is not None and link.effective_to <= on:
        raise ValidationError(_("This link has already ended."))
    _close_rows([link], on)
    link.refresh_from_db()
    audit.record(
        actor=actor,
        action=AuditAction.UNIT_LINK_CLOSED,
        target=link,
        fields=["effective_to"],
        reason=reason,
    )
    return link


# --- Competences and areas -----------------------------------------------------------------------


@transaction.atomic
def competence_save(*, actor: User, competence: Competence, reason: str = "") -> Competence:
    """Save a competence's own columns (its many-to-many choices are set by the caller after)."""
    policies.require(policies.can_manage_unit(actor, competence.unit))
    created = competence.pk is None
    competence.full_clean(exclude=["fields", "provinces", "wards"])
    competence.save()
    audit.record(
        actor=actor,
        action=AuditAction.COMPETENCE_CREATED if created else AuditAction.COMPETENCE_UPDATED,
        target=competence,
        fields=["unit", "letter_kind", "matter", "effective_from", "effective_to", "legal_basis"],
        reason=reason,
        extra={"unit": competence.unit_id},
    )
    return competence


@transaction.atomic
def ward_set_attributes(
    *, actor: User, ward: Ward, data: Mapping[str, bool], reason: str = ""
) -> Ward:
    """Set the attributes the law attaches to a commune (remote area, border, island, ...)."""
    policies.require(actor.has_perm("organizations.change_ward"))
    unknown = set(data) - WARD_ATTRIBUTE_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    changed = [name for name, value in data.items() if getattr(ward, name) != value]
    for name in changed:
        setattr(ward, name, data[name])
    if changed:
        ward.save(update_fields=changed)
        audit.record(
            actor=actor,
            action=AuditAction.WARD_UPDATED,
            target=ward,
            fields=changed,
            reason=reason,
        )
    return ward


@transaction.atomic
def field_save(*, actor: User, field: Field, reason: str = "") -> Field:
    """Create or change an entry of the field taxonomy (administrators; fields are switched off
    with ``active``, never deleted, because letters and competences refer to them)."""
    created = field.pk is None
    policies.require(
        actor.has_perm("organizations.add_field" if created else "organizations.change_field")
    )
    field.full_clean()
    field.save()
    audit.record(
        actor=actor,
        action=AuditAction.FIELD_CREATED if created else AuditAction.FIELD_UPDATED,
        target=field,
        fields=["code", "name", "parent", "position", "active"],
        reason=reason,
    )
    return field


# --- Memberships ---------------------------------------------------------------------------------


def _sync_admin_site_access(*, actor: User | SystemActor, user: User) -> None:
    """Keep ``is_staff`` (may open the Django admin site) equal to "superuser or administrator of
    some unit today", so administrators can reach the admin site without further set-up."""
    should = (
        bool(user.is_superuser)
        or Membership.objects.active_on(today())
        .filter(user_id=user.pk, role=Role.ADMINISTRATOR)
        .exists()
    )
    if bool(user.is_staff) != should:
        user.is_staff = should
        user.save(update_fields=["is_staff"])
        audit.record(
            actor=actor,
            action=AuditAction.ADMIN_SITE_ACCESS_CHANGED,
            target=user,
            fields=["is_staff"],
        )


@dataclass(frozen=True)
class GrantApproval:
    """A second administrator's approval of a proposed grant: the proposal, who proposed it and
    who approved it. ``membership_grant`` accepts it only if a registered check
    (``register_grant_approval_check``; the workflow kit registers one that reads the approved
    proposal from the database) confirms it, so it cannot be made up by the caller."""

    proposal_id: int
    proposer_id: int
    approver_id: int


#: Confirms that an approval is real and is about this membership (its unit, person, role and
#: place in the leadership). The workflow kit sits above this context, so it registers its check
#: here instead of being imported.
GrantApprovalCheck = Callable[[GrantApproval, Membership], bool]
_grant_approval_checks: list[GrantApprovalCheck] = []


def register_grant_approval_check(check: GrantApprovalCheck) -> None:
    """Register how an approval of a grant is confirmed (once; from an ``AppConfig.ready()``)."""
    if check not in _grant_approval_checks:
        _grant_approval_checks.append(check)


def _second_approval_refused() -> PermissionDenied:
    return PermissionDenied(
        _(
            "This role reads the identity of people who denounce or approves decisions: it is "
            "given only when a second administrator approves a role-grant proposal."
        )
    )


def _require_second_approval(
    actor: User, membership: Membership, approval: GrantApproval | None
) -> None:
    """Refuse a grant of a ``needs_second_approval`` membership unless ``approval`` is a real
    approval, by the actor, of a proposal someone else made (Luật Tố cáo 2018 Arts. 8(3), 47:
    nobody gives himself the power to read a denouncer's identity)."""
    if (
        approval is None
        or approval.approver_id != actor.pk
        or approval.proposer_id == actor.pk
        or not _grant_approval_checks
        or not all(check(approval, membership) for check in _grant_approval_checks)
    ):
        raise _second_approval_refused()


@transaction.atomic
def membership_grant(
    *,
    actor: User | SystemActor,
    user: User,
    unit: Unit,
    role: Role | str,
    effective_from: dt.date | None = None,
    effective_to: dt.date | None = None,
    position_title: str = "",
    reason: str = "",
    position: str = "",
    approval: GrantApproval | None = None,
) -> Membership:
    """Give ``user`` ``role`` in ``unit`` from ``effective_from`` (today by default); a unit
    leader's ``position`` says whether they are its head or a deputy head.

    A role that reads denouncers' identities or approves decisions, and the place of head or
    deputy head (``roles.needs_second_approval``), is given by a person only with ``approval``:
    the second administrator's approval of a role-grant proposal, which ``workflow.role_grants``
    passes when the proposal is approved. The platform itself (``SYSTEM``: loading the demo
    organisation) grants without one; no person does, superusers included.

    Raises ``PermissionDenied`` unless the actor manages the unit's memberships (and, for those
    roles, the approval is confirmed) and ``ValidationError`` if the period leaves the unit's life
    or overlaps the same role held there.
    """
    if actor is not SYSTEM:
        assert isinstance(actor, User)  # noqa: S101 - narrowed for the type checker
        policies.require(policies.can_manage_memberships(actor, unit))
    membership = Membership(
        user=user,
        unit=unit,
        role=role,
        position_title=position_title,
        position=position,
        effective_from=effective_from or today(),
        effective_to=effective_to,
    )
    if actor is not SYSTEM and needs_second_approval(role, position):
        assert isinstance(actor, User)  # noqa: S101 - narrowed above
        _require_second_approval(actor, membership, approval)
    membership.full_clean()
    membership.save()
    audit.record(
        actor=actor,
        action=AuditAction.MEMBERSHIP_GRANTED,
        target=membership,
        fields=[
            "user",
            "unit",
            "role",
            "position",
            "position_title",
            "effective_from",
            "effective_to",
        ],
        reason=reason,
        extra={
            "user": user.pk,
            "unit": unit.pk,
            "role": str(role),
            "position": position,
            "proposal": approval.proposal_id if approval is not None else None,
        },
    )
    if role == Role.ADMINISTRATOR:
        _sync_admin_site_access(actor=actor, user=user)
    return membership


@transaction.atomic
def membership_update(
    *,
    actor: User,
    membership: Membership,
    position_title: str,
    reason: str = "",
    position: str | None = None,
) -> Membership:
    """Correct the position title and the place in the leadership; the role, unit and dates
    change by revoking and granting.

    Making someone head or deputy head here is refused: that place approves decisions, so it is
    given by a grant a second administrator approves (``membership_grant``); leaving it (back to
    staff) only removes power and stays direct."""
    policies.require(policies.can_manage_memberships(actor, membership.unit))
    if (
        position is not None
        and position != membership.position
        and position in LEADERSHIP_POSITIONS
    ):
        raise _second_approval_refused()
    changed = [
        name
        for name, value in (("position_title", position_title), ("position", position))
        if value is not None and getattr(membership, name) != value
    ]
    if changed:
        membership.position_title = position_title
        if position is not None:
            membership.position = position
        membership.full_clean()
        membership.save(update_fields=changed)
        audit.record(
            actor=actor,
            action=AuditAction.MEMBERSHIP_UPDATED,
            target=membership,
            fields=changed,
            reason=reason,
        )
    return membership


@transaction.atomic
def delegation_save(*, actor: User, delegation: Delegation, reason: str = "") -> Delegation:
    """Record (or correct) a head's assignment of powers to a deputy head."""
    policies.require(policies.can_manage_memberships(actor, delegation.unit))
    created = delegation.pk is None
    if created:
        delegation.assigned_by = actor
    delegation.full_clean()
    delegation.save()
    audit.record(
        actor=actor,
        action=AuditAction.DELEGATION_SAVED,
        target=delegation,
        fields=["unit", "deputy", "letter_kinds", "document", "effective_from", "effective_to"],
        reason=reason,
        extra={"created": created, "unit": delegation.unit_id, "deputy": delegation.deputy_id},
    )
    return delegation


@transaction.atomic
def membership_revoke(
    *, actor: User, membership: Membership, on: dt.date | None = None, reason: str = ""
) -> Membership:
    """End a membership on ``on`` (today by default: from today the person no longer holds it).

    A membership that has not started yet is cancelled (it ends on its first day).
    """
    policies.require(policies.can_manage_memberships(actor, membership.unit))
    day = on or today()
    if membership.effective_to is not None and membership.effective_to <= day:
        raise ValidationError(_("This membership has already ended."))
    membership.effective_to = max(day, membership.effective_from)
    membership.full_clean()
    membership.save(update_fields=["effective_to"])
    audit.record(
        actor=actor,
        action=AuditAction.MEMBERSHIP_REVOKED,
        target=membership,
        fields=["effective_to"],
        reason=reason,
        extra={"user": membership.user_id, "unit": membership.unit_id, "role": membership.role},
    )
    if membership.role == Role.ADMINISTRATOR:
        _sync_admin_site_access(actor=actor, user=membership.user)
    return membership
