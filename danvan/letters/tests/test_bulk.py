"""Bulk work on the letters list: assign, classify, propose and download many letters, each
through the single action's service, one refusal not stopping the others."""

from __future__ import annotations

import io

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from danvan.core.errors import ApplicationError
from danvan.core.models.audit import AuditEntry
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import LetterKind
from danvan.letters.models import Case, CaseAssignment, Letter
from danvan.letters.services import bulk, cases, handling
from danvan.letters.states import LetterStatus
from danvan.letters.tests import factories as lf
from danvan.letters.views.staff.bulk import RESULT_SESSION_KEY
from danvan.organizations.tests import factories as org
from danvan.workflow.bulk import MAX_ITEMS, BatchError, parse_ids
from danvan.workflow.models import Proposal

pytestmark = pytest.mark.django_db

LIST = reverse("letters:staff-letter-list")
BULK = reverse("letters:staff-letter-bulk")
DONE = reverse("letters:staff-letter-bulk-done")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world() -> lf.World:
    return lf.make_world()


def received(office: lf.Office, n: int, **kwargs) -> list[Letter]:
    return lf.receive_distinct(office.unit, office.receiver, n, **kwargs)


def accepted(office: lf.Office, n: int) -> list[Case]:
    letters = received(office, n)
    return [lf.accept(letter, office.leader, resolver=office.leader) for letter in letters]


# --- the kit's helper -----------------------------------------------------------------------


def test_parse_ids_keeps_order_drops_repeats_and_bounds_the_batch():
    assert parse_ids(["3", "1", "3", " 2 "]) == [3, 1, 2]
    with pytest.raises(BatchError, match="Choose at least one"):
        parse_ids([])
    with pytest.raises(BatchError, match="not understood"):
        parse_ids(["1", "x"])
    with pytest.raises(BatchError, match="not understood"):
        parse_ids(["-4"])
    with pytest.raises(BatchError, match=f"At most {MAX_ITEMS} items"):
        parse_ids([str(i) for i in range(1, MAX_ITEMS + 2)])


# --- assign ---------------------------------------------------------------------------------


def test_bulk_assign_of_three_letters_succeeds_with_three_audit_entries(world):
    office = world.office
    found = accepted(office, 3)
    before = AuditEntry.objects.filter(action=AuditAction.CASE_ASSIGNED).count()
    result = bulk.letters_assign(
        actor=office.leader, ids=[c.letter_id for c in found], handler_ids=[office.handler.pk]
    )
    assert result.failed == []
    assert [o.label for o in result.succeeded] == [c.letter.register_label for c in found]
    entries = AuditEntry.objects.filter(action=AuditAction.CASE_ASSIGNED)
    assert entries.count() == before + 3
    assert {e.target_id for e in entries.order_by("-id")[:3]} == {str(c.pk) for c in found}
    assert set(
        CaseAssignment.objects.filter(ended_at__isnull=True).values_list("case_id", "user_id")
    ) == {(c.pk, office.handler.pk) for c in found}


def test_bulk_assign_reports_the_one_refused_and_does_the_others(world):
    office = world.office
    cases_ = accepted(office, 2)
    not_accepted = received(office, 1)[0]
    hidden = lf.receive(world.elsewhere.unit, world.elsewhere.receiver).letter
    ids = [cases_[0].letter_id, not_accepted.pk, hidden.pk, cases_[1].letter_id]
    result = bulk.letters_assign(actor=office.leader, ids=ids, handler_ids=[office.handler.pk])
    assert [o.label for o in result.succeeded] == [c.letter.register_label for c in cases_]
    assert [(o.label, o.message) for o in result.failed] == [
        (
            not_accepted.register_label,
            "The letter has not been accepted for handling: it has no case to assign.",
        ),
        # Another unit's letter is "not found", exactly like an id that does not exist.
        (f"#{hidden.pk}", "Not found, or not yours to see."),
    ]
    assert CaseAssignment.objects.filter(ended_at__isnull=True).count() == 2


def test_bulk_assign_by_an_officer_is_refused_per_letter_by_the_service(world):
    office = world.office
    found = accepted(office, 2)
    result = bulk.letters_assign(
        actor=office.handler, ids=[c.letter_id for c in found], handler_ids=[office.handler.pk]
    )
    assert result.succeeded == []
    assert len(result.failed) == 2
    assert all(o.message for o in result.failed)
    assert not CaseAssignment.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.CASE_ASSIGNED).exists()


