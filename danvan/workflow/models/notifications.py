"""Staff notifications: what a person in the back office is told (a case assigned to them, a
proposal awaiting their approval, their proposal returned), read in the header's count and the
list page, and sent once by e-mail through the ``notifications`` outbox.

The outbox takes addresses, not users; a notification names its recipient, so it lives here in
the kit, which may know users, units and the outbox (docs/architecture.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import Retention, RetentionClass
from danvan.workflow.choices import NoticeKind


class StaffNotification(models.Model):
    """One thing one person is told, once: ``key`` names the event (``letters.case#7:assigned:
    12``), unique per recipient, so a retry or a second run of the same event adds nothing.

    The text is built when it is shown, from ``kind`` and the neutral label of the object
    (``target_type``/``target_id``, labelled as the audit trail labels it: a register or case
    number, never content or a signer)."""

    retention = Retention(
        RetentionClass.DELIVERY,
        personal_fields=("recipient", "actor"),
        not_personal={
            "url": "a link to a back-office page",
            "target_id": "the key of the object the notification is about",
        },
        note=(
            "Read notifications are deleted by the daily job once the class's period has passed "
            "since they were read."
        ),
    )

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    key = models.CharField(_("event"), max_length=150)
    target_type = models.CharField(max_length=100)
    target_id = models.CharField(max_length=40)
    url = models.CharField(max_length=300)
    proposal = models.ForeignKey(
        "workflow.Proposal", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: The e-mail queued for this notification (none when the person has no address).
    message = models.ForeignKey(
        "notifications.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff notification")
        verbose_name_plural = _("staff notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="staffnotification_once")
        ]
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="staffnotification_unread",
            ),
            models.Index(fields=["recipient", "-created_at", "-id"], name="staffnotification_list"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → {self.recipient_id}"
