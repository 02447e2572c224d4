"""The proposals awaiting a head's approval are read by approver: the letters of the units the
person decides for (``Approval.candidate_of``), never every pending proposal in the country;
the staff home's count costs the same however many proposals await in other units."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.core import calendar
from danvan.letters.tests import factories as lf
from danvan.organizations.models import Delegation
from danvan.organizations.roles import Position, Role
from danvan.workflow import proposals

pytestmark = pytest.mark.django_db

_SEQUENCE = itertools.count(1)


def _propose(office: lf.Office) -> Any:
    n = next(_SEQUENCE)
    letter = lf.receive(
        office.unit,
        office.receiver,
        subject=f"Khiếu nại quyết định thu hồi đất số {n}",
        content=f"Đề nghị xem xét lại quyết định thu hồi đất số {n}/QĐ-UBND.",
    ).letter
    lf.classify(letter, office.receiver)
    return proposals.propose(
        actor=office.receiver,
        reasons="Đủ điều kiện thụ lý.",
        obj=letter,
        move_key="accept",
        changes={"accepted_on": calendar.today_local().isoformat()},
    )


def _awaiting_queries(user: Any) -> tuple[set[int], int]:
    with CaptureQueriesContext(connection) as captured:
        found = {p.pk for p in proposals.awaiting_my_approval(user)}
    return found, len(captured.captured_queries)


def test_each_head_is_given_the_proposals_of_the_units_they_decide_for() -> None:
    world = lf.make_world()
    office, elsewhere = world.office, world.elsewhere
    deputy = lf.member(office.unit, Role.UNIT_LEADER, position=Position.DEPUTY)
    Delegation.objects.create(
        unit=office.unit, deputy=deputy, letter_kinds=[],
        document="05/QĐ-UBND", effective_from=calendar.today_local() - dt.timedelta(days=30),
    )  # fmt: skip
    bystander = lf.member(office.unit, Role.UNIT_LEADER, position=Position.DEPUTY)
    mine = {_propose(office).pk, _propose(office).pk}
    theirs = {_propose(elsewhere).pk}
    assert _awaiting_queries(office.leader)[0] == mine
    assert _awaiting_queries(deputy)[0] == mine
    assert _awaiting_queries(elsewhere.leader)[0] == theirs
    for nobody in (bystander, office.receiver, office.handler, office.inspector):
        assert _awaiting_queries(nobody)[0] == set()

    # Proposals awaiting in another unit are not read: the same queries for one or six.
    before = _awaiting_queries(office.leader)[1]
    for _ in range(5):
        theirs.add(_propose(elsewhere).pk)
    found, after = _awaiting_queries(office.leader)
    assert (found, after) == (mine, before)
    assert _awaiting_queries(elsewhere.leader)[0] == theirs
