"""API keys: a secret token bound to a staff account or to an integration of a unit.

The token is shown once, when the key is made. Only a keyed hash of it is stored
(HMAC-SHA256 with the deployment's secret key: a stolen table gives no usable token, and a
lookup by digest costs one indexed query), beside a short prefix that administrators see to tell
keys apart.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import Retention, RetentionClass
from danvan.organizations.models import Unit


class Scope(models.TextChoices):
    """What a key may do: read, submit letters, act on letters (act: a later part of the API)."""

    READ = "read", _("Read")
    SUBMIT = "submit", _("Submit letters")
    ACT = "act", _("Act on letters")


class ApiKey(models.Model):
    """One key. Bound to a user (it acts as that person, with their roles and units) or to an
    integration account of a unit (a hotline, an app: it reads that unit's letters and never a
    protected identity). Revoked keys are kept for the audit trail."""

    retention = Retention(
        RetentionClass.ACCOUNT,
        personal_fields=("user", "created_by", "revoked_by"),
        not_personal={
            "name": "the key's label, chosen by an administrator (a system's name)",
            "prefix": "the first characters of a random token",
        },
        note="Kept with the accounts: it shows who could act through the API on a date.",
    )

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_keys",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit of the integration"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_keys",
    )
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(unit__isnull=True))
                | (Q(user__isnull=True) & Q(unit__isnull=False)),
                name="api_apikey_user_or_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_integration(self) -> bool:
        return self.user_id is None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: Scope | str) -> bool:
        return str(scope) in set(self.scopes or [])
