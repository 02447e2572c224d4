"""Bulk work: one operation applied to many objects, each as if it were done alone.

A module's bulk service loads the objects the person chose (through its own scoped selector),
then calls ``apply_each`` with the per-item service call. Each item runs in its own transaction
(a savepoint when the caller already holds one), so a refusal undoes that item only and the
others go on; the refusal's reason is what the single action would have shown (an
``ApplicationError``'s message, a ``PermissionDenied``'s, a ``ValidationError``'s). An id the
person cannot see is reported as not found, exactly like an id that does not exist, so a batch
never tells whether a hidden object exists.

Batches are bounded (``MAX_ITEMS``): ``parse_ids`` refuses more with a message that says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.core.errors import ApplicationError

__all__ = [
    "MAX_ITEMS",
    "BatchError",
    "BulkResult",
    "ItemOutcome",
    "apply_each",
    "parse_ids",
]

#: The most objects one batch may hold (a page of 25 ticked eight times over, and a bound on
#: the time one request may hold the database).
MAX_ITEMS: Final = 200

T = TypeVar("T")


class BatchError(ApplicationError):
    """The batch as a whole cannot be applied (nothing chosen, too many, an id not a number)."""


@dataclass(frozen=True)
class ItemOutcome:
    """What became of one item: ``message`` is the reason it was refused, empty on success."""

    key: int
    label: str
    message: str = ""

    @property
    def ok(self) -> bool:
        return not self.message


@dataclass(frozen=True)
class BulkResult:
    """Every item's outcome, in the order the items were given."""

    outcomes: tuple[ItemOutcome, ...]

    @property
    def succeeded(self) -> list[ItemOutcome]:
        return [o for o in self.outcomes if o.ok]

    @property
    def failed(self) -> list[ItemOutcome]:
        return [o for o in self.outcomes if not o.ok]

    def summary(self) -> str:
        """ "3 of 4 done; 1 refused." in words, for the page's message."""
        done, total = len(self.succeeded), len(self.outcomes)
        text = ngettext(
            "%(done)d of %(total)d item done.", "%(done)d of %(total)d items done.", total
        ) % {"done": done, "total": total}
        refused = total - done
        if refused:
            text += " " + ngettext("%(n)d refused:", "%(n)d refused:", refused) % {"n": refused}
        return text


def parse_ids(values: Iterable[object], *, limit: int = MAX_ITEMS) -> list[int]:
    """The distinct ids chosen, in their order: refuses an empty choice, a value that is not a
    positive number and more than ``limit`` ids (``BatchError`` with the message to show)."""
    ids: list[int] = []
    seen: set[int] = set()
    for raw in values:
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise BatchError(_("The choice of items was not understood.")) from None
        if not 0 < value <= 2_147_483_647:
            raise BatchError(_("The choice of items was not understood."))
        if value not in seen:
            seen.add(value)
            ids.append(value)
    if not ids:
        raise BatchError(_("Choose at least one item."))
    if len(ids) > limit:
        raise BatchError(
            _("At most %(limit)d items can be handled at once; %(n)d were chosen.")
            % {"limit": limit, "n": len(ids)}
        )
    return ids


def refusal_message(exc: Exception) -> str:
    """The reason a refused item shows: what the single action would have said."""
    if isinstance(exc, ApplicationError):
        return str(exc.message)
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc) or _("You are not allowed to do this.")


def apply_each(
    ids: Sequence[int],
    found: Mapping[int, T],
    operation: Callable[[T], object],
    *,
    label: Callable[[T], str],
    missing: str | None = None,
) -> BulkResult:
    """Apply ``operation`` to ``found[id]`` for each of ``ids``, each in its own transaction.

    ``found`` holds the objects the person may see (from the module's scoped selector); an id
    not in it is refused with ``missing`` ("not found" by default), whether or not it exists.
    A domain refusal (``ApplicationError``, ``PermissionDenied``, ``ValidationError``) undoes
    that item and is kept with its reason; any other exception is a programming error and
    propagates (the items before it stay done, each having committed on its own).
    """
    outcomes: list[ItemOutcome] = []
    for key in ids:
        obj = found.get(key)
        if obj is None:
            outcomes.append(
                ItemOutcome(key, f"#{key}", missing or _("Not found, or not yours to see."))
            )
            continue
        try:
            with transaction.atomic():
                operation(obj)
        except (ApplicationError, PermissionDenied, ValidationError) as exc:
            outcomes.append(ItemOutcome(key, label(obj), refusal_message(exc)))
        else:
            outcomes.append(ItemOutcome(key, label(obj)))
    return BulkResult(tuple(outcomes))


__all__ += ["refusal_message"]
