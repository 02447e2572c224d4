"""The demo's letters: routing of the public form, issuer profiles, and sample letters at every
stage, made through the services and seen by the demo logins as the README says."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from danvan.accounts.models import User
from danvan.core.calendar import today_local
from danvan.documents import selectors as doc_selectors
from danvan.documents.models import IssuedDocument
from danvan.letters import policies, selectors
from danvan.letters.choices import AnonymousOutcome, Complexity, LetterKind
from danvan.letters.models import Case, Letter, Signer
from danvan.letters.services import tracking
from danvan.letters.services.public_intake import matter_for_field, receiving_unit_for
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.organizations.models import Field, Province, Unit, Ward

pytestmark = pytest.mark.django_db


@pytest.fixture
def output() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _letter(subject_start: str) -> Letter:
    return Letter.objects.get(subject__startswith=subject_start, source_letter__isnull=True)


def test_printed_code_and_pin_open_the_complaint_resolved_by_the_communes_chairman(output):
    """The sample complaint is against the commune's decision: its first-time resolver is the
    commune's chairman (Luật Khiếu nại Art. 7(1), 17), never the city inspectorate."""
    match = re.search(r"(DV-[A-Z0-9]{4}-[A-Z0-9]{4}).*?(\d{6})", output)
    assert match is not None, output
    letter = tracking.letter_track(code=match.group(1), pin=match.group(2))

    case = Case.objects.get(letter=letter)
    assert letter.kind == LetterKind.COMPLAINT
    assert case.unit.code == "hn-ubnd-hoan-kiem"
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.resolver == _user("phuong_chutich")
    assert list(case.assignments.values_list("user__username", flat=True)) == ["phuong_xuly"]
    assert case.notes.filter(kind="verification").count() == 1
    assert policies.can_decide(_user("phuong_chutich"), case)
    assert not policies.can_decide(_user("lanhdao"), case)
    assert not policies.can_decide(_user("phuong_tiepnhan"), case)
    assert policies.can_work_on_case(_user("phuong_xuly"), case)


def test_sample_letters_cover_every_stage(output):
    feedback = _letter("Phản ánh thái độ phục vụ")
    assert feedback.case.status == CaseStatus.CLOSED
    assert feedback.public_answer
    assert feedback.rating.score == 4

    forwarded = _letter("Kiến nghị lắp đèn chiếu sáng")
    assert forwarded.status == LetterStatus.FORWARDED
    assert forwarded.derived_letters.get().unit.code == "hn-ubnd-hoan-kiem"

    refused = _letter("Khiếu nại việc xử phạt vi phạm hành chính")
    assert refused.status == LetterStatus.NOT_ACCEPTED
    assert refused.ineligibility_ground == "kn11.5"

    extended = _letter("Tố cáo cán bộ nhận tiền").case
    assert extended.status == CaseStatus.IN_PROGRESS
    assert extended.complexity == Complexity.COMPLEX
    assert extended.extensions.count() == 1
    assert extended.due_on > today_local()

    anonymous = _letter("Thông tin về việc chia thầu")
    assert anonymous.status == LetterStatus.REFERRED
    assert anonymous.anonymous_outcome == AnonymousOutcome.INSPECT
    assert not Signer.objects.filter(letter=anonymous).exists()

    duplicate = Letter.objects.get(duplicate_of__isnull=False)
    assert duplicate.status == LetterStatus.ARCHIVED
    assert duplicate.duplicate_of.case.status == CaseStatus.IN_PROGRESS

    mixed = _letter("Đơn phản ánh tiếng ồn và khiếu nại")
    assert mixed.status == LetterStatus.SPLIT
    assert sorted(mixed.derived_letters.values_list("kind", flat=True)) == [
        "complaint",
        "feedback",
    ]

    published = _letter("Tố cáo việc thu tiền trông giữ xe")
    assert published.case.status == CaseStatus.CLOSED
    assert list(selectors.current_publications().values_list("letter", flat=True)) == [published.pk]


