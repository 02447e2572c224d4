"""What every check of an uploaded file shares: the checked file, a safe stored name, the look
inside a ZIP-based office file and inside a PDF. Each context keeps its own list of allowed
formats and limits (letters' files, the workflow kit's proposal attachments) and builds on these.

An office file (DOCX, XLSX, ODT) is a ZIP archive: ``zip_refusal`` reads its central directory
before anything unpacks it and refuses a "zip bomb" (members that unpack to far more than the
file, or too many members) and names that climb out of a folder; then every member is read with
a bounded read, so a header that lies about a member's size is caught by its checksum.

A PDF can carry JavaScript, actions run when it opens or a page shows (``/OpenAction``,
``/AA``), programs to launch, embedded files, media and XFA forms: ``pdf_refusal`` walks the
objects reachable from the document catalog (pages, annotations, name trees, forms) with pypdf
and refuses any of them, as well as an encrypted PDF and one pypdf cannot read. Refusing rather
than rewriting keeps what is stored exactly what the person sent. The walk is written here
because pypdf reads the objects but has no "is this PDF active?" check of its own.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from danvan.core.text import clean_line

#: The most a ZIP-based office file may unpack to, all members together.
MAX_ZIP_UNCOMPRESSED: Final = 100 * 1024 * 1024
#: The most members it may hold (a long DOCX with many pictures has a few hundred).
MAX_ZIP_MEMBERS: Final = 1000
#: The most a member may unpack to per byte it takes in the archive, once it is larger than
#: ``ZIP_RATIO_FLOOR`` (small XML parts compress very well and are harmless).
MAX_ZIP_RATIO: Final = 100
ZIP_RATIO_FLOOR: Final = 1024 * 1024
#: The most PDF dictionaries and arrays one check walks (a 500-page scan has a few thousand).
MAX_PDF_OBJECTS: Final = 200_000
_CHUNK: Final = 64 * 1024


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
    stem = clean_line(name or "tep").replace("\\", "/").rsplit("/", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    cleaned = "".join(ch for ch in stem if ch.isalnum() or ch in " -_")[:80].strip() or "tep"
    return f"{cleaned}.{extension}"


def zip_holds(data: bytes, marker: str) -> bool:
    """Whether ``data`` is a ZIP holding ``marker`` (``word/document.xml`` for a DOCX) and no
    macros (``vbaProject.bin``). Check ``zip_refusal`` first: this only reads the names."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return False
    return marker in names and not any(n.endswith("vbaProject.bin") for n in names)


def _unsafe_member_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (
        name.startswith(("/", "\\"))
        or ".." in parts
        or (len(name) > 1 and name[1] == ":")  # a Windows drive: C:/...
        or "\x00" in name
    )


