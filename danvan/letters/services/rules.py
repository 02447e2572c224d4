"""Administrators keep the time-limit rule table: new versions are added, used ones only end."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.letters.models import AcceptedSignatureMethod, Case, DeadlineRule, Letter

#: What may still change on a rule that letters or cases were computed with.
EDITABLE_WHEN_USED: Final = frozenset({"effective_to", "active", "verified", "note", "legal_basis"})
RULE_FIELDS: Final = (
    "key", "amount", "unit", "complex_amount", "remote_amount", "remote_complex_amount",
    "extension_amount", "max_extensions_complex", "max_extensions_especially_complex",
    "suspension_excluded", "start_event", "legal_basis", "verified", "active", "note",
    "effective_from", "effective_to",
)  # fmt: skip


def rule_in_use(rule: DeadlineRule) -> bool:
    return (
        Letter.objects.filter(due_rule=rule).exists() or Case.objects.filter(due_rule=rule).exists()
    )


def check_overlap(rule: DeadlineRule) -> None:
    if not rule.active:
        return
    others = DeadlineRule.objects.filter(key=rule.key, active=True).exclude(pk=rule.pk)
    end = rule.effective_to
    overlapping = others.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gt=rule.effective_from)
    )
    if end is not None:
        overlapping = overlapping.filter(effective_from__lt=end)
    if overlapping.exists():
        raise ValidationError(
            _(
                "Another version of this time limit is in use for part of this period: end it "
                "first (give it an end date), then add this one."
            )
        )


@transaction.atomic
def rule_save(
    *, rule: DeadlineRule, actor: Any, changed: Mapping[str, Any] | None = None
) -> DeadlineRule:
    """Validate and save a new or changed rule; a rule already used keeps its numbers."""
    rule.full_clean()
    if not rule._state.adding:
        stored = DeadlineRule.objects.get(pk=rule.pk)
        touched = {f for f in RULE_FIELDS if getattr(stored, f) != getattr(rule, f)}
        if touched - EDITABLE_WHEN_USED and rule_in_use(stored):
            raise ValidationError(
                _(
                    "Letters or cases were computed with this version, so its days and dates "
                    "cannot change: end it and add a new version instead."
                )
            )
    else:
        touched = set(RULE_FIELDS)
    check_overlap(rule)
    rule.save()
    audit.record(
        action="letters.rule.saved",
        actor=actor,
        target=rule,
        fields=sorted(touched),
        extra={"key": rule.key},
    )
    return rule


@transaction.atomic
def signature_method_set(*, method: AcceptedSignatureMethod, accepted: bool, actor: Any) -> None:
    """Choose whether a signature method counts as signing (for letters received from now on)."""
    method.accepted = accepted
    method.save(update_fields=["accepted"])
    audit.record(
        action="letters.signature_method.set",
        actor=actor,
        target=method,
        fields=["accepted"],
        extra={"method": method.method, "accepted": accepted},
    )
