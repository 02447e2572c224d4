"""``danvan search_reindex``: rebuild the letters' search text and the signers' name index
(``letters.search_index.reindex``) for the letters already stored, in batches — after an
upgrade that changes what the search covers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danvan.letters import search_index


class Command(BaseCommand):
    help = "Rebuild the letters' search text and the signers' name index, in batches."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=search_index.BATCH)
        parser.add_argument("--after", type=int, default=0, help="Start after this letter id.")

    def handle(self, *args: Any, **options: Any) -> None:
        count = search_index.reindex(batch=max(1, options["batch"]), after=options["after"])
        self.stdout.write(f"{count} letters reindexed.")
