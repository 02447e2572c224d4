"""The audit action names the workflow kit writes (scheme: ``danvan.core.audit``)."""

from __future__ import annotations

from enum import StrEnum, unique

__all__ = ["AuditAction"]


@unique
class AuditAction(StrEnum):
    #: A dated time-limit rule (``DeadlineRule``) was saved.
    RULE_SAVED = "workflow.rule.saved"
    #: A dated duty rule (``DutyRule``) was saved.
    DUTY_SAVED = "workflow.duty.saved"
    #: A dated legal-basis text (``LegalBasis``) was saved.
    LEGAL_BASIS_SAVED = "workflow.legal_basis.saved"
    #: Too many wrong PINs locked a tracked object's code (``workflow.tracking``), for a module
    #: that names no lock action of its own.
    TRACKING_LOCKED = "workflow.tracking.locked"
