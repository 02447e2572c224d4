"""The audit action names the workflow kit writes (scheme: ``danvan.core.audit``)."""

from __future__ import annotations

from enum import unique

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditAction"]


@unique
class AuditAction(models.TextChoices):
    #: A dated time-limit rule (``DeadlineRule``) was saved.
    RULE_SAVED = "workflow.rule.saved", _("Time-limit rule saved")
    #: A dated duty rule (``DutyRule``) was saved.
    DUTY_SAVED = "workflow.duty.saved", _("Duty rule saved")
    #: A dated legal-basis text (``LegalBasis``) was saved.
    LEGAL_BASIS_SAVED = "workflow.legal_basis.saved", _("Legal basis saved")
    #: An overdue work item was escalated to the leaders of the unit above (the daily job).
    WORK_ITEM_ESCALATED = "workflow.work_item.escalated", _("Overdue work escalated")
    #: A person saved the filters of a work list under a name (``workflow.saved_filters``).
    SAVED_FILTER_SAVED = "workflow.saved_filter.saved", _("Filters saved")
    #: A person deleted one of their saved filters.
    SAVED_FILTER_DELETED = "workflow.saved_filter.deleted", _("Saved filters deleted")
    #: A proposal's own status row (proposed, returned, proposed again, approved, withdrawn).
    PROPOSAL_STATUS = "workflow.proposal.status", _("Proposal status changed")
    #: A move or service call was proposed for approval (the entry targets the object).
    PROPOSAL_PROPOSED = "workflow.proposal.proposed", _("Proposed for approval")
    #: A proposal was returned to its proposer with comments.
    PROPOSAL_RETURNED = "workflow.proposal.returned", _("Proposal returned")
    #: A returned proposal was proposed again as a new version.
    PROPOSAL_REVISED = "workflow.proposal.revised", _("Proposal submitted again")
    #: A proposal was approved and what it proposed was done.
    PROPOSAL_APPROVED = "workflow.proposal.approved", _("Proposal approved")
    #: A proposal was withdrawn by its proposer.
    PROPOSAL_WITHDRAWN = "workflow.proposal.withdrawn", _("Proposal withdrawn")
    #: A proposal's attachment was downloaded.
    PROPOSAL_FILE_DOWNLOADED = (
        "workflow.proposal.file_downloaded",
        _("Proposal attachment downloaded"),
    )
    #: A person marked their staff notifications read (one, or all: ``extra["count"]``).
    NOTIFICATION_READ = "workflow.notification.read", _("Notifications marked read")
    #: Too many wrong PINs locked a tracked object's code (``workflow.tracking``), for a module
    #: that names no lock action of its own.
    TRACKING_LOCKED = "workflow.tracking.locked", _("Tracking code locked")
