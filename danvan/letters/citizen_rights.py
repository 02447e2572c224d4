"""The rights a citizen has once their letter is decided, with the last day of each, for the
tracking page (shown to the signer after they confirmed a code sent to their own contact).

- A complaint decided the first time: complain a second time to the head directly above, within
  the window of Luật Khiếu nại Art. 33 (rule ``appeal_window.complaint``), or sue in the
  administrative court (Art. 7; rule ``lawsuit.administrative``). A second-time decision: sue.
  A disciplinary decision (Chapter IV): complain a second time within Art. 48's window; sue only
  for a dismissal (Art. 58).
- A denunciation concluded: denounce again to the head directly above the resolver when it was
  not resolved within the time limit or its resolution is unlawful (Luật Tố cáo Art. 37(1)).

Windows are counted from the day the citizen received the decision, as the laws say; while that
day is not recorded they are counted from the decision's date, the earliest it can be, and the
page says so. The days come from the dated rule rows (``deadlines.rule_in_effect``) and the
working-day calendar (a last day on a day off moves to the next working day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from danvan.letters import deadlines, resolvers
from danvan.letters.choices import LetterKind
from danvan.letters.models import Case, Letter
from danvan.letters.services import complaints
from danvan.letters.states import CaseStatus
from danvan.organizations.models.dated import today
from danvan.workflow.models import DeadlineRule

__all__ = ["Right", "rights_after_decision"]

#: Where the further denunciation goes (Luật Tố cáo 2018 Art. 37(1), DOMAIN.md §12.4).
FURTHER_DENUNCIATION_BASIS = "Luật Tố cáo 2018, Điều 37(1)"


@dataclass(frozen=True)
class Right:
    title: str
    text: str
    legal_basis: str
    #: The last day to use the right (``None``: the law or the table sets none).
    last_day: dt.date | None = None
    #: The day the window is counted from, and whether it is the day of receipt.
    counted_from: dt.date | None = None
    from_receipt: bool = False
    #: The rule row was checked against the legal text.
    verified: bool = True


def _superior_name(case: Case) -> str:
    superior = resolvers.superior_of(case.unit, today())
    return superior.name if superior is not None else ""


def _window(case: Case, key: str, *, title: str, text: str) -> Right:
    start = case.decision_received_on or case.decided_on or today()
    rule: DeadlineRule = deadlines.rule_in_effect(key, start)
    last = deadlines.due_date(rule, start, remote=case.remote_area)
    return Right(
        title=title,
        text=text,
        legal_basis=rule.legal_basis,
        last_day=last,
        counted_from=start,
        from_receipt=case.decision_received_on is not None,
        verified=rule.verified,
    )


def _second_complaint(case: Case, key: str) -> Right:
    superior = _superior_name(case)
    if superior:
        text = _(
            "If you disagree with the decision, you may complain a second time to the head of "
            "the body directly above the one that decided (%(unit)s). Attach the first-time "
            "decision."
        ) % {"unit": superior}
    else:
        text = _(
            "If you disagree with the decision, you may complain a second time to the head of "
            "the body directly above the one that decided. Attach the first-time decision."
        )
    return _window(case, key, title=_("Complain a second time"), text=text)


def _lawsuit(case: Case) -> Right:
    return _window(
        case,
        "lawsuit.administrative",
        title=_("Sue in the administrative court"),
        text=_(
            "Instead of complaining again, or if you disagree with the decision, you may sue in "
            "the administrative court."
        ),
    )


def _complaint_rights(case: Case) -> list[Right]:
    if complaints.is_discipline(case.letter):
        found: list[Right] = []
        if case.round == 1:
            found.append(_second_complaint(case, complaints.appeal_rule_key(case)))
        if case.letter.dismissal:
            found.append(_lawsuit(case))
        if not found:
            found.append(
                Right(
                    title=_("The decision is final"),
                    text=_("A second-time decision on a disciplinary sanction is final."),
                    legal_basis="Luật Khiếu nại 2011, Điều 57, 58",
                )
            )
        return found
    if case.round == 1:
        return [_second_complaint(case, complaints.appeal_rule_key(case)), _lawsuit(case)]
    return [_lawsuit(case)]


def _denunciation_rights(case: Case) -> list[Right]:
    superior = _superior_name(case)
    if superior:
        text = _(
            "If the denunciation was not resolved within the time limit, or you have grounds to "
            "think its resolution is not lawful, you may denounce again to the head of the body "
            "directly above the one that resolved it (%(unit)s)."
        ) % {"unit": superior}
    else:
        text = _(
            "If the denunciation was not resolved within the time limit, or you have grounds to "
            "think its resolution is not lawful, you may denounce again to the head of the body "
            "directly above the one that resolved it."
        )
    return [
        Right(
            title=_("Denounce again to the level above"),
            text=text,
            legal_basis=FURTHER_DENUNCIATION_BASIS,
        )
    ]


def rights_after_decision(letter: Letter) -> list[Right]:
    """The rights left to the citizen once the letter's own case decided and sent its
    decision (nothing before, nothing for feedback and petitions)."""
    case = letter.case_or_none()
    if case is None or case.decided_on is None:
        return []
    if case.status not in {CaseStatus.DECIDED, CaseStatus.CLOSED}:
        return []
    if case.kind == LetterKind.COMPLAINT:
        return _complaint_rights(case)
    if case.kind == LetterKind.DENUNCIATION:
        return _denunciation_rights(case)
    return []
