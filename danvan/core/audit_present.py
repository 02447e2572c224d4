"""The audit trail as a person reads it.

An ``AuditEntry`` stores codes: an action name (``letters.case.assigned``), field names, an
object's type and id, details keyed by code. ``present_entries`` turns entries into what a person
reads: the local time, the person by name with their role and unit, the action's label, the
changed fields by their verbose names, choice values by their labels, the reason and the object
by a human label (a letter by its register number). Nothing here writes to the trail or reads
its hashed fields for anything but display.

Core imports no context above it, so the contexts fill the registries from their
``AppConfig.ready()``:

- ``register_actions(AuditAction)``: each context's labelled action names;
- ``register_people(describe, search)``: who a user is (organizations: name, role, unit) and
  which users a search term names;
- ``register_target_labels(model, label_of)``: the human label of a context's objects
  (letters: a letter by its register number, a case by its case number);
- ``register_detail_labels({...})``: the labels of detail keys that are no field of the target.

The workflow gate (``core.gate``) registers the states of every declared workflow under its
audit name, so ``{"from": ..., "to": ...}`` of a status move reads as the states' labels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.core import audit
from danvan.core.models import AuditEntry
from danvan.core.models.versioned import StatusChangeBase

__all__ = [
    "PresentedEntry",
    "PresentedStep",
    "action_choices",
    "action_label",
    "describe_people",
    "local_time",
    "present_entries",
    "present_entry",
    "present_steps",
    "register_actions",
    "register_detail_labels",
    "register_people",
    "register_states",
    "register_target_labels",
    "search_people",
    "state_label",
    "target_labels",
]

#: The time zone the trail is read in (the platform serves Vietnam).
LOCAL_ZONE: Final = ZoneInfo("Asia/Ho_Chi_Minh")
TIME_FORMAT: Final = "%d/%m/%Y %H:%M"

#: ``describe(pairs)``: for each (user id, date), how to name that user on that date.
Describer = Callable[[Sequence[tuple[int, dt.date]]], Mapping[tuple[int, dt.date], str]]
#: ``search(term)``: the ids of the users a search term names (names and usernames of staff).
PeopleSearch = Callable[[str], Iterable[int]]
#: ``label_of(ids)``: the human label of each object id (as stored: a string).
TargetLabeller = Callable[[Sequence[str]], Mapping[str, str]]

_ACTIONS: dict[str, Any] = {}
_ACTION_GROUPS: dict[str, tuple[str, ...]] = {}
_STATES: dict[str, type[models.TextChoices]] = {}
_TARGETS: dict[str, TargetLabeller] = {}
_DETAILS: dict[str, Any] = {
    "from": _("From"),
    "to": _("To"),
    "proposal": _("Proposal"),
    "register": _("Register number"),
    "file": _("File"),
    "key": _("Rule"),
    "rule": _("Time-limit rule"),
}


@dataclass
class _People:
    describe: Describer | None = None
    search: PeopleSearch | None = None


_PEOPLE = _People()


# --- registries ------------------------------------------------------------------------------


def register_actions(actions: type[models.TextChoices]) -> None:
    """Make a context's labelled action names known (its ``audit_actions.AuditAction``)."""
    values = []
    for member in actions:
        _ACTIONS[member.value] = member.label
        values.append(member.value)
    context = values[0].split(".")[0] if values else ""
    _ACTION_GROUPS[context] = tuple(values)


def registered_actions() -> Mapping[str, Any]:
    """Every registered action name and its label."""
    return dict(_ACTIONS)


def register_states(audit_name: str, states: type[models.TextChoices]) -> None:
    """The states whose values a status move recorded as ``audit_name`` writes in ``from`` and
    ``to`` (the gate registers each declared workflow)."""
    _STATES[audit_name] = states


def register_people(describe: Describer, search: PeopleSearch) -> None:
    """How users are named in the trail and found by a search term (one context registers)."""
    _PEOPLE.describe = describe
    _PEOPLE.search = search


def register_target_labels(model: type[models.Model], label_of: TargetLabeller) -> None:
    """The human labels of ``model``'s objects named by entries."""
    _TARGETS[model._meta.label_lower] = label_of


