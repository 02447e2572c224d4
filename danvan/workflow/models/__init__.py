"""The workflow kit's tables: the dated rules (time limits, duties per period, legal-basis texts)
and the ledger of reminders sent."""

from danvan.workflow.models.reminders import SentReminder
from danvan.workflow.models.rules import DeadlineRule, DutyRule, LegalBasis

__all__ = ["DeadlineRule", "DutyRule", "LegalBasis", "SentReminder"]
