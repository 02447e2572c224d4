"""Deadline rules are kept by each process until a rule changes anywhere (``core.stamps``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.core.tests.test_stamps import (  # noqa: F401 (the fixture)
    MONDAY,
    _fresh,
    new_request,
    other_process_changes,
)
from danvan.workflow import rules
from danvan.workflow.models import DeadlineRule

pytestmark = pytest.mark.django_db


def test_a_new_deadline_rule_version_is_seen_by_every_process() -> None:
    key = "processing.feedback"
    new_request()
    before = rules.rule_in_force(key, MONDAY)
    new_request()
    with CaptureQueriesContext(connection) as ctx:
        assert rules.rule_in_force(key, MONDAY) == before
    assert not any("workflow_deadlinerule" in q["sql"] for q in ctx.captured_queries)
    # Another process ends the version and adds a new one (no signal here).
    DeadlineRule.objects.filter(pk=before.pk).update(effective_to=MONDAY)
    newer = DeadlineRule.objects.bulk_create(
        [DeadlineRule(key=key, amount=3, unit=before.unit, start_event=before.start_event,
                      legal_basis="Quy định thử nghiệm", effective_from=MONDAY)]
    )[0]  # fmt: skip
    assert rules.rule_in_force(key, MONDAY) == before  # not told yet
    other_process_changes(rules.RULES_STAMP)
    new_request()
    assert rules.rule_in_force(key, MONDAY) == newer
    assert rules.rule_in_force(key, MONDAY - dt.timedelta(days=1)) == before
