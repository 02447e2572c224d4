"""The audit action names the organizations context writes (scheme: ``danvan.core.audit``)."""

from __future__ import annotations

from enum import StrEnum, unique

__all__ = ["AuditAction"]


@unique
class AuditAction(StrEnum):
    #: A unit was created.
    UNIT_CREATED = "organizations.unit.created"
    #: A unit's details were changed.
    UNIT_UPDATED = "organizations.unit.updated"
    #: A unit was dissolved (it ends on a date and stays in history).
    UNIT_DISSOLVED = "organizations.unit.dissolved"
    #: A unit was merged into another (written for each unit that ends).
    UNIT_MERGED = "organizations.unit.merged"
    #: A link between two units (parent, merger, guidance) was created.
    UNIT_LINKED = "organizations.unit.linked"
    #: A link between two units ended.
    UNIT_LINK_CLOSED = "organizations.unit_link.closed"
    #: A competence (what a unit handles) was created.
    COMPETENCE_CREATED = "organizations.competence.created"
    #: A competence was changed.
    COMPETENCE_UPDATED = "organizations.competence.updated"
    #: A ward's attributes were changed.
    WARD_UPDATED = "organizations.ward.updated"
    #: A field (area of work) was created.
    FIELD_CREATED = "organizations.field.created"
    #: A field was changed.
    FIELD_UPDATED = "organizations.field.updated"
    #: The default fields were seeded (some created).
    FIELD_SEEDED = "organizations.field.seeded"
    #: The provinces and wards were imported from the ``vietnam-provinces`` package.
    ADMIN_UNIT_IMPORTED = "organizations.admin_unit.imported"
    #: A person's access to the admin site followed a change of their roles.
    ADMIN_SITE_ACCESS_CHANGED = "organizations.admin_site_access.changed"
    #: A person was given a role in a unit.
    MEMBERSHIP_GRANTED = "organizations.membership.granted"
    #: A membership's role or dates were changed.
    MEMBERSHIP_UPDATED = "organizations.membership.updated"
    #: A membership was ended.
    MEMBERSHIP_REVOKED = "organizations.membership.revoked"
    #: A head's assignment of powers to a deputy head was recorded or corrected.
    DELEGATION_SAVED = "organizations.delegation.saved"
