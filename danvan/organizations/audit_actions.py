"""The audit action names the organizations context writes (scheme: ``danvan.core.audit``)."""

from __future__ import annotations

from enum import unique

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditAction"]


@unique
class AuditAction(models.TextChoices):
    #: A unit was created.
    UNIT_CREATED = "organizations.unit.created", _("Unit created")
    #: A unit's details were changed.
    UNIT_UPDATED = "organizations.unit.updated", _("Unit changed")
    #: A unit was dissolved (it ends on a date and stays in history).
    UNIT_DISSOLVED = "organizations.unit.dissolved", _("Unit dissolved")
    #: A unit was merged into another (written for each unit that ends).
    UNIT_MERGED = "organizations.unit.merged", _("Unit merged")
    #: A link between two units (parent, merger, guidance) was created.
    UNIT_LINKED = "organizations.unit.linked", _("Units linked")
    #: A link between two units ended.
    UNIT_LINK_CLOSED = "organizations.unit_link.closed", _("Link between units ended")
    #: A competence (what a unit handles) was created.
    COMPETENCE_CREATED = "organizations.competence.created", _("Competence created")
    #: A competence was changed.
    COMPETENCE_UPDATED = "organizations.competence.updated", _("Competence changed")
    #: A ward's attributes were changed.
    WARD_UPDATED = "organizations.ward.updated", _("Ward changed")
    #: A field (area of work) was created.
    FIELD_CREATED = "organizations.field.created", _("Field created")
    #: A field was changed.
    FIELD_UPDATED = "organizations.field.updated", _("Field changed")
    #: The default fields were seeded (some created).
    FIELD_SEEDED = "organizations.field.seeded", _("Default fields created")
    #: The provinces and wards were imported from the ``vietnam-provinces`` package.
    ADMIN_UNIT_IMPORTED = "organizations.admin_unit.imported", _("Provinces and wards imported")
    #: A person's access to the admin site followed a change of their roles.
    ADMIN_SITE_ACCESS_CHANGED = (
        "organizations.admin_site_access.changed",
        _("Admin site access changed"),
    )
    #: A person was given a role in a unit.
    MEMBERSHIP_GRANTED = "organizations.membership.granted", _("Role granted")
    #: A membership's role or dates were changed.
    MEMBERSHIP_UPDATED = "organizations.membership.updated", _("Role changed")
    #: A membership was ended.
    MEMBERSHIP_REVOKED = "organizations.membership.revoked", _("Role ended")
    #: A head's assignment of powers to a deputy head was recorded or corrected.
    DELEGATION_SAVED = "organizations.delegation.saved", _("Assignment to a deputy saved")
