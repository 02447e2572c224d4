"""The declared workflow of the party track (``PARTY_WORKFLOW``): party cases, their moves, who
may make each and on which conditions (DOMAIN.md §12.5).

A party matter at a party body leaves the state track when it is sent to the party track (the
letter's ``party`` move): its party case is received, then either accepted (the head decides,
QĐ 22-QĐ/TW Art. 19–20 as reported; QĐ 296-QĐ/TW not read) and verified, concluded with a
discipline proposal or none, and closed; or, for an anonymous, unnamed, false-name or no-address
letter, put in the inspection-information queue, from which an officer records that it served
an inspection on signs of a violation (QĐ 296-QĐ/TW Art. 19 [S, weak]) or files it. It is never
accepted.

The head of the party body (for the inspection committee, its chairman) decides; the officers
propose (``HEAD_DECIDES_PARTY``), as on the state track.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Final

from django.utils.translation import gettext_lazy as _

from danvan.core.gate import Guard, Workflow, move
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import DisciplineMeasure
from danvan.letters.errors import CaseError
from danvan.letters.models import PartyCase, PartyCaseStatusChange
from danvan.letters.party_matters import ANONYMOUS_PARTY_REFUSAL, anonymous_party_letter
from danvan.letters.policies import LetterPolicy, decider_ids, deciding_for
from danvan.letters.states import PartyCaseStatus as P
from danvan.organizations.roles import Role
from danvan.workflow.approvals import Approval

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = ["HEAD_DECIDES_PARTY", "PARTY_TRANSITIONS", "PARTY_WORKFLOW"]

STALE_MESSAGE: Final = _(
    "Someone else changed this party case while you were working on it. Reload the page to see "
    "the change, then try again."
)


def heads_party_body(policy: LetterPolicy, party_case: PartyCase) -> bool:
    """The head of the party body (the chairman of an inspection committee), or a deputy under
    the head's assignment."""
    return policy.decider_for(party_case.unit_id, party_case.letter.kind) is not None


def works_on_party_case(policy: LetterPolicy, party_case: PartyCase) -> bool:
    """The party body's own people: its receiving and handling officers, its leaders."""
    unit_id = party_case.unit_id
    return (
        policy.can_register(unit_id)
        or policy.holds(Role.HANDLING_OFFICER, unit_id)
        or heads_party_body(policy, party_case)
    )


def _perform_approved(proposal: object, obj: object, approver: object) -> object:
    from danvan.letters.services import decisions

    return decisions.perform_approved(proposal, obj, approver)


def _clean_arguments(arguments: Mapping[str, object]) -> dict[str, object]:
    from danvan.letters.services import decisions

    return decisions.clean_arguments(arguments)


#: The head of the party body decides every step of a party case; its officers propose.
HEAD_DECIDES_PARTY: Final = Approval(
    may=lambda user, party_case: heads_party_body(LetterPolicy(user), party_case),
    label=_(
        "the head of the party body (the chairman of the inspection committee), or a deputy "
        "under the head's assignment"
    ),
    perform=_perform_approved,
    clean=_clean_arguments,
    candidates=lambda party_case: decider_ids(party_case.unit_id, party_case.letter.kind),
    candidate_of=deciding_for,
)


def _guard(test: Callable[[PartyCase], bool], message: StrOrPromise) -> Guard[PartyCase]:
    return Guard(test, message, CaseError)


_NAMED: Final = _guard(lambda pc: not anonymous_party_letter(pc.letter), ANONYMOUS_PARTY_REFUSAL)
_ANONYMOUS: Final = _guard(
    lambda pc: anonymous_party_letter(pc.letter),
    _("Only an anonymous, unnamed, false-name or no-address letter goes to this queue."),
)
_DISCIPLINE_PROPOSED: Final = _guard(
    lambda pc: pc.discipline not in {"", DisciplineMeasure.NONE},
    _("The conclusion proposed no discipline."),
)
_DISCIPLINE_OPEN: Final = _guard(
    lambda pc: pc.discipline_decided_on is None,
    _("The discipline has already been decided."),
)
_WORKS: Final = works_on_party_case

