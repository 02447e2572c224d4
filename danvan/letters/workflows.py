"""The declared workflows of letters and cases: their moves, who may make each, on which
conditions, and what the public sees (``danvan.core.gate``).

Pages offer exactly the moves ``available`` returns for the person; the services refuse every
other one through ``check`` (the power, then the conditions, with the same messages the pages
would give). A letter (đơn) is registered, classified and then handled once;
a case (vụ việc) exists only after the letter is accepted (thụ lý), DOMAIN.md §1.5.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.core import calendar
from danvan.core.gate import Guard, Workflow, move
from danvan.documents import selectors as document_selectors
from danvan.letters import case_file, deadlines, running_due, selectors, statistics
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import (
    SIGNED_KINDS,
    SUSPENSION_GROUNDS,
    Competence,
    ContestedKind,
    LetterKind,
    ReviewOutcome,
    grounds_for,
)
from danvan.letters.errors import CaseError, HandlingError
from danvan.letters.models import Case, Letter, LetterStatusChange, RepeatReview
from danvan.letters.party_matters import (
    ANONYMOUS_PARTY_REFUSAL,
    anonymous_party_letter,
    is_party_letter,
)
from danvan.letters.policies import LetterPolicy, decider_ids, deciding_above, deciding_for
from danvan.letters.states import OPEN_CASE_STATUSES, OPEN_LETTER_STATUSES, CaseStatus
from danvan.letters.states import LetterStatus as L
from danvan.workflow.approvals import Approval

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = ["CASE_TRANSITIONS", "CASE_WORKFLOW", "LETTER_TRANSITIONS", "LETTER_WORKFLOW"]

#: What a person and a letter or case may be to each other: the generated permission test
#: walks every move over these.
RELATIONS: Final = ("same_unit", "unit_above", "other_unit", "assigned", "resolver")


def anonymous_denunciation(letter: Letter) -> bool:
    """Denunciation content that is anonymous or in another's name (Luật Tố cáo Art. 25)."""
    return letter.kind == LetterKind.DENUNCIATION and (letter.anonymous or letter.pseudonymous)


#: What a person whose form is out of date reads (of two people acting at once, one succeeds).
STALE_MESSAGE: Final = _(
    "Someone else changed this letter while you were working on it. Reload the page to see "
    "the change, then try again."
)


def _registers(policy: LetterPolicy, letter: Letter) -> bool:
    """Receiving officers and leaders of the letter's unit: whoever may act on its letters."""
    return policy.can_register(letter.unit_id)


def _leads(policy: LetterPolicy, case: Case) -> bool:
    return policy.is_leader(case.unit_id)


def _sends(policy: LetterPolicy, case: Case) -> bool:
    return policy.works_on(case) or policy.can_register(case.unit_id)


def _protected_reader(policy: LetterPolicy, letter: Letter) -> bool:
    return letter.identity_protected and policy.can_view_identity(letter)


def _perform_approved(proposal: object, obj: object, approver: object) -> object:
    # The services import this module: read them when a proposal is approved.
    from danvan.letters.services import decisions

    return decisions.perform_approved(proposal, obj, approver)


def _clean_arguments(arguments: Mapping[str, object]) -> dict[str, object]:
    from danvan.letters.services import decisions

    return decisions.clean_arguments(arguments)


def _superior_deciders(case: Case) -> list[int]:
    """Who decides for the unit directly above the case's (the approvers of a take-over)."""
    from danvan.letters import resolvers

    superior = resolvers.superior_of(case.unit, calendar.today_local())
    return decider_ids(superior.pk if superior is not None else None, case.kind)


#: The head of the letter's unit decides on it (or a deputy head under the head's assignment);
#: the receiving officer proposes, with the draft notice (TT 05/2021 Art. 13, Mẫu 01;
#: DOMAIN.md §12.1d).
HEAD_DECIDES_LETTER: Final = Approval(
    may=lambda user, letter: LetterPolicy(user).decides(letter),
    label=_("the head of the unit (or a deputy head under the head's assignment)"),
    perform=_perform_approved,
    clean=_clean_arguments,
    candidates=lambda letter: decider_ids(letter.unit_id, letter.kind),
    candidate_of=deciding_for,
)
#: The head who resolves the case decides every step of it; the officers working on it propose
#: (Luật Khiếu nại Art. 31(1); Luật Tố cáo Art. 32).
HEAD_DECIDES_CASE: Final = Approval(
    may=lambda user, case: LetterPolicy(user).is_resolver(case),
    label=_("the head who resolves the case (or a deputy head under the head's assignment)"),
    perform=_perform_approved,
    clean=_clean_arguments,
    candidates=lambda case: decider_ids(case.unit_id, case.kind),
    candidate_of=deciding_for,
)

