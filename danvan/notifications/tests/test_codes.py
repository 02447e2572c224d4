"""One-time codes: issued to a phone or e-mail, accepted once, with expiry, lockout and throttle."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.utils import timezone, translation

from danvan.notifications import services, sms
from danvan.notifications.models import CodeChallenge, Message, MessageStatus
from danvan.notifications.tests.conftest import EMAIL, PHONE, sent_code

pytestmark = pytest.mark.django_db

PURPOSE = "letters.sign"


@pytest.fixture
def issue(django_capture_on_commit_callbacks):
    def issue(**kwargs):
        kwargs.setdefault("purpose", PURPOSE)
        if "email" not in kwargs:
            kwargs.setdefault("phone", PHONE)
        with django_capture_on_commit_callbacks(execute=True):
            return services.code_issue(**kwargs)

    return issue


def last_sms_code() -> str:
    return sent_code(sms.outbox[-1].text)


def test_code_goes_by_sms_and_is_accepted_once(issue):
    with translation.override("vi"):
        challenge = issue()
    assert len(sms.outbox) == 1
    text = sms.outbox[0].text
    code = sent_code(text)
    assert sms.outbox[0].phone == PHONE
    assert text == (
        f"Mã xác nhận Dân Vận Số của bạn là {code}. Mã có hiệu lực trong 10 phút. "
        "Không chia sẻ mã này."
    )
    assert challenge.channel == "sms"
    assert challenge.expires_at == challenge.created_at + dt.timedelta(minutes=10)

    verified = services.code_verify(challenge=challenge, code=code, purpose=PURPOSE)
    assert verified.pk == challenge.pk
    assert verified.used_at is not None

    with pytest.raises(services.CodeUsed):
        services.code_verify(challenge=challenge, code=code, purpose=PURPOSE)


def test_code_goes_by_email_with_a_subject_and_the_public_id_is_accepted(issue):
    challenge = issue(email=EMAIL, subject="Ký đơn khiếu nại")
    (message,) = mail.outbox
    assert message.to == [EMAIL]
    assert message.subject == "Ký đơn khiếu nại"
    code = sent_code(message.body)
    verified = services.code_verify(
        challenge=str(challenge.public_id), code=f" {code[:3]} {code[3:]} ", purpose=PURPOSE
    )
    assert verified.used_at is not None


def test_a_custom_text_template(issue):
    issue(text_template="Ma ky don: %(code)s (hieu luc %(minutes)d phut)")
    assert sms.outbox[0].text.startswith("Ma ky don: ")
    assert sms.outbox[0].text.endswith(" (hieu luc 10 phut)")


def test_the_plain_code_is_stored_nowhere(issue):
    challenge = issue()
    code = last_sms_code()
    challenge.refresh_from_db()
    assert code not in challenge.code_hash
    assert len(challenge.code_hash) == 64
    message = Message.objects.get()
    assert message.event == services.CODE_EVENT
    assert message.target_ref == f"notifications.codechallenge#{challenge.pk}"
    assert message.redacted
    assert code not in message.body
    assert "******" in message.body
    assert message.status == MessageStatus.SENT
    with connection.cursor() as cursor:
        for table in ("notifications_codechallenge", "notifications_message"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
            for row in cursor.fetchall():
                assert not any(code in str(value) for value in row), table


def test_wrong_codes_say_how_many_tries_are_left_then_lock(issue):
    challenge = issue()
    code = last_sms_code()
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        with pytest.raises(services.CodeInvalid) as caught:
            services.code_verify(challenge=challenge, code=wrong, purpose=PURPOSE)
        assert caught.value.tries_left == left
        assert caught.value.extra == {"tries_left": left}
    with pytest.raises(services.CodeLocked):
        services.code_verify(challenge=challenge, code=wrong, purpose=PURPOSE)
    # Dead: even the right code no longer works.
    with pytest.raises(services.CodeLocked):
        services.code_verify(challenge=challenge, code=code, purpose=PURPOSE)
    challenge.refresh_from_db()
    assert challenge.attempts == 5
    assert challenge.used_at is None


def test_wrong_code_message_in_vietnamese(issue):
    challenge = issue()
    with translation.override("vi"), pytest.raises(services.CodeInvalid) as caught:
        services.code_verify(challenge=challenge, code="abc", purpose=PURPOSE)
    assert str(caught.value) == "Mã xác nhận không đúng. Bạn còn 4 lần thử."


def test_a_code_expires_after_ten_minutes(issue):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        challenge = issue()
    code = last_sms_code()
    with time_machine.travel(start + dt.timedelta(minutes=9, seconds=59), tick=False):
        services.code_verify(challenge=challenge, code=code, purpose=PURPOSE)

    with time_machine.travel(start + dt.timedelta(minutes=1), tick=False):
        second = issue()
    code = last_sms_code()
    with (
        time_machine.travel(start + dt.timedelta(minutes=11), tick=False),
        pytest.raises(services.CodeExpired),
    ):
        services.code_verify(challenge=second, code=code, purpose=PURPOSE)


def test_another_purpose_or_an_unknown_id_is_not_found(issue):
    challenge = issue()
    code = last_sms_code()
    with pytest.raises(services.CodeNotFound):
        services.code_verify(challenge=challenge, code=code, purpose="accounts.login")
    for public_id in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        with pytest.raises(services.CodeNotFound):
            services.code_verify(challenge=public_id, code=code, purpose=PURPOSE)
    assert services.code_verify(challenge=challenge, code=code, purpose=PURPOSE).used_at


def test_a_new_code_ends_the_earlier_one(issue):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        first = issue()
        first_code = last_sms_code()
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        second = issue()
        second_code = last_sms_code()
        with pytest.raises(services.CodeExpired):
            services.code_verify(challenge=first, code=first_code, purpose=PURPOSE)
        assert services.code_verify(challenge=second, code=second_code, purpose=PURPOSE)


def test_one_code_a_minute_and_five_an_hour(issue):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        issue()
        with pytest.raises(services.CodeThrottled) as caught:
            issue()
        assert caught.value.retry_after == 60
    # Another purpose or another address is counted apart.
    with time_machine.travel(start, tick=False):
        issue(purpose="letters.withdraw")
        issue(phone="+84987654321")
    for minute in (1, 2, 3, 4):
        with time_machine.travel(start + dt.timedelta(minutes=minute, seconds=1), tick=False):
            issue()
    with time_machine.travel(start + dt.timedelta(minutes=30), tick=False):
        with pytest.raises(services.CodeThrottled) as caught:
            issue()
        assert caught.value.retry_after == 30 * 60
        assert caught.value.extra == {"retry_after": 1800}
    with time_machine.travel(start + dt.timedelta(hours=1, seconds=1), tick=False):
        issue()
    assert CodeChallenge.objects.filter(address=PHONE, purpose=PURPOSE).count() == 6


def test_throttle_message_in_vietnamese(issue):
    issue()
    with translation.override("vi"), pytest.raises(services.CodeThrottled) as caught:
        issue()
    assert str(caught.value) == "Bạn đã yêu cầu quá nhiều mã. Vui lòng thử lại sau ít phút."


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"email": EMAIL, "phone": PHONE}, "exactly one"),
        ({"email": "", "phone": ""}, "exactly one"),
        ({"phone": PHONE, "purpose": "sign"}, "purpose"),
        ({"phone": PHONE, "text_template": "Không có mã"}, "text_template"),
    ],
)
def test_programming_errors(kwargs, error):
    kwargs.setdefault("purpose", PURPOSE)
    with pytest.raises(ValueError, match=error):
        services.code_issue(**kwargs)
    assert CodeChallenge.objects.count() == 0


def test_a_malformed_address_is_refused():
    with pytest.raises(services.AddressInvalid):
        services.code_issue(purpose=PURPOSE, phone="0912")


def test_a_failed_code_message_is_never_resent(settings, issue):
    settings.DANVAN_SMS_BACKEND = "danvan.notifications.tests.backends.RefusingSmsBackend"
    issue()
    message = Message.objects.get()
    assert message.status == MessageStatus.FAILED
    settings.DANVAN_SMS_BACKEND = "locmem"
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1), tick=False):
        assert services.messages_send_pending() == services.PendingReport(sent=0, failed=0)
    assert sms.outbox == []


def test_demo_installations_log_the_code_masked_address(settings, issue, caplog):
    settings.DEBUG = True
    with caplog.at_level(logging.INFO, logger="danvan.notifications"):
        issue()
    code = last_sms_code()
    assert f"One-time code for letters.sign sent to *********678: {code} (demo)" in caplog.text
    assert PHONE not in caplog.text


def test_the_logging_backend_reveals_the_code_outside_production(settings, issue, caplog):
    settings.DEBUG = False
    settings.DANVAN_SMS_BACKEND = "logging"
    with caplog.at_level(logging.INFO):
        issue()
    assert "(demo)" in caplog.text
    assert PHONE not in caplog.text


def test_production_never_logs_the_code(settings, issue, caplog):
    settings.DANVAN_ENV = "production"
    settings.DEBUG = True  # refused in production anyway; the code still stays out of the log
    settings.DANVAN_SMS_BACKEND = "logging"
    with caplog.at_level(logging.DEBUG):
        issue()
    assert "(demo)" not in caplog.text
    assert PHONE not in caplog.text
