"""The checks every upload shares: active PDFs, encrypted or broken PDFs and ZIP bombs are
refused with a message in Vietnamese that says why; real documents pass. Every file here is
built for real (pypdf, python-docx, zipfile), none is a mock."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib

import pytest
from docx import Document
from openpyxl import Workbook
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from danvan.core.files import (
    MAX_ZIP_MEMBERS,
    MAX_ZIP_UNCOMPRESSED,
    pdf_refusal,
    safe_name,
    zip_holds,
    zip_refusal,
)

# --- PDFs -------------------------------------------------------------------------------------


def _writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _action(kind: str, **entries: object) -> DictionaryObject:
    action = DictionaryObject({NameObject("/Type"): NameObject("/Action")})
    action[NameObject("/S")] = NameObject(kind)
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = value  # type: ignore[assignment]
    return action


def _with_annotation(writer: PdfWriter, annotation: DictionaryObject) -> PdfWriter:
    annotation.update(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 100, 40)]),
        }
    )
    page = writer.pages[0]
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return writer


def test_a_plain_pdf_passes_even_with_a_link_and_an_open_at_page_one() -> None:
    writer = _writer()
    link = DictionaryObject(
        {
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/A"): _action("/URI", URI=TextStringObject("https://dichvucong.gov.vn")),
        }
    )
    _with_annotation(writer, link)
    writer._root_object[NameObject("/OpenAction")] = _action(
        "/GoTo", D=ArrayObject([writer.pages[0].indirect_reference, NameObject("/Fit")])
    )
    assert pdf_refusal(_bytes(writer), "don.pdf") is None


def test_a_pdf_with_document_javascript_is_refused_saying_so() -> None:
    writer = _writer()
    writer.add_open_action(JavaScript("app.alert('xin chao');"))
    refusal = pdf_refusal(_bytes(writer), "don.pdf")
    assert "don.pdf" in (refusal or "")
    assert "JavaScript" in (refusal or "")


def test_a_pdf_that_launches_a_program_when_opened_is_refused() -> None:
    writer = _writer()
    writer._root_object[NameObject("/OpenAction")] = _action(
        "/Launch", F=TextStringObject("cmd.exe")
    )
    refusal = pdf_refusal(_bytes(writer), "don.pdf")
    assert "thao tác tự động" in (refusal or "")


def test_a_launch_action_hidden_in_a_link_is_refused() -> None:
    writer = _with_annotation(
        _writer(),
        DictionaryObject(
            {
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/A"): _action("/Launch", F=TextStringObject("calc.exe")),
            }
        ),
    )
    refusal = pdf_refusal(_bytes(writer), "don.pdf")
    assert "khởi chạy chương trình" in (refusal or "")


def test_an_annotation_running_javascript_is_refused() -> None:
    writer = _with_annotation(
        _writer(),
        DictionaryObject(
            {
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/A"): _action("/JavaScript", JS=TextStringObject("this.print();")),
            }
        ),
    )
    refusal = pdf_refusal(_bytes(writer), "don.pdf")
    assert "JavaScript" in (refusal or "")


def test_a_page_with_additional_actions_is_refused() -> None:
    writer = _writer()
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): _action("/GoTo", D=ArrayObject([NumberObject(0)]))}
    )
    refusal = pdf_refusal(_bytes(writer), "don.pdf")
    assert "thao tác tự động" in (refusal or "")


def test_a_pdf_carrying_an_embedded_file_is_refused() -> None:
    writer = _writer()
    writer.add_attachment("bang-ke.exe", b"MZ\x90\x00")
    refusal = pdf_refusal(_bytes(writer), "don.pdf")
    assert "các tệp khác bên trong" in (refusal or "")


def test_a_pdf_with_rich_media_or_an_xfa_form_is_refused() -> None:
    media = _with_annotation(
        _writer(), DictionaryObject({NameObject("/Subtype"): NameObject("/RichMedia")})
    )
    refusal = pdf_refusal(_bytes(media), "phim.pdf")
    assert "đa phương tiện" in (refusal or "")

    xfa = _writer()
    stream = DecodedStreamObject()
    stream.set_data(b"<xdp:xdp/>")
    xfa._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): xfa._add_object(stream)}
    )
    refusal = pdf_refusal(_bytes(xfa), "mau.pdf")
    assert "XFA" in (refusal or "")


def test_an_encrypted_pdf_is_refused_clearly() -> None:
    writer = _writer()
    writer.encrypt(user_password="", owner_password="bimat", algorithm="RC4-128")
    refusal = pdf_refusal(_bytes(writer), "don.pdf")
    assert "mã hóa" in (refusal or "")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>",
        b"%PDF-1.4\n" + b"\x00\xff" * 500,
        b"%PDF-",
    ],
)
def test_a_pdf_pypdf_cannot_read_is_refused_not_an_error(data: bytes) -> None:
    refusal = pdf_refusal(data, "hong.pdf")
    assert "Không mở được" in (refusal or "")


# --- ZIP-based office files -------------------------------------------------------------------


def _docx() -> bytes:
    document = Document()
    document.add_paragraph("Kính gửi Ủy ban nhân dân phường Bến Nghé.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_real_docx_and_xlsx_pass() -> None:
    assert zip_refusal(_docx(), "don.docx") is None
    assert zip_holds(_docx(), "word/document.xml")
    book = Workbook()
    book.active.append(["Họ và tên", "Số tiền"])  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    assert zip_refusal(out.getvalue(), "bang.xlsx") is None


def _bomb(size: int) -> bytes:
    """A DOCX-looking ZIP whose one extra member is ``size`` zero bytes, streamed in so the
    200 MB never sit in memory; the archive itself is a few hundred kilobytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        chunk = bytes(1024 * 1024)
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_is_refused_from_its_directory_without_unpacking() -> None:
    bomb = _bomb(200 * 1024 * 1024)
    assert len(bomb) < 2 * 1024 * 1024  # under the upload limit: only the look inside stops it
    started = time.monotonic()
    refusal = zip_refusal(bomb, "don.docx")
    assert time.monotonic() - started < 1  # the directory said it all: nothing was unpacked
    assert "zip bomb" in (refusal or "")
    assert "100 MB" in (refusal or "")
    assert MAX_ZIP_UNCOMPRESSED == 100 * 1024 * 1024


