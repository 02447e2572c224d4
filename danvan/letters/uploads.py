"""Receiving the files of the public letter form without reading more than the limits allow.

Django stores an upload to a temporary file before any view code runs, so a form field cannot
refuse a 200 MB file: it has already been written to disk. ``LimitedUploadHandler`` counts the
bytes of each file as they arrive and gives up on a file (``SkipFile``) as soon as it passes the
per-file limit, or on every file after the most a letter may carry. The rest of the request, and
so everything the person typed, is still parsed; the view reads the names of the refused files
from ``refused_uploads(request)`` and shows a message beside the form.

Install it for one view only, before ``request.POST`` or ``request.FILES`` is touched, with the
``csrf_exempt`` + ``csrf_protect`` pattern of Django's documentation on upload handlers
(``install_upload_handler``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler
from django.http import HttpRequest

from danvan.core.text import clean_line
from danvan.letters import files

__all__ = ["LimitedUploadHandler", "RefusedUploads", "install_upload_handler", "refused_uploads"]

_ATTRIBUTE = "letters_refused_uploads"


@dataclass
class RefusedUploads:
    """Files the handler did not keep: too large, or beyond the number allowed."""

    too_large: list[str] = field(default_factory=list)
    too_many: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.too_large or self.too_many)


def refused_uploads(request: HttpRequest) -> RefusedUploads:
    """The files of this request that ``LimitedUploadHandler`` refused (empty if none)."""
    found = getattr(request, _ATTRIBUTE, None)
    if isinstance(found, RefusedUploads):
        return found
    return RefusedUploads()


def _clean_name(name: str) -> str:
    """A file name fit to repeat in a message: no path, no control characters, not too long."""
    base = clean_line(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable())[:80]


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """A temporary-file handler that stops reading a file once it passes the per-file limit
    (``files.max_file_bytes()``) and skips every file after ``files.max_files()`` of them."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.max_bytes = files.max_file_bytes()
        self.max_count = files.max_files()
        self.count = 0
        self.refused = RefusedUploads()
        if request is not None:
            setattr(request, _ATTRIBUTE, self.refused)

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.count += 1
        if self.count > self.max_count:
            self.refused.too_many.append(_clean_name(self.file_name or ""))
            raise SkipFile()
        if self.content_length is not None and self.content_length > self.max_bytes:
            self.refused.too_large.append(_clean_name(self.file_name or ""))
            raise SkipFile()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.max_bytes:
            self.refused.too_large.append(_clean_name(self.file_name or ""))
            raise SkipFile()
        super().receive_data_chunk(raw_data, start)
        return None


def install_upload_handler(request: HttpRequest) -> None:
    """Make ``LimitedUploadHandler`` the only handler of this request's files.

    Call it before anything reads ``request.POST``/``request.FILES`` (the CSRF check does, so the
    view must be ``csrf_exempt`` and check the token itself afterwards with ``csrf_protect``).
    """
    request.upload_handlers = [LimitedUploadHandler(request)]
