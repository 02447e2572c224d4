"""``danvan letters_remind``: the former name of ``danvan send_reminders`` (the kit's daily
reminders, which include the letters and cases), kept so existing timers go on working."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "The former name of `send_reminders`: the daily reminders of every module."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("send_reminders", stdout=self.stdout, stderr=self.stderr)
