"""The audit action names the documents context writes (scheme: ``danvan.core.audit``)."""

from __future__ import annotations

from enum import unique

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditAction"]


@unique
class AuditAction(models.TextChoices):
    #: A document was issued and numbered in the outgoing register.
    DOCUMENT_ISSUED = "documents.document.issued", _("Document issued")
    #: An issued document was replaced by a newly issued one.
    DOCUMENT_REPLACED = "documents.document.replaced", _("Document replaced")
    #: A staff member downloaded an issued document's file.
    DOCUMENT_DOWNLOADED = "documents.document.downloaded", _("Document downloaded")
    #: Files no issued document points at were deleted.
    ORPHAN_FILE_PURGED = "documents.orphan_file.purged", _("Unused document files deleted")
    #: An issuer profile was created.
    ISSUER_PROFILE_CREATED = "documents.issuer_profile.created", _("Issuer profile created")
    #: An issuer profile was changed.
    ISSUER_PROFILE_CHANGED = "documents.issuer_profile.changed", _("Issuer profile changed")
    #: A party term was created.
    PARTY_TERM_CREATED = "documents.party_term.created", _("Party term created")
    #: A party term was changed.
    PARTY_TERM_CHANGED = "documents.party_term.changed", _("Party term changed")
    #: A document template's text was edited.
    TEMPLATE_CHANGED = "documents.template.changed", _("Document template edited")
    #: A document template was reset to the text the code ships.
    TEMPLATE_RESET = "documents.template.reset", _("Document template reset")
    #: The templates the code ships were synchronised into the database (some created or
    #: updated).
    TEMPLATE_SYNCED = "documents.template.synced", _("Document templates synchronised")
