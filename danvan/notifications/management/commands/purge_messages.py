"""``danvan purge_messages --days N``: delete finished messages and dead one-time codes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.notifications import services


class Command(BaseCommand):
    help = (
        "Delete sent (or given-up) messages and dead one-time code challenges created more than "
        "N days ago: their addresses are personal data, kept no longer than needed. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=90,
            metavar="N",
            help="keep what was created in the last N days (default 90, at least 1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days: int = options["days"]
        if days < 1:
            raise CommandError("--days must be at least 1.")
        report = services.messages_purge(older_than_days=days)
        self.stdout.write(
            f"Deleted {report.messages} messages and {report.challenges} code challenges "
            f"older than {days} days."
        )
