"""``danvan send_pending_messages``: send queued messages again and retry failed ones."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danvan.notifications import delivery, services


class Command(BaseCommand):
    help = (
        "Send every queued or failed message that has attempts left (at most "
        f"{delivery.MAX_ATTEMPTS} attempts, at least {delivery.RETRY_AFTER} apart). "
        "Safe to run at any time, e.g. every 10 minutes from a timer."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = services.messages_send_pending()
        self.stdout.write(f"Messages sent: {report.sent}, failed again: {report.failed}.")
