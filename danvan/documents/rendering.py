"""DOCX rendering in the state (NĐ 30/2020 Phụ lục I) and party (36-HD/VPTW) formats.

Pure layout: ``render_docx(layout)`` turns a fully resolved ``Layout`` (texts already substituted,
number and date lines already written) into DOCX bytes with python-docx. It reads nothing from
the database. DOMAIN.md §5 gives the rules followed here:

- A4 portrait, margins in mm, Times New Roman everywhere (the East Asian and complex-script font
  attributes as well, or Word substitutes another font for Vietnamese letters);
- the header is a borderless two-column table: the issuing body on the left (with a short drawn
  line under a state body, a ``*`` under a party body) and the number; on the right the national
  title and motto (state) or "ĐẢNG CỘNG SẢN VIỆT NAM" (party), each with a drawn line under it (a
  paragraph border, never an underline), then the italic place-and-date line;
- the type name (capitals, bold), the summary (bold), the body (justified, first-line indent
  1.27 cm, 6 pt after each paragraph);
- a bottom table: "Nơi nhận:" and the recipients on the left, the signature block on the right
  (the authority lines "TM." / "KT." / "TL." / "TUQ." — "T/M", "K/T", "T/L" in party documents —
  the position, the room for the signature and the seal, the full name); the table is kept on
  one page with the last paragraph of the body, and the document ends without an empty
  paragraph that could spill onto a page of its own;
- page numbers centred in the top margin from page 2 (a different, empty first-page header);
- punctuation tidied where a substituted value met the template's own: no ".." or ".;".
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from danvan.documents.templates import clean_text
from danvan.organizations.models import DocumentFormat

FONT: Final = "Times New Roman"
NATIONAL_TITLE: Final = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO: Final = "Độc lập - Tự do - Hạnh phúc"
PARTY_TITLE: Final = "ĐẢNG CỘNG SẢN VIỆT NAM"
RECIPIENTS_LABEL: Final = "Nơi nhận:"
A4_MM: Final = (210, 297)


@dataclass(frozen=True)
class Sizes:
    """Font sizes (pt) of one format."""

    parent_body: float
    issuing_body: float
    number: float
    header_title: float  # national title / party title
    motto: float
    date: float
    doc_title: float
    summary: float
    letter_summary: float  # "V/v ..." of a công văn
    body: float
    signer: float
    page_number: float
    recipients_label: float = 12
    recipients: float = 11


STATE_SIZES: Final = Sizes(
    parent_body=13,
    issuing_body=13,
    number=13,
    header_title=12,
    motto=13,
    date=14,
    doc_title=14,
    summary=14,
    letter_summary=12,
    body=14,
    signer=14,
    page_number=14,
)
PARTY_SIZES: Final = Sizes(
    parent_body=14,
    issuing_body=14,
    number=14,
    header_title=15,
    motto=15,
    date=14,
    doc_title=16,
    summary=15,
    letter_summary=12,
    body=14,
    signer=14,
    page_number=14,
)

#: Header columns (left, right) in mm, within the 165 mm text width of the default margins.
_STATE_COLUMNS_MM: Final = (65.0, 100.0)
_PARTY_COLUMNS_MM: Final = (75.0, 90.0)
#: Drawn lines: under a state issuing body (about 1/3 of its column), under the motto and under
#: the party title (about the length of the text).
_BODY_RULE_MM: Final = 22.0
_MOTTO_RULE_MM: Final = 62.0
_PARTY_RULE_MM: Final = 74.0

_ARTICLE_RE: Final = re.compile(r"^(Điều \d+[a-z]?\.)(.*)$")
#: A full stop doubled where a value ending in "." met the template's "." (never an ellipsis),
#: and a full stop before ";" or ",".
_DOUBLE_STOP_RE: Final = re.compile(r"(?<![.…])\.[ \t]*\.(?![.…])")
_STOP_BEFORE_MARK_RE: Final = re.compile(r"(?<![.…])\.[ \t]*([;,])")


def tidy_punctuation(text: str) -> str:
    """``text`` without the doubled full stops that substituting values leaves ("dân..",
    "dân. .", "dân.;" → "dân.", "dân.", "dân;"). An ellipsis ("...", "…") and the closing "./."
    stay as they are."""
    previous = None
    while previous != text:
        previous = text
        text = _DOUBLE_STOP_RE.sub(".", text)
        text = _STOP_BEFORE_MARK_RE.sub(r"\1", text)
    return text


#: The prefixes of the authority line: state documents write them with a dot (Phụ lục I §II.7),
#: party documents with a slash (36-HD/VPTW: T/M, K/T, T/L).
_PREFIXES: Final = {
    DocumentFormat.ND30: {
        "collective": "TM.",
        "deputy": "KT.",
        "by_order": "TL.",
        "authorised": "TUQ.",
    },
    DocumentFormat.HD36: {
        "collective": "T/M",
        "deputy": "K/T",
        "by_order": "T/L",
        "authorised": "T/L",
    },
}


def authority_lines(
    fmt: DocumentFormat,
    *,
    deputy: bool = False,
    collective: str = "",
    head_title: str = "",
    by_order: bool = False,
    authorised: bool = False,
) -> list[str]:
    """The authority lines printed above the signer's position, in capitals: "TM. ỦY BAN NHÂN
    DÂN" for a collective body, then "KT. CHỦ TỊCH" when a deputy signs for the head (or "TL." /
    "TUQ." and the head's title when a staff member signs by order or by authorisation)."""
    prefixes = _PREFIXES[DocumentFormat(fmt)]
    lines = []
    if collective:
        lines.append(f"{prefixes['collective']} {collective}")
    head = " ".join(head_title.split()).upper()
    if head:
        if deputy:
            lines.append(f"{prefixes['deputy']} {head}")
        elif authorised:
            lines.append(f"{prefixes['authorised']} {head}")
        elif by_order:
            lines.append(f"{prefixes['by_order']} {head}")
    return [line.upper() for line in lines]


