"""What the back-office views of letters share: finding what the viewer may see (the actions'
pattern is the workflow kit's ``ObjectActionView``, the lists' its ``WorkList``)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from danvan.core.actors import Viewer
from danvan.letters import policies, selectors
from danvan.letters.models import Case, Letter

PAGE_SIZE = 25
MAX_ID = 2_147_483_647


def _checked_id(pk: Any) -> int:
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < value <= MAX_ID:
        raise Http404
    return value


def letter_for(user: Viewer, pk: Any) -> Letter:
    """The letter if ``user`` may see it; 404 otherwise (its existence is not revealed)."""
    letter = (
        policies.visible_letters(user)
        .select_related(
            "unit",
            "field",
            "province",
            "ward",
            "due_rule",
            "cluster",
            "case",
            "source_letter__unit",
        )
        .filter(pk=_checked_id(pk))
        .first()
    )
    if letter is None:
        raise Http404(_("No such letter."))
    return letter


def case_for(user: Viewer, pk: Any) -> Case:
    case = (
        Case.objects.filter(letter__in=policies.visible_letters(user), pk=_checked_id(pk))
        .select_related("letter", "unit", "due_rule", "resolver", "previous", "letter__unit")
        .first()
    )
    if case is None:
        raise Http404(_("No such case."))
    return case


__all__ = [
    "PAGE_SIZE",
    "case_for",
    "letter_for",
    "selectors",
]
