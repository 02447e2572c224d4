"""``danvan purge_document_files``: delete stored document files that no issued document names.

Such files are left when a transaction that issued a document rolls back after the file was
written (the row goes, the file stays). They may hold personal data, so they should not linger:
run this periodically (idempotent). Files younger than ``--older-than-minutes`` are kept, since
their transaction may still be open.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.documents.audit_actions import AuditAction
from danvan.documents.models import IssuedDocument

ROOT = "documents"


class Command(BaseCommand):
    help = "Delete document files that no issued document refers to (left by rolled-back issues)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--older-than-minutes", type=int, default=60)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - dt.timedelta(minutes=max(options["older_than_minutes"], 0))
        known = set(IssuedDocument.objects.values_list("file", flat=True))
        known |= set(IssuedDocument.objects.values_list("pdf_file", flat=True))
        removed = 0
        if default_storage.exists(ROOT):
            years, _files = default_storage.listdir(ROOT)
            for year in years:
                _dirs, files = default_storage.listdir(f"{ROOT}/{year}")
                for name in files:
                    path = f"{ROOT}/{year}/{name}"
                    if path in known or default_storage.get_modified_time(path) > cutoff:
                        continue
                    if not options["dry_run"]:
                        default_storage.delete(path)
                    removed += 1
        if removed and not options["dry_run"]:
            audit.record(
                actor=audit.SYSTEM, action=AuditAction.ORPHAN_FILE_PURGED, extra={"count": removed}
            )
        self.stdout.write(_("Files without a document: %(count)s.") % {"count": removed})