@dataclass(frozen=True)
class Signer:
    """Who signs: ``authority`` (e.g. "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", or both on two
    lines), ``position`` (e.g. "PHÓ CHỦ TỊCH"), ``name`` (the full name, without academic titles:
    NĐ 30/2020 Phụ lục I §II.7)."""

    position: str
    name: str
    authority: str = ""


@dataclass(frozen=True)
class Layout:
    """Everything printed on a document, resolved."""

    fmt: DocumentFormat
    parent_body: str
    issuing_body: str
    number_line: str
    date_line: str
    title: str
    summary: str
    body: str
    recipients: Sequence[str]
    signer: Signer
    margins_mm: tuple[int, int, int, int] = (20, 20, 30, 15)
    letter_like: bool = False  # công văn: no type name, "V/v ..." under the number
    core_title: str = field(default="")
    #: A4 landscape, for a report whose tables are wide (a register book).
    landscape: bool = False

    @property
    def page_mm(self) -> tuple[int, int]:
        return (A4_MM[1], A4_MM[0]) if self.landscape else A4_MM

    @property
    def text_width_mm(self) -> float:
        return float(self.page_mm[0] - self.margins_mm[2] - self.margins_mm[3])

    def columns(self, widths_mm: tuple[float, float]) -> tuple[float, float]:
        """Column widths given for the 165 mm of the default margins, scaled to these."""
        scale = self.text_width_mm / 165
        return widths_mm[0] * scale, widths_mm[1] * scale

    @property
    def sizes(self) -> Sizes:
        return PARTY_SIZES if self.fmt == DocumentFormat.HD36 else STATE_SIZES


