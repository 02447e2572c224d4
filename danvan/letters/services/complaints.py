"""The steps of a complaint the law adds to the common course of a case (DOMAIN.md §1.1, §12):
the time bar, the second complaint's window from the complainant's receipt of the decision,
continuing after a termination, the dialogue invitations, the suspension of the execution of
the contested decision, and the representatives of a group complaint.

Every number comes from the rule table (``deadlines.rule_in_effect``); the article is in each
function's docstring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.accounts.actors import acting_user
from danvan.core import audit, calendar
from danvan.core.actors import Actor
from danvan.letters import deadlines, legal_bases, policies
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import ContestedKind, LetterKind, NoteKind
from danvan.letters.errors import CaseError, HandlingError
from danvan.letters.models import Case, DialogueInvitation, ExecutionSuspension, Letter, Signer
from danvan.letters.services import messaging, paperwork
from danvan.letters.states import CaseStatus
from danvan.letters.workflows import CASE_WORKFLOW, LETTER_WORKFLOW
from danvan.workflow.rules import MissingRuleError, legal_basis

__all__ = [
    "appeal_rule_key",
    "case_continue",
    "case_lift_execution_suspension",
    "case_record_receipt",
    "case_suspend_execution",
    "dialogue_invitation_record",
    "dialogue_missing",
    "final_on",
    "is_discipline",
    "letter_record_representatives",
    "time_bar_end",
    "time_barred",
]


def _not_future(day: dt.date, what: str) -> None:
    if day > calendar.today_local():
        raise CaseError(_("%(what)s cannot be in the future.") % {"what": what})


def is_discipline(letter: Letter) -> bool:
    """A complaint of a disciplinary decision (Luật Khiếu nại Chapter IV, Arts. 47-58)."""
    return letter.kind == LetterKind.COMPLAINT and letter.contested_kind == ContestedKind.DISCIPLINE


# --- The time bar (Luật Khiếu nại Art. 9; Art. 48 for disciplinary complaints) -------------


def time_bar_end(letter: Letter) -> dt.date | None:
    """The last day a first complaint may be made: 90 days (15 for a disciplinary decision) from
    the day the complainant received or learned of the decision or act, not counting the days an
    objective obstacle kept them from it. ``None`` when the day they learned is not recorded."""
    if letter.kind != LetterKind.COMPLAINT or letter.learned_on is None:
        return None
    key = "time_bar.discipline" if is_discipline(letter) else "time_bar.complaint"
    rule = deadlines.rule_in_effect(key, letter.learned_on)
    return deadlines.due_date(rule, letter.learned_on, extra_days=letter.excused_days)


def time_barred(letter: Letter) -> bool:
    """Whether the complaint was received after its time bar (Luật Khiếu nại Arts. 9, 11(6))."""
    end = time_bar_end(letter)
    return end is not None and letter.received_on > end


# --- The second complaint's window and the decision becoming final --------------------------


def appeal_rule_key(case: Case) -> str:
    """The window for a second complaint: Art. 33 (30 days, 45 remote); for a disciplinary
    decision Art. 48 (10 days, 30 for a dismissal)."""
    letter = case.letter
    if is_discipline(letter):
        return (
            "appeal_window.discipline.dismissal" if letter.dismissal else "appeal_window.discipline"
        )
    return "appeal_window.complaint"


def final_on(case: Case, decided_on: dt.date) -> dt.date | None:
    """When a complaint decision becomes final or takes effect, counted from its issue: a
    first-time decision not appealed 30 days (45 remote) after issue (Luật Khiếu nại Art. 44); a
    disciplinary complaint's decision 30 days after issue (Art. 57)."""
    if case.kind != LetterKind.COMPLAINT:
        return None
    if is_discipline(case.letter):
        rule = deadlines.rule_in_effect("effect.discipline", decided_on)
        return deadlines.due_date(rule, decided_on)
    if case.round != 1:
        return None
    rule = deadlines.rule_in_effect("final.complaint.1", decided_on)
    return deadlines.due_date(rule, decided_on, remote=case.remote_area)


def appeal_until(case: Case, received_on: dt.date) -> dt.date | None:
    """The last day of the second complaint's window, from the complainant's receipt."""
    if case.kind != LetterKind.COMPLAINT or case.round != 1:
        return None
    rule = deadlines.rule_in_effect(appeal_rule_key(case), received_on)
    return deadlines.due_date(rule, received_on, remote=case.remote_area)


