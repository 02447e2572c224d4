"""The register book's columns, kept as data an administrator corrects in the admin."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import NO_PERSONAL_DATA
from danvan.letters.report_rows import REGISTER_FIELDS

__all__ = ["RegisterColumn"]

REGISTER_FIELD_CHOICES = [(k, v) for k, v in REGISTER_FIELDS.items()]


class RegisterColumn(models.Model):
    """One column of the register book (sổ theo dõi đơn): what it shows, under which heading,
    in which place. A corrected form is a change of these rows, not of code."""

    retention = NO_PERSONAL_DATA

    key = models.CharField(_("value shown"), max_length=40, choices=REGISTER_FIELD_CHOICES)
    label = models.CharField(_("heading"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    width = models.PositiveSmallIntegerField(_("width (characters)"), default=14)
    active = models.BooleanField(_("shown"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("register book column")
        verbose_name_plural = _("register book columns")

    def __str__(self) -> str:
        return self.label