#: The superior's head takes a denunciation over (NĐ 31/2019 Art. 5(1)–(3)): those working on
#: the case propose it, the head of the unit directly above orders it
#: (``services.verification.case_escalate``).
SUPERIOR_DECIDES_CASE: Final = Approval(
    may=lambda user, case: LetterPolicy(user).is_superior_head(case),
    label=_("the head of the superior unit (or a deputy head under the head's assignment)"),
    perform=_perform_approved,
    clean=_clean_arguments,
    candidates=_superior_deciders,
    candidate_of=deciding_above,
)


def _letter_guard(
    test: Callable[[Letter], bool], message: StrOrPromise | Callable[[Letter], str]
) -> Guard[Letter]:
    return Guard(test, message, HandlingError)


def _case_guard(
    test: Callable[[Case], bool], message: StrOrPromise | Callable[[Case], str]
) -> Guard[Case]:
    return Guard(test, message, CaseError)


_NOT_MIXED: Final = _letter_guard(
    lambda letter: letter.kind != LetterKind.MIXED,
    _("Mixed content must be split into separate letters first."),
)

#: Anonymous party letters are never accepted, on either track (QĐ 22-QĐ/TW Art. 20(7)).
NOT_ANONYMOUS_PARTY: Final = _letter_guard(
    lambda letter: not anonymous_party_letter(letter), ANONYMOUS_PARTY_REFUSAL
)


def _reviewed_if_further(letter: Letter) -> bool:
    """A further denunciation is resolved again only after the superior's review decided so
    (Luật Tố cáo Art. 37(2)-(3)); the review itself then opens the new case."""
    if letter.repeat_of_case_id is None:
        return True
    return RepeatReview.objects.filter(
        letter_id=letter.pk, outcome=ReviewOutcome.RE_RESOLVE
    ).exists()


_ACCEPT_GUARDS: Final = (
    _letter_guard(
        _reviewed_if_further,
        _("Review the further denunciation before resolving it again (Luật Tố cáo Art. 37)."),
    ),
    _NOT_MIXED,
    NOT_ANONYMOUS_PARTY,
    _letter_guard(
        lambda letter: not is_party_letter(letter),
        _(
            "A party matter at a party body is resolved on the party track (QĐ 296-QĐ/TW): "
            "send it to the party track."
        ),
    ),
    _letter_guard(
        lambda letter: letter.competence == Competence.OWN,
        _("Only a letter within this unit's competence can be accepted."),
    ),
    _letter_guard(
        lambda letter: letter.eligible is not False,
        _("The letter was classified as not eligible."),
    ),
    _letter_guard(
        lambda letter: not anonymous_denunciation(letter),
        _(
            "Anonymous information or a letter in another person's name is not processed as "
            "a denunciation (Luật Tố cáo Art. 25): use the route for such information."
        ),
    ),
    _letter_guard(
        lambda letter: letter.kind not in SIGNED_KINDS or letter.signed,
        _("The letter is not signed by an accepted method (Luật Khiếu nại Art. 8, 11(5))."),
    ),
    _letter_guard(
        lambda letter: (
            not group_complaint(letter) or letter.representatives_recorded_on is not None
        ),
        _(
            "A complaint by several people is accepted only with every signature and the written "
            "appointment of their representatives (TT 07/2013/TT-TTCP Art. 5; Luật Khiếu nại "
            "Art. 8(3)-(4)): record the representatives first."
        ),
    ),
)

#: A denunciation sent to several bodies, the competent one among them, is processed by the
#: competent body only: the others do not process it, they file it (Luật Tố cáo Art. 24(3)).
_NOT_SENT_TO_SEVERAL: Final = _letter_guard(
    lambda letter: not (letter.sent_to_several and letter.competence != Competence.OWN),
    _(
        "A denunciation also sent to the competent body is not processed here: file it "
        "(Luật Tố cáo Art. 24(3))."
    ),
)
_DENUNCIATION_LETTER: Final = _letter_guard(
    lambda letter: letter.kind == LetterKind.DENUNCIATION and not anonymous_denunciation(letter),
    _("Only for a denunciation."),
)
_REPEAT: Final = _letter_guard(
    lambda letter: letter.repeat_of_case_id is not None,
    _("Only a further denunciation about a concluded case is reviewed (Luật Tố cáo Art. 37)."),
)


