"""The party track's writes (DOMAIN.md §12.5): sending a party matter to the party track, the
head's decisions on a party case (accept, verify, conclude, discipline), the officers' records
(notes, the inspection-information queue, sending, the link to a state case), and a state
body's record that it informed the managing party organisation (QĐ 296-QĐ/TW Art. 8(5) [S]).

Every move goes through ``PARTY_WORKFLOW`` (its history rows and audit entries); notices are
issued in the party body's own format (HD 36-HD/VPTW) through ``paperwork``, signed "T/M" by the
head or "K/T" by a deputy under the head's assignment. Nothing the member denounced receives
names the denouncer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.accounts.actors import acting_user
from danvan.core import audit, calendar
from danvan.core.actors import Actor
from danvan.core.sequences import next_number, series_key
from danvan.documents.rendering import Signer as DocumentSigner
from danvan.letters import deadlines, legal_bases, policies
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import DisciplineMeasure, RuleKey, StateMeasure
from danvan.letters.errors import CaseError
from danvan.letters.models import Case, Letter, PartyCase, PartyCaseNote, PartyNotification
from danvan.letters.party_matters import anonymous_party_letter
from danvan.letters.party_workflow import PARTY_WORKFLOW
from danvan.letters.services import messaging, paperwork
from danvan.letters.states import LetterStatus, PartyCaseStatus
from danvan.letters.workflows import CASE_WORKFLOW, LETTER_WORKFLOW
from danvan.organizations import selectors as org_selectors
from danvan.organizations.models import Unit
from danvan.organizations.models.units import UnitLevel
from danvan.workflow.rules import legal_basis

__all__ = [
    "case_inform_party",
    "letter_to_party_track",
    "party_accept",
    "party_close",
    "party_conclude",
    "party_discipline",
    "party_file",
    "party_link_state_case",
    "party_note_add",
    "party_signer",
    "party_use_for_inspection",
    "party_verify",
]


def _not_future(day: dt.date, what: str) -> None:
    if day > calendar.today_local():
        raise CaseError(_("%(what)s cannot be in the future.") % {"what": what})


def _require_head(actor: Actor, party_case: PartyCase) -> org_selectors.Decider:
    """Only the head of the party body (or a deputy under the head's assignment) decides."""
    return policies.require_decider_of(actor, party_case.unit, party_case.letter.kind)


def party_signer(party_case: PartyCase, actor: Actor) -> DocumentSigner:
    """The signature block of the party body's decision (HD 36-HD/VPTW): "T/M <collective>"
    above the signer's own title for a collective body (a committee, its inspection committee,
    a cell), "K/T <head's title>" above a deputy's title in a body its head leads (a board, an
    office); the full name below. Only the head, or a deputy under the head's assignment,
    signs."""
    decider = _require_head(actor, party_case)
    signer = paperwork.document_signer(
        unit=party_case.unit,
        kind=party_case.letter.kind,
        actor=actor,
        user_id=decider.user_id,
    )
    if signer is not None:
        return signer
    return DocumentSigner(position="", name=acting_user(actor).get_full_name())


def _resolution_rule_key(unit: Unit) -> str:
    """Central level: 180 days; provincial level and below: 90 (QĐ 22-QĐ/TW Art. 20 [S])."""
    if unit.level == UnitLevel.CENTRAL:
        return RuleKey.PARTY_DENUNCIATION_CENTRAL
    return RuleKey.PARTY_DENUNCIATION_LOCAL


def _party_context(party_case: PartyCase) -> dict[str, str]:
    letter = party_case.letter
    with translation.override(paperwork.DOCUMENT_LANGUAGE):
        kind = str(letter.get_kind_display()).lower()
    return {
        "case_number": party_case.number,
        "letter_kind": kind,
        "letter_summary": letter.summary or letter.subject,
        "denounced": letter.denounced_name or "đảng viên bị tố cáo",
    }


@transaction.atomic
def letter_to_party_track(
    *, letter: Letter, actor: Actor, note: str = "", expected_version: int | None = None
) -> PartyCase:
    """Send a classified party matter at a party body to the party track: the letter leaves
    the state track and its party case is received. An anonymous, unnamed, false-name or
    no-address letter goes straight to the inspection-information queue (QĐ 22-QĐ/TW Art.
    20(7); QĐ 296-QĐ/TW Art. 19 [S]); it is never accepted.

    Raises ``PermissionDenied``, ``HandlingError`` (the move's conditions),
    ``InvalidTransitionError`` or ``StaleObjectError``.
    """
    LETTER_WORKFLOW.check(actor, "party", letter)
    letter = LETTER_WORKFLOW.transition(
        letter, to=LetterStatus.PARTY, key="party", actor=actor, reason=note.strip(),
        expected_version=expected_version,
    )  # fmt: skip
    year = letter.received_on.year
    seq = next_number(series_key("party_cases", letter.unit_id, year))
    party_case = PartyCase.objects.create(
        letter=letter,
        unit=letter.unit,
        number=f"{seq:02d}/{year}/ĐĐ",
        received_on=letter.received_on,
    )
    PARTY_WORKFLOW.start(
        party_case, actor=actor, action=AuditAction.PARTY_CASE_OPENED, reason=note.strip(),
        extra={"letter": letter.pk},
    )  # fmt: skip
    if anonymous_party_letter(letter):
        party_case = PARTY_WORKFLOW.transition(
            party_case, to=PartyCaseStatus.INSPECTION_INFO, key="inform", actor=actor,
            reason=_("Anonymous, unnamed, false-name or no-address: not resolved."),
        )  # fmt: skip
    return party_case


@transaction.atomic
def party_accept(
    *,
    party_case: PartyCase,
    actor: Actor,
    accepted_on: dt.date | None = None,
    expected_version: int | None = None,
) -> PartyCase:
    """The head accepts the party case for resolution: the time limit of the rule in force
    (from receipt, QĐ 22-QĐ/TW Art. 20 as reported; unverified), and the acceptance notice to
    the denouncer in the party format (restricted: it names them)."""
    PARTY_WORKFLOW.check(actor, "accept", party_case)
    _require_head(actor, party_case)
    day = accepted_on or calendar.today_local()
    _not_future(day, _("The acceptance date"))
    if day < party_case.received_on:
        raise CaseError(_("A letter cannot be accepted before it was received."))
    rule = deadlines.rule_in_effect(_resolution_rule_key(party_case.unit), party_case.received_on)
    due = deadlines.due_date(rule, party_case.received_on)
    party_case = PARTY_WORKFLOW.transition(
        party_case, to=PartyCaseStatus.ACCEPTED, key="accept", actor=actor,
        changes={"accepted_on": day, "accepted_by": acting_user(actor), "due_rule": rule,
                 "due_on": due},
        expected_version=expected_version, audit_extra={"rule": rule.pk},
    )  # fmt: skip
    letter = party_case.letter
    context = (
        paperwork.letter_context(letter, with_addressee=True)
        | _party_context(party_case)
        | {
            "accepted_on": paperwork.fmt(day),
            "due_on": paperwork.fmt(due),
            # The party rules the body resolves under, not only the time limit's article.
            "legal_basis": legal_basis(legal_bases.PARTY, day),
        }
    )
    document = paperwork.issue(
        letter=letter, key="letters.party_acceptance", context=context, actor=actor,
        target=party_case, addressed_to_citizen=True, signer=party_signer(party_case, actor),
    )  # fmt: skip
    PartyCase.objects.filter(pk=party_case.pk).update(acceptance_document=document)
    Letter.objects.filter(pk=letter.pk).update(handling_document=document)
    messaging.letter_step(
        letter,
        event="letters.party_case.accepted",
        step=gettext_noop(
            "Your letter was accepted for resolution by the party body on %(date)s. It is due "
            "by %(due)s."
        ),
        params={"date": paperwork.fmt(day), "due": paperwork.fmt(due)},
    )
    party_case.refresh_from_db()
    return party_case


def _record(
    party_case: PartyCase, key: str, to: str, actor: Actor, note: str, recorded_on: dt.date,
    expected_version: int | None,
) -> PartyCase:  # fmt: skip
    PARTY_WORKFLOW.check(actor, key, party_case)
    if not note.strip():
        raise CaseError(_("Write what was done with the information."))
    _not_future(recorded_on, _("The date"))
    return PARTY_WORKFLOW.transition(
        party_case, to=to, key=key, actor=actor, reason=note.strip(),
        changes={"inspection_note": note.strip(), "inspection_recorded_on": recorded_on},
        expected_version=expected_version,
    )  # fmt: skip


@transaction.atomic
def party_use_for_inspection(
    *,
    party_case: PartyCase,
    actor: Actor,
    note: str,
    recorded_on: dt.date,
    expected_version: int | None = None,
) -> PartyCase:
    """Record that the information served as input to an inspection on signs of a violation
    ("khi có dấu hiệu vi phạm", QĐ 296-QĐ/TW Art. 19 [S, weak])."""
    return _record(
        party_case, "use_for_inspection", PartyCaseStatus.USED, actor, note, recorded_on,
        expected_version,
    )  # fmt: skip


@transaction.atomic
def party_file(
    *,
    party_case: PartyCase,
    actor: Actor,
    note: str,
    recorded_on: dt.date,
    expected_version: int | None = None,
) -> PartyCase:
    """File the information (no sign of a violation, or nothing concrete)."""
    return _record(
        party_case, "file", PartyCaseStatus.FILED, actor, note, recorded_on, expected_version
    )


@transaction.atomic
def party_verify(
    *,
    party_case: PartyCase,
    actor: Actor,
    team: str,
    started_on: dt.date | None = None,
    expected_version: int | None = None,
) -> PartyCase:
    """The head decides the verification: who verifies, from when."""
    PARTY_WORKFLOW.check(actor, "verify", party_case)
    _require_head(actor, party_case)
    day = started_on or calendar.today_local()
    _not_future(day, _("The start date"))
    if not team.strip():
        raise CaseError(_("Name who verifies the content."))
    if party_case.accepted_on is not None and day < party_case.accepted_on:
        raise CaseError(_("The verification cannot start before the case was accepted."))
    return PARTY_WORKFLOW.transition(
        party_case, to=PartyCaseStatus.VERIFYING, key="verify", actor=actor,
        changes={"verification_team": team.strip(), "verification_started_on": day},
        expected_version=expected_version,
    )  # fmt: skip


@transaction.atomic
def party_note_add(
    *,
    party_case: PartyCase,
    actor: Actor,
    occurred_on: dt.date,
    text: str,
    expected_version: int | None = None,
) -> PartyCaseNote:
    """A verification note on a party case."""
    PARTY_WORKFLOW.check(actor, "note", party_case)
    if not text.strip():
        raise CaseError(_("Write what was found or said."))
    _not_future(occurred_on, _("The date"))
    PARTY_WORKFLOW.claim(party_case, expected_version=expected_version)
    note = PartyCaseNote.objects.create(
        party_case=party_case, occurred_on=occurred_on, text=text.strip(),
        author=acting_user(actor),
    )  # fmt: skip
    audit.record(
        action=AuditAction.PARTY_CASE_CHANGED, actor=actor, target=party_case,
        extra={"note": note.pk},
    )  # fmt: skip
    return note


@transaction.atomic
def party_conclude(
    *,
    party_case: PartyCase,
    actor: Actor,
    findings: str,
    conclusion: str,
    discipline: str,
    concluded_on: dt.date | None = None,
    expected_version: int | None = None,
) -> PartyCase:
    """The head concludes: the findings, the conclusion and a discipline proposal (or none),
    issued as a conclusion in the party format. It names the member concluded on, never the
    denouncer."""
    PARTY_WORKFLOW.check(actor, "conclude", party_case)
    _require_head(actor, party_case)
    day = concluded_on or calendar.today_local()
    _not_future(day, _("The conclusion date"))
    errors = []
    if not findings.strip():
        errors.append(_("Write what the verification found."))
    if not conclusion.strip():
        errors.append(_("Write the conclusion."))
    if discipline not in DisciplineMeasure.values:
        errors.append(_("Choose a discipline proposal, or none."))
    if errors:
        raise CaseError(" ".join(errors), extra={"errors": errors})
    party_case = PARTY_WORKFLOW.transition(
        party_case, to=PartyCaseStatus.CONCLUDED, key="conclude", actor=actor,
        changes={"findings": findings.strip(), "conclusion": conclusion.strip(),
                 "discipline": discipline, "concluded_on": day},
        expected_version=expected_version, audit_extra={"discipline": discipline},
    )  # fmt: skip
    with translation.override(paperwork.DOCUMENT_LANGUAGE):
        proposed = (
            _("No discipline is proposed.")
            if discipline == DisciplineMeasure.NONE
            else _("Discipline by %(measure)s is proposed.")
            % {"measure": str(DisciplineMeasure(discipline).label).lower()}
        )
    context = _party_context(party_case) | {
        "verification_team": party_case.verification_team or party_case.unit.name,
        "findings": party_case.findings,
        "conclusion": party_case.conclusion,
        "discipline": proposed,
        "legal_basis": legal_basis(legal_bases.PARTY, day),
    }
    document = paperwork.issue(
        letter=party_case.letter, key="letters.party_conclusion", context=context, actor=actor,
        target=party_case, addressed_to_citizen=False, signer=party_signer(party_case, actor),
    )  # fmt: skip
    PartyCase.objects.filter(pk=party_case.pk).update(conclusion_document=document)
    party_case.refresh_from_db()
    return party_case


@transaction.atomic
def party_discipline(
    *,
    party_case: PartyCase,
    actor: Actor,
    measure: str,
    text: str,
    decided_on: dt.date | None = None,
    expected_version: int | None = None,
) -> PartyCase:
    """The head issues the discipline decision the conclusion proposed (party format); the
    member may complain within one month of receiving it (Điều lệ Đảng Art. 39 [S]): the last
    day is stored from the rule in force."""
    PARTY_WORKFLOW.check(actor, "discipline", party_case)
    _require_head(actor, party_case)
    day = decided_on or calendar.today_local()
    _not_future(day, _("The decision date"))
    if measure not in DisciplineMeasure.values or measure == DisciplineMeasure.NONE:
        raise CaseError(_("Choose the form of discipline."))
    rule = deadlines.rule_in_effect(RuleKey.PARTY_DISCIPLINE_COMPLAINT, day)
    until = deadlines.due_date(rule, day)
    party_case = PARTY_WORKFLOW.update(
        party_case, actor=actor, action=AuditAction.PARTY_CASE_CHANGED,
        changes={"discipline": measure, "discipline_decided_on": day,
                 "discipline_text": text.strip(), "complaint_rule": rule,
                 "complaint_until": until},
        expected_version=expected_version, extra={"discipline": measure, "rule": rule.pk},
        fields=["discipline", "discipline_decided_on", "complaint_until"],
    )  # fmt: skip
    conclusion = party_case.conclusion_document
    paperwork.require_issued(conclusion, _("the conclusion, whose number the decision cites"))
    with translation.override(paperwork.DOCUMENT_LANGUAGE):
        label = str(DisciplineMeasure(measure).label).lower()
    context = _party_context(party_case) | {
        "conclusion_number": conclusion.symbol if conclusion is not None else "",
        "measure": label,
        "discipline_text": party_case.discipline_text,
        "complaint_until": paperwork.fmt(until),
        "legal_basis": legal_basis(legal_bases.PARTY, day),
    }
    document = paperwork.issue(
        letter=party_case.letter, key="letters.party_discipline", context=context,
        actor=actor, target=party_case, addressed_to_citizen=False,
        signer=party_signer(party_case, actor),
    )  # fmt: skip
    PartyCase.objects.filter(pk=party_case.pk).update(discipline_document=document)
    party_case.refresh_from_db()
    return party_case


@transaction.atomic
def party_close(
    *, party_case: PartyCase, actor: Actor, sent_on: dt.date, expected_version: int | None = None
) -> PartyCase:
    """Record that the conclusion (and the discipline decision) was sent."""
    PARTY_WORKFLOW.check(actor, "close", party_case)
    _not_future(sent_on, _("The date"))
    if party_case.concluded_on is not None and sent_on < party_case.concluded_on:
        raise CaseError(_("The conclusion cannot be sent before it was issued."))
    paperwork.require_issued(party_case.conclusion_document, _("the conclusion"))
    paperwork.require_issued(party_case.discipline_document, _("the discipline decision"))
    party_case = PARTY_WORKFLOW.transition(
        party_case, to=PartyCaseStatus.CLOSED, key="close", actor=actor,
        changes={"sent_on": sent_on}, expected_version=expected_version,
    )  # fmt: skip
    messaging.letter_step(
        party_case.letter,
        event="letters.party_case.closed",
        step=gettext_noop("The party body has concluded on your letter (%(date)s)."),
        params={"date": paperwork.fmt(sent_on)},
    )
    return party_case


@transaction.atomic
def party_link_state_case(
    *,
    party_case: PartyCase,
    actor: Actor,
    case_number: str,
    expected_version: int | None = None,
) -> PartyCase:
    """Link the state case on the same facts (a party member who is also a civil servant: each
    track goes on its own). The state case is named by its number; an empty number removes the
    link."""
    PARTY_WORKFLOW.check(actor, "link", party_case)
    number = case_number.strip()
    state_case: Case | None = None
    if number:
        found = list(Case.objects.filter(number=number)[:2])
        if not found:
            raise CaseError(_("No state case has the number %(number)s.") % {"number": number})
        if len(found) > 1:
            raise CaseError(
                _("Several state cases have the number %(number)s: ask the state body which.")
                % {"number": number}
            )
        state_case = found[0]
    return PARTY_WORKFLOW.update(
        party_case, actor=actor, action=AuditAction.PARTY_CASE_CHANGED,
        changes={"state_case": state_case}, expected_version=expected_version,
        extra={"state_case": state_case.pk if state_case is not None else None},
    )  # fmt: skip


@transaction.atomic
def case_inform_party(
    *,
    case: Case,
    actor: Actor,
    measure: str,
    measure_on: dt.date,
    informed_on: dt.date,
    party_unit: Unit | None = None,
    party_body: str = "",
    reference: str = "",
    expected_version: int | None = None,
) -> PartyNotification:
    """A state body records that it informed the managing party organisation of a suspension
    or a discipline of an official who is a party member, with the time limit of the rule in
    force (QĐ 296-QĐ/TW Art. 8(5) as reported: 5 days; unverified). A late notice is recorded
    as late, not refused."""
    CASE_WORKFLOW.check(actor, "inform_party", case)
    errors = []
    if measure not in StateMeasure.values:
        errors.append(_("Choose the measure taken."))
    if party_unit is None and not party_body.strip():
        errors.append(_("Name the managing party organisation."))
    if informed_on < measure_on:
        errors.append(_("The notice cannot come before the measure."))
    if informed_on > calendar.today_local():
        errors.append(_("The date of the notice cannot be in the future."))
    if errors:
        raise CaseError(" ".join(errors), extra={"errors": errors})
    rule = deadlines.rule_in_effect(RuleKey.PARTY_STATE_INFORMS, measure_on)
    CASE_WORKFLOW.claim(case, expected_version=expected_version)
    notification = PartyNotification.objects.create(
        case=case, party_unit=party_unit, party_body=party_body.strip()[:255], measure=measure,
        measure_on=measure_on, informed_on=informed_on, due_rule=rule,
        due_on=deadlines.due_date(rule, measure_on), reference=reference.strip()[:255],
        recorded_by=acting_user(actor),
    )  # fmt: skip
    audit.record(
        action=AuditAction.PARTY_INFORMED, actor=actor, target=case,
        extra={"notification": notification.pk, "rule": rule.pk, "on_time": notification.on_time},
    )  # fmt: skip
    return notification


# -- the head's decisions, made directly or approved (``services.decisions``) ------------------


def _date(value: object) -> dt.date | None:
    from danvan.letters.services.decisions import _date as decode

    return decode(value)


def _accept_runner(
    pc: PartyCase, actor: Actor, a: Mapping[str, object], version: int | None
) -> PartyCase:
    return party_accept(
        party_case=pc, actor=actor, accepted_on=_date(a.get("accepted_on")),
        expected_version=version,
    )  # fmt: skip


def _verify_runner(
    pc: PartyCase, actor: Actor, a: Mapping[str, object], version: int | None
) -> PartyCase:
    return party_verify(
        party_case=pc, actor=actor, team=str(a.get("team") or ""),
        started_on=_date(a.get("started_on")), expected_version=version,
    )  # fmt: skip


def _conclude_runner(
    pc: PartyCase, actor: Actor, a: Mapping[str, object], version: int | None
) -> PartyCase:
    return party_conclude(
        party_case=pc, actor=actor, findings=str(a.get("findings") or ""),
        conclusion=str(a.get("conclusion") or ""), discipline=str(a.get("discipline") or ""),
        concluded_on=_date(a.get("concluded_on")), expected_version=version,
    )  # fmt: skip


def _discipline_runner(
    pc: PartyCase, actor: Actor, a: Mapping[str, object], version: int | None
) -> PartyCase:
    return party_discipline(
        party_case=pc, actor=actor, measure=str(a.get("measure") or ""),
        text=str(a.get("text") or ""), decided_on=_date(a.get("decided_on")),
        expected_version=version,
    )  # fmt: skip


def register_runners() -> None:
    """Register the party track's decisions with ``services.decisions`` (from ``ready()``)."""
    from danvan.letters.services import decisions

    decisions.register(PartyCase, "accept", _accept_runner)
    decisions.register(PartyCase, "verify", _verify_runner)
    decisions.register(PartyCase, "conclude", _conclude_runner)
    decisions.register(PartyCase, "discipline", _discipline_runner)
