"""Redacted copies of the files of a protected letter (Luật Tố cáo Art. 56).

The original of a denunciation's attachment may show the denouncer's name, handwriting or
address: verifiers and inspectors receive only the copy an officer who may read the identity
redacted and uploaded. The copy gets a neutral file name; a later upload replaces it.
"""

from __future__ import annotations

import secrets

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.actors import Actor, Viewer
from danvan.core.errors import ApplicationError
from danvan.letters import files
from danvan.letters.audit_actions import AuditAction
from danvan.letters.models import Attachment, Letter
from danvan.letters.policies import LetterPolicy
from danvan.letters.workflows import LETTER_WORKFLOW


class AttachmentError(ApplicationError):
    pass


def can_redact_letter(user: Viewer, letter: Letter) -> bool:
    """Whether ``user`` may upload the redacted copies of ``letter``'s files (see
    ``LetterPolicy.can_redact``)."""
    return LetterPolicy(user).can_redact(letter)


def can_redact(user: Viewer, attachment: Attachment) -> bool:
    """Whether ``user`` may upload the redacted copy of ``attachment`` (see
    ``can_redact_letter``)."""
    return can_redact_letter(user, attachment.letter)


@transaction.atomic
def attachment_redacted_copy_add(
    *,
    attachment: Attachment,
    actor: Actor,
    upload: UploadedFile,
    expected_version: int | None = None,
) -> Attachment:
    """Store ``upload`` as the redacted copy of the original ``attachment``, replacing an
    earlier copy. The file is checked by its content like every attachment (pictures are
    re-encoded without their metadata).

    Raises ``PermissionDenied`` (see ``can_redact``), ``AttachmentError`` for a file that is not
    an original of a protected letter and ``files.FileRejectedError`` for a refused file.
    """
    LETTER_WORKFLOW.require_power(actor, "redact", attachment.letter)
    if attachment.redacted_copy_of_id is not None:
        raise AttachmentError(_("Upload the redacted copy against the original file."))
    checked = files.check_upload(upload)
    LETTER_WORKFLOW.claim(attachment.letter, expected_version=expected_version)
    replaced = Attachment.objects.filter(redacted_copy_of=attachment).first()
    if replaced is not None:
        storage, old_name = replaced.file.storage, replaced.file.name
        replaced.delete()
        # The old file goes only once the replacement is committed.
        transaction.on_commit(lambda: storage.delete(old_name) if old_name else None)
    copy = Attachment(
        letter=attachment.letter,
        original_name=f"ban-da-che-{attachment.pk}.{checked.extension}",
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        redacted_copy_of=attachment,
    )
    copy.file.save(
        f"{secrets.token_hex(16)}.{checked.extension}", ContentFile(checked.data), save=False
    )
    copy.save()
    audit.record(
        action=AuditAction.ATTACHMENT_REDACTED,
        actor=actor,
        target=attachment.letter,
        extra={
            "attachment": attachment.pk,
            "copy": copy.pk,
            "replaced": replaced is not None,
        },
    )
    return copy
