"""The audit action names the documents context writes (scheme: ``danvan.core.audit``)."""

from __future__ import annotations

from enum import unique

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditAction"]


@unique
class AuditAction(models.TextChoices):
    #: The approved draft of a document was made, to be signed and then issued.
    DOCUMENT_DRAFTED = "documents.document.drafted", _("Document drafted for signature")
    #: The PDF of a draft was fixed and handed to its signer.
    DOCUMENT_SENT_FOR_SIGNATURE = (
        "documents.document.sent_for_signature",
        _("Document's PDF prepared for signature"),
    )
    #: The signer signed the document (digitally, checked, or on paper as the clerk recorded).
    DOCUMENT_SIGNED = "documents.document.signed", _("Document signed")
    #: A signed PDF was refused (altered, untrusted or expired certificate, another file).
    DOCUMENT_SIGNATURE_REFUSED = (
        "documents.document.signature_refused",
        _("Signed document refused"),
    )
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
    #: A certification authority was added to the trust list or changed.
    TRUSTED_CERTIFICATE_SAVED = (
        "documents.trusted_certificate.saved",
        _("Trusted certification authority saved"),
    )
    #: A signing key (PKCS#12) was added or changed.
    SIGNING_KEY_SAVED = "documents.signing_key.saved", _("Signing key saved")
