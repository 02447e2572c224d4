"""``danvan purge_letter_drafts``: delete the files of public letters that were never sent
(older than 24 hours). They are personal data; run it hourly from a timer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danvan.letters.services.public_intake import drafts_purge


class Command(BaseCommand):
    help = "Delete draft files of letters that were never sent, older than 24 hours."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{drafts_purge()} draft file(s) deleted.")
