"""Administrators keep the dated rule tables: new versions are added, used ones only end.

A time-limit version that some object was computed with (any row anywhere with a foreign key to
it) keeps its numbers: it can still end, be switched off, be marked verified, get a note or a
corrected citation. Versions of one key that are in use may not overlap.
"""

from __future__ import annotations

from typing import Any, Final, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.actors import Actor
from danvan.workflow.audit_actions import AuditAction
from danvan.workflow.models import DeadlineRule, DutyRule, LegalBasis

#: What may still change on a rule that objects were computed with.
EDITABLE_WHEN_USED: Final = frozenset({"effective_to", "active", "verified", "note", "legal_basis"})
RULE_FIELDS: Final = (
    "key", "amount", "unit", "complex_amount", "remote_amount", "remote_complex_amount",
    "extension_amount", "max_extensions_complex", "max_extensions_especially_complex",
    "suspension_excluded", "start_event", "legal_basis", "verified", "active", "note",
    "effective_from", "effective_to",
)  # fmt: skip
DUTY_FIELDS: Final = (
    "key", "count", "period", "legal_basis", "verified", "active", "note", "effective_from",
    "effective_to",
)  # fmt: skip
LEGAL_BASIS_FIELDS: Final = ("key", "text", "verified", "note", "effective_from", "effective_to")

_DatedRow = DeadlineRule | DutyRule | LegalBasis
R = TypeVar("R", DeadlineRule, DutyRule, LegalBasis)


def rule_in_use(rule: DeadlineRule) -> bool:
    """Whether any row of any module points at this version (its due date was computed with it)."""
    for relation in DeadlineRule._meta.get_fields(include_hidden=True):
        if relation.one_to_many and relation.auto_created and not relation.concrete:
            remote: Any = relation
            related_model: type[models.Model] = remote.related_model
            if related_model._default_manager.filter(**{remote.field.name: rule}).exists():
                return True
    return False


def check_overlap(row: _DatedRow) -> None:
    """A version in use may not share a day with another version of the same key in use."""
    if not getattr(row, "active", True):
        return
    others: Any = type(row)._default_manager.filter(key=row.key).exclude(pk=row.pk)
    if not isinstance(row, LegalBasis):  # legal bases have no switched-off candidates
        others = others.filter(active=True)
    overlapping = others.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gt=row.effective_from)
    )
    if row.effective_to is not None:
        overlapping = overlapping.filter(effective_from__lt=row.effective_to)
    if overlapping.exists():
        raise ValidationError(
            _(
                "Another version of this time limit is in use for part of this period: end it "
                "first (give it an end date), then add this one."
            )
            if isinstance(row, DeadlineRule)
            else _(
                "Another version of this key is in use for part of this period: end it first "
                "(give it an end date), then add this one."
            )
        )


def _touched(row: _DatedRow, fields: tuple[str, ...]) -> set[str]:
    if row._state.adding:
        return set(fields)
    stored = type(row)._default_manager.get(pk=row.pk)
    return {f for f in fields if getattr(stored, f) != getattr(row, f)}


@transaction.atomic
def rule_save(*, rule: DeadlineRule, actor: Actor) -> DeadlineRule:
    """Validate and save a new or changed time-limit rule; a rule already used keeps its numbers.

    Raises ``ValidationError`` (unregistered key, overlap, a used version's numbers changed).
    """
    rule.full_clean()
    touched = _touched(rule, RULE_FIELDS)
    if not rule._state.adding and touched - EDITABLE_WHEN_USED and rule_in_use(rule):
        raise ValidationError(
            _(
                "Letters or cases were computed with this version, so its days and dates "
                "cannot change: end it and add a new version instead."
            )
        )
    return _save_dated(rule, touched=touched, action=AuditAction.RULE_SAVED, actor=actor)


@transaction.atomic
def duty_save(*, duty: DutyRule, actor: Actor) -> DutyRule:
    """Validate and save a new or changed duty per period. Raises ``ValidationError``."""
    duty.full_clean()
    touched = _touched(duty, DUTY_FIELDS)
    return _save_dated(duty, touched=touched, action=AuditAction.DUTY_SAVED, actor=actor)


@transaction.atomic
def legal_basis_save(*, basis: LegalBasis, actor: Actor) -> LegalBasis:
    """Validate and save a new or changed legal-basis text; notices issued from now on print it.
    Raises ``ValidationError``."""
    basis.full_clean()
    touched = _touched(basis, LEGAL_BASIS_FIELDS)
    return _save_dated(basis, touched=touched, action=AuditAction.LEGAL_BASIS_SAVED, actor=actor)


def _save_dated(row: R, *, touched: set[str], action: AuditAction, actor: Actor) -> R:
    """Save a dated row that does not overlap another version of its key, with its audit entry."""
    check_overlap(row)
    row.save()
    audit.record(
        action=action, actor=actor, target=row, fields=sorted(touched), extra={"key": row.key}
    )
    return row
