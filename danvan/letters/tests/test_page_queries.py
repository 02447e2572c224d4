"""The letter's page and the case's page read what they show in a fixed number of queries,
however many signers, files, history rows, notices, notes, assignments and withdrawals there
are (``danvan.letters.page_selectors``).

Each test builds a small letter (one signer, one file, the shortest history) and a large one
through the services, then asserts that both pages cost the same number of queries for the
same viewer. Both letters go through the same kinds of steps so that the page shows the same
sections and forms; only the number of rows differs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.core import calendar
from danvan.letters.choices import (
    ComplexityGround,
    LetterKind,
    NoteKind,
    SuspensionGround,
    WithdrawalScope,
)
from danvan.letters.models import Case, Letter, Signer
from danvan.letters.services import cases, clusters, complaints, handling, intake
from danvan.letters.tests import factories as lf
from danvan.organizations.tests import factories as org

pytestmark = pytest.mark.django_db

#: How many of each thing the large letter has (the small one has one).
MANY = 4


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def office() -> lf.Office:
    return lf.make_office()


def today() -> dt.date:
    return calendar.today_local()


def people(n: int, tag: str) -> list[intake.SignerInput]:
    """``n`` people of their own: no letter is taken for a duplicate of another's."""
    code = sum(ord(ch) for ch in tag)
    return [
        intake.SignerInput(
            full_name=f"Người ký {tag} số {i}",
            phone=f"0913{code:03d}{i:03d}",
            address=f"Thôn {tag}{i}, xã Thử nghiệm",
        )
        for i in range(1, n + 1)
    ]


def new_letter(office: lf.Office, n: int, *, kind: str, tag: str) -> Letter:
    """A letter with ``n`` signers and ``n`` files."""
    return lf.receive(
        office.unit,
        office.receiver,
        kind=kind,
        signers=people(n, tag),
        subject=f"Đơn thử {tag}",
        attachments=[lf.png_upload(f"tep-{tag}-{i}.png") for i in range(n)],
    ).letter


def open_case(office: lf.Office, n: int, *, kind: str, tag: str) -> Case:
    """An accepted letter whose case the leader resolves and the handler works on, with ``n``
    notes, ``n`` suspensions and resumptions (two history rows and two issued decisions each)
    and ``n`` comings and goings of the other handler (an assignment each); a denunciation is
    also extended by decision (once, or twice for ``n`` > 1)."""
    letter = lf.classify(new_letter(office, n, kind=kind, tag=tag), office.receiver)
    if kind == LetterKind.COMPLAINT and n > 1:
        # A group complaint is accepted with its representatives (TT 07/2013 Art. 5).
        first = letter.signers.order_by("position").values_list("pk", flat=True)[:1]
        letter = complaints.letter_record_representatives(
            letter=letter, actor=office.receiver, representative_ids=list(first),
            every_signature=True,
        )  # fmt: skip
    case = lf.accept(letter, office.leader, resolver=office.leader)
    case = cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    for i in range(n):
        cases.case_note_add(
            case=case,
            actor=office.handler,
            kind=NoteKind.VERIFICATION,
            occurred_on=today(),
            text=f"Biên bản xác minh số {i}.",
        )
    if kind == LetterKind.DENUNCIATION:  # extended by decision, once or twice
        grounds = [ComplexityGround.SEVERAL_PLACES, ComplexityGround.MANY_PEOPLE]
        case = cases.case_set_complexity(
            case=case, actor=office.leader, grounds=grounds, reason="Nhiều nơi, nhiều người."
        )
        for _i in range(min(n, 2)):
            cases.case_extend(
                case=case, actor=office.leader, days=10, decided_on=today(), reason="Cần thêm."
            )
            case.refresh_from_db()
    for _i in range(n):
        case = cases.case_suspend(
            case=case, actor=office.leader, ground=WAITING[case.kind], started_on=today(),
            explanation="Chờ giám định.",
        )  # fmt: skip
        case = cases.case_resume(case=case, actor=office.leader, resumed_on=today())
        both = [office.handler.pk, office.other_handler.pk]
        case = cases.case_assign(case=case, actor=office.leader, handler_ids=both)
        case = cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    return case


