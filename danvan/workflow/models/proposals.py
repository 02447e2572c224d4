"""Proposals (tờ trình), one table for every module: an officer proposes a declared move of an
object or a registered service call, the person who holds the power approves it or returns it
with comments, and the officer answers a return with a new version. Every version, attachment
and event is kept."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models.versioned import StatusChangeBase, Versioned
from danvan.core.retention import Retention, RetentionClass

__all__ = [
    "Proposal",
    "ProposalAttachment",
    "ProposalEvent",
    "ProposalKind",
    "ProposalState",
    "ProposalVersion",
]

_FILED = (
    "Part of the file of the object it is about (the proposal, its drafts and the decision on "
    "it are the record of who proposed and who decided)."
)


class ProposalState(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    RETURNED = "returned", _("Returned with comments")
    APPROVED = "approved", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ProposalKind(models.TextChoices):
    MOVE = "move", _("An action on a record")
    SERVICE = "service", _("A service call")


class Proposal(Versioned):
    """What is proposed (a move with its target status and field changes, or a service with
    its arguments), about which object, by whom, in which state, and who decided."""

    kind = models.CharField(_("kind"), max_length=10, choices=ProposalKind.choices)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=40, blank=True)
    move_key = models.CharField(max_length=50, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    service_key = models.CharField(max_length=100, blank=True)
    #: The move's field changes, or the service's arguments (JSON values).
    arguments = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    title = models.CharField(_("title"), max_length=300)
    state = models.CharField(
        _("state"), max_length=20, choices=ProposalState.choices, default=ProposalState.PENDING
    )
    #: The number of the current version (1, then one more after each return).
    revision = models.PositiveIntegerField(default=1)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=("proposer", "decided_by", "arguments", "title"),
        note=_FILED,
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "created_at"]),
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["proposer", "state"]),
        ]

    def __str__(self) -> str:
        return self.title


class ProposalVersion(models.Model):
    """One version of a proposal's content: the draft (decision, notice), the reasons, and
    from the second version on the answer to the comments it was returned with."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    draft = models.TextField(_("draft"), blank=True)
    reasons = models.TextField(_("reasons"))
    answer = models.TextField(_("answer to the comments"), blank=True)
    #: The field changes or arguments this version proposed (the proposal holds the latest).
    arguments = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=("draft", "reasons", "answer", "arguments", "author"),
        note=_FILED,
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="proposal_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} v{self.number}"


class ProposalAttachment(models.Model):
    """A file sent with one version, kept in the default storage (checked by its content)."""

    version = models.ForeignKey(
        ProposalVersion, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="workflow/proposals/%Y/%m/", max_length=200)
    name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=("file", "name"),
        not_personal={"content_type": "the file's format", "sha256": "the file's checksum"},
        note=_FILED,
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ProposalEvent(StatusChangeBase):
    """The history of a proposal: proposed, returned (the comments in ``reason``), proposed
    again, approved, withdrawn; ``revision`` is the version the event concerns."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    revision = models.PositiveIntegerField(default=1)

    retention = Retention(
        RetentionClass.CASE_FILE, personal_fields=("actor", "reason"), note=_FILED
    )

    class Meta(StatusChangeBase.Meta):
        pass
