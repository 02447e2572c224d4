"""A permit that a citizen applies for and an officer of a unit grants or refuses: a module with
states, moves and rule keys of its own, to test the workflow kit without any feature context."""

from __future__ import annotations

import datetime as dt

from django.db import models

from danvan.core.models.versioned import StatusChangeBase, Versioned


class PermitStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class PermitRuleKey(models.TextChoices):
    """The time limits of permits (a made-up regulation, so nothing here is a letters key)."""

    REVIEW = "permit.review", "Review an application"
    APPEAL = "permit.appeal", "Appeal a refusal"


class PermitDutyKey(models.TextChoices):
    INSPECTION = "permit.inspection", "Inspect granted permits"


RULE_BASIS = {
    PermitRuleKey.REVIEW.value: "Quy chế cấp phép thử nghiệm, Điều 5",
    PermitRuleKey.APPEAL.value: "Quy chế cấp phép thử nghiệm, Điều 9",
}
DUTY_BASIS = {PermitDutyKey.INSPECTION.value: "Quy chế cấp phép thử nghiệm, Điều 12"}
LEGAL_BASES = {
    "kitapp.refusal": ("Quy chế cấp phép thử nghiệm, Điều 7", dt.date(2025, 1, 1), "Refusal"),
}


class Permit(Versioned):
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=PermitStatus.choices, default="draft")
    handler = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    due_rule = models.ForeignKey(
        "workflow.DeadlineRule", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.title


class PermitStatusChange(StatusChangeBase):
    permit = models.ForeignKey(Permit, on_delete=models.CASCADE, related_name="status_changes")
