"""The figures of the periodic report's letter and resolution tables (01/XLD, 01/KQGQ,
02/KQGQ), for one period and a set of units, each table in one aggregate query.

The keys are the metric keys of the report layout (``danvan/reports/layouts/tt01_2024.json``);
docs/reports.md says what each counts. They are built on the definitions of
``letters.statistics`` and never redefine them:

- a letter received in a period is ``statistics.condition(Measure.RECEIVED, period)``; a letter
  carried over is one received before the period (the same condition on the days before it)
  and not yet handled when the period began;
- the resolution tables count matters (vụ việc, ``statistics.matter_condition``) whose case the
  units accepted; accepted, resolved and resolved on time are ``Measure.ACCEPTED``,
  ``Measure.RESOLVED`` and ``Measure.ON_TIME``; a case carried over was accepted before the
  period and neither resolved nor ended before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Final

from django.db.models import Count, Q

from danvan.letters.choices import CaseOutcome, Competence, LetterKind
from danvan.letters.models import Letter
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.letters.statistics import Measure, Period, condition, matter_condition

__all__ = ["CASE_KEYS", "LETTER_KEYS", "before", "case_figures", "letter_figures"]

_PETITION_KINDS: Final = (LetterKind.PETITION, LetterKind.FEEDBACK)
_LEGAL_KINDS: Final = (LetterKind.COMPLAINT, LetterKind.DENUNCIATION, *_PETITION_KINDS)
_EPOCH: Final = dt.date(1900, 1, 1)


def before(period: Period) -> Period | None:
    """Every day before ``period`` (None when nothing can be before it)."""
    if period.start <= _EPOCH:
        return None
    return Period(_EPOCH, period.start - dt.timedelta(days=1))


def _earlier(measure: Measure, period: Period) -> Q:
    """``measure``'s condition on the days before ``period`` (nothing when there are none)."""
    earlier = before(period)
    return condition(measure, earlier) if earlier is not None else Q(pk__in=[])


def _letter_conditions(period: Period) -> dict[str, Q]:
    received = condition(Measure.RECEIVED, period)
    not_handled_at_start = Q(handled_on__isnull=True) | Q(handled_on__gte=period.start)
    carried = _earlier(Measure.RECEIVED, period) & not_handled_at_start
    total = received | carried
    processed = total & Q(handled_on__isnull=False, handled_on__lte=period.end)
    eligible = processed & Q(eligible=True, kind__in=_LEGAL_KINDS)
    own = eligible & Q(competence=Competence.OWN)
    outside = eligible & ~Q(competence=Competence.OWN)
    guided = outside & Q(status=LetterStatus.GUIDED)
    forwarded = outside & Q(status=LetterStatus.FORWARDED)
    complaint = Q(kind=LetterKind.COMPLAINT)
    denunciation = Q(kind=LetterKind.DENUNCIATION)
    petition = Q(kind__in=_PETITION_KINDS)
    return {
        "letters.total": total,
        "letters.carried_over": carried,
        "letters.received": received,
        "letters.received_single": received & Q(signer_count=1),
        "letters.received_several": received & Q(signer_count__gt=1),
        "letters.received_other": received & Q(signer_count=0),
        "letters.processed": processed,
        "letters.eligible": eligible,
        "letters.eligible_complaint": eligible & complaint,
        "letters.eligible_denunciation": eligible & denunciation,
        "letters.eligible_petition": eligible & petition,
        # What the matter had been through before this letter: never resolved, resolved once
        # (it repeats a first-time case), or several times (it repeats a later round).
        "letters.eligible_unresolved": eligible & Q(repeat_of_case__isnull=True),
        "letters.eligible_resolved_once": eligible & Q(repeat_of_case__round=1),
        "letters.eligible_resolved_again": eligible & Q(repeat_of_case__round__gt=1),
        "letters.own": own,
        "letters.own_complaint": own & complaint,
        "letters.own_denunciation": own & denunciation,
        "letters.own_petition": own & petition,
        "letters.outside": guided | forwarded,
        "letters.outside_guided": guided,
        "letters.outside_forwarded": forwarded,
    }


