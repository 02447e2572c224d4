"""Working on a case: assignment, notes and minutes, complexity, extensions, suspension,
withdrawal, the decision, sending it, publication and the citizen's rating."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from danvan.accounts.actors import acting_user
from danvan.core import audit, calendar
from danvan.core.actors import Actor
from danvan.letters import deadlines, legal_bases, policies, selectors
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import (
    SUSPENSION_GROUNDS,
    TERMINATION_GROUNDS,
    CaseOutcome,
    Complexity,
    ComplexityGround,
    ContestedKind,
    ContestedMeasure,
    CourseGround,
    DecisionScope,
    LetterKind,
    NoteKind,
    PublicationForm,
    SuspensionGround,
    TerminationGround,
    WithdrawalScope,
    grounds_for,
)
from danvan.letters.errors import CaseError
from danvan.letters.models import (
    Case,
    CaseAssignment,
    CaseExtension,
    CaseNote,
    CaseSuspension,
    Letter,
    Publication,
    Rating,
    Signer,
    Withdrawal,
)
from danvan.letters.policies import LetterPolicy
from danvan.letters.redaction import contains_identity, redact
from danvan.letters.services import complaints, messaging, paperwork
from danvan.letters.services.handling import identity_strings
from danvan.letters.services.staff_notices import notify_assigned
from danvan.letters.states import CaseStatus
from danvan.letters.workflows import CASE_WORKFLOW, LETTER_WORKFLOW
from danvan.workflow.rules import legal_basis


def _not_future(day: dt.date, what: str) -> None:
    if day > calendar.today_local():
        raise CaseError(_("%(what)s cannot be in the future.") % {"what": what})


def _recompute_due(
    case: Case,
    *,
    complexity: str | None = None,
    extension_days: int | None = None,
    suspended_days: int | None = None,
) -> dt.date:
    rule = case.due_rule
    return deadlines.due_date(
        rule,
        case.accepted_on,
        remote=case.remote_area,
        # Denunciations are not lengthened by complexity itself but by extension decisions.
        complexity=(complexity or case.complexity)
        if case.kind != LetterKind.DENUNCIATION
        else Complexity.NORMAL,
        extra_days=(case.extension_days if extension_days is None else extension_days)
        + (case.suspended_days if suspended_days is None else suspended_days),
    )


@transaction.atomic
def case_assign(
    *,
    case: Case,
    actor: Actor,
    handler_ids: Sequence[int],
    resolver_id: int | None = None,
    expected_version: int | None = None,
) -> Case:
    """Assign the handlers (replacing the current ones) and optionally the head who resolves."""
    policy = LetterPolicy(actor)
    CASE_WORKFLOW.check(actor, "assign", case, policy=policy)
    policies.require_resolver(actor, case)
    assignable = policy.assignable(case)
    allowed = assignable.handler_ids
    if not handler_ids:
        raise CaseError(_("Choose at least one handler."))
    if set(handler_ids) - allowed:
        raise CaseError(_("Handlers must be handling officers or leaders of the resolving unit."))
    if resolver_id is not None and resolver_id not in assignable.resolver_ids:
        raise CaseError(_("The head who resolves the case must be a leader of the unit."))
    now = timezone.now()
    current = set(case.assignments.filter(ended_at__isnull=True).values_list("user_id", flat=True))
    case.assignments.filter(ended_at__isnull=True).exclude(user_id__in=handler_ids).update(
        ended_at=now
    )
    added = [
        CaseAssignment.objects.create(case=case, user_id=uid, assigned_by=acting_user(actor))
        for uid in sorted(set(handler_ids) - current)
    ]
    changes: dict[str, Any] = {}
    new_resolver = resolver_id is not None and resolver_id != case.resolver_id
    if resolver_id is not None:
        changes["resolver_id"] = resolver_id
    case = CASE_WORKFLOW.update(
        case,
        actor=actor,
        changes=changes,
        action=AuditAction.CASE_ASSIGNED,
        expected_version=expected_version,
        fields=["assignments", *changes],
        extra={"handlers": sorted(handler_ids), "resolver": resolver_id},
    )
    # Each handler newly assigned is told once (the assignment row is the event); one already
    # assigned is not told again. A new resolver is told of the case too.
    for assignment in added:
        notify_assigned(case, [assignment.user_id], f"handler:{assignment.pk}", actor)
    if new_resolver:
        notify_assigned(case, [resolver_id], f"resolver:v{case.version}", actor)
    return case


@transaction.atomic
def case_note_add(
    *,
    case: Case,
    actor: Actor,
    kind: NoteKind | str,
    occurred_on: dt.date,
    text: str,
    place: str = "",
    participants: str = "",
    signed_by_all: bool = True,
    refusal_reason: str = "",
    expected_version: int | None = None,
) -> CaseNote:
    """A verification note or dialogue minutes (Luật Khiếu nại Art. 30: minutes are signed by the
    participants; a refusal to sign is noted with its reason)."""
    CASE_WORKFLOW.check(actor, "note", case)
    if kind not in NoteKind.values:
        raise CaseError(_("Choose the kind of note."))
    if not text.strip():
        raise CaseError(_("Write what was found or said."))
    _not_future(occurred_on, _("The date"))
    if occurred_on < case.accepted_on:
        raise CaseError(_("The date cannot be before the case was accepted."))
    if kind == NoteKind.DIALOGUE and not signed_by_all and not refusal_reason.strip():
        raise CaseError(_("Say who did not sign the minutes and why."))
    CASE_WORKFLOW.claim(case, expected_version=expected_version)
    note = CaseNote.objects.create(
        case=case,
        kind=kind,
        occurred_on=occurred_on,
        text=text.strip(),
        place=place.strip(),
        participants=participants.strip(),
        signed_by_all=signed_by_all,
        refusal_reason=refusal_reason.strip(),
        author=acting_user(actor),
    )
    audit.record(
        action=AuditAction.CASE_NOTE,
        actor=actor,
        target=case,
        extra={"kind": str(kind), "note": note.pk},
    )
    return note


@transaction.atomic
def case_set_complexity(
    *,
    case: Case,
    actor: Actor,
    grounds: Sequence[str],
    reason: str,
    expected_version: int | None = None,
) -> Case:
    """Mark the case complicated with its grounds (NĐ 31/2019 Art. 3): one ground makes it
    complicated, two or more especially complicated. A complicated complaint gets the longer
    statutory period (Luật Khiếu nại Art. 28, 37)."""
    CASE_WORKFLOW.check(actor, "complexity", case)
    policies.require_resolver(actor, case)
    clean = sorted({g for g in grounds if g in ComplexityGround.values})
    if len(clean) != len(set(grounds)):
        raise CaseError(_("Choose the grounds from the list."))
    if clean and not reason.strip():
        raise CaseError(_("Explain in writing why the case is complicated."))
    if not clean:
        complexity = Complexity.NORMAL
    elif len(clean) == 1 or case.kind != LetterKind.DENUNCIATION:
        complexity = Complexity.COMPLEX
    else:
        complexity = Complexity.ESPECIALLY_COMPLEX
    used = case.extensions.count()
    if deadlines.extensions_allowed(case.due_rule, complexity) < used:
        raise CaseError(_("The case already has more extensions than this complexity allows."))
    due = _recompute_due(case, complexity=complexity)
    return CASE_WORKFLOW.update(
        case,
        actor=actor,
        reason=reason.strip(),
        changes={
            "complexity": complexity,
            "complexity_grounds": clean,
            "complexity_reason": reason.strip(),
            "due_on": due,
        },
        action=AuditAction.CASE_COMPLEXITY,
        expected_version=expected_version,
        extra={"complexity": str(complexity), "grounds": clean},
    )


@transaction.atomic
def case_extend(
    *,
    case: Case,
    actor: Actor,
    days: int,
    decided_on: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> CaseExtension:
    """Extend a denunciation's resolution by decision (Luật Tố cáo Art. 30): at most 30 days each
    time, once when complicated and twice when especially complicated."""
    CASE_WORKFLOW.check(actor, "extend", case)
    policies.require_resolver(actor, case)
    rule = case.due_rule
    longest = int(rule.extension_amount or 0)
    if not 1 <= days <= longest:
        raise CaseError(_("An extension is from 1 to %(n)d days.") % {"n": longest})
    _not_future(decided_on, _("The decision date"))
    if decided_on > case.due_on:
        raise CaseError(_("The extension must be decided before the period ends."))
    if not reason.strip():
        raise CaseError(_("Give the reason for the extension."))
    total = case.extension_days + days
    due = _recompute_due(case, extension_days=total)
    extension = CaseExtension.objects.create(
        case=case,
        days=days,
        decided_on=decided_on,
        grounds=case.complexity_grounds,
        reason=reason.strip(),
        new_due_on=due,
        decided_by=acting_user(actor),
    )
    case = CASE_WORKFLOW.update(
        case,
        actor=actor,
        reason=reason.strip(),
        changes={"extension_days": total, "due_on": due},
        action=AuditAction.CASE_EXTENDED,
        expected_version=expected_version,
        extra={"days": days, "extension": extension.pk},
    )
    document = paperwork.issue_case_decision(
        case=case,
        key="letters.extension",
        actor=actor,
        values={
            "extension_days": str(days),
            "new_due_on": paperwork.fmt(due),
            "grounds": ", ".join(
                paperwork.vi(ComplexityGround(g).label) for g in case.complexity_grounds
            ),
            "legal_basis": rule.legal_basis,
        },
    )
    CaseExtension.objects.filter(pk=extension.pk).update(document=document)
    messaging.letter_step(
        case.letter,
        event="letters.case.extended",
        step=gettext_noop(
            "The time to resolve your letter was extended by %(days)d days, to %(due)s."
        ),
        params={"days": days, "due": paperwork.fmt(due)},
    )
    return extension


def _course_ground(
    table: Mapping[str, CourseGround], code: str, case: Case, on: dt.date, what: str
) -> CourseGround:
    """The listed ground ``code`` if it applies to ``case`` on ``on``; else ``CaseError`` naming
    the grounds that do (Luật Khiếu nại Arts. 10, 11a; Luật Tố cáo Art. 34)."""
    allowed = grounds_for(table, case.kind, on)
    if code in allowed:
        return table[code]
    if not allowed:
        raise CaseError(
            _(
                "The law gives no ground to %(what)s this resolution on %(date)s: a complaint's "
                "resolution can be suspended only from 01/7/2026 (Luật Khiếu nại Art. 11a)."
            )
            % {"what": what, "date": paperwork.fmt(on)}
        )
    raise CaseError(_("Choose one of the grounds the law lists for this kind of letter."))


@transaction.atomic
def case_suspend(
    *,
    case: Case,
    actor: Actor,
    ground: SuspensionGround | str,
    started_on: dt.date,
    explanation: str = "",
    expected_version: int | None = None,
) -> Case:
    """Suspend (tạm đình chỉ) the resolution on a ground the law lists; the clock stops until it
    resumes. A denunciation: waiting for another body's result, or for an expert examination
    (Luật Tố cáo Art. 34(1)); a complaint only from 01/7/2026: force majeure or an objective
    obstacle, or waiting for a linked result (Luật Khiếu nại Art. 11a). The head decides."""
    CASE_WORKFLOW.check(actor, "suspend", case)
    policies.require_resolver(actor, case)
    _not_future(started_on, _("The suspension date"))
    if started_on < case.accepted_on:
        raise CaseError(_("The date cannot be before the case was accepted."))
    listed = _course_ground(SUSPENSION_GROUNDS, str(ground), case, started_on, _("suspend"))
    if ground == SuspensionGround.OTHER and not explanation.strip():
        raise CaseError(_("Give the ground for the suspension."))
    label = paperwork.vi(SuspensionGround(ground).label)
    text = f"{label}. {explanation.strip()}" if explanation.strip() else label
    suspension = CaseSuspension.objects.create(
        case=case, ground_code=ground, ground=explanation.strip() or label, started_on=started_on
    )
    case = CASE_WORKFLOW.transition(
        case,
        to=CaseStatus.SUSPENDED,
        key="suspend",
        actor=actor,
        reason=text,
        changes={"suspended_since": started_on},
        expected_version=expected_version,
        audit_extra={"ground": str(ground)},
    )
    document = paperwork.issue_case_decision(
        case=case,
        key="letters.suspension",
        actor=actor,
        values={
            "grounds": text,
            "suspended_on": paperwork.fmt(started_on),
            "legal_basis": listed.basis,
        },
    )
    CaseSuspension.objects.filter(pk=suspension.pk).update(document=document)
    messaging.letter_step(
        case.letter,
        event="letters.case.suspended",
        step=gettext_noop(
            "The resolution of your letter was suspended on %(date)s. Reason: %(ground)s"
        ),
        params={"date": paperwork.fmt(started_on), "ground": text},
    )
    return case


@transaction.atomic
def case_resume(
    *, case: Case, actor: Actor, resumed_on: dt.date, expected_version: int | None = None
) -> Case:
    """Resume a suspended case; the days it was stopped are added to its period."""
    CASE_WORKFLOW.check(actor, "resume", case)
    policies.require_resolver(actor, case)
    if case.status != CaseStatus.SUSPENDED or case.suspended_since is None:
        raise CaseError(_("The case is not suspended."))
    _not_future(resumed_on, _("The date of resumption"))
    if resumed_on < case.suspended_since:
        raise CaseError(_("A case cannot resume before it was suspended."))
    stopped = deadlines.stopped_days(case.due_rule, case.suspended_since, resumed_on)
    total = case.suspended_days + stopped
    due = _recompute_due(case, suspended_days=total)
    suspension = case.suspensions.filter(ended_on__isnull=True).order_by("-started_on").first()
    if suspension is not None:
        suspension.ended_on = resumed_on
        suspension.counted_days = stopped
        suspension.save(update_fields=["ended_on", "counted_days"])
    case = CASE_WORKFLOW.transition(
        case,
        to=CaseStatus.IN_PROGRESS,
        key="resume",
        actor=actor,
        changes={"suspended_since": None, "suspended_days": total, "due_on": due},
        expected_version=expected_version,
        audit_extra={"stopped_days": stopped},
    )
    document = paperwork.issue_case_decision(
        case=case,
        key="letters.resumption",
        actor=actor,
        values={
            "resumed_on": paperwork.fmt(resumed_on),
            "new_due_on": paperwork.fmt(due),
            "legal_basis": legal_basis(legal_bases.resumption_key(kind=case.kind)),
        },
    )
    if suspension is not None:
        CaseSuspension.objects.filter(pk=suspension.pk).update(resume_document=document)
    messaging.letter_step(
        case.letter,
        event="letters.case.resumed",
        step=gettext_noop(
            "The resolution of your letter resumed on %(date)s; it is now due by %(due)s."
        ),
        params={"date": paperwork.fmt(resumed_on), "due": paperwork.fmt(due)},
    )
    return case


@transaction.atomic
def case_withdraw(
    *,
    case: Case,
    actor: Actor,
    scope: WithdrawalScope | str,
    signer_ids: Sequence[int],
    received_on: dt.date,
    content: str = "",
    continues: bool = False,
    reason: str = "",
    expected_version: int | None = None,
) -> Withdrawal:
    """Record a written withdrawal by some or all signers, of the whole letter or part of it.

    The case ends (đình chỉ) only when every remaining signer withdraws the whole letter and
    nothing requires going on (for a denunciation: signs of a violation or a coerced
    withdrawal, Luật Tố cáo Art. 33). Otherwise it continues for the rest.
    """
    CASE_WORKFLOW.check(actor, "withdraw", case)
    if scope not in WithdrawalScope.values:
        raise CaseError(_("Choose whether the whole letter or a part is withdrawn."))
    _not_future(received_on, _("The date of the withdrawal"))
    active = list(Signer.objects.filter(letter=case.letter, withdrawn_on__isnull=True))
    chosen = [s for s in active if s.pk in set(signer_ids)]
    if not chosen:
        raise CaseError(_("Choose who withdraws."))
    if scope == WithdrawalScope.PARTIAL and not content.strip():
        raise CaseError(_("Say which part of the content is withdrawn."))
    CASE_WORKFLOW.claim(case, expected_version=expected_version)
    withdrawal = Withdrawal.objects.create(
        case=case,
        scope=scope,
        content=content.strip(),
        received_on=received_on,
        continues=continues,
        reason=reason.strip(),
        recorded_by=acting_user(actor),
    )
    withdrawal.signers.set(chosen)
    everyone = len(chosen) == len(active)
    if scope == WithdrawalScope.WHOLE:
        Signer.objects.filter(pk__in=[s.pk for s in chosen]).update(withdrawn_on=received_on)
    audit.record(
        action=AuditAction.CASE_WITHDRAWAL,
        actor=actor,
        target=case,
        extra={
            "scope": str(scope),
            "signers": len(chosen),
            "all": everyone,
            "continues": continues,
        },
    )
    # Ending the resolution is the resolver's decision: a handler proposes it after this.
    if (
        scope == WithdrawalScope.WHOLE
        and everyone
        and not continues
        and LetterPolicy(actor).is_resolver(case)
    ):
        case_terminate(
            case=case,
            actor=actor,
            ground=TerminationGround.TC_WITHDRAWN
            if case.kind == LetterKind.DENUNCIATION
            else TerminationGround.KN_WITHDRAWN
            if case.kind == LetterKind.COMPLAINT
            else TerminationGround.OTHER,
            explanation=_("Every signer withdrew the whole letter."),
        )
    return withdrawal


@transaction.atomic
def case_terminate(
    *,
    case: Case,
    actor: Actor,
    ground: TerminationGround | str,
    explanation: str = "",
    expected_version: int | None = None,
) -> Case:
    """End the resolution (đình chỉ) on a ground the law lists, and notify the parties.

    A complaint: the complainant's full withdrawal (Luật Khiếu nại Art. 10), and from 01/7/2026
    the Art. 11a grounds; the complainant may ask to continue within 30 days of the notice
    (Art. 11(8)). A denunciation: Luật Tố cáo Art. 34(3)(a)-(c); the decision goes to the
    denouncer and to the person denounced within 5 working days (Art. 34(4)), the latter never
    told who denounced them. The head decides.
    """
    CASE_WORKFLOW.check(actor, "terminate", case)
    policies.require_resolver(actor, case)
    today = calendar.today_local()
    listed = _course_ground(TERMINATION_GROUNDS, str(ground), case, today, _("end"))
    if ground == TerminationGround.OTHER and not explanation.strip():
        raise CaseError(_("Give the ground for ending the resolution."))
    label = paperwork.vi(TerminationGround(ground).label)
    text = f"{label}. {explanation.strip()}" if explanation.strip() else label
    changes: dict[str, Any] = {
        "ended_on": today,
        "suspended_since": None,
        "end_ground": ground,
        "continue_until": complaints.continue_until(case, today),
    }
    if case.kind == LetterKind.DENUNCIATION:
        notify = deadlines.rule_in_effect("notify_termination.denunciation", today)
        changes["send_due_on"] = deadlines.due_date(notify, today)
    case = CASE_WORKFLOW.transition(
        case,
        to=CaseStatus.TERMINATED,
        key="terminate",
        expected_version=expected_version,
        actor=actor,
        reason=text,
        changes=changes,
        audit_extra={"ground": str(ground)},
    )
    paperwork.issue_case_decision(
        case=case,
        key="letters.termination",
        actor=actor,
        values={"grounds": text, "legal_basis": listed.basis},
    )
    letter = case.letter
    if case.kind == LetterKind.DENUNCIATION and (letter.denounced_name or letter.denounced_user):
        paperwork.issue(
            letter=letter,
            key="letters.termination_denounced",
            context=paperwork.case_context(case)
            | {
                "denounced": letter.denounced_name
                or (letter.denounced_user.get_full_name() if letter.denounced_user else ""),
                "grounds": text,
                "legal_basis": listed.basis,
            },
            actor=actor,
            target=case,
            addressed_to_citizen=False,
        )
    messaging.letter_step(
        letter,
        event="letters.case.terminated",
        step=gettext_noop("The resolution of your letter ended. Ground: %(ground)s"),
        params={"ground": text},
    )
    return case


_DECISION_TEMPLATES = {
    LetterKind.COMPLAINT: "letters.complaint_decision",
    LetterKind.DENUNCIATION: "letters.denunciation_conclusion",
    LetterKind.PETITION: "letters.answer",
    LetterKind.FEEDBACK: "letters.answer",
}


@transaction.atomic
def case_decide(
    *,
    case: Case,
    actor: Actor,
    outcome: CaseOutcome | str,
    findings: str,
    conclusion: str,
    decision_text: str = "",
    measures: str = "",
    decided_on: dt.date | None = None,
    lower_violations: str = "",
    dialogue_result: str = "",
    legal_grounds: str = "",
    contested_measure: ContestedMeasure | str = "",
    compensation: str = "",
    scope: DecisionScope | str = "",
    expected_version: int | None = None,
) -> Case:
    """Issue the decision (complaint), conclusion (denunciation) or answer (feedback, petition)
    as a numbered document; the citizen's answer keeps no personal data of anyone.

    A denunciation's conclusion is then sent, notified, handled and published by the dates of
    its rules (``denunciations.conclusion_steps``); one resolved again states the lower level's
    violations (Luật Tố cáo Art. 37(4); NĐ 31/2019 Art. 17(2)).

    A complaint's decision holds what Luật Khiếu nại Art. 31(2) and 40 list (TT 07/2013/TT-TTCP
    Art. 22, Mẫu 15-KN): the result of verification (``findings``), the result of the dialogue
    when there was one, the legal basis (``legal_grounds``), the conclusion right / wrong / partly
    right with its basis, what it does with the decision or act complained of
    (``contested_measure``), compensation if any and the right to complain again or to sue. A
    second-time (or disciplinary) decision needs the dialogue first (Arts. 39, 55). When the lead
    letter of a cluster has co-complainants with the same content, ``scope`` says whether each
    gets a decision or one decision lists them all (Art. 31(3)).
    """
    if case.status == CaseStatus.SUSPENDED:
        raise CaseError(_("Resume the case before deciding it."))
    CASE_WORKFLOW.check(actor, "decide", case)
    policies.require_resolver(actor, case)
    if outcome not in CaseOutcome.values:
        raise CaseError(_("Choose the outcome."))
    if not findings.strip() or not conclusion.strip():
        raise CaseError(_("Write the findings and the conclusion."))
    day = decided_on or calendar.today_local()
    _not_future(day, _("The decision date"))
    if day < case.accepted_on:
        raise CaseError(_("The date cannot be before the case was accepted."))
    re_resolved = case.kind == LetterKind.DENUNCIATION and case.previous_id is not None
    if re_resolved and not lower_violations.strip():
        raise CaseError(
            _("A denunciation resolved again states the lower level's violations (Art. 37(4)).")
        )
    letter = case.letter
    complaint = case.kind == LetterKind.COMPLAINT
    co_letters = _co_complaints(case) if complaint else []
    if complaint:
        _check_complaint_contents(
            case,
            outcome=str(outcome),
            legal_grounds=legal_grounds,
            contested_measure=str(contested_measure),
            dialogue_result=dialogue_result,
            day=day,
        )
        if co_letters and scope not in DecisionScope.values:
            raise CaseError(
                _(
                    "Several complainants made the same complaint: choose one decision for each "
                    "or one decision with the list of complainants (Luật Khiếu nại Art. 31(3))."
                )
            )
    identity = identity_strings(letter)
    public_text = redact(conclusion.strip(), identity)
    violations = redact(lower_violations.strip(), identity) if re_resolved else ""
    send_due = publish_due = None
    if complaint:
        send_key = f"send_decision.complaint.{case.round}"
        if complaints.is_discipline(letter) and case.round == 2:
            send_key = "send_decision.discipline.2"
        send_due = deadlines.due_date(deadlines.rule_in_effect(send_key, day), day)
        if case.round == 2 and not complaints.is_discipline(letter):
            rule = deadlines.rule_in_effect("publication.complaint.2", day)
            publish_due = deadlines.due_date(rule, day)
    case = CASE_WORKFLOW.transition(
        case,
        to=CaseStatus.DECIDED,
        key="decide",
        actor=actor,
        changes={
            "outcome": outcome,
            "decided_on": day,
            "decision_summary": public_text,
            # Written to the signers themselves: with their own identity (the copy for
            # everyone else is ``decision_summary``).
            "decision_answer": _conclusion_text(conclusion.strip(), lower_violations.strip())
            if re_resolved
            else conclusion.strip(),
            "send_due_on": send_due,
            "lower_violations": violations,
            "publish_due_on": publish_due,
            "final_on": complaints.final_on(case, day),
            "contested_measure": contested_measure if complaint else "",
            "decision_scope": scope if co_letters else "",
        },
        expected_version=expected_version,
        audit_extra={"outcome": str(outcome)},
    )
    context = paperwork.case_context(case) | {
        "findings": findings.strip()
        if case.kind != LetterKind.DENUNCIATION
        else redact(findings.strip(), identity),
        "conclusion": _conclusion_text(public_text, violations)
        if case.kind == LetterKind.DENUNCIATION
        else conclusion.strip(),
        "decision_text": decision_text.strip(),
        "measures": measures.strip(),
        "answer": conclusion.strip(),
        "appeal_rights": paperwork.vi(_appeal_rights(case)),
        "legal_basis": _decision_basis(case, letter, day),
    }
    if complaint:
        context |= {
            "dialogue_result": dialogue_result.strip() or paperwork.vi(_("No dialogue was held.")),
            "legal_grounds": legal_grounds.strip(),
            "outcome_label": paperwork.vi(_OUTCOME_WORDS[str(outcome)]),
            "measure": paperwork.vi(ContestedMeasure(contested_measure).label),
            "compensation": compensation.strip() or paperwork.vi(_("None.")),
            "complainants": "",
        }
    key = _DECISION_TEMPLATES[LetterKind(case.kind)]
    if complaints.is_discipline(letter):
        key = "letters.discipline_decision"
    with_addressee = case.kind != LetterKind.DENUNCIATION
    if co_letters and scope == DecisionScope.LIST:
        context["complainants"] = paperwork.vi(
            _("List of the complainants with the same content: %(names)s.\n")
        ) % {"names": "; ".join(_complainant_names([letter, *co_letters]))}
    document = paperwork.issue(
        letter=letter,
        key=key,
        context=paperwork.letter_context(letter, with_addressee=with_addressee) | context,
        actor=actor,
        target=case,
        addressed_to_citizen=with_addressee,
    )
    if co_letters and scope == DecisionScope.EACH:
        for other in co_letters:
            paperwork.issue(
                letter=other,
                key=key,
                context=paperwork.letter_context(other, with_addressee=True) | context,
                actor=actor,
                target=case,
                addressed_to_citizen=True,
            )
    Case.objects.filter(pk=case.pk).update(decision_document=document)
    case.refresh_from_db()
    if case.kind == LetterKind.DENUNCIATION:
        from danvan.letters.services.denunciations import conclusion_steps

        Case.objects.filter(pk=case.pk).update(**conclusion_steps(case, actor, public_text))
        case.refresh_from_db()
    return case


def _conclusion_text(conclusion: str, violations: str) -> str:
    if not violations:
        return conclusion
    return "\n".join(
        (conclusion, paperwork.vi(gettext_lazy("Violations of the lower level:")), violations)
    )


#: How the decision words its conclusion (TT 07/2013/TT-TTCP Art. 22).
_OUTCOME_WORDS: Mapping[str, Any] = {
    CaseOutcome.UPHELD: gettext_lazy("right"),
    CaseOutcome.PARTLY_UPHELD: gettext_lazy("partly right"),
    CaseOutcome.REJECTED: gettext_lazy("wrong"),
}


def _check_complaint_contents(
    case: Case,
    *,
    outcome: str,
    legal_grounds: str,
    contested_measure: str,
    dialogue_result: str,
    day: dt.date,
) -> None:
    """What a complaint decision must hold (Luật Khiếu nại Art. 31(2), 39, 40, 55)."""
    errors: list[str] = []
    if outcome not in _OUTCOME_WORDS:
        errors.append(_("Conclude that the complaint is right, wrong or partly right."))
    if not legal_grounds.strip():
        errors.append(_("Give the legal basis of the decision."))
    if contested_measure not in ContestedMeasure.values:
        errors.append(
            _(
                "Say whether the contested decision is kept, amended or cancelled, or the act "
                "stopped."
            )
        )
    elif case.letter.contested_kind == ContestedKind.ACT and contested_measure in {
        ContestedMeasure.KEEP,
        ContestedMeasure.AMEND,
        ContestedMeasure.CANCEL,
    }:
        errors.append(_("An act is stopped or left as it is; only a decision is kept or changed."))
    held = case.notes.filter(kind=NoteKind.DIALOGUE).exists()
    if held and not dialogue_result.strip():
        errors.append(_("Write the result of the dialogue."))
    missing = complaints.dialogue_missing(case, day)
    if missing:
        errors.append(missing)
    if errors:
        raise CaseError(" ".join(errors), extra={"errors": errors})


def _co_complaints(case: Case) -> list[Letter]:
    """The other complaints of the cluster the case's letter leads (Luật Khiếu nại Art. 31(3))."""
    cluster = case.letter.cluster
    if cluster is None or cluster.lead_id != case.letter_id:
        return []
    return list(
        Letter.objects.filter(cluster_id=cluster.pk, kind=LetterKind.COMPLAINT)
        .exclude(pk=case.letter_id)
        .order_by("pk")
    )


