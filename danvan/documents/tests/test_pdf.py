"""PDF copies of documents: the converter (real LibreOffice), its failures, and the register's
PDF download (the same view and permission checks as the DOCX one)."""

from __future__ import annotations

import datetime as dt
import threading
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from django.urls import reverse

from danvan.core.models import AuditEntry
from danvan.documents import pdf, services, testing
from danvan.documents.rendering import NATIONAL_MOTTO, NATIONAL_TITLE, PARTY_TITLE
from danvan.documents.tests.conftest import NOTICE_CONTEXT
from danvan.documents.tests.pdf_support import assert_a4_with_embedded_serif_fonts, read_pdf
from danvan.documents.types import FileFormat
from danvan.organizations.roles import Role
from danvan.organizations.tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC)
#: Letters of every Vietnamese tone on every vowel, and đ/Đ: none may lose its glyph.
ALL_LETTERS = (
    "àáảãạ ăằắẳẵặ âầấẩẫậ èéẻẽẹ êềếểễệ ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ ùúủũụ ưừứửữự ỳýỷỹỵ đ "
    "ÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ ÈÉẺẼẸ ÊỀẾỂỄỆ ÌÍỈĨỊ ÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ ÙÚỦŨỤ ƯỪỨỬỮỰ ỲÝỶỸỴ Đ"
)


@pytest.fixture
def issue(superuser):
    def issue(unit, template_key="documents_tests.notice", context=NOTICE_CONTEXT, **kwargs):
        with time_machine.travel(TODAY, tick=False):
            return testing.issue_now(
                unit=unit, template_key=template_key, context=context, actor=superuser, **kwargs
            )

    return issue


@pytest.mark.pdf
def test_a_state_notice_becomes_an_a4_pdf_with_its_vietnamese_text_intact(state_unit, issue):
    context = {**NOTICE_CONTEXT, "recipient": f"Ông Lê Văn Cúc ({ALL_LETTERS})"}
    document = issue(state_unit, context=context)
    content = services.document_pdf(document)
    assert content.startswith(b"%PDF-")
    facts = read_pdf(content)
    assert unicodedata.is_normalized("NFC", facts.text)
    assert not facts.contains(
        "UBND THÀNH PHỐ HÀ NỘI",
        "VĂN PHÒNG",
        NATIONAL_TITLE,
        NATIONAL_MOTTO,
        "Số: 01/TB-VP",
        "Hà Nội, ngày 05 tháng 02 năm 2026",
        "THÔNG BÁO",
        "Về việc thụ lý giải quyết khiếu nại",
        "Kính gửi: Ông Lê Văn Cúc",
        "Vụ việc số 12/2026 được thụ lý theo Điều 27 Luật Khiếu nại năm 2011./.",
        "Nơi nhận:",
        "- Thanh tra thành phố;",
        "- Lưu: VT, TCD.",
        "KT. CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
        "Nguyễn Thị Lan Anh",
    ), facts.text
    # Every accented letter survived, one by one (no box, no fallback).
    assert not facts.contains(*ALL_LETTERS.split()), facts.text
    assert PARTY_TITLE not in facts.text
    assert_a4_with_embedded_serif_fonts(facts)


@pytest.mark.pdf
def test_a_party_document_keeps_the_36_hd_vptw_header(party_tree, issue):
    document = issue(party_tree["board"])
    facts = read_pdf(services.document_pdf(document))
    assert not facts.contains(
        "THÀNH ỦY HÀ NỘI",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN",
        "*",
        PARTY_TITLE,
        "Số 01-TB/BTGDVTU",
        "Về việc thụ lý giải quyết khiếu nại",
        "K/T TRƯỞNG BAN",
        "Hoàng Thị Giang",
    ), facts.text
    assert NATIONAL_TITLE not in facts.text
    assert NATIONAL_MOTTO not in facts.text
    assert_a4_with_embedded_serif_fonts(facts)


@pytest.mark.pdf
def test_a_long_document_numbers_its_second_page(state_unit, issue):
    long_answer = "\n".join(
        f"Đoạn {n}: ý kiến trả lời về việc cấp giấy chứng nhận quyền sử dụng đất ở phường." * 4
        for n in range(1, 30)
    )
    document = issue(
        state_unit,
        template_key="documents_tests.letter",
        context={"recipient": "Bà Trần Thị Mơ", "answer": long_answer},
    )
    facts = read_pdf(services.document_pdf(document))
    assert len(facts.pages_mm) >= 2
    assert not facts.contains("V/v trả lời kiến nghị", "Đoạn 29:")
    assert_a4_with_embedded_serif_fonts(facts)


@pytest.mark.pdf
def test_conversions_at_the_same_time_do_not_collide(state_unit, party_tree, issue):
    documents = [issue(state_unit), issue(party_tree["committee"]), issue(state_unit)]
    contents = [services._stored_docx(d) for d in documents]
    pdf.forget_profiles()  # every thread starts LibreOffice with a fresh profile of its own
    results: dict[int, bytes | Exception] = {}

    def convert(index: int) -> None:
        try:
            results[index] = pdf.docx_to_pdf(contents[index])
        except Exception as exc:  # reported by the assertion below
            results[index] = exc

    threads = [threading.Thread(target=convert, args=(i,)) for i in range(len(contents))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(r, bytes) for r in results.values()), results
    assert "01/TB-VP" in read_pdf(results[0]).text
    assert PARTY_TITLE in read_pdf(results[1]).text
    assert "02/TB-VP" in read_pdf(results[2]).text


