"""Background work of the notifications context (``danvan db_worker`` runs it in production).

Arguments are ids only, or texts sealed by ``delivery.seal``: the database task queue stores them,
and must hold no personal data nor any readable secret.
"""

from __future__ import annotations

from django_tasks import task

from danvan.notifications import delivery


@task()
def deliver_message(message_id: int, sealed: str = "") -> str:
    """Send one outbox message (``services.message_send`` enqueues it on commit).

    ``sealed``: the real text of a message whose row holds it masked (a secret), sealed by
    ``delivery.seal``; one that cannot be opened (too old, altered) is not sent.
    Returns the message's status afterwards, or ``"skipped"`` when it was already sent, has no
    attempts left or another attempt is under way (``"expired"``: its sealed text is too old).
    """
    text = None
    if sealed:
        text = delivery.unseal(sealed)
        if text is None:
            return "expired"
    message = delivery.deliver(message_id=message_id, text=text)
    return "skipped" if message is None else str(message.status)
