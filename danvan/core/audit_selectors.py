"""Reading the audit trail: querysets already scoped to the viewer and filtered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from danvan.core import audit, policies
from danvan.core.models import AuditEntry


@dataclass(frozen=True)
class AuditFilters:
    """What the list is narrowed to; empty values do not filter. Dates are local, inclusive."""

    action: str = ""
    target_type: str = ""
    target_id: str = ""
    actor: str = ""  # username
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_entry_list_for_viewer(
    *, viewer: AbstractUser | AnonymousUser, filters: AuditFilters | None = None
) -> QuerySet[AuditEntry]:
    """Entries the viewer may see, newest first, narrowed by ``filters``.

    ``action`` matches a prefix (``letters.`` finds every letters action), and finds the entries
    written before the naming scheme under their old names too (``audit.LEGACY_NAMES``:
    ``organizations.unit.`` also finds ``organizations.unit_created``); the others match exactly
    (the username case-insensitively).
    """
    f = filters or AuditFilters()
    qs = policies.visible_audit_entries(viewer).select_related("actor").order_by("-id")
    if f.action:
        qs = qs.filter(
            Q(action__startswith=f.action) | Q(action__in=audit.names_matching(f.action))
        )
    if f.target_type:
        qs = qs.filter(target_type=f.target_type)
    if f.target_id:
        qs = qs.filter(target_id=f.target_id)
    if f.actor:
        qs = qs.filter(actor__username__iexact=f.actor)
    if f.date_from:
        qs = qs.filter(at__gte=_local_midnight(f.date_from))
    if f.date_to:
        qs = qs.filter(at__lt=_local_midnight(f.date_to + dt.timedelta(days=1)))
    return qs


def audit_entry_get_for_viewer(
    *, viewer: AbstractUser | AnonymousUser, entry_id: int
) -> AuditEntry | None:
    """One entry the viewer may see, or None."""
    return (
        policies.visible_audit_entries(viewer).select_related("actor").filter(pk=entry_id).first()
    )
