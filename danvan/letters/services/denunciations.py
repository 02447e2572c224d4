"""The steps of a denunciation beyond its status (Luật Tố cáo 2018; NĐ 31/2019/NĐ-CP).

- Acceptance is the resolver's decision (Art. 29(1)-(2); Mẫu 04), notified within the rule's
  working days to the denouncer (Mẫu 05) and, by its content only, to the person denounced
  (Mẫu 06, Art. 29(3)): ``acceptance_steps``.
- The conclusion goes to the person denounced and their managing body, and the denouncer gets a
  notice of it, each within its limit (Art. 35(3)); it is handled by ordering measures, each
  tracked to done and reported (Art. 36); it is published by its own limit (Art. 40):
  ``conclusion_steps``, ``case_notice_sent``, ``measure_add``, ``measure_done``.
- Signs of a crime send the file at once to the investigators or the procuracy (Arts. 27,
  36(2)): ``crime_refer``.
- A further denunciation about a concluded case is reviewed by the head above (Art. 37):
  ``repeat_review``.
- The denouncer's requests for protection (Arts. 47-48): ``protection_request_record``.

Nothing the person denounced, their body, the investigators or the public receive names the
denouncer: those documents are built from the copy without identity and have no field for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.actors import acting_user
from danvan.core import audit, calendar
from danvan.core.actors import Actor
from danvan.letters import deadlines, legal_bases, policies
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import (
    CaseNoticeKind,
    CrimeBody,
    IneligibilityGround,
    LetterKind,
    ProtectedInterest,
    ProtectionMeans,
    ReResolutionGround,
    ReviewOutcome,
)
from danvan.letters.errors import CaseError, HandlingError
from danvan.letters.models import (
    Case,
    CaseNotice,
    ConclusionMeasure,
    CrimeReferral,
    Letter,
    ProtectionRequest,
    RepeatReview,
)
from danvan.letters.policies import LetterPolicy
from danvan.letters.redaction import contains_identity, redact
from danvan.letters.services import paperwork
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.letters.workflows import CASE_WORKFLOW, LETTER_WORKFLOW
from danvan.organizations.models import Unit
from danvan.workflow.rules import legal_basis

__all__ = [
    "acceptance_steps",
    "case_notice_sent",
    "conclusion_steps",
    "crime_refer",
    "measure_add",
    "measure_done",
    "protection_request_record",
    "protection_requests_for",
    "repeat_review",
]

AUDIT_NOTICE_SENT = AuditAction.CASE_NOTICE_SENT
AUDIT_MEASURE = AuditAction.CASE_MEASURE
AUDIT_CRIME = AuditAction.CRIME_REFERRAL
AUDIT_PROTECTION = AuditAction.PROTECTION_REQUEST


def _identity(letter: Letter) -> list[str]:
    from danvan.letters.services.handling import identity_strings

    return identity_strings(letter)


def _denounced(letter: Letter) -> str:
    """Whom the denunciation is about, as the notices name them (never the denouncer)."""
    parts = [letter.denounced_name, letter.denounced_position]
    named = ", ".join(p for p in parts if p)
    return named or letter.about or (letter.about_unit.name if letter.about_unit else "")


def _notice(case: Case, kind: str, rule_key: str, start: dt.date, document: Any, to: str) -> None:
    rule = deadlines.rule_in_effect(rule_key, start)
    CaseNotice.objects.create(
        case=case,
        kind=kind,
        recipient=to[:255],
        document=document,
        due_rule=rule,
        due_on=deadlines.due_date(rule, start),
    )


def acceptance_steps(case: Case, actor: Actor) -> Any:
    """At a denunciation's acceptance: the acceptance decision (Mẫu 04), the notice to the
    denouncer (Mẫu 05, restricted) and the notice of the content to the person denounced
    (Mẫu 06, from the copy without identity), each notice due by ``notify_acceptance``.
    Returns the letter's notice: the one to the denouncer (the decision without one)."""
    letter = case.letter
    basis = legal_basis(legal_bases.ACCEPTANCE_DENUNCIATION)
    identity = _identity(letter)
    common = paperwork.case_context(case) | {
        "legal_basis": basis,
        "received_on": paperwork.fmt(letter.received_on),
        "letter_summary": redact(letter.summary or letter.subject, identity),
        "denounced": _denounced(letter),
    }
    decision = paperwork.issue(
        letter=letter,
        key="letters.denunciation_acceptance",
        context=common,
        actor=actor,
        target=case,
        addressed_to_citizen=False,
    )
    key = "notify_acceptance.denunciation"
    letter_notice = decision
    if not letter.anonymous:
        to_denouncer = paperwork.issue(
            letter=letter,
            key="letters.denunciation_acceptance_notice",
            context=common | paperwork.letter_context(letter, with_addressee=True),
            actor=actor,
            target=case,
            addressed_to_citizen=True,
        )
        _notice(
            case, CaseNoticeKind.ACCEPTANCE_TO_DENOUNCER, key, case.accepted_on, to_denouncer,
            paperwork.vi(_("The denouncer")),
        )  # fmt: skip
        letter_notice = to_denouncer
    content = redact(letter.content_redacted or letter.summary, identity)
    to_denounced = paperwork.issue(
        letter=letter,
        key="letters.denunciation_content_notice",
        context=common | {"content": content},
        actor=actor,
        target=case,
        addressed_to_citizen=False,
    )
    _notice(
        case, CaseNoticeKind.CONTENT_TO_DENOUNCED, key, case.accepted_on, to_denounced,
        _denounced(letter),
    )  # fmt: skip
    return letter_notice


