"""What the report pages read: the letters of a period in the reader's scope, the register
book's columns and the national export's records."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from django.db.models import QuerySet

from danvan.core.actors import Actor
from danvan.letters import report_rows
from danvan.letters.models import Letter
from danvan.letters.policies import LetterPolicy
from danvan.letters.statistics import Measure, Period, condition
from danvan.reports.models import RegisterColumn
from danvan.reports.periods import ReportPeriod
from danvan.workflow import report_sources

__all__ = [
    "NATIONAL_FORMAT_VERSION",
    "national_json",
    "national_records",
    "period_letters",
    "register_book",
    "register_columns",
]

NATIONAL_FORMAT_VERSION = "danvan-nd55-1"


def period_letters(
    *, viewer: Actor, period: ReportPeriod, unit_ids: Collection[int]
) -> QuerySet[Letter]:
    """The letters received in ``period`` at ``unit_ids`` that ``viewer`` sees (the letters
    policy's scope), counted as ``letters.statistics`` counts a letter received."""
    return (
        LetterPolicy(viewer)
        .visible_letters()
        .filter(unit_id__in=list(unit_ids))
        .filter(condition(Measure.RECEIVED, Period(period.start, period.end)))
    )


def register_columns() -> list[RegisterColumn]:
    return list(RegisterColumn.objects.filter(active=True).order_by("position", "pk"))


def register_book(
    *, viewer: Actor, period: ReportPeriod, unit_ids: Collection[int]
) -> list[dict[str, object]]:
    return report_rows.register_rows(
        period_letters(viewer=viewer, period=period, unit_ids=unit_ids)
    )


def national_records(
    *, viewer: Actor, period: ReportPeriod, unit_ids: Collection[int]
) -> dict[str, list[dict[str, object]]]:
    """The letters and receptions of the period (NĐ 55/2022 Art. 6 fields)."""
    return {
        "letters": report_rows.national_rows(
            period_letters(viewer=viewer, period=period, unit_ids=unit_ids)
        ),
        "receptions": report_sources.reception_rows(
            start=period.start, end=period.end, unit_ids=unit_ids
        ),
    }


def national_json(
    records: dict[str, list[dict[str, object]]], *, period: ReportPeriod, units: list[str]
) -> bytes:
    document: dict[str, Any] = {
        "format": NATIONAL_FORMAT_VERSION,
        "documentation": "docs/national-database.md",
        "period": {"kind": str(period.kind), "year": period.year,
                   "start": period.start.isoformat(), "end": period.end.isoformat()},
        "units": units,
        "letter_fields": list(report_rows.NATIONAL_FIELDS),
        "reception_fields": list(report_sources.RECEPTION_ROW_FIELDS),
        **records,
    }  # fmt: skip
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
