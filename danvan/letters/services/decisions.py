"""The decisions the head makes on letters and cases, each one service call with JSON arguments.

A head (or a deputy head under the head's assignment) makes them directly from the letter's or
the case's page; an officer proposes them (``workflow.proposals``) and the same call is made
when the head approves, as the head (``perform_approved``). Both paths go through ``run``, so a
decision reads its arguments one way whichever way it comes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from danvan.core.actors import Actor
from danvan.core.errors import ApplicationError
from danvan.letters.models import Case, Letter
from danvan.letters.services import cases, complaints, denunciations, handling, verification
from danvan.organizations.models import Unit

__all__ = ["clean_arguments", "perform_approved", "run"]

Runner = Callable[[Any, Actor, Mapping[str, Any], int | None], Any]


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ApplicationError(_("A date in the proposal is not valid.")) from None


def _unit(value: Any) -> Unit | None:
    if value in (None, ""):
        return None
    found = Unit.objects.filter(pk=int(value)).first()
    if found is None:
        raise ApplicationError(_("A unit named in the proposal no longer exists."))
    return found


def _case(value: Any) -> Case | None:
    if value in (None, ""):
        return None
    return Case.objects.filter(pk=int(value)).first()


def _text(args: Mapping[str, Any], name: str) -> str:
    return str(args.get(name) or "")


def _accept(letter: Letter, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return handling.letter_accept(
        letter=letter, actor=actor, accepted_on=_date(a.get("accepted_on")),
        previous_case=_case(a.get("previous_case")), new_facts=bool(a.get("new_facts")),
        expected_version=version,
    )  # fmt: skip


def _not_accept(letter: Letter, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return handling.letter_not_accept(
        letter=letter, actor=actor, ground=_text(a, "ground"), note=_text(a, "note"),
        expected_version=version,
    )  # fmt: skip


def _forward(letter: Letter, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return handling.letter_forward(
        letter=letter, actor=actor, to_unit=_unit(a.get("to_unit")), to_body=_text(a, "to_body"),
        reason=_text(a, "reason"), expected_version=version,
    )  # fmt: skip


def _guide(letter: Letter, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return handling.letter_guide(
        letter=letter, actor=actor, guidance=_text(a, "guidance"),
        to_unit=_unit(a.get("to_unit")), to_body=_text(a, "to_body"), expected_version=version,
    )  # fmt: skip


def _archive(letter: Letter, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return handling.letter_archive(
        letter=letter, actor=actor, reason=_text(a, "reason"), expected_version=version
    )


def _anonymous(letter: Letter, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return handling.letter_route_anonymous(
        letter=letter, actor=actor, outcome=_text(a, "outcome"), reason=_text(a, "reason"),
        to_unit=_unit(a.get("to_unit")), to_body=_text(a, "to_body"), expected_version=version,
    )  # fmt: skip


def _assign(case: Case, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return cases.case_assign(
        case=case, actor=actor, handler_ids=[int(i) for i in a.get("handler_ids") or []],
        resolver_id=int(a["resolver_id"]) if a.get("resolver_id") else None,
        expected_version=version,
    )  # fmt: skip


def _complexity(case: Case, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return cases.case_set_complexity(
        case=case, actor=actor, grounds=list(a.get("grounds") or []), reason=_text(a, "reason"),
        expected_version=version,
    )  # fmt: skip


def _extend(case: Case, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return cases.case_extend(
        case=case, actor=actor, days=int(a.get("days") or 0),
        decided_on=_date(a.get("decided_on")) or dt.date.min, reason=_text(a, "reason"),
        expected_version=version,
    )  # fmt: skip


def _suspend(case: Case, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return cases.case_suspend(
        case=case, actor=actor, ground=_text(a, "ground"), explanation=_text(a, "explanation"),
        started_on=_date(a.get("started_on")) or dt.date.min, expected_version=version,
    )  # fmt: skip


def _resume(case: Case, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return cases.case_resume(
        case=case, actor=actor, resumed_on=_date(a.get("resumed_on")) or dt.date.min,
        expected_version=version,
    )  # fmt: skip


def _terminate(case: Case, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return cases.case_terminate(
        case=case, actor=actor, ground=_text(a, "ground"), explanation=_text(a, "explanation"),
        expected_version=version,
    )  # fmt: skip


def _decide(case: Case, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return cases.case_decide(
        case=case, actor=actor, outcome=_text(a, "outcome"), findings=_text(a, "findings"),
        conclusion=_text(a, "conclusion"), decision_text=_text(a, "decision_text"),
        measures=_text(a, "measures"), decided_on=_date(a.get("decided_on")),
        lower_violations=_text(a, "lower_violations"),
        dialogue_result=_text(a, "dialogue_result"), legal_grounds=_text(a, "legal_grounds"),
        contested_measure=_text(a, "contested_measure"), compensation=_text(a, "compensation"),
        scope=_text(a, "scope"), expected_version=version,
    )  # fmt: skip


def _review(letter: Letter, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return denunciations.repeat_review(
        letter=letter, actor=actor, outcome=_text(a, "outcome"), reasons=_text(a, "reasons"),
        grounds=[str(g) for g in a.get("grounds") or []], decided_on=_date(a.get("decided_on")),
        expected_version=version,
    )  # fmt: skip


def _crime(obj: Any, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    case = obj if isinstance(obj, Case) else None
    return denunciations.crime_refer(
        letter=case.letter if case is not None else obj, case=case, actor=actor,
        body_kind=_text(a, "body_kind"), body_name=_text(a, "body_name"),
        signs=_text(a, "signs"), referred_on=_date(a.get("referred_on")),
        expected_version=version,
    )  # fmt: skip


def _measure(case: Case, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return denunciations.measure_add(
        case=case, actor=actor, what=_text(a, "what"), responsible=_text(a, "responsible"),
        responsible_unit=_unit(a.get("responsible_unit")), due_on=_date(a.get("due_on")),
        expected_version=version,
    )  # fmt: skip


def _continue(case: Case, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return complaints.case_continue(
        case=case, actor=actor, requested_on=_date(a.get("requested_on")) or dt.date.min,
        expected_version=version,
    )  # fmt: skip


def _suspend_execution(case: Case, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return complaints.case_suspend_execution(
        case=case, actor=actor, ground=_text(a, "ground"),
        started_on=_date(a.get("started_on")) or dt.date.min, ends_by=_date(a.get("ends_by")),
        expected_version=version,
    )  # fmt: skip


def _verify(case: Case, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return verification.case_verify(
        case=case, actor=actor, unit=_unit(a.get("unit")),
        leader_id=int(a["leader"]) if a.get("leader") else None,
        member_ids=[int(i) for i in a.get("members") or []],
        due_on=_date(a.get("due_on")), assigned_on=_date(a.get("assigned_on")),
        expected_version=version,
    )  # fmt: skip


def _escalate(case: Case, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return verification.case_escalate(
        case=case, actor=actor, reason=_text(a, "reason"), expected_version=version
    )


def _lift_execution(case: Case, actor: Actor, a: Mapping[str, Any], version: int | None) -> Any:
    return complaints.case_lift_execution_suspension(
        case=case, actor=actor, lifted_on=_date(a.get("lifted_on")) or dt.date.min,
        reason=_text(a, "reason"), expected_version=version,
    )  # fmt: skip


#: The head's decisions, by model and move key.
RUNNERS: dict[tuple[type[Any], str], Runner] = {
    (Letter, "accept"): _accept,
    (Letter, "not_accept"): _not_accept,
    (Letter, "forward"): _forward,
    (Letter, "guide"): _guide,
    (Letter, "archive"): _archive,
    (Letter, "anonymous"): _anonymous,
    (Letter, "review"): _review,
    (Letter, "crime"): _crime,
    (Case, "assign"): _assign,
    (Case, "verify"): _verify,
    (Case, "escalate"): _escalate,
    (Case, "complexity"): _complexity,
    (Case, "extend"): _extend,
    (Case, "suspend"): _suspend,
    (Case, "resume"): _resume,
    (Case, "terminate"): _terminate,
    (Case, "decide"): _decide,
    (Case, "measure"): _measure,
    (Case, "crime"): _crime,
    (Case, "continue"): _continue,
    (Case, "suspend_execution"): _suspend_execution,
    (Case, "lift_execution"): _lift_execution,
}


def register(model: type[Any], key: str, runner: Runner) -> None:
    """Add a decision (another part of letters declares its own moves)."""
    RUNNERS[(model, key)] = runner


def run(
    key: str, obj: Any, actor: Actor, arguments: Mapping[str, Any], *, expected_version: int | None
) -> Any:
    """Make the decision ``key`` on ``obj`` as ``actor`` (who must hold the power: the service
    checks it, with every rule of the law)."""
    runner = RUNNERS.get((type(obj), key))
    if runner is None:
        raise ApplicationError(_("This decision is not available."))
    return runner(obj, actor, arguments, expected_version)


def perform_approved(proposal: Any, obj: Any, approver: Any) -> Any:
    """What approving a proposed decision does: the decision, made by the approver."""
    return run(proposal.move_key, obj, approver, proposal.arguments, expected_version=None)


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | tuple | set | frozenset):
        return [_json(v) for v in value]
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)


def clean_arguments(arguments: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments as JSON values: dates as ISO dates, saved objects by their id."""
    return {str(k): _json(v) for k, v in arguments.items()}
