"""``danvan load_admin_units``: load or refresh the administrative units from the package."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from danvan.organizations.areas import (
    AdminUnitDataError,
    ImportResult,
    LevelCounts,
    import_admin_units,
)


def _number(value: int) -> str:
    # Vietnamese groups thousands with a dot (3.321); Django's vi formats set no grouping size.
    return f"{value:,}".replace(",", str(get_format("THOUSAND_SEPARATOR")))


def _counts_line(label: str, counts: LevelCounts) -> str:
    return _(
        "%(label)s: %(created)s new, %(updated)s updated, %(unchanged)s unchanged, "
        "%(retired)s retired."
    ) % {
        "label": label,
        "created": _number(counts.created),
        "updated": _number(counts.updated),
        "unchanged": _number(counts.unchanged),
        "retired": _number(counts.retired),
    }


def summary(result: ImportResult) -> list[str]:
    """The lines the command prints, in the active language."""
    params = {
        "provinces": _number(result.provinces.in_source),
        "wards": _number(result.wards.in_source),
        "version": result.data_version,
    }
    if result.dry_run:
        headline = _(
            "Dry run, nothing saved: would load %(provinces)s provinces and centrally-run cities "
            "and %(wards)s communes, wards and special zones (data %(version)s)."
        )
    else:
        headline = _(
            "Loaded %(provinces)s provinces and centrally-run cities and %(wards)s communes, "
            "wards and special zones (data %(version)s)."
        )
    lines = [
        headline % params,
        _counts_line(_("Provinces and centrally-run cities"), result.provinces),
        _counts_line(_("Communes, wards and special zones"), result.wards),
    ]
    if not result.changed:
        lines.append(_("The tables already matched the data; nothing changed."))
    return lines


class Command(BaseCommand):
    help = "Load Vietnam's provinces and communes from the vietnam-provinces package (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would change without writing anything.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_admin_units(dry_run=options["dry_run"])
        except AdminUnitDataError as exc:
            raise CommandError(str(exc)) from exc
        for line in summary(result):
            self.stdout.write(line)
