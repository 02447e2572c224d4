"""``message_send``: one outbox row per address, delivered after commit; failures and retries."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from danvan.notifications import delivery, services, sms
from danvan.notifications.models import Channel, Message, MessageStatus
from danvan.notifications.tests.conftest import EMAIL, PHONE

pytestmark = pytest.mark.django_db

REFUSING = "danvan.notifications.tests.backends.RefusingSmsBackend"


def send(**kwargs):
    values = {
        "event": "letters.letter.received",
        "subject": "Đơn của ông/bà đã được tiếp nhận",
        "body": "Đơn số 2026/000123 đã được tiếp nhận ngày 26/11/2026.",
        "target_ref": "letters.letter#123",
    }
    values.update(kwargs)
    return services.message_send(**values)


def retry() -> str:
    out = StringIO()
    call_command("send_pending_messages", stdout=out)
    return out.getvalue()


def test_email_and_sms_are_sent_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        messages = send(email=EMAIL, phone=PHONE, sms_body="Đơn 2026/000123 đã được tiếp nhận.")
        assert mail.outbox == []
        assert sms.outbox == []

    assert [m.channel for m in messages] == [Channel.EMAIL, Channel.SMS]
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [EMAIL]
    assert email.subject == "Đơn của ông/bà đã được tiếp nhận"
    assert email.body == "Đơn số 2026/000123 đã được tiếp nhận ngày 26/11/2026."
    assert email.from_email == "Dân Vận Số <no-reply@localhost>"
    assert sms.outbox == [sms.SentSms(phone=PHONE, text="Đơn 2026/000123 đã được tiếp nhận.")]

    rows = Message.objects.order_by("channel")
    assert [(m.channel, m.status, m.attempts) for m in rows] == [
        ("email", MessageStatus.SENT, 1),
        ("sms", MessageStatus.SENT, 1),
    ]
    assert all(m.sent_at is not None and m.last_error == "" for m in rows)
    assert {m.event for m in rows} == {"letters.letter.received"}
    assert {m.target_ref for m in rows} == {"letters.letter#123"}


def test_nothing_is_sent_when_the_callers_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                send(email=EMAIL, phone=PHONE)
                raise RuntimeError("the caller failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert Message.objects.count() == 0
    assert mail.outbox == []
    assert sms.outbox == []


def test_sms_uses_the_body_when_no_sms_body_and_is_cut_to_480_characters(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = send(phone=PHONE, body="Nội dung " * 100)
    assert len(message.body) == delivery.MAX_SMS_LENGTH
    assert message.body.endswith("…")
    assert sms.outbox[0].text == message.body


def test_only_the_addresses_given_get_a_message():
    assert send() == []
    (message,) = send(email=EMAIL)
    assert message.channel == Channel.EMAIL
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    ("email", "phone"),
    [("not-an-address", PHONE), (EMAIL, "0912 345 678"), (EMAIL, "+84abc"), ("a@b", "")],
)
def test_a_malformed_address_is_refused_before_anything_is_written(email, phone):
    with pytest.raises(services.AddressInvalid):
        send(email=email, phone=phone)
    assert Message.objects.count() == 0


def test_address_error_is_in_vietnamese():
    from django.utils import translation

    with translation.override("vi"), pytest.raises(services.AddressInvalid) as caught:
        send(phone="12")
    assert str(caught.value) == ("Số điện thoại không hợp lệ, ví dụ 0912345678 hoặc +84912345678.")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("event", "Letter received"),
        ("event", "letters"),
        ("target_ref", "Letter 123"),
        ("target_ref", "letters.letter#"),
        ("body", "   "),
    ],
)
def test_malformed_event_target_or_empty_body_is_a_programming_error(field, value):
    with pytest.raises(ValueError, match=field if field != "body" else "body"):
        send(email=EMAIL, **{field: value})


def test_subject_is_kept_on_one_line(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = send(email=EMAIL, subject="Thông báo\nkết quả\r\n  giải quyết")
    assert message.subject == "Thông báo kết quả giải quyết"
    assert mail.outbox[0].subject == "Thông báo kết quả giải quyết"


def test_a_refused_sms_marks_the_message_failed_without_the_number(
    settings, django_capture_on_commit_callbacks, caplog
):
    settings.DANVAN_SMS_BACKEND = REFUSING
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = send(phone=PHONE)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == 1
    assert message.sent_at is None
    assert message.last_error == "SmsError: gateway refused *********678: quota exceeded"
    assert PHONE not in caplog.text
    assert "failed, attempt 1 of 5" in caplog.text


def test_a_failed_message_is_retried_by_the_command_after_a_pause(
    settings, django_capture_on_commit_callbacks
):
    settings.DANVAN_SMS_BACKEND = REFUSING
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = send(phone=PHONE)

    settings.DANVAN_SMS_BACKEND = "locmem"
    # Too soon: a failing gateway is not hammered.
    assert retry() == "Messages sent: 0, failed again: 0.\n"
    with time_machine.travel(timezone.now() + delivery.RETRY_AFTER, tick=False):
        assert retry() == "Messages sent: 1, failed again: 0.\n"
        # Idempotent: a sent message is never sent again.
        assert retry() == "Messages sent: 0, failed again: 0.\n"
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (MessageStatus.SENT, 2, "")
    assert sms.outbox == [sms.SentSms(phone=PHONE, text=message.body)]


def test_a_message_is_given_up_after_five_attempts(settings, django_capture_on_commit_callbacks):
    settings.DANVAN_SMS_BACKEND = REFUSING
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = send(phone=PHONE)
    start = timezone.now()
    for step in range(1, 6):
        with time_machine.travel(start + step * delivery.RETRY_AFTER, tick=False):
            expected = 1 if step < 5 else 0
            assert retry() == f"Messages sent: 0, failed again: {expected}.\n"
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, delivery.MAX_ATTEMPTS)


def test_the_command_sends_messages_left_queued(settings, django_capture_on_commit_callbacks):
    # The queue could not be reached at commit: the rows stay queued until the command runs.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        send(email=EMAIL, phone=PHONE)
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.QUEUED}
    assert retry() == "Messages sent: 2, failed again: 0.\n"
    assert len(mail.outbox) == 1
    assert len(sms.outbox) == 1


def test_a_second_delivery_of_the_same_message_does_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = send(email=EMAIL)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1), tick=False):
        assert delivery.deliver(message_id=message.pk) is None
    assert len(mail.outbox) == 1


def test_an_attempt_under_way_is_not_started_again(django_capture_on_commit_callbacks):
    settings_tasks_dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django.test import override_settings

    with override_settings(TASKS=settings_tasks_dummy):
        (message,) = send(email=EMAIL)
    # A worker claimed the message and is talking to the mail server.
    Message.objects.filter(pk=message.pk).update(attempts=1, last_attempt_at=timezone.now())
    assert retry() == "Messages sent: 0, failed again: 0.\n"
    assert mail.outbox == []


def test_an_email_refused_by_the_server_fails_without_the_address(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "danvan.notifications.tests.test_messages.RefusingEmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = send(email=EMAIL)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert EMAIL not in message.last_error
    assert "n***@example.vn" in message.last_error


class RefusingEmailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({EMAIL.upper(): (550, b"mailbox unavailable")})


@pytest.mark.django_db(transaction=True)
def test_with_the_database_queue_the_worker_delivers(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    (message,) = send(email=EMAIL)  # autocommit: enqueued at once
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [], "kwargs": {"message_id": message.pk}}
    assert mail.outbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_secret_is_sent_by_the_worker_but_never_stored(settings):
    # The message goes through the database queue like any other; the queue stores its
    # arguments, so the real text travels sealed and the PIN is readable nowhere in the database.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    messages = send(
        email=EMAIL,
        phone=PHONE,
        body="Mã tra cứu: HN-2026-0042. PIN: 739154. Giữ kín mã PIN.",
        secret="739154",
    )
    assert mail.outbox == []
    assert sms.outbox == []
    tasks = list(DBTaskResult.objects.all())
    assert {t.args_kwargs["kwargs"]["message_id"] for t in tasks} == {m.pk for m in messages}
    for task in tasks:
        assert "739154" not in str(task.args_kwargs)
        assert task.args_kwargs["kwargs"]["sealed"]

    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())

    assert "PIN: 739154." in mail.outbox[0].body
    assert "PIN: 739154." in sms.outbox[0].text
    for message in Message.objects.all():
        assert message.body == "Mã tra cứu: HN-2026-0042. PIN: ******. Giữ kín mã PIN."
        assert message.redacted
        assert message.status == MessageStatus.SENT
    assert [m.pk for m in messages] == list(
        Message.objects.order_by("pk").values_list("pk", flat=True)
    )


def test_a_sealed_text_that_is_too_old_or_altered_is_not_sent(django_capture_on_commit_callbacks):
    from danvan.notifications import tasks

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        (message,) = send(phone=PHONE, body="PIN: 739154", secret="739154")
    sealed = delivery.seal("PIN: 739154")
    assert delivery.unseal(sealed) == "PIN: 739154"
    assert delivery.unseal(sealed[:-4] + "AAAA") is None
    with time_machine.travel(
        timezone.now() + delivery.SEALED_VALIDITY + dt.timedelta(minutes=1), tick=False
    ):
        assert tasks.deliver_message.call(message_id=message.pk, sealed=sealed) == "expired"
    assert sms.outbox == []


def test_a_message_with_a_secret_is_not_retried(settings, django_capture_on_commit_callbacks):
    settings.DANVAN_SMS_BACKEND = REFUSING
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = send(phone=PHONE, body="PIN: 739154", secret="739154")
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    settings.DANVAN_SMS_BACKEND = "locmem"
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1), tick=False):
        assert retry() == "Messages sent: 0, failed again: 0.\n"
    assert sms.outbox == []


@pytest.mark.parametrize(
    ("subject", "body"), [("PIN 739154", "PIN: 739154"), ("Thông báo", "Không có mã")]
)
def test_a_secret_must_be_in_the_body_only(subject, body):
    with pytest.raises(ValueError, match="secret"):
        send(email=EMAIL, subject=subject, body=body, secret="739154")
    assert Message.objects.count() == 0