def conclusion_steps(case: Case, actor: Actor, public_conclusion: str) -> dict[str, Any]:
    """After a denunciation's conclusion: the copies to send to the person denounced and their
    managing body and the notice to the denouncer, each due by ``send_conclusion``; the dates
    by which the conclusion is handled (Art. 36(1)) and published (Art. 40(1)). Returns the
    case's changed fields."""
    letter = case.letter
    day = case.decided_on or calendar.today_local()
    key = "send_conclusion.denunciation"
    _notice(
        case, CaseNoticeKind.CONCLUSION_TO_DENOUNCED, key, day, case.decision_document,
        _denounced(letter),
    )  # fmt: skip
    body = letter.about_unit.name if letter.about_unit else letter.about
    _notice(
        case, CaseNoticeKind.CONCLUSION_TO_MANAGING_BODY, key, day, case.decision_document, body
    )
    if not letter.anonymous:
        notice = paperwork.issue(
            letter=letter,
            key="letters.denunciation_conclusion_notice",
            context=paperwork.case_context(case)
            | paperwork.letter_context(letter, with_addressee=True)
            | {
                "legal_basis": legal_basis(legal_bases.CONCLUSION_DENUNCIATION),
                "decided_on": paperwork.fmt(day),
                "conclusion": public_conclusion,
            },
            actor=actor,
            target=case,
            addressed_to_citizen=True,
        )
        _notice(
            case, CaseNoticeKind.CONCLUSION_NOTICE_TO_DENOUNCER, key, day, notice,
            paperwork.vi(_("The denouncer")),
        )  # fmt: skip
    handle = deadlines.rule_in_effect("handle_conclusion.denunciation", day)
    publish = deadlines.rule_in_effect("publish_due.denunciation", day)
    return {
        "handle_due_on": deadlines.due_date(handle, day),
        "publish_due_on": deadlines.due_date(publish, day),
    }


@transaction.atomic
def case_notice_sent(
    *,
    case: Case,
    actor: Actor,
    kind: str,
    sent_on: dt.date | None = None,
    expected_version: int | None = None,
) -> CaseNotice:
    """Record the day a required notice or copy was sent (it stops being a work item)."""
    CASE_WORKFLOW.check(actor, "notice_sent", case)
    notice = CaseNotice.objects.filter(case=case, kind=kind).first()
    if notice is None:
        raise CaseError(_("This case has no such notice to send."))
    if notice.sent_on is not None:
        raise CaseError(_("This notice was already recorded as sent."))
    day = sent_on or calendar.today_local()
    if day > calendar.today_local():
        raise CaseError(_("The date sent cannot be in the future."))
    if day < case.accepted_on:
        raise CaseError(_("A notice cannot be sent before the case was accepted."))
    notice.sent_on = day
    notice.sent_by = acting_user(actor)
    notice.save(update_fields=["sent_on", "sent_by"])
    CASE_WORKFLOW.update(
        case,
        actor=actor,
        changes={},
        action=AUDIT_NOTICE_SENT,
        expected_version=expected_version,
        extra={"notice": str(kind), "sent_on": day.isoformat(), "late": day > notice.due_on},
    )
    return notice