def register_detail_labels(labels: Mapping[str, Any]) -> None:
    """Labels of detail keys that are no field of the entry's target."""
    _DETAILS.update(labels)


# --- single values ----------------------------------------------------------------------------


def local_time(at: dt.datetime) -> str:
    """``at`` in Vietnam's time, as people write it (dd/mm/YYYY HH:MM)."""
    return at.astimezone(LOCAL_ZONE).strftime(TIME_FORMAT)


def action_label(action: str) -> str:
    """The label of an action name (a name from before the scheme reads as its current one);
    an unknown name is shown as it is stored."""
    label = _ACTIONS.get(action)
    if label is None:
        label = _ACTIONS.get(audit.LEGACY_NAMES.get(action, ""))
    return str(label) if label is not None else action


def action_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The registered actions grouped by their context's name, each group sorted by label (for
    a select of actions by label)."""
    groups = []
    for context, values in _ACTION_GROUPS.items():
        try:
            title = str(apps.get_app_config(context).verbose_name)
        except LookupError:
            title = context
        options = sorted(((v, str(_ACTIONS[v])) for v in values), key=lambda o: o[1])
        groups.append((title, options))
    return sorted(groups, key=lambda g: g[0])


def state_label(audit_name: str, value: str) -> str:
    """The label of a state a status move named ``audit_name`` went from or to."""
    states = _STATES.get(audit_name)
    if states is None or not value:
        return str(value or "—")
    return str(dict(states.choices).get(value, value))


def _account_label(user_id: int) -> str:
    return gettext("Account no. %(number)s") % {"number": user_id}


def describe_people(pairs: Iterable[tuple[int, dt.date]]) -> dict[tuple[int, dt.date], str]:
    """How each (user id, date) is named: by the registered describer, else by account number
    (a number names no one)."""
    wanted = sorted(set(pairs))
    found: Mapping[tuple[int, dt.date], str] = {}
    if wanted and _PEOPLE.describe is not None:
        found = _PEOPLE.describe(wanted)
    return {pair: found.get(pair) or _account_label(pair[0]) for pair in wanted}


def search_people(term: str) -> list[int]:
    """The ids of the users ``term`` names (none without a registered search)."""
    if not term or _PEOPLE.search is None:
        return []
    return list(_PEOPLE.search(term))


# --- entries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PresentedEntry:
    """What a person reads of one entry (the entry itself stays at hand for its id and hashes)."""

    entry: AuditEntry
    when: str
    actor: str
    action: str
    object: str
    fields: tuple[str, ...]
    details: tuple[tuple[str, str], ...]
    reason: str
    #: What the page may show about the entry's object (``core.shields``); set by the view.
    shield: Any = field(default=None, compare=False)

    @property
    def pk(self) -> int:
        return int(self.entry.pk)


def _model(target_type: str) -> type[models.Model] | None:
    if not target_type:
        return None
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name.split(".")[0])
    except FieldDoesNotExist:
        return None


def _field_label(model: type[models.Model] | None, name: str) -> str:
    found = _field(model, name)
    verbose = getattr(found, "verbose_name", None)
    return capfirst(str(verbose)) if verbose else name


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items())
    return str(value)


def _details(entry: AuditEntry, model: type[models.Model] | None) -> tuple[tuple[str, str], ...]:
    rows = []
    extra = entry.extra if isinstance(entry.extra, dict) else {}
    for key, value in extra.items():
        if key in {"from", "to"} and entry.action in _STATES:
            label = _DETAILS[key]
            rows.append((str(label), state_label(entry.action, str(value or ""))))
            continue
        found = _field(model, key) if "." not in key else None
        if found is not None and getattr(found, "choices", None) and isinstance(value, str):
            shown = str(dict(found.flatchoices).get(value, value))
            rows.append((capfirst(str(found.verbose_name)), shown))
            continue
        if key in _DETAILS:
            rows.append((str(_DETAILS[key]), _value(value)))
        elif found is not None and getattr(found, "verbose_name", None):
            rows.append((capfirst(str(found.verbose_name)), _value(value)))
        else:
            rows.append((key, _value(value)))
    return tuple(rows)


def _actor(entry: AuditEntry, people: Mapping[tuple[int, dt.date], str]) -> str:
    if entry.actor_kind == AuditEntry.ActorKind.USER and entry.actor_id is not None:
        return people.get((entry.actor_id, _local_date(entry.at))) or _account_label(entry.actor_id)
    if entry.actor_kind == AuditEntry.ActorKind.PUBLIC:
        return gettext("The public (not signed in)")
    return gettext("The platform (automatic)")


def local_date(at: dt.datetime) -> dt.date:
    """The day ``at`` falls on in Vietnam."""
    return at.astimezone(LOCAL_ZONE).date()


_local_date = local_date


def _object_labels(entries: Sequence[AuditEntry]) -> dict[tuple[str, str], str]:
    return target_labels((e.target_type, e.target_id) for e in entries if e.target_type)


def target_labels(targets: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The human label of each object named by ``(model label, id)`` (``"letters.case"``,
    ``"7"``), as the contexts registered them (a register or case number); one query per kind
    of object, whatever their number. An object without a registered label reads "Kind #id"."""
    by_type: dict[str, set[str]] = {}
    for target_type, target_id in targets:
        by_type.setdefault(target_type, set()).add(target_id)
    labels: dict[tuple[str, str], str] = {}
    for target_type, ids in by_type.items():
        labeller = _TARGETS.get(target_type)
        found = labeller(sorted(ids)) if labeller is not None else {}
        model = _model(target_type)
        kind = capfirst(str(model._meta.verbose_name)) if model is not None else target_type
        for target_id in ids:
            labels[(target_type, target_id)] = found.get(target_id) or f"{kind} #{target_id}"
    return labels