@transaction.atomic
def case_record_receipt(
    *, case: Case, actor: Actor, received_on: dt.date, expected_version: int | None = None
) -> Case:
    """Record the day the complainant received the decision (the delivery receipt, the post's
    return slip): the second complaint's window runs from it (Luật Khiếu nại Art. 33, 48)."""
    CASE_WORKFLOW.check(actor, "receipt", case)
    _not_future(received_on, _("The date of receipt"))
    if case.sent_on is not None and received_on < case.sent_on:
        raise CaseError(_("A decision cannot be received before it was sent."))
    until = appeal_until(case, received_on)
    return CASE_WORKFLOW.update(
        case,
        actor=actor,
        changes={"decision_received_on": received_on, "appeal_until": until},
        action=AuditAction.CASE_DECISION_RECEIVED,
        expected_version=expected_version,
        extra={"received_on": received_on.isoformat()},
    )


# --- Continuing after a termination (Luật Khiếu nại Art. 11(8)) ------------------------------


def continue_until(case: Case, ended_on: dt.date) -> dt.date | None:
    """The last day a complainant may ask to continue after the termination notice."""
    if case.kind != LetterKind.COMPLAINT:
        return None
    rule = deadlines.rule_in_effect("continue_window.complaint", ended_on)
    return deadlines.due_date(rule, ended_on)


@transaction.atomic
def case_continue(
    *,
    case: Case,
    actor: Actor,
    requested_on: dt.date,
    expected_version: int | None = None,
) -> Case:
    """Reopen a terminated complaint the complainant asked to continue within 30 days of the
    termination notice (Luật Khiếu nại Art. 11(8)); after that the complaint is barred. The days
    it stood ended are not counted in its resolution period. The head decides."""
    CASE_WORKFLOW.check(actor, "continue", case)
    policies.require_resolver(actor, case)
    _not_future(requested_on, _("The date of the request"))
    if case.ended_on is None or case.continue_until is None:
        raise CaseError(_("Only a terminated complaint can be continued."))
    if requested_on < case.ended_on:
        raise CaseError(_("The request cannot be before the termination."))
    if requested_on > case.continue_until:
        raise CaseError(
            _(
                "The complainant could ask to continue until %(date)s; after that the complaint "
                "is barred (Luật Khiếu nại Art. 11(8))."
            )
            % {"date": paperwork.fmt(case.continue_until)}
        )
    today = calendar.today_local()
    stopped = deadlines.stopped_days(case.due_rule, case.ended_on, today)
    total = case.suspended_days + stopped
    due = deadlines.due_date(
        case.due_rule,
        case.accepted_on,
        remote=case.remote_area,
        complexity=case.complexity,
        extra_days=case.extension_days + total,
    )
    case = CASE_WORKFLOW.transition(
        case,
        to=CaseStatus.IN_PROGRESS,
        key="continue",
        actor=actor,
        changes={
            "ended_on": None,
            "end_ground": "",
            "continue_until": None,
            "suspended_days": total,
            "due_on": due,
        },
        expected_version=expected_version,
        audit_extra={"requested_on": requested_on.isoformat(), "stopped_days": stopped},
    )
    paperwork.issue_case_decision(
        case=case,
        key="letters.continuation",
        actor=actor,
        values={
            "requested_on": paperwork.fmt(requested_on),
            "continued_on": paperwork.fmt(today),
            "new_due_on": paperwork.fmt(due),
            "legal_basis": legal_basis(legal_bases.CONTINUATION),
        },
    )
    messaging.letter_step(
        case.letter,
        event="letters.case.continued",
        step=gettext_noop("The resolution of your complaint continues; it is due by %(due)s."),
        params={"due": paperwork.fmt(due)},
    )
    return case


# --- The dialogue (Luật Khiếu nại Arts. 30, 39, 55; TT 07/2013/TT-TTCP Art. 21) --------------