@transaction.atomic
def measure_add(
    *,
    case: Case,
    actor: Actor,
    what: str,
    responsible: str,
    responsible_unit: Unit | None = None,
    due_on: dt.date | None = None,
    expected_version: int | None = None,
) -> ConclusionMeasure:
    """The head orders a measure of the conclusion (Luật Tố cáo Art. 36(1)): what, who carries it
    out and by when (by default the conclusion's handling date, ``handle_conclusion``)."""
    CASE_WORKFLOW.check(actor, "measure", case)
    policies.require_resolver(actor, case)
    if not what.strip() or not (responsible.strip() or responsible_unit is not None):
        raise CaseError(_("Say what the measure is and who carries it out."))
    decided = case.decided_on or calendar.today_local()
    rule = deadlines.rule_in_effect("handle_conclusion.denunciation", decided)
    due = due_on or case.handle_due_on or deadlines.due_date(rule, decided)
    if due < decided:
        raise CaseError(_("A measure cannot be due before the conclusion."))
    measure = ConclusionMeasure.objects.create(
        case=case,
        what=what.strip(),
        responsible=(responsible.strip() or (responsible_unit.name if responsible_unit else ""))[
            :255
        ],
        responsible_unit=responsible_unit,
        due_rule=rule,
        due_on=due,
        decided_by=acting_user(actor),
    )
    CASE_WORKFLOW.update(
        case,
        actor=actor,
        changes={},
        action=AUDIT_MEASURE,
        expected_version=expected_version,
        extra={"measure": measure.pk, "due_on": due.isoformat()},
    )
    return measure


@transaction.atomic
def measure_done(
    *,
    case: Case,
    actor: Actor,
    measure_id: int,
    done_on: dt.date,
    report: str = "",
    reported_on: dt.date | None = None,
    expected_version: int | None = None,
) -> ConclusionMeasure:
    """Record that a measure was carried out and, when it came, the report back; the report is
    due within ``report_measure`` working days of the measure being done (Art. 36)."""
    CASE_WORKFLOW.check(actor, "measure_done", case)
    measure = ConclusionMeasure.objects.filter(case=case, pk=measure_id).first()
    if measure is None:
        raise CaseError(_("This measure is not one of the case's."))
    today = calendar.today_local()
    if done_on > today or (reported_on is not None and reported_on > today):
        raise CaseError(_("The dates cannot be in the future."))
    if case.decided_on is not None and done_on < case.decided_on:
        raise CaseError(_("A measure cannot be done before the conclusion."))
    if reported_on is not None and (reported_on < done_on or not report.strip()):
        raise CaseError(_("A report comes after the measure is done, with its content."))
    rule = deadlines.rule_in_effect("report_measure.denunciation", done_on)
    measure.done_on = done_on
    measure.report_rule = rule
    measure.report_due_on = deadlines.due_date(rule, done_on)
    measure.report = report.strip()
    measure.reported_on = reported_on
    measure.recorded_by = acting_user(actor)
    measure.save()
    CASE_WORKFLOW.update(
        case,
        actor=actor,
        changes={},
        action=AUDIT_MEASURE,
        expected_version=expected_version,
        extra={"measure": measure.pk, "done_on": done_on.isoformat()},
    )
    return measure


