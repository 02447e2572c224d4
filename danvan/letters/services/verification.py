"""Verification assigned by the head (giao xác minh), declarations of ties, recusal, and the
superior taking a denunciation over (DOMAIN.md §12.1a, §12.1b, §12.2).

* ``case_verify``: the head who resolves the case assigns verification to a unit (the case's
  own, the same-level inspectorate or another body) and a team from it, with a due date within
  the resolution deadline; the head may verify personally by naming himself (Luật Khiếu nại
  Arts. 25(1), 29(1), 38; Luật Tố cáo Art. 32; NĐ 31/2019 Art. 10; TT 07/2013 Art. 7).
* ``case_declare``: each verifier, and the head, declares no tie or the tie that bars them; a
  tie recuses them (NĐ 31/2019 Art. 10(1)).
* ``case_report``: the team's leader submits the report (Luật Khiếu nại Art. 29(4); TT 07/2013
  Art. 18(1)). The conclusion stays the head's (Art. 31(1)).
* ``case_escalate``: the superior's head takes a denunciation over (NĐ 31/2019 Art. 5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.accounts.actors import acting_user
from danvan.accounts.models import User
from danvan.core import audit, calendar
from danvan.core.actors import Actor
from danvan.documents.services import document_draft
from danvan.letters import legal_bases, policies, selectors
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import LetterKind, RecusalRole, Tie
from danvan.letters.errors import CaseError
from danvan.letters.models import (
    Case,
    Escalation,
    Recusal,
    TieDeclaration,
    Verification,
    VerificationMember,
    VerificationReport,
)
from danvan.letters.policies import VERIFIER_ROLES, LetterPolicy
from danvan.letters.services import handling, messaging, paperwork
from danvan.letters.services.staff_notices import notify_assigned
from danvan.letters.states import CaseStatus
from danvan.letters.workflows import CASE_WORKFLOW
from danvan.organizations.models import Membership, Unit
from danvan.workflow.rules import legal_basis

__all__ = ["case_declare", "case_escalate", "case_report", "case_verify"]


def _names(users: Sequence[User]) -> str:
    return ", ".join(u.get_full_name() or u.get_username() for u in users)


@transaction.atomic
def case_verify(
    *,
    case: Case,
    actor: Actor,
    unit: Unit | None,
    leader_id: int | None,
    member_ids: Sequence[int] = (),
    due_on: dt.date | None,
    assigned_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Verification:
    """Assign verification of ``case`` to ``unit`` with its team (the leader and members, all
    from that unit); it replaces the verification under way, if any (the way the head replaces
    a recused verifier). The head's decision (``HEAD_DECIDES_CASE``)."""
    CASE_WORKFLOW.check(actor, "verify", case)
    policies.require_resolver(actor, case)
    today = calendar.today_local()
    day = assigned_on or today
    errors: list[str] = []
    if unit is None or not unit.is_active_on(day):
        errors.append(_("Choose the unit that verifies."))
    if leader_id is None:
        errors.append(_("Choose the leader of the verification team."))
    if day > today:
        errors.append(_("The assignment date cannot be in the future."))
    if day < case.accepted_on:
        errors.append(_("The date cannot be before the case was accepted."))
    if due_on is None:
        errors.append(_("Give the date by which the verification is due."))
    elif due_on > case.due_on:
        errors.append(
            _(
                "The verification cannot be due after the resolution deadline, %(date)s "
                "(TT 07/2013 Art. 7)."
            )
            % {"date": case.due_on.strftime("%d/%m/%Y")}
        )
    elif due_on < day:
        errors.append(_("The verification cannot be due before it is assigned."))
    if errors or unit is None or leader_id is None or due_on is None:
        raise CaseError(" ".join(errors), extra={"errors": errors})
    ids = [leader_id, *(i for i in dict.fromkeys(member_ids) if i != leader_id)]
    if case.kind == LetterKind.DENUNCIATION and len(ids) < 2:
        raise CaseError(
            _(
                "A denunciation's verification team has at least two people, one of them its "
                "leader (NĐ 31/2019 Art. 10(3))."
            )
        )
    barred = set(ids) & policies.involved_user_ids(case)
    if barred:
        raise CaseError(
            _(
                "The person denounced, and anyone recused for a tie, may not verify this case "
                "(NĐ 31/2019 Art. 10(1))."
            )
        )
    in_unit = set(
        Membership.objects.active_on(day)
        .filter(unit_id=unit.pk, role__in=[str(r) for r in VERIFIER_ROLES], user_id__in=ids)
        .values_list("user_id", flat=True)
    )
    people = {u.pk: u for u in User.objects.filter(pk__in=ids, is_active=True)}
    if set(ids) - in_unit or set(ids) - set(people):
        raise CaseError(_("The verifiers must be officers or leaders of the unit assigned."))
    now = timezone.now()
    previous = selectors.active_verification(case)
    if previous is not None:
        Verification.objects.filter(pk=previous.pk).update(ended_at=now)
        previous.members.filter(removed_at__isnull=True).update(removed_at=now)
    verification = Verification.objects.create(
        case=case,
        unit=unit,
        assigned_on=day,
        due_on=due_on,
        assigned_by=acting_user(actor),
    )
    VerificationMember.objects.bulk_create(
        [
            VerificationMember(verification=verification, user_id=uid, is_leader=uid == leader_id)
            for uid in ids
        ]
    )
    case = CASE_WORKFLOW.update(
        case,
        actor=actor,
        changes={},
        action=AuditAction.CASE_VERIFICATION_ASSIGNED,
        expected_version=expected_version,
        fields=["verifications"],
        extra={
            "verification": verification.pk,
            "unit": unit.pk,
            "leader": leader_id,
            "members": ids,
            "replaces": previous.pk if previous is not None else None,
        },
    )
    leader = people[leader_id]
    document = paperwork.issue_case_decision(
        case=case,
        key="letters.verification",
        actor=actor,
        values={
            "verifying_unit": unit.name,
            "team_leader": _names([leader]),
            "team_members": _names([people[i] for i in ids[1:]]) or "—",
            "verification_due_on": paperwork.fmt(due_on),
            "legal_basis": legal_basis(
                legal_bases.verification_key(kind=case.kind, round_=case.round)
            ),
        },
    )
    Verification.objects.filter(pk=verification.pk).update(document=document)
    verification.document = document
    # The team is told the case is theirs to verify (each member once for this assignment).
    notify_assigned(case, ids, f"verification:{verification.pk}", actor)
    return verification