def _complainant_names(letters: Sequence[Letter]) -> list[str]:
    names: list[str] = []
    for signer in Signer.objects.filter(
        letter__in=list(letters), withdrawn_on__isnull=True
    ).order_by("letter_id", "position"):
        if signer.full_name and signer.full_name not in names:
            names.append(signer.full_name)
    return names


def _decision_basis(case: Case, letter: Letter, day: dt.date) -> str:
    """What the decision closing ``case`` cites: the article on the decision itself (Luật Khiếu
    nại Art. 31 or 40, Luật Tố cáo Art. 35), not the time limit its rule counts; a petition's
    answer keeps its rule's basis."""
    key = legal_bases.decision_key(
        kind=case.kind, discipline=complaints.is_discipline(letter), round_=case.round
    )
    return legal_basis(key, day) if key else case.due_rule.legal_basis


def _appeal_rights(case: Case) -> Any:
    """The rights left to the complainant, printed in the decision (Luật Khiếu nại Art. 31(2);
    for a disciplinary decision Arts. 48 and 58: the court only for a dismissal)."""
    if case.kind != LetterKind.COMPLAINT:
        return ""
    if complaints.is_discipline(case.letter):
        if case.round == 1:
            rule = deadlines.rule_in_effect(
                complaints.appeal_rule_key(case), case.decided_on or case.accepted_on
            )
            text = paperwork.vi(
                gettext_lazy(
                    "If you disagree with this decision, you may complain a second time to the "
                    "competent body within %(days)d days of receiving it."
                )
            ) % {"days": rule.amount}
            if case.letter.dismissal:
                text += " " + paperwork.vi(
                    gettext_lazy("You may also sue in the administrative court.")
                )
            return text
        if case.letter.dismissal:
            return gettext_lazy(
                "If you disagree with this decision, you may sue in the administrative court."
            )
        return gettext_lazy("This decision is final.")
    if case.round == 1:
        return gettext_lazy(
            "If you disagree with this decision, you may complain a second time to the superior "
            "body within 30 days of receiving it (45 days in remote areas), or sue in the "
            "administrative court."
        )
    return gettext_lazy(
        "If you disagree with this decision, you may sue in the administrative court."
    )


