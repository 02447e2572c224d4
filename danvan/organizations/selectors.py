"""Reads of the organisations context: the dated tree, competences and memberships.

Tree walks issue one query per level of the tree (a tree of units is shallow: five or six levels
from the centre to a party cell), never one per node.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from danvan.organizations.matters import LetterKind, MatterType
from danvan.organizations.models import (
    Competence,
    Delegation,
    Field,
    Membership,
    Province,
    Unit,
    UnitLink,
    Ward,
)
from danvan.organizations.models.dated import active_q, today
from danvan.organizations.roles import Position, Role


def units_active_on(on: dt.date | None = None) -> QuerySet[Unit]:
    return Unit.objects.active_on(on or today())


def children(unit: Unit, on: dt.date | None = None) -> QuerySet[Unit]:
    """The units directly under ``unit`` on ``on`` (today by default)."""
    day = on or today()
    links = UnitLink.objects.active_on(day).filter(parent_id=unit.pk, child_id=OuterRef("pk"))
    return Unit.objects.filter(Exists(links))


def parent(unit: Unit, on: dt.date | None = None) -> Unit | None:
    """The unit directly above ``unit`` on ``on``, or None for a root (or a unit not yet linked)."""
    link = (
        UnitLink.objects.active_on(on or today())
        .filter(child_id=unit.pk)
        .select_related("parent")
        .first()
    )
    return link.parent if link else None


def ancestors(unit: Unit, on: dt.date | None = None) -> list[Unit]:
    """The units above ``unit`` on ``on``, nearest first (one query per level)."""
    day = on or today()
    result: list[Unit] = []
    seen = {unit.pk}
    current: Unit | None = unit
    while current is not None:
        current = parent(current, day)
        if current is None or current.pk in seen:  # seen: defensive, cycles are refused on write
            break
        seen.add(current.pk)
        result.append(current)
    return result


def _reachable_ids(
    unit_ids: Iterable[int], on: dt.date | None, *, upwards: bool, directing: bool = False
) -> set[int]:
    """Ids reachable from ``unit_ids`` along the links active on ``on``, one query per level
    (``directing``: only along the links where the parent directs the child)."""
    day = on or today()
    start, end = ("child_id", "parent_id") if upwards else ("parent_id", "child_id")
    found: set[int] = set()
    frontier = set(unit_ids)
    links = UnitLink.objects.active_on(day)
    if directing:
        links = links.filter(directs=True)
    while frontier:
        step = set(links.filter(**{f"{start}__in": frontier}).values_list(end, flat=True))
        frontier = step - found
        found |= step
    return found


def ancestor_ids(unit_ids: Iterable[int], on: dt.date | None = None) -> set[int]:
    """Ids of every unit above any of ``unit_ids`` on ``on`` (one query per level)."""
    return _reachable_ids(unit_ids, on, upwards=True)


def descendant_ids(unit_ids: Iterable[int], on: dt.date | None = None) -> set[int]:
    """Ids of every unit below any of ``unit_ids`` on ``on``, excluding the roots themselves
    unless one root lies below another (one query per level)."""
    return _reachable_ids(unit_ids, on, upwards=False)


def directed_ids(unit_ids: Iterable[int], on: dt.date | None = None) -> set[int]:
    """Ids of every unit the units ``unit_ids`` direct on ``on``: below them through links
    that each say the parent directs the child (``UnitLink.directs``), at any depth."""
    return _reachable_ids(unit_ids, on, upwards=False, directing=True)


def descendants(unit: Unit, on: dt.date | None = None) -> QuerySet[Unit]:
    """Every unit below ``unit`` on ``on``, at any depth."""
    return Unit.objects.filter(pk__in=descendant_ids([unit.pk], on))


@dataclass(frozen=True)
class TreeNode:
    unit: Unit
    depth: int

    @property
    def indent(self) -> str:
        """Em spaces that show the depth in plain text (no inline styles under our CSP)."""
        return "\u2003" * self.depth


def unit_tree(units: QuerySet[Unit], on: dt.date | None = None) -> list[TreeNode]:
    """``units`` laid out as a tree on ``on`` (depth-first, siblings by name), in two queries.

    A unit whose parent is not among ``units`` is shown as a root.
    """
    day = on or today()
    nodes = {u.pk: u for u in units.filter(active_q(day)).order_by("name")}
    links = UnitLink.objects.active_on(day).filter(child_id__in=nodes, parent_id__in=nodes)
    kids: dict[int | None, list[int]] = {}
    has_parent: set[int] = set()
    for link in links.values("parent_id", "child_id"):
        kids.setdefault(link["parent_id"], []).append(link["child_id"])
        has_parent.add(link["child_id"])
    order = list(nodes)  # already by name
    position = {pk: i for i, pk in enumerate(order)}

    def sort(ids: list[int]) -> list[int]:
        return sorted(ids, key=position.__getitem__)

    result: list[TreeNode] = []
    visited: set[int] = set()

    def walk(pk: int, depth: int) -> None:
        if pk in visited:
            return
        visited.add(pk)
        result.append(TreeNode(nodes[pk], depth))
        for child_pk in sort(kids.get(pk, [])):
            walk(child_pk, depth + 1)

    for pk in order:
        if pk not in has_parent:
            walk(pk, 0)
    return result


# --- Competences ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetenceMatch:
    """A competence that fits a matter, with how specifically it fits (higher is closer)."""

    competence: Competence
    area_score: int
    field_score: int
    matter_score: int
    kind_score: int

    @property
    def unit(self) -> Unit:
        return self.competence.unit

    @property
    def score(self) -> tuple[int, int, int, int]:
        return (self.area_score, self.field_score, self.matter_score, self.kind_score)


def _area_score(comp: Competence, province: Province | None, ward: Ward | None) -> int | None:
    """How closely a competence's area fits the matter's area; None when it does not fit.

    3: the commune itself; 2: the province; 1: nationwide; 0: no area given for the matter.
    """
    comp_wards = {w.pk for w in comp.wards.all()}
    comp_provinces = {p.pk for p in comp.provinces.all()}
    province_code = ward.province_id if ward is not None else (province.pk if province else None)
    if province_code is None:
        return 0
    if comp_wards or comp_provinces:
        if ward is not None and ward.pk in comp_wards:
            return 3
        if province_code in comp_provinces:
            return 2
        return None
    unit = comp.unit
    if unit.ward_id is not None:
        return 3 if ward is not None and unit.ward_id == ward.pk else None
    if unit.province_id is not None:
        return 2 if unit.province_id == province_code else None
    return 1


def _field_score(comp: Competence, field: Field | None) -> int | None:
    """2: the field itself; 1: its group; 0: every field (or no field given); None: no fit."""
    comp_fields = {f.pk for f in comp.fields.all()}
    if not comp_fields or field is None:
        return 0
    if field.pk in comp_fields:
        return 2
    if field.parent_id is not None and field.parent_id in comp_fields:
        return 1
    return None


def competence_matches(
    *,
    kind: LetterKind | str,
    matter: MatterType | str,
    field: Field | None = None,
    province: Province | None = None,
    ward: Ward | None = None,
    on: dt.date | None = None,
) -> list[CompetenceMatch]:
    """Competences in effect on ``on`` that fit the matter, most specific first.

    Specificity compares, in order: area (commune > province > nationwide), field (the field >
    its group > every field), matter (exactly party or state > both) and kind (named > every kind).
    """
    day = on or today()
    candidates = (
        Competence.objects.active_on(day)
        .filter(active_q(day, prefix="unit__"))
        .filter(letter_kind__in=[kind, ""], matter__in=[matter, MatterType.BOTH])
        .select_related("unit")
        .prefetch_related("fields", "provinces", "wards")
    )
    matches: list[CompetenceMatch] = []
    for comp in candidates:
        area = _area_score(comp, province, ward)
        fit = _field_score(comp, field)
        if area is None or fit is None:
            continue
        matches.append(
            CompetenceMatch(
                competence=comp,
                area_score=area,
                field_score=fit,
                matter_score=1 if comp.matter == matter else 0,
                kind_score=1 if comp.letter_kind else 0,
            )
        )
    matches.sort(key=lambda m: (tuple(-s for s in m.score), m.unit.name, m.unit.pk))
    return matches


def competent_units(
    kind: LetterKind | str,
    matter: MatterType | str,
    field: Field | None = None,
    province: Province | None = None,
    ward: Ward | None = None,
    on: dt.date | None = None,
) -> list[Unit]:
    """Units competent for the matter on ``on``, most specific first, each unit once."""
    seen: set[int] = set()
    units: list[Unit] = []
    for match in competence_matches(
        kind=kind, matter=matter, field=field, province=province, ward=ward, on=on
    ):
        if match.unit.pk not in seen:
            seen.add(match.unit.pk)
            units.append(match.unit)
    return units


# --- Memberships ------------------------------------------------------------------------------


def memberships_of(user_id: int, on: dt.date | None = None) -> QuerySet[Membership]:
    """A person's memberships in effect on ``on``, with their units."""
    return (
        Membership.objects.active_on(on or today())
        .filter(user_id=user_id)
        .select_related("unit")
        .order_by("unit__name", "role")
    )


