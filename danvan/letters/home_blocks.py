"""What letters shows on the portal and on the staff home (registered in ``apps.ready``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from danvan.core import calendar
from danvan.core.modules import HomeBlock, Place
from danvan.letters import selectors
from danvan.letters.models import Case
from danvan.letters.policies import LetterPolicy
from danvan.letters.states import OPEN_LETTER_STATUSES, CaseStatus, LetterStatus
from danvan.organizations.roles import STAFF_AREA_PERMISSION, Role
from danvan.workflow.rules import Urgency, urgency_q

#: How many of the newest published results the portal's block lists.
PUBLICATIONS_ON_HOME = 3


def latest_publications(request: HttpRequest) -> Mapping[str, Any]:
    return {"publications": list(selectors.current_publications()[:PUBLICATIONS_ON_HOME])}


def my_deadlines(request: HttpRequest) -> Mapping[str, Any]:
    """How many of the letters and cases the person can see are overdue or due soon: two
    aggregate queries on the scope of one policy."""
    today = calendar.today_local()
    overdue, due_soon = urgency_q(Urgency.OVERDUE, today), urgency_q(Urgency.DUE_SOON, today)
    letters = LetterPolicy.for_request(request).visible_letters()
    counts = letters.filter(status__in=OPEN_LETTER_STATUSES).aggregate(
        letters_overdue=Count("pk", filter=overdue),
        letters_due_soon=Count("pk", filter=due_soon),
    )
    counts |= Case.objects.filter(letter__in=letters, status=CaseStatus.IN_PROGRESS).aggregate(
        cases_overdue=Count("pk", filter=overdue),
        cases_due_soon=Count("pk", filter=due_soon),
    )
    return counts


def my_queues(request: HttpRequest) -> Mapping[str, Any]:
    """The person's queues of letters and cases: the open cases assigned to them and the new
    letters (received, not yet classified) of their units, two counts; for a unit leader, the
    link to the workload of the handlers and units."""
    policy = LetterPolicy.for_request(request)
    letters = policy.visible_letters()
    mine = selectors.case_list(viewer=request.user, status="open", mine=True, policy=policy)
    return {
        "assigned_to_me": mine.order_by().count(),
        "new_letters": letters.filter(status=LetterStatus.RECEIVED).count(),
        "is_leader": bool(policy.unit_ids_where(Role.UNIT_LEADER)),
    }


BLOCKS = (
    HomeBlock(
        key="letters.submit",
        place=Place.PORTAL,
        title=_("Send feedback and petitions"),
        description=_(
            "Send feedback, petitions, complaints or denunciations to the competent body. "
            "Each letter receives a reference number."
        ),
        url_name="letters:submit",
        order=10,
    ),
    HomeBlock(
        key="letters.track",
        place=Place.PORTAL,
        title=_("Follow your letter"),
        description=_(
            "Check the progress of your letter and the answer to it with its reference number, "
            "without logging in."
        ),
        url_name="letters:track",
        order=20,
    ),
    HomeBlock(
        key="letters.publications",
        place=Place.PORTAL,
        title=_("Published results"),
        description=_(
            "Read the conclusions, decisions and answers the units publish, without the names "
            "of the people concerned."
        ),
        url_name="letters:publications",
        template_name="letters/public/_home_card.html",
        selector=latest_publications,
        order=30,
    ),
    HomeBlock(
        key="letters.queues",
        place=Place.STAFF,
        title=_("Your work queues"),
        url_name="letters:staff-case-list",
        template_name="letters/staff/_home_queues.html",
        selector=my_queues,
        permission=STAFF_AREA_PERMISSION,
        order=5,
    ),
    HomeBlock(
        key="letters.deadlines",
        place=Place.STAFF,
        title=_("Deadlines of letters and cases"),
        url_name="letters:staff-letter-list",
        template_name="letters/staff/_home_deadlines.html",
        selector=my_deadlines,
        permission=STAFF_AREA_PERMISSION,
        order=10,
    ),
)
