"""Who resolves a complaint or a denunciation, from what it is about (DOMAIN.md §12.1).

* A complaint's first-time resolver is the head of the body that issued the decision or whose
  official acted (Luật Khiếu nại Art. 7(1), Arts. 17–23); a disciplinary decision's complaint
  goes to the head of the managing body (Art. 51). The second time, the head directly above
  the first-time resolver (Art. 7(1), 33).
* A denunciation goes to the head of the body that manages the person denounced; one against a
  head or deputy head, or against the body itself, to the head of the body directly above
  (Luật Tố cáo Art. 12(1), (6)); with several managing bodies the direct one leads (Art. 12(2)).

"Directly above" is read from the dated unit tree on the day that matters: since 01/7/2025 there
is no district level, so a commune's superior is the province (DOMAIN.md §8, §12.1a).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from danvan.letters.choices import ContestedKind, DenouncedStanding, LetterKind
from danvan.organizations import selectors as org_selectors
from danvan.organizations.models import Competence, Unit
from danvan.organizations.roles import LEADERSHIP_POSITIONS

__all__ = ["ResolverProposal", "empowered", "resolving_unit", "superior_of"]


@dataclass(frozen=True)
class ResolverProposal:
    """The unit whose head resolves, and why (the article), or no unit when what the letter
    is about is not recorded yet."""

    unit: Unit | None
    basis: str
    reason: object  # a lazy translated string

    def __bool__(self) -> bool:
        return self.unit is not None


def superior_of(unit: Unit, on: dt.date) -> Unit | None:
    """The unit directly above ``unit`` on ``on`` in the dated tree (the links of that day: a
    district is a commune's superior before 01/7/2025 and never after), passing over a unit
    that has ended by then."""
    for candidate in org_selectors.ancestors(unit, on):
        if candidate.is_active_on(on):
            return candidate
    return None


def empowered(unit: Unit, kind: str, on: dt.date) -> Unit:
    """The body whose head resolves, starting from ``unit``: the unit itself when it holds a
    competence for ``kind`` on ``on`` (its head is among those the law empowers, Luật Khiếu nại
    Arts. 17–23, Luật Tố cáo Arts. 13–20), else the nearest unit above it that does (an office
    or a service inside a body acts for that body); ``unit`` itself when none does."""
    chain = [unit, *org_selectors.ancestors(unit, on)]
    holders = set(
        Competence.objects.active_on(on)
        .filter(unit__in=chain, letter_kind__in=[kind, ""])
        .values_list("unit_id", flat=True)
    )
    return next((u for u in chain if u.pk in holders), unit)


def _denounced_is_leader(standing: str, user_id: int | None, unit: Unit, on: dt.date) -> bool:
    if standing in {DenouncedStanding.HEAD, DenouncedStanding.DEPUTY}:
        return True
    if user_id is None:
        return False
    return org_selectors.leadership_position(user_id, unit.pk, on) in LEADERSHIP_POSITIONS


def resolving_unit(
    *,
    kind: str,
    about_unit: Unit | None,
    on: dt.date,
    round_: int = 1,
    contested_kind: str = "",
    denounced_standing: str = "",
    denounced_user_id: int | None = None,
    first_time_unit: Unit | None = None,
) -> ResolverProposal:
    """The body whose head resolves a complaint or a denunciation received on ``on``."""
    if kind == LetterKind.COMPLAINT:
        if round_ >= 2:
            base = first_time_unit or about_unit
            if base is None:
                return ResolverProposal(None, "", _("Name the first-time resolver."))
            above = superior_of(base, on)
            return ResolverProposal(
                empowered(above, kind, on) if above is not None else None,
                "Luật Khiếu nại 2011, Điều 7(1)",
                _("A second complaint goes to the head directly above the first-time resolver."),
            )
        if about_unit is None:
            return ResolverProposal(
                None, "", _("Record the body that issued the decision or whose official acted.")
            )
        if contested_kind == ContestedKind.DISCIPLINE:
            return ResolverProposal(
                empowered(about_unit, kind, on),
                "Luật Khiếu nại 2011, Điều 51(1)",
                _("A disciplinary decision's complaint goes to the head of the managing body."),
            )
        return ResolverProposal(
            empowered(about_unit, kind, on),
            "Luật Khiếu nại 2011, Điều 7(1)",
            _("The head of the body that issued the decision or whose official acted resolves "
              "the complaint the first time."),
        )  # fmt: skip
    if kind == LetterKind.DENUNCIATION:
        if about_unit is None:
            return ResolverProposal(
                None, "", _("Record the body that manages the person denounced.")
            )
        above = superior_of(about_unit, on)
        if denounced_standing == DenouncedStanding.ORGANISATION:
            return ResolverProposal(
                empowered(above, kind, on) if above is not None else None,
                "Luật Tố cáo 2018, Điều 12(6)",
                _("A denunciation against a body goes to the head of its direct superior."),
            )
        if _denounced_is_leader(denounced_standing, denounced_user_id, about_unit, on):
            return ResolverProposal(
                empowered(above, kind, on) if above is not None else None,
                "Luật Tố cáo 2018, Điều 12(1)",
                _("A denunciation against a head or deputy head goes to the head of the body "
                  "directly above."),
            )  # fmt: skip
        return ResolverProposal(
            empowered(about_unit, kind, on),
            "Luật Tố cáo 2018, Điều 12(1)",
            _("The head of the body that manages the person denounced resolves it."),
        )
    return ResolverProposal(None, "", "")
