"""An export of the letters list run in the background (a list too long to write during the
request): who asked, for which letters, how far it is, and the file when done."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import Retention, RetentionClass

#: Days a finished export's file is kept before ``danvan purge_exports`` deletes it.
EXPORT_DAYS = 7


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Being written")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Failed")


def _expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=EXPORT_DAYS)


class ExportJob(models.Model):
    retention = Retention(
        RetentionClass.DELIVERY,
        # Who asked is personal data too (an officer's work), and goes with the job.
        personal_fields=("file", "user"),
        note="The file and the row are deleted by `danvan purge_exports` once expired.",
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="letter_exports"
    )
    fmt = models.CharField(_("format"), max_length=8)
    #: The letters list's filters (its query string, each name with its values) or the ids
    #: chosen on it: the letters are read again, in the person's scope, when the task runs.
    query = models.JSONField(default=dict, blank=True)
    ids = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", max_length=255, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=_expiry)

    class Meta:
        verbose_name = _("letters export")
        verbose_name_plural = _("letters exports")
        indexes = [models.Index(fields=["user", "-created_at"], name="export_user_created")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)
