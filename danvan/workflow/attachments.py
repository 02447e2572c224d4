"""The files sent with a proposal: checked by their content, not their name, and kept in the
default storage under a safe name.

A proposal carries the documents a head reads before deciding: a draft in DOCX or ODT, a scan
in PDF, a table in XLSX, a photo in JPEG or PNG. Anything else, anything larger than
``DANVAN_PROPOSAL_MAX_FILE_MB`` (10 MB by default) and more than ``DANVAN_PROPOSAL_MAX_FILES``
(5) files per version are refused with a message, and so are a PDF with JavaScript, automatic
actions, embedded files or media, an encrypted PDF and an office file whose archive is a "zip
bomb" (``danvan.core.files``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from danvan.core.errors import ApplicationError
from danvan.core.files import CheckedFile, pdf_refusal, safe_name, zip_holds, zip_refusal
from danvan.core.text import clean_line
from danvan.workflow.models import ProposalAttachment, ProposalVersion

__all__ = ["AttachmentRejectedError", "CheckedFile", "check_files", "save_files"]

#: The formats a proposal may carry, by the type their bytes show, with the extension kept.
ALLOWED: Final = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "image/jpeg": "jpg",
    "image/png": "png",
}
#: What a ZIP-based office file must hold (and a DOCX or XLSX with macros is refused).
_ZIP_MARKERS: Final = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "odt": "content.xml",
}


class AttachmentRejectedError(ApplicationError):
    pass


def max_file_bytes() -> int:
    return int(getattr(settings, "DANVAN_PROPOSAL_MAX_FILE_MB", 10)) * 1024 * 1024


def max_files() -> int:
    return int(getattr(settings, "DANVAN_PROPOSAL_MAX_FILES", 5))


def _check_one(upload: UploadedFile) -> CheckedFile:
    shown = clean_line(upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:120]
    if (upload.size or 0) > max_file_bytes():
        raise AttachmentRejectedError(
            _("“%(name)s” is larger than %(mb)s MB.")
            % {"name": shown, "mb": max_file_bytes() // (1024 * 1024)}
        )
    data = upload.read(max_file_bytes() + 1)
    if len(data) > max_file_bytes():
        raise AttachmentRejectedError(
            _("“%(name)s” is larger than %(mb)s MB.")
            % {"name": shown, "mb": max_file_bytes() // (1024 * 1024)}
        )
    kind = filetype.guess(data) if data else None
    mime = kind.mime if kind is not None else ""
    is_zip = mime == "application/zip" or ALLOWED.get(mime) in _ZIP_MARKERS
    if is_zip and (refusal := zip_refusal(data, shown)) is not None:
        raise AttachmentRejectedError(refusal)  # before anything looks inside the archive
    if mime == "application/pdf" and (refusal := pdf_refusal(data, shown)) is not None:
        raise AttachmentRejectedError(refusal)
    if mime == "application/zip":  # some writers' office files are seen as plain ZIP
        mime = next(
            (m for m, ext in ALLOWED.items() if ext in _ZIP_MARKERS and
             zip_holds(data, _ZIP_MARKERS[ext])),
            mime,
        )  # fmt: skip
    extension = ALLOWED.get(mime)
    if extension is None or (
        extension in _ZIP_MARKERS and not zip_holds(data, _ZIP_MARKERS[extension])
    ):
        raise AttachmentRejectedError(
            _(
                "“%(name)s” is not a PDF, DOCX, XLSX, ODT, JPEG or PNG file (its content was "
                "checked, not its name)."
            )
            % {"name": shown}
        )
    return CheckedFile(
        name=safe_name(shown, extension), content_type=mime, extension=extension, data=data
    )


def check_files(uploads: Iterable[UploadedFile]) -> list[CheckedFile]:
    """Check every upload; raise ``AttachmentRejectedError`` naming the first one refused."""
    files = list(uploads)
    if len(files) > max_files():
        raise AttachmentRejectedError(
            _("Attach at most %(count)s files to one version.") % {"count": max_files()}
        )
    return [_check_one(f) for f in files]


def save_files(version: ProposalVersion, files: Iterable[CheckedFile]) -> list[ProposalAttachment]:
    """Store the checked files in the default storage and attach them to ``version``."""
    saved = []
    for checked in files:
        attachment = ProposalAttachment(
            version=version, name=checked.name, content_type=checked.content_type,
            size=checked.size, sha256=checked.sha256,
        )  # fmt: skip
        attachment.file.save(checked.name, ContentFile(checked.data), save=False)
        attachment.save()
        saved.append(attachment)
    return saved
