"""The generated files, opened with python-docx: header, number, date line, recipients, signature
block, fonts and sizes, A4 and margins, drawn lines and page numbers (DOMAIN.md §5)."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
import time_machine
from docx.oxml.ns import qn

from danvan.documents import services, testing
from danvan.documents.models import IssuerProfile
from danvan.documents.rendering import NATIONAL_MOTTO, NATIONAL_TITLE, PARTY_TITLE
from danvan.documents.tests.conftest import NOTICE_CONTEXT

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC)


def _open(document):
    with document.file.open("rb") as handle:
        return docx.Document(io.BytesIO(handle.read()))


def _paragraphs(cell):
    return [p for p in cell.paragraphs if p.text.strip()]


def _the_run(paragraph):
    runs = [r for r in paragraph.runs if r.text.strip()]
    assert runs, paragraph.text
    return runs[0]


def _assert_font(run, size, *, bold=None, italic=None):
    assert run.font.name == "Times New Roman"
    fonts = run._element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert fonts.get(qn("w:hAnsi")) == "Times New Roman"
    assert run.font.size.pt == size, run.text
    if bold is not None:
        assert bool(run.font.bold) is bold, run.text
    if italic is not None:
        assert bool(run.font.italic) is italic, run.text


def _has_drawn_line(cell):
    return any(
        p._p.pPr is not None
        and p._p.pPr.find(qn("w:pBdr")) is not None
        and p._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None
        for p in cell.paragraphs
    )


def _instructions(part):
    return "".join(el.text or "" for el in part._element.iter(qn("w:instrText")))


def _assert_page(document, margins):
    section = document.sections[0]
    assert section.page_width.mm == pytest.approx(210, abs=0.5)
    assert section.page_height.mm == pytest.approx(297, abs=0.5)
    assert section.page_width < section.page_height  # portrait
    top, bottom, left, right = margins
    assert section.top_margin.mm == pytest.approx(top, abs=0.5)
    assert section.bottom_margin.mm == pytest.approx(bottom, abs=0.5)
    assert section.left_margin.mm == pytest.approx(left, abs=0.5)
    assert section.right_margin.mm == pytest.approx(right, abs=0.5)
    # Page numbers from page 2: a different first-page header without a PAGE field.
    assert section.different_first_page_header_footer
    assert "PAGE" not in _instructions(section.first_page_header)
    assert not section.first_page_header.paragraphs[0].text.strip()
    assert "PAGE" in _instructions(section.header)
    number = section.header.paragraphs[0]
    assert number.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER


def _assert_footer(document, signer_lines, name, archive="- Lưu: VT."):
    table = document.tables[-1]
    left, right = table.rows[0].cells
    label, *recipients = _paragraphs(left)
    assert label.text == "Nơi nhận:"
    _assert_font(_the_run(label), 12, bold=True, italic=True)
    assert recipients[-1].text == archive
    for paragraph in recipients:
        _assert_font(_the_run(paragraph), 11)
    block = _paragraphs(right)
    assert [p.text for p in block] == [*signer_lines, name]
    for paragraph in block:
        _assert_font(_the_run(paragraph), 14, bold=True)
    assert len(right.paragraphs) >= len(block) + 3  # room for the signature


@time_machine.travel(TODAY, tick=False)
def test_a_state_notice(state_unit, officer):
    doc = testing.issue_now(
        unit=state_unit,
        template_key="documents_tests.notice",
        context=NOTICE_CONTEXT,
        actor=officer,
    )
    document = _open(doc)
    _assert_page(document, (20, 20, 30, 15))

    header = document.tables[0]
    left, right = header.rows[0].cells
    assert header._tbl.tblPr.find(qn("w:tblBorders")) is not None  # borders switched off
    parent, body, number = _paragraphs(left)
    assert parent.text == "UBND THÀNH PHỐ HÀ NỘI"
    _assert_font(_the_run(parent), 13, bold=False)
    assert body.text == "VĂN PHÒNG"
    _assert_font(_the_run(body), 13, bold=True)
    assert _has_drawn_line(left)
    assert number.text == "Số: 01/TB-VP"
    _assert_font(_the_run(number), 13)

    title, motto, date = _paragraphs(right)
    assert title.text == NATIONAL_TITLE == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    _assert_font(_the_run(title), 12, bold=True)
    assert motto.text == NATIONAL_MOTTO == "Độc lập - Tự do - Hạnh phúc"
    _assert_font(_the_run(motto), 13, bold=True)
    assert _has_drawn_line(right)
    for paragraph in right.paragraphs:  # the line is drawn, not an underline
        assert not any(r.font.underline for r in paragraph.runs)
    assert date.text == "Hà Nội, ngày 05 tháng 02 năm 2026"
    _assert_font(_the_run(date), 14, italic=True)

    body_paragraphs = [p for p in document.paragraphs if p.text.strip()]
    doc_title, summary, *content = body_paragraphs
    assert doc_title.text == "THÔNG BÁO"
    _assert_font(_the_run(doc_title), 14, bold=True)
    assert summary.text == "Về việc thụ lý giải quyết khiếu nại"
    _assert_font(_the_run(summary), 14, bold=True)
    text = [p.text for p in content]
    assert "Kính gửi: Ông Lê Văn Cúc" in text
    paragraph = next(p for p in content if p.text.startswith("Ngày 02/02/2026"))
    assert "Văn phòng Ủy ban nhân dân thành phố Hà Nội nhận được đơn khiếu nại" in paragraph.text
    assert paragraph.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert paragraph.paragraph_format.first_line_indent.cm == pytest.approx(1.27, abs=0.01)
    assert paragraph.paragraph_format.space_after.pt >= 6
    _assert_font(_the_run(paragraph), 14)

    # The archive line names the drafting unit (NĐ 30/2020 Phụ lục I §II.9).
    _assert_footer(
        document,
        ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"],
        "Nguyễn Thị Lan Anh",
        archive="- Lưu: VT, TCD.",
    )
    recipients = [p.text for p in _paragraphs(document.tables[-1].rows[0].cells[0])]
    assert recipients == [
        "Nơi nhận:",
        "- Ông Lê Văn Cúc;",
        "- Thanh tra thành phố;",
        "- Lưu: VT, TCD.",
    ]


@time_machine.travel(TODAY, tick=False)
def test_a_party_notice(party_tree, superuser):
    doc = testing.issue_now(
        unit=party_tree["board"],
        template_key="documents_tests.notice",
        context=NOTICE_CONTEXT,
        actor=superuser,
        recipients=["Ban Thường vụ Thành ủy", "Các đảng ủy trực thuộc"],
    )
    document = _open(doc)
    _assert_page(document, (20, 20, 30, 15))
    left, right = document.tables[0].rows[0].cells
    parent, body, star, number = _paragraphs(left)
    assert parent.text == "THÀNH ỦY HÀ NỘI"
    _assert_font(_the_run(parent), 14, bold=False)
    assert body.text == "BAN TUYÊN GIÁO VÀ DÂN VẬN"
    _assert_font(_the_run(body), 14, bold=True)
    assert star.text == "*"
    assert number.text == "Số 01-TB/BTGDVTU"
    _assert_font(_the_run(number), 14, bold=False)

    title, date = _paragraphs(right)
    assert title.text == PARTY_TITLE == "ĐẢNG CỘNG SẢN VIỆT NAM"
    _assert_font(_the_run(title), 15, bold=True)
    assert _has_drawn_line(right)
    assert NATIONAL_TITLE not in "".join(p.text for p in right.paragraphs)
    assert date.text == "Hà Nội, ngày 05 tháng 02 năm 2026"
    _assert_font(_the_run(date), 14, italic=True)

    doc_title = next(p for p in document.paragraphs if p.text == "THÔNG BÁO")
    _assert_font(_the_run(doc_title), 16, bold=True)
    _assert_footer(document, ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "Hoàng Thị Giang")
    recipients = [p.text for p in _paragraphs(document.tables[-1].rows[0].cells[0])]
    assert recipients == [
        "Nơi nhận:",
        "- Ban Thường vụ Thành ủy;",
        "- Các đảng ủy trực thuộc;",
        "- Lưu: VT.",
    ]


@time_machine.travel(TODAY, tick=False)
def test_a_state_official_letter_has_its_summary_under_the_number(state_unit, officer):
    doc = testing.issue_now(
        unit=state_unit,
        template_key="documents_tests.letter",
        context={"recipient": "Bà Vũ Thị Hoa", "answer": "Nội dung trả lời.\nĐoạn thứ hai."},
        actor=officer,
    )
    document = _open(doc)
    left = document.tables[0].rows[0].cells[0]
    texts = [p.text for p in _paragraphs(left)]
    assert texts[-2:] == ["Số: 01/VP-TCD", "V/v trả lời kiến nghị"]
    _assert_font(_the_run(_paragraphs(left)[-1]), 12)
    body = [p.text for p in document.paragraphs if p.text.strip()]
    assert "THÔNG BÁO" not in body
    assert body[:3] == ["Kính gửi: Bà Vũ Thị Hoa", "Nội dung trả lời.", "Đoạn thứ hai."]


@time_machine.travel(TODAY, tick=False)
def test_a_decision_prints_its_authority_grounds_and_articles(state_unit, officer):
    IssuerProfile.objects.filter(unit=state_unit).update(
        issuing_authority="CHÁNH VĂN PHÒNG ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    )
    doc = testing.issue_now(
        unit=state_unit,
        template_key="documents_tests.decision",
        context={"case_number": "12/2026", "legal_basis": "Luật Tố cáo năm 2018"},
        actor=officer,
    )
    assert doc.symbol == "01/QĐ-VP"
    paragraphs = {p.text: p for p in _open(doc).paragraphs if p.text.strip()}
    authority = paragraphs["CHÁNH VĂN PHÒNG ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"]
    assert authority.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    _assert_font(_the_run(authority), 14, bold=True)
    _assert_font(_the_run(paragraphs["Căn cứ Luật Tố cáo năm 2018;"]), 14, italic=True)
    article = paragraphs["Điều 1. Đình chỉ việc giải quyết vụ việc số 12/2026./."]
    assert article.runs[0].text == "Điều 1."
    assert article.runs[0].font.bold


@time_machine.travel(TODAY, tick=False)
def test_margins_and_party_dates_follow_the_profile(party_tree, superuser):
    IssuerProfile.objects.filter(unit=party_tree["committee"]).update(
        margin_top_mm=25, margin_bottom_mm=25, margin_left_mm=35, party_date_zero_pad=False
    )
    doc = testing.issue_now(
        unit=party_tree["committee"],
        template_key="documents_tests.notice",
        context=NOTICE_CONTEXT,
        actor=superuser,
    )
    document = _open(doc)
    _assert_page(document, (25, 25, 35, 15))
    right = document.tables[0].rows[0].cells[1]
    assert _paragraphs(right)[-1].text == "Hà Nội, ngày 5 tháng 2 năm 2026"


@time_machine.travel(TODAY, tick=False)
def test_a_unit_without_a_profile_gets_sensible_fallbacks(officer, state_unit):
    from danvan.organizations.tests.factories import UnitFactory, UnitLinkFactory

    inspectorate = UnitFactory(
        name="Thanh tra thành phố Hà Nội",
        short_name="TTr",
        kind="inspectorate",
        province=state_unit.province,
    )
    UnitLinkFactory(parent=UnitFactory(name="Ủy ban nhân dân thành phố Hà Nội"), child=inspectorate)
    content = services.document_preview(
        unit=inspectorate, template_key="documents_tests.notice", context=NOTICE_CONTEXT
    )
    document = docx.Document(io.BytesIO(content))
    left, right = document.tables[0].rows[0].cells
    texts = [p.text for p in _paragraphs(left)]
    assert texts[0] == "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"
    assert texts[1] == "THANH TRA THÀNH PHỐ HÀ NỘI"
    assert texts[-1].replace(" ", "") == "Số:/TB-TTr"  # a preview: no number yet
    assert _paragraphs(right)[-1].text == "Hà Nội, ngày 05 tháng 02 năm 2026"


def test_the_file_carries_no_tool_name_in_its_properties(state_unit, officer):
    content = services.document_preview(
        unit=state_unit, template_key="documents_tests.notice", context=NOTICE_CONTEXT
    )
    props = docx.Document(io.BytesIO(content)).core_properties
    assert props.author == "VĂN PHÒNG"
    assert "python-docx" not in (props.author + props.last_modified_by + props.comments)