_SAMPLE: Final = Period(dt.date(2000, 1, 1), dt.date(2000, 1, 1))
LETTER_KEYS: Final = frozenset(_letter_conditions(_SAMPLE))


def _alias(key: str) -> str:
    return key.replace(".", "__")


def _aggregate(qs: object, conditions: dict[str, Q]) -> dict[str, int]:
    found = qs.aggregate(  # type: ignore[attr-defined]
        **{_alias(k): Count("pk", filter=q) for k, q in conditions.items()}
    )
    return {k: int(found[_alias(k)] or 0) for k in conditions}


def letter_figures(*, period: Period, unit_ids: Collection[int]) -> dict[str, int]:
    """Table 01/XLD's figures for the letters registered at ``unit_ids`` (one query)."""
    conditions = _letter_conditions(period)
    if not unit_ids:
        return dict.fromkeys(conditions, 0)
    return _aggregate(Letter.objects.filter(unit_id__in=list(unit_ids)), conditions)


def _ended(period: Period) -> Q:
    """Resolution ended (đình chỉ: a full withdrawal, other grounds) in ``period``, no
    decision issued."""
    return Q(
        case__status=CaseStatus.TERMINATED,
        case__decided_on__isnull=True,
        case__ended_on__range=(period.start, period.end),
    )


def _case_conditions(prefix: str, period: Period) -> dict[str, Q]:
    resolved = condition(Measure.RESOLVED, period)
    on_time = condition(Measure.ON_TIME, period)
    ended = _ended(period)
    earlier = before(period)
    done_before = (
        condition(Measure.RESOLVED, earlier) | _ended(earlier)
        if earlier is not None
        else Q(pk__in=[])
    )
    accepted = condition(Measure.ACCEPTED, period)
    carried = _earlier(Measure.ACCEPTED, period) & ~done_before
    total = accepted | carried
    return {
        f"{prefix}.total": total,
        f"{prefix}.carried_over": carried,
        f"{prefix}.accepted": accepted,
        f"{prefix}.resolved": total & resolved,
        f"{prefix}.upheld": total & resolved & Q(case__outcome=CaseOutcome.UPHELD),
        f"{prefix}.rejected": total & resolved & Q(case__outcome=CaseOutcome.REJECTED),
        f"{prefix}.partly": total & resolved & Q(case__outcome=CaseOutcome.PARTLY_UPHELD),
        f"{prefix}.ended": total & ended,
        f"{prefix}.on_time": total & on_time,
        f"{prefix}.late": total & resolved & ~on_time,
        f"{prefix}.open": total & ~resolved & ~ended,
    }


_CASE_KINDS: Final = {"cases.complaint": LetterKind.COMPLAINT,
                      "cases.denunciation": LetterKind.DENUNCIATION}  # fmt: skip

CASE_KEYS: Final = frozenset(k for prefix in _CASE_KINDS for k in _case_conditions(prefix, _SAMPLE))


def case_figures(*, period: Period, unit_ids: Collection[int]) -> dict[str, int]:
    """Tables 01/KQGQ and 02/KQGQ: the complaints and denunciations accepted by ``unit_ids``
    (within their competence), one per matter (one query). A case the superior took over is
    counted there, not here."""
    conditions: dict[str, Q] = {}
    for prefix, kind in _CASE_KINDS.items():
        for key, q in _case_conditions(prefix, period).items():
            conditions[key] = Q(case__kind=kind) & q
    if not unit_ids:
        return dict.fromkeys(conditions, 0)
    letters = (
        Letter.objects.filter(case__unit_id__in=list(unit_ids))
        .filter(matter_condition())
        .exclude(case__status=CaseStatus.TRANSFERRED)
    )
    return _aggregate(letters, conditions)
