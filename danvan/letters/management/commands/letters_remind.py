"""``danvan letters_remind``: the daily deadlines digest for officers (run it once a day from a
timer; running it again the same day sends nothing new)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danvan.letters.services.reminders import reminders_send


class Command(BaseCommand):
    help = "E-mail each officer the letters and cases they handle that are overdue or due soon."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send()
        self.stdout.write(f"{sent} digest(s) sent.")