def group_complaint(letter: Letter) -> bool:
    """A complaint signed by several people (Luật Khiếu nại Art. 8(3)-(4))."""
    return letter.kind == LetterKind.COMPLAINT and letter.signer_count > 1


def _forwarded_before(letter: Letter) -> str:
    earlier = selectors.handled_before(letter, L.FORWARDED)
    return gettext(
        "A letter with the same content (number %(number)s) was already forwarded. A "
        "letter is forwarded only once: file this one."
    ) % {"number": earlier.register_label if earlier else ""}


def _guided_before(letter: Letter) -> str:
    earlier = selectors.handled_before(letter, L.GUIDED)
    return gettext(
        "Guidance was already given on the same content (letter %(number)s). It is "
        "given only once: file this letter."
    ) % {"number": earlier.register_label if earlier else ""}


FORWARDED_ONCE: Final = _letter_guard(
    lambda letter: selectors.handled_before(letter, L.FORWARDED) is None, _forwarded_before
)
_GUIDED_ONCE: Final = _letter_guard(
    lambda letter: selectors.handled_before(letter, L.GUIDED) is None, _guided_before
)

_FORWARD_GUARDS: Final = (
    _letter_guard(
        lambda letter: letter.kind != LetterKind.COMPLAINT,
        _("A complaint outside this unit's competence is answered with guidance, not forwarded."),
    ),
    _NOT_MIXED,
    _letter_guard(
        lambda letter: not anonymous_denunciation(letter),
        _("Anonymous denunciation content is forwarded only for management purposes."),
    ),
    _NOT_SENT_TO_SEVERAL,
    FORWARDED_ONCE,
)

_CLASSIFIED: Final = frozenset({L.CLASSIFIED})

CLUSTER_STARTS_OPEN: Final = _letter_guard(
    lambda letter: letter.cluster_id is not None or letter.status in OPEN_LETTER_STATUSES,
    _("A new cluster starts from a letter still being worked on."),
)
# The form lists only the letters that may join: with none, it is not shown. The service checks
# each letter it is given (``clusters._check_members``).
_CLUSTER_HAS_CANDIDATES: Final = _letter_guard(
    lambda letter: selectors.joinable_letters(letter).exists(),
    _("No other letter may join this cluster."),
)

