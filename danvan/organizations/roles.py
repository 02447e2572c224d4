"""Roles people hold in units, how far each reaches, and which Django permissions each grants.

This is the one table the rest of the platform reads through ``user.has_perm(...)`` (via
``danvan.organizations.backends.RoleBackend``), so lower layers never import this context.

Scope of a role (``ROLE_SCOPES``):

* ``UNIT``: the unit where the membership is held, and nothing else. Receiving officers, handling
  officers, unit leaders and editors act for their own unit.
* ``SUBTREE``: the unit and every unit below it in the tree on the date in question. Administrators
  manage their unit and its descendants; inspectors (kiểm tra, giám sát) inspect and supervise the
  bodies below them as well as their own.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RECEIVING_OFFICER = "receiving_officer", _("Receiving officer")
    HANDLING_OFFICER = "handling_officer", _("Handling officer")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    INSPECTOR = "inspector", _("Inspection and supervision officer")
    EDITOR = "editor", _("Editor")
    ADMINISTRATOR = "administrator", _("Administrator")


class Position(models.TextChoices):
    """A leader's place in the unit's leadership: the head (thủ trưởng, người đứng đầu) holds the
    powers the laws give "the head of the body"; a deputy (cấp phó) exercises them only under a
    dated assignment from the head and signs "KT." (NĐ 30/2020 Art. 13; ``Delegation``)."""

    HEAD = "head", _("Head of the unit")
    DEPUTY = "deputy", _("Deputy head")
    STAFF = "", _("Staff")


#: The positions a leader holds (any other role is staff).
LEADERSHIP_POSITIONS: Final = frozenset({Position.HEAD, Position.DEPUTY})


#: Roles given only with a second administrator's approval (the workflow kit's role-grant
#: proposal, ``workflow.role_grants``), never directly by one person, superusers included: the
#: roles that read a denouncer's identity (receiving officers and unit leaders at intake, handling
#: officers and leaders working on the case: ``letters.policies``), whose identity must never be
#: revealed (Luật Tố cáo 2018 Arts. 8(3), 47, 56), and administrators, who approve grants. An
#: inspector reads an identity only once a head puts them on a verification team, an editor never.
FOUR_EYES_ROLES: Final = frozenset(
    {Role.RECEIVING_OFFICER, Role.HANDLING_OFFICER, Role.UNIT_LEADER, Role.ADMINISTRATOR}
)


def needs_second_approval(role: Role | str, position: Position | str = "") -> bool:
    """Whether a membership with ``role`` and ``position`` may only be given through an approved
    proposal: a ``FOUR_EYES_ROLES`` role, or the place of head or deputy head (who approve
    decisions), whatever the role."""
    return str(role) in FOUR_EYES_ROLES or str(position or "") in LEADERSHIP_POSITIONS


class Scope(enum.Enum):
    UNIT = "unit"
    SUBTREE = "subtree"


ROLE_SCOPES: Final[Mapping[Role, Scope]] = {
    Role.RECEIVING_OFFICER: Scope.UNIT,
    Role.HANDLING_OFFICER: Scope.UNIT,
    Role.UNIT_LEADER: Scope.UNIT,
    Role.INSPECTOR: Scope.SUBTREE,
    Role.EDITOR: Scope.UNIT,
    Role.ADMINISTRATOR: Scope.SUBTREE,
}

#: Every person with at least one active membership may open the back office.
STAFF_AREA_PERMISSION: Final = "accounts.access_staff_area"

#: Organisation data an administrator maintains in the admin site. Nothing here is ever deleted:
#: units, links, memberships and competences are history (they end instead), fields are switched
#: off, and the administrative units come from the official data.
_ORGANISATION_ADMIN: Final = frozenset(
    {
        "organizations.view_unit",
        "organizations.add_unit",
        "organizations.change_unit",
        "organizations.view_unitlink",
        "organizations.add_unitlink",
        "organizations.change_unitlink",
        "organizations.view_competence",
        "organizations.add_competence",
        "organizations.change_competence",
        "organizations.view_membership",
        "organizations.add_membership",
        "organizations.change_membership",
        "organizations.view_delegation",
        "organizations.add_delegation",
        "organizations.change_delegation",
        "organizations.view_field",
        "organizations.add_field",
        "organizations.change_field",
        "organizations.view_province",
        "organizations.view_ward",
        "organizations.change_ward",
    }
)

#: Document settings an administrator keeps in the admin site (issuer profiles and party terms of
#: their units; the shared templates, which ``documents.policies`` limits further).
_DOCUMENTS_ADMIN: Final = frozenset(
    {
        "documents.view_issuerprofile",
        "documents.add_issuerprofile",
        "documents.change_issuerprofile",
        "documents.view_partyterm",
        "documents.add_partyterm",
        "documents.change_partyterm",
        "documents.view_documenttemplate",
        "documents.change_documenttemplate",
        "documents.view_issueddocument",
    }
)

#: The dated rule tables of the workflow kit: time limits, duties per period and legal-basis
#: texts (``workflow.policies.can_manage_rules`` limits them to administrators of a top unit).
_RULES_ADMIN: Final = frozenset(
    {
        "workflow.view_deadlinerule",
        "workflow.add_deadlinerule",
        "workflow.change_deadlinerule",
        "workflow.view_dutyrule",
        "workflow.add_dutyrule",
        "workflow.change_dutyrule",
        "workflow.view_legalbasis",
        "workflow.add_legalbasis",
        "workflow.change_legalbasis",
    }
)

#: The letters context's reference data: the signature methods that count
#: (``letters.policies.can_manage_rules`` limits them to administrators of a top unit).
_LETTERS_ADMIN: Final = frozenset(
    {
        "letters.view_acceptedsignaturemethod",
        "letters.change_acceptedsignaturemethod",
    }
)

#: The register book's columns (``reports.RegisterColumn``; its admin limits changes to
#: administrators of a top unit).
_REPORTS_ADMIN: Final = frozenset(
    {
        "reports.view_registercolumn",
        "reports.add_registercolumn",
        "reports.change_registercolumn",
    }
)

#: Django permissions granted by an active membership in the given role (in addition to
#: ``STAFF_AREA_PERMISSION``, which every role grants). Object-level limits (which units) are
#: applied by ``policies`` and by the admin's scoped querysets, not by these global permissions.
ROLE_PERMISSIONS: Final[Mapping[Role, frozenset[str]]] = {
    Role.RECEIVING_OFFICER: frozenset(),
    Role.HANDLING_OFFICER: frozenset(),
    Role.UNIT_LEADER: frozenset({"documents.view_issueddocument"}),
    Role.INSPECTOR: frozenset({"core.view_auditentry"}),
    Role.EDITOR: frozenset(),
    Role.ADMINISTRATOR: (
        frozenset({"core.view_auditentry"})
        | _ORGANISATION_ADMIN
        | _DOCUMENTS_ADMIN
        | _RULES_ADMIN
        | _LETTERS_ADMIN
        | _REPORTS_ADMIN
    ),
}


def permissions_for_roles(roles: set[str] | frozenset[str]) -> frozenset[str]:
    """The Django permission strings that the given active roles grant together."""
    if not roles:
        return frozenset()
    granted: set[str] = {STAFF_AREA_PERMISSION}
    for value in roles:
        granted |= ROLE_PERMISSIONS.get(Role(value), frozenset())
    return frozenset(granted)
