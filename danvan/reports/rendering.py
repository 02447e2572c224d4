"""The periodic report and the register book as files: DOCX in the issuing unit's format
(NĐ 30/2020 or 36-HD/VPTW, through ``documents.services.report_render``, the one layout of
issued documents), PDF converted from that DOCX by LibreOffice (``documents.pdf``), and XLSX.

A document's text is Vietnamese whatever the reader's language: it is an official paper.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from danvan.documents import pdf
from danvan.documents.rendering import DataTable
from danvan.documents.services import report_render
from danvan.organizations.models import Unit
from danvan.reports.figures import PeriodicReport
from danvan.reports.models import RegisterColumn
from danvan.reports.periods import ReportPeriod

__all__ = [
    "national_xlsx",
    "periodic_docx",
    "periodic_xlsx",
    "register_docx",
    "register_xlsx",
    "to_pdf",
]

_UNVERIFIED = (
    "Ghi chú: mã biểu và các cột theo chỉ tiêu của Thông tư 02/2021/TT-TTCP, chưa đối chiếu "
    "với biểu mẫu của Thông tư 01/2024/TT-TTCP; mỗi cột có số thứ tự để đối chiếu."
)


def _period_text(period: ReportPeriod) -> str:
    with translation.override("vi"):
        return f"{period.label} (từ ngày {period.start:%d/%m/%Y} đến ngày {period.end:%d/%m/%Y})"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def periodic_docx(report: PeriodicReport, *, unit: Unit) -> bytes:
    what = "Số liệu" if report.period.tables_only else "Kết quả"
    body = "\n".join([
        f"Kỳ báo cáo: {_period_text(report.period)}.",
        f"Phạm vi số liệu: {'; '.join(report.unit_names)}.",
        "Số liệu tổng hợp theo các biểu dưới đây; tổng của mỗi cột bằng tổng các cột thành "
        "phần đã được kiểm tra.",
        _UNVERIFIED,
    ])  # fmt: skip
    tables = [
        DataTable(
            caption=f"Biểu {filled.table.code}: {filled.table.title}",
            header=["Cột", "Chỉ tiêu", "Số liệu"],
            rows=[[cid, label, f"{value}"] for cid, label, value in filled.cells],
            widths_mm=(15, 120, 30),
        )
        for filled in report.tables
    ]
    return report_render(
        unit=unit,
        title="Báo cáo",
        summary=(
            f"{what} công tác tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo "
            f"{_period_text(report.period)}"
        ),
        body=body,
        tables=tables,
    )


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _bold_row(sheet: Worksheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")


def periodic_xlsx(report: PeriodicReport) -> bytes:
    """One sheet per table, laid out as the forms are (a column per indicator: its number, its
    label, its figure), and a sheet of the sum checks."""
    book = Workbook()
    first = book.active
    assert first is not None  # noqa: S101 - a new workbook has one sheet
    book.remove(first)
    for filled in report.tables:
        sheet = book.create_sheet(filled.table.code.replace("/", "-")[:31])
        sheet.append([f"Biểu {filled.table.code}: {filled.table.title}"])
        sheet.append([_period_text(report.period)])
        ids, labels, values = zip(*filled.cells, strict=True)
        sheet.append(list(labels))
        sheet.append([f"({i})" for i in ids])
        sheet.append(list(values))
        sheet["A1"].font = Font(bold=True)
        _bold_row(sheet, 3)
        _bold_row(sheet, 4)
        for index in range(1, len(ids) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 14
    checks = book.create_sheet("Kiem tra")
    checks.append(["Biểu", "Đẳng thức", "Tổng", "Tổng các cột thành phần", "Đúng"])
    _bold_row(checks, 1)
    for filled in report.tables:
        for check in filled.checks:
            checks.append([check.table, check.rule, check.total, check.parts_sum,
                           "Đúng" if check.ok else "SAI"])  # fmt: skip
    return _save(book)


def register_docx(
    rows: Sequence[dict[str, object]], *, columns: Sequence[RegisterColumn], unit: Unit,
    period: ReportPeriod | None, period_text: str,
) -> bytes:  # fmt: skip
    table = DataTable(
        caption="Sổ theo dõi đơn",
        header=["STT", *(c.label for c in columns)],
        rows=[[str(i), *(_cell(row.get(c.key)) for c in columns)] for i, row in enumerate(rows, 1)],
        widths_mm=(8, *(float(c.width) for c in columns)),
        size=9,
    )
    return report_render(
        unit=unit,
        title="Sổ theo dõi đơn",
        summary=f"Từ ngày {period_text}",
        body=f"Số đơn vào sổ trong kỳ: {len(rows)}.",
        tables=[table],
        landscape=True,
    )


def register_xlsx(rows: Sequence[dict[str, object]], *, columns: Sequence[RegisterColumn]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook has one sheet
    sheet.title = "So theo doi don"
    sheet.append(["STT", *(c.label for c in columns)])
    _bold_row(sheet, 1)
    for index, row in enumerate(rows, start=1):
        sheet.append([index, *(row.get(c.key) for c in columns)])
    for position, column in enumerate(columns, start=2):
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = column.width
        if any(isinstance(r.get(column.key), dt.date) for r in rows[:50]):
            for cell in sheet[letter][1:]:
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    return _save(book)


def to_pdf(docx: bytes) -> bytes:
    """The PDF of a report's DOCX (LibreOffice). Raises ``documents.pdf.PdfConversionError``."""
    return pdf.docx_to_pdf(docx)


def national_xlsx(records: dict[str, list[dict[str, object]]]) -> bytes:
    """The national export as a workbook: a sheet of letters and one of receptions, a column
    per field named as in docs/national-database.md."""
    from danvan.letters.report_rows import NATIONAL_FIELDS
    from danvan.workflow.report_sources import RECEPTION_ROW_FIELDS

    book = Workbook()
    letters = book.active
    assert letters is not None  # noqa: S101 - a new workbook has one sheet
    letters.title = "letters"
    for sheet, fields, rows in (
        (letters, NATIONAL_FIELDS, records["letters"]),
        (book.create_sheet("receptions"), RECEPTION_ROW_FIELDS, records["receptions"]),
    ):
        sheet.append(list(fields))
        _bold_row(sheet, 1)
        for row in rows:
            sheet.append([_xlsx_value(row.get(f)) for f in fields])
        sheet.freeze_panes = "A2"
    return _save(book)


def _xlsx_value(value: object) -> object:
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)
