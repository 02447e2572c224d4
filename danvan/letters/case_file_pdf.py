"""The case file as one PDF with numbered pages (Luật Khiếu nại Art. 34: "hồ sơ ... được đánh
số trang"; Luật Tố cáo Art. 39; TT 07/2013/TT-TTCP Art. 23).

The PDF opens with a cover and table of contents (the case number, the unit, each document of
the file in its part with its page range), then each document in the file's order:

- issued notices and decisions: their stored DOCX, converted by LibreOffice
  (``documents.pdf.docxs_to_pdfs``, every DOCX of the file in one run);
- records the case holds as data (the letter's text, notes, minutes, withdrawals, the sending,
  the publication): a page written here with python-docx and converted the same way;
- files received: a PDF as it is, a DOCX converted, a picture (JPEG, PNG, WebP) placed on an A4
  page with Pillow; a file that cannot be read is listed with the reason and takes no page.

Every page then gets its number ("Trang X/Y") drawn at the foot with pypdf, over a white band so
that a scan's own margin does not hide it. Only the cover's page count depends on the rest, so
LibreOffice runs twice: once for the documents and a draft cover, once for the final cover.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Final

from django.utils import translation
from django.utils.translation import gettext
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from PIL import Image, UnidentifiedImageError
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ContentStream, DictionaryObject, NameObject

from danvan.documents import pdf as converter
from danvan.documents import services as documents
from danvan.letters.case_file import FilePart, Item, Record
from danvan.letters.choices import LetterKind
from danvan.letters.models import Case, CaseFile

__all__ = ["TocRow", "build_case_file_pdf", "image_to_pdf", "stamp_page_numbers"]

logger = logging.getLogger(__name__)

#: Generated pages are written in Vietnamese whatever the officer's pages use.
LANGUAGE: Final = "vi"
_IMAGE_TYPES: Final = frozenset({"image/jpeg", "image/png", "image/webp"})
_DOCX_TYPE: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: A4 at 150 dots per inch, for pictures.
_A4_PX: Final = (1240, 1754)
_DPI: Final = 150
_FONT: Final = "Times New Roman"
#: Helvetica widths (1/1000 em) of the characters of a page number.
_WIDTHS: Final = {" ": 278, "/": 278, "T": 611, "r": 333, "a": 556, "n": 556, "g": 556}


@dataclass(frozen=True)
class TocRow:
    """A row of the table of contents: a part's heading (``number`` empty) or a document."""

    number: str
    title: str
    date: str = ""
    pages: str = ""
    heading: bool = False


@dataclass
class _Piece:
    item: Item
    pdf: bytes | None = None
    docx: bytes | None = None
    note: str = ""
    pages: int = 0


# --- generated pages ----------------------------------------------------------------------------


def _new_document() -> object:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(25)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = _FONT
    style.font.size = Pt(13)
    return doc


def _paragraph(doc: object, text: str, *, bold: bool = False, centre: bool = False,
               size: int | None = None) -> None:  # fmt: skip
    paragraph = doc.add_paragraph()  # type: ignore[attr-defined]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.name = _FONT
    if size is not None:
        run.font.size = Pt(size)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centre else WD_ALIGN_PARAGRAPH.JUSTIFY


def _saved(doc: object) -> bytes:
    out = io.BytesIO()
    doc.save(out)  # type: ignore[attr-defined]
    return out.getvalue()


def record_docx(record: Record, *, case: Case) -> bytes:
    """A page for a record of the case: its unit and case number, its heading, its facts and
    its text."""
    doc = _new_document()
    _paragraph(doc, case.unit.name.upper(), bold=True, size=12)
    _paragraph(doc, gettext("Case %(n)s") % {"n": case.number}, size=12)
    _paragraph(doc, record.heading.upper(), bold=True, centre=True, size=14)
    if record.rows:
        table = doc.add_table(rows=0, cols=2)  # type: ignore[attr-defined]
        table.style = "Table Grid"
        for label, value in record.rows:
            cells = table.add_row().cells
            cells[0].text = label
            cells[1].text = value
            cells[0].paragraphs[0].runs[0].bold = True
    for text in record.paragraphs:
        _paragraph(doc, text)
    return _saved(doc)


def _file_title(case: Case) -> str:
    if case.kind == LetterKind.COMPLAINT:
        return gettext("THE FILE OF THE RESOLUTION OF A COMPLAINT")
    if case.kind == LetterKind.DENUNCIATION:
        return gettext("THE FILE OF THE RESOLUTION OF A DENUNCIATION")
    return gettext("THE FILE OF THE ANSWER TO A LETTER")


