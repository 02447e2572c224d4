"""Protection follows the content (Luật Tố cáo Arts. 8(3), 47, 56): every letter holding
denunciation content is protected, and so is everything made from it — the parts of a split
letter, forwarded copies, a letter re-classified either way, the texts staff write about it, the
documents issued from it and the links to other letters — for every reader the law keeps the
identity from."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from danvan.core import calendar
from danvan.core.models import AuditEntry
from danvan.documents.models import IssuedDocument
from danvan.letters import policies
from danvan.letters.choices import LetterKind, NoteKind, PublicationForm, SuspensionGround
from danvan.letters.models import Case, Letter, Publication
from danvan.letters.services import cases, handling
from danvan.letters.states import LetterStatus
from danvan.letters.tests import factories as lf
from danvan.organizations.tests import factories as org
from danvan.workflow import proposals

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DENOUNCER = lf.DENOUNCER
NAME = DENOUNCER.full_name
NOTE = f"Đã làm việc với bà {NAME} (điện thoại {DENOUNCER.phone}) tại nhà riêng."


@pytest.fixture
def office() -> lf.Office:
    return lf.make_office()


def _page(user: Any, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _letter_url(letter: Letter) -> str:
    return f"/staff/letters/{letter.pk}/"


def _named_feedback(office: lf.Office) -> Letter:
    return lf.receive(
        office.unit,
        office.receiver,
        kind=LetterKind.FEEDBACK,
        signers=[DENOUNCER],
        subject="Phản ánh đường ngõ 15 xuống cấp",
        content="Đường ngõ 15 phố Lò Đúc xuống cấp, đề nghị sửa chữa.",
    ).letter


def test_a_feedback_re_classified_as_a_denunciation_stays_protected_when_changed_back(
    office: lf.Office,
) -> None:
    """Luật Tố cáo Art. 47: a change of kind never lifts the protection — re-classifying the
    letter as feedback again leaves its signer's identity closed to the inspector."""
    letter = _named_feedback(office)
    assert not letter.identity_protected
    assert policies.can_view_identity(office.inspector, letter)
    letter = lf.classify(letter, office.receiver, kind=LetterKind.DENUNCIATION)
    assert letter.protected
    assert letter.identity_protected
    assert not policies.can_view_identity(office.inspector, letter)
    letter = lf.classify(letter, office.receiver, kind=LetterKind.FEEDBACK)
    letter.refresh_from_db()
    assert letter.kind == LetterKind.FEEDBACK
    assert letter.protected
    assert letter.identity_protected
    assert not policies.can_view_identity(office.inspector, letter)
    assert NAME not in _page(office.inspector, _letter_url(letter))


def _mixed(office: lf.Office) -> Letter:
    return lf.receive(
        office.unit,
        office.receiver,
        kind=LetterKind.MIXED,
        signers=[DENOUNCER],
        subject="Khiếu nại và tố cáo",
        content=f"Tôi là {NAME}. Tôi khiếu nại quyết định số 15 và tố cáo cán bộ địa chính.",
    ).letter


def test_a_mixed_letter_is_protected_before_its_split_and_its_parts_after(
    office: lf.Office,
) -> None:
    """Luật Tiếp công dân Art. 25(3); Luật Tố cáo Art. 47: a mixed letter may hold a
    denunciation part, so its signer is closed to the inspector from registration; when the
    split has a denunciation part every part is protected, since the parts share the signer."""
    letter = _mixed(office)
    assert letter.identity_protected
    assert not policies.can_view_identity(office.inspector, letter)
    assert NAME not in _page(office.inspector, _letter_url(letter))
    parts = handling.letter_split(
        letter=letter,
        actor=office.receiver,
        parts=[
            handling.Part(LetterKind.COMPLAINT, "Khiếu nại quyết định", "Khiếu nại quyết định 15."),
            handling.Part(LetterKind.DENUNCIATION, "Tố cáo cán bộ", f"{NAME} tố cáo cán bộ."),
        ],
    )
    assert all(p.protected for p in parts)
    for part in parts:
        assert not policies.can_view_identity(office.inspector, part)
        assert policies.can_view_identity(office.receiver, part)
        assert NAME not in _page(office.inspector, _letter_url(part))
        assert NAME not in part.subject


def test_a_mixed_letter_split_without_a_denunciation_part_leaves_its_parts_open(
    office: lf.Office,
) -> None:
    """A split into a complaint and a feedback holds no denunciation: the complainant is not a
    denouncer, and the parts are read as any complaint and feedback."""
    parts = handling.letter_split(
        letter=_mixed(office),
        actor=office.receiver,
        parts=[
            handling.Part(LetterKind.COMPLAINT, "Khiếu nại", "Khiếu nại quyết định 15."),
            handling.Part(LetterKind.FEEDBACK, "Phản ánh", "Phản ánh đường xuống cấp."),
        ],
    )
    assert not any(p.identity_protected for p in parts)
    assert all(policies.can_view_identity(office.inspector, p) for p in parts)


