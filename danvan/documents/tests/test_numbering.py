"""Numbers and symbols: state series reset each 1 January, party series run through a term,
confidential documents have their own series, numbers below 10 are zero-padded, a rolled-back
issue gives its number back, issued documents do not change."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import transaction

from danvan.core import audit
from danvan.core.models import AuditEntry
from danvan.documents import numbering, services, testing
from danvan.documents.models import DocumentImmutableError, IssuedDocument
from danvan.documents.types import (
    ND30_TYPES,
    PARTY_ABBREVIATIONS,
    STATE_ABBREVIATIONS,
    DocumentType,
    abbreviation,
)
from danvan.organizations.models import DocumentFormat
from danvan.organizations.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

ND30, HD36 = DocumentFormat.ND30, DocumentFormat.HD36


# --- pure formatting ---------------------------------------------------------------------------


def test_numbers_below_ten_get_a_leading_zero():
    assert [numbering.padded(n) for n in (1, 5, 9, 10, 15, 123)] == [
        "01",
        "05",
        "09",
        "10",
        "15",
        "123",
    ]
    with pytest.raises(ValueError, match="start at 1"):
        numbering.padded(0)


@pytest.mark.parametrize(
    ("doc_type", "fmt", "drafting", "expected"),
    [
        (DocumentType.NOTICE, ND30, "", "05/TB-UBND"),
        (DocumentType.DECISION, ND30, "", "05/QĐ-UBND"),
        (DocumentType.SUBMISSION, ND30, "", "05/TTr-UBND"),
        (DocumentType.OFFICIAL_LETTER, ND30, "TCD", "05/UBND-TCD"),
        (DocumentType.OFFICIAL_LETTER, ND30, "", "05/UBND"),
        (DocumentType.NOTICE, HD36, "", "05-TB/UBND"),
        (DocumentType.RULES, HD36, "", "05-QĐi/UBND"),
        (DocumentType.OFFICIAL_LETTER, HD36, "", "05-CV/UBND"),
        (DocumentType.TRANSFER_SLIP, HD36, "", "05-PC/UBND"),  # not in the party list: NĐ 30's
    ],
)
def test_symbols_follow_each_format(doc_type, fmt, drafting, expected):
    text = numbering.symbol(
        number_text="05",
        doc_type=doc_type,
        fmt=fmt,
        issuer_symbol="UBND",
        drafting_symbol=drafting,
    )
    assert text == expected


def test_number_lines():
    assert numbering.number_line("05/TB-UBND", ND30) == "Số: 05/TB-UBND"
    assert numbering.number_line("05-TB/TU", HD36) == "Số 05-TB/TU"


def test_the_29_state_types_and_their_abbreviations():
    assert len(ND30_TYPES) == 29
    without = {t for t in ND30_TYPES if t not in STATE_ABBREVIATIONS}
    assert without == {DocumentType.OFFICIAL_LETTER, DocumentType.PUBLIC_LETTER}
    assert STATE_ABBREVIATIONS[DocumentType.RULES] == "QyĐ"
    assert PARTY_ABBREVIATIONS[DocumentType.CONCLUSION] == "KL"
    with pytest.raises(ValueError, match="not a type"):
        abbreviation(DocumentType.CIRCULAR, ND30)  # thông tri is a party type only


@pytest.mark.parametrize(
    ("day", "pad", "expected"),
    [
        (dt.date(2026, 2, 5), True, "Hà Nội, ngày 05 tháng 02 năm 2026"),
        (dt.date(2026, 1, 9), True, "Hà Nội, ngày 09 tháng 01 năm 2026"),
        (dt.date(2026, 3, 5), True, "Hà Nội, ngày 05 tháng 3 năm 2026"),
        (dt.date(2026, 11, 26), True, "Hà Nội, ngày 26 tháng 11 năm 2026"),
        (dt.date(2026, 2, 5), False, "Hà Nội, ngày 5 tháng 2 năm 2026"),
    ],
)
def test_date_lines(day, pad, expected):
    assert numbering.date_line("Hà Nội", day, zero_pad=pad) == expected


def test_a_date_line_without_a_place():
    assert numbering.date_line("", dt.date(2026, 2, 5)) == "Ngày 05 tháng 02 năm 2026"


# --- the service -------------------------------------------------------------------------------


def _issue(unit, actor, key="documents_tests.notice", context=None, **kwargs):
    from danvan.documents.tests.conftest import NOTICE_CONTEXT

    values = context if context is not None else NOTICE_CONTEXT
    return testing.issue_now(unit=unit, template_key=key, context=values, actor=actor, **kwargs)


@time_machine.travel(dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC), tick=False)
def test_state_numbers_count_up_with_zero_padding(state_unit, officer):
    docs = [_issue(state_unit, officer) for _ in range(10)]
    assert [d.number for d in docs] == list(range(1, 11))
    assert docs[0].symbol == "01/TB-VP"
    assert docs[0].number_line == "Số: 01/TB-VP"
    assert docs[9].symbol == "10/TB-VP"
    assert docs[0].issued_on == dt.date(2026, 2, 5)
    assert docs[0].series_key == f"documents:{state_unit.pk}:nd30:thong_bao:year-2026:open"


def test_state_numbers_restart_on_1_january(state_unit, officer):
    with time_machine.travel(dt.datetime(2026, 12, 31, 9, 0, tzinfo=dt.UTC), tick=False):
        assert _issue(state_unit, officer).number == 1
        assert _issue(state_unit, officer).number == 2
    with time_machine.travel(dt.datetime(2027, 1, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        first = _issue(state_unit, officer)
    assert first.number == 1
    assert first.symbol == "01/TB-VP"


@time_machine.travel(dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC), tick=False)
def test_each_type_has_its_own_series_and_a_letter_has_no_type(state_unit, officer):
    assert _issue(state_unit, officer).symbol == "01/TB-VP"
    letter = _issue(
        state_unit,
        officer,
        key="documents_tests.letter",
        context={"recipient": "Ông Lê Văn Cúc", "answer": "Nội dung trả lời."},
    )
    assert letter.symbol == "01/VP-TCD"
    assert _issue(state_unit, officer).symbol == "02/TB-VP"


@time_machine.travel(dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC), tick=False)
def test_confidential_documents_have_their_own_series(state_unit, officer):
    open_one = _issue(state_unit, officer)
    secret = _issue(state_unit, officer, confidential=True)
    open_two = _issue(state_unit, officer)
    assert (open_one.number, secret.number, open_two.number) == (1, 1, 2)
    assert secret.series_key.endswith(":secret")
    assert secret.confidential


@time_machine.travel(dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC), tick=False)
def test_party_numbers_run_through_the_term_not_the_year(party_tree, superuser):
    committee = party_tree["committee"]
    in_2025 = _issue(committee, superuser, issued_on=dt.date(2025, 12, 30))
    in_2026 = _issue(committee, superuser)
    assert (in_2025.number, in_2026.number) == (1, 2)  # 1 January does not reset a party series
    assert in_2026.symbol == "02-TB/TU"
    assert in_2026.number_line == "Số 02-TB/TU"
    assert in_2026.document_format == HD36
    # The previous term had its own series.
    old_term = _issue(committee, superuser, issued_on=dt.date(2025, 10, 15))
    assert old_term.number == 1
    assert old_term.series_key != in_2026.series_key


@time_machine.travel(dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC), tick=False)
def test_a_board_numbers_through_its_committees_term(party_tree, superuser):
    board = party_tree["board"]
    doc = _issue(board, superuser)
    assert doc.symbol == "01-TB/BTGDVTU"
    assert doc.series_key.startswith(f"documents:{board.pk}:hd36:thong_bao:term-")
    assert _issue(party_tree["committee"], superuser).number == 1  # each body its own series


@time_machine.travel(dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC), tick=False)
def test_a_party_body_without_a_term_is_told_to_record_one(superuser):
    cell = UnitFactory(name="Chi bộ Thử nghiệm", kind="party_cell")
    with pytest.raises(services.DocumentError, match="term"):
        _issue(cell, superuser)
    assert IssuedDocument.objects.count() == 0


@time_machine.travel(dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC), tick=False)
def test_the_refusal_is_worded_in_vietnamese(superuser, settings):
    settings.LANGUAGE_CODE = "vi"
    cell = UnitFactory(name="Chi bộ Thử nghiệm", kind="party_cell")
    with pytest.raises(
        services.DocumentError, match="Chưa có nhiệm kỳ nào bao gồm ngày 05/02/2026"
    ):
        _issue(cell, superuser)


@time_machine.travel(dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC), tick=False)
def test_a_date_in_the_future_is_refused(state_unit, officer):
    with pytest.raises(services.DocumentError, match="future"):
        _issue(state_unit, officer, issued_on=dt.date(2026, 2, 6))


@time_machine.travel(dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC), tick=False)
def test_a_rolled_back_issue_gives_its_number_back(state_unit, officer):
    def issue_then_fail():
        with transaction.atomic():
            assert _issue(state_unit, officer).number == 1
            raise RuntimeError("the caller fails after issuing")

    with pytest.raises(RuntimeError):
        issue_then_fail()
    assert IssuedDocument.objects.count() == 0
    assert _issue(state_unit, officer).number == 1


@time_machine.travel(dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC), tick=False)
def test_a_missing_value_takes_no_number(state_unit, officer):
    from danvan.documents.templates import TemplateError

    with pytest.raises(TemplateError, match="case_number"):
        _issue(state_unit, officer, context={"recipient": "x"})
    assert _issue(state_unit, officer).number == 1


@time_machine.travel(dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC), tick=False)
def test_an_outsider_cannot_issue_for_a_unit(state_unit, make_member):
    from danvan.organizations.roles import Role

    outsider = make_member(Role.UNIT_LEADER, UnitFactory()).user
    with pytest.raises(PermissionDenied):
        _issue(state_unit, outsider)
    assert _issue(state_unit, audit.SYSTEM).created_by is None  # the platform itself may


@time_machine.travel(dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC), tick=False)
def test_issuing_is_audited_without_personal_data(state_unit, officer):
    doc = _issue(state_unit, officer, target=state_unit, restricted=True)
    entry = AuditEntry.objects.get(action="documents.document.issued")
    assert entry.target_id == str(doc.pk)
    assert entry.extra["symbol"] == "01/TB-VP"
    assert entry.extra["about_type"] == "organizations.unit"
    assert entry.extra["restricted"] is True
    assert "Lê Văn Cúc" not in str(entry.extra) + entry.reason
    assert doc.target_type == "organizations.unit"
    assert doc.target_id == str(state_unit.pk)


@time_machine.travel(dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC), tick=False)
def test_an_issued_document_cannot_change_except_its_replacement(state_unit, officer):
    first = _issue(state_unit, officer)
    first.summary = "Sửa trích yếu"
    with pytest.raises(DocumentImmutableError):
        first.save()
    with pytest.raises(DocumentImmutableError):
        first.delete()
    first.refresh_from_db()
    second = _issue(state_unit, officer, replaces=first)
    first.refresh_from_db()
    assert first.replaced_by == second
    assert AuditEntry.objects.filter(action="documents.document.replaced").count() == 1
    with pytest.raises(services.DocumentError):
        _issue(state_unit, officer, replaces=first)  # already replaced


@time_machine.travel(dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC), tick=False)
def test_the_file_is_stored_privately_with_its_hash(state_unit, officer, settings):
    import hashlib
    from pathlib import Path

    doc = _issue(state_unit, officer)
    assert doc.file.name.startswith("documents/2026/")
    assert doc.file.name.endswith(".docx")
    path = Path(settings.MEDIA_ROOT) / doc.file.name
    assert hashlib.sha256(path.read_bytes()).hexdigest() == doc.sha256


def test_files_left_by_rolled_back_issues_are_purged(
    state_unit, officer, settings, django_capture_on_commit_callbacks
):
    from io import StringIO
    from pathlib import Path

    from django.core.management import call_command

    def issue_then_fail():
        with transaction.atomic():
            _issue(state_unit, officer)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        issue_then_fail()
    with django_capture_on_commit_callbacks(execute=True):
        kept = _issue(state_unit, officer)  # its draft's file goes once the issue commits
    files = sorted((Path(settings.MEDIA_ROOT) / "documents").rglob("*.docx"))
    assert len(files) == 3  # the rolled-back issue left its draft's and its numbered file
    call_command("purge_document_files", stdout=StringIO())  # too recent: kept
    assert len(list((Path(settings.MEDIA_ROOT) / "documents").rglob("*.docx"))) == 3
    out = StringIO()
    call_command("purge_document_files", older_than_minutes=0, stdout=out)
    left = list((Path(settings.MEDIA_ROOT) / "documents").rglob("*.docx"))
    assert [p.relative_to(settings.MEDIA_ROOT).as_posix() for p in left] == [kept.file.name]
    assert "2" in out.getvalue()
