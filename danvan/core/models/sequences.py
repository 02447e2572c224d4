"""Gap-free counters for registers (sổ): incoming letters, outgoing documents, case numbers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import NO_PERSONAL_DATA


class Sequence(models.Model):
    """The last number given out in one series, e.g. ``letters:unit=12:year=2026``.

    Rows are created on first use and only ever move forward; ``core.sequences.next_number`` is
    the one writer.
    """

    retention = NO_PERSONAL_DATA

    key = models.CharField(_("series"), max_length=200, unique=True)
    last_value = models.PositiveBigIntegerField(_("last number"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")

    def __str__(self) -> str:
        return f"{self.key}: {self.last_value}"
