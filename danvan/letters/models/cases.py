"""A case (vụ việc): opened when a letter is accepted (thụ lý), closed by a decision or ended."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models.versioned import Versioned
from danvan.core.retention import Retention, RetentionClass
from danvan.letters.choices import (
    CaseOutcome,
    Complexity,
    ContestedMeasure,
    DecisionScope,
    LetterKind,
    NoteKind,
    SuspensionGround,
    TerminationGround,
    WithdrawalScope,
)
from danvan.letters.models.letters import Attachment, Letter, Signer
from danvan.letters.states import CaseStatus
from danvan.organizations.models import Unit
from danvan.workflow.models import DeadlineRule


class Case(Versioned):
    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=(
            "accepted_by",
            "resolver",
            "complexity_reason",
            "decision_summary",
            "decision_answer",
        ),
    )

    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="case")
    unit = models.ForeignKey(
        Unit, verbose_name=_("resolving unit"), on_delete=models.PROTECT, related_name="cases"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    round = models.PositiveSmallIntegerField(_("round"), default=1)  # lần đầu / lần hai
    previous = models.ForeignKey(
        "self",
        verbose_name=_("first-time case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    number = models.CharField(_("case number"), max_length=40)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.IN_PROGRESS
    )
    accepted_on = models.DateField(_("accepted on"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    resolver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head who resolves it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    complexity = models.CharField(
        _("complexity"), max_length=20, choices=Complexity.choices, default=Complexity.NORMAL
    )
    complexity_grounds = models.JSONField(_("complexity grounds"), default=list, blank=True)
    complexity_reason = models.TextField(_("why it is complicated"), blank=True)
    remote_area = models.BooleanField(_("remote or disadvantaged area"), default=False)

    due_rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due on"), db_index=True)
    extension_days = models.PositiveSmallIntegerField(default=0)
    suspended_since = models.DateField(_("suspended since"), null=True, blank=True)
    suspended_days = models.PositiveSmallIntegerField(default=0)

    outcome = models.CharField(_("outcome"), max_length=20, choices=CaseOutcome.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_summary = models.TextField(_("decision"), blank=True)
    # The conclusion as written to the letter's signers, with their own identity: shown to a
    # signer only, once they confirmed a code sent to their own contact (the public copy,
    # ``decision_summary``, has every signer's identity removed).
    decision_answer = models.TextField(_("answer to the signers"), blank=True, editable=False)
    decision_document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("decision document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contested_measure = models.CharField(
        _("what the decision does with what was complained of"),
        max_length=10,
        choices=ContestedMeasure.choices,
        blank=True,
    )
    decision_scope = models.CharField(
        _("decisions for several complainants"),
        max_length=10,
        choices=DecisionScope.choices,
        blank=True,
    )
    send_due_on = models.DateField(_("send by"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    # Luật Khiếu nại Art. 33: the second complaint's window runs from the complainant's receipt
    # of the first-time decision, not from the day it was sent.
    decision_received_on = models.DateField(
        _("decision received by the complainant on"), null=True, blank=True
    )
    appeal_until = models.DateField(_("second complaint possible until"), null=True, blank=True)
    # Art. 44 (first-time decision not appealed) and Art. 57 (disciplinary complaints).
    final_on = models.DateField(_("decision final or in effect on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # A denunciation's conclusion (Luật Tố cáo 2018 Arts. 36(1), 37(4), 40(1)).
    handle_due_on = models.DateField(_("conclusion to be handled by"), null=True, blank=True)
    publish_due_on = models.DateField(_("to be published by"), null=True, blank=True)
    lower_violations = models.TextField(_("violations of the lower level"), blank=True)
    end_ground = models.CharField(
        _("ground for ending"), max_length=20, choices=TerminationGround.choices, blank=True
    )
    # Art. 11(8): after a termination notice the complainant may ask to continue within 30 days.
    continue_until = models.DateField(
        _("the complainant may ask to continue until"), null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        # The search finds a letter by its case's number.
        indexes = [
            models.Index(fields=["unit", "status", "due_on"]),
            models.Index(fields=["number"]),
        ]

    def __str__(self) -> str:
        return self.number


class CaseAssignment(models.Model):
    """A handler assigned to a case, from when until when."""

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("user", "assigned_by"))

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=Q(ended_at__isnull=True),
                name="caseassignment_one_open_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class CaseNote(models.Model):
    """Verification notes and dialogue minutes (Luật Khiếu nại Art. 30): what happened, when,
    who took part, and for minutes whether they were signed or why not."""

    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=("place", "participants", "text", "refusal_reason", "author"),
    )

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=20, choices=NoteKind.choices)
    occurred_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    participants = models.TextField(_("participants"), blank=True)
    text = models.TextField(_("content"))
    signed_by_all = models.BooleanField(_("signed by the participants"), default=True)
    refusal_reason = models.CharField(_("why someone did not sign"), max_length=500, blank=True)
    attachment = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class CaseExtension(models.Model):
    """An extension of a denunciation's resolution period, by decision (Luật Tố cáo Art. 30;
    NĐ 31/2019 Art. 3)."""

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("reason", "decided_by"))

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("days"))
    decided_on = models.DateField(_("decision date"))
    grounds = models.JSONField(_("complexity grounds"), default=list)
    reason = models.TextField(_("reason"))
    new_due_on = models.DateField(_("new due date"))
    document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("decision document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["decided_on", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class CaseSuspension(models.Model):
    """A suspension (tạm đình chỉ): the clock stops from ``started_on`` until ``ended_on``."""

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("ground",))

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="suspensions")
    ground_code = models.CharField(
        _("legal ground"), max_length=20, choices=SuspensionGround.choices, blank=True
    )
    ground = models.TextField(_("explanation"))
    started_on = models.DateField(_("suspended on"))
    ended_on = models.DateField(_("resumed on"), null=True, blank=True)
    counted_days = models.PositiveSmallIntegerField(default=0)
    document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("suspension decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resume_document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("resumption decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class Withdrawal(models.Model):
    """A withdrawal in writing (Luật Khiếu nại Art. 10 as amended; Luật Tố cáo Art. 33): of the
    whole letter or part of it, by all or some of its signers."""

    retention = Retention(
        RetentionClass.CASE_FILE, personal_fields=("signers", "content", "reason", "recorded_by")
    )

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="withdrawals")
    scope = models.CharField(_("scope"), max_length=10, choices=WithdrawalScope.choices)
    signers = models.ManyToManyField(Signer, related_name="+", blank=True)
    content = models.TextField(_("withdrawn content"), blank=True)
    received_on = models.DateField(_("received on"))
    continues = models.BooleanField(
        _("resolution continues"),
        default=False,
        help_text=_("Signs of a violation, a coerced withdrawal, or other signers continue."),
    )
    reason = models.TextField(_("officer's note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class CaseFile(models.Model):
    """The case file (hồ sơ giải quyết) once closed, and its hand-over to the archive.

    The file is closed when the decision has been sent and, where the law requires it,
    published; it goes to the archive within 30 days of closing (``archive_due_on``, from the
    rule ``archive.case_file``), in two groups of documents (TT 07/2013/TT-TTCP Art. 23; Luật
    Khiếu nại Art. 34; Luật Tố cáo Art. 39). These are the officers' records, not decisions.
    """

    retention = Retention(
        RetentionClass.CASE_FILE, personal_fields=("closed_by", "handed_by", "archive_reference")
    )

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="file")
    closed_on = models.DateField(_("closed on"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    archive_rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="+")
    archive_due_on = models.DateField(_("hand to the archive by"), db_index=True)
    handed_on = models.DateField(_("handed to the archive on"), null=True, blank=True)
    archive_reference = models.CharField(_("archive reference"), max_length=100, blank=True)
    handed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed over by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    group_one = models.TextField(_("first group of documents"), blank=True)
    group_two = models.TextField(_("second group of documents"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        constraints = [
            models.CheckConstraint(
                condition=Q(handed_on__isnull=True) | Q(handed_on__gte=models.F("closed_on")),
                name="casefile_handed_after_closing",
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class DialogueInvitation(models.Model):
    """A written invitation to the dialogue (Luật Khiếu nại Arts. 30, 39; TT 07/2013/TT-TTCP
    Art. 21): the first and the second, and whether the complainant came."""

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("note", "recorded_by"))

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="invitations")
    number = models.PositiveSmallIntegerField(_("invitation number"))
    invited_on = models.DateField(_("invitation sent on"))
    meeting_on = models.DateField(_("dialogue set for"))
    attended = models.BooleanField(_("the complainant came"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="dialogueinvitation_unique"),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=2), name="dialogueinvitation_1_or_2"
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class ExecutionSuspension(models.Model):
    """A suspension of the execution of the contested decision (Luật Khiếu nại Art. 35; TT
    07/2013/TT-TTCP Art. 17, Mẫu 09-KN and 10-KN). It lasts no longer than the time left to
    resolve the complaint and is lifted when its reason ends. Unlike ``CaseSuspension`` it never
    stops the resolution clock."""

    retention = Retention(
        RetentionClass.CASE_FILE, personal_fields=("ground", "lift_reason", "decided_by")
    )

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="execution_suspensions")
    ground = models.TextField(_("harm it prevents"))
    started_on = models.DateField(_("suspended from"))
    ends_by = models.DateField(_("lasts at most until"))
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    lift_reason = models.TextField(_("why it was lifted"), blank=True)
    document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("suspension decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lift_document = models.ForeignKey(
        "documents.IssuedDocument",
        verbose_name=_("lifting decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"
