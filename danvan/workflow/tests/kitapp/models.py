"""A permit that a citizen applies for and an officer of a unit grants or refuses: a module with
states, moves and rule keys of its own, to test the workflow kit without any feature context."""

from __future__ import annotations

from django.db import models

from danvan.core.models.versioned import StatusChangeBase, Versioned


class PermitStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Permit(Versioned):
    unit = models.ForeignKey("organizations.Unit", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=PermitStatus.choices, default="draft")
    handler = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.title


class PermitStatusChange(StatusChangeBase):
    permit = models.ForeignKey(Permit, on_delete=models.CASCADE, related_name="status_changes")