# --- classify -------------------------------------------------------------------------------


def test_bulk_classify_sets_the_field_and_refuses_a_letter_already_accepted(world):
    office = world.office
    field = org.FieldFactory(name="Đất đai")
    letters = received(office, 2)
    case = accepted(office, 1)[0]
    ids = [letters[0].pk, case.letter_id, letters[1].pk]
    result = bulk.letters_classify(actor=office.receiver, ids=ids, field=field)
    assert [o.label for o in result.succeeded] == [x.register_label for x in letters]
    assert [o.label for o in result.failed] == [case.letter.register_label]
    assert result.failed[0].message  # the gate's reason
    for letter in letters:
        letter.refresh_from_db()
        assert letter.field_id == field.pk
        assert letter.status == LetterStatus.CLASSIFIED
    case.letter.refresh_from_db()
    assert case.letter.field_id != field.pk


def test_bulk_classify_by_an_inspector_is_refused_on_the_server(world):
    office = world.office
    field = org.FieldFactory()
    letters = received(office, 2)
    result = bulk.letters_classify(actor=office.inspector, ids=[x.pk for x in letters], field=field)
    assert result.succeeded == []
    assert [o.message for o in result.failed] == ["You are not allowed to do this."] * 2
    assert not Letter.objects.filter(field=field).exists()


# --- propose --------------------------------------------------------------------------------


def test_bulk_propose_files_proposals_and_refuses_what_the_head_decides(world):
    office = world.office
    letters = [lf.classify(x, office.receiver) for x in received(office, 3)]
    proposed = bulk.ProposedHandling(
        move_key="archive", reasons="Đơn trùng nội dung đã giải quyết.", reason="Đơn trùng."
    )
    ids = [x.pk for x in letters]
    result = bulk.letters_propose(actor=office.receiver, ids=ids, proposed=proposed)
    assert result.failed == []
    made = Proposal.objects.filter(move_key="archive")
    assert sorted(int(p.object_id) for p in made) == sorted(x.pk for x in letters)
    assert all(p.arguments == {"reason": "Đơn trùng."} for p in made)
    # The same letters again: one open proposal per move and letter.
    again = bulk.letters_propose(actor=office.receiver, ids=[letters[0].pk], proposed=proposed)
    assert "already awaiting approval" in again.failed[0].message
    # The head decides these letters: they are refused in a batch of proposals.
    head = bulk.letters_propose(actor=office.leader, ids=[letters[1].pk], proposed=proposed)
    assert head.failed[0].message == "You decide this letter yourself: do it on the letter's page."
    assert made.count() == 3
    for letter in letters:
        letter.refresh_from_db()
        assert letter.status == LetterStatus.CLASSIFIED


# --- the pages ------------------------------------------------------------------------------


def test_the_list_wraps_the_table_in_one_bulk_form(client, world):
    office = world.office
    letters = received(office, 2)
    client.force_login(office.receiver)
    page = client.get(LIST).content.decode()
    assert f'action="{BULK}"' in page
    for letter in letters:
        assert f'name="ids" value="{letter.pk}"' in page
        assert f'name="page_ids" value="{letter.pk}"' in page
    assert 'name="all_on_page"' in page
    assert '<option value="assign">' in page


def test_bulk_pages_confirm_then_apply_then_summarise(client, world):
    office = world.office
    cases_ = accepted(office, 2)
    waiting = received(office, 1)[0]
    ids = [cases_[0].letter_id, waiting.pk, cases_[1].letter_id]
    client.force_login(office.leader)
    confirm = client.post(BULK, {"action": "assign", "ids": ids})
    assert confirm.status_code == 200
    page = confirm.content.decode()
    for case in cases_:
        assert case.letter.register_label in page
    assert office.handler.full_name in page  # the handlers of the letters' unit to choose
    assert not CaseAssignment.objects.exists()  # nothing done before the confirmation
    done = client.post(
        BULK, {"action": "assign", "ids": ids, "confirmed": "1", "handlers": [office.handler.pk]}
    )
    assert done.status_code == 302
    assert done["Location"] == DONE
    summary = client.get(DONE).content.decode()
    assert "2 of 3 items done. 1 refused:" in summary
    assert waiting.register_label in summary
    assert "it has no case to assign" in summary
    assert CaseAssignment.objects.filter(ended_at__isnull=True).count() == 2