@transaction.atomic
def dialogue_invitation_record(
    *,
    case: Case,
    actor: Actor,
    number: int,
    invited_on: dt.date,
    meeting_on: dt.date,
    attended: bool | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> DialogueInvitation:
    """Record the first or second written invitation to the dialogue, and, once known, whether
    the complainant came (recording number 1 or 2 again updates it)."""
    CASE_WORKFLOW.check(actor, "invite", case)
    if number not in (1, 2):
        raise CaseError(_("An invitation is the first or the second."))
    _not_future(invited_on, _("The invitation date"))
    if invited_on < case.accepted_on:
        raise CaseError(_("The date cannot be before the case was accepted."))
    if meeting_on < invited_on:
        raise CaseError(_("The dialogue cannot be set before the invitation was sent."))
    if attended is not None and meeting_on > calendar.today_local():
        raise CaseError(_("Whether the complainant came is known only after the dialogue."))
    if number == 2 and not case.invitations.filter(number=1, attended=False).exists():
        raise CaseError(_("A second invitation follows a first one the complainant ignored."))
    CASE_WORKFLOW.claim(case, expected_version=expected_version)
    invitation, _created = DialogueInvitation.objects.update_or_create(
        case=case,
        number=number,
        defaults={
            "invited_on": invited_on,
            "meeting_on": meeting_on,
            "attended": attended,
            "note": note.strip()[:500],
            "recorded_by": acting_user(actor),
        },
    )
    audit.record(
        action=AuditAction.CASE_DIALOGUE_INVITATION,
        actor=actor,
        target=case,
        extra={"number": number, "attended": attended},
    )
    return invitation


def dialogue_required(case: Case, on: dt.date) -> bool:
    """Whether the decision needs a dialogue first: always for a second-time complaint (Art. 39)
    unless the candidate rule letting the resolver proceed without one is switched on, and at
    both levels for a disciplinary complaint (Art. 55)."""
    if case.kind != LetterKind.COMPLAINT:
        return False
    if is_discipline(case.letter):
        return True
    if case.round != 2:
        return False
    try:
        deadlines.rule_in_effect("dialogue_optional.complaint.2", on)
    except MissingRuleError:
        return True
    return False


def dialogue_missing(case: Case, on: dt.date) -> str:
    """Why the decision cannot be issued yet for want of a dialogue ("" when it can): dialogue
    minutes, or the record that the complainant ignored the second written invitation followed
    by the minutes ending the dialogue (TT 07/2013/TT-TTCP Art. 21)."""
    if not dialogue_required(case, on):
        return ""
    kinds = set(case.notes.values_list("kind", flat=True))
    if NoteKind.DIALOGUE in kinds:
        return ""
    ignored_second = case.invitations.filter(number=2, attended=False).exists()
    if ignored_second and NoteKind.DIALOGUE_ENDED in kinds:
        return ""
    if ignored_second:
        return _(
            "The complainant ignored the second invitation: add the minutes ending the dialogue "
            "before the decision."
        )
    return _(
        "The dialogue is mandatory (Luật Khiếu nại Art. 39, 55): add the dialogue minutes, or "
        "record that the complainant ignored the second written invitation."
    )


# --- Suspending the execution of the contested decision (Luật Khiếu nại Art. 35) -------------


def _contested(case: Case) -> str:
    letter = case.letter
    parts = [letter.contested_number, paperwork.fmt(letter.contested_date), letter.contested_issuer]
    return ", ".join(p for p in parts if p) or (letter.summary or letter.subject)


@transaction.atomic
def case_suspend_execution(
    *,
    case: Case,
    actor: Actor,
    ground: str,
    started_on: dt.date,
    ends_by: dt.date | None = None,
    expected_version: int | None = None,
) -> ExecutionSuspension:
    """Suspend the execution of the contested decision when it would cause harm hard to repair
    (Luật Khiếu nại Art. 35; TT 07/2013/TT-TTCP Art. 17, Mẫu 09-KN). It lasts no longer than the
    time left to resolve the complaint and never stops the resolution clock. The head decides."""
    CASE_WORKFLOW.check(actor, "suspend_execution", case)
    policies.require_resolver(actor, case)
    if not ground.strip():
        raise CaseError(_("Say what harm the suspension prevents."))
    _not_future(started_on, _("The suspension date"))
    if started_on < case.accepted_on:
        raise CaseError(_("The date cannot be before the case was accepted."))
    last = case.due_on
    end = ends_by or last
    if end > last:
        raise CaseError(
            _("The suspension cannot last beyond the time to resolve the complaint (%(date)s).")
            % {"date": paperwork.fmt(last)}
        )
    if end < started_on:
        raise CaseError(_("The suspension cannot end before it starts."))
    if case.execution_suspensions.filter(lifted_on__isnull=True).exists():
        raise CaseError(_("The execution is already suspended."))
    CASE_WORKFLOW.claim(case, expected_version=expected_version)
    suspension = ExecutionSuspension.objects.create(
        case=case,
        ground=ground.strip(),
        started_on=started_on,
        ends_by=end,
        decided_by=acting_user(actor),
    )
    document = paperwork.issue_case_decision(
        case=case,
        key="letters.execution_suspension",
        actor=actor,
        values={
            "contested": _contested(case),
            "grounds": ground.strip(),
            "suspended_on": paperwork.fmt(started_on),
            "ends_by": paperwork.fmt(end),
            "legal_basis": legal_basis(legal_bases.EXECUTION_SUSPENSION),
        },
    )
    ExecutionSuspension.objects.filter(pk=suspension.pk).update(document=document)
    audit.record(
        action=AuditAction.CASE_EXECUTION_SUSPENSION,
        actor=actor,
        target=case,
        extra={"suspension": suspension.pk, "lifted": False},
    )
    messaging.letter_step(
        case.letter,
        event="letters.case.execution_suspended",
        step=gettext_noop(
            "The execution of the decision you complain of is suspended from %(date)s."
        ),
        params={"date": paperwork.fmt(started_on)},
    )
    suspension.refresh_from_db()
    return suspension


@transaction.atomic
def case_lift_execution_suspension(
    *,
    case: Case,
    actor: Actor,
    lifted_on: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> ExecutionSuspension:
    """Lift the suspension of execution as soon as its reason ends (Luật Khiếu nại Art. 35(3);
    Mẫu 10-KN). The head decides."""
    CASE_WORKFLOW.check(actor, "lift_execution", case)
    policies.require_resolver(actor, case)
    suspension = case.execution_suspensions.filter(lifted_on__isnull=True).first()
    if suspension is None:
        raise CaseError(_("The execution is not suspended."))
    if not reason.strip():
        raise CaseError(_("Say why the reason for the suspension has ended."))
    _not_future(lifted_on, _("The date"))
    if lifted_on < suspension.started_on:
        raise CaseError(_("A suspension cannot be lifted before it started."))
    CASE_WORKFLOW.claim(case, expected_version=expected_version)
    document = paperwork.issue_case_decision(
        case=case,
        key="letters.execution_lift",
        actor=actor,
        values={
            "contested": _contested(case),
            "reason": reason.strip(),
            "lifted_on": paperwork.fmt(lifted_on),
            "legal_basis": legal_basis(legal_bases.EXECUTION_LIFT),
        },
    )
    suspension.lifted_on = lifted_on
    suspension.lift_reason = reason.strip()
    suspension.lift_document = document
    suspension.save(update_fields=["lifted_on", "lift_reason", "lift_document"])
    audit.record(
        action=AuditAction.CASE_EXECUTION_SUSPENSION,
        actor=actor,
        target=case,
        extra={"suspension": suspension.pk, "lifted": True},
    )
    return suspension


def execution_suspendable(case: Case) -> bool:
    """Art. 35 suspends the execution of a contested decision: not of an act, nor anything but a
    complaint."""
    return case.kind == LetterKind.COMPLAINT and case.letter.contested_kind != ContestedKind.ACT


# --- The representatives of a group complaint (Luật Khiếu nại Art. 8(3)-(4)) -----------------


def group_complaint(letter: Letter) -> bool:
    """A complaint signed by several people."""
    return letter.kind == LetterKind.COMPLAINT and letter.signer_count > 1


@transaction.atomic
def letter_record_representatives(
    *,
    letter: Letter,
    actor: Actor,
    representative_ids: Sequence[int],
    every_signature: bool,
    recorded_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Letter:
    """Record the written appointment of the representatives of a group complaint, after
    checking every complainant signed (TT 07/2013/TT-TTCP Art. 5; Luật Khiếu nại Art. 8(3)-(4)).
    Only then can the complaint be accepted; registering never waits for it."""
    LETTER_WORKFLOW.check(actor, "representatives", letter)
    day = recorded_on or calendar.today_local()
    if day > calendar.today_local():
        raise HandlingError(_("The date cannot be in the future."))
    if not every_signature:
        raise HandlingError(
            _("A group complaint is accepted only when every complainant signed it.")
        )
    signers = list(Signer.objects.filter(letter=letter, pk__in=list(representative_ids)))
    if not signers or len(signers) != len(set(representative_ids)):
        raise HandlingError(_("Choose the representatives among the signers."))
    Signer.objects.filter(letter=letter).update(is_representative=False)
    Signer.objects.filter(pk__in=[s.pk for s in signers]).update(is_representative=True)
    return LETTER_WORKFLOW.update(
        letter,
        actor=actor,
        changes={"representatives_recorded_on": day},
        action=AuditAction.LETTER_REPRESENTATIVES,
        expected_version=expected_version,
        extra={"representatives": len(signers)},
    )
