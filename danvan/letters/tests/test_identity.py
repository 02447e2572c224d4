"""The denouncer's identity (Luật Tố cáo Art. 8(3), 47, 56): who may read it, that each read is
audited, and that no other copy (redacted text, documents, audit trail, messages) reveals it."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection

from danvan.core.gate import StaleObjectError
from danvan.core.models import AuditEntry
from danvan.letters import policies, selectors
from danvan.letters.choices import LetterKind
from danvan.letters.models import Case, Letter
from danvan.letters.services import cases, handling
from danvan.letters.tests.conftest import DENOUNCER, MakeLetter, Office, make_office
from danvan.letters.tests.factories import docx_text
from danvan.organizations.tests import factories as org

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

IDENTITY = [
    DENOUNCER.full_name,
    DENOUNCER.phone,
    DENOUNCER.email,
    DENOUNCER.id_number,
    DENOUNCER.address,
]
CONTENT = (
    f"Tôi là {DENOUNCER.full_name}, số điện thoại {DENOUNCER.phone}. Tôi tố cáo ông Nguyễn Văn X, "
    "cán bộ địa chính, đã nhận tiền khi làm sổ đỏ cho dân."
)


def _denunciation(make_letter: MakeLetter) -> Letter:
    return make_letter(
        kind=LetterKind.DENUNCIATION,
        signers=[DENOUNCER],
        content=CONTENT,
        subject="Tố cáo cán bộ địa chính",
        received_on=dt.date(2026, 9, 1),
    )


def _classified(make_letter: MakeLetter, office: Office) -> Letter:
    return handling.letter_classify(
        letter=_denunciation(make_letter),
        actor=office.receiver,
        data=handling.Classification(
            kind="denunciation",
            competent_unit=office.unit,
            summary="Tố cáo cán bộ địa chính nhận tiền",
        ),
    )


def test_receiving_officer_reads_the_identity_only_while_registering_and_classifying(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = _classified(make_letter, office)
    assert [s.full_name for s in selectors.signers_for(viewer=office.receiver, letter=letter)] == [
        DENOUNCER.full_name
    ]
    handling.letter_accept(letter=letter, actor=office.leader, accepted_on=dt.date(2026, 9, 2))
    letter = Letter.objects.get(pk=letter.pk)
    with pytest.raises(selectors.IdentityHiddenError):
        selectors.signers_for(viewer=office.receiver, letter=letter)


def test_after_acceptance_only_assigned_handlers_and_the_resolver_read_it(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = _classified(make_letter, office)
    case = handling.letter_accept(
        letter=letter, actor=office.leader, accepted_on=dt.date(2026, 9, 2)
    )
    cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    letter = Letter.objects.get(pk=letter.pk)
    superuser = org.UserFactory(is_superuser=True, is_staff=True)
    outsider = make_office("UBND xã Khác").leader
    allowed = {office.handler, office.leader}
    for person in (
        office.handler,
        office.other_handler,
        office.leader,
        office.receiver,
        office.inspector,
        office.admin,
        office.citizen,
        superuser,
        outsider,
    ):
        assert policies.can_view_identity(person, letter) is (person in allowed), person
    # An inspector sees the letter, redacted.
    assert policies.can_view_letter(office.inspector, letter)
    text = selectors.letter_text_for(viewer=office.inspector, letter=letter)
    assert all(value not in text for value in IDENTITY)
    assert "Nguyễn Văn X" in text
    assert selectors.letter_text_for(viewer=office.handler, letter=letter) == CONTENT


def test_each_read_of_a_protected_identity_is_audited(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = _classified(make_letter, office)
    before = AuditEntry.objects.filter(action="letters.identity.read").count()
    selectors.signers_for(viewer=office.receiver, letter=letter, purpose="classify")
    entry = AuditEntry.objects.filter(action="letters.identity.read").latest("id")
    assert AuditEntry.objects.filter(action="letters.identity.read").count() == before + 1
    assert entry.actor_id == office.receiver.pk
    assert entry.extra == {"purpose": "classify"}


def test_no_copy_outside_the_protected_circle_reveals_the_denouncer(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = _classified(make_letter, office)
    case = handling.letter_accept(
        letter=letter, actor=office.leader, accepted_on=dt.date(2026, 9, 2)
    )
    case = cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    case = cases.case_set_complexity(
        case=case, actor=office.leader, grounds=["contents"], reason="Hai nội dung"
    )
    cases.case_extend(
        case=case,
        actor=office.leader,
        days=20,
        decided_on=dt.date(2026, 9, 20),
        reason="Cần xác minh thêm",
    )
    case = Case.objects.get(pk=case.pk)
    case = cases.case_decide(
        case=case,
        actor=office.leader,
        outcome="upheld",
        decided_on=dt.date(2026, 10, 5),
        findings=f"Bà {DENOUNCER.full_name} cung cấp chứng cứ.",
        conclusion=f"Tố cáo của bà {DENOUNCER.full_name} là đúng; ông Nguyễn Văn X vi phạm.",
    )
    cases.publication_create(
        case=case,
        actor=office.leader,
        title="Kết luận nội dung tố cáo",
        text=case.decision_summary,
        starts_on=dt.date(2026, 10, 6),
    )
    letter = Letter.objects.get(pk=letter.pk)
    # The acceptance notice is addressed to the denouncer: kept restricted.
    assert letter.handling_document is not None
    assert letter.handling_document.restricted
    # The extension decision and the conclusion go to others: no identity in them.
    for document in [case.decision_document, *[e.document for e in case.extensions.all()]]:
        assert document is not None
        assert not document.restricted
        text = docx_text(document)
        assert all(value not in text for value in IDENTITY), text
    # The public texts.
    assert all(value not in case.decision_summary for value in IDENTITY)
    for publication in letter.publications.all():
        assert all(value not in publication.text + publication.title for value in IDENTITY)
    # The audit trail holds no personal data at all.
    for entry in AuditEntry.objects.all():
        blob = f"{entry.reason} {entry.extra} {entry.fields} {entry.target_repr}"
        assert all(value not in blob for value in IDENTITY), entry.action


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_acting_at_once_exactly_one_succeeds(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = _classified(make_letter, office)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def act(person: Any, how: str) -> None:
        try:
            copy = Letter.objects.get(pk=letter.pk)
            barrier.wait()
            if how == "classify":
                # Filing is now the head's decision (DOMAIN.md §12.1d): the receiving officer
                # corrects the classification while the head accepts.
                handling.letter_classify(
                    letter=copy, actor=person,
                    data=handling.Classification(
                        kind=copy.kind, competent_unit=office.unit, summary="Phân loại lại"
                    ),
                )  # fmt: skip
            else:
                handling.letter_accept(letter=copy, actor=person, accepted_on=dt.date(2026, 9, 2))
            results.append("ok")
        except StaleObjectError:
            results.append("stale")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(office.receiver, "classify")),
        threading.Thread(target=act, args=(office.leader, "accept")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "stale"]
    letter = Letter.objects.get(pk=letter.pk)
    assert letter.version == 3
    assert letter.status_changes.count() == 3  # received, classified, and exactly one move


def test_the_audit_trails_own_pages_do_not_reveal_the_denouncer(
    client: Any, make_letter: MakeLetter, office: Office
) -> None:
    from django.urls import reverse

    letter = _classified(make_letter, office)
    selectors.signers_for(viewer=office.receiver, letter=letter, purpose="classify")
    handling.letter_accept(letter=letter, actor=office.leader, accepted_on=dt.date(2026, 9, 2))
    client.force_login(office.admin)
    listing = client.get(reverse("core:audit-list"))
    assert listing.status_code == 200
    pages = [listing.content.decode()]
    for entry in AuditEntry.objects.filter(target_type="letters.letter")[:10]:
        detail = client.get(reverse("core:audit-detail", args=[entry.pk]))
        assert detail.status_code == 200
        pages.append(detail.content.decode())
    for page in pages:
        assert all(value not in page for value in IDENTITY)


def test_a_denunciations_subject_and_search_text_do_not_carry_the_denouncer(
    make_letter: MakeLetter, office: Office
) -> None:
    from danvan.letters.selectors import LetterFilters, letter_list

    letter = make_letter(
        kind=LetterKind.DENUNCIATION,
        signers=[DENOUNCER],
        content=CONTENT,
        subject=f"Đơn của {DENOUNCER.full_name}",
        received_on=dt.date(2026, 9, 1),
    )
    assert DENOUNCER.full_name not in letter.subject
    found = letter_list(viewer=office.inspector, filters=LetterFilters(q="Bích Ngọc"))
    assert not found.exists()
    assert letter_list(viewer=office.inspector, filters=LetterFilters(q="địa chính")).exists()


def test_the_outgoing_register_and_its_admin_do_not_name_the_denouncer(
    client: Any, make_letter: MakeLetter, office: Office
) -> None:
    from django.urls import reverse

    from danvan.documents.models import IssuedDocument

    letter = _classified(make_letter, office)
    handling.letter_accept(letter=letter, actor=office.leader, accepted_on=dt.date(2026, 9, 2))
    notice = Letter.objects.get(pk=letter.pk).handling_document
    assert notice is not None
    assert notice.restricted
    for document in IssuedDocument.objects.all():
        stored = f"{document.summary} {document.recipients} {document.title}"
        assert all(value not in stored for value in IDENTITY)
    office.admin.is_staff = True
    office.admin.save(update_fields=["is_staff"])
    client.force_login(office.admin)
    pages = [
        client.get(reverse("documents:register")),
        client.get(reverse("admin:documents_issueddocument_change", args=[notice.pk])),
    ]
    for page in pages:
        assert page.status_code == 200
        assert all(value not in page.content.decode() for value in IDENTITY)