@transaction.atomic
def case_send(
    *,
    case: Case,
    actor: Actor,
    sent_on: dt.date | None = None,
    received_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Case:
    """Record that the decision was sent (and, when known, the day the complainant received
    it); the case closes, the citizen is told the answer, and a cluster's lead case answers every
    letter of the cluster.

    The second complaint's window runs from the complainant's receipt of the first-time
    decision, not from the day it was sent (Luật Khiếu nại Art. 33): without ``received_on`` it
    opens when the receipt is recorded (``complaints.case_record_receipt``).
    """
    CASE_WORKFLOW.check(actor, "send", case)
    day = sent_on or calendar.today_local()
    _not_future(day, _("The date sent"))
    if case.decided_on is not None and day < case.decided_on:
        raise CaseError(_("A decision cannot be sent before it is made."))
    if received_on is not None:
        _not_future(received_on, _("The date of receipt"))
        if received_on < day:
            raise CaseError(_("A decision cannot be received before it was sent."))
    appeal_until = complaints.appeal_until(case, received_on) if received_on is not None else None
    case = CASE_WORKFLOW.transition(
        case,
        to=CaseStatus.CLOSED,
        key="send",
        expected_version=expected_version,
        actor=actor,
        changes={
            "sent_on": day,
            "decision_received_on": received_on,
            "appeal_until": appeal_until,
            "ended_on": day,
        },
    )
    letters = [case.letter]
    cluster = case.letter.cluster
    if cluster is not None and cluster.lead_id == case.letter_id:
        letters += list(Letter.objects.filter(cluster_id=cluster.pk).exclude(pk=case.letter_id))
    for letter in letters:
        LETTER_WORKFLOW.update(
            letter,
            actor=actor,
            changes={"public_answer": case.decision_summary, "answered_on": day},
            action=AuditAction.LETTER_ANSWERED,
            extra={"case": case.pk},
        )
        # The message says where to read the answer, never its text: a message may be seen by
        # someone else (a shared telephone, a mailbox read over the shoulder).
        messaging.letter_step(
            letter,
            event="letters.case.answered",
            step=gettext_noop(
                "Your letter has been answered. Read the answer on the tracking page; to read "
                "it in full with your name and to download the decision, ask there for a code "
                "sent to this contact."
            ),
        )
    return case


#: Forms of publication that last a number of days (NĐ 31/2019 Art. 6).
_LASTING_FORMS: Final = frozenset({PublicationForm.POSTING, PublicationForm.PORTAL})


@transaction.atomic
def publication_create(
    *,
    case: Case,
    actor: Actor,
    title: str,
    text: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    form: str = PublicationForm.PORTAL,
    times: int | None = None,
    announced_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Publication:
    """Publish a result with personal data removed: a denunciation's conclusion for at least 15
    days (NĐ 31/2019 Art. 6), a second-time complaint decision, an answer to feedback or a
    petition on administrative rules (the field "administrative procedures", NĐ 20/2008
    Art. 14); anything else only when the citizen agreed.

    A denunciation's conclusion is published in one of the forms of Luật Tố cáo Art. 40(2): posted
    or on the portal for the rule's days at least, in the press, on radio or television at least
    twice (NĐ 31/2019 Art. 6), at a meeting once; never with the denouncer's data (Art. 40(3)):
    a text that names them is refused.

    A second-time complaint decision is published within 15 days of the decision (Luật Khiếu nại
    Art. 41; NĐ 75/2012 Art. 12, now NĐ 124/2020): at a meeting announced 3 working days ahead,
    posted or put online for at least 15 days, or in the media at least twice; the first
    publication clears the case's "publish by" date."""
    CASE_WORKFLOW.check(actor, "publish", case)
    letter = case.letter
    required = selectors.publication_required_by_law(case)
    if not title.strip() or not text.strip():
        raise CaseError(_("Give the publication a title and a text."))
    identity = identity_strings(letter)
    if contains_identity(text, identity) or contains_identity(title, identity):
        raise CaseError(_("The text still names a signer: remove every personal detail."))
    if form not in PublicationForm.values:
        raise CaseError(_("Choose the form of publication."))
    if case.decided_on is not None and starts_on < case.decided_on:
        raise CaseError(_("A result cannot be published before it was decided."))
    second_time = case.kind == LetterKind.COMPLAINT and case.round == 2
    if case.kind == LetterKind.DENUNCIATION and form in _LASTING_FORMS:
        rule = deadlines.rule_in_effect("publication.denunciation", starts_on)
        minimum = deadlines.due_date(rule, starts_on - dt.timedelta(days=1))
        if ends_on is None or ends_on < minimum:
            ends_on = minimum
    if form == PublicationForm.MEDIA and case.kind == LetterKind.DENUNCIATION:
        # At least twice (NĐ 31/2019 Art. 6): the rule row counts the times.
        least = int(deadlines.rule_in_effect("publication_media.denunciation", starts_on).amount)
        if times is None or times < least:
            raise CaseError(
                _("In the press, on radio or television it is published at least %(n)d times.")
                % {"n": least}
            )
    if second_time:
        ends_on = _second_time_publication(form, starts_on, ends_on, announced_on, times or 0)
    if form == PublicationForm.MEETING:
        ends_on = starts_on
    if ends_on is not None and ends_on < starts_on:
        raise CaseError(_("A publication cannot end before it starts."))
    CASE_WORKFLOW.claim(case, expected_version=expected_version)
    publication = Publication.objects.create(
        letter=letter,
        title=title.strip()[:255],
        text=text.strip(),
        required_by_law=required,
        starts_on=starts_on,
        ends_on=ends_on,
        form=form,
        times=times if form == PublicationForm.MEDIA else None,
        announced_on=announced_on if form == PublicationForm.MEETING else None,
        created_by=acting_user(actor),
    )
    if second_time and case.published_on is None:
        Case.objects.filter(pk=case.pk).update(published_on=starts_on)
    audit.record(
        action=AuditAction.CASE_PUBLISHED,
        actor=actor,
        target=case,
        extra={"publication": publication.pk, "required": required},
    )
    return publication


def _second_time_publication(
    method: str,
    starts_on: dt.date,
    ends_on: dt.date | None,
    announced_on: dt.date | None,
    times: int,
) -> dt.date | None:
    """Check a second-time decision's publication against the rule table (NĐ 75/2012 Art. 12);
    returns the end date, lengthened to the minimum posting period."""
    if method == PublicationForm.MEETING:
        rule = deadlines.rule_in_effect("publication_notice.complaint.2", starts_on)
        if announced_on is None or deadlines.due_date(rule, announced_on) > starts_on:
            raise CaseError(
                _("The meeting must be announced at least %(n)d working days ahead.")
                % {"n": rule.amount}
            )
        return ends_on
    if method == PublicationForm.MEDIA:
        rule = deadlines.rule_in_effect("publication_media.complaint.2", starts_on)
        if times < rule.amount:
            raise CaseError(
                _("Announce it in the media at least %(n)d times.") % {"n": rule.amount}
            )
        return ends_on
    rule = deadlines.rule_in_effect("publication_posting.complaint.2", starts_on)
    minimum = deadlines.due_date(rule, starts_on - dt.timedelta(days=1))
    return ends_on if ends_on is not None and ends_on >= minimum else minimum


@transaction.atomic
def rating_submit(*, letter: Letter, score: int, comment: str = "", request: Any = None) -> Rating:
    """The citizen rates the answer once (1-5, with an optional comment)."""
    if letter.answered_on is None:
        raise CaseError(_("You can rate the answer once your letter has been answered."))
    if not 1 <= int(score) <= 5:
        raise CaseError(_("Choose a score from 1 to 5."))
    if Rating.objects.filter(letter=letter).exists():
        raise CaseError(_("You have already rated this answer. Thank you."))
    rating = Rating.objects.create(letter=letter, score=int(score), comment=comment.strip()[:2000])
    audit.record(
        action=AuditAction.LETTER_RATED,
        actor=AnonymousUser(),
        target=letter,
        extra={"score": int(score)},
        request=request,
    )
    return rating
