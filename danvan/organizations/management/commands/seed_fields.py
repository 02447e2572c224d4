"""``danvan seed_fields``: create the default field (lĩnh vực) taxonomy where it is missing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from danvan.organizations.fields_seed import seed_fields


class Command(BaseCommand):
    help = "Create the default fields (lĩnh vực) that are missing; existing ones stay as edited."

    def handle(self, *args: Any, **options: Any) -> None:
        result = seed_fields()
        self.stdout.write(
            _("Created %(created)s fields; %(existing)s already existed and were left as they are.")
            % {"created": result.created, "existing": result.existing}
        )
