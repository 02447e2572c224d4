"""``danvan purge_exports``: delete the exports of the letters list whose time is up (7 days
after they were asked for) with their files. The files hold personal data; run it daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danvan.letters.services.exports import purge_expired


class Command(BaseCommand):
    help = "Delete expired exports of the letters list and their files."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{purge_expired()} export(s) deleted.")