def test_a_forwarded_copy_of_a_protected_letter_is_protected(office: lf.Office) -> None:
    """Luật Tố cáo Art. 47: the competent body's copy of a denunciation carries the same
    protection, even if that body re-classifies it."""
    other = lf.make_office("Ủy ban nhân dân xã Thử nghiệm Bắc")
    letter = lf.classify(lf.denunciation(office.unit, office.receiver), office.receiver)
    copy = handling.copy_to_unit(letter, other.unit, office.leader, "01/PC")
    assert copy.protected
    copy = lf.classify(copy, other.receiver, kind=LetterKind.FEEDBACK)
    copy.refresh_from_db()
    assert copy.identity_protected
    assert not policies.can_view_identity(other.inspector, copy)


def test_duplicate_detection_never_links_a_denunciation_to_a_named_letter(
    office: lf.Office,
) -> None:
    """Luật Tố cáo Art. 47: a denunciation by the person who earlier sent a named feedback of
    the same content is not linked to it (the link would name the denouncer to every reader of
    the feedback); two denunciations of the same person still are."""
    feedback = _named_feedback(office)

    def denunciation_of_the_same_content() -> Letter:
        return lf.receive(
            office.unit,
            office.receiver,
            kind=LetterKind.DENUNCIATION,
            signers=[DENOUNCER],
            subject=feedback.subject,
            content=feedback.content,
        ).letter

    first = denunciation_of_the_same_content()
    assert first.duplicate_of_id is None
    second = denunciation_of_the_same_content()
    assert second.duplicate_of_id == first.pk


def test_a_link_between_a_denunciation_and_a_named_letter_is_shown_to_neither_side(
    office: lf.Office,
) -> None:
    """Luật Tố cáo Art. 47: where such a link exists (recorded before this rule, or by hand),
    the inspector — who reads the feedback's signer but not the denouncer — sees neither the
    denunciation from the feedback's page nor the feedback from the denunciation's page."""
    feedback = _named_feedback(office)
    denunciation = lf.denunciation(office.unit, office.receiver)
    Letter.objects.filter(pk=denunciation.pk).update(duplicate_of=feedback)
    feedback_page = _page(office.inspector, _letter_url(feedback))
    assert NAME in feedback_page  # the inspector may read the feedback's signer
    assert denunciation.register_label not in feedback_page
    assert feedback.register_label not in _page(office.inspector, _letter_url(denunciation))
    # The receiving officer reads both identities: the link is shown.
    assert denunciation.register_label in _page(office.receiver, _letter_url(feedback))


def _case_with_note(office: lf.Office) -> Case:
    letter = lf.classify(lf.denunciation(office.unit, office.receiver), office.receiver)
    case = handling.letter_accept(
        letter=letter, actor=office.leader, accepted_on=calendar.today_local(), new_facts=True
    )
    case = cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    cases.case_note_add(
        case=case,
        actor=office.handler,
        kind=NoteKind.VERIFICATION,
        occurred_on=calendar.today_local(),
        text=NOTE,
        place=f"Nhà bà {NAME.split()[-1]}",
        participants=f"Bà {NAME}; ông cán bộ địa chính",
    )
    case.refresh_from_db()
    return case


def test_staff_notes_naming_the_denouncer_are_redacted_for_readers_without_the_right(
    office: lf.Office,
) -> None:
    """Luật Tố cáo Arts. 8(3), 47: a verification note written by the handler names the
    denouncer; the assigned handler reads it whole, the inspector and the receiving officer
    (after acceptance) read it without the name, the phone, or the given name with a title."""
    case = _case_with_note(office)
    url = f"/staff/cases/{case.pk}/"
    assert NAME in _page(office.handler, url)
    for reader in (office.inspector, office.receiver, office.other_handler):
        if not policies.can_view_letter(reader, case.letter):
            continue
        page = _page(reader, url)
        assert NAME not in page, reader
        assert DENOUNCER.phone not in page
        assert f"bà {NAME.split()[-1]}".lower() not in page.lower()
        assert "Đã làm việc với bà" in page  # the rest of the note is kept


def test_a_conclusion_for_others_never_names_the_denouncer(office: lf.Office) -> None:
    """Luật Tố cáo Arts. 35, 40, 47: the conclusion goes to the person denounced and the bodies
    concerned; whatever the head writes in its findings, conclusion or measures, it names no
    denouncer, and it is not restricted (its readers may all open it)."""
    case = _case_with_note(office)
    case = cases.case_decide(
        case=case,
        actor=office.leader,
        outcome="upheld",
        findings=f"Theo lời bà {NAME}, cán bộ đã nhận tiền.",
        conclusion="Nội dung tố cáo là đúng.",
        measures=f"Áp dụng biện pháp bảo vệ bà {NAME}, số điện thoại {DENOUNCER.phone}.",
    )
    conclusion = IssuedDocument.objects.get(
        template_key="letters.denunciation_conclusion", target_id=str(case.pk)
    )
    assert not conclusion.restricted
    text = lf.docx_text(conclusion)
    assert "Áp dụng biện pháp bảo vệ" in text
    for secret in (NAME, DENOUNCER.phone):
        assert secret not in text