# Every action on a letter before it becomes a case is for the receiving officers and the
# leaders of its unit (``who``); ``may`` adds that the letter is still being worked on.
LETTER_WORKFLOW: Final = Workflow[Letter, LetterPolicy](
    model=Letter,
    states=L,
    history_model=LetterStatusChange,
    history=lambda letter: {"letter_id": letter.pk},
    audit_name=AuditAction.LETTER_STATUS,
    policy=LetterPolicy,
    initial=L.RECEIVED,
    stale_message=STALE_MESSAGE,
    relations=RELATIONS,
    after_write=statistics.after_write(running_due.store_for_letter),
    after_start=statistics.after_write(running_due.store_for_new_letter),
    moves=(
        move(
            "classify", sources=OPEN_LETTER_STATUSES, targets={L.CLASSIFIED},
            who=_registers, may=LetterPolicy.can_classify, label=_("Classify"),
        ),
        move(
            "split", sources=OPEN_LETTER_STATUSES, targets={L.SPLIT},
            who=_registers, may=LetterPolicy.can_classify,
            guards=[_letter_guard(lambda letter: letter.kind == LetterKind.MIXED,
                                  _("Only a letter with mixed content is split."))],
            label=_("Split into separate letters"),
            irreversible=True,
        ),
        move(
            "accept", sources=_CLASSIFIED, targets={L.ACCEPTED},
            who=_registers, may=LetterPolicy.can_handle, guards=_ACCEPT_GUARDS,
            approval=HEAD_DECIDES_LETTER,
            label=_("Accept for resolution"),
            irreversible=True,
        ),
        move(
            "not_accept", sources=_CLASSIFIED, targets={L.NOT_ACCEPTED},
            who=_registers, may=LetterPolicy.can_handle, guards=[_NOT_MIXED],
            approval=HEAD_DECIDES_LETTER,
            label=_("Not accept"),
            irreversible=True,
        ),
        move(
            "forward", sources=_CLASSIFIED, targets={L.FORWARDED},
            who=_registers, may=LetterPolicy.can_handle, guards=_FORWARD_GUARDS,
            approval=HEAD_DECIDES_LETTER,
            label=_("Forward to the competent body"),
            irreversible=True,
        ),
        move(
            "guide", sources=_CLASSIFIED, targets={L.GUIDED},
            who=_registers, may=LetterPolicy.can_handle,
            guards=[_letter_guard(lambda letter: not letter.anonymous,
                                  _("An anonymous letter has nobody to guide: file it.")),
                    _GUIDED_ONCE],
            approval=HEAD_DECIDES_LETTER,
            label=_("Guide the citizen"),
            irreversible=True,
        ),
        move(
            "anonymous", sources=_CLASSIFIED, targets={L.ARCHIVED, L.REFERRED, L.FORWARDED},
            who=_registers, may=LetterPolicy.can_handle, public=False,
            guards=[_letter_guard(anonymous_denunciation, _(
                "This route is only for anonymous denunciation content or one in another's "
                "name."))],
            approval=HEAD_DECIDES_LETTER,
            label=_("Anonymous denunciation content"),
            irreversible=True,
        ),
        move(
            "review", sources=_CLASSIFIED, targets={L.NOT_ACCEPTED},
            who=_registers, may=LetterPolicy.can_handle, guards=[_DENUNCIATION_LETTER, _REPEAT],
            approval=HEAD_DECIDES_LETTER,
            label=_("Review the further denunciation"),
            irreversible=True,
        ),
        move(
            "crime", sources=_CLASSIFIED,
            who=_registers, may=LetterPolicy.can_handle, guards=[_DENUNCIATION_LETTER],
            approval=HEAD_DECIDES_LETTER, public=False,
            label=_("Send the file to the investigating body or the procuracy"),
            irreversible=True,
        ),
        move(
            "protection", sources=L.values, who=_protected_reader, may=_protected_reader,
            public=False, label=_("Record a request for protection"),
        ),
        move(
            "party", sources=_CLASSIFIED, targets={L.PARTY},
            who=_registers, may=LetterPolicy.can_handle,
            guards=[_NOT_MIXED, _letter_guard(is_party_letter, _(
                "Only a party matter received by a party committee, its inspection committee "
                "or a party organisation goes to the party track."))],
            label=_("Send to the party track"),
            irreversible=True,
        ),
        move(
            "archive", sources=OPEN_LETTER_STATUSES, targets={L.ARCHIVED},
            who=_registers, may=LetterPolicy.can_handle, approval=HEAD_DECIDES_LETTER,
            label=_("File the letter"),
            irreversible=True,
        ),
        move(
            "cluster", sources=L.values, may=_registers,
            guards=[CLUSTER_STARTS_OPEN, _CLUSTER_HAS_CANDIDATES],
            label=_("Group letters into a cluster"),
        ),
        move(
            "representatives", sources=OPEN_LETTER_STATUSES, who=_registers,
            may=LetterPolicy.can_classify,
            guards=[_letter_guard(group_complaint,
                                  _("Only a complaint by several people has representatives."))],
            label=_("Record the representatives"),
        ),
        move(
            "redact", sources=L.values, who=_protected_reader, may=LetterPolicy.can_redact,
            label=_("Redacted copy of a file"),
        ),
    ),
)  # fmt: skip

_OPEN: Final = OPEN_CASE_STATUSES
_IN_PROGRESS: Final = frozenset({CaseStatus.IN_PROGRESS})
_DENUNCIATION_ONLY: Final = _case_guard(
    lambda case: case.kind == LetterKind.DENUNCIATION,
    _("Only the resolution of a denunciation is extended by decision."),
)
# A closed file takes nothing more (TT 07/2013/TT-TTCP Art. 23).
_FILE_OPEN: Final = _case_guard(lambda case: case_file.file_open(case), case_file.file_open_message)
_FILE_CLOSABLE: Final = _case_guard(
    lambda case: case_file.close_refusal(case) is None,
    lambda case: case_file.close_refusal(case) or "",
)
_FILE_TO_ARCHIVE: Final = _case_guard(
    lambda case: case_file.archive_refusal(case) is None,
    lambda case: case_file.archive_refusal(case) or "",
)


def _decision_issued(case: Case) -> bool:
    """No decision document, or it is issued (read from the register, not a cached copy)."""
    return case.decision_document_id is None or document_selectors.is_issued(
        case.decision_document_id
    )