def test_select_all_on_this_page_takes_the_page_ids(client, world):
    office = world.office
    letters = received(office, 3)
    client.force_login(office.receiver)
    page_ids = [x.pk for x in letters]
    response = client.post(BULK, {"action": "classify", "all_on_page": "1", "page_ids": page_ids})
    assert response.status_code == 200
    body = response.content.decode()
    assert all(x.register_label in body for x in letters)
    field = org.FieldFactory(name="Môi trường")
    client.post(BULK, {"action": "classify", "ids": page_ids, "confirmed": "1", "field": field.pk})
    assert Letter.objects.filter(pk__in=page_ids, field=field).count() == 3
    assert "3 of 3 items done." in client.get(DONE).content.decode()


def test_a_form_error_shows_the_confirmation_page_again(client, world):
    office = world.office
    letters = received(office, 1)
    client.force_login(office.receiver)
    response = client.post(
        BULK, {"action": "propose", "ids": [letters[0].pk], "confirmed": "1", "move": "archive"}
    )
    assert response.status_code == 200
    assert "Please correct the errors below." in response.content.decode()
    assert not Proposal.objects.exists()


def test_too_many_or_no_letters_or_no_action_are_told_not_failed(client, world):
    office = world.office
    client.force_login(office.receiver)
    too_many = client.post(
        BULK, {"action": "classify", "ids": list(range(1, MAX_ITEMS + 2))}, follow=True
    )
    assert f"At most {MAX_ITEMS} items can be handled at once" in too_many.content.decode()
    none = client.post(BULK, {"action": "classify"}, follow=True)
    assert "Choose at least one item." in none.content.decode()
    bad = client.post(BULK, {"action": "delete", "ids": [1]}, follow=True)
    assert "Choose what to do with the selected letters." in bad.content.decode()
    assert client.get(BULK).status_code == 405
    assert client.get(DONE, follow=True).status_code == 200


def test_bulk_pages_are_for_staff_only(client, world):
    letters = received(world.office, 1)
    client.force_login(world.citizen)
    response = client.post(BULK, {"action": "classify", "ids": [letters[0].pk]})
    assert response.status_code in (302, 403)
    assert RESULT_SESSION_KEY not in client.session


def test_export_of_the_selection_has_only_the_chosen_letters_the_viewer_sees(client, world):
    office = world.office
    letters = received(office, 3)
    hidden = lf.receive(world.elsewhere.unit, world.elsewhere.receiver).letter
    client.force_login(office.receiver)
    chosen = [letters[2].pk, letters[0].pk, hidden.pk]
    response = client.post(BULK, {"action": "export", "ids": chosen}, follow=True)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    expected = [letters[0].register_label, letters[2].register_label]
    assert sorted(r[1] for r in rows) == sorted(expected)
    bad = client.get(reverse("letters:staff-letter-export"), {"id": "x"}, follow=True)
    assert "The choice of items was not understood." in bad.content.decode()


# --- query counts ---------------------------------------------------------------------------


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_bulk_work_costs_the_same_per_letter_whatever_the_batch(world):
    office = world.office
    field = org.FieldFactory()
    alone, three, six = received(office, 1)[0], received(office, 3), received(office, 6)

    def single() -> None:
        with transaction.atomic():
            handling.letter_classify(
                letter=bulk.letters_chosen(viewer=office.receiver, ids=[alone.pk])[alone.pk],
                actor=office.receiver,
                data=bulk.classification_with_field(alone, field),
            )

    def classify(letters):
        return lambda: bulk.letters_classify(
            actor=office.receiver, ids=[x.pk for x in letters], field=field
        )

    one, q3, q6 = _queries(single), _queries(classify(three)), _queries(classify(six))
    # The batch costs what the single actions cost, plus one query to load the letters: nothing
    # grows with the size of the batch but the per-letter work itself.
    assert q3 <= 3 * one + 1
    assert q6 <= 6 * one + 1
    assert q6 - q3 <= 3 * one

    cases_ = accepted(office, 10)

    def assign_one() -> None:
        with transaction.atomic():
            cases.case_assign(
                case=Case.objects.select_related("letter", "unit").get(pk=cases_[0].pk),
                actor=office.leader,
                handler_ids=[office.handler.pk],
            )

    def assign(found):
        return lambda: bulk.letters_assign(
            actor=office.leader, ids=[c.letter_id for c in found], handler_ids=[office.handler.pk]
        )

    one, a3, a6 = _queries(assign_one), _queries(assign(cases_[1:4])), _queries(assign(cases_[4:]))
    assert a3 <= 3 * one + 1
    assert a6 <= 6 * one + 1


