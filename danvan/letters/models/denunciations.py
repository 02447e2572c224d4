"""The steps of a denunciation that the law times or records apart from the case's status
(Luật Tố cáo 2018 Arts. 27, 29, 35-38, 47-48; NĐ 31/2019): the notices to send and when they
were sent, the measures a conclusion orders, the transfer of a file showing signs of a crime,
the superior head's review of a further denunciation, and the denouncer's requests for
protection."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import Retention, RetentionClass
from danvan.letters.choices import (
    CaseNoticeKind,
    CrimeBody,
    ProtectedInterest,
    ProtectionMeans,
    ReviewOutcome,
)
from danvan.letters.models.cases import Case
from danvan.letters.models.letters import Letter
from danvan.organizations.models import Unit
from danvan.workflow.models import DeadlineRule

__all__ = ["CaseNotice", "ConclusionMeasure", "CrimeReferral", "ProtectionRequest", "RepeatReview"]


class CaseNotice(models.Model):
    """A notice or copy the law requires to be sent on a case, due within its time limit
    (Luật Tố cáo 2018 Arts. 29(3), 35(3)): issued with the step, then recorded as sent."""

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("recipient", "sent_by"))

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("notice"), max_length=20, choices=CaseNoticeKind.choices)
    recipient = models.CharField(_("sent to"), max_length=255, blank=True)
    document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("send by"), db_index=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("notice to send")
        verbose_name_plural = _("notices to send")
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="casenotice_one_per_kind")
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class ConclusionMeasure(models.Model):
    """A measure a denunciation conclusion orders (Luật Tố cáo 2018 Art. 36): what, who carries
    it out, by when; then when it was done and the report back (due within its own limit)."""

    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=("what", "responsible", "report", "decided_by", "recorded_by"),
    )

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measures")
    what = models.TextField(_("measure"))
    responsible = models.CharField(_("responsible body or person"), max_length=255)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due on"), db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    report_rule = models.ForeignKey(
        DeadlineRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    report_due_on = models.DateField(_("report due on"), null=True, blank=True)
    report = models.TextField(_("report"), blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("measure ordered by the conclusion")
        verbose_name_plural = _("measures ordered by the conclusion")

    def __str__(self) -> str:
        return self.what[:60]

    @property
    def finished(self) -> bool:
        return self.done_on is not None and self.reported_on is not None


class CrimeReferral(models.Model):
    """A file sent at once to the investigating body or the procuracy on signs of a crime
    (Luật Tố cáo 2018 Arts. 27, 36(2)): not a forwarding, at any stage, by the head's decision."""

    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=("signs", "decided_by"),
        not_personal={"body_name": "the name of the investigating body or procuracy"},
    )

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="crime_referrals")
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="crime_referrals"
    )
    body_kind = models.CharField(_("sent to"), max_length=20, choices=CrimeBody.choices)
    body_name = models.CharField(_("name of the body"), max_length=255)
    referred_on = models.DateField(_("sent on"))
    signs = models.TextField(_("signs of a crime"))
    document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("transfer document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["referred_on", "id"]
        verbose_name = _("transfer on signs of a crime")
        verbose_name_plural = _("transfers on signs of a crime")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class RepeatReview(models.Model):
    """The superior head's review of a further denunciation about a concluded case (Luật Tố cáo
    2018 Art. 37; NĐ 31/2019 Art. 17): a refusal in writing, or a new case (giải quyết lại)."""

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("reasons", "decided_by"))

    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="repeat_review")
    earlier_case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="repeat_reviews")
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReviewOutcome.choices)
    grounds = models.JSONField(_("grounds to resolve again"), default=list, blank=True)
    reasons = models.TextField(_("reasons"))
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_case = models.OneToOneField(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="review"
    )

    class Meta:
        verbose_name = _("review of a further denunciation")
        verbose_name_plural = _("reviews of further denunciations")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class ProtectionRequest(models.Model):
    """A denouncer's request for protection (Luật Tố cáo 2018 Arts. 47-48): what is to be
    protected, when and how it was asked, the measures decided, by whom and when, and the
    outcome. Read only by those who may read the denouncer's identity."""

    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=("details", "measures", "decided_by_name", "outcome", "recorded_by"),
        note="It tells who asked for protection and why: the denouncer's identity.",
    )

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="protection_requests")
    interests = models.JSONField(_("to protect"), default=list)
    requested_on = models.DateField(_("requested on"))
    means = models.CharField(_("requested by"), max_length=20, choices=ProtectionMeans.choices)
    details = models.TextField(_("request"), blank=True)
    measures = models.TextField(_("measures decided"), blank=True)
    decided_by_name = models.CharField(_("decided by"), max_length=255, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requested_on", "id"]
        verbose_name = _("request for protection")
        verbose_name_plural = _("requests for protection")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def interest_labels(self) -> list[str]:
        labels = dict(ProtectedInterest.choices)
        return [str(labels.get(i, i)) for i in self.interests]
