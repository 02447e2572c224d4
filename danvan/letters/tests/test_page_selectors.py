"""What the page selectors give each viewer: the identity only to those who may read it, each
read audited once; the case's page reads none (``danvan.letters.page_selectors``)."""

from __future__ import annotations

import pytest
from django.utils import translation

from danvan.core.models import AuditEntry
from danvan.letters import page_selectors
from danvan.letters.choices import WithdrawalScope
from danvan.letters.models import Case, Signer
from danvan.letters.services import cases
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.letters.tests import factories as lf

pytestmark = pytest.mark.django_db

IDENTITY_READ = "letters.identity.read"


@pytest.fixture
def office() -> lf.Office:
    return lf.make_office()


def accepted_denunciation(office: lf.Office) -> Case:
    letter = lf.denunciation(office.unit, office.receiver, attachments=[lf.png_upload()])
    case = lf.accept(letter, office.leader, resolver=office.leader)
    return cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])


def reads() -> int:
    return AuditEntry.objects.filter(action=IDENTITY_READ).count()


def test_letter_page_gives_the_handler_the_signers_and_audits_the_read(office):
    case = accepted_denunciation(office)
    before = reads()
    page = page_selectors.letter_page(viewer=office.handler, letter=case.letter)
    assert page.can_view_identity
    assert [s.full_name for s in page.signers] == [lf.DENOUNCER.full_name]
    assert lf.DENOUNCER.full_name in page.text
    assert reads() == before + 1
    entry = AuditEntry.objects.filter(action=IDENTITY_READ).latest("id")
    assert entry.actor_id == office.handler.pk
    assert entry.extra == {"purpose": "letter_page"}
    assert page.case == case
    assert page.documents
    assert all(row.downloadable for row in page.documents)


@pytest.mark.parametrize("viewer", ["inspector", "receiver", "other_handler"])
def test_letter_page_hides_the_denouncer_from_everyone_else(office, viewer):
    case = accepted_denunciation(office)
    before = reads()
    page = page_selectors.letter_page(viewer=getattr(office, viewer), letter=case.letter)
    assert not page.can_view_identity
    assert page.signers == ()
    assert page.text == case.letter.content_redacted
    assert lf.DENOUNCER.full_name not in page.text
    assert page.attachments == ()  # no redacted copy of the file yet
    acceptance = [row for row in page.documents if row.document.restricted]
    assert acceptance
    assert not any(row.downloadable for row in acceptance)
    assert reads() == before


def test_history_rows_carry_the_labels_of_both_tables(office):
    case = accepted_denunciation(office)
    page = page_selectors.letter_page(viewer=office.inspector, letter=case.letter)
    steps = [(row.change.from_status, row.change.to_status) for row in page.history]
    assert steps[0] == ("", "received")
    assert ("", "in_progress") in steps  # the case's first step, in the same history
    labels = {row.to_label for row in page.history}
    assert str(CaseStatus.IN_PROGRESS.label) in labels  # the case's state, by the case's label
    assert str(LetterStatus.RECEIVED.label) in labels
    assert all(row.when.count("/") == 2 for row in page.history)  # dd/mm/YYYY HH:MM


def test_case_page_reads_no_identity(office):
    case = accepted_denunciation(office)
    signer = Signer.objects.get(letter=case.letter)
    cases.case_withdraw(
        case=case,
        actor=office.handler,
        scope=WithdrawalScope.PARTIAL,
        signer_ids=[signer.pk],
        received_on=case.accepted_on,
        content="Rút một phần.",
    )
    before = reads()
    page = page_selectors.case_page(viewer=office.handler, case=case)
    assert reads() == before
    assert page.can_view_identity
    (withdrawal,) = page.withdrawals
    (loaded,) = withdrawal.signers.all()
    assert {"full_name", "id_number", "phone", "email", "address"} <= loaded.get_deferred_fields()
    assert [a.user_id for a in page.handlers] == [office.handler.pk]


def test_withdrawal_rows_name_signers_only_from_the_names_given(office):
    case = accepted_denunciation(office)
    signer = Signer.objects.get(letter=case.letter)
    cases.case_withdraw(
        case=case,
        actor=office.handler,
        scope=WithdrawalScope.PARTIAL,
        signer_ids=[signer.pk],
        received_on=case.accepted_on,
        content="Rút một phần.",
    )
    withdrawals = page_selectors.case_page(viewer=office.inspector, case=case).withdrawals
    with translation.override("en"):
        (hidden,) = page_selectors.withdrawal_rows(withdrawals, None)
    assert hidden.who == ["Signer 1"]
    (named,) = page_selectors.withdrawal_rows(withdrawals, {signer.pk: "Đoàn Thị Mỹ Hạnh"})
    assert named.who == ["Đoàn Thị Mỹ Hạnh"]
