"""Bulk work on letters: assign many letters' cases, classify many letters to one field,
propose the same handling of many letters, each item exactly as the single action does it.

Each function takes the ids the person chose, loads the letters they may see (an id outside
that scope is "not found", as one that does not exist), and calls the single action's service
per letter through the kit's ``workflow.bulk.apply_each``: the same gate, policy, audit entry
and notification, in one transaction per letter, so one refusal does not stop the others.
The result lists each letter's outcome with its register number and, when refused, the
reason. The HTML page and the API call these functions alike.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.actors import Actor
from danvan.core.errors import ApplicationError
from danvan.letters import policies
from danvan.letters.models import Letter
from danvan.letters.policies import LetterPolicy
from danvan.letters.services import cases, decisions, handling
from danvan.organizations.models import Field, Unit
from danvan.workflow import proposals
from danvan.workflow.bulk import MAX_ITEMS, BulkResult, apply_each, parse_ids

__all__ = [
    "MAX_ITEMS",
    "PROPOSABLE_MOVES",
    "BulkAction",
    "BulkResult",
    "ProposedHandling",
    "classification_with_field",
    "letters_assign",
    "letters_chosen",
    "letters_classify",
    "letters_propose",
    "parse_ids",
]


class BulkAction(enum.StrEnum):
    ASSIGN = "assign"
    CLASSIFY = "classify"
    PROPOSE = "propose"
    EXPORT = "export"

    @property
    def label(self) -> str:
        return str(_ACTION_LABELS[self])


_ACTION_LABELS: Final = {
    BulkAction.ASSIGN: gettext_lazy("Assign the handlers"),
    BulkAction.CLASSIFY: gettext_lazy("Classify to a field"),
    BulkAction.PROPOSE: gettext_lazy("Propose the same handling"),
    BulkAction.EXPORT: gettext_lazy("Download the selection (XLSX)"),
}

#: The decisions on a letter that may be proposed for many letters at once: the ones whose
#: arguments can be the same for every letter (filing, forwarding to one competent body).
PROPOSABLE_MOVES: Final = ("archive", "forward")


def letters_chosen(*, viewer: Actor, ids: Sequence[int]) -> dict[int, Letter]:
    """The letters among ``ids`` the viewer may see, by id, with what the actions read."""
    rows = (
        policies.visible_letters(viewer)
        .filter(pk__in=list(ids))
        .select_related(
            "unit",
            "field",
            "case",
            "case__unit",
            "case__letter",
            "denounced_user",
            "about_unit",
            "competent_unit",
            "repeat_of_case",
        )
    )
    return {letter.pk: letter for letter in rows}


def _label(letter: Letter) -> str:
    return letter.register_label


# --- assign -------------------------------------------------------------------------------


def letters_assign(*, actor: Actor, ids: Sequence[int], handler_ids: Sequence[int]) -> BulkResult:
    """Give each letter's case to ``handler_ids`` (replacing its handlers) with
    ``cases.case_assign``: only the head who resolves a case assigns it, the handlers must
    work in the case's unit, and the handlers are told. A letter not yet accepted has no case
    and is refused."""
    if not handler_ids:
        raise ApplicationError(_("Choose at least one handler."))

    def assign(letter: Letter) -> None:
        case = getattr(letter, "case", None)
        if case is None:
            raise ApplicationError(
                _("The letter has not been accepted for handling: it has no case to assign.")
            )
        cases.case_assign(case=case, actor=actor, handler_ids=list(handler_ids))

    return apply_each(ids, letters_chosen(viewer=actor, ids=ids), assign, label=_label)


# --- classify -----------------------------------------------------------------------------


def classification_with_field(letter: Letter, field: Field | None) -> handling.Classification:
    """The letter's current classification with only its field changed. A competent unit that
    was the proposed one (no reason recorded to choose another) is proposed afresh, since the
    field guides the proposal; one chosen with a reason is kept with its reason."""
    overridden = bool(letter.routing_override_reason.strip())
    return handling.Classification(
        kind=letter.kind,
        matter=letter.matter,
        field=field,
        about=letter.about,
        about_unit=letter.about_unit,
        summary=letter.summary,
        competent_unit=letter.competent_unit if overridden else None,
        competent_body=letter.competent_body if overridden else "",
        override_reason=letter.routing_override_reason,
        eligible=letter.eligible if letter.classified_at else True,
        ineligibility_ground=letter.ineligibility_ground,
        anonymous=letter.anonymous,
        pseudonymous=letter.pseudonymous,
        sent_to_several=letter.sent_to_several,
        content_redacted=None,
        contested_kind=letter.contested_kind,
        contested_number=letter.contested_number,
        contested_date=letter.contested_date,
        contested_issuer=letter.contested_issuer,
        denounced_name=letter.denounced_name,
        denounced_position=letter.denounced_position,
        denounced_standing=letter.denounced_standing,
        denounced_user=letter.denounced_user,
        repeat_of_case=letter.repeat_of_case,
        learned_on=letter.learned_on,
        excused_days=letter.excused_days,
        excused_reason=letter.excused_reason,
        dismissal=letter.dismissal,
    )


def letters_classify(*, actor: Actor, ids: Sequence[int], field: Field) -> BulkResult:
    """Classify each letter to ``field`` with ``handling.letter_classify``, keeping the rest of
    its classification (a letter not yet classified is classified as received: its kind, a
    state matter, eligible)."""

    def classify(letter: Letter) -> None:
        handling.letter_classify(
            letter=letter, actor=actor, data=classification_with_field(letter, field)
        )

    return apply_each(ids, letters_chosen(viewer=actor, ids=ids), classify, label=_label)


# --- propose ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposedHandling:
    """The same decision proposed for every letter: ``move_key`` (one of
    ``PROPOSABLE_MOVES``), the proposal's ``reasons`` and the decision's arguments."""

    move_key: str
    reasons: str
    reason: str = ""
    to_unit: Unit | None = None
    to_body: str = ""

    def arguments(self) -> dict[str, Any]:
        if self.move_key == "archive":
            values: Mapping[str, Any] = {"reason": self.reason}
        else:
            values = {"to_unit": self.to_unit, "to_body": self.to_body, "reason": self.reason}
        return decisions.clean_arguments(values)


def letters_propose(
    *,
    actor: Actor,
    ids: Sequence[int],
    proposed: ProposedHandling,
    request: HttpRequest | None = None,
) -> BulkResult:
    """Propose ``proposed`` for each letter to its head with ``workflow.proposals.propose``,
    as the letter's page does for an officer: the proposer must hold the move's power and the
    move must be open now; one open proposal per move and letter; the approver is told.

    Refused per letter: one whose head is the person (they decide it on the letter's page),
    and a protected letter (its page first shows the copy without the denouncer's identity
    that the documents will carry, which a batch cannot)."""
    move = proposed.move_key
    if move not in PROPOSABLE_MOVES:
        raise ApplicationError(_("This handling cannot be proposed for several letters at once."))
    if move == "archive" and not proposed.reason.strip():
        raise ApplicationError(_("Say why the letters are filed."))
    if move == "forward" and proposed.to_unit is None and not proposed.to_body.strip():
        raise ApplicationError(_("Choose a unit or name the competent body."))
    policy = LetterPolicy(actor)
    arguments = proposed.arguments()

    def propose(letter: Letter) -> None:
        if policy.decides(letter):
            raise ApplicationError(
                _("You decide this letter yourself: do it on the letter's page.")
            )
        if letter.identity_protected:
            raise ApplicationError(
                _(
                    "The letter's signer is protected: propose it on the letter's page, which "
                    "shows the copy without their identity first."
                )
            )
        if proposed.to_unit is not None and proposed.to_unit.pk == letter.unit_id:
            raise ApplicationError(_("A letter cannot be forwarded to its own unit."))
        proposals.propose(
            obj=letter, move_key=move, actor=actor, changes=arguments,
            reasons=proposed.reasons, request=request,
        )  # fmt: skip

    return apply_each(ids, letters_chosen(viewer=actor, ids=ids), propose, label=_label)
