"""A permit that a citizen applies for and an officer of a unit grants or refuses: a module with
states, moves and rule keys of its own, to test the workflow kit without any feature context."""

from __future__ import annotations

import datetime as dt

from django.db import models

from danvan.core.models.versioned import StatusChangeBase, Versioned
from danvan.workflow.models import Tracked
from danvan.workflow.models.tracking import new_tracking_code


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


PERMIT_PREFIX = "GP"


def new_permit_code() -> str:
    """A permit's code when it is made: permits get one at creation, so the field has a default
    (letters set theirs in the intake service instead)."""
    return new_tracking_code(PERMIT_PREFIX)


class Permit(Tracked, Versioned):
    """A permit; the applicant follows it with a tracking code and a PIN (``Tracked``)."""

    tracking_prefix = PERMIT_PREFIX

    tracking_code = models.CharField(max_length=20, unique=True, default=new_permit_code)
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