_DECISION_ISSUED: Final = _case_guard(
    _decision_issued,
    _(
        "The decision is not issued yet: it is signed, then the clerk numbers and issues it "
        "(Documents to sign and issue). It is sent after that."
    ),
)
_DENUNCIATION_CASE: Final = _case_guard(
    lambda case: case.kind == LetterKind.DENUNCIATION, _("Only for a denunciation.")
)
_CONCLUDED: Final = frozenset({CaseStatus.DECIDED, CaseStatus.CLOSED})
_PUBLISHABLE: Final = _case_guard(
    selectors.may_publish,
    _("The citizen did not agree to publication, and the law does not require it."),
)


_COMPLAINT_ONLY: Final = _case_guard(
    lambda case: case.kind == LetterKind.COMPLAINT, _("Only a complaint has this step.")
)
# Luật Khiếu nại Art. 11a (from 01/7/2026): before it a complaint's resolution is never
# suspended, only ended on withdrawal; a denunciation's under Luật Tố cáo Art. 34(1).
_SUSPENSION_GROUNDS_EXIST: Final = _case_guard(
    lambda case: bool(grounds_for(SUSPENSION_GROUNDS, case.kind, calendar.today_local())),
    _(
        "The law gives no ground to suspend this resolution today: a complaint's resolution can "
        "be suspended only from 01/7/2026 (Luật Khiếu nại Art. 11a)."
    ),
)
_EXECUTION_SUSPENDABLE: Final = _case_guard(
    lambda case: (
        case.kind == LetterKind.COMPLAINT and case.letter.contested_kind != ContestedKind.ACT
    ),
    _("Only the execution of a contested decision is suspended (Luật Khiếu nại Art. 35)."),
)
_EXECUTION_NOT_SUSPENDED: Final = _case_guard(
    lambda case: not case.execution_suspensions.filter(lifted_on__isnull=True).exists(),
    _("The execution is already suspended."),
)
_EXECUTION_SUSPENDED: Final = _case_guard(
    lambda case: case.execution_suspensions.filter(lifted_on__isnull=True).exists(),
    _("The execution is not suspended."),
)
_MAY_CONTINUE: Final = _case_guard(
    lambda case: case.kind == LetterKind.COMPLAINT and case.continue_until is not None,
    _("Only a terminated complaint can be continued (Luật Khiếu nại Art. 11(8))."),
)


def _continues(policy: LetterPolicy, case: Case) -> bool:
    return case.status == CaseStatus.TERMINATED and policy.works_on(case)


def _records_receipt(policy: LetterPolicy, case: Case) -> bool:
    return case.status in {CaseStatus.DECIDED, CaseStatus.CLOSED} and (
        policy.works_on(case) or policy.can_register(case.unit_id)
    )


def _extensions_left(case: Case) -> int:
    return deadlines.extensions_allowed(case.due_rule, case.complexity) - case.extensions.count()


def _no_extension_left(case: Case) -> str:
    allowed = deadlines.extensions_allowed(case.due_rule, case.complexity)
    if allowed == 0:
        return gettext("Mark the case complicated, with its grounds, before extending it.")
    return gettext("This case may be extended %(n)d time(s) and has been already.") % {"n": allowed}


# A denunciation is extended once when complicated, twice when especially complicated
# (Luật Tố cáo Art. 30; NĐ 31/2019 Art. 3).
_EXTENSION_LEFT: Final = _case_guard(lambda case: _extensions_left(case) > 0, _no_extension_left)
_WORKS_ON: Final = LetterPolicy.works_on
_RESOLVES: Final = LetterPolicy.is_resolver


def _declares(policy: LetterPolicy, case: Case) -> bool:
    return policy.is_verifier(case) or policy.is_resolver(case)


def _escalates(policy: LetterPolicy, case: Case) -> bool:
    return policy.works_on(case) or policy.is_superior_head(case)


