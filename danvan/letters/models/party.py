"""A party case (vụ việc đảng): a party matter at a party body, on its own track.

A letter whose matter is a party matter (a party member's breach of party rules, party
discipline), received by the party committee, its standing committee or its inspection committee,
is resolved under the party's rules (QĐ 296-QĐ/TW of 30/5/2025, replacing QĐ 22-QĐ/TW; DOMAIN.md
§12.5), never as a state case. A party member who is also a civil servant may have a state case
for the same facts: the two are linked (``state_case``), each on its own track.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models.versioned import StatusChangeBase, Versioned
from danvan.core.retention import Retention, RetentionClass
from danvan.letters.choices import DisciplineMeasure, StateMeasure
from danvan.letters.models.cases import Case
from danvan.letters.models.letters import Letter
from danvan.letters.states import PartyCaseStatus
from danvan.organizations.models import Unit
from danvan.workflow.models import DeadlineRule


class PartyCase(Versioned):
    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=(
            "accepted_by",
            "verification_team",
            "findings",
            "conclusion",
            "discipline_text",
            "inspection_note",
        ),
    )

    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="party_case")
    unit = models.ForeignKey(
        Unit, verbose_name=_("party body"), on_delete=models.PROTECT, related_name="party_cases"
    )
    number = models.CharField(_("party case number"), max_length=40)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PartyCaseStatus.choices,
        default=PartyCaseStatus.RECEIVED,
    )
    received_on = models.DateField(_("received on"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_rule = models.ForeignKey(
        DeadlineRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    verification_team = models.TextField(_("verification team"), blank=True)
    verification_started_on = models.DateField(_("verification started on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    discipline = models.CharField(
        _("discipline proposed"), max_length=20, choices=DisciplineMeasure.choices, blank=True
    )
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    discipline_decided_on = models.DateField(_("discipline decided on"), null=True, blank=True)
    discipline_text = models.TextField(_("discipline decision"), blank=True)
    complaint_rule = models.ForeignKey(
        DeadlineRule, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    complaint_until = models.DateField(
        _("discipline complaint possible until"), null=True, blank=True
    )
    acceptance_document = models.ForeignKey(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    conclusion_document = models.ForeignKey(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    discipline_document = models.ForeignKey(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    inspection_note = models.TextField(_("note on the inspection information"), blank=True)
    inspection_recorded_on = models.DateField(_("recorded on"), null=True, blank=True)
    sent_on = models.DateField(_("conclusion sent on"), null=True, blank=True)
    state_case = models.ForeignKey(
        Case,
        verbose_name=_("state case on the same facts"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="party_cases",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("party case")
        verbose_name_plural = _("party cases")
        indexes = [models.Index(fields=["unit", "status"])]

    def __str__(self) -> str:
        return self.number


class PartyCaseStatusChange(StatusChangeBase):
    """One row per move of a party case (the party track's own history)."""

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("actor", "reason"))

    party_case = models.ForeignKey(
        PartyCase, on_delete=models.CASCADE, related_name="status_changes"
    )

    class Meta(StatusChangeBase.Meta):
        verbose_name = _("party case status change")
        verbose_name_plural = _("party case status changes")


class PartyCaseNote(models.Model):
    """A verification note on a party case."""

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("text", "author"))

    party_case = models.ForeignKey(PartyCase, on_delete=models.CASCADE, related_name="notes")
    occurred_on = models.DateField(_("date"))
    text = models.TextField(_("content"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class PartyNotification(models.Model):
    """A state body's record that it informed the managing party organisation of a suspension
    or a discipline of an official who is a party member, within the time limit (QĐ 296-QĐ/TW
    Art. 8(5) as reported [S]: 5 days)."""

    retention = Retention(RetentionClass.CASE_FILE, personal_fields=("reference", "recorded_by"))

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="party_notifications")
    party_unit = models.ForeignKey(
        Unit,
        verbose_name=_("managing party organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    party_body = models.CharField(_("managing party organisation"), max_length=255, blank=True)
    measure = models.CharField(_("measure"), max_length=20, choices=StateMeasure.choices)
    measure_on = models.DateField(_("measure taken on"))
    informed_on = models.DateField(_("informed on"))
    due_rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("inform by"))
    reference = models.CharField(_("reference of the notice"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["informed_on", "id"]
        verbose_name = _("notice to the party organisation")
        verbose_name_plural = _("notices to the party organisation")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def on_time(self) -> bool:
        return self.informed_on <= self.due_on

    @property
    def recipient(self) -> str:
        return self.party_unit.name if self.party_unit is not None else self.party_body
