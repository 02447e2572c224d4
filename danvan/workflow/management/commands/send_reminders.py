"""``danvan send_reminders [--day YYYY-MM-DD]``: the daily reminders of every module's work
items and their escalation (run it once a day from a timer; running it again the same day sends
only what was not sent yet)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.workflow.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each person the work items they handle that are overdue or due soon, and the "
        "leaders of the unit above the items that stay overdue. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--day", metavar="YYYY-MM-DD", help="the day to remind for (default: today in Vietnam)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day: dt.date | None = None
        if options.get("day"):
            try:
                day = dt.date.fromisoformat(options["day"])
            except ValueError:
                raise CommandError("--day must be a date such as 2026-11-26.") from None
        sent = reminders_send(day)
        self.stdout.write(f"{sent} reminder(s) sent.")
