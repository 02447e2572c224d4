"""Who holds which role in which unit, and from when."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import Retention, RetentionClass
from danvan.organizations.models.dated import Dated, DatedQuerySet, dated_constraints
from danvan.organizations.models.units import Unit
from danvan.organizations.roles import LEADERSHIP_POSITIONS, Position, Role


class MembershipQuerySet(DatedQuerySet["Membership"]):
    pass


class Membership(Dated):
    """A person's role in a unit for a period. A citizen is a user with no active membership.

    A person holds a given role in a given unit at most once at a time; a new term after a revoked
    one is a new row, so the history stays.
    """

    retention = Retention(
        RetentionClass.ACCOUNT,
        personal_fields=("user", "position_title"),
        note="Kept with the anonymised account: it shows who could act on a file at a date.",
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    position_title = models.CharField(
        _("position title"),
        max_length=150,
        blank=True,
        help_text=_("As written in the appointment, e.g. Phó Trưởng ban."),
    )
    position = models.CharField(
        _("position in the leadership"),
        max_length=10,
        choices=Position.choices,
        blank=True,
        default=Position.STAFF,
        help_text=_(
            "For a unit leader: the head of the unit, or a deputy head. The head decides what the "
            "laws give the head of the body; a deputy does so under the head's assignment."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["unit_id", "role", "effective_from"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            *dated_constraints("membership"),
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=Q(effective_to__isnull=True),
                name="membership_one_open_per_role",
            ),
        ]
        indexes = [models.Index(fields=["user", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.unit}"

    def clean(self) -> None:
        if None in (
            cast("int | None", self.unit_id),
            cast("int | None", self.user_id),
            cast("dt.date | None", self.effective_from),
        ):
            return
        errors: list[ValidationError] = []
        if self.position in LEADERSHIP_POSITIONS and self.role != Role.UNIT_LEADER:
            errors.append(ValidationError(_("Only a unit leader is its head or a deputy head.")))
        if self.position == Position.HEAD:
            heads = Membership.objects.filter(
                unit_id=self.unit_id, role=Role.UNIT_LEADER, position=Position.HEAD
            ).exclude(pk=self.pk)
            if any(m.overlaps(self.effective_from, self.effective_to) for m in heads):
                errors.append(ValidationError(_("The unit already has a head in that period.")))
        if not self.unit.covers(self.effective_from, self.effective_to):
            errors.append(ValidationError(_("A membership must lie within the unit's own period.")))
        others = Membership.objects.filter(
            user_id=self.user_id, unit_id=self.unit_id, role=self.role
        )
        if self.pk:
            others = others.exclude(pk=self.pk)
        if any(m.overlaps(self.effective_from, self.effective_to) for m in others):
            errors.append(
                ValidationError(
                    _("This person already holds this role in this unit in that period.")
                )
            )
        if errors:
            raise ValidationError(errors)