def unit_members(unit: Unit, on: dt.date | None = None) -> QuerySet[Membership]:
    """The memberships of ``unit`` in effect on ``on``, with the people."""
    return (
        Membership.objects.active_on(on or today())
        .filter(unit_id=unit.pk)
        .select_related("user")
        .order_by("role", "user__full_name", "user__username")
    )


# --- Who decides for a unit ---------------------------------------------------------------------


@dataclass(frozen=True)
class Decider:
    """A person who decides for a unit on a date: its head, or a deputy under the head's
    assignment (``delegation``), who signs "KT." (NĐ 30/2020 Art. 13(1))."""

    user_id: int
    unit_id: int
    position: str
    position_title: str
    delegation_id: int | None = None

    @property
    def is_deputy(self) -> bool:
        return self.delegation_id is not None


def head_memberships(unit_id: int, on: dt.date | None = None) -> QuerySet[Membership]:
    return (
        Membership.objects.active_on(on or today())
        .filter(unit_id=unit_id, role=Role.UNIT_LEADER, position=Position.HEAD)
        .select_related("user")
    )


def deciders(unit_id: int, kind: str = "", on: dt.date | None = None) -> list[Decider]:
    """Who decides for ``unit_id`` on ``on`` about a letter of ``kind``: the head first, then the
    deputies assigned that kind (two queries)."""
    day = on or today()
    out = [
        Decider(m.user_id, unit_id, Position.HEAD, m.position_title)
        for m in head_memberships(unit_id, day)
        if m.user.is_active
    ]
    titles = dict(
        Membership.objects.active_on(day)
        .filter(unit_id=unit_id, role=Role.UNIT_LEADER, position=Position.DEPUTY)
        .values_list("user_id", "position_title")
    )
    for delegation in Delegation.objects.active_on(day).filter(
        unit_id=unit_id, deputy_id__in=list(titles), deputy__is_active=True
    ):
        if delegation.covers_kind(kind):
            out.append(
                Decider(
                    delegation.deputy_id,
                    unit_id,
                    Position.DEPUTY,
                    titles[delegation.deputy_id],
                    delegation.pk,
                )
            )
    return out


def decider(
    user_id: int | None, unit_id: int, kind: str = "", on: dt.date | None = None
) -> Decider | None:
    """``user_id`` as a person who decides for the unit, or ``None``."""
    if user_id is None:
        return None
    return next((d for d in deciders(unit_id, kind, on) if d.user_id == user_id), None)


def leadership_position(user_id: int, unit_id: int, on: dt.date | None = None) -> str:
    """The person's place in the unit's leadership on ``on`` (``Position.STAFF`` if none)."""
    found = (
        Membership.objects.active_on(on or today())
        .filter(unit_id=unit_id, user_id=user_id, role=Role.UNIT_LEADER)
        .exclude(position=Position.STAFF)
        .values_list("position", flat=True)
        .first()
    )
    return found or Position.STAFF
