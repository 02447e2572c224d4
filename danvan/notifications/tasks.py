"""Background work of the notifications context (``danvan db_worker`` runs it in production).

Arguments are ids only: the database task queue stores them, and must hold no personal data.
"""

from __future__ import annotations

from django_tasks import task

from danvan.notifications import delivery


@task()
def deliver_message(message_id: int) -> str:
    """Send one outbox message (``services.message_send`` enqueues it on commit).

    Returns the message's status afterwards, or ``"skipped"`` when it was already sent, has no
    attempts left or another attempt is under way.
    """
    message = delivery.deliver(message_id=message_id)
    return "skipped" if message is None else str(message.status)