def test_the_bulk_pages_speak_vietnamese(client, world, settings):
    settings.LANGUAGE_CODE = "vi"
    office = world.office
    letters = received(office, 1)
    client.force_login(office.receiver)
    assert "Chọn tất cả trên trang này" in client.get(LIST).content.decode()
    page = client.post(BULK, {"action": "classify", "ids": [letters[0].pk, 999_999]})
    body = page.content.decode()
    assert "Xác nhận: Phân loại theo lĩnh vực" in body
    assert "Không tìm thấy, hoặc bạn không có quyền xem." in body


def test_a_forward_is_proposed_for_each_letter_but_not_to_its_own_unit(world):
    office = world.office
    # A complaint outside competence is guided, never forwarded (the gate says so): petitions.
    petitions = received(office, 2, kind=LetterKind.PETITION)
    letters = [lf.classify(x, office.receiver) for x in petitions]
    elsewhere = bulk.ProposedHandling(
        move_key="forward", reasons="Không thuộc thẩm quyền.", to_unit=world.elsewhere.unit
    )
    result = bulk.letters_propose(
        actor=office.receiver, ids=[x.pk for x in letters], proposed=elsewhere
    )
    assert result.failed == []
    made = Proposal.objects.filter(move_key="forward")
    assert {p.arguments["to_unit"] for p in made} == {world.elsewhere.unit.pk}
    own = bulk.ProposedHandling(
        move_key="forward", reasons="Thử.", to_unit=office.unit, reason="Thử."
    )
    refused = bulk.letters_propose(actor=office.receiver, ids=[letters[0].pk], proposed=own)
    assert refused.failed[0].message == "A letter cannot be forwarded to its own unit."
    with pytest.raises(ApplicationError):
        bulk.letters_propose(
            actor=office.receiver,
            ids=[letters[0].pk],
            proposed=bulk.ProposedHandling(move_key="accept", reasons="Thử."),
        )


def test_the_confirmation_page_reads_a_fixed_number_of_queries(client, world):
    office = world.office
    three, six = received(office, 3), received(office, 6)
    client.force_login(office.receiver)

    def confirm(letters) -> int:
        ids = [x.pk for x in letters]
        return _queries(lambda: client.post(BULK, {"action": "classify", "ids": ids}))

    confirm(three)  # the session and the translations are warm from here on
    assert confirm(six) == confirm(three)


def test_a_protected_letter_is_proposed_on_its_own_page_not_in_a_batch(world):
    office = world.office
    protected = lf.classify(lf.denunciation(office.unit, office.receiver), office.receiver)
    plain = lf.classify(received(office, 1)[0], office.receiver)
    proposed = bulk.ProposedHandling(move_key="archive", reasons="Lưu.", reason="Lưu đơn.")
    result = bulk.letters_propose(
        actor=office.receiver, ids=[protected.pk, plain.pk], proposed=proposed
    )
    assert [o.label for o in result.succeeded] == [plain.register_label]
    assert result.failed[0].label == protected.register_label
    assert "propose it on the letter's page" in result.failed[0].message
    assert not Proposal.objects.filter(object_id=str(protected.pk)).exists()


def test_classifying_a_denunciation_to_a_field_keeps_its_copy_without_identity(world):
    office = world.office
    letter = lf.classify(lf.denunciation(office.unit, office.receiver), office.receiver)
    redacted = letter.content_redacted
    field = org.FieldFactory(name="Cán bộ, công chức")
    result = bulk.letters_classify(actor=office.receiver, ids=[letter.pk], field=field)
    assert result.failed == []
    letter.refresh_from_db()
    assert letter.field_id == field.pk
    assert letter.content_redacted == redacted
    assert letter.identity_protected
