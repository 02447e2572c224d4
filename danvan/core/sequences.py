"""Gap-free numbering for registers.

A register number (số đến of a letter, số of an outgoing document) must be unique and without gaps
within its series (NĐ 30/2020 Art. 15). Database sequences are not gap-free (a rolled-back
transaction loses its value), so the counter is a row locked for the rest of the caller's
transaction: if the caller rolls back, the number is given back.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from danvan.core.models.sequences import Sequence


def series_key(*parts: object) -> str:
    """A series key from its parts, e.g. ``series_key("letters", unit.pk, 2026)``."""
    key = ":".join(str(p) for p in parts)
    if not key or len(key) > 200:
        raise ValueError("A series key must have 1 to 200 characters.")
    return key


def next_number(key: str) -> int:
    """The next number of the series ``key`` (1 for a new series).

    Must run inside the caller's transaction (it opens one if none is open); the row stays locked
    until that transaction ends, so concurrent callers get consecutive numbers.
    """
    with transaction.atomic():
        row = Sequence.objects.select_for_update().filter(key=key).first()
        if row is None:
            try:
                with transaction.atomic():
                    Sequence.objects.create(key=key, last_value=0)
            except IntegrityError:
                pass  # another transaction created it first; lock it below
            row = Sequence.objects.select_for_update().get(key=key)
        row.last_value += 1
        row.save(update_fields=["last_value", "updated_at"])
        return int(row.last_value)


def peek_number(key: str) -> int:
    """The number the series would give next, without taking it (for previews)."""
    last = Sequence.objects.filter(key=key).values_list("last_value", flat=True).first()
    return int(last or 0) + 1
