"""Saved filters of the work lists: a person names the filters of a list and opens the list with
them again from above its filter form.

A saved filter is the list's query string (its filters and sort; never the page cursor or the
page number), kept for its owner alone: nobody else sees, applies or deletes it, and a request
for another's is answered as for one that does not exist. Applying one opens the list with that
query, so the list's own filter form validates it again: a saved filter that no longer fits (a
unit that left the viewer's scope, a status renamed) is reported beside its field, never a
failure. Saving and deleting are recorded in the audit trail (without the query, which may hold
the words a person searched for)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.actors import Actor, user_id_of
from danvan.core.errors import ApplicationError
from danvan.workflow import worklists
from danvan.workflow.audit_actions import AuditAction
from danvan.workflow.models import SavedFilter
from danvan.workflow.models.saved_filters import NAME_MAX_LENGTH, QUERY_MAX_LENGTH

__all__ = [
    "SavedFilterError",
    "delete_filter",
    "filter_query",
    "filters_of",
    "owned_filter",
    "save_filter",
]

#: Parameters a saved filter never keeps: where in the list a page was, and the form's token.
_LEFT_OUT = frozenset({worklists.CURSOR_PARAM, worklists.PAGE_PARAM, "csrfmiddlewaretoken"})


class SavedFilterError(ApplicationError):
    pass


def filter_query(params: QueryDict | str) -> str:
    """The part of a list's query a saved filter keeps: every parameter with a value except the
    page's place, without NUL characters, in a stable order."""
    data = QueryDict(params) if isinstance(params, str) else params
    kept = QueryDict(mutable=True)
    for key in sorted(data):
        if key in _LEFT_OUT:
            continue
        values = [v.replace("\x00", "").strip() for v in data.getlist(key)]
        values = [v for v in values if v]
        if values:
            kept.setlist(key.replace("\x00", ""), values)
    return kept.urlencode()


def filters_of(owner: Actor, list_key: str) -> QuerySet[SavedFilter]:
    """The owner's saved filters of the list, by name (none for an anonymous visitor)."""
    uid = user_id_of(owner)
    if uid is None:
        return SavedFilter.objects.none()
    return SavedFilter.objects.filter(owner_id=uid, list_key=list_key).order_by("name", "pk")


def owned_filter(owner: Actor, pk: Any) -> SavedFilter | None:
    """The owner's saved filter ``pk``, or None (another's, unknown or not a number)."""
    uid = user_id_of(owner)
    try:
        number = int(str(pk))
    except ValueError:
        return None
    if uid is None:
        return None
    return SavedFilter.objects.filter(owner_id=uid, pk=number).first()


def save_filter(
    *,
    owner: Actor,
    list_key: str,
    name: str,
    query: QueryDict | str,
    request: HttpRequest | None = None,
) -> SavedFilter:
    """Save ``query`` (``filter_query`` keeps its filters) as ``owner``'s filter ``name`` of the
    work list ``list_key``. Refused: no name, a name already used for the list, no filter set,
    an unknown list, a query too long."""
    uid = user_id_of(owner)
    if uid is None:
        raise SavedFilterError(_("Sign in to save filters."))
    if worklists.declared(list_key) is None:
        raise SavedFilterError(_("This list does not keep saved filters."))
    name = " ".join(name.replace("\x00", "").split())
    if not name:
        raise SavedFilterError(_("Give the filters a name."))
    if len(name) > NAME_MAX_LENGTH:
        raise SavedFilterError(
            _("The name is too long (at most %(n)s characters).") % {"n": NAME_MAX_LENGTH}
        )
    kept = filter_query(query)
    if not kept:
        raise SavedFilterError(_("Set at least one filter before saving."))
    if len(kept) > QUERY_MAX_LENGTH:
        raise SavedFilterError(_("These filters are too long to save."))
    try:
        with transaction.atomic():
            saved = SavedFilter.objects.create(
                owner_id=uid, list_key=list_key, name=name, query=kept
            )
            audit.record(
                action=AuditAction.SAVED_FILTER_SAVED,
                actor=owner,
                target=saved,
                extra={"list": list_key},
                request=request,
            )
    except IntegrityError as exc:
        raise SavedFilterError(
            _("You already have saved filters named “%(name)s” for this list.") % {"name": name}
        ) from exc
    return saved


def delete_filter(*, owner: Actor, saved: SavedFilter, request: HttpRequest | None = None) -> None:
    """Delete the owner's saved filter (another's is refused as unknown)."""
    if user_id_of(owner) != saved.owner_id:
        raise SavedFilterError(_("These saved filters are not yours."))
    with transaction.atomic():
        audit.record(
            action=AuditAction.SAVED_FILTER_DELETED,
            actor=owner,
            target=saved,
            extra={"list": saved.list_key},
            request=request,
        )
        saved.delete()
