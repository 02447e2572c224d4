"""The next legal step of a letter or a case, as the top of its page says it: one sentence from
its status and the few facts that change what the law asks next (nobody assigned, no
verification, a decision not yet sent). Like the party track's ``NEXT_STEP``, it says what comes
next whoever reads it; which of those moves the reader may make is the workflow's answer (the
page's list of actions).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from django.utils.translation import gettext_lazy as _

from danvan.letters.states import CaseStatus, LetterStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from danvan.letters.models import Case, Letter

L = LetterStatus
C = CaseStatus

#: By the letter's status, once it is no longer at the receiving unit's desk.
LETTER_NEXT_STEP: Final[Mapping[str, StrOrPromise]] = {
    L.RECEIVED: _(
        "Classify the letter: its kind, field, competence and whether it is eligible, "
        "before the processing deadline."
    ),
    L.CLASSIFIED: _(
        "Handle the letter: accept it for resolution, forward it to the competent body, guide "
        "the citizen, refuse it on a legal ground or file it. The head decides; officers propose."
    ),
    L.ACCEPTED: _("The letter is resolved as a case: continue on the case's page."),
    L.NOT_ACCEPTED: _("Nothing more: the notice of non-acceptance was issued."),
    L.FORWARDED: _("Nothing more: the letter was forwarded to the competent body."),
    L.GUIDED: _("Nothing more: the citizen was guided to the competent body."),
    L.ARCHIVED: _("Nothing more: the letter was filed."),
    L.SPLIT: _("Handle each part as its own letter (see Related letters)."),
    L.REFERRED: _("Nothing more here: the content was referred for inspection or checking."),
    L.PARTY: _("The letter is on the party track: continue on the party case's page."),
}


def letter_next_step(letter: Letter, *, pending_proposals: int = 0) -> StrOrPromise:
    """What comes next for ``letter``; a proposal awaiting the head comes first."""
    if pending_proposals and letter.status in {L.RECEIVED, L.CLASSIFIED}:
        return _("A proposal awaits the head's decision (see below).")
    return LETTER_NEXT_STEP.get(letter.status, "")


def case_next_step(
    case: Case, *, handlers: int, verifying: bool, pending_proposals: int = 0
) -> StrOrPromise:
    """What comes next for ``case``: ``handlers`` is the number of current handlers,
    ``verifying`` whether a verification is assigned (under way or reported)."""
    status = case.status
    if status == C.IN_PROGRESS:
        if pending_proposals:
            return _("A proposal awaits the head's decision (see below).")
        if not handlers:
            return _("The head assigns the handlers of the case.")
        if not verifying:
            return _(
                "Assign the verification (who verifies, by when), or gather the facts and "
                "propose the decision to the head before the deadline."
            )
        return _(
            "Verify the content, hold the dialogue where the law asks for it, then propose the "
            "decision to the head before the deadline."
        )
    if status == C.SUSPENDED:
        return _("Resume the resolution once the ground for the suspension has ended.")
    if status == C.DECIDED:
        if case.sent_on is None:
            return _(
                "Send the decision to the citizen and the parties concerned, then record it, "
                "before the sending deadline."
            )
        return _("Record that the decision was sent.")
    if status in {C.CLOSED, C.TERMINATED}:
        return _("Close the case file and hand it to the archive.")
    if status == C.TRANSFERRED:
        return _("Nothing more here: the superior resolves the case.")
    return ""


__all__ = ["LETTER_NEXT_STEP", "case_next_step", "letter_next_step"]
