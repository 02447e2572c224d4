"""Tracking a letter by code and PIN, rating the answer once, and the published results."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from danvan.core import calendar
from danvan.documents.testing import issue_drafts_about
from danvan.letters.choices import CaseOutcome, Channel, LetterKind, SignatureMethod
from danvan.letters.models import Letter, Publication, Rating
from danvan.letters.services import cases, handling, intake, tracking
from danvan.letters.tests.public_support import (
    ADDRESS,
    FULL_NAME,
    ID_NUMBER,
    PHONE_NORMALISED,
    Setting,
    english_client,
    make_setting,
    other_host_urls,
    unlabelled_controls,
)
from danvan.organizations.roles import Position, Role
from danvan.organizations.tests import factories as org

pytestmark = pytest.mark.django_db

TRACK = "/tra-cuu/"
SENDER = intake.SignerInput(
    full_name=FULL_NAME, phone=PHONE_NORMALISED, address=ADDRESS, id_number=ID_NUMBER
)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()  # throttle counters and locks live in the cache


@pytest.fixture
def client() -> Client:
    return english_client()


@pytest.fixture
def setting(db: Any) -> Setting:
    return make_setting()


def receive(setting: Setting, **overrides: Any) -> intake.IntakeResult:
    values: dict[str, Any] = {
        "unit": setting.unit,
        "channel": Channel.WEB,
        "kind": LetterKind.FEEDBACK,
        "subject": "Đèn đường hỏng ở ngõ 5",
        "content": "Đèn đường ở ngõ 5 hỏng đã một tháng, buổi tối rất tối.",
        "signers": [SENDER],
        "ward": setting.ward,
    }
    values.update(overrides)
    return intake.letter_receive(data=intake.LetterInput(**values), actor=AnonymousUser())


def open_letter(client: Client, result: intake.IntakeResult) -> Any:
    response = client.post(TRACK, {"code": result.tracking_code, "pin": result.pin})
    assert response.status_code == 302
    return client.get(TRACK)


def wrong_pin(pin: str) -> str:
    return "000000" if pin != "000000" else "111111"


def answer(setting: Setting, letter: Letter, text: str) -> None:
    """Classify, accept, answer and send, through the services, as the unit's officers do."""
    leader = org.UserFactory()
    org.MembershipFactory(
        user=leader, unit=setting.unit, role=Role.UNIT_LEADER, position=Position.HEAD
    )
    leader = org.fresh(leader)
    letter = handling.letter_classify(
        letter=letter,
        actor=leader,
        data=handling.Classification(
            kind=letter.kind, competent_unit=setting.unit, summary="Đèn đường hỏng."
        ),
    )
    case = handling.letter_accept(
        letter=letter, actor=leader, accepted_on=calendar.today_local(), resolver=leader
    )
    case = cases.case_decide(
        case=case,
        actor=leader,
        outcome=CaseOutcome.ANSWERED,
        findings="Đã kiểm tra hiện trường.",
        conclusion=text,
    )
    issue_drafts_about(case)
    cases.case_send(case=case, actor=leader)


def test_the_tracking_form_is_accessible_and_local(client: Client, db: Any) -> None:
    response = client.get(TRACK)
    html = response.content.decode()
    assert response.status_code == 200
    assert unlabelled_controls(html) == []
    assert other_host_urls(html) == []
    assert 'inputmode="numeric"' in html
    assert response["Cache-Control"].startswith("no-store")


def test_a_good_pin_shows_the_progress_without_the_senders_identity(
    client: Client, setting: Setting
) -> None:
    result = receive(setting)
    page = open_letter(client, result)
    html = page.content.decode()
    letter = result.letter
    assert "Received. The unit is examining your letter." in html
    assert setting.unit.name in html
    assert letter.register_label in html
    assert letter.due_on is not None
    assert letter.due_on.strftime("%d/%m/%Y") in html
    assert "working days left" in html
    assert timezone.localdate().strftime("%d/%m/%Y") in html  # the history's first step
    for secret in (FULL_NAME, PHONE_NORMALISED, ADDRESS, ID_NUMBER, result.pin):
        assert secret not in html
    assert other_host_urls(html) == []


