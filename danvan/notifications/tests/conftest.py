"""Fixtures of the notifications tests: in-memory e-mail and SMS, tasks run at once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail

from danvan.notifications import sms

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PHONE = "+84912345678"
EMAIL = "nguyen.van.an@example.vn"


@pytest.fixture(autouse=True)
def _outboxes(settings: Any) -> Iterator[None]:
    settings.DANVAN_SMS_BACKEND = "locmem"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = IMMEDIATE_TASKS
    sms.outbox.clear()
    mail.outbox = []
    yield
    sms.outbox.clear()


def sent_code(text: str) -> str:
    """The 6-digit code in a message text."""
    match = re.search(r"\b(\d{6})\b", text)
    assert match, text
    return match.group(1)
