"""Every notice of the letters context in the legal format (NĐ 30/2020 Phụ lục I for state
bodies, 36-HD/VPTW for party bodies; DOMAIN.md §5, §12.6), read back from the real DOCX
(python-docx) and, for the page layout, from the PDF LibreOffice makes of it (pypdf):

- the "Căn cứ" lines cite the article on what the notice does (DOMAIN.md §12): a complaint's
  acceptance is Luật Khiếu nại Art. 27, not the Art. 28 time limit;
- the signature block has the authority line (TM./KT., T/M for a party body), the position and
  the signer's full name, from who decides for the unit that day;
- "Nơi nhận" names only bodies that exist (no commune inspectorate, none on party documents),
  the decisions on a case's course go to both parties, and it ends "- Lưu: VT, TCD.";
- the citizen is "Ông/Bà", never "bạn"; no doubled full stops;
- no page holds only a line or two that spilled over.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from docx import Document
from pypdf import PdfReader

from danvan.core import calendar
from danvan.documents import pdf
from danvan.documents import services as documents
from danvan.documents import testing as document_testing
from danvan.documents.models import IssuedDocument, IssuerProfile
from danvan.documents.types import DocumentType
from danvan.letters import deadlines, legal_bases
from danvan.letters.choices import (
    SUSPENSION_GROUNDS,
    TERMINATION_GROUNDS,
    ComplexityGround,
    SuspensionGround,
    TerminationGround,
)
from danvan.letters.models import Case, Letter
from danvan.letters.notices import NOTICE_DEFAULTS
from danvan.letters.services import cases, paperwork
from danvan.letters.tests import factories as lf
from danvan.organizations.models import Delegation, Unit
from danvan.organizations.models.units import UnitKind, UnitLevel
from danvan.organizations.roles import Position, Role
from danvan.organizations.tests import factories as org
from danvan.workflow.rules import legal_basis

pytestmark = pytest.mark.django_db

HEAD_NAME = "Nguyễn Văn An"
DEPUTY_NAME = "Trần Thị Bình"
DENOUNCED_NAME = "Hoàng Văn Nam"
DOUBLE_STOP = re.compile(r"(?<![.…])\.\s*\.(?![.…/])")
YOU = re.compile(r"\bbạn\b", re.IGNORECASE)


def _rule_basis(key: str) -> str:
    return deadlines.rule_in_effect(key, calendar.today_local()).legal_basis


#: Each template: where its legal basis comes from, and the article (as cited) the law gives for
#: what the notice does (DOMAIN.md §12.1d, §12.3, §12.4; Luật Tố cáo Arts. 24, 29-37).
EXPECTED: dict[str, tuple[Callable[[], str], str]] = {
    "letters.acceptance": (
        lambda: legal_basis(legal_bases.ACCEPTANCE_COMPLAINT),
        "Điều 27 Luật Khiếu nại 2011",
    ),
    "letters.acceptance_discipline": (
        lambda: legal_basis(legal_bases.ACCEPTANCE_DISCIPLINE),
        "Điều 50 Luật Khiếu nại 2011",
    ),
    "letters.non_acceptance": (
        lambda: legal_basis(legal_bases.ground_key("kn11.1")),
        "Điều 11 Luật Khiếu nại 2011",
    ),
    "letters.transfer": (
        lambda: legal_basis(legal_bases.FORWARD_DENUNCIATION),
        "Điều 24(2) Luật Tố cáo 2018",
    ),
    "letters.guidance": (
        lambda: legal_basis(legal_bases.GUIDANCE),
        "Điều 26 Luật Tiếp công dân 2013",
    ),
    "letters.extension": (
        lambda: _rule_basis("resolution.denunciation"),
        "Điều 30 Luật Tố cáo 2018",
    ),
    "letters.suspension": (
        lambda: SUSPENSION_GROUNDS[SuspensionGround.TC_WAITING].basis,
        "Điều 34(1)(a) Luật Tố cáo 2018",
    ),
    "letters.resumption": (
        lambda: legal_basis(legal_bases.RESUMPTION_DENUNCIATION),
        "Điều 34(2) Luật Tố cáo 2018",
    ),
    "letters.termination": (
        lambda: TERMINATION_GROUNDS[TerminationGround.TC_WITHDRAWN].basis,
        "Luật Tố cáo 2018",
    ),
    "letters.termination_denounced": (
        lambda: TERMINATION_GROUNDS[TerminationGround.TC_WITHDRAWN].basis,
        "Luật Tố cáo 2018",
    ),
    "letters.complaint_decision": (
        lambda: legal_basis(legal_bases.DECISION_COMPLAINT),
        "Điều 31 Luật Khiếu nại 2011",
    ),
    "letters.discipline_decision": (
        lambda: legal_basis(legal_bases.DECISION_DISCIPLINE),
        "Điều 51, 52 Luật Khiếu nại 2011",
    ),
    "letters.denunciation_conclusion": (
        lambda: legal_basis(legal_bases.CONCLUSION_CONTENT),
        "Điều 35 Luật Tố cáo 2018",
    ),
    "letters.answer": (
        lambda: _rule_basis("resolution.feedback"),
        "Nghị định 20/2008/NĐ-CP",
    ),
    "letters.denunciation_acceptance": (
        lambda: legal_basis(legal_bases.ACCEPTANCE_DENUNCIATION),
        "Điều 29 Luật Tố cáo 2018",
    ),
    "letters.denunciation_acceptance_notice": (
        lambda: legal_basis(legal_bases.ACCEPTANCE_DENUNCIATION),
        "Điều 29 Luật Tố cáo 2018",
    ),
    "letters.denunciation_content_notice": (
        lambda: legal_basis(legal_bases.ACCEPTANCE_DENUNCIATION),
        "Điều 29 Luật Tố cáo 2018",
    ),
    "letters.denunciation_conclusion_notice": (
        lambda: legal_basis(legal_bases.CONCLUSION_DENUNCIATION),
        "Điều 35(3), 36 Luật Tố cáo 2018",
    ),
    "letters.denunciation_repeat_refusal": (
        lambda: legal_basis(legal_bases.REPEAT_REVIEW),
        "Điều 37 Luật Tố cáo 2018",
    ),
    "letters.crime_referral": (
        lambda: legal_basis(legal_bases.CRIME_REFERRAL),
        "Điều 27, 36(2) Luật Tố cáo 2018",
    ),
    "letters.verification": (
        lambda: legal_basis(legal_bases.VERIFICATION_COMPLAINT),
        "Điều 29 Luật Khiếu nại 2011",
    ),
    "letters.escalation": (
        lambda: legal_basis(legal_bases.ESCALATION),
        "Điều 5 Nghị định 31/2019/NĐ-CP",
    ),
    "letters.execution_suspension": (
        lambda: legal_basis(legal_bases.EXECUTION_SUSPENSION),
        "Điều 35 Luật Khiếu nại 2011",
    ),
    "letters.execution_lift": (
        lambda: legal_basis(legal_bases.EXECUTION_LIFT),
        "Điều 35(3) Luật Khiếu nại 2011",
    ),
    "letters.continuation": (
        lambda: legal_basis(legal_bases.CONTINUATION),
        "Điều 11(8) Luật Khiếu nại 2011",
    ),
    "letters.party_acceptance": (lambda: legal_basis(legal_bases.PARTY), "Điều lệ Đảng"),
    "letters.party_conclusion": (lambda: legal_basis(legal_bases.PARTY), "Điều lệ Đảng"),
    "letters.party_discipline": (lambda: legal_basis(legal_bases.PARTY), "Điều lệ Đảng"),
}
PARTY_KEYS = {"letters.party_acceptance", "letters.party_conclusion", "letters.party_discipline"}
BOTH_PARTIES = {
    "letters.extension",
    "letters.suspension",
    "letters.resumption",
    "letters.termination",
}

#: Typical values; several end with "." where the template adds its own.
VALUES: dict[str, str] = {
    "recipient": f"Ông/Bà {lf.COMPLAINANT.full_name}",
    "recipient_address": lf.COMPLAINANT.address,
    "letter_kind": "khiếu nại",
    "received_on": "02/11/2026",
    "letter_summary": "Đề nghị xem xét lại quyết định thu hồi đất số 15/QĐ-UBND của xã.",
    "case_number": "05/2026/KN",
    "accepted_on": "05/11/2026",
    "due_on": "07/12/2026",
    "new_due_on": "06/01/2027",
    "ground": "Việc khiếu nại đã có bản án của Tòa án có hiệu lực pháp luật.",
    "grounds": "Vụ việc có nhiều nội dung, cần xác minh tại nhiều địa điểm.",
    "reason": "Nội dung đơn thuộc thẩm quyền của cơ quan khác.",
    "reasons": "Việc giải quyết trước đã đúng trình tự, thủ tục.",
    "to_unit": "Ủy ban nhân dân tỉnh Thử nghiệm",
    "guidance": "Đề nghị Ông/Bà gửi đơn kèm theo bản sao quyết định bị khiếu nại.",
    "extension_days": "30",
    "suspended_on": "10/11/2026",
    "resumed_on": "20/11/2026",
    "ends_by": "07/12/2026",
    "lifted_on": "15/11/2026",
    "requested_on": "12/11/2026",
    "continued_on": "13/11/2026",
    "round": "lần đầu",
    "complainants": "",
    "findings": "Kết quả xác minh cho thấy quyết định thu hồi đất được ban hành đúng thẩm quyền.",
    "dialogue_result": "Các bên thống nhất nội dung xác minh.",
    "legal_grounds": "Luật Đất đai 2024.",
    "outcome_label": "đúng một phần",
    "conclusion": "Nội dung khiếu nại đúng một phần.",
    "measure": "Sửa đổi quyết định bị khiếu nại",
    "decision_text": "Sửa đổi Điều 2 của Quyết định số 15/QĐ-UBND.",
    "compensation": "Không.",
    "appeal_rights": "Người khiếu nại có quyền khiếu nại lần hai hoặc khởi kiện tại Tòa án.",
    "measures": "Kiểm điểm trách nhiệm cá nhân có liên quan.",
    "answer": "Đơn vị đã tiếp thu và sẽ điều chỉnh quy định.",
    "denounced": f"Ông/Bà {DENOUNCED_NAME}",
    "content": "Nhận tiền khi làm thủ tục cấp giấy chứng nhận.",
    "decided_on": "20/11/2026",
    "earlier_case": "02/2026/TC",
    "earlier_unit": "Ủy ban nhân dân xã Thử nghiệm Tây",
    "body_name": "Cơ quan Cảnh sát điều tra Công an tỉnh Thử nghiệm",
    "stage": "xác minh nội dung tố cáo",
    "reference": "05/2026/TC",
    "signs": "Có dấu hiệu của tội nhận hối lộ.",
    "contested": "Quyết định số 15/QĐ-UBND ngày 01/10/2026",
    "verifying_unit": "Thanh tra tỉnh Thử nghiệm",
    "team_leader": "Ông Phạm Văn Cường",
    "team_members": "Bà Lý Thị Dung.",
    "verification_due_on": "30/11/2026",
    "resolving_unit": "Ủy ban nhân dân xã Thử nghiệm Tây",
    "verification_team": "Tổ kiểm tra số 2",
    "discipline": "Đề nghị thi hành kỷ luật bằng hình thức khiển trách.",
    "conclusion_number": "03-KL/HU",
    "discipline_text": "Đảng viên có trách nhiệm khắc phục vi phạm.",
    "complaint_until": "20/12/2026",
    "unit_name": "Ủy ban nhân dân xã Thử nghiệm Đông",
}


@dataclass
class Issuers:
    commune: Unit
    head: Any
    deputy: Any
    party: Unit
    party_deputy: Any
    complaint: Letter
    denunciation: Letter


def _leader(unit: Unit, name: str, position: str, title: str) -> Any:
    user = org.UserFactory(full_name=name)
    org.MembershipFactory(
        user=user, unit=unit, role=Role.UNIT_LEADER, position=position, position_title=title
    )
    return org.fresh(user)


def _delegate(unit: Unit, deputy: Any, head: Any) -> None:
    Delegation.objects.create(
        unit=unit,
        deputy=deputy,
        document="Quyết định phân công số 01/QĐ-UBND",
        assigned_by=head,
        effective_from=dt.date(2020, 1, 1),
    )


@pytest.fixture
def issuers() -> Issuers:
    commune = org.UnitFactory(
        name="Ủy ban nhân dân xã Thử nghiệm Đông",
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.COMMUNE,
    )
    IssuerProfile.objects.create(
        unit=commune, symbol="UBND", drafting_symbol="TCD", place="Thử nghiệm Đông"
    )
    head = _leader(commune, HEAD_NAME, Position.HEAD, "Chủ tịch")
    deputy = _leader(commune, DEPUTY_NAME, Position.DEPUTY, "Phó Chủ tịch")
    _delegate(commune, deputy, head)
    party = org.UnitFactory(
        name="Huyện ủy Thử nghiệm", kind=UnitKind.PARTY_COMMITTEE, level=UnitLevel.DISTRICT
    )
    IssuerProfile.objects.create(unit=party, symbol="HU", place="Thử nghiệm")
    party_head = _leader(party, "Đặng Văn Hùng", Position.HEAD, "Bí thư")
    party_deputy = _leader(party, "Vũ Thị Hoa", Position.DEPUTY, "Phó Bí thư")
    _delegate(party, party_deputy, party_head)
    receiver = lf.member(commune, Role.RECEIVING_OFFICER)
    complaint = lf.receive(commune, receiver).letter
    Letter.objects.filter(pk=complaint.pk).update(
        contested_issuer="Chủ tịch Ủy ban nhân dân xã Thử nghiệm Đông"
    )
    complaint.refresh_from_db()
    denunciation = lf.denunciation(commune, receiver)
    Letter.objects.filter(pk=denunciation.pk).update(denounced_name=DENOUNCED_NAME)
    denunciation.refresh_from_db()
    return Issuers(commune, head, deputy, party, party_deputy, complaint, denunciation)


@dataclass
class Rendered:
    docx: bytes
    paragraphs: list[Any]
    recipients: list[str]
    signature: list[str]
    text: str


def read_docx(content: bytes) -> Rendered:
    document = Document(io.BytesIO(content))
    footer = document.tables[-1].rows[0].cells
    recipients = [p.text for p in footer[0].paragraphs if p.text.strip()]
    signature = [p.text for p in footer[1].paragraphs if p.text.strip()]
    cells = [c.text for t in document.tables for c in t.rows[0].cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    return Rendered(content, list(document.paragraphs), recipients, signature, text)


def render(key: str, issuers: Issuers) -> tuple[bytes, str]:
    """Notice ``key`` as the letters context lays it out: its legal basis from the dated data,
    the signer and "Nơi nhận" from ``paperwork``, the deputy under assignment signing."""
    default = next(d for d in NOTICE_DEFAULTS if d.key == key)
    source, expected = EXPECTED[key]
    context = {name: VALUES.get(name, f"Nội dung {name}.") for name in default.placeholders}
    context = paperwork.with_basis(context | {"legal_basis": source()})
    party = key in PARTY_KEYS
    unit = issuers.party if party else issuers.commune
    letter = issuers.denunciation if "denunciation" in key or key in BOTH_PARTIES else None
    letter = letter or issuers.complaint
    signer = paperwork.document_signer(
        unit=unit,
        kind=letter.kind,
        actor=None,
        user_id=(issuers.party_deputy if party else issuers.deputy).pk,
        decision=default.doc_type in paperwork.PERSONAL_ACTS,
    )
    parties = paperwork.case_parties(letter) if key in BOTH_PARTIES else ()
    recipients = paperwork.notice_recipients(key=key, unit=unit, context=context, extra=parties)
    content = documents.document_render(
        unit=unit,
        template_key=key,
        context=context,
        number_display=documents.preview_number_line(unit=unit, template_key=key),
        recipients=recipients,
        signer=signer,
    )
    return content, expected


ALL_KEYS = sorted(d.key for d in NOTICE_DEFAULTS)


def test_every_notice_template_has_an_expected_legal_basis() -> None:
    assert set(EXPECTED) == set(ALL_KEYS)


@pytest.mark.parametrize("key", ALL_KEYS)
def test_every_notice_follows_the_legal_format(key: str, issuers: Issuers) -> None:
    content, expected = render(key, issuers)
    doc = read_docx(content)
    default = next(d for d in NOTICE_DEFAULTS if d.key == key)
    party = key in PARTY_KEYS
    decision = default.doc_type in paperwork.PERSONAL_ACTS

    # "Căn cứ": the right article; as separate italic lines ending ";" where a decision or a
    # công văn has them (Phụ lục I §II.6).
    assert expected in doc.text, (key, doc.text)
    if "{legal_basis_lines}" in default.body:
        lines = [
            p for p in doc.paragraphs if p.text.startswith("Căn cứ ") and not p.text.endswith(":")
        ]
        assert any(expected in p.text for p in lines), [p.text for p in lines]
        for paragraph in lines:
            assert paragraph.text.endswith(";"), paragraph.text
            assert all(run.italic for run in paragraph.runs if run.text.strip()), paragraph.text
        assert not any(p.text.startswith("Căn cứ Luật") and ", Điều" in p.text for p in lines)
    for wrong in ("Điều 28 Luật Khiếu nại", "Điều 37 Luật Khiếu nại"):
        assert wrong not in doc.text, (key, wrong)

    # The signature block: authority lines, the deputy's position, the full name.
    if party:
        assert doc.signature == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Vũ Thị Hoa"]
    elif decision:
        assert doc.signature == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", DEPUTY_NAME]
    else:
        assert doc.signature == [
            "TM. ỦY BAN NHÂN DÂN",
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
            DEPUTY_NAME,
        ]

    # "Nơi nhận": no inspectorate where there is none (a commune) or in party documents; both
    # parties on the decisions about a case's course; "- Lưu: VT, TCD." last.
    assert doc.recipients[0] == "Nơi nhận:"
    items = doc.recipients[1:]
    assert not any("Thanh tra" in item for item in items), items
    assert all(item.startswith("- ") for item in items), items
    assert all(item.endswith(";") for item in items[:-1]), items
    assert items[-1] == ("- Lưu: VT." if party else "- Lưu: VT, TCD."), items
    if key in BOTH_PARTIES:
        assert "- Người tố cáo;" in items, items
        assert f"- Ông/Bà {DENOUNCED_NAME} (người bị tố cáo);" in items, items
        assert not any(lf.DENOUNCER.full_name in item for item in items)

    # The citizen is "Ông/Bà", never "bạn"; no doubled full stops anywhere.
    assert not YOU.search(doc.text), key
    assert not DOUBLE_STOP.search(doc.text), (key, DOUBLE_STOP.search(doc.text))


def pdf_pages(content: bytes) -> list[list[str]]:
    reader = PdfReader(io.BytesIO(pdf.docx_to_pdf(content)))
    return [
        [line for line in (page.extract_text() or "").splitlines() if line.strip()]
        for page in reader.pages
    ]


def assert_no_near_empty_page(pages: list[list[str]], what: str) -> None:
    """No page after the first holds only its page number and a line or two."""
    for number, lines in enumerate(pages[1:], start=2):
        content = [line for line in lines if line.strip() != str(number)]
        assert len(content) >= 3, (what, number, lines)


@pytest.mark.pdf
def test_no_notice_leaves_a_near_empty_last_page(issuers: Issuers) -> None:
    for key in ALL_KEYS:
        content, _expected = render(key, issuers)
        pages = pdf_pages(content)
        assert_no_near_empty_page(pages, key)
        assert pages[-1], key


@pytest.mark.pdf
def test_a_long_decision_keeps_its_last_paragraph_with_the_signature(issuers: Issuers) -> None:
    """A complaint decision grown one paragraph at a time crosses the page boundary at every
    point: the signature block and "Nơi nhận" never stand alone on the last page."""
    finding = (
        "Qua xác minh thực tế tại thửa đất số 125, tờ bản đồ số 7, Tổ xác minh ghi nhận diện tích "
        "đất bị thu hồi phù hợp với hồ sơ địa chính đang lưu giữ tại Ủy ban nhân dân xã."
    )
    for count in range(0, 14):
        VALUES["findings"] = "\n".join([finding] * (count + 1))
        try:
            content, _expected = render("letters.complaint_decision", issuers)
        finally:
            VALUES.pop("findings")
        pages = pdf_pages(content)
        assert_no_near_empty_page(pages, f"{count + 1} findings")
        last = pages[-1]
        assert DEPUTY_NAME in " ".join(last), (count, last)
        assert any("Nơi nhận" in line for line in last), (count, last)
        if len(pages) > 1:
            # The block came with at least the body's last paragraph.
            assert any("thi hành Quyết định này" in line for line in last), (count, last)


# --- through the real services ------------------------------------------------------------


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def _office(name: str, **unit_fields: Any) -> lf.Office:
    office = lf.make_office(name, **unit_fields)
    user = office.leader
    user.full_name = HEAD_NAME
    user.save(update_fields=["full_name"])
    return office


def _issued_text(document: IssuedDocument) -> Rendered:
    with document.file.open("rb") as handle:
        return read_docx(handle.read())


def test_a_complaint_acceptance_cites_article_27_and_is_signed_by_name() -> None:
    office = _office(
        "Ủy ban nhân dân xã Thử nghiệm Đông",
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.COMMUNE,
    )
    letter = lf.receive(office.unit, office.receiver).letter
    case = lf.accept(letter, office.leader, resolver=office.leader)
    letter.refresh_from_db()
    assert letter.handling_document is not None
    doc = _issued_text(letter.handling_document)
    assert "Điều 27 Luật Khiếu nại 2011" in doc.text
    assert "Điều 28" not in doc.text
    assert case.due_on.strftime("%d/%m/%Y") in doc.text
    assert doc.signature == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", HEAD_NAME]
    # A commune has no inspectorate: nobody to send it to but the complainant.
    assert doc.recipients[1:] == [f"- Ông/Bà {lf.COMPLAINANT.full_name};", "- Lưu: VT."]
    assert not YOU.search(doc.text)
    assert not DOUBLE_STOP.search(doc.text)


def test_a_provincial_acceptance_goes_to_the_inspectorate_that_exists() -> None:
    office = _office(
        "Ủy ban nhân dân tỉnh Thử nghiệm",
        kind=UnitKind.PEOPLES_COMMITTEE,
        level=UnitLevel.PROVINCIAL,
    )
    inspectorate = org.UnitFactory(
        name="Thanh tra tỉnh Thử nghiệm", kind=UnitKind.INSPECTORATE, level=UnitLevel.PROVINCIAL
    )
    org.UnitLinkFactory(parent=office.unit, child=inspectorate, effective_from=dt.date(2020, 1, 1))
    IssuerProfile.objects.create(
        unit=office.unit, symbol="UBND", drafting_symbol="BTCD", place="Thử nghiệm"
    )
    letter = lf.receive(office.unit, office.receiver).letter
    lf.accept(letter, office.leader, resolver=office.leader)
    letter.refresh_from_db()
    doc = _issued_text(letter.handling_document)
    assert doc.recipients[1:] == [
        f"- Ông/Bà {lf.COMPLAINANT.full_name};",
        "- Thanh tra tỉnh Thử nghiệm (để theo dõi);",
        "- Lưu: VT, BTCD.",
    ]
    # The inspectorate's own documents never send a copy to "the inspectorate".
    own = paperwork.notice_recipients(
        key="letters.acceptance", unit=inspectorate, context={"recipient": "Ông/Bà A"}
    )
    assert own == ["Ông/Bà A"]


def test_extension_and_suspension_go_to_both_parties(make_letter: Any, office: Any) -> None:
    office.leader.full_name = HEAD_NAME
    office.leader.save(update_fields=["full_name"])
    letter = lf.denunciation(office.unit, office.receiver)
    case = lf.accept(letter, office.leader, resolver=office.leader)
    Letter.objects.filter(pk=letter.pk).update(denounced_name=DENOUNCED_NAME)
    case = Case.objects.get(pk=case.pk)
    case = cases.case_set_complexity(
        case=case,
        actor=office.leader,
        grounds=[ComplexityGround.SEVERAL_CONTENTS],
        reason="Hai nội dung cần xác minh.",
    )
    extension = cases.case_extend(
        case=case,
        actor=office.leader,
        days=30,
        decided_on=calendar.today_local(),
        reason="Cần xác minh thêm.",
    )
    case = Case.objects.get(pk=case.pk)
    case = cases.case_suspend(
        case=case,
        actor=office.leader,
        ground=SuspensionGround.TC_WAITING,
        started_on=calendar.today_local(),
        explanation="Chờ kết quả giám định của Sở Tài nguyên và Môi trường.",
    )
    suspension = case.suspensions.get()
    extension.refresh_from_db()
    for document, article in (
        (extension.document, "Điều 30 Luật Tố cáo 2018"),
        (suspension.document, "Điều 34(1)(a) Luật Tố cáo 2018"),
    ):
        doc = _issued_text(document)
        items = doc.recipients[1:]
        assert "- Người tố cáo;" in items, items
        assert f"- Ông/Bà {DENOUNCED_NAME} (người bị tố cáo);" in items, items
        assert not any("Thanh tra" in item for item in items)
        assert not any(lf.DENOUNCER.full_name in line for line in doc.text.splitlines())
        assert any(p.text.startswith("Căn cứ ") and article in p.text for p in doc.paragraphs), (
            doc.text
        )
        assert doc.signature == ["CHỦ TỊCH", HEAD_NAME]
        assert not DOUBLE_STOP.search(doc.text), doc.text
    # The decision, once signed and numbered, downloads as "01-QD-UBND…" with its Vietnamese
    # name in filename*.
    suspension.document = document_testing.complete(suspension.document)
    response = documents.document_file_response(suspension.document)
    disposition = response["Content-Disposition"]
    symbol = suspension.document.symbol
    assert "Đ" in symbol
    ascii_stem = symbol.replace("/", "-").replace("Đ", "D")
    assert disposition.startswith(f'attachment; filename="{ascii_stem}')
    assert "filename*=UTF-8''" in disposition
    assert "%C4%90" in disposition  # "Đ" kept in the UTF-8 name


def test_download_names_keep_vietnamese_letters() -> None:
    document = IssuedDocument(
        symbol="02/QĐ-TTr",
        doc_type=DocumentType.DECISION,
        title="QUYẾT ĐỊNH",
        summary="Về việc giao xác minh nội dung vụ việc số 05/2026/KN",
    )
    ascii_name, utf8_name = documents.download_filenames(document, documents.FileFormat.DOCX)
    assert ascii_name == "02-QD-TTr.docx"
    assert utf8_name.startswith("02-QĐ-TTr Quyết định Về việc giao xác minh")
    assert utf8_name.endswith(".docx")
    header = documents._content_disposition(ascii_name, utf8_name)
    assert header.startswith("attachment; filename=\"02-QD-TTr.docx\"; filename*=UTF-8''")
    assert "02-Q%C4%90-TTr%20Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh" in header
    document.restricted = True  # a restricted summary may name someone: left out
    assert documents.download_filenames(document, documents.FileFormat.PDF)[1] == (
        "02-QĐ-TTr Quyết định.pdf"
    )


def test_an_official_letter_carries_the_drafting_unit(issuers: Issuers) -> None:
    context = {
        name: VALUES.get(name, f"Nội dung {name}.")
        for name in next(d for d in NOTICE_DEFAULTS if d.key == "letters.guidance").placeholders
    }
    context = paperwork.with_basis(context | {"legal_basis": legal_basis(legal_bases.GUIDANCE)})
    document = document_testing.issue_now(
        unit=issuers.commune,
        template_key="letters.guidance",
        context=context,
        actor=issuers.head,
    )
    assert document.symbol == "01/UBND-TCD"
    doc = _issued_text(document)
    assert "Số: 01/UBND-TCD" in doc.text
    assert "V/v hướng dẫn gửi đơn đến cơ quan có thẩm quyền" in doc.text


def test_the_texts_services_put_into_notices_never_say_ban(issuers: Issuers) -> None:
    """The translated texts the services write into decisions (the complainant's remaining
    rights, outcome words, the labels of grounds and measures, the parties) address the
    citizen as "ông/bà"."""
    from danvan.letters.choices import ContestedKind, ContestedMeasure, IneligibilityGround
    from danvan.letters.services.cases import _OUTCOME_WORDS, _appeal_rights

    texts: list[str] = []
    today = calendar.today_local()
    for round_ in (1, 2):
        for contested in (ContestedKind.DECISION, ContestedKind.DISCIPLINE):
            for dismissal in (False, True):
                letter = Letter(kind="complaint", contested_kind=contested, dismissal=dismissal)
                case = Case(kind="complaint", round=round_, letter=letter, accepted_on=today)
                texts.append(paperwork.vi(_appeal_rights(case)))
    texts += [paperwork.vi(word) for word in _OUTCOME_WORDS.values()]
    for choices in (
        ComplexityGround,
        SuspensionGround,
        TerminationGround,
        IneligibilityGround,
        ContestedMeasure,
    ):
        texts += [paperwork.vi(label) for label in choices.labels]
    texts += paperwork.case_parties(issuers.complaint)
    texts += paperwork.case_parties(issuers.denunciation)
    assert all(texts)
    offending = [text for text in texts if YOU.search(text)]
    assert not offending, offending
    assert any("ông/bà" in text for text in texts)


def test_authority_lines_follow_each_format() -> None:
    from danvan.documents.rendering import authority_lines
    from danvan.organizations.models import DocumentFormat

    state, party = DocumentFormat.ND30, DocumentFormat.HD36
    assert authority_lines(state, collective="Ủy ban nhân dân") == ["TM. ỦY BAN NHÂN DÂN"]
    assert authority_lines(state, deputy=True, head_title="Chủ tịch") == ["KT. CHỦ TỊCH"]
    assert authority_lines(
        state, collective="ỦY BAN NHÂN DÂN", deputy=True, head_title="CHỦ TỊCH"
    ) == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    assert authority_lines(state, by_order=True, head_title="Chủ tịch") == ["TL. CHỦ TỊCH"]
    assert authority_lines(state, authorised=True, head_title="Giám đốc") == ["TUQ. GIÁM ĐỐC"]
    assert authority_lines(state, head_title="CHỦ TỊCH") == []  # the head signs in person
    assert authority_lines(party, collective="BAN THƯỜNG VỤ") == ["T/M BAN THƯỜNG VỤ"]
    assert authority_lines(party, deputy=True, head_title="Trưởng ban") == ["K/T TRƯỞNG BAN"]
    assert authority_lines(party, by_order=True, head_title="Trưởng ban") == ["T/L TRƯỞNG BAN"]