def test_a_denunciation_shows_only_its_redacted_text(client: Client, setting: Setting) -> None:
    content = f"Tôi là {FULL_NAME}, tố cáo cán bộ địa chính xã nhận tiền của dân."
    result = receive(
        setting,
        kind=LetterKind.DENUNCIATION,
        subject="Tố cáo cán bộ địa chính",
        content=content,
        about="Cán bộ địa chính xã Hoa Sen",
        signature_method=SignatureMethod.OTP_SMS,
    )
    html = open_letter(client, result).content.decode()
    assert "Tố cáo cán bộ địa chính" not in html  # the sender's own subject is not shown
    redacted = result.letter.content_redacted
    assert FULL_NAME not in redacted
    assert escape(redacted) in html
    assert FULL_NAME not in html
    assert content not in html


def test_a_wrong_pin_and_an_unknown_code_get_the_same_answer(
    client: Client, setting: Setting
) -> None:
    result = receive(setting)
    wrong = client.post(TRACK, {"code": result.tracking_code, "pin": wrong_pin(result.pin)})
    unknown = client.post(TRACK, {"code": "DV-ZZZZ-ZZZZ", "pin": result.pin})
    assert wrong.status_code == unknown.status_code == 200
    message = "The tracking code or the PIN is wrong."
    assert message in wrong.content.decode()
    assert message in unknown.content.decode()


def test_too_many_wrong_pins_lock_a_code_whether_it_exists_or_not(
    client: Client, setting: Setting
) -> None:
    result = receive(setting)
    for code in (result.tracking_code, "DV-ZZZZ-ZZZZ"):
        answers = [
            client.post(TRACK, {"code": code, "pin": wrong_pin(result.pin)}).content.decode()
            for _ in range(tracking.MAX_FAILURES)
        ]
        assert "Too many wrong PINs. Please try again in 15 minutes." in answers[-1]
        assert all("Too many wrong PINs" not in a for a in answers[:-1])
        after = client.post(TRACK, {"code": code, "pin": result.pin}).content.decode()
        assert "Too many wrong PINs. Please try again in 15 minutes." in after
    # The good PIN does not open a locked letter.
    assert "letters.public.tracked" not in client.session


def test_one_address_is_throttled_after_many_tries(client: Client, setting: Setting) -> None:
    for i in range(30):
        response = client.post(TRACK, {"code": f"DV-AAAA-{i:04d}", "pin": "123456"})
        assert response.status_code == 200
    response = client.post(TRACK, {"code": "DV-AAAA-BBBB", "pin": "123456"})
    assert response.status_code == 429
    assert "Too many tries from your connection" in response.content.decode()
    assert "Please wait 15 minutes" in response.content.decode()
    # Another address is not affected.
    other = english_client(REMOTE_ADDR="10.0.0.9")
    assert other.post(TRACK, {"code": "DV-AAAA-BBBB", "pin": "123456"}).status_code == 200


def test_malformed_input_is_explained_without_an_error_page(client: Client, db: Any) -> None:
    response = client.post(TRACK, {"code": "", "pin": "12\x0034"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_code"' in html
    assert 'href="#id_pin"' in html
    response = client.post(TRACK, {"code": "x" * 5000, "pin": "9" * 5000})
    assert response.status_code == 200


def test_the_letter_stays_open_for_fifteen_minutes(client: Client, setting: Setting) -> None:
    result = receive(setting)
    open_letter(client, result)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=14), tick=False):
        assert result.letter.tracking_code in client.get(TRACK).content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16), tick=False):
        html = client.get(TRACK).content.decode()
        assert 'name="pin"' in html
        assert result.letter.register_label not in html


def test_the_letter_can_be_closed(client: Client, setting: Setting) -> None:
    result = receive(setting)
    open_letter(client, result)
    client.post(TRACK, {"action": "forget"})
    assert 'name="pin"' in client.get(TRACK).content.decode()


