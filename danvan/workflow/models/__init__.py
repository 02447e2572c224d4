"""The workflow kit's dated rule tables: time limits, duties per period and legal-basis texts."""

from danvan.workflow.models.rules import DeadlineRule, DutyRule, LegalBasis

__all__ = ["DeadlineRule", "DutyRule", "LegalBasis"]
