"""The stored running deadline (``Letter.running_due``) follows every change of a letter and its
case through the gate, and equals the deadline computed from them (``running_due.expression``,
what the list sorted on before it was stored)."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from danvan.documents.testing import issue_drafts_about
from danvan.letters import running_due, selectors
from danvan.letters.choices import ComplexityGround, ContestedMeasure, LetterKind, SuspensionGround
from danvan.letters.models import Case, Letter
from danvan.letters.services import cases, handling
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.letters.tests.conftest import COMPLAINANT, DENOUNCER, MakeLetter, Office
from danvan.letters.tests.test_cases import open_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def stored_and_computed(letter_id: int) -> tuple[dt.date | None, dt.date | None]:
    row = (
        Letter.objects.filter(pk=letter_id)
        .annotate(computed=running_due.expression())
        .values_list("running_due", "computed")
        .get()
    )
    return row[0], row[1]


def assert_follows(letter_id: int, expected: dt.date | None) -> None:
    stored, computed = stored_and_computed(letter_id)
    assert stored == computed == expected


def test_intake_and_classification_store_the_letters_own_deadline(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = make_letter(signers=[COMPLAINANT], received_on=dt.date(2026, 9, 1))
    assert letter.due_on is not None
    assert_follows(letter.pk, letter.due_on)
    letter = handling.letter_classify(
        letter=letter,
        actor=office.receiver,
        data=handling.Classification(
            kind=LetterKind.COMPLAINT, competent_unit=office.unit, summary="Vụ việc"
        ),
    )
    assert letter.status == LetterStatus.CLASSIFIED
    assert_follows(letter.pk, letter.due_on)


def test_acceptance_extension_suspension_resumption_and_decision_move_it(
    make_letter: MakeLetter, office: Office
) -> None:
    case = open_case(make_letter, office, kind=LetterKind.DENUNCIATION, signers=[DENOUNCER])
    assert case.status == CaseStatus.IN_PROGRESS
    assert_follows(case.letter_id, case.due_on)

    case = cases.case_set_complexity(
        case=case, actor=office.leader, grounds=[ComplexityGround.SEVERAL_CONTENTS],
        reason="Hai nội dung cần xác minh",
    )  # fmt: skip
    cases.case_extend(
        case=case, actor=office.leader, days=30, decided_on=dt.date(2026, 9, 25),
        reason="Cần xác minh thêm",
    )  # fmt: skip
    case = Case.objects.get(pk=case.pk)
    assert case.due_on == dt.date(2026, 11, 2)
    assert_follows(case.letter_id, dt.date(2026, 11, 2))

    case = cases.case_suspend(
        case=case, actor=office.leader, ground=SuspensionGround.TC_WAITING,
        explanation="Chờ kết quả giám định", started_on=dt.date(2026, 9, 28),
    )  # fmt: skip
    assert case.status == CaseStatus.SUSPENDED
    assert_follows(case.letter_id, None)  # the clock stands still

    case = cases.case_resume(case=case, actor=office.leader, resumed_on=dt.date(2026, 10, 8))
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.due_on > dt.date(2026, 11, 2)
    assert_follows(case.letter_id, case.due_on)

    case = cases.case_decide(
        case=case, actor=office.leader, outcome="rejected", decided_on=dt.date(2026, 10, 20),
        findings="Nội dung tố cáo không có cơ sở.", conclusion="Tố cáo sai.",
    )  # fmt: skip
    assert case.status == CaseStatus.DECIDED
    assert_follows(case.letter_id, None)


def test_complexity_decide_and_close(make_letter: MakeLetter, office: Office) -> None:
    case = open_case(make_letter, office)
    case = cases.case_set_complexity(
        case=case, actor=office.leader, grounds=[ComplexityGround.SEVERAL_PLACES],
        reason="Xác minh tại hai xã",
    )  # fmt: skip
    assert case.due_on == dt.date(2026, 10, 16)  # the longer period of a complicated complaint
    assert_follows(case.letter_id, dt.date(2026, 10, 16))
    case = cases.case_decide(
        case=case, actor=office.leader, outcome="rejected", decided_on=dt.date(2026, 9, 25),
        legal_grounds="Luật Đất đai 2024", contested_measure=ContestedMeasure.KEEP,
        findings="Không có cơ sở.", conclusion="Bác.",
    )  # fmt: skip
    issue_drafts_about(case)
    case = cases.case_send(
        case=case, actor=office.handler, sent_on=dt.date(2026, 9, 28),
        received_on=dt.date(2026, 9, 28),
    )  # fmt: skip
    assert case.status == CaseStatus.CLOSED
    assert_follows(case.letter_id, None)


def test_a_letter_not_accepted_has_no_running_deadline(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = make_letter(signers=[COMPLAINANT], received_on=dt.date(2026, 9, 1))
    letter = handling.letter_classify(
        letter=letter,
        actor=office.receiver,
        data=handling.Classification(
            kind=LetterKind.COMPLAINT, competent_unit=office.unit, summary="Vụ việc"
        ),
    )
    letter = handling.letter_archive(letter=letter, actor=office.leader, reason="Đơn trùng lặp")
    assert letter.status not in {LetterStatus.RECEIVED, LetterStatus.CLASSIFIED}
    assert_follows(letter.pk, None)


def test_the_list_is_ordered_by_the_stored_deadline(
    make_letter: MakeLetter, office: Office
) -> None:
    early = make_letter(signers=[COMPLAINANT], received_on=dt.date(2026, 9, 1))
    late = make_letter(signers=[COMPLAINANT], received_on=dt.date(2026, 9, 20))
    case = open_case(make_letter, office, accepted_on=dt.date(2026, 8, 1))
    ids = list(selectors.letter_list(viewer=office.leader).values_list("pk", flat=True))
    assert ids.index(case.letter_id) < ids.index(early.pk) < ids.index(late.pk)


def test_the_migration_fills_the_letters_already_stored(
    make_letter: MakeLetter, office: Office
) -> None:
    letter = make_letter(signers=[COMPLAINANT], received_on=dt.date(2026, 9, 1))
    case = open_case(make_letter, office)
    suspended = cases.case_suspend(
        case=open_case(make_letter, office), actor=office.leader,
        ground=SuspensionGround.KN_WAITING, explanation="Chờ giám định",
        started_on=dt.date(2026, 9, 10),
    )  # fmt: skip
    Letter.objects.update(running_due=None)
    migration = importlib.import_module("danvan.letters.migrations.0022_running_due")
    # What the migration's function reads of its schema editor: the connection.
    migration.backfill(apps, SimpleNamespace(connection=connection))
    assert_follows(letter.pk, letter.due_on)
    assert_follows(case.letter_id, case.due_on)
    assert_follows(suspended.letter_id, None)
