"""Classifying a letter and handling it once: accept (opening a case), not accept with the legal
ground, forward once to the competent body, guide once, archive (lưu đơn), split mixed
content, or send anonymous denunciation content down its own route (DOMAIN.md §1.5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.accounts.actors import acting_user
from danvan.core import calendar
from danvan.core.actors import SYSTEM, Actor
from danvan.core.sequences import next_number, series_key
from danvan.core.text import fold
from danvan.letters import deadlines, legal_bases, policies, resolvers
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import (
    GROUNDS_BY_KIND,
    PROTECTED_KINDS,
    AnonymousOutcome,
    Channel,
    Competence,
    Complexity,
    ContestedKind,
    DenouncedStanding,
    IneligibilityGround,
    LetterKind,
)
from danvan.letters.errors import HandlingError
from danvan.letters.models import (
    Case,
    Letter,
    Signer,
    SignerKey,
)
from danvan.letters.protection import letter_identity
from danvan.letters.redaction import contains_identity
from danvan.letters.search_index import index_signer_names, search_text
from danvan.letters.services import complaints, messaging, paperwork
from danvan.letters.services.intake import protected_texts, unique_tracking_code
from danvan.letters.services.staff_notices import notify_assigned
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.letters.workflows import CASE_WORKFLOW, FORWARDED_ONCE, LETTER_WORKFLOW
from danvan.organizations import selectors as org_selectors
from danvan.organizations.matters import MatterType
from danvan.organizations.models import Field, Unit
from danvan.workflow.rules import legal_basis

CASE_KIND_ABBREVIATIONS = {
    LetterKind.COMPLAINT: "KN",
    LetterKind.DENUNCIATION: "TC",
    LetterKind.PETITION: "KNg",
    LetterKind.FEEDBACK: "PA",
}


#: Kinds sent on to the competent body, each with a forwarding time limit in the rule table;
#: a complaint outside competence gets guidance instead (Luật Tiếp công dân Art. 26).
FORWARDED_KINDS = frozenset({LetterKind.FEEDBACK, LetterKind.PETITION, LetterKind.DENUNCIATION})


def identity_strings(letter: Letter) -> list[str]:
    return letter_identity(letter)


def propose_unit(
    letter: Letter,
    *,
    kind: str | None = None,
    matter: str | None = None,
    field: Field | None = None,
    about_unit: Unit | None = None,
    data: Classification | None = None,
) -> Unit | None:
    """The unit competent for the letter on the day it was received.

    A complaint or a denunciation that names what it is about goes to the body the law names
    (``resolvers.resolving_unit``: the issuer of the decision, the managing body, or the body
    above for a head, a deputy head or the body itself), before any field or area. Otherwise the
    units' competences decide by kind, matter, field and area, most specific first.
    """
    the_kind = kind or letter.kind
    if the_kind == LetterKind.MIXED:
        return None
    target = about_unit if about_unit is not None else letter.about_unit
    if target is not None and the_kind in {LetterKind.COMPLAINT, LetterKind.DENUNCIATION}:
        found = resolvers.resolving_unit(
            kind=the_kind,
            about_unit=target,
            on=letter.received_on,
            contested_kind=data.contested_kind if data is not None else letter.contested_kind,
            denounced_standing=(
                data.denounced_standing if data is not None else letter.denounced_standing
            ),
            denounced_user_id=(
                data.denounced_user.pk
                if data is not None and data.denounced_user is not None
                else letter.denounced_user_id
            ),
        )
        if found.unit is not None:
            return found.unit
    units = org_selectors.competent_units(
        the_kind,
        matter or letter.matter,
        field if field is not None else letter.field,
        letter.province,
        letter.ward,
        on=letter.received_on,
    )
    return units[0] if units else None


def _competence_of(letter: Letter, unit: Unit | None) -> str:
    if unit is None:
        return Competence.OTHER
    if unit.pk == letter.unit_id:
        return Competence.OWN
    if unit.pk in org_selectors.descendant_ids([letter.unit_id], letter.received_on):
        return Competence.LOWER
    return Competence.OTHER


@dataclass
class Classification:
    kind: str
    matter: str = MatterType.STATE
    field: Field | None = None
    about: str = ""
    about_unit: Unit | None = None
    summary: str = ""
    competent_unit: Unit | None = None
    competent_body: str = ""
    override_reason: str = ""
    eligible: bool | None = True
    ineligibility_ground: str = ""
    anonymous: bool = False
    pseudonymous: bool = False
    sent_to_several: bool = False
    several_places: bool = False  # a denunciation whose initial checks span several places
    content_redacted: str | None = None
    # What a complaint is about, or whom a denunciation is about (DOMAIN.md §12.1).
    contested_kind: str = ""
    contested_number: str = ""
    contested_date: dt.date | None = None
    contested_issuer: str = ""
    denounced_name: str = ""
    denounced_position: str = ""
    denounced_standing: str = ""
    denounced_user: Any = None
    # A further denunciation about a concluded case (Luật Tố cáo Art. 37).
    repeat_of_case: Case | None = None
    # The time bar of a complaint (Luật Khiếu nại Arts. 9, 48).
    learned_on: dt.date | None = None
    excused_days: int = 0
    excused_reason: str = ""
    dismissal: bool = False


def letter_classify(
    *, letter: Letter, actor: Actor, data: Classification, expected_version: int | None = None
) -> Letter:
    """Record the classification of every axis (DOMAIN.md §1.5) and recompute the deadline.

    Raises ``HandlingError`` for an inconsistent classification, ``PermissionDenied``,
    ``InvalidTransitionError`` or ``StaleObjectError``.
    """
    LETTER_WORKFLOW.check(actor, "classify", letter)
    errors: list[str] = []
    if data.kind not in LetterKind.values:
        errors.append(_("Choose the kind of letter."))
    if data.matter not in MatterType.values:
        errors.append(_("Choose whether it is a party or a state matter."))
    ground = data.ineligibility_ground
    if ground and ground not in IneligibilityGround.values:
        errors.append(_("Choose a legal ground from the list."))
    if ground and data.kind in GROUNDS_BY_KIND and ground not in GROUNDS_BY_KIND[data.kind]:
        errors.append(_("This ground does not apply to this kind of letter."))
    if data.eligible is False and not ground:
        errors.append(_("A letter that is not eligible needs its legal ground."))
    if data.contested_kind and data.contested_kind not in ContestedKind.values:
        errors.append(_("Choose what the complaint is about from the list."))
    if data.denounced_standing and data.denounced_standing not in DenouncedStanding.values:
        errors.append(_("Choose who is denounced from the list."))
    if data.learned_on is not None and data.learned_on > letter.received_on:
        errors.append(_("The complainant cannot learn of the decision after complaining of it."))
    if data.excused_days < 0:
        errors.append(_("The days excused cannot be negative."))
    if data.excused_days and not data.excused_reason.strip():
        errors.append(
            _("Say which objective obstacle kept the complainant from complaining (Art. 9).")
        )
    proposal = propose_unit(
        letter,
        kind=data.kind,
        matter=data.matter,
        field=data.field,
        about_unit=data.about_unit,
        data=data,
    )
    repeat = data.repeat_of_case if data.kind == LetterKind.DENUNCIATION else None
    if repeat is not None:
        # A further denunciation goes to the head above the one who resolved it (Art. 37(1)).
        if repeat.kind != LetterKind.DENUNCIATION or repeat.status not in {
            CaseStatus.DECIDED,
            CaseStatus.CLOSED,
        }:
            errors.append(_("A further denunciation is about a concluded denunciation case."))
        proposal = resolvers.superior_of(repeat.unit, letter.received_on)
    chosen = data.competent_unit
    if chosen is None and not data.competent_body.strip():
        chosen = proposal
    if (
        chosen is not None
        and proposal is not None
        and chosen.pk != proposal.pk
        and not data.override_reason.strip()
    ):
        errors.append(
            _("The proposed competent unit is %(unit)s: give a reason to choose another.")
            % {"unit": proposal.name}
        )
    identity = identity_strings(letter)
    # Once a letter held denunciation content, no change of kind lifts its protection.
    protected = letter.identity_protected or data.kind in PROTECTED_KINDS
    if protected and data.summary and contains_identity(data.summary, identity):
        errors.append(_("The summary names a denouncer: remove the name and contact details."))
    redacted = letter.content_redacted
    if data.content_redacted is not None and data.content_redacted.strip():
        redacted = data.content_redacted.strip()
        if contains_identity(redacted, identity):
            errors.append(_("The copy without identity still contains a signer's details."))
    if errors:
        raise HandlingError(" ".join(errors), extra={"errors": errors})

    is_complaint = data.kind == LetterKind.COMPLAINT
    time_bar = {
        "learned_on": data.learned_on if is_complaint else None,
        "excused_days": max(data.excused_days, 0) if is_complaint else 0,
        "excused_reason": data.excused_reason.strip()[:500] if is_complaint else "",
        "dismissal": data.dismissal and data.contested_kind == ContestedKind.DISCIPLINE,
    }
    for name, value in time_bar.items():
        setattr(letter, name, value)
    letter.kind, letter.contested_kind = data.kind, data.contested_kind
    # A complaint past its time bar, after the days excused, cannot be accepted: it is refused on
    # the ground of Art. 11(6) (Luật Khiếu nại Art. 9).
    if complaints.time_barred(letter) and data.eligible is not False:
        data.eligible, ground = False, IneligibilityGround.KN_TIME_BARRED.value
    competence = _competence_of(letter, chosen) if chosen is not None else Competence.OTHER
    rule_key = deadlines.processing_rule_key(data.kind)
    if competence != Competence.OWN and data.kind in FORWARDED_KINDS:
        rule_key = f"forward.{data.kind}"
    if repeat is not None and competence == Competence.OWN:
        rule_key = "review.denunciation"
    rule = deadlines.rule_in_effect(rule_key, letter.received_on)
    complexity = Complexity.COMPLEX if data.several_places else Complexity.NORMAL
    due = deadlines.due_date(rule, letter.received_on, complexity=complexity)
    subject, _auto, search = protected_texts(protected, letter.subject, letter.content, identity)
    if protected:
        search = fold(f"{subject} {redacted}")
    search = search_text(
        subject=search,
        body="",
        place=letter.place,
        about=data.about.strip()[:255],
        denounced_name=data.denounced_name.strip()[:150],
        about_unit=data.about_unit.name if data.about_unit is not None else "",
    )
    changes: dict[str, Any] = {
        "subject": subject,
        "search_folded": search,
        "protected": letter.protected or data.kind == LetterKind.DENUNCIATION,
        "kind": data.kind,
        "matter": data.matter,
        "field": data.field,
        "about": data.about.strip()[:255],
        "about_unit": data.about_unit,
        "contested_kind": data.contested_kind if data.kind == LetterKind.COMPLAINT else "",
        "contested_number": data.contested_number.strip()[:60],
        "contested_date": data.contested_date,
        "contested_issuer": data.contested_issuer.strip()[:255],
        "denounced_name": data.denounced_name.strip()[:150],
        "denounced_position": data.denounced_position.strip()[:150],
        "denounced_standing": (
            data.denounced_standing if data.kind == LetterKind.DENUNCIATION else ""
        ),
        "denounced_user": data.denounced_user if data.kind == LetterKind.DENUNCIATION else None,
        "summary": data.summary.strip()[:500],
        "competence": competence,
        "proposed_unit": proposal,
        "competent_unit": chosen,
        "competent_body": data.competent_body.strip()[:255],
        "routing_override_reason": data.override_reason.strip()[:500],
        "eligible": data.eligible,
        "ineligibility_ground": ground,
        "anonymous": data.anonymous or letter.anonymous,
        "pseudonymous": data.pseudonymous,
        "sent_to_several": data.sent_to_several,
        "repeat_of_case": repeat,
        "above_level": competence == Competence.LOWER,
        "content_redacted": redacted,
        "due_on": due,
        "due_rule": rule,
        "classified_at": timezone.now(),
        **time_bar,
    }
    return LETTER_WORKFLOW.transition(
        letter,
        to=LetterStatus.CLASSIFIED,
        key="classify",
        actor=actor,
        changes=changes,
        expected_version=expected_version,
        public=letter.status == LetterStatus.RECEIVED,
        audit_extra={
            "kind": data.kind,
            "competence": competence,
            "ground": ground,
            "rule": rule.pk,
        },
    )


def _require_classified(letter: Letter) -> None:
    if letter.status != LetterStatus.CLASSIFIED:
        raise HandlingError(_("Classify the letter before handling it."))


def _ensure_not_duplicate_handled(letter: Letter, new_facts: bool) -> None:
    if letter.duplicate_of_id is None or new_facts:
        return
    earlier = letter.duplicate_of
    if earlier is not None and earlier.status not in {
        LetterStatus.RECEIVED,
        LetterStatus.CLASSIFIED,
    }:
        raise HandlingError(
            _(
                "The same content (letter %(number)s) was already handled. File this letter, "
                "unless it brings new facts or evidence."
            )
            % {"number": earlier.register_label}
        )


def _case_rule_key(letter: Letter, round_: int) -> str:
    if complaints.is_discipline(letter):
        return f"resolution.discipline.{round_}"
    if letter.kind == LetterKind.COMPLAINT:
        return f"resolution.complaint.{round_}"
    return f"resolution.{letter.kind}"


@transaction.atomic
def letter_accept(
    *,
    letter: Letter,
    actor: Actor,
    accepted_on: dt.date | None = None,
    resolver: Any = None,
    previous_case: Case | None = None,
    new_facts: bool = False,
    expected_version: int | None = None,
) -> Case:
    """Accept (thụ lý) the letter: open its case with the resolution deadline from the rule in
    force on the day of acceptance, issue the acceptance notice and tell the citizen.

    A second-time complaint names the first-time ``previous_case``: it must arrive within that
    case's window (Luật Khiếu nại Art. 33) and be accepted by a unit above the first one.
    """
    LETTER_WORKFLOW.require_power(actor, "accept", letter)
    policies.require_decider(actor, letter)
    _require_classified(letter)
    today = calendar.today_local()
    day = accepted_on or today
    errors: list[str] = []
    if day > today:
        errors.append(_("The acceptance date cannot be in the future."))
    if day < letter.received_on:
        errors.append(_("A letter cannot be accepted before it was received."))
    errors.extend(LETTER_WORKFLOW.guard_failures("accept", letter))
    round_ = 1
    if letter.repeat_of_case_id is not None and previous_case is None:
        errors.append(_("Review the further denunciation before resolving it again."))
    if previous_case is not None and letter.kind == LetterKind.DENUNCIATION:
        from danvan.letters.services.denunciations import check_re_resolution

        errors.extend(check_re_resolution(letter, previous_case, day))
        round_ = 2
    elif previous_case is not None:
        if letter.kind != LetterKind.COMPLAINT or previous_case.kind != LetterKind.COMPLAINT:
            errors.append(_("Only a complaint can follow a first-time complaint decision."))
        elif previous_case.round != 1:
            errors.append(_("A second-time decision is final in the administrative procedure."))
        else:
            window_end = second_complaint_deadline(previous_case)
            if window_end is None:
                errors.append(_("The first-time case is still within its resolution period."))
            elif letter.received_on > window_end:
                errors.append(
                    _("The time for a second complaint ended on %(date)s.")
                    % {"date": window_end.strftime("%d/%m/%Y")}
                )
            if letter.unit_id not in org_selectors.ancestor_ids([previous_case.unit_id], day):
                errors.append(_("A second-time complaint is resolved by the superior level."))
            if Case.objects.filter(previous=previous_case).exists():
                errors.append(_("A second-time complaint on this case is already open."))
        round_ = 2
    elif complaints.time_barred(letter):
        end = complaints.time_bar_end(letter)
        errors.append(
            _(
                "The time to complain ended on %(date)s (Luật Khiếu nại Art. 9, after the days "
                "excused): refuse the complaint on the ground of Art. 11(6)."
            )
            % {"date": paperwork.fmt(end)}
        )
    if errors:
        raise HandlingError(" ".join(errors), extra={"errors": errors})
    # A second-time complaint repeats the first one by nature: it is not a duplicate.
    _ensure_not_duplicate_handled(letter, new_facts or previous_case is not None)

    rule = deadlines.rule_in_effect(_case_rule_key(letter, round_), day)
    due = deadlines.due_date(rule, day, remote=letter.remote_area)
    year = day.year
    seq = next_number(series_key("cases", letter.unit_id, year))
    abbr = CASE_KIND_ABBREVIATIONS.get(LetterKind(letter.kind), "DT")
    letter = LETTER_WORKFLOW.transition(
        letter,
        to=LetterStatus.ACCEPTED,
        key="accept",
        actor=actor,
        changes={"handled_on": day},
        expected_version=expected_version,
        audit_extra={"round": round_},
    )
    case = Case.objects.create(
        letter=letter,
        unit=letter.unit,
        kind=letter.kind,
        round=round_,
        previous=previous_case,
        number=f"{seq:02d}/{year}/{abbr}",
        accepted_on=day,
        accepted_by=acting_user(actor),
        resolver=resolver or acting_user(actor),
        remote_area=letter.remote_area,
        due_rule=rule,
        due_on=due,
    )
    CASE_WORKFLOW.start(
        case,
        actor=actor,
        action=AuditAction.CASE_OPENED,
        extra={"letter": letter.pk, "rule": rule.pk, "round": round_},
    )
    # The head named to resolve it (when not the one accepting) is told the case is theirs.
    notify_assigned(case, [case.resolver_id], "resolver:opened", actor)
    if letter.kind == LetterKind.DENUNCIATION:
        # A decision, with its two notices (Luật Tố cáo Art. 29(1)-(3); NĐ 31/2019 Art. 9).
        from danvan.letters.services.denunciations import acceptance_steps

        document = acceptance_steps(case, actor)
    else:
        context = paperwork.letter_context(letter, with_addressee=True)
        # The notice cites what accepting is (Luật Khiếu nại Art. 27, or 36 the second time),
        # not the time limit of the resolution.
        basis = legal_bases.acceptance_key(
            discipline=complaints.is_discipline(letter), round_=round_
        )
        context |= paperwork.case_context(case) | {"legal_basis": legal_basis(basis, day)}
        document = paperwork.issue(
            letter=letter,
            # A disciplinary complaint's acceptance goes to the complainant only (TT 07/2013
            # Art. 5).
            key="letters.acceptance_discipline"
            if complaints.is_discipline(letter)
            else "letters.acceptance",
            context=context,
            actor=actor,
            target=case,
            addressed_to_citizen=True,
        )
    Letter.objects.filter(pk=letter.pk).update(handling_document=document)
    messaging.letter_step(
        letter,
        event="letters.letter.accepted",
        step=gettext_noop(
            "Your letter was accepted for resolution on %(date)s. It is due by %(due)s."
        ),
        params={"date": paperwork.fmt(day), "due": paperwork.fmt(due)},
    )
    return case


def second_complaint_deadline(case: Case) -> dt.date | None:
    """The last day to file a second-time complaint after ``case``: 30 days (45 in remote areas)
    from the complainant's receipt of the decision, or from the first-time deadline expiring
    without one (Luật Khiếu nại Art. 33; Art. 48 for a disciplinary decision)."""
    if case.appeal_until is not None:
        return case.appeal_until
    today = calendar.today_local()
    if case.status in {CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED} and case.due_on < today:
        rule = deadlines.rule_in_effect(complaints.appeal_rule_key(case), case.due_on)
        return deadlines.due_date(rule, case.due_on, remote=case.remote_area)
    return None


@transaction.atomic
def letter_not_accept(
    *,
    letter: Letter,
    actor: Actor,
    ground: str,
    note: str = "",
    expected_version: int | None = None,
) -> Letter:
    """Not accept (không thụ lý) the letter, naming the legal ground; the citizen is told why."""
    LETTER_WORKFLOW.require_power(actor, "not_accept", letter)
    policies.require_decider(actor, letter)
    _require_classified(letter)
    LETTER_WORKFLOW.require_guards("not_accept", letter)
    allowed = GROUNDS_BY_KIND.get(letter.kind, tuple(IneligibilityGround))
    if ground not in allowed:
        raise HandlingError(_("Choose a legal ground that applies to this kind of letter."))
    label = IneligibilityGround(ground).label
    letter = LETTER_WORKFLOW.transition(
        letter,
        to=LetterStatus.NOT_ACCEPTED,
        key="not_accept",
        actor=actor,
        reason=note,
        changes={
            "ineligibility_ground": ground,
            "eligible": False,
            "handled_on": calendar.today_local(),
            "handling_note": note,
        },
        expected_version=expected_version,
        audit_extra={"ground": ground},
    )
    if not letter.anonymous:
        paperwork.issue_letter_notice(
            letter=letter,
            key="letters.non_acceptance",
            values={"ground": paperwork.vi(label), "legal_basis": _ground_basis(ground)},
            actor=actor,
            to_citizen=True,
        )
    messaging.letter_step(
        letter,
        event="letters.letter.not_accepted",
        step=gettext_noop("Your letter was not accepted. Ground: %(ground)s (%(basis)s)."),
        params={"ground": label, "basis": _ground_basis(ground)},
    )
    return letter


#: Fields a letter derived from another (its forwarded copy, a part of a split letter) keeps.
_INHERITED_FIELDS = (
    "letter_date", "matter", "field", "about", "about_unit", "province", "ward", "place",
    "latitude", "longitude", "signature_method", "signed", "signer_count", "anonymous",
    "pseudonymous", "publish_consent", "remote_area",
)  # fmt: skip


def _derive_letter(
    source: Letter,
    *,
    actor: Actor,
    unit: Unit,
    received_on: dt.date,
    channel: str,
    kind: str,
    texts: tuple[str, str, str],
    content: str,
    copy_files: bool,
    protected: bool,
    **fields: Any,
) -> Letter:
    """A new letter registered in ``unit``'s register from ``source``: same signers (and their
    keys), same PIN, its own number, tracking code and processing deadline; ``protected`` when
    it carries the source's denunciation content or its denouncer's identity."""
    number = next_number(series_key("letters", unit.pk, received_on.year))
    code = unique_tracking_code()
    rule = deadlines.rule_in_effect(deadlines.processing_rule_key(kind), received_on)
    letter = Letter.objects.create(
        unit=unit,
        register_year=received_on.year,
        register_number=number,
        tracking_code=code,
        pin_hash=source.pin_hash,  # the citizen keeps one PIN
        channel=channel,
        received_on=received_on,
        source_letter=source,
        kind=kind,
        subject=texts[0],
        content=content,
        content_redacted=texts[1],
        search_folded=texts[2],
        due_on=deadlines.due_date(rule, received_on),
        due_rule=rule,
        protected=protected,
        **{name: getattr(source, name) for name in _INHERITED_FIELDS},
        **fields,
    )
    names = []
    for signer in Signer.objects.filter(letter=source):
        signer.pk = None
        signer.letter = letter
        signer.save()
        names.append(signer.full_name)
    index_signer_names(letter, names)
    SignerKey.objects.bulk_create(
        [
            SignerKey(letter=letter, digest=d)
            for d in source.signer_keys.values_list("digest", flat=True)
        ]
    )
    if copy_files:
        for attachment in source.attachments.filter(redacted_copy_of__isnull=True):
            attachment.pk = None
            attachment.letter = letter
            attachment.save()
    LETTER_WORKFLOW.start(
        letter,
        actor=actor,
        history_actor=SYSTEM,
        action=AuditAction.LETTER_RECEIVED,
        extra={"channel": str(channel), "source": source.pk, "rule": rule.pk},
    )
    return letter


def copy_to_unit(
    letter: Letter, unit: Unit, actor: Actor, document_number: str, **fields: Any
) -> Letter:
    """The forwarded copy registered in the competent unit's own register (a forwarded letter,
    or a denunciation the superior takes over, ``services.verification.case_escalate``)."""
    return _derive_letter(
        letter,
        actor=actor,
        unit=unit,
        received_on=calendar.today_local(),
        channel=Channel.FORWARDED,
        kind=letter.kind,
        texts=(letter.subject, letter.content_redacted, letter.search_folded),
        content=letter.content,
        copy_files=True,
        protected=letter.identity_protected,
        forwarded_by_body=letter.unit.name,
        forwarded_by_number=document_number,
        **fields,
    )


@transaction.atomic
def letter_forward(
    *,
    letter: Letter,
    actor: Actor,
    to_unit: Unit | None = None,
    to_body: str = "",
    reason: str = "",
    for_management: bool = False,
    expected_version: int | None = None,
) -> Letter:
    """Forward the letter once to the competent body with a transfer slip (TT 05/2021 Art. 14).

    A complaint outside competence is answered with guidance instead (Luật Tiếp công dân
    Art. 26); a letter with the same content already forwarded is filed, never forwarded again.
    """
    # Anonymous content forwarded for management purposes comes through its own route.
    key = "anonymous" if for_management else "forward"
    LETTER_WORKFLOW.require_power(actor, key, letter)
    policies.require_decider(actor, letter)
    _require_classified(letter)
    if to_unit is None and not to_body.strip():
        raise HandlingError(_("Choose the competent body to forward the letter to."))
    if to_unit is not None and to_unit.pk == letter.unit_id:
        raise HandlingError(_("A letter cannot be forwarded to its own unit."))
    LETTER_WORKFLOW.require_guards(key, letter)
    if for_management and not FORWARDED_ONCE.test(letter):
        raise HandlingError(FORWARDED_ONCE.message_for(letter))
    if for_management and not (letter.anonymous or letter.pseudonymous):
        raise HandlingError(_("Only anonymous information is forwarded for management purposes."))
    changes: dict[str, Any] = {
        "handled_on": calendar.today_local(),
        "handling_note": reason,
        "competent_unit": to_unit,
        "competent_body": (to_unit.name if to_unit is not None else to_body.strip())[:255],
    }
    if for_management:
        changes["anonymous_outcome"] = AnonymousOutcome.FORWARD
    letter = LETTER_WORKFLOW.transition(
        letter,
        to=LetterStatus.FORWARDED,
        key=key,
        actor=actor,
        reason=reason,
        changes=changes,
        expected_version=expected_version,
        audit_extra={"to_unit": to_unit.pk if to_unit is not None else None},
    )
    document = paperwork.issue_letter_notice(
        letter=letter,
        key="letters.transfer",
        values={
            "to_unit": letter.competent_body,
            "reason": reason,
            "legal_basis": _legal_basis_for_forwarding(letter.kind),
        },
        actor=actor,
        to_citizen=False,
    )
    if to_unit is not None:
        copy_to_unit(letter, to_unit, actor, getattr(document, "symbol", ""))
    if not for_management:
        messaging.letter_step(
            letter,
            event="letters.letter.forwarded",
            step=gettext_noop("Your letter was forwarded to the competent body: %(body)s."),
            params={"body": letter.competent_body},
        )
    return letter


def _legal_basis_for_forwarding(kind: str) -> str:
    if kind == LetterKind.DENUNCIATION:
        return legal_basis(legal_bases.FORWARD_DENUNCIATION)
    return legal_basis(legal_bases.FORWARD_OTHER)


def _ground_basis(ground: str) -> str:
    return legal_basis(legal_bases.ground_key(ground))


@transaction.atomic
def letter_guide(
    *,
    letter: Letter,
    actor: Actor,
    guidance: str,
    to_unit: Unit | None = None,
    to_body: str = "",
    expected_version: int | None = None,
) -> Letter:
    """Send a guidance letter naming the competent body; once per person and content
    (TT 05/2021): a later letter with the same content is filed."""
    LETTER_WORKFLOW.require_power(actor, "guide", letter)
    policies.require_decider(actor, letter)
    _require_classified(letter)
    if not guidance.strip():
        raise HandlingError(_("Write the guidance for the citizen."))
    if to_unit is None and not to_body.strip():
        raise HandlingError(_("Name the competent body the citizen should address."))
    LETTER_WORKFLOW.require_guards("guide", letter)
    body = to_unit.name if to_unit is not None else to_body.strip()
    letter = LETTER_WORKFLOW.transition(
        letter,
        to=LetterStatus.GUIDED,
        key="guide",
        actor=actor,
        changes={
            "handled_on": calendar.today_local(),
            "handling_note": guidance.strip(),
            "competent_unit": to_unit,
            "competent_body": body[:255],
        },
        expected_version=expected_version,
    )
    paperwork.issue_letter_notice(
        letter=letter,
        key="letters.guidance",
        values={
            "to_unit": body,
            "guidance": guidance.strip(),
            "legal_basis": legal_basis(legal_bases.GUIDANCE),
        },
        actor=actor,
        to_citizen=True,
    )
    messaging.letter_step(
        letter,
        event="letters.letter.guided",
        step=gettext_noop("We sent you guidance: the competent body is %(body)s."),
        params={"body": body},
    )
    return letter


@transaction.atomic
def letter_archive(
    *, letter: Letter, actor: Actor, reason: str, expected_version: int | None = None
) -> Letter:
    """File (lưu) the letter, e.g. a duplicate without new facts, or one sent to several bodies."""
    LETTER_WORKFLOW.check(actor, "archive", letter)
    policies.require_decider(actor, letter)
    if not reason.strip():
        raise HandlingError(_("Say why the letter is filed."))
    return LETTER_WORKFLOW.transition(
        letter,
        to=LetterStatus.ARCHIVED,
        key="archive",
        actor=actor,
        reason=reason.strip(),
        changes={"handled_on": calendar.today_local(), "handling_note": reason.strip()},
        expected_version=expected_version,
    )


@transaction.atomic
def letter_route_anonymous(
    *,
    letter: Letter,
    actor: Actor,
    outcome: AnonymousOutcome | str,
    reason: str,
    to_unit: Unit | None = None,
    to_body: str = "",
    expected_version: int | None = None,
) -> Letter:
    """Information with denunciation content that is anonymous or in another's name (Luật Tố
    cáo Art. 25): file it, inspect or check it under the unit's own powers, or forward it for
    management purposes. It never becomes a case."""
    LETTER_WORKFLOW.require_power(actor, "anonymous", letter)
    policies.require_decider(actor, letter)
    _require_classified(letter)
    LETTER_WORKFLOW.require_guards("anonymous", letter)
    if not reason.strip():
        raise HandlingError(_("Say why."))
    outcome = AnonymousOutcome(outcome)
    if outcome == AnonymousOutcome.FORWARD:
        return letter_forward(
            letter=letter,
            actor=actor,
            to_unit=to_unit,
            to_body=to_body,
            reason=reason,
            for_management=True,
            expected_version=expected_version,
        )
    target = LetterStatus.ARCHIVED if outcome == AnonymousOutcome.ARCHIVE else LetterStatus.REFERRED
    return LETTER_WORKFLOW.transition(
        letter,
        to=target,
        key="anonymous",
        actor=actor,
        reason=reason.strip(),
        changes={
            "handled_on": calendar.today_local(),
            "handling_note": reason.strip(),
            "anonymous_outcome": outcome,
        },
        expected_version=expected_version,
        public=False,
        audit_extra={"outcome": str(outcome)},
    )


@dataclass
class Part:
    kind: str
    subject: str
    content: str


@transaction.atomic
def letter_split(
    *, letter: Letter, actor: Actor, parts: Sequence[Part], expected_version: int | None = None
) -> list[Letter]:
    """Split a letter with mixed content into separate letters (Luật Tiếp công dân Art. 25(3)),
    each registered with its own number and handled on its own; the citizen keeps the PIN."""
    LETTER_WORKFLOW.check(actor, "split", letter)
    clean = [p for p in parts if p.subject.strip() and p.content.strip()]
    if len(clean) < 2:
        raise HandlingError(
            _("Give at least two parts, each with a kind, a subject and its content.")
        )
    for p in clean:
        if p.kind not in LetterKind.values or p.kind == LetterKind.MIXED:
            raise HandlingError(
                _("Each part must be a feedback, petition, complaint or denunciation.")
            )
    identity = identity_strings(letter)
    # The parts share the signers: when one part is a denunciation, naming the signer on any
    # other part would name the denouncer, so every part is protected.
    protected = any(p.kind == LetterKind.DENUNCIATION for p in clean)
    letter = LETTER_WORKFLOW.transition(
        letter,
        to=LetterStatus.SPLIT,
        key="split",
        actor=actor,
        expected_version=expected_version,
        changes={"handled_on": calendar.today_local(), "protected": protected},
        audit_extra={"parts": len(clean)},
    )
    children: list[Letter] = []
    for p in clean:
        children.append(
            _derive_letter(
                letter,
                actor=actor,
                unit=letter.unit,
                received_on=letter.received_on,
                channel=letter.channel,
                kind=p.kind,
                texts=protected_texts(
                    protected, p.subject.strip()[:255], p.content.strip(), identity
                ),
                content=p.content.strip(),
                copy_files=False,
                protected=protected,
                received_by=letter.received_by,
            )
        )
    return children
