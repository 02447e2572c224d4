"""Signing and issuing: a draft has no number; the signer signs its PDF (PAdES, checked with
pyHanko against the trust list, a CA made here); the clerk numbers, dates and seals it.

Real LibreOffice, real PDFs, real certificates: an edited, expired, untrusted or foreign file is
refused, and the issued original carries both signatures, valid."""

from __future__ import annotations

import io

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader

from danvan.core.models import AuditEntry
from danvan.documents import issuing, services, signing
from danvan.documents.errors import DocumentError
from danvan.documents.models import IssuedDocument
from danvan.documents.testing import PASSPHRASE, TestAuthority
from danvan.documents.tests.conftest import NOTICE_CONTEXT
from danvan.organizations.roles import Position, Role
from danvan.organizations.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def authority() -> TestAuthority:
    return TestAuthority()


@pytest.fixture
def people(state_unit):
    leader = UserFactory(username="lanh.dao.ky", full_name="Nguyễn Thị Lan Anh")
    clerk = UserFactory(username="van.thu", full_name="Đỗ Minh Thư")
    other = UserFactory(username="nguoi.khac", full_name="Hoàng Văn Khác")
    MembershipFactory(user=leader, unit=state_unit, role=Role.UNIT_LEADER, position=Position.DEPUTY)
    MembershipFactory(user=clerk, unit=state_unit, role=Role.RECEIVING_OFFICER)
    return {"leader": leader, "clerk": clerk, "other": other}


@pytest.fixture
def draft(state_unit, superuser, people) -> IssuedDocument:
    return services.document_draft(
        unit=state_unit,
        template_key="documents_tests.notice",
        context=NOTICE_CONTEXT,
        actor=superuser,
        signer_user=people["leader"],
    )


def _sign(pdf: bytes, p12: bytes, name: str = "NguoiKy") -> bytes:
    return signing.sign_pdf(
        pdf,
        p12=p12,
        passphrase=PASSPHRASE,
        field_name=name,
        label="Ký bởi",
        signer_name="Nguyễn Thị Lan Anh",
    )


def test_a_draft_has_no_number_and_prints_blanks(draft):
    assert draft.status == "awaiting_signature"
    assert draft.number is None
    assert draft.symbol == ""
    assert draft.issued_on is None
    import docx

    text = "\n".join(
        p.text
        for table in docx.Document(draft.file.open("rb")).tables[:1]
        for cell in table.rows[0].cells
        for p in cell.paragraphs
    )
    assert "Số:      /TB-VP" in text
    assert "ngày       tháng       năm 2026" in text


def test_token_signed_upload_then_issue_keeps_both_signatures_valid(
    draft, people, authority, state_unit
):
    authority.trust()
    authority.signing_key(unit=state_unit, common_name="Văn phòng UBND thành phố Hà Nội")
    pdf = issuing.draft_pdf(draft, actor=people["leader"])
    assert PdfReader(io.BytesIO(pdf)).get_fields().keys() >= {
        signing.NUMBER_FIELD,
        *signing.DATE_FIELDS,
    }
    signed = _sign(pdf, authority.pkcs12("Nguyễn Thị Lan Anh"))
    issuing.sign_upload(draft, actor=people["leader"], content=signed)
    draft.refresh_from_db()
    assert draft.status == "signed"
    assert "Nguyễn Thị Lan Anh" in draft.signer_certificate
    assert draft.number is None

    issued = issuing.release(draft, actor=people["clerk"], passphrase=PASSPHRASE)
    assert issued.status == "issued"
    assert issued.number == 1
    assert issued.symbol == "01/TB-VP"
    original = services.document_pdf(issued)
    assert original.startswith(signed)  # the signer's revision is kept as it was signed
    checks = signing.check_signatures(original, trusted_pems=[authority.pem])
    assert [c.ok for c in checks] == [True, True]
    assert checks[-1].covers_whole_file
    assert "Văn phòng UBND" in checks[-1].subject
    fields = PdfReader(io.BytesIO(original)).get_fields()
    assert fields[signing.NUMBER_FIELD]["/V"] == "01"
    day, month = (fields[name]["/V"] for name in signing.DATE_FIELDS)
    assert (day, month) == issued.issued_on.strftime("%d %m").split() or month.isdigit()
    # The numbered DOCX prints the number too.
    import docx

    header = docx.Document(issued.file.open("rb")).tables[0].rows[0].cells[0].text
    assert "Số: 01/TB-VP" in header
    actions = list(
        AuditEntry.objects.filter(target_id=str(issued.pk)).values_list("action", flat=True)
    )
    assert actions[:1] == ["documents.document.drafted"]
    assert "documents.document.signed" in actions
    assert "documents.document.issued" in actions


