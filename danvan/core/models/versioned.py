"""Abstract bases of the objects that move through statuses: a version counter for the
compare-and-set of ``danvan.core.gate`` and the history row each move leaves."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Versioned(models.Model):
    """An object changed only under a version check: every change through the gate bumps
    ``version``, so a form sent after someone else changed the object is told so."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class StatusChangeBase(models.Model):
    """One row per status move: from, to, who (empty for the public and the system), why, and
    whether the public may see it (a tracking page shows only public rows)."""

    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    public = models.BooleanField(default=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}: {self.from_status} → {self.to_status}"


__all__ = ["StatusChangeBase", "Versioned"]
