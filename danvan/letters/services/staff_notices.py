"""What the letters context tells its officers in the back office and by e-mail (the kit's
``workflow.staff_notifications``): a case assigned to them. Proposals awaiting approval and
returned are told by the kit itself."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse

from danvan.core.actors import Actor
from danvan.letters.models import Case
from danvan.workflow import staff_notifications
from danvan.workflow.choices import NoticeKind

__all__ = ["notify_assigned"]


def notify_assigned(case: Case, user_ids: Sequence[int | None], event: str, actor: Actor) -> None:
    """Tell the people ``user_ids`` that ``case`` is theirs now (named by its case number,
    never by its content or a signer), once per ``event`` (``"handler:<assignment id>"``); the
    actor is never told of their own assignment. Inside the caller's transaction."""
    staff_notifications.notify(
        kind=NoticeKind.ASSIGNED,
        key=f"letters.case#{case.pk}:assigned:{event}",
        recipients=[uid for uid in user_ids if uid is not None],
        target=case,
        url=reverse("letters:staff-case-detail", args=[case.pk]),
        actor=actor,
    )