@transaction.atomic
def case_declare(
    *,
    case: Case,
    actor: Actor,
    tie: Tie | str,
    note: str = "",
    expected_version: int | None = None,
) -> TieDeclaration:
    """Declare, once, that no tie bars the person from the case, or the tie that does.

    A verifier must declare before acting on the case; a declared tie recuses them: the
    recusal is recorded with its ground and they leave the team, which the head completes by
    assigning verification again (NĐ 31/2019 Art. 10(1)). The head who resolves the case may
    declare a tie too: they then stop resolving it; a denunciation goes to the superior
    (``case_escalate``, Art. 5(1)).
    """
    policy = LetterPolicy(actor)
    CASE_WORKFLOW.check(actor, "declare", case, policy=policy)
    if tie not in Tie.values:
        raise CaseError(_("Choose whether a tie exists and which."))
    if tie != Tie.NONE and not note.strip() and tie == Tie.DIRECT_INTEREST:
        raise CaseError(_("Say what the direct interest is."))
    seat = policy.verifier_seat(case)
    as_resolver = seat is None
    CASE_WORKFLOW.claim(case, expected_version=expected_version)
    user = acting_user(actor)
    declaration = TieDeclaration.objects.create(
        case=case, user=user, tie=tie, note=note.strip()[:500]
    )
    audit.record(
        action=AuditAction.CASE_TIE_DECLARED,
        actor=actor,
        target=case,
        extra={"declaration": declaration.pk, "tie": str(tie)},
    )
    if tie == Tie.NONE:
        return declaration
    recusal = Recusal.objects.create(
        case=case,
        user=user,
        role=RecusalRole.RESOLVER if as_resolver else RecusalRole.VERIFIER,
        ground=tie,
        note=declaration.note,
        declaration=declaration,
    )
    if seat is not None:
        VerificationMember.objects.filter(pk=seat.pk).update(removed_at=timezone.now())
    audit.record(
        action=AuditAction.CASE_RECUSAL,
        actor=actor,
        target=case,
        extra={"recusal": recusal.pk, "role": recusal.role, "ground": str(tie)},
    )
    return declaration