def _refused(draft, people, content: bytes, expected: str) -> None:
    with pytest.raises(DocumentError, match=expected):
        issuing.sign_upload(draft, actor=people["leader"], content=content)
    draft.refresh_from_db()
    assert draft.status == "awaiting_signature"
    assert AuditEntry.objects.filter(
        action="documents.document.signature_refused", target_id=str(draft.pk)
    ).exists()


def test_a_signature_by_an_untrusted_authority_is_refused(draft, people, authority):
    authority.trust()
    pdf = issuing.draft_pdf(draft, actor=people["leader"])
    stranger = TestAuthority("CA lạ")
    _refused(draft, people, _sign(pdf, stranger.pkcs12("Nguyễn Thị Lan Anh")), "trusts")


def test_an_expired_certificate_is_refused(draft, people, authority):
    authority.trust()
    pdf = issuing.draft_pdf(draft, actor=people["leader"])
    expired = authority.pkcs12("Nguyễn Thị Lan Anh", valid_from_days=-400, valid_for_days=300)
    _refused(draft, people, _sign(pdf, expired), "not valid today")


def test_a_file_edited_after_signing_is_refused(draft, people, authority):
    authority.trust()
    pdf = issuing.draft_pdf(draft, actor=people["leader"])
    signed = _sign(pdf, authority.pkcs12("Nguyễn Thị Lan Anh"))
    # An incremental update after the signature that changes what the page shows.
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    extra = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 400 Td (X) Tj ET")
    )
    contents = page["/Contents"]
    array = (
        contents
        if isinstance(contents, generic.ArrayObject)
        else generic.ArrayObject([page.raw_get("/Contents")])
    )
    array.append(extra)
    page[generic.NameObject("/Contents")] = array
    writer.update_container(page)
    edited = io.BytesIO()
    writer.write(edited)
    _refused(draft, people, edited.getvalue(), "changed after this signature")
    # A byte changed inside the signed range.
    index = signed.index(b"/TB-VP") if b"/TB-VP" in signed else len(pdf) // 2
    tampered = signed[:index] + bytes([signed[index] ^ 1]) + signed[index + 1 :]
    with pytest.raises(DocumentError):
        issuing.sign_upload(draft, actor=people["leader"], content=tampered)


def test_another_pdf_is_refused_even_when_validly_signed(
    draft, people, authority, state_unit, superuser
):
    authority.trust()
    issuing.draft_pdf(draft, actor=people["leader"])
    other = services.document_draft(
        unit=state_unit,
        template_key="documents_tests.notice",
        context=NOTICE_CONTEXT,
        actor=superuser,
        signer_user=people["leader"],
    )
    signed_other = _sign(issuing.draft_pdf(other, actor=people["leader"]), authority.pkcs12("A"))
    _refused(draft, people, signed_other, "not the document sent for signature")


def test_only_the_named_signer_signs_and_only_clerks_issue(draft, people, authority):
    from django.core.exceptions import PermissionDenied

    authority.trust()
    pdf = issuing.draft_pdf(draft, actor=people["leader"])
    signed = _sign(pdf, authority.pkcs12("Nguyễn Thị Lan Anh"))
    with pytest.raises(PermissionDenied):
        issuing.sign_upload(draft, actor=people["other"], content=signed)
    with pytest.raises(PermissionDenied):
        issuing.sign_upload(draft, actor=people["clerk"], content=signed)
    issuing.sign_upload(draft, actor=people["leader"], content=signed)
    with pytest.raises(PermissionDenied):
        issuing.release(draft, actor=people["leader"], passphrase=PASSPHRASE)
    with pytest.raises(DocumentError, match="no organisation signing key"):
        issuing.release(draft, actor=people["clerk"], passphrase=PASSPHRASE)
    draft.refresh_from_db()
    assert draft.status == "signed"
    assert draft.number is None


def test_server_signing_with_the_signers_key_and_a_wrong_passphrase(
    draft, people, authority, state_unit
):
    authority.trust()
    authority.signing_key(unit=state_unit, user=people["leader"])
    with pytest.raises(DocumentError, match="passphrase"):
        issuing.sign_with_key(draft, actor=people["leader"], passphrase="sai")
    issuing.sign_with_key(draft, actor=people["leader"], passphrase=PASSPHRASE)
    draft.refresh_from_db()
    assert draft.status == "signed"
    assert draft.signature_method == "digital"


def test_paper_signature_then_issue_numbers_in_order(draft, people, state_unit, superuser):
    issuing.sign_on_paper(draft, actor=people["clerk"])
    first = issuing.release(draft, actor=people["clerk"])
    second = services.document_draft(
        unit=state_unit,
        template_key="documents_tests.notice",
        context=NOTICE_CONTEXT,
        actor=superuser,
    )
    issuing.sign_on_paper(second, actor=people["clerk"])
    second = issuing.release(second, actor=people["clerk"])
    assert (first.number, second.number) == (1, 2)
    assert not first.pdf_file
    with pytest.raises(DocumentError, match="Only a signed document"):
        issuing.release(first, actor=people["clerk"])
