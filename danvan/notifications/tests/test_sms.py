"""SMS backends: chosen by short name or dotted path; the demo backend logs the number masked."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from danvan.notifications import checks, sms
from danvan.notifications.addresses import mask_email, mask_phone
from danvan.notifications.tests.conftest import PHONE

TEXT = "Mã xác nhận Dân Vận Số của bạn là 482915."


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("logging", sms.LoggingSmsBackend),
        ("console", sms.ConsoleSmsBackend),
        ("locmem", sms.LocmemSmsBackend),
        ("danvan.notifications.tests.backends.RefusingSmsBackend", None),
    ],
)
def test_backend_is_chosen_by_short_name_or_dotted_path(settings, name, cls):
    settings.DANVAN_SMS_BACKEND = name
    backend = sms.get_backend()
    assert type(backend).__name__ == (cls.__name__ if cls else "RefusingSmsBackend")


@pytest.mark.parametrize(
    "name", ["carrier-pigeon", "danvan.notifications.tests.backends.NotABackend"]
)
def test_a_wrong_backend_is_a_configuration_error_and_a_failed_check(settings, name):
    settings.DANVAN_SMS_BACKEND = name
    with pytest.raises(ImproperlyConfigured, match="DANVAN_SMS_BACKEND"):
        sms.get_backend()
    assert [m.id for m in checks.check_sms_backend()] == ["notifications.E001"]


def test_logging_backend_logs_the_number_masked_and_not_the_text(settings, caplog):
    settings.DANVAN_SMS_BACKEND = "logging"
    with caplog.at_level(logging.INFO, logger="danvan.sms"):
        sms.send_sms(phone=PHONE, text=TEXT)
    assert [r.name for r in caplog.records] == ["danvan.sms"]
    line = caplog.records[0].getMessage()
    assert line == "SMS to *********678 (41 characters), not sent: logging backend"
    assert PHONE not in caplog.text
    assert "482915" not in caplog.text


def test_console_backend_prints_number_and_text(settings, capsys):
    settings.DANVAN_SMS_BACKEND = "console"
    sms.send_sms(phone=PHONE, text=TEXT)
    out = capsys.readouterr().out
    assert out.startswith(f"SMS to {PHONE}:\n{TEXT}\n")


def test_locmem_backend_keeps_what_it_sent():
    sms.send_sms(phone=PHONE, text=TEXT)
    assert sms.outbox == [sms.SentSms(phone=PHONE, text=TEXT)]


def test_a_demo_backend_in_production_is_warned_about(settings):
    settings.DANVAN_ENV = "production"
    settings.DANVAN_SMS_BACKEND = "logging"
    assert [m.id for m in checks.check_sms_backend()] == ["notifications.W001"]
    settings.DANVAN_SMS_BACKEND = "danvan.notifications.tests.backends.RefusingSmsBackend"
    assert checks.check_sms_backend() == []


def test_masks():
    assert mask_phone("+84912345678") == "*********678"
    assert mask_email("nguyen.van.an@example.vn") == "n***@example.vn"
