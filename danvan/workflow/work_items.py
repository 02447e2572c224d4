"""Work items: what falls due, across every module, for the daily reminders and escalation.

A module registers a *source* from its ``AppConfig.ready()``::

    work_items.register_source("letters", "letters", letter_items)

A source is a function ``(window: Window) -> Iterable[WorkItem]`` that reads its own tables and
returns the items that fall due by ``window.until`` (the last day that counts as "due soon") or
are overdue, each built with ``window.item(...)``. It must be a bounded number of queries
whatever the number of items (one queryset with ``only``/``select_related``/``prefetch_related``
and, for the people, one query per kind of relation), never one query per item.

The kit reads no module's models: an item carries what the reminders need, namely a stable key,
a label, the path of its back-office page, whose it is (user ids), its unit (the escalation goes
to the unit above), its due date, its urgency and the time-limit rule it comes from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from danvan.workflow.rules import Urgency, deadline_view, due_soon_limit

__all__ = [
    "Source",
    "Window",
    "WorkItem",
    "due_items",
    "register_source",
    "sources",
]


@dataclass(frozen=True)
class WorkItem:
    """One thing that falls due: a letter to process, a case to resolve, a permit to review."""

    #: Stable across runs and unique on the platform: ``"<module>.<object>:<pk>"``.
    key: str
    module: str
    #: What a person reads ("Letter 12/2026"): a register number, never content or a signer.
    label: str
    #: The path of its back-office page (the reminders add the platform's address).
    url: str
    #: The user ids it is whose: they get it in their digest.
    people: frozenset[int]
    #: The unit that handles it: the escalation goes to the leaders of the unit above.
    unit_id: int | None
    due_on: dt.date
    urgency: Urgency
    #: Working days since the due date (0 while not overdue).
    overdue_working_days: int
    #: The key of the time-limit rule its due date comes from ("processing.complaint").
    rule_key: str


@dataclass(frozen=True)
class Window:
    """What a source is asked for: the items of ``module`` due by ``until`` on ``today``."""

    module: str
    today: dt.date
    until: dt.date

    def item(
        self,
        *,
        key: str,
        label: str,
        url: str,
        people: Iterable[int],
        unit_id: int | None,
        due_on: dt.date,
        rule_key: str,
    ) -> WorkItem:
        """Build an item, its urgency and overdue days computed on ``today``."""
        if not key.startswith(f"{self.module}."):
            raise ImproperlyConfigured(
                f"The work item key {key!r} must start with {self.module!r}."
            )
        view = deadline_view(due_on, self.today)
        return WorkItem(
            key=key,
            module=self.module,
            label=label,
            url=url,
            people=frozenset(people),
            unit_id=unit_id,
            due_on=due_on,
            urgency=view.urgency,
            overdue_working_days=max(0, -view.working_days_left),
            rule_key=str(rule_key),
        )


Source = Callable[[Window], Iterable[WorkItem]]

_SOURCES: dict[str, tuple[str, Source]] = {}


def register_source(module: str, name: str, source: Source) -> None:
    """Register ``module``'s source ``name`` (registering it again replaces it)."""
    if not module or not name:
        raise ImproperlyConfigured("A work item source needs a module and a name.")
    _SOURCES[f"{module}.{name}"] = (module, source)


def sources() -> tuple[str, ...]:
    """The names of the registered sources (``"<module>.<name>"``)."""
    return tuple(_SOURCES)


def due_items(today: dt.date) -> list[WorkItem]:
    """Every registered module's items due soon or overdue on ``today``, by due date.

    Items whose clock is stopped or that are not yet due soon are left out, whatever a source
    returned; an item key that two sources return is kept once.
    """
    until = due_soon_limit(today)
    found: dict[str, WorkItem] = {}
    for module, source in _SOURCES.values():
        for item in source(Window(module, today, until)):
            if item.urgency in (Urgency.DUE_SOON, Urgency.OVERDUE):
                found.setdefault(item.key, item)
    return sorted(found.values(), key=lambda i: (i.due_on, i.key))
