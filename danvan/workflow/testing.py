"""The generated permission walk every module runs on its declared workflows: for each person
(a role in a relation to the object), each object (one per status), and each declared move,
the page is read as that person and the move's form is sent as the page would send it. The
walk records whether the page offered the move and whether the service accepted it; a module's
test asserts that the two always agree and that every move was accepted somewhere.

Each post runs in a savepoint that is rolled back, so one object serves every move.

A move declared as needing approval is walked through its proposing view
(``proposal_views.ProposeMoveView``): accepted means the proposal was made. The actions on a
proposal (approve, return, propose again, withdraw) are the moves of ``PROPOSAL_WORKFLOW`` and
are walked the same way over one proposal per state (``proposal_views.PROPOSAL_ACTIONS``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.test import Client
from django.urls import reverse

from danvan.workflow.approvals import approval_of
from danvan.workflow.proposal_views import ProposeMoveView
from danvan.workflow.views import ObjectActionView


@dataclass(frozen=True)
class Outcome:
    """One person, one object, one move: offered on the page, accepted by the service."""

    person: str
    obj: str
    status: str
    move: str
    offered: bool
    accepted: bool
    code: int

    def __str__(self) -> str:
        return (
            f"{self.person} on {self.obj} ({self.status}), {self.move}: offered={self.offered}, "
            f"accepted={self.accepted} (HTTP {self.code})"
        )


def walk(
    client: Client,
    *,
    people: Mapping[tuple[str, str], Any],
    objects: Mapping[str, models.Model],
    actions: Sequence[type[ObjectActionView]],
    page_url: Callable[[Any], str],
    data_for: Callable[[str, Any], Mapping[str, Any]],
) -> Iterator[Outcome]:
    """Walk every person × object × action (see the module docstring). ``people`` maps
    (role, relation) to a user; every relation the actions' workflows declare must have
    someone, and every relation named must be declared (or be ``"none"``: a citizen). An action
    is accepted when its post redirects (the service ran and its transaction would commit)."""
    declared = {r for action in actions for r in action.workflow.relations} | {"none"}
    named = {relation for _role, relation in people}
    if named - declared or declared - named - {"none"}:
        raise ValueError(
            f"relations named but not declared: {sorted(named - declared)}; declared but "
            f"walked by nobody: {sorted(declared - named - {'none'})}"
        )
    # A move that needs approval is proposed (``ProposeMoveView``), or made by its module's
    # service: directly by one who may approve it, proposed by anyone else (``ObjectActionView``).
    direct = [
        a.key for a in actions
        if (approval := approval_of(a.workflow.get(a.move()))) is not None
        and approval.perform is None and not issubclass(a, ProposeMoveView)
    ]  # fmt: skip
    if direct:
        raise ValueError(f"moves that need approval made directly, not proposed: {direct}")
    for (role, relation), person in people.items():
        label = f"{role}, {relation}"
        client.force_login(person)
        for name, obj in objects.items():
            obj.refresh_from_db()
            page = client.get(page_url(obj))
            html = page.content.decode() if page.status_code == 200 else ""
            for action in actions:
                url = reverse(action.url_name.format(key=action.key), args=[obj.pk])
                offered = f'action="{url}"' in html
                with transaction.atomic():
                    data = dict(data_for(action.key, obj))
                    # What a proposal says, in case the person proposes the move.
                    data.setdefault(f"{action.key}-reasons", "Đề xuất theo quy định.")
                    response = client.post(url, data)
                    transaction.set_rollback(True)
                yield Outcome(
                    person=label,
                    obj=name,
                    status=str(getattr(obj, action.workflow.status_field)),
                    move=action.key,
                    offered=offered,
                    accepted=response.status_code == 302,
                    code=response.status_code,
                )
