"""The append-only audit trail.

Rows are written only by ``danvan.core.audit.record()``. The application cannot change or remove
them: ``save()`` refuses to update a stored row, ``delete()`` refuses, and the queryset refuses
``update()``, ``delete()`` and ``bulk_create()``/``bulk_update()`` (which would bypass the hash
chain). On PostgreSQL a trigger (migration ``0002_audit_chain``) makes the database itself refuse
UPDATE and DELETE, so not even raw SQL from the application's role can alter the trail.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import Retention, RetentionClass

#: ``prev_hash`` of the first entry of the chain.
GENESIS_HASH = "0" * 64


class AuditTrailImmutableError(Exception):
    """Raised on any attempt to change or delete an audit entry through the application."""

    def __init__(self, operation: str) -> None:
        super().__init__(
            f"The audit trail is append-only: {operation} of audit entries is not allowed."
        )


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """A queryset that can read and filter the trail but never change it in bulk."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditTrailImmutableError("update")

    def delete(self) -> NoReturn:
        raise AuditTrailImmutableError("deletion")

    def bulk_update(self, objs: Iterable[AuditEntry], *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditTrailImmutableError("bulk update")

    def bulk_create(self, objs: Iterable[AuditEntry], *args: Any, **kwargs: Any) -> NoReturn:
        # Entries must be chained one by one by ``audit.record()``.
        raise AuditTrailImmutableError("bulk creation")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditTrailImmutableError("update")


class AuditEntry(models.Model):
    """One significant action: who, when, what object, which fields, why.

    Never stores personal data values or secrets: only object references (``target_type``,
    ``target_id`` and a neutral ``target_repr`` such as ``accounts.user#12``) and field names, so
    that erasing a person's data later leaves the trail intact and clean. A public actor is kept as
    a keyed hash of the IP address, never a name.

    Each entry carries the hash of the one before it (``prev_hash``; ``GENESIS_HASH`` for the
    first) and its own (``entry_hash``, SHA-256 over its content and ``prev_hash``), so any change
    to a stored row breaks the chain (``audit.verify_chain()``, command ``danvan audit_verify``).
    ``prev_hash`` is unique: two writers that read the same last entry cannot both append.
    """

    retention = Retention(
        RetentionClass.SECURITY_LOG,
        personal_fields=("actor", "actor_ip_hash", "target_id", "target_repr"),
        note="target_id and target_repr name an account when the action is about one.",
    )

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
        # A person named in the trail is anonymised, never deleted: the trail must stay whole.
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
    prev_hash = models.CharField(_("previous hash"), max_length=64, unique=True)
    entry_hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        default_permissions = ("view",)
        indexes = [models.Index(fields=["target_type", "target_id"], name="core_audit_target_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert a new entry made by ``audit.record()``; refuse to write over a stored one."""
        if (
            not self._state.adding
            or kwargs.get("force_update")
            or kwargs.get("update_fields") is not None
        ):
            raise AuditTrailImmutableError("update")
        try:
            hashed = self.entry_hash == self.compute_hash()
        except (AttributeError, TypeError):  # no time, or content that is not JSON
            hashed = False
        if not hashed:
            raise ValueError(
                "Audit entries are written only by danvan.core.audit.record(), which chains them."
            )
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditTrailImmutableError("deletion")

    def canonical_content(self) -> bytes:
        """The bytes that ``entry_hash`` covers: every content field and ``prev_hash``.

        Canonical JSON (sorted keys, no spaces, UTF-8, time in UTC to the microsecond), so the
        hash is the same whichever database stored the row. The id and ``entry_hash`` itself are
        not covered; the order of entries is fixed by each one naming its predecessor's hash.
        """
        payload = {
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_kind": self.actor_kind,
            "actor_id": self.actor_id,
            "actor_ip_hash": self.actor_ip_hash,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "target_repr": self.target_repr,
            "fields": self.fields,
            "reason": self.reason,
            "extra": self.extra,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(
            payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()

    def compute_hash(self) -> str:
        """SHA-256 (hex) of ``canonical_content()``."""
        return hashlib.sha256(self.canonical_content()).hexdigest()
