"""Verification assigned by the head (giao xác minh), the verifiers' declarations of ties, and
recusals (DOMAIN.md §12.1a, §12.2).

The head who resolves a case verifies it personally or assigns a unit (the case's own, the
same-level inspectorate, or another body) and a team from it, with a due date within the
resolution deadline (Luật Khiếu nại Arts. 25, 29(1), 38; Luật Tố cáo Art. 32; NĐ 31/2019
Art. 10; TT 07/2013 Art. 7). The team's leader reports (Art. 29(4)); the decision stays the
head's (Art. 31(1)).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import Retention, RetentionClass
from danvan.letters.choices import RecusalRole, Tie
from danvan.letters.models.cases import Case
from danvan.organizations.models import Unit


class Verification(models.Model):
    """One assignment of verification: the unit, its team (``members``), the dates and the
    assignment document. A new assignment of the same case ends the one before (``ended_at``):
    that is how the head replaces a recused verifier."""

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("assigned_by",))

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="verifications")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit assigned"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_on = models.DateField(_("assigned on"))
    due_on = models.DateField(_("verify by"))
    document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("assignment document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("verification assignment")
        verbose_name_plural = _("verification assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(ended_at__isnull=True),
                name="verification_one_active_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class VerificationMember(models.Model):
    """A verifier on a team: its leader or a member, until removed (by a recusal, or when the
    team is replaced)."""

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("user",))

    verification = models.ForeignKey(Verification, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verifier"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    is_leader = models.BooleanField(_("team leader"), default=False)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_leader", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["verification", "user"], name="verificationmember_once_per_team"
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class VerificationReport(models.Model):
    """The report of verification (Luật Khiếu nại Art. 29(4); TT 07/2013 Art. 18(1))."""

    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=(
            "verifiers", "content", "result", "conclusion", "recommendation", "dissent",
            "reported_by",
        ),
    )  # fmt: skip

    verification = models.OneToOneField(
        Verification, on_delete=models.CASCADE, related_name="report"
    )
    subject = models.CharField(_("subject of the verification"), max_length=255)
    verified_from = models.DateField(_("verified from"))
    verified_to = models.DateField(_("verified until"))
    verifiers = models.TextField(_("verifiers"))
    content = models.TextField(_("content verified"))
    result = models.TextField(_("result"))
    conclusion = models.TextField(_("conclusion"))
    recommendation = models.TextField(_("recommendation"))
    dissent = models.TextField(_("dissenting members' opinions"), blank=True)
    reported_on = models.DateField(_("reported on"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verification report")
        verbose_name_plural = _("verification reports")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class TieDeclaration(models.Model):
    """What a verifier or the resolver declared about a case: no tie, or the tie that recuses
    them (NĐ 31/2019 Art. 10(1): members report a conflict). One declaration per person and
    case; it holds for every team of the case."""

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("user", "tie", "note"))

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tie_declarations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tie = models.CharField(_("tie"), max_length=20, choices=Tie.choices)
    note = models.CharField(_("details"), max_length=500, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="tiedeclaration_once_per_case")
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Recusal(models.Model):
    """A person who stood down from a case, with the ground (NĐ 31/2019 Arts. 5, 10): they no
    longer verify, resolve or read the denouncer's identity on it."""

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("user", "ground", "note"))

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recusals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("part in the case"), max_length=20, choices=RecusalRole.choices)
    ground = models.CharField(_("ground"), max_length=20, choices=Tie.choices)
    note = models.CharField(_("details"), max_length=500, blank=True)
    declaration = models.OneToOneField(
        TieDeclaration, null=True, blank=True, on_delete=models.PROTECT, related_name="recusal"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Escalation(models.Model):
    """The superior head's written order to stop and hand the case over (NĐ 31/2019 Art. 5(3)):
    the letter is registered anew at the superior unit (``letter``), whose head accepts it with a
    deadline of its own."""

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("reason", "ordered_by"))

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="escalation")
    superior = models.ForeignKey(
        Unit, verbose_name=_("superior unit"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    ordered_on = models.DateField(_("ordered on"))
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("order to stop and hand over"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    letter = models.ForeignKey(
        "letters.Letter",
        verbose_name=_("letter registered at the superior unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("escalation to the superior")
        verbose_name_plural = _("escalations to the superior")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"