def cover_docx(
    *, case: Case, rows: list[TocRow], total: int | None, closing: CaseFile | None
) -> bytes:
    """The cover and table of contents."""
    letter = case.letter
    doc = _new_document()
    _paragraph(doc, case.unit.name.upper(), bold=True, centre=True)
    _paragraph(doc, _file_title(case), bold=True, centre=True, size=15)
    facts = [
        (gettext("Case number"), case.number),
        (gettext("Resolving unit"), case.unit.name),
        (gettext("Letter"), f"{letter.register_label} — {letter.subject}"),
        (gettext("Accepted on"), case.accepted_on.strftime("%d/%m/%Y")),
    ]
    if closing is not None:
        facts.append((gettext("File closed on"), closing.closed_on.strftime("%d/%m/%Y")))
        if closing.archive_reference:
            facts.append((gettext("Archive reference"), closing.archive_reference))
    if total is not None:
        facts.append((gettext("Number of pages"), str(total)))
    for label, value in facts:
        _paragraph(doc, f"{label}: {value}")
    _paragraph(doc, gettext("TABLE OF CONTENTS"), bold=True, centre=True, size=14)
    table = doc.add_table(rows=1, cols=4)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0].cells
    for cell, text in zip(
        header,
        (gettext("No."), gettext("Document"), gettext("Date"), gettext("Pages")),
        strict=True,
    ):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        cells = table.add_row().cells
        if row.heading:
            merged = cells[0].merge(cells[3])
            merged.text = row.title
            merged.paragraphs[0].runs[0].bold = True
            continue
        for cell, text in zip(cells, (row.number, row.title, row.date, row.pages), strict=True):
            cell.text = text
    widths = (Mm(12), Mm(108), Mm(25), Mm(20))
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for table_row in table.rows:
        for cell, width in zip(table_row.cells, widths, strict=True):
            cell.width = width
    return _saved(doc)


# --- files received ---------------------------------------------------------------------------