@transaction.atomic
def case_report(
    *,
    case: Case,
    actor: Actor,
    subject: str,
    verified_from: dt.date | None,
    verified_to: dt.date | None,
    content: str,
    result: str,
    conclusion: str,
    recommendation: str,
    dissent: str = "",
    reported_on: dt.date | None = None,
    expected_version: int | None = None,
) -> VerificationReport:
    """The team leader's report: subject, time, verifiers, content, result, conclusion and
    recommendation (Luật Khiếu nại Art. 29(4)), with the dissenting members' opinions
    (TT 07/2013 Art. 18(1)). The verifiers are the team as it stands."""
    CASE_WORKFLOW.check(actor, "report", case)
    verification = selectors.active_verification(case)
    if verification is None:  # the move's guard said so already
        raise CaseError(_("No verification is under way on this case."))
    texts = {
        "subject": subject.strip(),
        "content": content.strip(),
        "result": result.strip(),
        "conclusion": conclusion.strip(),
        "recommendation": recommendation.strip(),
    }
    today = calendar.today_local()
    day = reported_on or today
    errors: list[str] = []
    if not all(texts.values()) or verified_from is None or verified_to is None:
        errors.append(
            _(
                "The report states the subject, the time, the content verified, the result, the "
                "conclusion and the recommendation (Luật Khiếu nại Art. 29(4))."
            )
        )
    elif verified_to < verified_from or verified_from < verification.assigned_on:
        errors.append(_("The time of the verification runs from its assignment onwards."))
    elif verified_to > day:
        errors.append(_("The verification cannot end after the report."))
    if day > today:
        errors.append(_("The report date cannot be in the future."))
    if errors or verified_from is None or verified_to is None:
        raise CaseError(" ".join(errors), extra={"errors": errors})
    CASE_WORKFLOW.claim(case, expected_version=expected_version)
    members = selectors.team(verification)
    report = VerificationReport.objects.create(
        verification=verification,
        verified_from=verified_from,
        verified_to=verified_to,
        verifiers="; ".join(
            f"{m.user.get_full_name() or m.user.get_username()}"
            + (f" ({_('team leader')})" if m.is_leader else "")
            for m in members
        ),
        dissent=dissent.strip(),
        reported_on=day,
        reported_by=acting_user(actor),
        **texts,
    )
    audit.record(
        action=AuditAction.CASE_VERIFICATION_REPORTED,
        actor=actor,
        target=case,
        extra={"verification": verification.pk, "report": report.pk},
    )
    return report


@transaction.atomic
def case_escalate(
    *,
    case: Case,
    actor: Actor,
    reason: str,
    expected_version: int | None = None,
) -> Escalation:
    """The superior takes a denunciation over (NĐ 31/2019 Art. 5).

    Who: Art. 5(1)–(2) make it the duty of the **superior's head** ("người giải quyết tố cáo
    cấp trên trực tiếp"), who issues the written order to stop and hand over (Art. 5(3)). So the
    order is always that head's (or an assigned deputy's): anyone working on the case proposes it
    to them (``SUPERIOR_DECIDES_CASE``), and nobody at the case's own unit can make it, least of
    all a resolver who is involved. When the resolver is the person denounced or has declared a
    tie the case page says so, and working on the case stops only with the order.

    What: the order is issued in the superior's name; the case ends "transferred to the
    superior"; the team and the handlers are released; the letter is registered at the superior
    unit as a derived letter (like forwarding), so that its receiving officer classifies it and
    proposes acceptance to its head. The new deadline starts from that acceptance, as every
    acceptance computes it (Art. 5(3)).
    """
    CASE_WORKFLOW.check(actor, "escalate", case)
    if not LetterPolicy(actor).is_superior_head(case):
        raise PermissionDenied(
            _(
                "Only the head of the superior unit orders that it takes the case over "
                "(NĐ 31/2019 Art. 5(3)): propose it for approval."
            )
        )
    if not reason.strip():
        raise CaseError(_("Give the reason why the superior takes the case over."))
    superior = selectors.superior_unit(case)
    if superior is None:  # the move's guard said so already
        raise CaseError(_("This unit has no superior unit on the platform."))
    today = calendar.today_local()
    now = timezone.now()
    case.assignments.filter(ended_at__isnull=True).update(ended_at=now)
    active = selectors.active_verification(case)
    if active is not None:
        Verification.objects.filter(pk=active.pk).update(ended_at=now)
    case = CASE_WORKFLOW.transition(
        case,
        to=CaseStatus.TRANSFERRED,
        key="escalate",
        actor=actor,
        reason=reason.strip(),
        changes={"ended_on": today, "suspended_since": None},
        expected_version=expected_version,
        audit_extra={"superior": superior.pk},
    )
    context = paperwork.case_context(case) | {
        "letter_summary": case.letter.summary or case.letter.subject,
        "resolving_unit": case.unit.name,
        "grounds": reason.strip(),
        "legal_basis": legal_basis(legal_bases.ESCALATION),
    }
    context = paperwork.with_basis(context)
    document = document_draft(
        unit=superior,
        template_key="letters.escalation",
        context=context,
        actor=actor,
        target=case,
        signer=paperwork.document_signer(unit=superior, kind=case.kind, actor=actor),
        recipients=paperwork.notice_recipients(
            key="letters.escalation", unit=superior, context=context
        ),
    )
    source = case.letter
    letter = handling.copy_to_unit(
        source,
        superior,
        actor,
        getattr(document, "symbol", ""),
        denounced_name=source.denounced_name,
        denounced_position=source.denounced_position,
        denounced_standing=source.denounced_standing,
        denounced_user_id=source.denounced_user_id,
    )
    escalation = Escalation.objects.create(
        case=case,
        superior=superior,
        reason=reason.strip(),
        ordered_on=today,
        ordered_by=acting_user(actor),
        document=document,
        letter=letter,
    )
    messaging.letter_step(
        source,
        event="letters.case.transferred",
        step=gettext_noop(
            "The resolution of your letter was taken over by the superior body: %(body)s."
        ),
        params={"body": superior.name},
    )
    return escalation