#: A listed suspension ground for each kind (Luật Khiếu nại Art. 11a; Luật Tố cáo Art. 34(1)).
WAITING = {
    LetterKind.COMPLAINT: SuspensionGround.KN_WAITING,
    LetterKind.DENUNCIATION: SuspensionGround.TC_WAITING,
}


def withdraw_parts(case: Case, office: lf.Office, n: int) -> None:
    """``n`` partial withdrawals, each by every signer (the case goes on)."""
    signer_ids = list(Signer.objects.filter(letter=case.letter).values_list("pk", flat=True))
    for i in range(n):
        cases.case_withdraw(
            case=case,
            actor=office.handler,
            scope=WithdrawalScope.PARTIAL,
            signer_ids=signer_ids,
            received_on=today(),
            content=f"Rút phần thứ {i} của nội dung.",
        )


def letter_url(letter: Letter) -> str:
    return reverse("letters:staff-letter-detail", args=[letter.pk])


def case_url(case: Case) -> str:
    return reverse("letters:staff-case-detail", args=[case.pk])


def count_queries(client: Any, url: str) -> int:
    client.get(url)  # warm the session and the calendar cache
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def assert_same_queries(
    client: Any, django_assert_num_queries: Callable[..., Any], small: str, large: str
) -> int:
    expected = count_queries(client, small)
    client.get(large)
    with django_assert_num_queries(expected):
        assert client.get(large).status_code == 200
    return expected


# --- the letter's page --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [LetterKind.COMPLAINT, LetterKind.DENUNCIATION])
def test_letter_page_of_a_letter_being_registered(client, office, django_assert_num_queries, kind):
    """The receiving officer reads the signers and the files, and has the handling forms."""
    small = lf.classify(new_letter(office, 1, kind=kind, tag="A"), office.receiver)
    large = new_letter(office, MANY, kind=kind, tag="B")
    for _i in range(MANY):  # each classification is a step of the history
        large = lf.classify(large, office.receiver)
    client.force_login(office.receiver)
    page = client.get(letter_url(large)).content.decode()
    assert "Người ký B số 4" in page
    assert "tep-B-3.png" in page
    assert_same_queries(client, django_assert_num_queries, letter_url(small), letter_url(large))


@pytest.mark.parametrize("kind", [LetterKind.COMPLAINT, LetterKind.DENUNCIATION])
@pytest.mark.parametrize("viewer", ["receiver", "handler", "inspector"])
def test_letter_page_of_an_accepted_letter(client, office, django_assert_num_queries, kind, viewer):
    """History, notices, signers (for those who may read them) and files of a letter whose
    case has gone on for a while."""
    small = open_case(office, 1, kind=kind, tag="A").letter
    large = open_case(office, MANY, kind=kind, tag="B").letter
    client.force_login(getattr(office, viewer))
    page = client.get(letter_url(large)).content.decode()
    assert page.count("Chờ giám định.") == MANY  # the reasons in the history
    # The acceptance notice (for a denunciation the acceptance decision and its two notices,
    # Luật Tố cáo Art. 29), a suspension and a resumption each time, the extensions.
    acceptance = 3 if kind == LetterKind.DENUNCIATION else 1
    notices = acceptance + 2 * MANY + (2 if kind == LetterKind.DENUNCIATION else 0)
    protected = kind == LetterKind.DENUNCIATION and viewer != "handler"
    links = notices - 1 if protected else notices  # the notice to the denouncer names them
    # Each notice is offered as DOCX and as PDF.
    assert page.count(f"/staff/letters/{large.pk}/documents/") == 2 * links
    assert page.count(f"/staff/letters/{large.pk}/documents/") == 2 * page.count('/pdf/"')
    assert_same_queries(client, django_assert_num_queries, letter_url(small), letter_url(large))


def related(office: lf.Office, n: int, tag: str) -> Letter:
    """A letter with ``n`` later letters of the same person and content (its family), ``n``
    letters of other people grouped with it in a cluster and ``n`` more of the same commune that
    could join it."""
    ward = org.WardFactory()
    person = people(1, tag)
    lead = lf.receive(office.unit, office.receiver, ward=ward, signers=person).letter
    for _i in range(n):
        lf.receive(office.unit, office.receiver, ward=ward, signers=person)
    others = [
        lf.receive(
            office.unit,
            office.receiver,
            ward=ward,
            signers=people(1, f"{tag}{i}"),
            subject=f"Ngập úng ngõ {tag}{i}",
        ).letter
        for i in range(2 * n)
    ]
    clusters.cluster_create(
        unit=office.unit, title=f"Cụm {tag}", lead=lead, actor=office.receiver, letters=others[:n]
    )
    lead.refresh_from_db()
    return lead