def image_to_pdf(data: bytes) -> bytes:
    """A picture centred on an A4 page (150 dpi), scaled down to fit inside the margins."""
    with Image.open(io.BytesIO(data)) as picture:
        picture.load()
        if picture.mode in {"RGBA", "LA", "P"}:
            rgba = picture.convert("RGBA")
            flat = Image.new("RGB", rgba.size, "white")
            flat.paste(rgba, mask=rgba.getchannel("A"))
        else:
            flat = picture.convert("RGB")
    width, height = _A4_PX
    margin = 120
    flat.thumbnail((width - 2 * margin, height - 2 * margin))
    page = Image.new("RGB", _A4_PX, "white")
    page.paste(flat, ((width - flat.width) // 2, (height - flat.height) // 2))
    out = io.BytesIO()
    page.save(out, format="PDF", resolution=_DPI)
    return out.getvalue()


def _reader(data: bytes) -> PdfReader:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise PyPdfError("encrypted")
    return reader


def _prepare(piece: _Piece, case: Case) -> None:
    item = piece.item
    if item.document is not None:
        piece.docx = documents.document_docx(item.document)
        return
    if item.record is not None:
        piece.docx = record_docx(item.record, case=case)
        return
    attachment = item.attachment
    if attachment is None:  # pragma: no cover - an item is one of the three
        piece.note = gettext("nothing to include")
        return
    try:
        with attachment.file.open("rb") as handle:
            data: bytes = handle.read()
    except (FileNotFoundError, ValueError, OSError):
        piece.note = gettext("the file is missing")
        return
    kind = attachment.content_type
    if kind == converter.PDF_CONTENT_TYPE:
        piece.pdf = data
    elif kind in _IMAGE_TYPES:
        try:
            piece.pdf = image_to_pdf(data)
        except (UnidentifiedImageError, OSError, ValueError):
            piece.note = gettext("the picture cannot be read")
    elif kind == _DOCX_TYPE:
        piece.docx = data
    else:
        piece.note = gettext("this kind of file cannot be put into the PDF")


def _count(piece: _Piece) -> None:
    if piece.pdf is None:
        piece.pages = 0
        return
    try:
        piece.pages = len(_reader(piece.pdf).pages)
    except (PyPdfError, ValueError, OSError):
        logger.warning("Case file: %s cannot be read as a PDF", piece.item.key)
        piece.pdf, piece.pages = None, 0
        piece.note = gettext("the PDF cannot be read (damaged or protected)")


def _page_range(first: int, count: int) -> str:
    return str(first) if count == 1 else f"{first}–{first + count - 1}"


def _toc(parts: list[FilePart], pieces: dict[str, _Piece], start: int | None) -> list[TocRow]:
    """The table's rows; ``start`` is the first page after the cover (``None`` for a draft,
    whose page numbers are placeholders as wide as the real ones)."""
    rows: list[TocRow] = []
    number = 0
    page = start or 0
    for fp in parts:
        if not fp.items:
            continue
        rows.append(TocRow(number="", title=str(fp.part.title), heading=True))
        for item in fp.items:
            number += 1
            piece = pieces[item.key]
            if piece.pages == 0:
                pages = gettext("not included: %(why)s") % {"why": piece.note}
            elif start is None:
                pages = "000–000"
            else:
                pages = _page_range(page, piece.pages)
            page += piece.pages
            rows.append(
                TocRow(
                    number=str(number),
                    title=item.title,
                    date=item.on.strftime("%d/%m/%Y") if item.on else "",
                    pages=pages,
                )
            )
    return rows


# --- page numbers ---------------------------------------------------------------------------


def _text_width(text: str, size: float) -> float:
    return sum(_WIDTHS.get(ch, 556) for ch in text) * size / 1000


def _number_overlay(page: PageObject, text: str) -> PageObject:
    box = page.mediabox
    left, bottom = float(box.left), float(box.bottom)
    width = float(box.width)
    size = 10.0
    text_width = _text_width(text, size)
    x = left + (width - text_width) / 2
    y = bottom + 16
    safe = text.encode("latin-1", "replace").decode("latin-1")
    safe = safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    content = (
        f"q 1 g {x - 4:.2f} {y - 4:.2f} {text_width + 8:.2f} {size + 6:.2f} re f "
        f"0 g BT /FDVSPage {size:.0f} Tf {x:.2f} {y:.2f} Td ({safe}) Tj ET Q"
    )
    overlay = PageObject.create_blank_page(width=left + width, height=bottom + float(box.height))
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    overlay[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/FDVSPage"): font})}
    )
    stream = ContentStream(None, None)
    stream.set_data(content.encode("latin-1"))
    overlay.replace_contents(stream)
    return overlay


def stamp_page_numbers(writer: PdfWriter) -> None:
    """Draw "Trang X/Y" at the foot of every page of ``writer``."""
    total = len(writer.pages)
    for index, page in enumerate(writer.pages, start=1):
        if page.get("/Rotate"):
            page.transfer_rotation_to_content()
        label = gettext("Page %(n)d/%(total)d") % {"n": index, "total": total}
        page.merge_page(_number_overlay(page, label))


# --- the whole file ---------------------------------------------------------------------------


def _cover_pdf(
    *, case: Case, parts: list[FilePart], pieces: dict[str, _Piece], closing: CaseFile | None,
    cover_pages: int,
) -> tuple[bytes, int]:  # fmt: skip
    """The final cover for a cover of ``cover_pages`` pages, made again if it came out longer
    or shorter (then every page number after it moves)."""
    body = sum(p.pages for p in pieces.values())
    cover = b""
    for _attempt in range(3):
        rows = _toc(parts, pieces, cover_pages + 1)
        cover = converter.docxs_to_pdfs(
            [cover_docx(case=case, rows=rows, total=cover_pages + body, closing=closing)]
        )[0]
        made = len(_reader(cover).pages)
        if made == cover_pages:
            break
        cover_pages = made
    return cover, cover_pages


def build_case_file_pdf(
    *, case: Case, parts: list[FilePart], closing: CaseFile | None = None
) -> bytes:
    """The case file as one PDF (see the module docstring). ``parts`` come from
    ``case_file.case_file_parts`` (which checked who reads them). Raises
    ``documents.pdf.PdfConversionError`` when LibreOffice cannot make the PDF, ``Http404`` or
    ``DocumentError`` when an issued document's stored file is missing or altered."""
    with translation.override(LANGUAGE):
        pieces: dict[str, _Piece] = {}
        for fp in parts:
            for item in fp.items:
                piece = _Piece(item=item)
                _prepare(piece, case)
                pieces[item.key] = piece
        to_convert = [p for p in pieces.values() if p.docx is not None]
        draft = cover_docx(case=case, rows=_toc(parts, pieces, None), total=0, closing=closing)
        converted = converter.docxs_to_pdfs([draft] + [p.docx or b"" for p in to_convert])
        for piece, made in zip(to_convert, converted[1:], strict=True):
            piece.pdf = made
        for piece in pieces.values():
            _count(piece)
        cover, _pages = _cover_pdf(
            case=case,
            parts=parts,
            pieces=pieces,
            closing=closing,
            cover_pages=len(_reader(converted[0]).pages),
        )
        writer = PdfWriter()
        writer.append(_reader(cover))
        for fp in parts:
            for item in fp.items:
                piece = pieces[item.key]
                if piece.pdf is not None and piece.pages:
                    writer.append(_reader(piece.pdf))
        stamp_page_numbers(writer)
        writer.add_metadata(
            {"/Title": gettext("Case file %(n)s") % {"n": case.number}, "/Producer": "Dân Vận Số"}
        )
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