@transaction.atomic
def crime_refer(
    *,
    letter: Letter,
    actor: Actor,
    body_kind: str,
    body_name: str,
    signs: str,
    referred_on: dt.date | None = None,
    case: Case | None = None,
    expected_version: int | None = None,
) -> CrimeReferral:
    """Send the file at once to the investigating body or the procuracy on signs of a crime
    (Luật Tố cáo Arts. 27, 36(2)), the head's decision, at the letter's classification or at any
    stage of its case. It is not a forwarding: the once-only rule does not apply, and the
    letter or case keeps its status."""
    if case is not None:
        CASE_WORKFLOW.check(actor, "crime", case)
        policies.require_resolver(actor, case)
    else:
        LETTER_WORKFLOW.check(actor, "crime", letter)
        policies.require_decider(actor, letter)
    if body_kind not in CrimeBody.values:
        raise HandlingError(_("Choose the investigating body or the procuracy."))
    if not body_name.strip() or not signs.strip():
        raise HandlingError(_("Name the body and describe the signs of a crime."))
    day = referred_on or calendar.today_local()
    if day > calendar.today_local():
        raise HandlingError(_("The date sent cannot be in the future."))
    identity = _identity(letter)
    if contains_identity(signs, identity):
        raise HandlingError(_("The text names a denouncer: remove the name and contact details."))
    target: Letter | Case = case if case is not None else letter
    document = paperwork.issue(
        letter=letter,
        key="letters.crime_referral",
        context={
            "body_name": body_name.strip(),
            "legal_basis": legal_basis(legal_bases.CRIME_REFERRAL),
            "stage": paperwork.vi(
                _("resolving the denunciation") if case else _("processing the denunciation")
            ),
            "reference": case.number if case is not None else letter.register_label,
            "signs": signs.strip(),
        },
        actor=actor,
        target=target,
        addressed_to_citizen=False,
    )
    referral = CrimeReferral.objects.create(
        letter=letter,
        case=case,
        body_kind=body_kind,
        body_name=body_name.strip()[:255],
        referred_on=day,
        signs=signs.strip(),
        document=document,
        decided_by=acting_user(actor),
    )
    extra = {"referral": referral.pk, "body_kind": body_kind}
    if case is not None:
        CASE_WORKFLOW.update(
            case, actor=actor, changes={}, action=AUDIT_CRIME,
            expected_version=expected_version, extra=extra,
        )  # fmt: skip
    else:
        LETTER_WORKFLOW.update(
            letter, actor=actor, changes={}, action=AUDIT_CRIME,
            expected_version=expected_version, extra=extra,
        )  # fmt: skip
    return referral


@transaction.atomic
def repeat_review(
    *,
    letter: Letter,
    actor: Actor,
    outcome: str,
    reasons: str,
    grounds: Sequence[str] = (),
    decided_on: dt.date | None = None,
    expected_version: int | None = None,
) -> RepeatReview:
    """The superior head's review of a further denunciation (Luật Tố cáo Art. 37(2)-(3)):

    - the earlier resolution was lawful: a written refusal to the denouncer, the letter is not
      accepted (Art. 29(1)(e) ground);
    - a re-resolution ground: the letter is accepted as a new case at this unit, linked to the
      earlier one, whose conclusion must state the lower level's violations (Art. 37(4)).
    """
    LETTER_WORKFLOW.check(actor, "review", letter)
    policies.require_decider(actor, letter)
    earlier = letter.repeat_of_case
    assert earlier is not None  # noqa: S101 - the move's guard
    errors: list[str] = []
    if outcome not in ReviewOutcome.values:
        errors.append(_("Choose the outcome of the review."))
    if not reasons.strip():
        errors.append(_("Give the reasons of the review."))
    bad = set(grounds) - set(ReResolutionGround.values)
    if bad:
        errors.append(_("Choose the grounds from the list."))
    if outcome == ReviewOutcome.RE_RESOLVE and not grounds:
        errors.append(_("Resolving again needs at least one ground of Art. 37(3)."))
    if outcome == ReviewOutcome.LAWFUL and grounds:
        errors.append(_("A lawful resolution has no ground to resolve again."))
    day = decided_on or calendar.today_local()
    if day > calendar.today_local() or day < letter.received_on:
        errors.append(_("The review date must be between the receipt and today."))
    if errors:
        raise HandlingError(" ".join(errors), extra={"errors": errors})
    review = RepeatReview.objects.create(
        letter=letter,
        earlier_case=earlier,
        outcome=outcome,
        grounds=sorted(set(grounds)),
        reasons=reasons.strip(),
        decided_on=day,
        decided_by=acting_user(actor),
    )
    if outcome == ReviewOutcome.RE_RESOLVE:
        from danvan.letters.services.handling import letter_accept

        case = letter_accept(
            letter=letter,
            actor=actor,
            accepted_on=day,
            previous_case=earlier,
            expected_version=expected_version,
        )
        RepeatReview.objects.filter(pk=review.pk).update(new_case=case)
        review.new_case = case
        return review
    ground = IneligibilityGround.TC_RESOLVED_NO_NEW_EVIDENCE
    letter = LETTER_WORKFLOW.transition(
        letter,
        to=LetterStatus.NOT_ACCEPTED,
        key="review",
        actor=actor,
        reason=reasons.strip(),
        changes={
            "ineligibility_ground": ground,
            "eligible": False,
            "handled_on": day,
            "handling_note": reasons.strip(),
        },
        expected_version=expected_version,
        audit_extra={"review": review.pk, "outcome": outcome},
    )
    if not letter.anonymous:
        document = paperwork.issue_letter_notice(
            letter=letter,
            key="letters.denunciation_repeat_refusal",
            values={
                "earlier_case": earlier.number,
                "earlier_unit": earlier.unit.name,
                "legal_basis": legal_basis(legal_bases.REPEAT_REVIEW),
                "reasons": redact(reasons.strip(), _identity(letter)),
            },
            actor=actor,
            to_citizen=True,
        )
        RepeatReview.objects.filter(pk=review.pk).update(document=document)
    return review


