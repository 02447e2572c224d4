"""Which letters a unit is competent for, from when, in which fields and areas."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import NO_PERSONAL_DATA
from danvan.organizations.matters import LEGAL_KIND_CHOICES, MatterType
from danvan.organizations.models.areas import Province, Ward
from danvan.organizations.models.dated import Dated, DatedQuerySet, dated_constraints
from danvan.organizations.models.fields import Field
from danvan.organizations.models.units import Unit


class CompetenceQuerySet(DatedQuerySet["Competence"]):
    pass


class Competence(Dated):
    """A unit's dated competence. Empty selections widen it:

    * no ``letter_kind``: every kind of letter;
    * no ``fields``: every field; a field group covers the fields inside it;
    * no ``provinces`` and no ``wards``: the unit's own area (the whole country for a unit without
      an area).
    """

    retention = NO_PERSONAL_DATA

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="competences"
    )
    letter_kind = models.CharField(
        _("kind of letter"),
        max_length=20,
        choices=LEGAL_KIND_CHOICES,
        blank=True,
        help_text=_("Leave empty for every kind."),
    )
    matter = models.CharField(
        _("matter"), max_length=10, choices=MatterType.choices, default=MatterType.STATE
    )
    fields = models.ManyToManyField(
        Field,
        verbose_name=_("fields"),
        blank=True,
        related_name="competences",
        help_text=_("Leave empty for every field."),
    )
    provinces = models.ManyToManyField(
        Province,
        verbose_name=_("provinces"),
        blank=True,
        related_name="competences",
        help_text=_("Leave provinces and communes empty for the unit's whole area."),
    )
    wards = models.ManyToManyField(
        Ward, verbose_name=_("commune-level units"), blank=True, related_name="competences"
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)

    objects = CompetenceQuerySet.as_manager()

    class Meta:
        ordering = ["unit_id", "letter_kind", "effective_from"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        constraints = dated_constraints("competence")

    def __str__(self) -> str:
        kind = self.get_letter_kind_display() if self.letter_kind else _("all letters")
        return f"{self.unit}: {kind} ({self.get_matter_display()})"

    def clean(self) -> None:
        if None in (cast("int | None", self.unit_id), cast("dt.date | None", self.effective_from)):
            return
        if not self.unit.covers(self.effective_from, self.effective_to):
            raise ValidationError(
                {"effective_from": _("A competence must lie within the unit's own period.")}
            )
