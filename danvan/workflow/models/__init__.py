"""The workflow kit's dated rule tables: time limits, duties per period and legal-basis texts;
and the abstract ``Tracked`` of objects a citizen follows by code and PIN."""

from danvan.workflow.models.rules import DeadlineRule, DutyRule, LegalBasis
from danvan.workflow.models.tracking import Tracked

__all__ = ["DeadlineRule", "DutyRule", "LegalBasis", "Tracked"]
