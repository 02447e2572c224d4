"""``danvan audit_verify``: check the audit trail's hash chain from the first entry to the last."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core import audit
from danvan.core.models import AuditEntry


class Command(BaseCommand):
    help = (
        "Verify the audit trail's hash chain. Exits with status 1 and names the first entry "
        "whose content or link was changed. Prints the head hash: note it, and pass it back "
        "later with --expect-hash to detect the removal of the newest entries."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-hash",
            metavar="HASH",
            help="an entry hash noted earlier; fail if no entry carries it any more",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit.check_chain()
        if report.broken is not None:
            raise CommandError(
                f"Audit chain BROKEN at entry id {report.broken.entry.pk}: "
                f"{report.broken.describe()} ({report.count} entries before it are intact.)",
                returncode=1,
            )
        expected = options.get("expect_hash")
        if expected and not AuditEntry.objects.filter(entry_hash=expected.strip().lower()).exists():
            raise CommandError(
                f"Audit chain incomplete: no entry has the hash {expected}; entries at or after "
                "the one it named were removed.",
                returncode=1,
            )
        self.stdout.write(
            f"Audit chain intact: {report.count} entries, head hash {report.head_hash}."
        )
