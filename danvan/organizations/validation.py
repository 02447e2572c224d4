"""Rules of the dated tree, shared by ``UnitLink.clean()`` and the services.

Messages are Vietnamese through gettext; every failure is a ``ValidationError`` so forms (and the
admin) show it beside the field instead of failing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from danvan.organizations.models import Unit, UnitLink
from danvan.organizations.models.dated import periods_overlap


def _fmt(day: dt.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def check_link(
    *,
    parent: Unit,
    child: Unit,
    start: dt.date,
    end: dt.date | None,
    exclude_pk: int | None = None,
) -> None:
    """Raise ``ValidationError`` unless ``child`` may sit under ``parent`` during [start, end)."""
    if parent.pk == child.pk:
        raise ValidationError(_("A unit cannot be placed under itself."))
    if end is not None and end < start:
        raise ValidationError(_("A link cannot end before it starts."))
    for unit in (parent, child):
        if not unit.covers(start, end):
            raise ValidationError(
                _("The link must lie within the life of “%(unit)s” (from %(start)s%(end)s).")
                % {
                    "unit": unit.name,
                    "start": _fmt(unit.effective_from),
                    "end": _(" until %(day)s") % {"day": _fmt(unit.effective_to)}
                    if unit.effective_to
                    else "",
                }
            )
    others = UnitLink.objects.filter(child_id=child.pk).select_related("parent")
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    for link in others:
        if link.overlaps(start, end):
            raise ValidationError(
                _("“%(child)s” is already under “%(parent)s” in that period (from %(start)s).")
                % {
                    "child": child.name,
                    "parent": link.parent.name,
                    "start": _fmt(link.effective_from),
                }
            )
    if _would_cycle(parent=parent, child=child, start=start, end=end, exclude_pk=exclude_pk):
        raise ValidationError(
            _("“%(child)s” cannot be placed under “%(parent)s”: it is above it in the tree.")
            % {"child": child.name, "parent": parent.name}
        )


def _would_cycle(
    *, parent: Unit, child: Unit, start: dt.date, end: dt.date | None, exclude_pk: int | None
) -> bool:
    """Whether ``child`` is an ancestor of ``parent`` on some day of [start, end).

    First the links that ever reach upwards from ``parent`` are loaded, one query per level. If
    ``child`` is not among those ancestors at any date, no cycle is possible. Otherwise the tree is
    constant between the dates on which those links start or end, so checking ``start`` and each
    such date inside the period is exact.
    """
    edges: list[UnitLink] = []
    seen: set[int] = {parent.pk}
    frontier: set[int] = {parent.pk}
    while frontier:
        level = UnitLink.objects.filter(child_id__in=frontier)
        if exclude_pk is not None:
            level = level.exclude(pk=exclude_pk)
        rows = list(level)
        edges.extend(rows)
        frontier = {e.parent_id for e in rows} - seen
        seen |= frontier
    if child.pk not in seen:
        return False
    days = {start}
    for e in edges:
        for day in (e.effective_from, e.effective_to):
            if day is not None and day >= start and (end is None or day < end):
                days.add(day)
    for day in days:
        if not periods_overlap(start, end, day, day + dt.timedelta(days=1)):
            continue
        current = {parent.pk}
        reached: set[int] = set()
        while current:
            ups = {e.parent_id for e in edges if e.child_id in current and e.is_active_on(day)}
            if child.pk in ups:
                return True
            current = ups - reached
            reached |= ups
    return False
