"""``danvan document_templates``: list the registered templates; ``--sync`` creates a row for each
registered default that has none (and refreshes the text of rows nobody customised), so that
administrators find every template in the admin."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.documents import services, templates
from danvan.documents.models import DocumentTemplate


class Command(BaseCommand):
    help = "List the document templates; with --sync, create the missing ones in the database."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--sync",
            action="store_true",
            help="Create rows for registered defaults that have none (idempotent).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["sync"]:
            created, refreshed = services.document_templates_sync(actor=audit.SYSTEM)
            self.stdout.write(
                _("Created %(created)s templates; refreshed %(refreshed)s not customised.")
                % {"created": created, "refreshed": refreshed}
            )
        customised = set(
            DocumentTemplate.objects.filter(customised=True, active=True).values_list(
                "key", flat=True
            )
        )
        for default in templates.registered_defaults():
            state = _("customised") if default.key in customised else _("default")
            self.stdout.write(f"{default.key}\t{default.doc_type}\t{state}")
