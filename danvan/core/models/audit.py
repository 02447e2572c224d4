"""The append-only audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One significant action: who, when, what object, which fields, why.

    Never stores personal data values or secrets: only object references and field names, so that
    erasing a person's data later leaves the trail intact. Each entry carries the hash of the one
    before it (``prev_hash``) and its own (``entry_hash``), so any change to a stored row breaks the
    chain. On PostgreSQL a trigger refuses UPDATE and DELETE.
    """

    class ActorKind(models.TextChoices):
        USER = "user", _("Signed-in user")
        PUBLIC = "public", _("Public (not signed in)")
        SYSTEM = "system", _("System")

    at = models.DateTimeField(_("at"), db_index=True)
    actor_kind = models.CharField(_("actor kind"), max_length=10, choices=ActorKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_ip_hash = models.CharField(_("actor IP (keyed hash)"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    target_repr = models.CharField(_("object"), max_length=200, blank=True)
    fields = models.JSONField(_("changed fields"), default=list, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    extra = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    entry_hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"
