"""The letters register (sổ tiếp nhận, xử lý đơn) as an XLSX workbook, for the officers who keep
it in Excel today and for reports.

The export follows the same protection as the pages: a denunciation's signers are never written
(the column says the identity is protected) and its content is the redacted copy; other letters
show the signer's name and address, as their pages do to the same people.
"""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from danvan.core import audit
from danvan.core.actors import Viewer
from danvan.letters.audit_actions import AuditAction
from danvan.letters.models import Letter, Signer
from danvan.letters.redaction import redact

_MAX_ROWS = 50_000


def _signers_cell(letter: Letter, signers: list[Signer]) -> str:
    # The rows come from a selector scoped to the viewer, and anyone who sees a letter that is
    # not a denunciation may read its signers (policies.can_view_identity): only denunciations
    # need hiding, whoever exports.
    if letter.identity_protected:
        return _("Identity protected (Luật Tố cáo Art. 8)")
    if not signers:
        return _("Anonymous")
    return "; ".join(f"{s.full_name} — {s.address}".strip(" —") for s in signers)


def register_workbook(*, viewer: Viewer, letters: QuerySet[Letter]) -> bytes:
    """An XLSX of ``letters`` (already scoped to the viewer by a selector), at most 50,000 rows."""
    rows = list(
        letters.select_related("unit", "field").order_by("register_year", "register_number")[
            :_MAX_ROWS
        ]
    )
    signers: dict[int, list[Signer]] = {}
    for signer in Signer.objects.filter(letter__in=[r.pk for r in rows]).order_by("position"):
        signers.setdefault(signer.letter_id, []).append(signer)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = _("Letters register")[:31]
    headers = [
        _("No."), _("Register number"), _("Received on"), _("Channel"), _("Unit"),
        _("Kind of letter"), _("Field"), _("Signers"), _("Subject"), _("Content"), _("Status"),
        _("Due on"), _("Handled on"),
    ]  # fmt: skip
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, letter in enumerate(rows, start=1):
        subject, content = letter.subject, letter.content
        if letter.identity_protected:
            # The stored copy was redacted when the letter was registered; what it was redacted
            # with may have known fewer ways of writing a name, so it is redacted again here.
            identity = [x for s in signers.get(letter.pk, []) for x in s.identity_strings()]
            subject = redact(letter.subject, identity)
            content = redact(letter.content_redacted, identity)
        sheet.append([
            index,
            letter.register_label,
            letter.received_on,
            str(letter.get_channel_display()),
            letter.unit.name,
            str(letter.get_kind_display()),
            letter.field.name if letter.field else "",
            _signers_cell(letter, signers.get(letter.pk, [])),
            subject,
            content[:5000],
            str(letter.get_status_display()),
            letter.due_on,
            letter.handled_on,
        ])  # fmt: skip
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.column in {3, 12, 13}:
                cell.number_format = "DD/MM/YYYY"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [6, 12, 12, 16, 28, 14, 18, 30, 36, 60, 20, 12, 12]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    audit.record(action=AuditAction.REGISTER_EXPORTED, actor=viewer, extra={"rows": len(rows)})
    return buffer.getvalue()
