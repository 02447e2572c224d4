"""What every check of an uploaded file shares: the checked file, a safe stored name and the look
inside a ZIP-based office file. Each context keeps its own list of allowed formats and limits
(letters' files, the workflow kit's proposal attachments) and builds on these."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass


@dataclass(frozen=True)
class CheckedFile:
    """A file whose bytes were checked: the name to store it under, its type and its content."""

    name: str
    content_type: str
    extension: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def safe_name(name: str, extension: str) -> str:
    """The file's own name without folders, odd characters or its claimed extension, plus the
    extension its content showed ("tep" when nothing is left)."""
    stem = (name or "tep").replace("\\", "/").rsplit("/", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    cleaned = "".join(ch for ch in stem if ch.isalnum() or ch in " -_")[:80].strip() or "tep"
    return f"{cleaned}.{extension}"


def zip_holds(data: bytes, marker: str) -> bool:
    """Whether ``data`` is a ZIP holding ``marker`` (``word/document.xml`` for a DOCX) and no
    macros (``vbaProject.bin``)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return marker in names and not any(n.endswith("vbaProject.bin") for n in names)
