"""The gate on the kit's own test module (permits): declared moves, the person's power and the
conditions, the compare-and-set, the history row and the audit entry, the first status, and two
people acting at once."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import RequestFactory

from danvan.core.actors import SYSTEM, PublicActor
from danvan.core.errors import ApplicationError
from danvan.core.gate import InvalidTransitionError, StaleObjectError, Workflow, move
from danvan.core.models import AuditEntry
from danvan.organizations.roles import Role
from danvan.organizations.tests import factories as org
from danvan.workflow.tests.kitapp.models import Permit, PermitStatus, PermitStatusChange
from danvan.workflow.tests.kitapp.workflows import PERMIT_WORKFLOW, PermitPolicy, permit_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit() -> Any:
    return org.UnitFactory(name="Ủy ban nhân dân phường Thử nghiệm")


@pytest.fixture
def people(unit: Any) -> dict[str, Any]:
    clerk = org.MembershipFactory(unit=unit, role=Role.RECEIVING_OFFICER).user
    officer = org.MembershipFactory(unit=unit, role=Role.HANDLING_OFFICER).user
    outsider = org.MembershipFactory(role=Role.HANDLING_OFFICER).user
    return {"clerk": clerk, "officer": officer, "outsider": outsider}


def _permit(unit: Any, status: str = PermitStatus.SUBMITTED, **kwargs: Any) -> Permit:
    return Permit.objects.create(unit=unit, status=status, **{"title": "Giấy phép thử", **kwargs})


def test_the_table_of_moves_is_derived_from_the_declared_moves() -> None:
    assert PERMIT_WORKFLOW.allowed_targets == {
        "draft": frozenset({"submitted", "withdrawn"}),
        "submitted": frozenset({"granted", "refused", "withdrawn"}),
    }
    assert PERMIT_WORKFLOW.move_allowed("submitted", "granted")
    assert not PERMIT_WORKFLOW.move_allowed("granted", "submitted")


def test_a_declaration_refuses_unknown_statuses_and_twice_declared_moves() -> None:
    with pytest.raises(ValueError, match="unknown statuses"):
        Workflow(
            model=Permit, states=PermitStatus, history_model=PermitStatusChange,
            history=lambda p: {"permit_id": p.pk}, audit_name="kitapp.permit.status",
            policy=PermitPolicy, initial="draft",
            moves=(move("x", sources={"draft"}, targets={"nowhere"}, may=lambda p, o: True),),
        )  # fmt: skip
    with pytest.raises(ValueError, match="twice"):
        Workflow(
            model=Permit, states=PermitStatus, history_model=PermitStatusChange,
            history=lambda p: {"permit_id": p.pk}, audit_name="kitapp.permit.status",
            policy=PermitPolicy, initial="draft",
            moves=(move("x", sources={"draft"}, may=lambda p, o: True),) * 2,
        )  # fmt: skip


def test_available_moves_depend_on_the_person_the_status_and_the_conditions(
    unit: Any, people: dict[str, Any]
) -> None:
    draft = _permit(unit, PermitStatus.DRAFT)
    submitted = _permit(unit)

    def keys(person: Any, permit: Permit) -> list[str]:
        return [m.key for m in PERMIT_WORKFLOW.available(PermitPolicy(person), permit)]

    assert keys(people["clerk"], draft) == ["submit", "withdraw"]
    assert keys(people["clerk"], submitted) == ["withdraw"]
    assert keys(people["officer"], submitted) == ["grant", "refuse"]
    assert keys(people["outsider"], submitted) == []
    submitted.handler = people["officer"]
    assert keys(people["officer"], submitted) == ["grant", "refuse", "note"]
    untitled = _permit(unit, PermitStatus.DRAFT, title=" ")
    assert keys(people["clerk"], untitled) == ["withdraw"]  # the condition fails: not offered


def test_check_refuses_the_power_then_the_conditions_with_their_message(
    unit: Any, people: dict[str, Any]
) -> None:
    untitled = _permit(unit, PermitStatus.DRAFT, title=" ")
    with pytest.raises(PermissionDenied):
        PERMIT_WORKFLOW.check(people["officer"], "submit", untitled)
    with pytest.raises(ApplicationError, match="needs a title"):
        PERMIT_WORKFLOW.check(people["clerk"], "submit", untitled)
    assert PERMIT_WORKFLOW.guard_failures("submit", untitled) == ["A permit needs a title."]
    # ``who`` lets an officer send the note form even where only the handler may note.
    permit = _permit(unit)
    assert PERMIT_WORKFLOW.may_try(PermitPolicy(people["officer"]), "note", permit)
    assert not PERMIT_WORKFLOW.is_open_to(PermitPolicy(people["officer"]), "note", permit)


def test_a_move_saves_its_changes_writes_history_and_audit_and_bumps_the_version(
    unit: Any, people: dict[str, Any]
) -> None:
    permit = _permit(unit)
    PERMIT_WORKFLOW.transition(
        permit, to=PermitStatus.REFUSED, key="refuse", actor=people["officer"],
        reason="Thiếu hồ sơ", changes={"note": "Thiếu bản vẽ"},
    )  # fmt: skip
    permit.refresh_from_db()
    assert (permit.status, permit.version, permit.note) == ("refused", 2, "Thiếu bản vẽ")
    change = PermitStatusChange.objects.get(permit=permit)
    assert (change.from_status, change.to_status, change.actor, change.reason) == (
        "submitted", "refused", people["officer"], "Thiếu hồ sơ",
    )  # fmt: skip
    assert change.public is False  # the move is declared not public
    entry = AuditEntry.objects.get(action="kitapp.permit.status")
    assert entry.actor == people["officer"]
    assert entry.extra == {"from": "submitted", "to": "refused"}
    assert set(entry.fields) == {"status", "note"}


def test_an_illegal_move_or_one_outside_its_declared_move_changes_nothing(
    unit: Any, people: dict[str, Any]
) -> None:
    granted = _permit(unit, PermitStatus.GRANTED)
    with pytest.raises(InvalidTransitionError):
        PERMIT_WORKFLOW.transition(granted, to=PermitStatus.SUBMITTED, actor=people["officer"])
    submitted = _permit(unit)
    with pytest.raises(InvalidTransitionError):
        # allowed by the table, but not by the move named
        PERMIT_WORKFLOW.transition(
            submitted, to=PermitStatus.WITHDRAWN, key="grant", actor=people["officer"]
        )
    assert Permit.objects.get(pk=submitted.pk).version == 1
    assert not PermitStatusChange.objects.exists()
    assert not AuditEntry.objects.filter(action="kitapp.permit.status").exists()


def test_the_move_itself_refuses_a_person_without_its_power(
    unit: Any, people: dict[str, Any]
) -> None:
    permit = _permit(unit)
    with pytest.raises(PermissionDenied):
        PERMIT_WORKFLOW.transition(
            permit, to=PermitStatus.GRANTED, key="grant", actor=people["clerk"]
        )
    assert Permit.objects.get(pk=permit.pk).status == PermitStatus.SUBMITTED
    assert not PermitStatusChange.objects.exists()


def test_a_stale_version_is_refused_with_the_modules_message(
    unit: Any, people: dict[str, Any]
) -> None:
    permit = _permit(unit)
    stale = Permit.objects.get(pk=permit.pk)
    PERMIT_WORKFLOW.update(
        permit, actor=people["officer"], changes={"note": "x"}, action="kitapp.permit.noted"
    )
    with pytest.raises(StaleObjectError, match="changed this permit"):
        permit_grant(permit=stale, actor=people["officer"])
    with pytest.raises(StaleObjectError):
        permit_grant(permit=permit, actor=people["officer"], expected_version=1)
    assert Permit.objects.get(pk=permit.pk).status == PermitStatus.SUBMITTED
    permit_grant(permit=permit, actor=people["officer"], expected_version=2)
    assert Permit.objects.get(pk=permit.pk).status == PermitStatus.GRANTED


def test_claim_moves_the_version_on_without_a_change(unit: Any) -> None:
    permit = _permit(unit)
    PERMIT_WORKFLOW.claim(permit, expected_version=1)
    assert permit.version == 2
    with pytest.raises(StaleObjectError):
        PERMIT_WORKFLOW.claim(permit, expected_version=1)


def test_the_first_status_is_recorded_for_the_public_and_the_system(unit: Any) -> None:
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    permit = _permit(unit, PermitStatus.DRAFT)
    PERMIT_WORKFLOW.start(permit, actor=AnonymousUser(), action="kitapp.permit.applied",
                          request=request)  # fmt: skip
    entry = AuditEntry.objects.get(action="kitapp.permit.applied")
    assert entry.actor_kind == AuditEntry.ActorKind.PUBLIC
    assert entry.actor_ip_hash
    assert "203.0.113.9" not in entry.actor_ip_hash
    change = PermitStatusChange.objects.get(permit=permit)
    assert (change.from_status, change.to_status, change.actor) == ("", "draft", None)
    other = _permit(unit, PermitStatus.DRAFT)
    PERMIT_WORKFLOW.start(other, actor=PublicActor(ip_hash="abc"), action="kitapp.permit.applied")
    assert AuditEntry.objects.filter(actor_ip_hash="abc").exists()
    third = _permit(unit, PermitStatus.DRAFT)
    PERMIT_WORKFLOW.start(third, actor=SYSTEM, action="kitapp.permit.imported")
    assert AuditEntry.objects.get(action="kitapp.permit.imported").actor_kind == "system"
    with pytest.raises(InvalidTransitionError):
        PERMIT_WORKFLOW.start(_permit(unit), actor=SYSTEM, action="kitapp.permit.applied")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_moving_at_once_one_wins_and_the_other_is_told(
    unit: Any, people: dict[str, Any]
) -> None:
    permit = _permit(unit)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def act(to: str, key: str) -> None:
        try:
            copy = Permit.objects.get(pk=permit.pk)
            barrier.wait()
            PERMIT_WORKFLOW.transition(copy, to=to, key=key, actor=people["officer"])
            results.append(to)
        except StaleObjectError:
            results.append("stale")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(PermitStatus.GRANTED, "grant")),
        threading.Thread(target=act, args=(PermitStatus.REFUSED, "refuse")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 2
    assert results.count("stale") == 1
    winner = next(r for r in results if r != "stale")
    permit.refresh_from_db()
    assert permit.status == winner
    assert permit.version == 2
    assert PermitStatusChange.objects.filter(permit=permit).count() == 1


def test_the_permission_walk_covers_exactly_the_declared_relations() -> None:
    from danvan.workflow.testing import walk
    from danvan.workflow.views import ObjectActionView

    action = type("GrantView", (ObjectActionView,), {"key": "grant", "workflow": PERMIT_WORKFLOW})
    walked = {("officer", "same_unit"): None, ("officer", "other_unit"): None}
    with pytest.raises(ValueError, match="walked by nobody: \\['assigned'\\]"):
        list(walk(None, people=walked, objects={}, actions=[action], page_url=str, data_for=dict))
    stray = {**walked, ("officer", "assigned"): None, ("clerk", "cousin"): None}
    with pytest.raises(ValueError, match="not declared: \\['cousin'\\]"):
        list(walk(None, people=stray, objects={}, actions=[action], page_url=str, data_for=dict))
