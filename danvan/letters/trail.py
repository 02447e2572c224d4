"""What the audit trail shows and finds of letters, and who reads it (registered with
``core.audit_present``, ``core.policies`` and ``core.audit_selectors``).

- Labels: a letter by its register number and unit, a case by its case number, a party case
  by its party case number.
- Scope: the leader of a unit (``Role.UNIT_LEADER``) reads the entries about the letters of the
  units they lead, and about those letters' cases and party cases, except a letter that
  denounces them. The condition is on the entries' object (type and id) only.
- Search: a register number ("5/2026", "05/2026") or tracking code of a letter, or a case
  number, finds the entries about the letter, its case and its party case.

What the entries say about a protected letter is shown through the letter's shield (the entry
pages wrap it in ``{% shielded %}``): the trail names objects, never the denouncer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext

from danvan.letters.models import Case, Letter, PartyCase
from danvan.letters.policies import LetterPolicy
from danvan.organizations.roles import Role

LETTER = "letters.letter"
CASE = "letters.case"
PARTY_CASE = "letters.partycase"

_REGISTER_RE = re.compile(r"(\d{1,7})\s*/\s*(\d{4})")


def _ints(ids: Sequence[str]) -> list[int]:
    return [int(i) for i in ids if i.isdigit()]


def letter_labels(ids: Sequence[str]) -> Mapping[str, str]:
    rows = Letter.objects.filter(pk__in=_ints(ids)).select_related("unit")
    return {
        str(x.pk): gettext("Letter no. %(number)s — %(unit)s")
        % {"number": x.register_label, "unit": x.unit.name}
        for x in rows
    }


def case_labels(ids: Sequence[str]) -> Mapping[str, str]:
    rows = Case.objects.filter(pk__in=_ints(ids)).values_list("pk", "number")
    return {str(pk): gettext("Case no. %(number)s") % {"number": number} for pk, number in rows}


def party_case_labels(ids: Sequence[str]) -> Mapping[str, str]:
    rows = PartyCase.objects.filter(pk__in=_ints(ids)).values_list("pk", "number")
    return {
        str(pk): gettext("Party case no. %(number)s") % {"number": number} for pk, number in rows
    }


def _as_text(qs: QuerySet[Any]) -> QuerySet[Any]:
    annotated: QuerySet[Any] = qs.annotate(_as_text=Cast("pk", CharField()))
    return annotated.values("_as_text")


def entries_of_letters(letters: QuerySet[Letter]) -> Q:
    """The audit entries (as a condition on ``AuditEntry``) whose object is one of ``letters``,
    their cases or their party cases."""
    return (
        Q(target_type=LETTER, target_id__in=_as_text(letters))
        | Q(target_type=CASE, target_id__in=_as_text(Case.objects.filter(letter__in=letters)))
        | Q(
            target_type=PARTY_CASE,
            target_id__in=_as_text(PartyCase.objects.filter(letter__in=letters)),
        )
    )


def led_letters(user: AbstractUser) -> QuerySet[Letter] | None:
    """The letters of the units ``user`` leads today (their own denunciation left out), or None
    for one who leads no unit."""
    units = LetterPolicy(user).unit_ids_where((Role.UNIT_LEADER,))
    if not units:
        return None
    return Letter.objects.filter(unit_id__in=units).exclude(denounced_user_id=user.pk)


def leader_scope(user: AbstractUser) -> Q | None:
    """The trail scope of a unit's leader (``core.policies.register_trail_scope``)."""
    letters = led_letters(user)
    return entries_of_letters(letters) if letters is not None else None


def search(term: str) -> Q | None:
    """The entries about the letter whose register number or tracking code is ``term``, or
    about the case or party case numbered ``term`` (and the letter's other objects)."""
    term = term.strip()
    if not term:
        return None
    found = Q(pk__in=[])
    match = _REGISTER_RE.fullmatch(term)
    if match:
        found |= Q(register_number=int(match.group(1)), register_year=int(match.group(2)))
    code = Letter.normalise_tracking_code(term)
    if code:
        found |= Q(tracking_code=code)
    found |= Q(case__number__iexact=term) | Q(party_case__number__iexact=term)
    letters = Letter.objects.filter(found)
    return entries_of_letters(letters)
