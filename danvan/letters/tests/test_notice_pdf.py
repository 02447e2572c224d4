"""A letters notice as PDF: the acceptance notice of a denunciation (restricted: it names the
denouncer) opens as a real A4 PDF with its Vietnamese text intact, for those who may read the
identity only, through the same view as its DOCX; a failed conversion is a message."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.core.models import AuditEntry
from danvan.documents import services as documents
from danvan.documents.rendering import NATIONAL_MOTTO, NATIONAL_TITLE
from danvan.documents.testing import issue_drafts_about
from danvan.documents.tests.pdf_support import assert_a4_with_embedded_serif_fonts, read_pdf
from danvan.letters.models import Case, Letter
from danvan.letters.services import cases
from danvan.letters.tests import factories as lf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world() -> lf.World:
    return lf.make_world()


@pytest.fixture
def accepted(world) -> tuple[Letter, Case]:
    office = world.office
    letter = lf.denunciation(office.unit, office.receiver)
    case = lf.accept(letter, office.leader, resolver=office.leader)
    case = cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    letter.refresh_from_db()
    issue_drafts_about(letter)  # the notice is signed and numbered before it is sent
    issue_drafts_about(case)
    letter.refresh_from_db()
    return letter, case


def urls(letter: Letter) -> tuple[str, str]:
    document = letter.handling_document
    assert document is not None
    args = [letter.pk, document.pk]
    return (
        reverse("letters:staff-letter-document", args=args),
        reverse("letters:staff-letter-document-pdf", args=args),
    )


@pytest.mark.pdf
def test_the_acceptance_notice_opens_as_a_pdf_with_its_vietnamese_text(client, world, accepted):
    letter, case = accepted
    _docx, pdf_url = urls(letter)
    client.force_login(world.office.leader)
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith('attachment; filename="01-TB-UBNDXTN')
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-")
    facts = read_pdf(content)
    unit = world.office.unit.name
    missing = facts.contains(
        unit.upper(),  # the issuing body: "ỦY BAN NHÂN DÂN XÃ THỬ NGHIỆM ĐÔNG"
        NATIONAL_TITLE,
        NATIONAL_MOTTO,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"Số: {letter.handling_document.symbol}",
        # A denunciation's acceptance is a decision, notified to the denouncer with Mẫu 05
        # (Luật Tố cáo Art. 29(1)-(3); NĐ 31/2019 Art. 9): the letter's notice is that one.
        "THÔNG BÁO",
        "Về việc thụ lý tố cáo",
        f"Kính gửi: Ông/Bà {lf.DENOUNCER.full_name}",
        f"địa chỉ: {lf.DENOUNCER.address}",
        f"đã ban hành quyết định thụ lý tố cáo (vụ việc số {case.number})",
        f"đến hết ngày {case.due_on:%d/%m/%Y}",
        "Luật Tố cáo 2018",
        "Nơi nhận:",
    )
    assert not missing, (missing, facts.text)
    assert_a4_with_embedded_serif_fonts(facts)
    entry = AuditEntry.objects.filter(action="documents.document.downloaded").latest("id")
    assert entry.actor_id == world.office.leader.pk
    assert entry.extra == {"format": "pdf"}


def test_the_pdf_is_refused_to_those_who_may_not_read_the_identity(client, world, accepted):
    letter, _case = accepted
    docx_url, pdf_url = urls(letter)
    client.force_login(world.office.inspector)
    page = client.get(reverse("letters:staff-letter-detail", args=[letter.pk])).content.decode()
    assert pdf_url not in page
    assert docx_url not in page
    assert client.get(pdf_url).status_code == 403
    client.force_login(world.elsewhere.leader)
    assert client.get(pdf_url).status_code == 404
    client.force_login(world.citizen)
    assert client.get(pdf_url).status_code in {302, 403}
    assert not AuditEntry.objects.filter(action="documents.document.downloaded").exists()


def test_the_letter_and_case_pages_offer_the_pdf_to_the_resolver(client, world, accepted):
    letter, case = accepted
    docx_url, pdf_url = urls(letter)
    client.force_login(world.office.leader)
    for page in (
        reverse("letters:staff-letter-detail", args=[letter.pk]),
        reverse("letters:staff-case-detail", args=[case.pk]),
    ):
        html = client.get(page).content.decode()
        assert docx_url in html, page
        assert pdf_url in html, page


def test_a_failed_conversion_is_a_vietnamese_message_not_a_500(client, world, accepted, settings):
    settings.LANGUAGE_CODE = "vi"
    settings.DANVAN_SOFFICE = "/nonexistent/libreoffice/soffice"
    letter, _case = accepted
    docx_url, pdf_url = urls(letter)
    client.force_login(world.office.leader)
    response = client.get(pdf_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("letters:staff-letter-detail", args=[letter.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Không tạo được bản PDF" in page
    # The DOCX is still there, checked by the same view.
    response = client.get(docx_url)
    assert response.status_code == 200
    assert response["Content-Type"] == documents.DOCX_CONTENT_TYPE
