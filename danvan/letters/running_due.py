"""The letter's running deadline, stored (``Letter.running_due``) so that the work list sorts
on an index rather than on an expression across the letter and its case.

The deadline that still runs is the letter's own processing deadline while the letter is open
(received or classified), its case's resolution deadline while the case is in progress (not
while it is suspended, nor once decided or closed), and nothing otherwise. ``expression`` is
that rule as a query expression over a letter and its case; ``store`` writes it for letters,
and is what the gate calls after every write of a letter or of a case
(``Workflow.after_write`` in ``letters.workflows``), so the stored value follows each intake,
acceptance, extension, suspension, resumption, decision and closure in the same transaction.

A new letter starts open (received) and has no case yet, so its running deadline is its own:
``of_new_letter`` gives it, for the INSERT to write it (the intake does), and
``store_for_new_letter``, which the gate calls when the letter's history starts
(``Workflow.after_start``), writes it only when the row was inserted without it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Case as Case_
from django.db.models import DateField, F, OuterRef, Subquery, When

from danvan.letters.models import Case, Letter
from danvan.letters.states import OPEN_LETTER_STATUSES, CaseStatus


def expression(case_due: Any = None) -> Case_:
    """The running deadline of a letter, from the letter (``status``, ``due_on``) and its case
    in progress's deadline (``case_due``: the joined ``case__due_on`` by default)."""
    if case_due is None:
        case_due = Case_(When(case__status=CaseStatus.IN_PROGRESS, then=F("case__due_on")))
    return Case_(
        When(status__in=sorted(OPEN_LETTER_STATUSES), then=F("due_on")),
        default=case_due,
        output_field=DateField(),
    )


def store(letter_ids: Iterable[int]) -> None:
    """Write ``Letter.running_due`` of the letters ``letter_ids`` from what they and their cases
    hold now (one UPDATE)."""
    ids = sorted(set(letter_ids))
    if not ids:
        return
    in_progress = Case.objects.filter(
        letter_id=OuterRef("pk"), status=CaseStatus.IN_PROGRESS
    ).values("due_on")[:1]
    Letter.objects.filter(pk__in=ids).update(
        running_due=expression(Subquery(in_progress, output_field=DateField()))
    )


def of_new_letter(letter: Letter) -> Any:
    """The running deadline of a letter not yet written: its own deadline while it is open (a new
    letter has no case), else nothing until its case says (``store``)."""
    return letter.due_on if letter.status in OPEN_LETTER_STATUSES else None


def store_for_new_letter(letter: Letter) -> None:
    """After a new letter's INSERT: write its running deadline unless the INSERT already did
    (``of_new_letter``); a new letter has no case yet."""
    if letter.status not in OPEN_LETTER_STATUSES or letter.running_due != of_new_letter(letter):
        store([letter.pk])


def store_for_letter(letter: Letter) -> None:
    store([letter.pk])


def store_for_case(case: Case) -> None:
    store([case.letter_id])
