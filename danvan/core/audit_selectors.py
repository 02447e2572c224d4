"""Reading the audit trail: querysets already scoped to the viewer and filtered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from danvan.core import audit, audit_present, policies
from danvan.core.models import AuditEntry


@dataclass(frozen=True)
class AuditFilters:
    """What the list is narrowed to; empty values do not filter. Dates are local, inclusive."""

    #: Words a person types: a letter's register number or tracking code, a case number, a
    #: person's name or username (``register_search``, ``audit_present.search_people``).
    q: str = ""
    #: An action name, exactly (and its spellings from before the scheme).
    action: str = ""
    target_type: str = ""
    target_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


#: ``search(term)``: the entries a context finds for a search term (a condition on
#: ``AuditEntry``), or None for none.
TrailSearch = Callable[[str], Q | None]

_SEARCHES: dict[str, TrailSearch] = {}


def register_search(key: str, search: TrailSearch) -> None:
    """Let a context find entries by its own references (letters: register numbers, tracking
    codes, case numbers)."""
    _SEARCHES[key] = search


def search_condition(term: str) -> Q:
    """The entries ``term`` finds: by the people it names, and by every registered search."""
    term = term.strip()
    found = Q(pk__in=[])
    people = audit_present.search_people(term)
    if people:
        found |= Q(actor_id__in=people)
    for search in _SEARCHES.values():
        condition = search(term)
        if condition is not None:
            found |= condition
    return found


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_entry_list_for_viewer(
    *, viewer: AbstractUser | AnonymousUser, filters: AuditFilters | None = None
) -> QuerySet[AuditEntry]:
    """Entries the viewer may see, newest first, narrowed by ``filters``.

    ``q`` finds the entries about a letter by its register number or tracking code, a case by
    its number, or a person's by their name or username (``search_condition``). ``action`` is
    one name, found under its old names from before the scheme too (``audit.LEGACY_NAMES``);
    the object's type and id match exactly.
    """
    f = filters or AuditFilters()
    qs = policies.visible_audit_entries(viewer).select_related("actor").order_by("-id")
    if f.q:
        qs = qs.filter(search_condition(f.q))
    if f.action:
        old = {name for name, new in audit.LEGACY_NAMES.items() if new == f.action}
        qs = qs.filter(action__in={f.action, *old})
    if f.target_type:
        qs = qs.filter(target_type=f.target_type)
    if f.target_id:
        qs = qs.filter(target_id=f.target_id)
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