def format_recipients(lines: Sequence[str], archive_line: str = "Lưu: VT") -> list[str]:
    """``["- A;", "- B;", "- Lưu: VT."]``: one dash per line, ";" between, "." at the end, the
    archive line last (added when missing)."""
    items = [
        tidy_punctuation(clean_text(line)).strip().lstrip("-–•").strip().rstrip(";.,")
        for line in lines
    ]
    items = [item for item in items if item]
    if archive_line and not any(item.lower().startswith("lưu") for item in items):
        items.append(tidy_punctuation(archive_line).strip().rstrip(";."))
    return [f"- {item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]


# --- low-level helpers -----------------------------------------------------------------------


def _font_for_all_scripts(r_pr: Any) -> None:
    """``FONT`` for Latin, East Asian and complex scripts alike (``w:rFonts`` of ``r_pr``)."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _set_fonts(run: Run, size: float, *, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _font_for_all_scripts(run._element.get_or_add_rPr())


def _text(
    paragraph: Paragraph, text: str, size: float, *, bold: bool = False, italic: bool = False
) -> Run:
    run = paragraph.add_run(clean_text(text))
    _set_fonts(run, size, bold=bold, italic=italic)
    return run


def _tight(paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER) -> None:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.first_line_indent = Pt(0)


def _cell_paragraph(cell: _Cell, *, first: list[bool]) -> Paragraph:
    """The cell's first (empty) paragraph the first time, a new one afterwards."""
    if first[0]:
        first[0] = False
        paragraph: Paragraph = cell.paragraphs[0]
    else:
        paragraph = cell.add_paragraph()
    _tight(paragraph)
    return paragraph


def _rule(paragraph: Paragraph, cell_width_mm: float, rule_mm: float) -> None:
    """Make ``paragraph`` a drawn horizontal line of about ``rule_mm``, centred in its cell: an
    empty, tiny paragraph with a bottom border, narrowed by equal indents."""
    indent = max((cell_width_mm - rule_mm) / 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Mm(indent)
    fmt.right_indent = Mm(indent)
    run = paragraph.add_run("")
    _set_fonts(run, 2)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")  # eighths of a point: a 0.75 pt line
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    p_pr.append(borders)
    # A tiny exact line height keeps the rule right under the text above it.
    fmt.line_spacing = Pt(3)


def _no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _two_columns(document: object, widths_mm: tuple[float, float]) -> tuple[_Cell, _Cell]:
    table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(widths_mm[0]), Mm(widths_mm[1])
    return left, right


def _page_number_field(paragraph: Paragraph, size: float) -> None:
    """A PAGE field (begin, instruction, separate, placeholder result, end)."""
    for kind, instruction in (("begin", None), (None, " PAGE "), ("separate", None)):
        run = paragraph.add_run()
        _set_fonts(run, size)
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = instruction
            run._element.append(instr)
    _text(paragraph, "2", size)
    end = paragraph.add_run()
    _set_fonts(end, size)
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._element.append(char)


# --- the document ----------------------------------------------------------------------------


def _setup(document: object, layout: Layout) -> None:
    section = document.sections[0]  # type: ignore[attr-defined]
    section.orientation = WD_ORIENT.LANDSCAPE if layout.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(layout.page_mm[0]), Mm(layout.page_mm[1])
    top, bottom, left, right = layout.margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)

    normal = document.styles["Normal"]  # type: ignore[attr-defined]
    normal.font.name = FONT
    normal.font.size = Pt(layout.sizes.body)
    _font_for_all_scripts(normal.element.get_or_add_rPr())

    # Page numbers from page 2: the first page has its own, empty header.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    _tight(section.first_page_header.paragraphs[0])
    section.header.is_linked_to_previous = False
    number = section.header.paragraphs[0]
    _tight(number)
    _page_number_field(number, layout.sizes.page_number)

    props = document.core_properties  # type: ignore[attr-defined]
    props.author = clean_text(layout.issuing_body)[:255]
    props.last_modified_by = props.author
    props.title = clean_text(layout.core_title)[:255]
    props.comments = ""
    props.keywords = ""
    props.subject = ""


def _header(document: object, layout: Layout) -> None:
    s = layout.sizes
    party = layout.fmt == DocumentFormat.HD36
    widths = layout.columns(_PARTY_COLUMNS_MM if party else _STATE_COLUMNS_MM)
    left, right = _two_columns(document, widths)

    first = [True]
    if layout.parent_body:
        _text(_cell_paragraph(left, first=first), layout.parent_body.upper(), s.parent_body)
    _text(
        _cell_paragraph(left, first=first), layout.issuing_body.upper(), s.issuing_body, bold=True
    )
    if party:
        _text(_cell_paragraph(left, first=first), "*", s.issuing_body)
    else:
        _rule(_cell_paragraph(left, first=first), widths[0], _BODY_RULE_MM)
        left.add_paragraph()  # breathing space before the number
        _tight(left.paragraphs[-1])
    _text(_cell_paragraph(left, first=first), layout.number_line, s.number)
    if layout.letter_like and layout.summary:
        paragraph = _cell_paragraph(left, first=first)
        paragraph.paragraph_format.space_before = Pt(3)
        _text(paragraph, tidy_punctuation(layout.summary), s.letter_summary, italic=party)

    first = [True]
    if party:
        _text(_cell_paragraph(right, first=first), PARTY_TITLE, s.header_title, bold=True)
        _rule(_cell_paragraph(right, first=first), widths[1], _PARTY_RULE_MM)
    else:
        _text(_cell_paragraph(right, first=first), NATIONAL_TITLE, s.header_title, bold=True)
        _text(_cell_paragraph(right, first=first), NATIONAL_MOTTO, s.motto, bold=True)
        _rule(_cell_paragraph(right, first=first), widths[1], _MOTTO_RULE_MM)
    date = _cell_paragraph(right, first=first)
    date.paragraph_format.space_before = Pt(12 if party else 6)
    _text(date, layout.date_line, s.date, italic=True)


def _body(document: object, layout: Layout) -> None:
    s = layout.sizes
    if not layout.letter_like:
        if layout.title:
            title = document.add_paragraph()  # type: ignore[attr-defined]
            _tight(title)
            title.paragraph_format.space_before = Pt(18)
            _text(title, layout.title.upper(), s.doc_title, bold=True)
        if layout.summary:
            summary = document.add_paragraph()  # type: ignore[attr-defined]
            _tight(summary)
            summary.paragraph_format.space_before = Pt(0 if layout.title else 18)
            _text(summary, tidy_punctuation(layout.summary), s.summary, bold=True)
            if layout.fmt == DocumentFormat.ND30:
                # A short drawn line under the summary (1/3 to 1/2 of its length).
                _rule(document.add_paragraph(), layout.text_width_mm, 40)  # type: ignore[attr-defined]
    spacer = document.add_paragraph()  # type: ignore[attr-defined]
    _tight(spacer)
    spacer.paragraph_format.space_after = Pt(6)

    lines = [line.strip() for line in tidy_punctuation(layout.body).splitlines()]
    lines = [line for line in lines if line]
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph()  # type: ignore[attr-defined]
        # The last paragraph goes onto the page of the signature block, never the block alone.
        paragraph.paragraph_format.keep_with_next = index == len(lines) - 1
        fmt = paragraph.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(6)
        fmt.line_spacing = 1.15
        letters = [ch for ch in line if ch.isalpha()]
        if letters and line == line.upper():
            # A line in capitals (the issuing authority, "QUYẾT ĐỊNH:") is centred and bold.
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _text(paragraph, line, s.body, bold=True)
            continue
        if line.startswith("Kính gửi"):
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _text(paragraph, line, s.body)
            continue
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(1.27)
        article = _ARTICLE_RE.match(line)
        if article:
            _text(paragraph, article.group(1), s.body, bold=True)
            _text(paragraph, article.group(2), s.body)
        else:
            # The grounds of a decision ("Căn cứ ...") are italic (NĐ 30/2020 Phụ lục I).
            _text(paragraph, line, s.body, italic=line.startswith("Căn cứ"))


def _keep_together(table: Table) -> None:
    """The rows of ``table`` are not split across pages, and every paragraph in it keeps with
    the next: Word and LibreOffice move the whole block to the next page rather than leave the
    last recipient line or the signer's name alone on one."""
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        tr_pr.append(cant_split)
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
                paragraph.paragraph_format.keep_together = True


def _footer_block(document: object, layout: Layout) -> None:
    s = layout.sizes
    left, right = _two_columns(document, layout.columns((80.0, 85.0)))

    first = [True]
    label = _cell_paragraph(left, first=first)
    label.alignment = WD_ALIGN_PARAGRAPH.LEFT
    label.paragraph_format.space_before = Pt(6)
    _text(label, RECIPIENTS_LABEL, s.recipients_label, bold=True, italic=True)
    for line in layout.recipients:
        paragraph = _cell_paragraph(left, first=first)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _text(paragraph, tidy_punctuation(line), s.recipients)

    first = [True]
    signer = layout.signer
    authority = [line.strip() for line in signer.authority.splitlines() if line.strip()]
    for index, line in enumerate(authority):
        paragraph = _cell_paragraph(right, first=first)
        if index == 0:
            # Level with "Nơi nhận:" (Phụ lục I §II.9).
            paragraph.paragraph_format.space_before = Pt(6)
        _text(paragraph, line.upper(), s.signer, bold=True)
    if signer.position:
        paragraph = _cell_paragraph(right, first=first)
        if not authority:
            paragraph.paragraph_format.space_before = Pt(6)
        _text(paragraph, signer.position.upper(), s.signer, bold=True)
    for _ in range(4):  # room for the signature and the seal
        _cell_paragraph(right, first=first)
        _text(right.paragraphs[-1], "", s.signer)
    _text(_cell_paragraph(right, first=first), " ".join(signer.name.split()), s.signer, bold=True)
    _keep_together(left._parent)  # type: ignore[arg-type]  # the cell's table


def _end_of_document(document: object) -> None:
    """A DOCX body cannot end with a table: the paragraph that must follow it is made a hairline
    (1 pt, exact line height, no spacing), so that it never fills a page of its own."""
    last = document.add_paragraph()  # type: ignore[attr-defined]
    _tight(last)
    last.paragraph_format.line_spacing = Pt(1)
    run = last.add_run("")
    _set_fonts(run, 1)
    mark = last._p.get_or_add_pPr()
    r_pr = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    r_pr.append(size)
    mark.append(r_pr)


@dataclass(frozen=True)
class DataTable:
    """A table of figures or rows printed after the body of a report: a caption, the column
    headings and the rows (texts already formatted), with optional widths in mm."""

    caption: str
    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths_mm: Sequence[float] = ()
    size: float = 11


def _grid_cell(cell: _Cell, text: str, size: float, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    _tight(paragraph, WD_ALIGN_PARAGRAPH.CENTER if bold else WD_ALIGN_PARAGRAPH.LEFT)
    _text(paragraph, text, size, bold=bold)


def _data_tables(document: object, layout: Layout, tables: Sequence[DataTable]) -> None:
    for data in tables:
        caption = document.add_paragraph()  # type: ignore[attr-defined]
        _tight(caption)
        caption.paragraph_format.space_before = Pt(12)
        caption.paragraph_format.space_after = Pt(6)
        caption.paragraph_format.keep_with_next = True
        _text(caption, data.caption, layout.sizes.body, bold=True)
        table = document.add_table(rows=1 + len(data.rows), cols=len(data.header))  # type: ignore[attr-defined]
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, heading in zip(table.rows[0].cells, data.header, strict=True):
            _grid_cell(cell, heading, data.size, bold=True)
        # The heading row repeats on every page the table runs onto.
        header_pr = table.rows[0]._tr.get_or_add_trPr()
        header_pr.append(OxmlElement("w:tblHeader"))
        for row, values in zip(table.rows[1:], data.rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                _grid_cell(cell, value, data.size)
        if data.widths_mm:
            scale = layout.text_width_mm / max(sum(data.widths_mm), 1)
            for column, width in zip(table.columns, data.widths_mm, strict=False):
                for cell in column.cells:
                    cell.width = Mm(width * scale)


def render_docx(layout: Layout, tables: Sequence[DataTable] = ()) -> bytes:
    """The DOCX file of ``layout``, with ``tables`` (a report's) after its body."""
    document = Document()
    _setup(document, layout)
    _header(document, layout)
    _body(document, layout)
    _data_tables(document, layout, tables)
    _footer_block(document, layout)
    _end_of_document(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def replace_header_lines(content: bytes, replacements: dict[str, str]) -> bytes:
    """The DOCX ``content`` with whole header lines replaced (the draft's blank number and date
    lines by the issued ones), their formatting kept. Raises ``ValueError`` when a line to
    replace is not found."""
    document = Document(io.BytesIO(content))
    pending = dict(replacements)
    for table in document.tables[:1]:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    text = paragraph.text
                    if text in pending and paragraph.runs:
                        paragraph.runs[0].text = pending.pop(text)
                        for run in paragraph.runs[1:]:
                            run.text = ""
    if pending:
        raise ValueError(f"Lines not found in the document: {sorted(pending)}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