@pytest.mark.parametrize("viewer", ["receiver", "inspector"])
def test_letter_page_with_related_letters(client, office, django_assert_num_queries, viewer):
    """The same person's letters of the same content, the cluster and the candidates to join
    it are listed, each linked when the viewer may open it."""
    small = related(office, 1, "A")
    large = related(office, MANY, "B")
    assert large.duplicate_of_id is None
    assert Letter.objects.filter(duplicate_of=large).count() == MANY
    client.force_login(getattr(office, viewer))
    page = client.get(letter_url(large)).content.decode()
    assert f"Ngập úng ngõ B{2 * MANY - 1}" in page  # a candidate
    assert_same_queries(client, django_assert_num_queries, letter_url(small), letter_url(large))


def split_letter(office: lf.Office, n: int, tag: str) -> Letter:
    """A letter of mixed content split into ``n`` parts, each registered as a letter."""
    mixed = new_letter(office, 1, kind=LetterKind.MIXED, tag=tag)
    parts = [
        handling.Part(
            kind=LetterKind.PETITION,
            subject=f"Kiến nghị {tag} số {i}",
            content=f"Nội dung kiến nghị {tag} số {i}.",
        )
        for i in range(n)
    ]
    handling.letter_split(
        letter=lf.classify(mixed, office.receiver), actor=office.receiver, parts=parts
    )
    mixed.refresh_from_db()
    return mixed


@pytest.mark.parametrize("viewer", ["receiver", "inspector"])
def test_letter_page_of_a_split_letter_and_its_parts(
    client, office, django_assert_num_queries, viewer
):
    """The letter lists the letters made from it; each part names the letter it came from."""
    small = split_letter(office, 2, "A")
    large = split_letter(office, 2 * MANY, "B")
    client.force_login(getattr(office, viewer))
    page = client.get(letter_url(large)).content.decode()
    assert page.count("To:") == 2 * MANY
    assert_same_queries(client, django_assert_num_queries, letter_url(small), letter_url(large))
    part_of_small = small.derived_letters.order_by("pk").first()
    part_of_large = large.derived_letters.order_by("pk").last()
    page = client.get(letter_url(part_of_large)).content.decode()
    assert f'From: <a href="{letter_url(large)}">{large.register_label}</a>' in page
    assert_same_queries(
        client, django_assert_num_queries, letter_url(part_of_small), letter_url(part_of_large)
    )


# --- the case's page ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [LetterKind.COMPLAINT, LetterKind.DENUNCIATION])
@pytest.mark.parametrize("viewer", ["handler", "leader", "inspector"])
def test_case_page(client, office, django_assert_num_queries, kind, viewer):
    """Notes, assignments, suspensions, history and decisions grow; the queries do not."""
    small = open_case(office, 1, kind=kind, tag="A")
    large = open_case(office, MANY, kind=kind, tag="B")
    assert large.notes.count() == MANY
    assert large.assignments.count() == MANY + 1
    client.force_login(getattr(office, viewer))
    page = client.get(case_url(large)).content.decode()
    assert "Biên bản xác minh số 3." in page
    assert_same_queries(client, django_assert_num_queries, case_url(small), case_url(large))


@pytest.mark.parametrize("kind", [LetterKind.COMPLAINT, LetterKind.DENUNCIATION])
@pytest.mark.parametrize("viewer", ["handler", "inspector"])
def test_case_page_with_withdrawals(client, office, django_assert_num_queries, kind, viewer):
    """Each withdrawal names who withdrew (by name for identity readers, else by position)."""
    small = open_case(office, 1, kind=kind, tag="A")
    withdraw_parts(small, office, 1)
    large = open_case(office, MANY, kind=kind, tag="B")
    withdraw_parts(large, office, MANY)
    client.force_login(getattr(office, viewer))
    page = client.get(case_url(large)).content.decode()
    assert "Rút phần thứ 3 của nội dung." in page
    assert_same_queries(client, django_assert_num_queries, case_url(small), case_url(large))