def test_a_member_with_an_absurd_compression_ratio_is_refused() -> None:
    refusal = zip_refusal(_bomb(20 * 1024 * 1024), "don.docx")  # 20 MB in about 20 KB
    assert "100 lần" in (refusal or "")


def test_a_zip_with_too_many_members_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for i in range(MAX_ZIP_MEMBERS):
            archive.writestr(f"word/p{i}.xml", "")
    refusal = zip_refusal(out.getvalue(), "don.docx")
    assert "1000 thành phần" in (refusal or "")


@pytest.mark.parametrize("member", ["../../etc/cron.d/x", "/etc/passwd", "word\\..\\..\\x", "C:/x"])
def test_a_member_whose_name_climbs_out_is_refused(member: str) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr(zipfile.ZipInfo(member), "x")
    refusal = zip_refusal(out.getvalue(), "don.docx")
    assert "ra ngoài tài liệu" in (refusal or "")


def test_a_member_whose_header_lies_about_its_size_is_refused() -> None:
    """The central directory says 1 000 bytes; the member really inflates to 2 MB. Reading it
    stops at the declared size and the checksum (of the full 2 MB) does not match."""
    real = bytes(2 * 1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/big.xml", real)
    data = bytearray(out.getvalue())
    compressed = len(zlib.compress(real))  # about 2 KB, so the ratio alone says nothing
    assert compressed < 10_000
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = data.rfind(signature)  # the last header of each kind is word/big.xml's
        struct.pack_into("<I", data, start + offset, 1000)
    refusal = zip_refusal(bytes(data), "don.docx")
    assert "bị hỏng" in (refusal or "")


def test_junk_that_is_not_a_zip_is_refused() -> None:
    refusal = zip_refusal(b"PK\x03\x04" + b"\x00" * 100, "don.docx")
    assert "bị hỏng" in (refusal or "")


def test_a_stored_name_loses_invisible_and_direction_characters() -> None:
    """U+202E turns "don\u202efdp.exe" into what reads as "donexe.pdf"; NFD Vietnamese is
    composed, not stripped of its marks."""
    assert safe_name("don\u202egpj.exe", "pdf") == "dongpj.pdf"
    assert safe_name("đơn\u200b khiếu nại.pdf", "pdf") == "đơn khiếu nại.pdf"
    decomposed = "Nguye\u0302\u0303n Va\u0306n A.pdf"
    assert safe_name(decomposed, "pdf") == "Nguyễn Văn A.pdf"
