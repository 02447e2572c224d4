"""The letters context's work items for the kit's daily reminders (``danvan.workflow``).

- An open letter (received or classified) is the receiving officers' and the leaders' of its
  unit, due on its processing date.
- A case in progress is its current handlers', and its resolver's or, without one, the unit
  leaders', due on its resolution date.
- A second-time complaint decision not yet published is theirs too, due on its publication
  date (Luật Khiếu nại Art. 41), until it is published.

Each source is three queries whatever the number of items: the memberships of the day, the items
with their rule, and (cases) their current assignments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.letters.models import Case, CaseAssignment, Letter
from danvan.letters.states import OPEN_LETTER_STATUSES, CaseStatus
from danvan.organizations.models import Membership
from danvan.organizations.roles import Role
from danvan.workflow.work_items import Window, WorkItem

__all__ = ["case_items", "letter_items", "publication_items"]


def _people_by_unit(window: Window, roles: list[Role]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id in (
        Membership.objects.active_on(window.today)
        .filter(role__in=roles)
        .values_list("unit_id", "user_id")
    ):
        found[unit_id].add(user_id)
    return found


def letter_items(window: Window) -> Iterator[WorkItem]:
    """Open letters due by ``window.until``, for the receiving officers and leaders of their
    unit."""
    people = _people_by_unit(window, [Role.RECEIVING_OFFICER, Role.UNIT_LEADER])
    letters = (
        Letter.objects.filter(status__in=OPEN_LETTER_STATUSES, due_on__lte=window.until)
        .select_related("due_rule")
        .only("pk", "unit_id", "due_on", "register_number", "register_year", "due_rule__key")
    )
    for letter in letters:
        assert letter.due_on is not None  # noqa: S101 - filtered above
        yield window.item(
            key=f"letters.letter:{letter.pk}",
            label=_("Letter %(n)s") % {"n": letter.register_label},
            url=reverse("letters:staff-letter-detail", args=[letter.pk]),
            people=people.get(letter.unit_id, set()),
            unit_id=letter.unit_id,
            due_on=letter.due_on,
            rule_key=letter.due_rule.key if letter.due_rule is not None else "",
        )


def case_items(window: Window) -> Iterator[WorkItem]:
    """Cases in progress due by ``window.until``, for their handlers and their resolver (else
    the leaders of their unit)."""
    leaders = _people_by_unit(window, [Role.UNIT_LEADER])
    cases = (
        Case.objects.filter(status=CaseStatus.IN_PROGRESS, due_on__lte=window.until)
        .select_related("due_rule")
        .only("pk", "unit_id", "number", "due_on", "resolver_id", "due_rule__key")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=CaseAssignment.objects.filter(ended_at__isnull=True).only(
                    "case_id", "user_id"
                ),
                to_attr="current_assignments",
            )
        )
    )
    for case in cases:
        people = {a.user_id for a in case.current_assignments}
        people |= {case.resolver_id} if case.resolver_id else leaders.get(case.unit_id, set())
        yield window.item(
            key=f"letters.case:{case.pk}",
            label=_("Case %(n)s") % {"n": case.number},
            url=reverse("letters:staff-case-detail", args=[case.pk]),
            people=people,
            unit_id=case.unit_id,
            due_on=case.due_on,
            rule_key=case.due_rule.key,
        )


def publication_items(window: Window) -> Iterator[WorkItem]:
    """Second-time complaint decisions to publish by ``window.until`` and not yet published
    (Luật Khiếu nại Art. 41; NĐ 75/2012 Art. 12), for the case's handlers and its resolver."""
    leaders = _people_by_unit(window, [Role.UNIT_LEADER])
    cases = (
        Case.objects.filter(
            publish_due_on__isnull=False,
            publish_due_on__lte=window.until,
            published_on__isnull=True,
        )
        .exclude(status=CaseStatus.TERMINATED)
        .only("pk", "unit_id", "number", "publish_due_on", "resolver_id")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=CaseAssignment.objects.filter(ended_at__isnull=True).only(
                    "case_id", "user_id"
                ),
                to_attr="current_assignments",
            )
        )
    )
    for case in cases:
        assert case.publish_due_on is not None  # noqa: S101 - filtered above
        people = {a.user_id for a in case.current_assignments}
        people |= {case.resolver_id} if case.resolver_id else leaders.get(case.unit_id, set())
        yield window.item(
            key=f"letters.publication:{case.pk}",
            label=_("Publish the decision of case %(n)s") % {"n": case.number},
            url=reverse("letters:staff-case-detail", args=[case.pk]),
            people=people,
            unit_id=case.unit_id,
            due_on=case.publish_due_on,
            rule_key="publication.complaint.2",
        )
