"""How the audit trail names people (registered with ``core.audit_present``).

Staff are named with their roles and units on the day of the entry: "Nguyễn Văn An (Unit
leader, Head of the unit — Ủy ban nhân dân xã A)". A person who never held a membership is a
citizen: the trail names them by account number only, never by name (a citizen may be a
denouncer, whose identity the trail must not give away: Luật Tố cáo 2018 Arts. 8(3), 47).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from django.db.models import Q
from django.utils.translation import gettext

from danvan.accounts.models import User
from danvan.core.text import fold
from danvan.organizations.models import Membership, Unit
from danvan.organizations.roles import LEADERSHIP_POSITIONS, Position, Role

#: The shortest name or username part a search looks people up by.
MIN_TERM: int = 2


def _active(m: Membership, on: dt.date) -> bool:
    return m.effective_from <= on and (m.effective_to is None or on < m.effective_to)


def _role(m: Membership) -> str:
    role = str(Role(m.role).label) if m.role in Role.values else m.role
    if m.position_title:
        role = f"{role}, {m.position_title}"
    elif m.position in LEADERSHIP_POSITIONS:
        role = f"{role}, {Position(m.position).label}"
    return f"{role} — {m.unit.name}"


def describe(pairs: Sequence[tuple[int, dt.date]]) -> Mapping[tuple[int, dt.date], str]:
    """For each (user id, date): the person's name and the roles they held on that date (two
    queries whatever the number)."""
    ids = {uid for uid, _on in pairs}
    users = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    memberships: dict[int, list[Membership]] = {}
    for m in (
        Membership.objects.filter(user_id__in=ids)
        .select_related("unit")
        .order_by("user_id", "unit__name", "role")
    ):
        memberships.setdefault(m.user_id, []).append(m)
    out: dict[tuple[int, dt.date], str] = {}
    for uid, on in pairs:
        user = users.get(uid)
        held = memberships.get(uid, [])
        if user is None:
            continue
        if not held and not (user.is_staff or user.is_superuser):
            out[(uid, on)] = gettext("Citizen (account no. %(number)s)") % {"number": uid}
            continue
        roles = [_role(m) for m in held if _active(m, on)]
        name = user.get_full_name()
        out[(uid, on)] = f"{name} ({'; '.join(roles)})" if roles else name
    return out


def search(term: str) -> Iterable[int]:
    """The staff (people who hold or held a membership) whose name or username contains
    ``term``, accents and case aside (“nguyen van” finds “Nguyễn Văn”); citizens are never found
    by name."""
    folded = fold(term)
    if len(folded) < MIN_TERM:
        return []
    staff = User.objects.filter(Q(pk__in=Membership.objects.values("user_id")) | Q(is_staff=True))
    return [
        pk
        for pk, username, full_name in staff.values_list("pk", "username", "full_name")
        if folded in fold(full_name or "") or folded in fold(username or "")
    ]


def unit_labels(ids: Sequence[str]) -> Mapping[str, str]:
    """A unit by its name (a public body's name, no personal data)."""
    wanted = [int(i) for i in ids if i.isdigit()]
    return {
        str(pk): name for pk, name in Unit.objects.filter(pk__in=wanted).values_list("pk", "name")
    }
