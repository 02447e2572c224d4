"""The time-limit rule table (DeadlineRule): data with effective dates, never constants in code."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models import PeriodUnit
from danvan.letters.choices import Complexity, RuleKey, StartEvent
from danvan.organizations.models.dated import Dated, DatedQuerySet, dated_constraints


class DeadlineRuleQuerySet(DatedQuerySet["DeadlineRule"]):
    pass


class DeadlineRule(Dated):
    """One version of one time limit, e.g. "resolve a first-time complaint: 30 days from
    acceptance; 45 when complicated or in a remote area; 60 when both" (Luật Khiếu nại Art. 28).

    Rows are never edited once used: an administrator ends a row (``effective_to``) and adds the
    new version, so every letter and case keeps pointing at the version it was computed with.
    ``active`` switches off a candidate row that is not yet confirmed (e.g. a decree read only in
    a draft) without deleting it.
    """

    key = models.CharField(_("time limit"), max_length=60, choices=RuleKey.choices)
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
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    verified = models.BooleanField(
        _("checked against the legal text"),
        default=True,
        help_text=_("Untick for a value taken from practice or from a text not yet read."),
    )
    active = models.BooleanField(_("in use"), default=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DeadlineRuleQuerySet.as_manager()

    class Meta:
        ordering = ["key", "-effective_from"]
        verbose_name = _("time-limit rule")
        verbose_name_plural = _("time-limit rules")
        constraints = [*dated_constraints("deadlinerule")]
        indexes = [models.Index(fields=["key", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.get_key_display()}: {self.amount} {self.get_unit_display()}"

    def amount_for(self, *, remote: bool = False, complexity: str = Complexity.NORMAL) -> int:
        """The number of days for a matter in a remote area and/or a complicated case."""
        complicated = complexity != Complexity.NORMAL
        if remote and complicated and self.remote_complex_amount is not None:
            return int(self.remote_complex_amount)
        if remote and self.remote_amount is not None:
            return int(self.remote_amount)
        if complicated and self.complex_amount is not None:
            return int(self.complex_amount)
        return int(self.amount)

    def extensions_allowed(self, complexity: str) -> int:
        if complexity == Complexity.ESPECIALLY_COMPLEX:
            return int(self.max_extensions_especially_complex)
        if complexity == Complexity.COMPLEX:
            return int(self.max_extensions_complex)
        return 0
