"""SMS backends that fail, to test failures and retries."""

from __future__ import annotations

from danvan.notifications.sms import BaseSmsBackend, SmsError


class RefusingSmsBackend(BaseSmsBackend):
    """A gateway that refuses every message and, carelessly, names the number in its error."""

    def send(self, phone: str, text: str) -> None:
        raise SmsError(f"gateway refused {phone}: quota exceeded")


class NotABackend:
    pass