def test_a_proposal_naming_the_denouncer_is_shown_without_it_once_the_proposer_lost_the_right(
    office: lf.Office,
) -> None:
    """Luật Tố cáo Art. 47: the receiving officer who proposed the acceptance may read the
    identity while the letter is registered, not after; their proposal's page then shows the
    reasons they wrote without the name, and the audit entry of it too."""
    letter = lf.classify(lf.denunciation(office.unit, office.receiver), office.receiver)
    proposal = proposals.propose(
        actor=office.receiver,
        reasons=f"Bà {NAME} ký đơn, đủ điều kiện thụ lý.",
        obj=letter,
        move_key="accept",
        changes={"accepted_on": calendar.today_local().isoformat(), "new_facts": True},
    )
    url = f"/staff/proposals/{proposal.pk}/"
    assert NAME in _page(office.receiver, url)
    proposals.approve(proposal=proposal, actor=office.leader)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ACCEPTED
    assert not policies.can_view_identity(office.receiver, letter)
    page = _page(office.receiver, url)
    assert NAME not in page
    assert "ký đơn, đủ điều kiện thụ lý" in page


def test_the_audit_entry_of_a_protected_letter_is_shown_without_the_identity(
    office: lf.Office,
) -> None:
    """Luật Tố cáo Art. 47: the auditor reads every step, not the denouncer: a reason naming
    the denouncer is shown without the name on the audit entry's page."""
    case = _case_with_note(office)
    suspended = cases.case_suspend(
        case=case,
        actor=office.leader,
        ground=SuspensionGround.TC_WAITING,
        explanation=f"Chờ kết quả giám định theo đề nghị của bà {NAME}.",
        started_on=calendar.today_local(),
    )
    entry = (
        AuditEntry.objects.filter(target_type="letters.case", target_id=str(suspended.pk))
        .filter(reason__contains=NAME)
        .first()
    )
    assert entry is not None  # the trail keeps what was written, whole
    auditor = lf.member(office.unit, lf.Role.ADMINISTRATOR)
    auditor.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    auditor = org.fresh(auditor)
    page = _page(auditor, f"/staff/audit/{entry.pk}/")
    assert NAME not in page
    assert "Chờ kết quả giám định theo đề nghị của bà" in page


def test_the_head_reviews_the_copy_without_the_identity_before_the_conclusion_is_issued(
    office: lf.Office,
) -> None:
    """Luật Tố cáo Arts. 8(3), 47: a conclusion's measures naming the denouncer are first shown
    as the recipients will read them; the same texts sent again issue the conclusion, and what
    it says is exactly that copy."""
    case = _case_with_note(office)
    client = Client()
    client.force_login(office.leader)
    measures = f"Bảo vệ bà {NAME} tại nơi cư trú."
    payload = {
        "decide-version": str(case.version),
        "decide-confirm": "on",
        "decide-outcome": "upheld",
        "decide-decided_on": calendar.today_local().strftime("%d/%m/%Y"),
        "decide-findings": "Đã xác minh tại xã.",
        "decide-conclusion": "Nội dung tố cáo là đúng.",
        "decide-measures": measures,
    }
    url = f"/staff/cases/{case.pk}/decide/"
    first = client.post(url, payload)
    assert first.status_code == 200
    # The re-rendered form carries the key of the copy the head has just seen.
    form = next(b.form for b in first.context["actions"] if b.key == "decide")
    shown = " ".join(form.errors["measures"])
    assert "Bảo vệ bà [" in shown
    assert NAME not in shown
    assert shown in first.content.decode()
    case.refresh_from_db()
    assert case.status == "in_progress"
    payload["decide-identity_review"] = form["identity_review"].value()
    second = client.post(url, payload)
    assert second.status_code == 302, second.content.decode()[:2000]
    case.refresh_from_db()
    assert case.status == "decided"
    conclusion = IssuedDocument.objects.get(
        template_key="letters.denunciation_conclusion", target_id=str(case.pk)
    )
    text = lf.docx_text(conclusion)
    assert "Bảo vệ bà [đã xóa thông tin cá nhân] tại nơi cư trú." in text
    assert NAME not in text


def test_a_published_text_reaches_the_public_without_any_signer_however_the_name_was_written(
    office: lf.Office,
) -> None:
    """Luật Tố cáo Art. 47; NĐ 31/2019 Art. 6: a conclusion published before the redaction knew
    a name written with a title ("Bà Hạnh") is still shown to the public without it."""
    letter = lf.denunciation(office.unit, office.receiver)
    Publication.objects.create(
        letter=letter,
        title="Kết luận nội dung tố cáo",
        text=f"Theo đơn của Bà {NAME.split()[-1]}, nội dung tố cáo là đúng một phần.",
        starts_on=calendar.today_local(),
        form=PublicationForm.PORTAL,
    )
    page = Client().get(reverse("letters:publications")).content.decode()
    assert "nội dung tố cáo là đúng một phần" in page
    assert NAME.split()[-1] not in page
