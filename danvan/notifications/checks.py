"""System checks: the SMS backend can be loaded, and production does not use a demo one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from danvan.notifications import sms

_DEMO_BACKENDS = (sms.LoggingSmsBackend, sms.ConsoleSmsBackend, sms.LocmemSmsBackend)


@checks.register(checks.Tags.compatibility)
def check_sms_backend(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        backend = sms.backend_class()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="notifications.E001")]
    if getattr(settings, "DANVAN_ENV", "") == "production" and issubclass(backend, _DEMO_BACKENDS):
        return [
            checks.Warning(
                f"DANVAN_SMS_BACKEND={settings.DANVAN_SMS_BACKEND!r} does not send text "
                "messages: citizens will receive no SMS and no one-time code by SMS.",
                hint="Set DANVAN_SMS_BACKEND to the dotted path of a gateway backend "
                "(docs/deployment.md, 'SMS gateway').",
                id="notifications.W001",
            )
        ]
    return []