def present_entries(entries: Iterable[AuditEntry]) -> list[PresentedEntry]:
    """The entries as a person reads them, in the given order (a few queries for any number:
    one per kind of person and object, not per entry)."""
    rows = list(entries)
    people = describe_people(
        (e.actor_id, _local_date(e.at))
        for e in rows
        if e.actor_kind == AuditEntry.ActorKind.USER and e.actor_id is not None
    )
    objects = _object_labels(rows)
    presented = []
    for e in rows:
        model = _model(e.target_type)
        presented.append(
            PresentedEntry(
                entry=e,
                when=local_time(e.at),
                actor=_actor(e, people),
                action=action_label(e.action),
                object=objects.get((e.target_type, e.target_id), ""),
                fields=tuple(_field_label(model, name) for name in (e.fields or [])),
                details=_details(e, model),
                reason=e.reason,
            )
        )
    return presented


def present_entry(entry: AuditEntry) -> PresentedEntry:
    """One entry as a person reads it."""
    return present_entries([entry])[0]


# --- status histories -------------------------------------------------------------------------


@dataclass(frozen=True)
class PresentedStep:
    """One row of an object's status history (``StatusChangeBase``) as a person reads it, in
    the trail's words: the states by their labels, the person by name, role and unit."""

    change: StatusChangeBase
    when: str
    from_label: str
    to_label: str
    #: Empty for the public and the platform (the history names nobody then).
    who: str


def present_steps(
    changes: Iterable[StatusChangeBase], audit_name: Callable[[StatusChangeBase], str]
) -> tuple[PresentedStep, ...]:
    """The history rows as a person reads them; ``audit_name(change)`` is the status action
    of the workflow the row belongs to (its states give the labels). Two queries for the people
    whatever the number of rows."""
    rows = list(changes)
    people = describe_people(
        (int(actor_id), local_date(c.at))
        for c in rows
        if (actor_id := getattr(c, "actor_id", None)) is not None
    )
    steps = []
    for c in rows:
        name = audit_name(c)
        actor_id = getattr(c, "actor_id", None)
        steps.append(
            PresentedStep(
                change=c,
                when=local_time(c.at),
                from_label=state_label(name, c.from_status) if c.from_status else "",
                to_label=state_label(name, c.to_status),
                who=people.get((actor_id, local_date(c.at)), "") if actor_id is not None else "",
            )
        )
    return tuple(steps)
