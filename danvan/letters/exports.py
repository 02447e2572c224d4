"""The letters register (sổ tiếp nhận, xử lý đơn) as an XLSX workbook or a CSV file, for the
officers who keep it in Excel today and for reports.

The export follows the same protection as the pages: a denunciation's signers are never written
(the column says the identity is protected) and its content is the redacted copy; other letters
show the signer's name and address, as their pages do to the same people.

There is no cap on the rows: they are read in chunks (the signers of each chunk in one more
query) and written as they come, XLSX in openpyxl's write-only mode, so memory stays flat
however many letters the list holds. A long list is written by a background task
(``services.exports``) with its progress.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterator
from enum import StrEnum
from typing import IO, Any, Final

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from danvan.core import audit
from danvan.core.actors import Viewer
from danvan.letters.audit_actions import AuditAction
from danvan.letters.models import Letter, Signer
from danvan.letters.redaction import redact

#: Letters read (and their signers fetched) at a time.
CHUNK: Final = 2_000
#: Characters of a letter's content written in its cell.
CONTENT_CHARS: Final = 5_000
#: Columns written as dates, and every column's width in characters (XLSX).
_DATE_COLUMNS: Final = {2, 11, 12}
_WIDTHS: Final = (6, 12, 12, 16, 28, 14, 18, 30, 36, 60, 20, 12, 12)

#: Called with the rows written so far.
Progress = Callable[[int], None]


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


CONTENT_TYPES: Final = {
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.CSV: "text/csv; charset=utf-8",
}


def signers_cell(letter: Letter, signers: list[Signer]) -> str:
    """The signers cell of a register row: a protected letter's identity is never written."""
    # The rows come from a selector scoped to the viewer, and anyone who sees a letter that is
    # not a denunciation may read its signers (policies.can_view_identity): only denunciations
    # need hiding, whoever exports.
    if letter.identity_protected:
        return _("Identity protected (Luật Tố cáo Art. 8)")
    if not signers:
        return _("Anonymous")
    return "; ".join(f"{s.full_name} — {s.address}".strip(" —") for s in signers)


def headers() -> list[str]:
    return [
        _("No."), _("Register number"), _("Received on"), _("Channel"), _("Unit"),
        _("Kind of letter"), _("Field"), _("Signers"), _("Subject"), _("Content"), _("Status"),
        _("Due on"), _("Handled on"),
    ]  # fmt: skip


def register_rows(letters: QuerySet[Letter]) -> Iterator[list[Any]]:
    """The register's rows of ``letters`` (already scoped to the viewer by a selector), in
    register order, read ``CHUNK`` letters at a time."""
    ordered = letters.select_related("unit", "field").order_by(
        "register_year", "register_number", "pk"
    )
    index = 0
    found_letters = ordered.iterator(chunk_size=CHUNK)
    while batch := list(itertools.islice(found_letters, CHUNK)):
        signers: dict[int, list[Signer]] = {}
        found = Signer.objects.filter(letter__in=[r.pk for r in batch]).order_by("position")
        for signer in found:
            signers.setdefault(signer.letter_id, []).append(signer)
        for letter in batch:
            index += 1
            yield _row(index, letter, signers.get(letter.pk, []))


def _row(index: int, letter: Letter, signers: list[Signer]) -> list[Any]:
    subject, content = letter.subject, letter.content
    if letter.identity_protected:
        # The stored copy was redacted when the letter was registered; what it was redacted
        # with may have known fewer ways of writing a name, so it is redacted again here.
        identity = [x for s in signers for x in s.identity_strings()]
        subject = redact(letter.subject, identity)
        content = redact(letter.content_redacted, identity)
    return [
        index,
        letter.register_label,
        letter.received_on,
        str(letter.get_channel_display()),
        letter.unit.name,
        str(letter.get_kind_display()),
        letter.field.name if letter.field else "",
        signers_cell(letter, signers),
        subject,
        content[:CONTENT_CHARS],
        str(letter.get_status_display()),
        letter.due_on,
        letter.handled_on,
    ]


def _counted(
    rows: Iterator[list[Any]], progress: Progress | None, every: int
) -> Iterator[list[Any]]:
    done = 0
    for row in rows:
        yield row
        done += 1
        if progress is not None and done % every == 0:
            progress(done)
    if progress is not None:
        progress(done)


def write_xlsx(out: IO[bytes], rows: Iterator[list[Any]]) -> int:
    """The rows as a workbook of one sheet; returns how many were written."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Letters register")[:31])
    for i, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    top = Alignment(wrap_text=True, vertical="top")

    def cell(value: Any, *, bold: bool = False, date: bool = False) -> WriteOnlyCell:
        made = WriteOnlyCell(sheet, value=value)
        made.alignment = top
        if bold:
            made.font = Font(bold=True)
        if date:
            made.number_format = "DD/MM/YYYY"
        return made

    sheet.append([cell(h, bold=True) for h in headers()])
    written = 0
    for row in rows:
        sheet.append([cell(v, date=i in _DATE_COLUMNS) for i, v in enumerate(row)])
        written += 1
    book.save(out)
    return written


def write_csv(out: IO[bytes], rows: Iterator[list[Any]]) -> int:
    """UTF-8 with a byte order mark, so that Excel reads the Vietnamese; dates as dd/mm/yyyy.
    Returns how many rows were written."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(headers())
    written = 0
    for row in rows:
        writer.writerow([v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v for v in row])
        written += 1
    text.flush()
    text.detach()
    return written


def write_register(
    out: IO[bytes],
    *,
    viewer: Viewer,
    letters: QuerySet[Letter],
    fmt: ExportFormat,
    progress: Progress | None = None,
    every: int = CHUNK,
) -> int:
    """Write the register of ``letters`` to ``out`` in ``fmt``; record the export in the audit
    trail; return the rows written. ``progress`` is called every ``every`` rows."""
    rows = _counted(register_rows(letters), progress, every)
    written = (write_xlsx if fmt is ExportFormat.XLSX else write_csv)(out, rows)
    audit.record(
        action=AuditAction.REGISTER_EXPORTED,
        actor=viewer,
        extra={"rows": written, "format": str(fmt)},
    )
    return written
