"""The audit action names the reports context writes (scheme: ``danvan.core.audit``)."""

from __future__ import annotations

from enum import unique

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditAction"]


@unique
class AuditAction(models.TextChoices):
    #: A periodic report (TT 01/2024) was downloaded; extra: period, year, unit, format.
    PERIODIC_DOWNLOADED = "reports.periodic.downloaded", _("Periodic report downloaded")
    #: The register book of a period was downloaded; extra: period, unit, format, rows.
    REGISTER_BOOK_DOWNLOADED = (
        "reports.register_book.downloaded",
        _("Register book downloaded"),
    )
    #: The national database export was downloaded; extra: period, unit, format, rows.
    NATIONAL_EXPORTED = "reports.national.exported", _("National database export downloaded")
    #: A register book column was added or corrected in the admin.
    REGISTER_COLUMN_SAVED = "reports.register_column.saved", _("Register book column saved")
