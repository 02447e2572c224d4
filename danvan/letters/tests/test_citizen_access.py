"""The writer's own letter on the tracking page: a one-time code sent to the contact on file opens
their own name, the full answer, the notices addressed to them (PDF) and their rights after the
decision, for that letter and that browser session only; the paper receipt (code and PIN) shows
nothing more than before. The outgoing mail lists the notices that go by post."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any
from zoneinfo import ZoneInfo

import pypdf
import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from danvan.core import calendar
from danvan.core.models import AuditEntry
from danvan.core.throttle import Throttled, address_of
from danvan.documents.models import IssuedDocument
from danvan.documents.testing import issue_drafts_about
from danvan.letters import citizen_rights, deadlines
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import CaseOutcome, Channel, ContestedMeasure, LetterKind
from danvan.letters.models import Case, CitizenNotice, Letter
from danvan.letters.services import cases, citizen_access, complaints, handling, intake
from danvan.letters.tests import factories as lf
from danvan.letters.tests.public_support import english_client
from danvan.notifications import services as notifications
from danvan.notifications import sms
from danvan.notifications.models import Message

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TRACK = "/tra-cuu/"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date
RECEIVED = D(2026, 3, 2)
DECIDED = D(2026, 3, 20)  # a Friday: the 30th day after it is a Sunday
NAME = lf.COMPLAINANT.full_name
CONCLUSION = f"Khiếu nại của ông {NAME} là đúng một phần: điều chỉnh diện tích thu hồi."


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN)


@pytest.fixture(autouse=True)
def _outboxes(settings: Any) -> None:
    settings.DANVAN_SMS_BACKEND = "locmem"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sms.outbox.clear()
    mail.outbox = []
    cache.clear()  # the throttles' counters live in the cache


@pytest.fixture
def office(db: Any) -> lf.Office:
    return lf.make_office()


def _complaint(office: lf.Office, **extra: Any) -> intake.IntakeResult:
    return lf.receive(office.unit, office.receiver, received_on=RECEIVED, **extra)


def _decide(office: lf.Office, letter: Letter, *, send: bool = True) -> Case:
    lf.classify(letter, office.receiver)
    case = handling.letter_accept(letter=letter, actor=office.leader, accepted_on=RECEIVED)
    case = cases.case_decide(
        case=case,
        actor=office.leader,
        outcome=CaseOutcome.PARTLY_UPHELD,
        findings="Đã xác minh tại thực địa.",
        conclusion=CONCLUSION,
        legal_grounds="Luật Đất đai 2024, Điều 81",
        contested_measure=ContestedMeasure.AMEND,
        decided_on=DECIDED,
    )
    _issue_all(case)
    if send:
        case = cases.case_send(case=case, actor=office.leader, sent_on=DECIDED)
    return case


def _issue_all(case: Case) -> None:
    """The clerk has the drafts of the letter and its case signed (on paper) and issues them:
    only issued notices reach the citizen and the outgoing mail."""
    issue_drafts_about(case.letter)
    issue_drafts_about(case)


def _answered(office: lf.Office, **extra: Any) -> tuple[intake.IntakeResult, Case]:
    with time_machine.travel(at(DECIDED), tick=False):
        result = _complaint(office, **extra)
        case = _decide(office, result.letter)
    return result, case


def _open(client: Client, result: intake.IntakeResult) -> str:
    response = client.post(TRACK, {"code": result.tracking_code, "pin": result.pin})
    assert response.status_code == 302
    return client.get(TRACK).content.decode()


def _ask(client: Client, capture: Any, channel: str = "sms") -> Any:
    with capture(execute=True):
        return client.post(TRACK, {"action": "code_request", "channel": channel})


def _code() -> str:
    found = re.search(r"(?<!\d)(\d{6})(?!\d)", sms.outbox[-1].text)
    assert found, sms.outbox[-1].text
    return found.group(1)


def _confirm(client: Client, code: str) -> Any:
    return client.post(TRACK, {"action": "code_confirm", "access_code": code})


def _decision(case: Case) -> IssuedDocument:
    case.refresh_from_db()
    assert case.decision_document is not None
    return case.decision_document


def _actions(letter: Letter, action: str) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            action=action, target_type="letters.letter", target_id=str(letter.pk)
        )
    )


# --- What the paper receipt shows ------------------------------------------------------------


def test_the_code_and_pin_alone_show_the_answer_without_the_writers_name(
    office: lf.Office,
) -> None:
    result, case = _answered(office)
    client = english_client()
    with time_machine.travel(at(DECIDED, 10), tick=False):
        html = _open(client, result)
        assert "partly right" in html or "đúng một phần" in html  # the answer is there
        assert NAME not in html
        assert "Did you write this letter?" in html
        assert "Notices addressed to you" not in html
        assert "Your rights after the decision" not in html
        assert reverse("letters:track-document", args=[_decision(case).pk]) not in html
        # The download is refused without the confirmation.
        response = client.get(reverse("letters:track-document", args=[_decision(case).pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("letters:track")


def test_a_letter_without_telephone_or_e_mail_says_to_come_in_person_or_wait_for_post(
    office: lf.Office, django_capture_on_commit_callbacks: Any
) -> None:
    no_contact = intake.SignerInput(full_name="Lò Văn Bưu", address="Bản Pá, xã Thử nghiệm")
    result, _case = _answered(office, signers=[no_contact])
    client = english_client()
    with time_machine.travel(at(DECIDED, 10), tick=False):
        html = _open(client, result)
        assert "No telephone number or e-mail address is on file" in html
        assert "come by post" in html
        assert 'value="code_request"' not in html
        _ask(client, django_capture_on_commit_callbacks)
        assert sms.outbox == []
        assert CitizenNotice.objects.filter(letter=result.letter, by_post=True).exists()


# --- The code --------------------------------------------------------------------------------


def test_the_confirmed_writer_reads_their_name_the_full_answer_and_downloads_the_decision(
    office: lf.Office, django_capture_on_commit_callbacks: Any
) -> None:
    result, case = _answered(office)
    letter = result.letter
    client = english_client()
    with time_machine.travel(at(DECIDED, 10), tick=True):
        _open(client, result)
        response = _ask(client, django_capture_on_commit_callbacks)
        assert response.status_code == 302
        (message,) = sms.outbox
        assert message.phone == lf.COMPLAINANT.phone  # the contact on file for the signer
        sent = _actions(letter, AuditAction.TRACKING_CODE_SENT)
        assert [e.extra for e in sent] == [{"channel": "sms"}]
        # The outbox row keeps the text with the code masked.
        row = Message.objects.get(event=notifications.CODE_EVENT)
        assert _code() not in row.body

        page = client.get(TRACK).content.decode()
        assert 'name="access_code"' in page
        response = _confirm(client, _code())
        assert response.status_code == 302
        html = client.get(TRACK).content.decode()
        assert NAME in html
        assert CONCLUSION in html  # unredacted: the name is the reader's own
        assert "Notices addressed to you" in html
        document = _decision(case)
        url = reverse("letters:track-document", args=[document.pk])
        assert url in html
        confirmed = _actions(letter, AuditAction.TRACKING_CONFIRMED)
        assert len(confirmed) == 1
        assert confirmed[0].extra["channel"] == "sms"

        download = client.get(url)
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        pdf = pypdf.PdfReader(io.BytesIO(b"".join(download.streaming_content)))
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
        assert document.symbol.split("/")[-1] in text or str(document.number) in text
        assert "Kiều" in text  # the decision is addressed to the writer
        assert _actions(letter, AuditAction.TRACKING_DOCUMENT_DOWNLOADED)


def test_a_wrong_code_is_refused_and_audited(
    office: lf.Office, django_capture_on_commit_callbacks: Any
) -> None:
    result, _case = _answered(office)
    client = english_client()
    with time_machine.travel(at(DECIDED, 10), tick=True):
        _open(client, result)
        _ask(client, django_capture_on_commit_callbacks)
        wrong = "000000" if _code() != "000000" else "111111"
        response = _confirm(client, wrong)
        html = response.content.decode()
        assert response.status_code == 200
        assert "The code is not correct. You have 4 more tries." in html
        assert NAME not in html
        refused = _actions(result.letter, AuditAction.TRACKING_CONFIRM_REFUSED)
        assert [e.extra for e in refused] == [{"reason": "CodeInvalid"}]
        # A code of the wrong shape never reaches the check.
        response = _confirm(client, "12ab")
        assert "The code has exactly 6 digits." in response.content.decode()


def test_an_expired_code_is_refused(
    office: lf.Office, django_capture_on_commit_callbacks: Any
) -> None:
    result, _case = _answered(office)
    client = english_client()
    with time_machine.travel(at(DECIDED, 10), tick=False) as traveller:
        _open(client, result)
        _ask(client, django_capture_on_commit_callbacks)
        code = _code()
        traveller.move_to(at(DECIDED, 10, 11))
        html = _confirm(client, code).content.decode()
        assert "The code has expired" in html
        assert NAME not in html


def test_a_code_opens_once(office: lf.Office, django_capture_on_commit_callbacks: Any) -> None:
    result, _case = _answered(office)
    request = RequestFactory().post(TRACK)
    with time_machine.travel(at(DECIDED, 10), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            challenge = citizen_access.access_code_send(
                letter=result.letter, channel="sms", request=request
            )
        code = _code()
        signer = citizen_access.access_code_confirm(
            letter=result.letter, challenge_id=challenge, code=code, request=request
        )
        assert signer.full_name == NAME
        with pytest.raises(notifications.CodeUsed):
            citizen_access.access_code_confirm(
                letter=result.letter, challenge_id=challenge, code=code, request=request
            )


def test_codes_are_throttled_per_contact_and_per_client_address(
    office: lf.Office, django_capture_on_commit_callbacks: Any
) -> None:
    result, _case = _answered(office)
    client = english_client()
    with time_machine.travel(at(DECIDED, 10), tick=False):
        _open(client, result)
        _ask(client, django_capture_on_commit_callbacks)
        _ask(client, django_capture_on_commit_callbacks)
        assert len(sms.outbox) == 1  # one code a minute for one contact
        html = client.get(TRACK).content.decode()
        assert "You have asked for too many codes. Please wait 1 minute" in html

        request = RequestFactory().post(TRACK)
        for _ in range(citizen_access.REQUEST_THROTTLE.limit):
            citizen_access.REQUEST_THROTTLE.hit(address_of(request))
        with pytest.raises(Throttled):
            citizen_access.access_code_send(letter=result.letter, channel="sms", request=request)


def test_the_confirmation_holds_for_that_session_that_letter_and_ten_minutes(
    office: lf.Office, django_capture_on_commit_callbacks: Any
) -> None:
    result, case = _answered(office)
    with time_machine.travel(at(DECIDED, 8), tick=False):
        other = lf.receive(
            office.unit,
            office.receiver,
            signers=[intake.SignerInput(full_name="Mùa Thị Khác", phone="0988777666")],
            received_on=RECEIVED,
        )
        _decide(office, other.letter)
    other_case = Case.objects.get(letter=other.letter)
    client = english_client()
    with time_machine.travel(at(DECIDED, 10), tick=False) as traveller:
        _open(client, result)
        _ask(client, django_capture_on_commit_callbacks)
        _confirm(client, _code())
        assert NAME in client.get(TRACK).content.decode()

        # Another browser with the same code and PIN sees nothing more than the receipt shows.
        stranger = english_client()
        html = _open(stranger, result)
        assert NAME not in html
        url = reverse("letters:track-document", args=[_decision(case).pk])
        assert stranger.get(url).status_code == 302

        # A notice of another letter is not among this writer's.
        foreign = reverse("letters:track-document", args=[_decision(other_case).pk])
        assert client.get(foreign).status_code == 404

        # Opening another letter in the same session: that one is not confirmed.
        html = _open(client, other)
        assert "Mùa Thị Khác" not in html
        assert client.get(foreign).status_code == 302

        # Back to the first letter: the confirmation went with the new opening.
        html = _open(client, result)
        assert NAME not in html

        # And a confirmation lasts ten minutes (a new code: one a minute for a contact).
        traveller.move_to(at(DECIDED, 10, 2))
        _ask(client, django_capture_on_commit_callbacks)
        _confirm(client, _code())
        assert NAME in client.get(TRACK).content.decode()
        traveller.move_to(at(DECIDED, 10, 13))
        assert NAME not in client.get(TRACK).content.decode()
        assert client.get(url).status_code == 302


def _denunciation_accepted(office: lf.Office, **extra: Any) -> Letter:
    letter = lf.classify(
        lf.denunciation(office.unit, office.receiver, **extra),
        office.receiver,
        denounced_name="Ông Phạm Văn Địa",
        about_unit=office.unit,
        content_redacted="Tôi tố cáo ông cán bộ địa chính xã đã nhận tiền.",
    )
    _issue_all(handling.letter_accept(letter=letter, actor=office.leader, new_facts=True))
    return Letter.objects.get(pk=letter.pk)


def test_only_notices_addressed_to_the_writer_are_offered_restricted_ones_included(
    office: lf.Office, django_capture_on_commit_callbacks: Any
) -> None:
    """A denouncer confirms and gets the notice of acceptance addressed to them (restricted:
    it names them), never the decision or the notice to the person denounced."""
    with time_machine.travel(at(DECIDED), tick=False):
        result = lf.receive(
            office.unit,
            office.receiver,
            kind=LetterKind.DENUNCIATION,
            signers=[lf.DENOUNCER],
            subject="Tố cáo cán bộ địa chính nhận tiền",
            content="Tôi tố cáo ông cán bộ địa chính xã đã nhận tiền khi làm thủ tục.",
        )
        lf.classify(
            result.letter,
            office.receiver,
            denounced_name="Ông Phạm Văn Địa",
            about_unit=office.unit,
            content_redacted="Tôi tố cáo ông cán bộ địa chính xã đã nhận tiền khi làm thủ tục.",
        )
        case = handling.letter_accept(
            letter=result.letter, actor=office.leader, accepted_on=DECIDED, new_facts=True
        )
        _issue_all(case)
    addressed = list(CitizenNotice.objects.filter(letter=result.letter))
    assert len(addressed) == 1
    assert addressed[0].document.restricted
    others = IssuedDocument.objects.filter(target_id=str(case.pk)).exclude(
        pk=addressed[0].document_id
    )
    assert others.count() >= 2  # the decision to accept, the notice to the person denounced
    client = english_client()
    with time_machine.travel(at(DECIDED, 10), tick=False):
        html = _open(client, result)
        assert lf.DENOUNCER.full_name not in html
        _ask(client, django_capture_on_commit_callbacks)
        _confirm(client, _code())
        html = client.get(TRACK).content.decode()
        assert lf.DENOUNCER.full_name in html  # their own name, to themself
        assert reverse("letters:track-document", args=[addressed[0].document_id]) in html
        for document in others:
            url = reverse("letters:track-document", args=[document.pk])
            assert url not in html
            assert client.get(url).status_code == 404


# --- The rights after the decision -----------------------------------------------------------


def test_a_first_time_decision_gives_a_second_complaint_and_a_lawsuit_with_their_last_days(
    office: lf.Office, django_capture_on_commit_callbacks: Any
) -> None:
    result, case = _answered(office)
    rights = citizen_rights.rights_after_decision(result.letter)
    second, lawsuit = rights
    # 30 days from 20/03/2026 end on Sunday 19/04: the next working day (Civil Code Art. 148).
    assert second.last_day == D(2026, 4, 20)
    assert second.legal_basis == "Luật Khiếu nại 2011, Điều 33"
    assert second.counted_from == DECIDED
    assert not second.from_receipt
    # 365 days end on Saturday 20/03/2027: Monday 22/03/2027.
    assert lawsuit.last_day == D(2027, 3, 22)
    assert "Tố tụng hành chính" in lawsuit.legal_basis
    assert lawsuit.verified is False
    rule = deadlines.rule_in_effect("lawsuit.administrative", DECIDED)
    assert lawsuit.last_day == calendar.add_period(DECIDED, rule.amount, rule.unit)

    # Once the receipt is recorded, the windows run from it (Art. 33).
    with time_machine.travel(at(D(2026, 3, 25)), tick=False):
        complaints.case_record_receipt(case=case, actor=office.leader, received_on=D(2026, 3, 25))
    second, lawsuit = citizen_rights.rights_after_decision(result.letter)
    assert second.last_day == D(2026, 4, 24)
    assert second.from_receipt

    client = english_client()
    with time_machine.travel(at(D(2026, 3, 26), 10), tick=False):
        html = _open(client, result)
        assert "Your rights after the decision" not in html
        _ask(client, django_capture_on_commit_callbacks)
        _confirm(client, _code())
        html = client.get(TRACK).content.decode()
        assert "Complain a second time" in html
        assert "Sue in the administrative court" in html
        assert "24/04/2026" in html
        assert "not yet checked against the legal text" in html


def test_a_second_time_decision_leaves_the_lawsuit_only(office: lf.Office) -> None:
    result, case = _answered(office)
    Case.objects.filter(pk=case.pk).update(round=2)
    rights = citizen_rights.rights_after_decision(Letter.objects.get(pk=result.letter.pk))
    assert [r.title for r in rights] == ["Sue in the administrative court"]


def test_a_denunciation_conclusion_gives_the_right_to_denounce_again_above(
    office: lf.Office,
) -> None:
    letter = _denunciation_accepted(office)
    cases.case_decide(
        case=Case.objects.get(letter=letter),
        actor=office.leader,
        outcome="upheld",
        findings="Đã xác minh tại xã.",
        conclusion="Nội dung tố cáo là đúng.",
    )
    (right,) = citizen_rights.rights_after_decision(Letter.objects.get(pk=letter.pk))
    assert right.title == "Denounce again to the level above"
    assert right.legal_basis == "Luật Tố cáo 2018, Điều 37(1)"
    assert right.last_day is None
    feedback = lf.receive(office.unit, office.receiver, kind=LetterKind.FEEDBACK).letter
    assert citizen_rights.rights_after_decision(feedback) == []


# --- Messages --------------------------------------------------------------------------------


def test_the_message_of_the_answer_says_where_to_read_it_never_its_text(
    office: lf.Office, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        result, _case = _answered(office)
    answered = Message.objects.filter(event="letters.case.answered")
    assert answered.exists()
    for message in answered:
        assert "điều chỉnh diện tích" not in message.body
        assert NAME not in message.body
        assert reverse("letters:track") in message.body
        assert result.letter.tracking_code in message.body


# --- The outgoing mail -----------------------------------------------------------------------


def test_notices_to_a_writer_by_post_wait_in_the_outgoing_mail_until_marked_mailed(
    db: Any,
) -> None:
    world = lf.make_world()
    office = world.office
    with time_machine.travel(at(DECIDED), tick=False):
        result = _complaint(office, channel=Channel.POST)
        case = _decide(office, result.letter)
    notices = CitizenNotice.objects.filter(letter=result.letter)
    assert notices.count() == 2  # the notice of acceptance and the decision
    assert all(n.by_post and n.mailed_on is None for n in notices)

    clerk = english_client()
    clerk.force_login(office.receiver)
    url = reverse("letters:staff-outgoing-mail")
    with time_machine.travel(at(D(2026, 3, 23)), tick=False):
        html = clerk.get(url).content.decode()
        assert NAME in html
        assert lf.COMPLAINANT.address in html
        assert result.letter.register_label in html
        decision = _decision(case)
        assert decision.number_line in html

        # An officer of another unit sees none of it and may not mark it.
        stranger = english_client()
        stranger.force_login(world.elsewhere.receiver)
        assert NAME not in stranger.get(url).content.decode()
        notice = notices.get(document=decision)
        refused = stranger.post(url, {"notice": notice.pk, "mailed_on": "2026-03-23"})
        assert refused.status_code == 403
        notice.refresh_from_db()
        assert notice.mailed_on is None

        response = clerk.post(url, {"notice": notice.pk, "mailed_on": "2026-03-23"})
        assert response.status_code == 302
        notice.refresh_from_db()
        assert notice.mailed_on == D(2026, 3, 23)
        assert notice.mailed_by == office.receiver
        (entry,) = _actions(result.letter, AuditAction.NOTICE_MAILED)
        assert entry.extra["notice"] == notice.pk
        assert f'id="notice-{notice.pk}"' not in clerk.get(url).content.decode()
        # Twice is refused.
        clerk.post(url, {"notice": notice.pk})
        assert len(_actions(result.letter, AuditAction.NOTICE_MAILED)) == 1


def test_a_writer_with_a_telephone_gets_the_notice_on_line_not_by_post(
    office: lf.Office,
) -> None:
    result, _case = _answered(office)
    assert not CitizenNotice.objects.filter(letter=result.letter, by_post=True).exists()


def test_a_denouncers_notice_by_post_is_listed_only_for_those_who_may_read_their_identity(
    office: lf.Office,
) -> None:
    letter = _denunciation_accepted(office, channel=Channel.POST)
    assert letter.kind == LetterKind.DENUNCIATION
    waiting = CitizenNotice.objects.filter(letter=letter, by_post=True, mailed_on__isnull=True)
    assert waiting.exists()
    url = reverse("letters:staff-outgoing-mail")
    clerk = english_client()
    clerk.force_login(office.receiver)  # the case is accepted: intake may no longer read it
    html = clerk.get(url).content.decode()
    assert lf.DENOUNCER.full_name not in html
    assert lf.DENOUNCER.address not in html
    assert "goes to a protected person" in html or "go to protected persons" in html
    refused = clerk.post(url, {"notice": waiting.first().pk})  # type: ignore[union-attr]
    assert refused.status_code == 403
    head = english_client()
    head.force_login(office.leader)  # the head who resolves it
    html = head.get(url).content.decode()
    assert lf.DENOUNCER.full_name in html
    reads = AuditEntry.objects.filter(
        action=AuditAction.IDENTITY_READ, target_id=str(letter.pk), extra__purpose="outgoing_mail"
    )
    assert reads.exists()