def test_work_lists_show_one_letter_overdue_and_one_due_soon(output):
    receiver = _user("tiepnhan")
    overdue = selectors.letter_list(
        viewer=receiver, filters=selectors.LetterFilters(urgency="overdue")
    )
    due_soon = selectors.letter_list(
        viewer=receiver, filters=selectors.LetterFilters(urgency="due_soon")
    )

    assert [letter.subject for letter in overdue] == [
        "Khiếu nại việc từ chối cấp giấy phép kinh doanh hộ cá thể"
    ]
    assert [letter.subject for letter in due_soon] == [
        "Kiến nghị bố trí thêm điểm thu gom rác thải tái chế"
    ]


def test_inspector_sees_the_denunciations_without_their_signers(output):
    inspector = _user("kiemtra")
    letter = _letter("Tố cáo việc thu tiền trông giữ xe")

    assert policies.can_view_letter(inspector, letter)
    assert not policies.can_view_identity(inspector, letter)
    text = selectors.letter_text_for(viewer=inspector, letter=letter)
    assert "Trịnh Thị Loan" not in text
    assert "Lò Sũ" not in text
    assert "Trịnh Thị Loan" in selectors.letter_text_for(viewer=_user("lanhdao"), letter=letter)
    assert "Trịnh Thị Loan" not in selectors.current_publications().get().text


ROUTES = [
    # A land complaint in the commune goes to the commune, whose chairman resolves complaints
    # against its decisions (Luật Khiếu nại Art. 17).
    ("complaint", "administrative-land", True, "hn-ubnd-hoan-kiem"),
    ("complaint", None, False, "hn-thanh-tra"),
    ("denunciation", "corruption", False, "hn-thanh-tra"),
    ("feedback", "administrative-civil-service", False, "hn-thanh-tra"),
    ("feedback", "administrative-transport", False, "hn-btcd"),
    ("petition", "administrative-construction", True, "hn-ubnd-hoan-kiem"),
    ("complaint", "judicial", False, "hn-btcd"),
    ("denunciation", "party-and-mass-organisations-discipline", False, "hn-ubkt"),
    ("feedback", "party-and-mass-organisations", False, "hn-btgdv"),
    ("complaint", "party-and-mass-organisations", False, "hn-vp-thanh-uy"),
]


def test_the_public_form_routes_every_letter_to_a_demo_unit(output):
    hanoi = Province.objects.get(code="01")
    hoan_kiem = Ward.objects.get(code="00070")
    routed = []
    for kind, field_code, in_ward, _expected in ROUTES:
        field = Field.objects.get(code=field_code) if field_code else None
        ward = hoan_kiem if in_ward else None
        unit = receiving_unit_for(kind, matter_for_field(field), field, hanoi, ward)
        routed.append((kind, field_code, in_ward, unit.code))
    assert routed == ROUTES


def test_letters_office_roles_issuer_profiles_and_party_terms(output):
    office = Unit.objects.get(code="hn-thanh-tra")
    assert policies.can_register(_user("tiepnhan"), office.pk)
    assert policies.can_register(_user("lanhdao"), office.pk)
    assert "+ Lãnh đạo đơn vị · Thanh tra thành phố Hà Nội" in output

    issuer = doc_selectors.issuer_for(office, today_local())
    assert (issuer.symbol, issuer.place, issuer.has_profile) == ("TTr", "Hà Nội", True)
    assert doc_selectors.issuer_for(Unit.objects.get(code="hn-ubnd"), today_local()).symbol == (
        "UBND"
    )
    # A denunciation's acceptance is notified with its own form (NĐ 31/2019 Mẫu 05).
    notices = IssuedDocument.objects.filter(
        unit=office,
        template_key__in=["letters.acceptance", "letters.denunciation_acceptance_notice"],
    )
    # The sample complaint against the commune's decision is accepted at the commune.
    assert notices.count() == 3
    # Drafts awaiting their signature have no number yet; the issued ones are numbered.
    assert all(doc.symbol.endswith("/TB-TTr") for doc in notices if doc.is_issued)
    assert all(doc.symbol == "" for doc in notices if not doc.is_issued)
    term = doc_selectors.party_term_for(Unit.objects.get(code="hn-ubkt"), today_local())
    assert term is not None
    assert term.name == "2025-2030"
