"""The ledger of reminders sent: which person was told about which work item on which day."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import Retention, RetentionClass
from danvan.workflow.choices import ReminderKind


class SentReminder(models.Model):
    """One line of one reminder: ``user`` was told about ``item_key`` on ``day`` (in the digest,
    or as an escalation). The daily job sends only the lines that have no row yet, so running it
    twice sends nothing twice and an item that falls due after a first run still goes out."""

    retention = Retention(
        RetentionClass.DELIVERY,
        personal_fields=("user",),
        note="Needed only for its day; the daily job deletes rows older than 90 days.",
    )

    item_key = models.CharField(_("work item"), max_length=120)
    day = models.DateField(_("day"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "user", "kind", "item_key"], name="sentreminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_key} {self.kind} {self.day} → {self.user_id}"
