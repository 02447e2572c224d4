"""Checking attachments by their content, never by their name or the browser's claim.

A file is accepted only when its bytes are a JPEG, PNG or WebP picture that Pillow can decode, a
PDF that pypdf can open and that holds no JavaScript, automatic actions, embedded files, media
or XFA and is not encrypted (``core.files.pdf_refusal``), or a DOCX (a ZIP holding
``word/document.xml`` and no macros, whose archive is no "zip bomb": ``core.files.zip_refusal``).
Pictures
are re-encoded, which drops EXIF data (a phone photo's GPS position and device) and anything
appended to the image.
"""

from __future__ import annotations

import io
from typing import Final

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from danvan.core.errors import ApplicationError
from danvan.core.files import CheckedFile, pdf_refusal, safe_name, zip_holds, zip_refusal

__all__ = [
    "CheckedFile",
    "FileRejectedError",
    "check_upload",
    "max_file_bytes",
    "max_files",
    "preview_kind",
]

_ALLOWED: Final = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
#: The kinds of file a page shows in place: pictures in an ``<img>``, PDFs in a frame.
_PREVIEW: Final = {
    "image/jpeg": "image",
    "image/png": "image",
    "image/webp": "image",
    "application/pdf": "pdf",
}


def preview_kind(content_type: str) -> str:
    """``"image"``, ``"pdf"`` or ``""`` (not shown in place, only downloaded)."""
    return _PREVIEW.get(content_type, "")


_PILLOW_FORMAT: Final = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
MAX_IMAGE_PIXELS: Final = 40_000_000


def max_file_bytes() -> int:
    return int(getattr(settings, "DANVAN_LETTER_MAX_FILE_MB", 10)) * 1024 * 1024


def max_files() -> int:
    return int(getattr(settings, "DANVAN_LETTER_MAX_FILES", 5))


class FileRejectedError(ApplicationError):
    pass


def _clean_image(data: bytes, mime: str, name: str) -> bytes:
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            out = io.BytesIO()
            fmt = _PILLOW_FORMAT[mime]
            final = img.convert("RGB") if fmt == "JPEG" and img.mode not in {"RGB", "L"} else img
            final.save(out, format=fmt)  # no exif= argument: metadata is not copied
            return out.getvalue()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise FileRejectedError(
            _("The picture “%(name)s” could not be read.") % {"name": name[:80]}
        ) from None


def check_upload(upload: UploadedFile) -> CheckedFile:
    """The file's checked content, or ``FileRejectedError`` with a message for the person."""
    name = str(upload.name or "")
    size = int(upload.size or 0)
    if size > max_file_bytes():
        raise FileRejectedError(
            _("“%(name)s” is larger than %(mb)s MB.")
            % {"name": name[:80], "mb": max_file_bytes() // (1024 * 1024)}
        )
    if size == 0:
        raise FileRejectedError(_("“%(name)s” is empty.") % {"name": name[:80]})
    upload.seek(0)
    data = upload.read()
    kind = filetype.guess(data[:8192] if len(data) > 8192 else data)
    mime = kind.mime if kind is not None else ""
    if mime == "application/zip" or (mime == "" and data[:2] == b"PK"):
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if mime not in _ALLOWED:
        raise FileRejectedError(
            _(
                "“%(name)s” is not a picture (JPEG, PNG, WebP), a PDF or a Word (DOCX) file, "
                "whatever its name says."
            )
            % {"name": name[:80]}
        )
    if mime in _PILLOW_FORMAT:
        data = _clean_image(data, mime, name)
    elif mime == "application/pdf":
        if (refusal := pdf_refusal(data, name)) is not None:
            raise FileRejectedError(refusal)
    elif (refusal := zip_refusal(data, name)) is not None:
        raise FileRejectedError(refusal)
    elif not zip_holds(data, "word/document.xml"):
        raise FileRejectedError(
            _("“%(name)s” is not a valid Word (DOCX) file without macros.") % {"name": name[:80]}
        )
    return CheckedFile(
        name=safe_name(name, _ALLOWED[mime]), content_type=mime, extension=_ALLOWED[mime], data=data
    )