def check_re_resolution(letter: Letter, previous: Case, day: dt.date) -> list[str]:
    """Why ``letter`` may not open a re-resolution of ``previous`` (empty when it may): a
    concluded denunciation, a further letter at the unit above it, reviewed with a ground."""
    from danvan.letters import resolvers

    errors: list[str] = []
    if previous.kind != LetterKind.DENUNCIATION:
        errors.append(_("Only a denunciation is resolved again."))
    if previous.status not in {CaseStatus.DECIDED, CaseStatus.CLOSED}:
        errors.append(_("The earlier denunciation has no conclusion yet."))
    above = resolvers.superior_of(previous.unit, day)
    if above is None or above.pk != letter.unit_id:
        errors.append(_("A further denunciation is reviewed by the head above the resolver."))
    review = RepeatReview.objects.filter(letter=letter).first()
    if review is None or review.outcome != ReviewOutcome.RE_RESOLVE:
        errors.append(_("Review the further denunciation before resolving it again."))
    if Case.objects.filter(previous=previous, kind=LetterKind.DENUNCIATION).exists():
        errors.append(_("This denunciation is already being resolved again."))
    return errors


@transaction.atomic
def protection_request_record(
    *,
    letter: Letter,
    actor: Actor,
    interests: Sequence[str],
    requested_on: dt.date,
    means: str,
    details: str = "",
    measures: str = "",
    decided_by_name: str = "",
    decided_on: dt.date | None = None,
    outcome: str = "",
    request: ProtectionRequest | None = None,
) -> ProtectionRequest:
    """Record a denouncer's request for protection, or (``request``) the measures decided on
    it, by whom, when, and the outcome (Luật Tố cáo Arts. 47-48). Only someone who may read the
    denouncer's identity records or reads it."""
    LETTER_WORKFLOW.check(actor, "protection", letter)
    errors: list[str] = []
    if not interests or set(interests) - set(ProtectedInterest.values):
        errors.append(_("Choose what is to be protected."))
    if means not in ProtectionMeans.values:
        errors.append(_("Choose how the protection was requested."))
    today = calendar.today_local()
    if requested_on > today or requested_on < letter.received_on:
        errors.append(_("The request date must be between the receipt and today."))
    if decided_on is not None and (decided_on < requested_on or decided_on > today):
        errors.append(_("The decision date must be between the request and today."))
    if (measures.strip() or decided_on) and not (measures.strip() and decided_by_name.strip()):
        errors.append(_("Say which measures were decided and by whom."))
    if errors:
        raise HandlingError(" ".join(errors), extra={"errors": errors})
    values = {
        "interests": sorted(set(interests)),
        "requested_on": requested_on,
        "means": means,
        "details": details.strip(),
        "measures": measures.strip(),
        "decided_by_name": decided_by_name.strip()[:255],
        "decided_on": decided_on,
        "outcome": outcome.strip(),
    }
    if request is None:
        request = ProtectionRequest.objects.create(
            letter=letter, recorded_by=acting_user(actor), **values
        )
    else:
        if request.letter_id != letter.pk:
            raise HandlingError(_("This request is not one of the letter's."))
        for name, value in values.items():
            setattr(request, name, value)
        request.save()
    audit.record(action=AUDIT_PROTECTION, actor=actor, target=letter, extra={"request": request.pk})
    return request


def protection_requests_for(viewer: Actor | None, letter: Letter) -> list[ProtectionRequest]:
    """The letter's requests for protection, for someone who may read the denouncer's identity;
    nobody else learns whether there are any."""
    if not LetterPolicy(viewer).can_view_identity(letter):
        return []
    return list(ProtectionRequest.objects.filter(letter=letter))
