"""The letters context's work items for the kit's daily reminders (``danvan.workflow``).

- An open letter (received or classified) is the receiving officers' and the leaders' of its
  unit, due on its processing date.
- A case in progress is its current handlers', and its resolver's or, without one, the unit
  leaders', due on its resolution date.
- A closed case file not yet handed to the archive is its case's current handlers' and the
  receiving officers' of its unit, due 30 days after closing (rule ``archive.case_file``,
  TT 07/2013/TT-TTCP Art. 23).
- A second-time complaint decision not yet published is theirs too, due on its publication
  date (Luật Khiếu nại Art. 41), until it is published.

Each source is three queries whatever the number of items: the memberships of the day, the items
with their rule, and (cases) their current assignments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.letters.choices import LetterKind
from danvan.letters.models import (
    Case,
    CaseAssignment,
    CaseFile,
    CaseNotice,
    ConclusionMeasure,
    Letter,
    Publication,
)
from danvan.letters.states import OPEN_LETTER_STATUSES, CaseStatus
from danvan.organizations.models import Membership
from danvan.organizations.roles import Role
from danvan.workflow.work_items import Window, WorkItem

__all__ = [
    "case_file_items",
    "case_items",
    "denunciation_items",
    "letter_items",
    "publication_items",
]


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


def case_file_items(window: Window) -> Iterator[WorkItem]:
    """Closed case files due at the archive by ``window.until`` and not handed over yet, for
    their case's handlers and the receiving officers of its unit (else its leaders)."""
    clerks = _people_by_unit(window, [Role.RECEIVING_OFFICER])
    leaders = _people_by_unit(window, [Role.UNIT_LEADER])
    files = (
        CaseFile.objects.filter(handed_on__isnull=True, archive_due_on__lte=window.until)
        .select_related("case", "archive_rule")
        .only("pk", "archive_due_on", "archive_rule__key", "case__id", "case__unit_id",
              "case__number")
        .prefetch_related(
            Prefetch(
                "case__assignments",
                queryset=CaseAssignment.objects.filter(ended_at__isnull=True).only(
                    "case_id", "user_id"
                ),
                to_attr="current_assignments",
            )
        )
    )  # fmt: skip
    for found in files:
        case = found.case
        people = {a.user_id for a in getattr(case, "current_assignments", ())}
        people |= clerks.get(case.unit_id, set()) or leaders.get(case.unit_id, set())
        yield window.item(
            key=f"letters.casefile:{found.pk}",
            label=_("Hand the file of case %(n)s to the archive") % {"n": case.number},
            url=reverse("letters:staff-case-file", args=[case.pk]),
            people=people,
            unit_id=case.unit_id,
            due_on=found.archive_due_on,
            rule_key=found.archive_rule.key,
        )


def _case_people(window: Window) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """The leaders by unit, and the current handlers by case (two queries)."""
    handlers: dict[int, set[int]] = defaultdict(set)
    for case_id, user_id in CaseAssignment.objects.filter(ended_at__isnull=True).values_list(
        "case_id", "user_id"
    ):
        handlers[case_id].add(user_id)
    return _people_by_unit(window, [Role.UNIT_LEADER]), handlers


def denunciation_items(window: Window) -> Iterator[WorkItem]:
    """The steps of a denunciation due by ``window.until`` (Luật Tố cáo Arts. 29(3), 35(3), 36,
    40(1)): a required notice not yet sent, a measure of the conclusion not yet done or reported,
    a conclusion not yet published. Each is the case's handlers' and its resolver's (else the
    unit leaders'). Five queries whatever the number of items."""
    leaders, handlers = _case_people(window)

    def people(case: Case) -> set[int]:
        found = set(handlers.get(case.pk, set()))
        return found | (
            {case.resolver_id} if case.resolver_id else leaders.get(case.unit_id, set())
        )

    url = "letters:staff-case-detail"
    notices = (
        CaseNotice.objects.filter(sent_on__isnull=True, due_on__lte=window.until)
        .exclude(case__status=CaseStatus.TERMINATED)
        .select_related("case", "due_rule")
        .only("pk", "kind", "due_on", "due_rule__key", "case__id", "case__unit_id",
              "case__number", "case__resolver_id")
    )  # fmt: skip
    for notice in notices:
        case = notice.case
        yield window.item(
            key=f"letters.case_notice:{notice.pk}",
            label=_("Case %(n)s: %(what)s") % {"n": case.number, "what": notice.get_kind_display()},
            url=reverse(url, args=[case.pk]),
            people=people(case),
            unit_id=case.unit_id,
            due_on=notice.due_on,
            rule_key=notice.due_rule.key,
        )
    measures = (
        ConclusionMeasure.objects.filter(reported_on__isnull=True)
        .filter(
            Q(done_on__isnull=True, due_on__lte=window.until)
            | Q(done_on__isnull=False, report_due_on__lte=window.until)
        )
        .select_related("case", "due_rule", "report_rule")
        .only("pk", "due_on", "done_on", "report_due_on", "due_rule__key", "report_rule__key",
              "case__id", "case__unit_id", "case__number", "case__resolver_id")
    )  # fmt: skip
    for measure in measures:
        case = measure.case
        if measure.done_on is None:
            due, rule_key = measure.due_on, measure.due_rule.key
            what = _("measure to carry out")
        else:
            assert measure.report_due_on is not None  # noqa: S101 - set with done_on
            due = measure.report_due_on
            rule_key = measure.report_rule.key if measure.report_rule else ""
            what = _("report on a measure")
        if due > window.until:
            continue
        yield window.item(
            key=f"letters.measure:{measure.pk}",
            label=_("Case %(n)s: %(what)s") % {"n": case.number, "what": what},
            url=reverse(url, args=[case.pk]),
            people=people(case),
            unit_id=case.unit_id,
            due_on=due,
            rule_key=rule_key,
        )
    unpublished = (
        Case.objects.filter(
            kind=LetterKind.DENUNCIATION,
            status__in=[CaseStatus.DECIDED, CaseStatus.CLOSED],
            publish_due_on__lte=window.until,
        )
        .exclude(letter_id__in=Publication.objects.values("letter_id"))
        .only("pk", "unit_id", "number", "resolver_id", "publish_due_on")
    )
    for case in unpublished:
        assert case.publish_due_on is not None  # noqa: S101 - filtered above
        yield window.item(
            key=f"letters.publication:{case.pk}",
            label=_("Case %(n)s: publish the conclusion") % {"n": case.number},
            url=reverse(url, args=[case.pk]),
            people=people(case),
            unit_id=case.unit_id,
            due_on=case.publish_due_on,
            rule_key="publish_due.denunciation",
        )


def publication_items(window: Window) -> Iterator[WorkItem]:
    """Second-time complaint decisions to publish by ``window.until`` and not yet published
    (Luật Khiếu nại Art. 41; NĐ 75/2012 Art. 12), for the case's handlers and its resolver."""
    leaders = _people_by_unit(window, [Role.UNIT_LEADER])
    cases = (
        # A denunciation's conclusion has its own item (``denunciation_items``).
        Case.objects.filter(
            kind=LetterKind.COMPLAINT,
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
            key=f"letters.complaint_publication:{case.pk}",
            label=_("Publish the decision of case %(n)s") % {"n": case.number},
            url=reverse("letters:staff-case-detail", args=[case.pk]),
            people=people,
            unit_id=case.unit_id,
            due_on=case.publish_due_on,
            rule_key="publication.complaint.2",
        )