def test_the_answer_is_shown_and_rated_once(client: Client, setting: Setting) -> None:
    result = receive(setting)
    answer(setting, result.letter, "Đơn vị đã thay bóng đèn ngõ 5 ngày 20/11/2026.")
    html = open_letter(client, result).content.decode()
    assert "Đơn vị đã thay bóng đèn ngõ 5" in html
    assert 'name="score"' in html
    assert "<legend>" in html

    response = client.post(TRACK, {"action": "rate", "score": "4", "comment": "Cảm ơn."})
    assert response.status_code == 302
    rating = Rating.objects.get(letter=result.letter)
    assert (rating.score, rating.comment) == (4, "Cảm ơn.")
    html = client.get(TRACK).content.decode()
    assert 'name="score"' not in html
    assert "4 out of 5" in html

    response = client.post(TRACK, {"action": "rate", "score": "1"}, follow=True)
    assert "already rated" in response.content.decode()
    assert Rating.objects.get(letter=result.letter).score == 4


def test_rating_needs_an_open_letter_and_a_valid_score(client: Client, setting: Setting) -> None:
    result = receive(setting)
    response = client.post(TRACK, {"action": "rate", "score": "5"}, follow=True)
    assert "Enter the tracking code and the PIN again" in response.content.decode()
    answer(setting, result.letter, "Đã xử lý.")
    open_letter(client, result)
    response = client.post(TRACK, {"action": "rate", "score": "9"})
    assert 'href="#id_score_0"' in response.content.decode()
    assert not Rating.objects.exists()


def test_an_unanswered_letter_cannot_be_rated(client: Client, setting: Setting) -> None:
    result = receive(setting)
    html = open_letter(client, result).content.decode()
    assert 'name="score"' not in html
    response = client.post(TRACK, {"action": "rate", "score": "5"}, follow=True)
    assert "once your letter has been answered" in response.content.decode()
    assert not Rating.objects.exists()


def test_the_parts_of_a_split_letter_are_listed(client: Client, setting: Setting) -> None:
    result = receive(setting, kind=LetterKind.MIXED)
    children = handling.letter_split(
        letter=result.letter,
        actor=setting.receiver,
        parts=[
            handling.Part("feedback", "Đèn đường hỏng", "Đèn đường ở ngõ 5 hỏng."),
            handling.Part("petition", "Lắp thêm đèn", "Đề nghị lắp thêm đèn ở ngõ 7."),
        ],
    )
    html = open_letter(client, result).content.decode()
    assert "Split into separate letters" in html
    for child in children:
        assert child.tracking_code in html
    # Each part opens with the same PIN.
    other = english_client()
    response = other.post(TRACK, {"code": children[0].tracking_code, "pin": result.pin})
    assert response.status_code == 302


def publish(letter: Letter, title: str, **fields: Any) -> Publication:
    values = {"text": "Kết luận: nội dung tố cáo đúng một phần.", "starts_on": timezone.localdate()}
    values.update(fields)
    return Publication.objects.create(letter=letter, title=title, **values)


def test_published_results_are_listed_page_by_page(client: Client, setting: Setting) -> None:
    letter = receive(setting).letter
    today = timezone.localdate()
    for i in range(12):
        publish(letter, f"Kết luận số {i:02d}", starts_on=today - dt.timedelta(days=i))
    publish(letter, "Đã hết hạn công khai", ends_on=today - dt.timedelta(days=1))
    publish(letter, "Chưa đến ngày công khai", starts_on=today + dt.timedelta(days=2))

    first = client.get(reverse("letters:publications")).content.decode()
    assert "Kết luận số 00" in first
    assert "Kết luận số 11" not in first
    assert "Đã hết hạn công khai" not in first
    assert "Chưa đến ngày công khai" not in first
    assert setting.unit.name in first
    assert today.strftime("%d/%m/%Y") in first
    assert other_host_urls(first) == []
    second = client.get(reverse("letters:publications"), {"page": "2"}).content.decode()
    assert "Kết luận số 11" in second
    for page in ("abc", "999", "-1"):
        assert client.get(reverse("letters:publications"), {"page": page}).status_code == 200


def test_no_publication_says_so(client: Client, db: Any) -> None:
    response = client.get(reverse("letters:publications"))
    assert response.status_code == 200
    assert "Nothing is published at the moment." in response.content.decode()
