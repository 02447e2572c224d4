"""A head's dated assignment of powers to a deputy (phân công cấp phó)."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import Retention, RetentionClass
from danvan.organizations.matters import LEGAL_KIND_CHOICES
from danvan.organizations.models.dated import Dated, DatedQuerySet, dated_constraints
from danvan.organizations.models.units import Unit


class DelegationQuerySet(DatedQuerySet["Delegation"]):
    pass


class Delegation(Dated):
    """The head of ``unit`` assigns ``deputy`` to decide and sign in the head's place for some
    kinds of letters (none chosen: every kind), from ``effective_from`` to ``effective_to``.

    A deputy signs such documents "KT." above the head's title (NĐ 30/2020 Art. 13(1)); the head
    stays answerable. The deputy must be a deputy head of the unit for the whole period.
    """

    retention = Retention(
        RetentionClass.ACCOUNT,
        personal_fields=("deputy", "assigned_by"),
        note="Kept with the memberships: it shows who could decide for the unit on a date.",
    )

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="delegations"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy head"),
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    letter_kinds = models.JSONField(
        _("kinds of letters"),
        default=list,
        blank=True,
        help_text=_("Leave empty for every kind."),
    )
    document = models.CharField(
        _("assignment document"),
        max_length=255,
        help_text=_("The number and date of the head's assignment, e.g. 12/QĐ-UBND, 05/01/2026."),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["unit_id", "effective_from"]
        verbose_name = _("assignment to a deputy")
        verbose_name_plural = _("assignments to deputies")
        constraints = dated_constraints("delegation")

    def __str__(self) -> str:
        return f"{self.deputy} — {self.unit} ({self.document})"

    def covers_kind(self, kind: str) -> bool:
        return not self.letter_kinds or kind in self.letter_kinds

    def clean(self) -> None:
        from danvan.organizations.models.memberships import Membership
        from danvan.organizations.roles import Position, Role

        if None in (
            cast("int | None", self.unit_id),
            cast("int | None", self.deputy_id),
            cast("dt.date | None", self.effective_from),
        ):
            return
        kinds = {value for value, _label in LEGAL_KIND_CHOICES}
        if not isinstance(self.letter_kinds, list) or set(self.letter_kinds) - kinds:
            raise ValidationError({"letter_kinds": _("Choose kinds of letters from the list.")})
        deputy_terms = Membership.objects.filter(
            unit_id=self.unit_id,
            user_id=self.deputy_id,
            role=Role.UNIT_LEADER,
            position=Position.DEPUTY,
        )
        if not any(
            m.effective_from <= self.effective_from
            and (
                m.effective_to is None
                or (self.effective_to is not None and self.effective_to <= m.effective_to)
            )
            for m in deputy_terms
        ):
            raise ValidationError(
                {"deputy": _("The person must be a deputy head of the unit for the whole period.")}
            )