_VERIFYING: Final = _case_guard(
    lambda case: (
        (v := selectors.active_verification(case)) is not None and not selectors.has_report(v)
    ),
    _("No verification is under way on this case: the head assigns one first."),
)
_TEAM_COMPLETE: Final = _case_guard(
    lambda case: selectors.team_complete(case),
    _(
        "The team has lost its leader or, for a denunciation, has fewer than two people "
        "(NĐ 31/2019 Art. 10(3)): the head assigns a replacement first."
    ),
)
_HAS_SUPERIOR: Final = _case_guard(
    lambda case: selectors.superior_unit(case) is not None,
    _("This unit has no superior unit on the platform to take the case over."),
)
_IS_DENUNCIATION: Final = _case_guard(
    lambda case: case.kind == LetterKind.DENUNCIATION,
    _(
        "Only a denunciation is taken over by the superior (NĐ 31/2019 Art. 5); the author of a "
        "contested decision resolves the complaint the first time (Luật Khiếu nại Art. 7(1))."
    ),
)

# ``who`` is the person's part in the case (the leader assigns, the handlers and the head who
# resolves work on it); ``may`` adds the case's state; every decision along the way is the
# head's (``HEAD_DECIDES_CASE``): the handlers propose it, the head makes it.
CASE_WORKFLOW: Final = Workflow[Case, LetterPolicy](
    model=Case,
    states=CaseStatus,
    history_model=LetterStatusChange,
    history=lambda case: {"letter_id": case.letter_id, "case": case},
    audit_name=AuditAction.CASE_STATUS,
    policy=LetterPolicy,
    initial=CaseStatus.IN_PROGRESS,
    stale_message=STALE_MESSAGE,
    relations=RELATIONS,
    after_write=statistics.after_write(running_due.store_for_case),
    moves=(
        move(
            "assign", sources=_OPEN, who=_leads, may=LetterPolicy.can_assign,
            approval=HEAD_DECIDES_CASE, label=_("Assign handlers"),
        ),
        move(
            "verify", sources=_OPEN, who=_WORKS_ON, may=LetterPolicy.can_work_on_case,
            approval=HEAD_DECIDES_CASE, label=_("Assign verification"),
        ),
        move(
            "declare", sources=_OPEN, who=_declares, may=LetterPolicy.can_declare,
            label=_("Declare ties with the case"),
        ),
        move(
            "note", sources=_OPEN, who=_WORKS_ON, may=LetterPolicy.can_work_on_case,
            guards=[_FILE_OPEN], label=_("Add a verification note or dialogue minutes"),
        ),
        move(
            "report", sources=_OPEN, who=LetterPolicy.leads_verification,
            may=LetterPolicy.can_report, guards=[_VERIFYING, _TEAM_COMPLETE],
            label=_("Submit the verification report"),
        ),
        move(
            "complexity", sources=_OPEN, who=_WORKS_ON, may=LetterPolicy.can_work_on_case,
            approval=HEAD_DECIDES_CASE, label=_("Mark the complexity"),
        ),
        move(
            "extend", sources=_IN_PROGRESS, who=_WORKS_ON, may=LetterPolicy.can_work_on_case,
            guards=[_DENUNCIATION_ONLY, _EXTENSION_LEFT], approval=HEAD_DECIDES_CASE,
            label=_("Extend the resolution period"),
        ),
        move(
            "suspend", sources=_IN_PROGRESS, targets={CaseStatus.SUSPENDED},
            who=_WORKS_ON, may=LetterPolicy.can_work_on_case, approval=HEAD_DECIDES_CASE,
            guards=[_SUSPENSION_GROUNDS_EXIST], label=_("Suspend"),
        ),
        move(
            "resume", sources={CaseStatus.SUSPENDED}, targets={CaseStatus.IN_PROGRESS},
            who=_WORKS_ON, may=LetterPolicy.can_work_on_case, approval=HEAD_DECIDES_CASE,
            label=_("Resume"),
        ),
        move(
            "withdraw", sources=_OPEN, guards=[_FILE_OPEN],
            who=_WORKS_ON, may=LetterPolicy.can_work_on_case, label=_("Record a withdrawal"),
            irreversible=True,
        ),
        move(
            "decide", sources=_IN_PROGRESS, targets={CaseStatus.DECIDED},
            who=_WORKS_ON, may=LetterPolicy.can_work_on_case, approval=HEAD_DECIDES_CASE,
            label=_("Issue the decision"),
            irreversible=True,
        ),
        move(
            "terminate", sources=_OPEN, targets={CaseStatus.TERMINATED},
            who=_WORKS_ON, may=LetterPolicy.can_work_on_case, approval=HEAD_DECIDES_CASE,
            label=_("End the resolution"),
            irreversible=True,
        ),
        move(
            "escalate", sources=_OPEN, targets={CaseStatus.TRANSFERRED},
            who=_escalates, may=LetterPolicy.can_escalate,
            guards=[_IS_DENUNCIATION, _HAS_SUPERIOR], approval=SUPERIOR_DECIDES_CASE,
            label=_("Transfer to the superior"),
            irreversible=True,
        ),
        move(
            "send", sources={CaseStatus.DECIDED}, targets={CaseStatus.CLOSED},
            who=_sends, may=LetterPolicy.can_send_decision, guards=[_DECISION_ISSUED],
            label=_("Record that the decision was sent"),
            irreversible=True,
        ),
        move(
            "notice_sent", sources={*_OPEN, *_CONCLUDED}, who=_sends, may=_sends,
            guards=[_DENUNCIATION_CASE], label=_("Record that a notice was sent"),
        ),
        move(
            "measure", sources=_CONCLUDED, who=_WORKS_ON, may=_WORKS_ON,
            guards=[_DENUNCIATION_CASE], approval=HEAD_DECIDES_CASE,
            label=_("Order a measure of the conclusion"),
        ),
        move(
            "measure_done", sources=_CONCLUDED, who=_sends, may=_sends,
            guards=[_DENUNCIATION_CASE], label=_("Record that a measure was carried out"),
        ),
        move(
            "crime", sources={*_OPEN, *_CONCLUDED}, who=_WORKS_ON, may=_WORKS_ON,
            guards=[_DENUNCIATION_CASE], approval=HEAD_DECIDES_CASE, public=False,
            label=_("Send the file to the investigating body or the procuracy"),
            irreversible=True,
        ),
        move(
            "receipt", sources={CaseStatus.DECIDED, CaseStatus.CLOSED}, who=_sends,
            may=_records_receipt, guards=[_COMPLAINT_ONLY],
            label=_("Record when the complainant received the decision"),
        ),
        move(
            "continue", sources={CaseStatus.TERMINATED}, targets={CaseStatus.IN_PROGRESS},
            who=_WORKS_ON, may=_continues, guards=[_MAY_CONTINUE], approval=HEAD_DECIDES_CASE,
            label=_("Continue the complaint"),
        ),
        move(
            "invite", sources=_OPEN, who=_WORKS_ON, may=LetterPolicy.can_work_on_case,
            guards=[_COMPLAINT_ONLY], label=_("Record a dialogue invitation"),
        ),
        move(
            "suspend_execution", sources=_OPEN, who=_WORKS_ON, may=LetterPolicy.can_work_on_case,
            guards=[_EXECUTION_SUSPENDABLE, _EXECUTION_NOT_SUSPENDED],
            approval=HEAD_DECIDES_CASE,
            label=_("Suspend the execution of the contested decision"),
        ),
        move(
            "lift_execution", sources=_OPEN, who=_WORKS_ON, may=LetterPolicy.can_work_on_case,
            guards=[_EXECUTION_SUSPENDED], approval=HEAD_DECIDES_CASE,
            label=_("Lift the suspension of execution"),
        ),
        move(
            "inform_party",
            sources={CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED, CaseStatus.DECIDED,
                     CaseStatus.CLOSED},
            who=_sends, may=_sends,
            label=_("Record the notice to the managing party organisation"),
        ),
        move(
            "publish", sources={CaseStatus.DECIDED, CaseStatus.CLOSED},
            who=_WORKS_ON, may=LetterPolicy.can_publish, guards=[_PUBLISHABLE, _FILE_OPEN],
            label=_("Publish the result"),
        ),
        # The case file: records by the officers, not decisions (TT 07/2013/TT-TTCP Art. 23).
        move(
            "close_file", sources={CaseStatus.CLOSED, CaseStatus.TERMINATED},
            may=LetterPolicy.can_keep_case_file, guards=[_FILE_CLOSABLE],
            label=_("Close the case file"),
        ),
        move(
            "archive_file", sources={CaseStatus.CLOSED, CaseStatus.TERMINATED},
            may=LetterPolicy.can_keep_case_file, guards=[_FILE_TO_ARCHIVE],
            label=_("Hand the case file to the archive"),
        ),
    ),
)  # fmt: skip

#: The tables of allowed status moves, derived from the declarations.
LETTER_TRANSITIONS: Final[Mapping[str, frozenset[str]]] = LETTER_WORKFLOW.allowed_targets
CASE_TRANSITIONS: Final[Mapping[str, frozenset[str]]] = CASE_WORKFLOW.allowed_targets