def test_a_missing_converter_is_a_clear_error(settings):
    settings.DANVAN_SOFFICE = "/nonexistent/libreoffice/soffice"
    assert not pdf.converter_available()
    with pytest.raises(pdf.PdfConversionError, match="not installed on the server"):
        pdf.docx_to_pdf(b"PK")


def test_a_converter_that_fails_is_a_clear_error(settings, tmp_path):
    failing = tmp_path / "soffice"
    failing.write_text("#!/bin/sh\necho 'cannot load document' >&2\nexit 81\n")
    failing.chmod(0o755)
    settings.DANVAN_SOFFICE = str(failing)
    with pytest.raises(pdf.PdfConversionError, match="could not be made"):
        pdf.docx_to_pdf(b"PK")


def test_a_converter_that_hangs_is_stopped(settings, tmp_path):
    marker = tmp_path / "child-alive"
    hanging = tmp_path / "soffice"
    # Like oosplash, it starts a child and waits; the whole group must be ended.
    hanging.write_text(f"#!/bin/sh\n(sleep 30; touch {marker}) &\nsleep 30\n")
    hanging.chmod(0o755)
    settings.DANVAN_SOFFICE = str(hanging)
    with pytest.raises(pdf.PdfConversionError, match="took too long"):
        pdf.docx_to_pdf(b"PK", timeout=0.5)
    assert not marker.exists()


# --- the register's download ------------------------------------------------------------------


def pdf_url(document) -> str:
    return reverse("documents:download-pdf", args=[document.pk])


def test_the_register_offers_pdf_next_to_docx(client, state_unit, issue, officer):
    plain, restricted = issue(state_unit), issue(state_unit, restricted=True)
    client.force_login(officer)
    page = client.get(reverse("documents:register")).content.decode()
    assert pdf_url(plain) in page
    assert reverse("documents:download", args=[plain.pk]) in page
    assert pdf_url(restricted) not in page


def test_outsiders_get_no_pdf(client, state_unit, issue, make_member):
    plain, restricted = issue(state_unit), issue(state_unit, restricted=True)
    assert client.get(pdf_url(plain)).status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get(pdf_url(plain)).status_code == 403
    other = make_member(Role.ADMINISTRATOR, UnitFactory(name="Ủy ban nhân dân xã Khác")).user
    client.force_login(other)
    assert client.get(pdf_url(plain)).status_code == 404
    assert not AuditEntry.objects.filter(action="documents.document.downloaded").exists()
    # Restricted files are served by the work they belong to, in no format here.
    client.force_login(make_member(Role.HANDLING_OFFICER, state_unit).user)
    assert client.get(pdf_url(restricted)).status_code == 403


@pytest.mark.pdf
def test_the_allowed_person_downloads_the_pdf_and_it_is_audited(client, state_unit, issue, officer):
    document = issue(state_unit)
    client.force_login(officer)
    response = client.get(pdf_url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="01-TB-VP.pdf"')
    utf8_name = "01-TB-VP Thông báo Về việc thụ lý giải quyết khiếu nại.pdf"
    assert f"filename*=UTF-8''{quote(utf8_name, safe='')}" in disposition
    disposition.encode("ascii")  # the header itself is plain ASCII
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-")
    assert not read_pdf(content).contains("Kính gửi: Ông Lê Văn Cúc")
    entry = AuditEntry.objects.get(action="documents.document.downloaded", actor=officer)
    assert entry.target_id == str(document.pk)
    assert entry.extra == {"format": "pdf"}


def test_a_failed_conversion_is_a_message_on_the_register_not_a_500(
    client, state_unit, issue, officer, settings
):
    settings.LANGUAGE_CODE = "vi"
    settings.DANVAN_SOFFICE = "/nonexistent/libreoffice/soffice"
    document = issue(state_unit)
    client.force_login(officer)
    response = client.get(pdf_url(document))
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:register")
    page = client.get(response["Location"]).content.decode()
    assert "Không tạo được bản PDF" in page
    assert "LibreOffice" in page
    # The DOCX still downloads.
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 200
    assert not AuditEntry.objects.filter(extra__format="pdf").exists()


def test_a_changed_file_is_refused_in_pdf_too(client, state_unit, issue, officer, settings):
    document = issue(state_unit)
    path = Path(settings.MEDIA_ROOT) / document.file.name
    path.write_bytes(path.read_bytes() + b"tampered")
    client.force_login(officer)
    response = client.get(pdf_url(document), follow=True)
    assert response.status_code == 200
    assert "has been altered" in response.content.decode()


def test_an_unknown_format_is_not_found(state_unit, issue):
    with pytest.raises(services.Http404):
        services.document_file_response(issue(state_unit), file_format="odt")


@pytest.mark.pdf
def test_the_admin_serves_the_pdf_too(client, state_unit, issue, superuser):
    from danvan.organizations.roles import Role
    from danvan.organizations.tests.factories import MembershipFactory

    document = issue(state_unit)
    # The register shows a superuser a unit's documents only through a role held there.
    MembershipFactory(user=superuser, unit=state_unit, role=Role.EDITOR)
    client.force_login(superuser)
    change = client.get(reverse("admin:documents_issueddocument_change", args=[document.pk]))
    url = reverse("admin:documents_issueddocument_download_pdf", args=[document.pk])
    assert url in change.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_file_formats_are_docx_and_pdf():
    assert [f.value for f in FileFormat] == ["docx", "pdf"]
