"""Administrators keep the letters context's reference data. The time-limit rule table is the
workflow kit's (``danvan.workflow.services``, re-exported here for the code that used it); the
signature methods that count are the letters context's own."""

from __future__ import annotations

from django.db import transaction

from danvan.core import audit
from danvan.core.actors import Actor
from danvan.letters.audit_actions import AuditAction
from danvan.letters.models import AcceptedSignatureMethod
from danvan.workflow.services import (
    EDITABLE_WHEN_USED,
    RULE_FIELDS,
    check_overlap,
    rule_in_use,
    rule_save,
)

__all__ = [
    "EDITABLE_WHEN_USED",
    "RULE_FIELDS",
    "check_overlap",
    "rule_in_use",
    "rule_save",
    "signature_method_set",
]


@transaction.atomic
def signature_method_set(*, method: AcceptedSignatureMethod, accepted: bool, actor: Actor) -> None:
    """Choose whether a signature method counts as signing (for letters received from now on)."""
    method.accepted = accepted
    method.save(update_fields=["accepted"])
    audit.record(
        action=AuditAction.SIGNATURE_METHOD_SET,
        actor=actor,
        target=method,
        fields=["accepted"],
        extra={"method": method.method, "accepted": accepted},
    )
