"""The letter's page and the case's page as an officer works in them all day: a summary with the
next step on top, the sections folded, the actions one by one (those that cannot be undone
confirmed, the server refusing without), the files previewed in the page for exactly those who
may open them, and a bounded number of queries however long the history is."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from danvan.core.models import AuditEntry
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import CaseOutcome, LetterKind, NoteKind, SuspensionGround
from danvan.letters.models import Attachment, Case, Letter
from danvan.letters.services import cases
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.letters.tests import factories as lf
from danvan.letters.tests.test_page_queries import (
    count_queries,
    new_letter,
    open_case,
    people,
    today,
)

pytestmark = pytest.mark.django_db

#: The most queries either page may cost (it must not grow with the history or the files).
QUERY_BOUND = 90


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def office() -> lf.Office:
    return lf.make_office()


def letter_url(letter: Letter) -> str:
    return reverse("letters:staff-letter-detail", args=[letter.pk])


def case_url(case: Case) -> str:
    return reverse("letters:staff-case-detail", args=[case.pk])


def preview_url(letter: Letter, attachment: Attachment) -> str:
    return reverse("letters:staff-letter-attachment-preview", args=[letter.pk, attachment.pk])


def pdf_upload(name: str) -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


# --- queries: 2 against 10 ------------------------------------------------------------------
#
# Ten history rows, notes and suspensions against two; the files are two against five (a letter
# carries at most five, ``files.max_files``).


def filed_letter(
    office: lf.Office,
    *,
    files: int,
    steps: int,
    tag: str,
    signers: int = 2,
    kind: str = "complaint",
) -> Letter:
    """A letter with ``signers`` signers, ``files`` pictures and ``steps`` classifications (a
    history row each)."""
    letter = lf.receive(
        office.unit,
        office.receiver,
        kind=kind,
        signers=people(signers, tag),
        subject=f"Đơn thử {tag}",
        attachments=[lf.png_upload(f"tep-{tag}-{i}.png") for i in range(files)],
    ).letter
    for _i in range(steps):
        letter = lf.classify(letter, office.receiver)
    return letter


def grown_case(
    office: lf.Office, *, n: int, files: int, tag: str, kind: str = LetterKind.COMPLAINT
) -> Case:
    """A case of a one-signer letter with ``files`` files, ``n`` notes and ``n`` suspensions
    and resumptions (two history rows each)."""
    letter = filed_letter(office, files=files, steps=0, tag=tag, signers=1, kind=kind)
    letter = lf.classify(letter, office.receiver)
    case = lf.accept(letter, office.leader, resolver=office.leader)
    case = cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    for i in range(n):
        cases.case_note_add(
            case=case, actor=office.handler, kind=NoteKind.VERIFICATION, occurred_on=today(),
            text=f"Biên bản xác minh số {i}.",
        )  # fmt: skip
        case = cases.case_suspend(
            case=case, actor=office.leader, ground=SuspensionGround.KN_WAITING,
            started_on=today(), explanation="Chờ giám định.",
        )  # fmt: skip
        case = cases.case_resume(case=case, actor=office.leader, resumed_on=today())
    return case


def test_letter_page_queries_do_not_grow_with_history_and_files(client, office):
    small = filed_letter(office, files=2, steps=2, tag="A")
    large = filed_letter(office, files=5, steps=10, tag="B")
    assert large.status_changes.count() >= 10
    client.force_login(office.receiver)
    page = client.get(letter_url(large)).content.decode()
    assert "tep-B-4.png" in page
    expected = count_queries(client, letter_url(small))
    assert count_queries(client, letter_url(large)) == expected
    assert expected <= QUERY_BOUND


@pytest.mark.parametrize("viewer", ["handler", "leader"])
def test_case_page_queries_do_not_grow_with_history_and_files(client, office, viewer):
    small = grown_case(office, n=2, files=2, tag="A")
    large = grown_case(office, n=10, files=5, tag="B")
    assert large.letter.status_changes.count() >= 20
    client.force_login(getattr(office, viewer))
    page = client.get(case_url(large)).content.decode()
    assert "Biên bản xác minh số 9." in page
    assert "tep-B-4.png" in page
    expected = count_queries(client, case_url(small))
    assert count_queries(client, case_url(large)) == expected
    assert expected <= QUERY_BOUND


# --- the summary on top ------------------------------------------------------------------------


def test_letter_page_opens_with_the_summary_and_the_next_step(client, office):
    letter = lf.receive(office.unit, office.receiver).letter
    client.force_login(office.receiver)
    page = client.get(letter_url(letter)).content.decode()
    summary = page.index('id="summary"')
    assert summary < page.index('id="next-step"') < page.index('id="content"')
    assert "Classify the letter" in page
    assert "working day" in page[summary : page.index('id="next-step"')]
    # The actions the person may take now, as a short list of links to their forms.
    assert 'href="#action-classify-form"' in page
    assert '<details class="card action-step" id="action-classify">' in page
    # Nothing to do: no action is offered to an inspector of the unit.
    client.force_login(office.inspector)
    page = client.get(letter_url(letter)).content.decode()
    assert "action-classify" not in page


def test_case_page_summary_names_the_handlers_the_resolver_and_the_next_step(client, office):
    case = open_case(office, 1, kind=LetterKind.COMPLAINT, tag="A")
    client.force_login(office.handler)
    page = client.get(case_url(case)).content.decode()
    top = page[page.index('id="summary"') : page.index('id="next-step"') + 600]
    assert office.handler.get_full_name() in top
    assert office.leader.get_full_name() in top
    assert "Assign the verification" in top


# --- a step that cannot be undone is confirmed -----------------------------------------------


def test_the_decision_is_refused_without_the_confirmation(client, office):
    case = grown_case(office, n=0, files=0, tag="A", kind=LetterKind.PETITION)
    client.force_login(office.leader)
    page = client.get(case_url(case)).content.decode()
    assert 'name="decide-confirm"' in page
    data = {
        "decide-version": case.version,
        "decide-outcome": CaseOutcome.ANSWERED,
        "decide-decided_on": today().isoformat(),
        "decide-findings": "Đã kiểm tra thực tế.",
        "decide-conclusion": "Xã sẽ sửa đường trong quý tới.",
    }
    url = reverse("letters:staff-case-decide", args=[case.pk])
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This step cannot be undone: tick the box to confirm it" in page
    assert '<details class="card action-step action-irreversible" id="action-decide" open>' in page
    assert "Xã sẽ sửa đường trong quý tới." in page  # the input is kept
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    response = client.post(url, {**data, "decide-confirm": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED


def test_a_proposal_needs_no_confirmation_the_head_decides_it(client, office):
    letter = lf.classify(new_letter(office, 1, kind=LetterKind.PETITION, tag="A"), office.receiver)
    client.force_login(office.receiver)
    page = client.get(letter_url(letter)).content.decode()
    assert 'name="archive-confirm"' not in page  # the officer proposes filing it
    client.force_login(office.leader)
    page = client.get(letter_url(letter)).content.decode()
    assert 'name="archive-confirm"' in page
    url = reverse("letters:staff-letter-archive", args=[letter.pk])
    data = {"archive-version": letter.version, "archive-reason": "Trùng nội dung đã trả lời."}
    assert client.post(url, data).status_code == 200
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CLASSIFIED
    assert client.post(url, {**data, "archive-confirm": "on"}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.ARCHIVED


# --- previews ---------------------------------------------------------------------------------


def test_pictures_and_pdfs_are_previewed_through_the_protected_view(client, office):
    letter = lf.receive(
        office.unit,
        office.receiver,
        attachments=[lf.png_upload("anh-hien-truong.png"), pdf_upload("ban-sao.pdf")],
    ).letter
    png, pdf = letter.attachments.order_by("pk")
    client.force_login(office.receiver)
    page = client.get(letter_url(letter)).content.decode()
    assert f'<img src="{preview_url(letter, png)}" alt="Picture attached to the letter: ' in page
    assert f'<iframe class="file-preview file-preview-pdf" src="{preview_url(letter, pdf)}"' in page
    download = reverse("letters:staff-letter-attachment", args=[letter.pk, pdf.pk])
    assert f'href="{download}" download' in page  # the fallback
    response = client.get(preview_url(letter, pdf))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    b"".join(response.streaming_content)
    # The page itself is never framed.
    assert client.get(letter_url(letter))["X-Frame-Options"] == "DENY"


def test_no_preview_for_who_may_not_open_the_file(client, office):
    """A protected denunciation's original scan is neither previewed nor served to an inspector
    (no identity), nor to staff of another unit; the receiver's preview is an audited read."""
    letter = lf.receive(
        office.unit,
        office.receiver,
        kind=LetterKind.DENUNCIATION,
        attachments=[lf.png_upload("don-to-cao.png")],
    ).letter
    original = letter.attachments.get()
    url = preview_url(letter, original)
    lf.classify(letter, office.receiver)
    case = lf.accept(Letter.objects.get(pk=letter.pk), office.leader, resolver=office.leader)
    cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    client.force_login(office.inspector)
    page = client.get(letter_url(letter)).content.decode()
    assert url not in page
    assert "don-to-cao.png" not in page
    assert client.get(url).status_code == 404
    page = client.get(case_url(case)).content.decode()
    assert url not in page
    stranger = lf.make_office(name="Đơn vị khác").receiver
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    # The handler reads the identity: the preview is shown and opening it is audited.
    client.force_login(office.handler)
    assert url in client.get(letter_url(letter)).content.decode()
    before = AuditEntry.objects.filter(action=AuditAction.IDENTITY_READ).count()
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert AuditEntry.objects.filter(action=AuditAction.IDENTITY_READ).count() == before + 1


def test_a_word_file_is_only_downloaded(client, office):
    letter = lf.receive(office.unit, office.receiver, attachments=[lf.png_upload("a.png")]).letter
    attachment = letter.attachments.get()
    Attachment.objects.filter(pk=attachment.pk).update(
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    client.force_login(office.receiver)
    assert client.get(preview_url(letter, attachment)).status_code == 404
    assert preview_url(letter, attachment) not in client.get(letter_url(letter)).content.decode()
