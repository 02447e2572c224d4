"""Enumerations every module's dated rules share."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StartEvent(models.TextChoices):
    """The event a time limit is counted from (the period starts the day after it)."""

    RECEIPT = "receipt", _("From the day the letter is received")
    ACCEPTANCE = "acceptance", _("From the day it is accepted")
    DECISION = "decision", _("From the day of the decision")
    DECISION_RECEIVED = "decision_received", _("From the day the decision is received")
    PUBLICATION = "publication", _("From the first day of publication")
    DUE = "due", _("From the day a work item fell due")


class DutyPeriod(models.TextChoices):
    """The period a duty is counted in ("at least two reception days a month")."""

    MONTH = "month", _("a month")
    QUARTER = "quarter", _("a quarter")
    YEAR = "year", _("a year")


class WorkflowRuleKey(models.TextChoices):
    """The kit's own time limits."""

    ESCALATION = "workflow.escalation", _("Escalate an overdue work item to the unit above")


class ReminderKind(models.TextChoices):
    """What a reminder told a person about a work item."""

    DIGEST = "digest", _("in the daily digest")
    ESCALATION = "escalation", _("escalated to the unit above")


class NoticeKind(models.TextChoices):
    """What a staff notification tells its recipient (``workflow.staff_notifications``)."""

    ASSIGNED = "assigned", _("Assigned to you")
    AWAITING = "awaiting", _("Awaiting your approval")
    RETURNED = "returned", _("Returned to you with comments")