PARTY_WORKFLOW: Final = Workflow[PartyCase, LetterPolicy](
    model=PartyCase,
    states=P,
    history_model=PartyCaseStatusChange,
    history=lambda pc: {"party_case": pc},
    audit_name=AuditAction.PARTY_CASE_STATUS,
    policy=LetterPolicy,
    initial=P.RECEIVED,
    stale_message=STALE_MESSAGE,
    relations=("same_unit", "unit_above", "other_unit"),
    moves=(
        move(
            "accept", sources={P.RECEIVED}, targets={P.ACCEPTED}, who=_WORKS, may=_WORKS,
            guards=[_NAMED], approval=HEAD_DECIDES_PARTY, label=_("Accept for resolution"),
        ),
        move(
            "inform", sources={P.RECEIVED}, targets={P.INSPECTION_INFO}, who=_WORKS, may=_WORKS,
            guards=[_ANONYMOUS], public=False,
            label=_("Put in the inspection-information queue"),
        ),
        move(
            "use_for_inspection", sources={P.INSPECTION_INFO}, targets={P.USED},
            who=_WORKS, may=_WORKS, public=False,
            label=_("Record its use as input to an inspection on signs of a violation"),
        ),
        move(
            "file", sources={P.INSPECTION_INFO}, targets={P.FILED}, who=_WORKS, may=_WORKS,
            public=False, label=_("File the information"),
        ),
        move(
            "verify", sources={P.ACCEPTED}, targets={P.VERIFYING}, who=_WORKS, may=_WORKS,
            approval=HEAD_DECIDES_PARTY, label=_("Start the verification"),
        ),
        move(
            "note", sources={P.VERIFYING}, who=_WORKS, may=_WORKS,
            label=_("Add a verification note"),
        ),
        move(
            "conclude", sources={P.VERIFYING}, targets={P.CONCLUDED}, who=_WORKS, may=_WORKS,
            approval=HEAD_DECIDES_PARTY, label=_("Issue the conclusion"),
        ),
        move(
            "discipline", sources={P.CONCLUDED}, who=_WORKS, may=_WORKS,
            guards=[_DISCIPLINE_PROPOSED, _DISCIPLINE_OPEN], approval=HEAD_DECIDES_PARTY,
            label=_("Issue the discipline decision"),
        ),
        move(
            "close", sources={P.CONCLUDED}, targets={P.CLOSED}, who=_WORKS, may=_WORKS,
            label=_("Record that the conclusion was sent"),
        ),
        move(
            "link", sources=P.values, who=_WORKS, may=_WORKS,
            label=_("Link the state case on the same facts"),
        ),
    ),
)  # fmt: skip

#: The table of allowed status moves of a party case, derived from the declaration.
PARTY_TRANSITIONS: Final[Mapping[str, frozenset[str]]] = PARTY_WORKFLOW.allowed_targets

#: The next step a person reads at the top of a party case's page, by status.
NEXT_STEP: Final[Mapping[str, StrOrPromise]] = {
    P.RECEIVED: _("The head of the party body decides whether to accept it for resolution."),
    P.INSPECTION_INFO: _(
        "Not resolved: record whether it served an inspection on signs of a violation, or file it."
    ),
    P.USED: _("Nothing more: the information served an inspection."),
    P.FILED: _("Nothing more: the information was filed."),
    P.ACCEPTED: _("The head decides the verification: who verifies, from when."),
    P.VERIFYING: _("Verify the content, add the notes, then propose the conclusion to the head."),
    P.CONCLUDED: _("Send the conclusion (and the discipline decision, if any) and record it."),
    P.CLOSED: _("Nothing more: the conclusion was sent."),
}
