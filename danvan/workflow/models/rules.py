"""The dated rule tables every module shares: data with effective dates, never constants in code.

A row's ``key`` is one a module registered (``danvan.workflow.registry``); the table holds the
numbers and the texts, the registry the key's label and owner. Rows are never deleted: a new
version starts the day the previous one ends (``effective_to``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from danvan.core.models import PeriodUnit
from danvan.core.retention import NO_PERSONAL_DATA
from danvan.organizations.models.dated import Dated, DatedQuerySet, dated_constraints
from danvan.workflow import registry
from danvan.workflow.choices import DutyPeriod, StartEvent


def _check_key(found: registry.RegisteredKey | None, field: str = "key") -> None:
    if found is None:
        raise ValidationError({field: _("No module registered this key.")})


class DatedRule(Dated):
    """What every kind of dated rule row holds besides its numbers: the legal basis, whether it
    was checked against the legal text, whether it is in use, a note and when it was added."""

    legal_basis = models.CharField(_("legal basis"), max_length=255)
    verified = models.BooleanField(
        _("checked against the legal text"),
        default=True,
        help_text=_("Untick for a value taken from practice or from a text not yet read."),
    )
    active = models.BooleanField(_("in use"), default=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True


class DeadlineRuleQuerySet(DatedQuerySet["DeadlineRule"]):
    pass


class DeadlineRule(DatedRule):
    """One version of one time limit, e.g. "resolve a first-time complaint: 30 days from
    acceptance; 45 when complicated or in a remote area; 60 when both" (Luật Khiếu nại Art. 28).

    Rows are never edited once used: an administrator ends a row (``effective_to``) and adds the
    new version, so every object keeps pointing at the version it was computed with.
    ``active`` switches off a candidate row that is not yet confirmed (e.g. a decree read only in
    a draft) without deleting it.
    """

    retention = NO_PERSONAL_DATA

    key = models.CharField(_("time limit"), max_length=60)
    amount = models.PositiveSmallIntegerField(_("days"))
    unit = models.CharField(_("counted in"), max_length=20, choices=PeriodUnit.choices)
    complex_amount = models.PositiveSmallIntegerField(
        _("days when complicated"), null=True, blank=True
    )
    remote_amount = models.PositiveSmallIntegerField(
        _("days in a remote or disadvantaged area"), null=True, blank=True
    )
    remote_complex_amount = models.PositiveSmallIntegerField(
        _("days when complicated in a remote area"), null=True, blank=True
    )
    extension_amount = models.PositiveSmallIntegerField(
        _("longest extension (days)"), null=True, blank=True
    )
    max_extensions_complex = models.PositiveSmallIntegerField(
        _("extensions allowed when complicated"), default=0
    )
    max_extensions_especially_complex = models.PositiveSmallIntegerField(
        _("extensions allowed when especially complicated"), default=0
    )
    suspension_excluded = models.BooleanField(
        _("suspended time is not counted"),
        default=True,
        help_text=_("While a case is suspended the clock stops (Luật Khiếu nại Art. 11a)."),
    )
    start_event = models.CharField(_("counted"), max_length=30, choices=StartEvent.choices)

    objects = DeadlineRuleQuerySet.as_manager()

    class Meta:
        ordering = ["key", "-effective_from"]
        verbose_name = _("time-limit rule")
        verbose_name_plural = _("time-limit rules")
        constraints = [*dated_constraints("deadlinerule")]
        indexes = [models.Index(fields=["key", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.key_label}: {self.amount} {self.get_unit_display()}"

    @property
    def key_label(self) -> str | Promise:
        """The registered label of the key (the key itself when no module registers it)."""
        found = registry.rule_key(self.key)
        return found.label if found is not None else self.key

    def clean(self) -> None:
        super().clean()
        _check_key(registry.rule_key(self.key))

    def amount_for(self, *, remote: bool = False, complicated: bool = False) -> int:
        """The number of days for a matter in a remote area and/or a complicated case."""
        if remote and complicated and self.remote_complex_amount is not None:
            return int(self.remote_complex_amount)
        if remote and self.remote_amount is not None:
            return int(self.remote_amount)
        if complicated and self.complex_amount is not None:
            return int(self.complex_amount)
        return int(self.amount)

    def extensions_allowed(self, *, complicated: bool, especially: bool = False) -> int:
        """How many extensions a complicated (or especially complicated) matter may get."""
        if especially:
            return int(self.max_extensions_especially_complex)
        if complicated:
            return int(self.max_extensions_complex)
        return 0


class DutyRuleQuerySet(DatedQuerySet["DutyRule"]):
    pass


class DutyRule(DatedRule):
    """One version of a duty per period, e.g. "the commune chair receives citizens at least two
    days a month" (Luật Tiếp công dân Art. 15) or "one dialogue conference a year" (Luật Thực
    hiện dân chủ ở cơ sở Art. 32)."""

    retention = NO_PERSONAL_DATA

    key = models.CharField(_("duty"), max_length=60)
    count = models.PositiveSmallIntegerField(_("at least (times)"))
    period = models.CharField(_("per"), max_length=10, choices=DutyPeriod.choices)

    objects = DutyRuleQuerySet.as_manager()

    class Meta:
        ordering = ["key", "-effective_from"]
        verbose_name = _("duty per period")
        verbose_name_plural = _("duties per period")
        constraints = [*dated_constraints("dutyrule")]
        indexes = [models.Index(fields=["key", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.key_label}: {self.count} / {self.get_period_display()}"

    @property
    def key_label(self) -> str | Promise:
        found = registry.duty_key(self.key)
        return found.label if found is not None else self.key

    def clean(self) -> None:
        super().clean()
        _check_key(registry.duty_key(self.key))


class LegalBasisQuerySet(DatedQuerySet["LegalBasis"]):
    pass


class LegalBasis(Dated):
    """One version of a legal-basis text that services and notices print ("Luật Tố cáo 2018,
    Điều 24(2); …"): when the law changes, an administrator ends the row and adds the new text,
    and the next notice prints it. Notices already issued keep the words they printed."""

    retention = NO_PERSONAL_DATA

    key = models.CharField(_("legal basis of"), max_length=80)
    text = models.CharField(_("text"), max_length=255)
    verified = models.BooleanField(
        _("checked against the legal text"),
        default=True,
        help_text=_("Untick for a citation taken from practice or from a text not yet read."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = LegalBasisQuerySet.as_manager()

    class Meta:
        ordering = ["key", "-effective_from"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        constraints = [*dated_constraints("legalbasis")]
        indexes = [models.Index(fields=["key", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.key}: {self.text}"

    @property
    def key_label(self) -> str | Promise:
        found = registry.legal_basis_key(self.key)
        return found.label if found is not None else self.key

    def clean(self) -> None:
        super().clean()
        _check_key(registry.legal_basis_key(self.key))
