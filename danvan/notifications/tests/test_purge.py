"""``danvan purge_messages``: finished messages and dead codes go after N days; idempotent."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from danvan.core.models import AuditEntry
from danvan.notifications import delivery, services
from danvan.notifications.models import CodeChallenge, Message, MessageStatus
from danvan.notifications.tests.conftest import EMAIL, PHONE

pytestmark = pytest.mark.django_db


def purge(*args: str) -> str:
    out = StringIO()
    call_command("purge_messages", *args, stdout=out)
    return out.getvalue()


def message(**kwargs) -> Message:
    values = {"channel": "email", "address": EMAIL, "body": "x", "event": "letters.letter.received"}
    values.update(kwargs)
    return Message.objects.create(**values)


def test_purge_deletes_old_finished_messages_and_dead_codes_only(
    django_capture_on_commit_callbacks,
):
    now = timezone.now()
    with time_machine.travel(now - dt.timedelta(days=91), tick=False):
        old_sent = message(status=MessageStatus.SENT)
        old_given_up = message(status=MessageStatus.FAILED, attempts=delivery.MAX_ATTEMPTS)
        old_retryable = message(status=MessageStatus.FAILED, attempts=2)
        with django_capture_on_commit_callbacks(execute=True):
            services.code_issue(purpose="letters.sign", phone=PHONE)  # a code and its record
    with time_machine.travel(now - dt.timedelta(days=89), tick=False):
        recent_sent = message(status=MessageStatus.SENT)
        with django_capture_on_commit_callbacks(execute=True):
            recent_code = services.code_issue(purpose="letters.sign", phone=PHONE)

    assert purge() == "Deleted 3 messages and 1 code challenges older than 90 days.\n"
    assert set(Message.objects.values_list("pk", flat=True)) == {
        old_retryable.pk,
        recent_sent.pk,
        Message.objects.get(target_ref=f"notifications.codechallenge#{recent_code.pk}").pk,
    }
    assert list(CodeChallenge.objects.all()) == [recent_code]
    assert not Message.objects.filter(pk__in=[old_sent.pk, old_given_up.pk]).exists()

    entry = AuditEntry.objects.get(action="notifications.message.purged")
    assert entry.extra == {"messages": 3, "challenges": 1, "days": 90}
    assert PHONE not in str(entry.extra)
    assert EMAIL not in str(entry.extra)

    # Idempotent, and no audit entry when nothing goes.
    assert purge() == "Deleted 0 messages and 0 code challenges older than 90 days.\n"
    assert AuditEntry.objects.filter(action="notifications.message.purged").count() == 1

    assert purge("--days", "30") == "Deleted 2 messages and 1 code challenges older than 30 days.\n"


def test_days_must_be_positive():
    with pytest.raises(CommandError, match="at least 1"):
        purge("--days", "0")