def zip_refusal(data: bytes, name: str) -> str | None:
    """Why the ZIP-based office file ``data`` (shown as ``name``) must be refused, in words for
    the person who sent it, or ``None`` when its archive is sound.

    The declared sizes of the central directory are checked first, so a bomb is refused without
    unpacking anything; then each member is read in chunks and never past its declared size
    (zipfile stops there and checks the CRC, so a member whose data says otherwise is refused).
    """
    shown = name[:80]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                return _(
                    "“%(name)s” holds more than %(count)s parts inside; it cannot be a normal "
                    "office document."
                ) % {"name": shown, "count": MAX_ZIP_MEMBERS}
            if any(_unsafe_member_name(m.filename) for m in members):
                return _(
                    "“%(name)s” holds a part whose name points outside the document; it was "
                    "refused."
                ) % {"name": shown}
            total = sum(m.file_size for m in members)
            if total > MAX_ZIP_UNCOMPRESSED:
                return _(
                    "“%(name)s” would unpack to more than %(mb)s MB; it was refused as a "
                    "possible “zip bomb”."
                ) % {"name": shown, "mb": MAX_ZIP_UNCOMPRESSED // (1024 * 1024)}
            for member in members:
                if member.file_size > ZIP_RATIO_FLOOR and member.file_size > MAX_ZIP_RATIO * max(
                    member.compress_size, 1
                ):
                    return _(
                        "“%(name)s” holds a part that unpacks to more than %(ratio)s times its "
                        "size; it was refused as a possible “zip bomb”."
                    ) % {"name": shown, "ratio": MAX_ZIP_RATIO}
            for member in members:
                if member.is_dir():
                    continue
                read = 0
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        read += len(chunk)
                        if read > member.file_size:  # zipfile never gives more; kept as a guard
                            raise zipfile.BadZipFile("member larger than declared")
    except (
        zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError,
        EOFError, RuntimeError,
    ):  # fmt: skip
        return _("“%(name)s” is a damaged or unreadable archive; it was refused.") % {"name": shown}
    return None


# --- PDF --------------------------------------------------------------------------------------

#: Action types that run code, start a program, send or fetch data or open another file.
_ACTIVE_ACTIONS: Final = {
    "/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToR", "/GoToE",
    "/RichMediaExecute", "/Rendition", "/Movie", "/Sound",
}  # fmt: skip


def _pdf_messages(shown: str) -> dict[str, str]:
    return {
        "javascript": _(
            "The PDF “%(name)s” contains JavaScript, which could run on the computer of whoever "
            "opens it. Print or export it again as a plain PDF and send that."
        ),
        "auto": _(
            "The PDF “%(name)s” runs actions by itself when it is opened or read (an automatic "
            "action). Print or export it again as a plain PDF and send that."
        ),
        "launch": _(
            "The PDF “%(name)s” contains an action that starts a program, sends data or opens "
            "another file. Print or export it again as a plain PDF and send that."
        ),
        "embedded": _(
            "The PDF “%(name)s” carries other files inside it. Send those files separately and "
            "the PDF without them."
        ),
        "media": _(
            "The PDF “%(name)s” contains embedded media (video, sound or Flash). Print or export "
            "it again as a plain PDF and send that."
        ),
        "xfa": _(
            "The PDF “%(name)s” is an XFA form, which can run scripts. Print it to a plain PDF "
            "and send that."
        ),
        "encrypted": _(
            "The PDF “%(name)s” is encrypted or protected by a password. Remove the protection "
            "and send it again."
        ),
        "unreadable": _("The PDF “%(name)s” could not be opened."),
        "complex": _(
            "The PDF “%(name)s” is too complex to be checked; print or export it again as a "
            "plain PDF and send that."
        ),
    }


def _children(node: Any) -> Iterator[tuple[str | None, Any]]:
    if isinstance(node, DictionaryObject):  # a stream too: its dictionary, never its data
        for key, value in node.items():
            yield str(key), value
    elif isinstance(node, ArrayObject):
        for value in node:
            yield None, value


def _active_content(reader: PdfReader) -> str | None:
    """The first kind of active content reachable from the catalog (a key of
    ``_pdf_messages``), or ``None``."""
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer["/Root"]]
    walked = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            ref = (node.idnum, node.generation)
            if ref in seen:
                continue
            seen.add(ref)
            node = node.get_object()
        if not isinstance(node, DictionaryObject | ArrayObject):
            continue
        walked += 1
        if walked > MAX_PDF_OBJECTS:
            return "complex"
        if isinstance(node, DictionaryObject):
            found = _active_dictionary(node)
            if found is not None:
                return found
        for _key, value in _children(node):
            if isinstance(value, IndirectObject | DictionaryObject | ArrayObject):
                stack.append(value)
    return None


def _active_dictionary(node: DictionaryObject) -> str | None:
    keys = {str(k) for k in node}
    if keys & {"/JS", "/JavaScript"}:
        return "javascript"
    if "/XFA" in keys:
        return "xfa"
    if keys & {"/EmbeddedFiles", "/EF"}:
        return "embedded"
    if "/AA" in keys:
        return "auto"
    kind = node.get("/Type")
    subtype = node.get("/Subtype")
    if isinstance(kind, NameObject) and kind == "/EmbeddedFile":
        return "embedded"
    if isinstance(subtype, NameObject) and subtype == "/FileAttachment":
        return "embedded"
    if isinstance(subtype, NameObject) and subtype in {"/RichMedia", "/Movie", "/Sound", "/3D"}:
        return "media"
    if "/RichMediaContent" in keys or "/RichMediaSettings" in keys:
        return "media"
    action = node.get("/S")
    if isinstance(action, NameObject) and action in _ACTIVE_ACTIONS:
        return "javascript" if action == "/JavaScript" else "launch"
    opener = node.get("/OpenAction")
    if opener is not None:
        opener = opener.get_object()
        if isinstance(opener, DictionaryObject) and opener.get("/S") != "/GoTo":
            return "auto"
    return None


def pdf_refusal(data: bytes, name: str) -> str | None:
    """Why the PDF ``data`` (shown as ``name``) must be refused, in words for the person who
    sent it, or ``None`` when it is a plain document: readable, not encrypted, with at least
    one page and no JavaScript, automatic or launch actions, embedded files, media or XFA."""
    messages = _pdf_messages(name[:80])
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return messages["encrypted"] % {"name": name[:80]}
        if len(reader.pages) == 0:
            return messages["unreadable"] % {"name": name[:80]}
        found = _active_content(reader)
    except (
        PyPdfError, ValueError, OSError, KeyError, TypeError, AttributeError, IndexError,
        RecursionError, AssertionError, ZeroDivisionError,
    ):  # fmt: skip
        # pypdf raises many kinds of error on a damaged file; all mean "not a PDF we can check".
        return messages["unreadable"] % {"name": name[:80]}
    return None if found is None else messages[found] % {"name": name[:80]}
