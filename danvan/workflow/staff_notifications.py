"""Staff notifications: a person in the back office is told, once, when something is theirs to
do — a case assigned to them, a proposal awaiting their approval, their proposal returned with
comments.

Each notification is shown in the back office (the count of unread ones in the header, the list
page ``workflow:notifications``) and queued once as an e-mail to the person's account address
through ``danvan.notifications`` (which takes addresses, not users; its row is written in the
same transaction and delivered after commit). Modules emit with ``notify(...)`` inside the
transaction of the change itself, so a change that is rolled back tells nobody.

Exactly once: ``key`` names the event (``"letters.case#7:assigned:12"``, ``"workflow.proposal#3:
awaiting:r2"``), unique per recipient; a retry or a second run of the same event adds no
notification and no e-mail. The person who made the change is never told of it.

What a notification says is built when it is read, from its kind and the neutral label of the
object (``core.audit_present.target_labels``: a register or case number, as the audit trail
names it), never from content or a signer: nothing in it identifies a denouncer.

Services: ``notify``, ``mark_read``, ``mark_all_read``, ``purge_read``. Selectors:
``unread_count``, ``notifications_for``, ``text_of``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.actors import Actor, user_of
from danvan.core.audit_present import target_labels
from danvan.core.retention import retention_of
from danvan.workflow.audit_actions import AuditAction
from danvan.workflow.choices import NoticeKind
from danvan.workflow.models import StaffNotification

if TYPE_CHECKING:
    from danvan.workflow.models import Proposal

__all__ = [
    "KEEP_READ_DAYS",
    "PAGE_SIZE",
    "Notice",
    "mark_all_read",
    "mark_read",
    "notifications_for",
    "notify",
    "purge_read",
    "text_of",
    "unread_count",
]


def _delivery_days() -> int:
    """The days a read notification is kept: its retention class's period."""
    period = retention_of(StaffNotification).rule.dispose_after
    if period is None or period.months:
        raise ValueError("A staff notification's retention period must be a number of days.")
    return period.days


#: How many notifications the list page shows at a time (older ones follow a link).
PAGE_SIZE: Final = 50
#: Read notifications are kept for their retention class's period, then the daily job deletes
#: them (``core.retention``: ``DELIVERY``, a period in days).
KEEP_READ_DAYS: Final = _delivery_days()
_EVENT: Final = "workflow.staff_notification"
_REQUEST_CACHE: Final = "_danvan_unread_notifications"


# -- what a notification says ----------------------------------------------------------------


def text_of(notification: StaffNotification, label: str) -> str:
    """The sentence the person reads, in the current language; ``label`` is the object's
    neutral label (``Case no. 02/2026/KN``)."""
    values = {"target": label, "number": notification.proposal_id or ""}
    if notification.kind == NoticeKind.ASSIGNED:
        return _("%(target)s has been assigned to you.") % values
    if notification.kind == NoticeKind.AWAITING:
        return _("Proposal no. %(number)s on %(target)s awaits your approval.") % values
    return _("Your proposal no. %(number)s on %(target)s was returned with comments.") % values


def _label_of(notification: StaffNotification, labels: dict[tuple[str, str], str]) -> str:
    return labels.get((notification.target_type, notification.target_id), "")


# -- writes ----------------------------------------------------------------------------------


def _email(notification: StaffNotification, user: Any, label: str) -> None:
    """Queue the notification's e-mail (in the platform's language: the outbox knows no user's
    preference) and remember it on the notification."""
    from danvan.notifications import services as outbox

    base = str(getattr(settings, "DANVAN_PUBLIC_URL", "") or "").rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        sentence = text_of(notification, label)
        subject = _("Dân Vận Số: %(what)s") % {"what": sentence}
        body = "\n\n".join(
            [
                sentence,
                _("Open it in the back office: %(url)s") % {"url": f"{base}{notification.url}"},
                _(
                    "You receive this e-mail because the work is yours in Dân Vận Số. Your "
                    "notifications are also listed in the back office."
                ),
            ]
        )
    messages = outbox.message_send(
        event=_EVENT,
        subject=subject,
        body=body,
        email=user.email,
        target_ref=f"workflow.staffnotification#{notification.pk}",
    )
    if messages:
        StaffNotification.objects.filter(pk=notification.pk).update(message=messages[0])
        notification.message = messages[0]


@transaction.atomic
def notify(
    *,
    kind: NoticeKind,
    key: str,
    recipients: Iterable[int],
    target: models.Model,
    url: str,
    actor: Actor | None = None,
    proposal: Proposal | None = None,
) -> list[StaffNotification]:
    """Tell each of ``recipients`` (user ids) about the event ``key`` on ``target``, once.

    Leaves out the person who acted (``actor``), inactive accounts and anyone already told of
    this ``key``; writes one ``StaffNotification`` per remaining person and queues one e-mail
    for each who has an address (delivered after the caller's transaction commits). Call it
    inside the transaction of the change. Returns the notifications written.
    """
    acting = user_of(actor) if actor is not None else None
    actor_id = getattr(acting, "pk", None)
    wanted = {int(r) for r in recipients} - {actor_id}
    if not wanted:
        return []
    told = set(
        StaffNotification.objects.filter(key=key, recipient_id__in=wanted).values_list(
            "recipient_id", flat=True
        )
    )
    people = list(
        get_user_model()
        .objects.filter(pk__in=wanted - told, is_active=True)
        .only("pk", "email")
        .order_by("pk")
    )
    if not people:
        return []
    target_type, target_id = target._meta.label_lower, str(target.pk)
    with translation.override(settings.LANGUAGE_CODE):
        label = target_labels([(target_type, target_id)]).get((target_type, target_id), "")
    written: list[StaffNotification] = []
    for person in people:
        try:
            with transaction.atomic():
                notification = StaffNotification.objects.create(
                    recipient_id=person.pk, kind=kind, key=key[:150],
                    target_type=target_type, target_id=target_id, url=url[:300],
                    proposal=proposal, actor_id=actor_id,
                )  # fmt: skip
        except IntegrityError:
            continue  # told meanwhile by a concurrent run of the same event
        if getattr(person, "email", ""):
            _email(notification, person, label)
        written.append(notification)
    return written


def _mine(actor: Actor) -> models.QuerySet[StaffNotification]:
    user = user_of(actor)
    return StaffNotification.objects.filter(recipient_id=getattr(user, "pk", None))


@transaction.atomic
def mark_read(*, actor: Actor, pk: Any, request: Any = None) -> StaffNotification:
    """Mark the person's own notification ``pk`` read (again: harmless). Someone else's, or
    one that does not exist, is ``Http404``: nobody learns what others are told."""
    try:
        notification = _mine(actor).select_for_update().get(pk=int(pk))
    except (StaffNotification.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404 from None
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit.record(
            action=AuditAction.NOTIFICATION_READ,
            actor=actor,
            target=notification,
            extra={"count": 1},
            request=request,
        )
    return notification


@transaction.atomic
def mark_all_read(*, actor: Actor, request: Any = None) -> int:
    """Mark every unread notification of the person read; returns how many."""
    count = _mine(actor).filter(read_at__isnull=True).update(read_at=timezone.now())
    if count:
        audit.record(
            action=AuditAction.NOTIFICATION_READ,
            actor=actor,
            extra={"count": count},
            request=request,
        )
    return count


def purge_read(before: dt.datetime) -> int:
    """Delete the notifications read before ``before``; returns how many."""
    deleted, _counts = StaffNotification.objects.filter(read_at__lt=before).delete()
    return deleted


# -- reads -----------------------------------------------------------------------------------


def unread_count(user: Any, *, request: Any = None) -> int:
    """How many of the person's notifications are unread: one query, kept on ``request`` so a
    page that shows it twice asks once."""
    if request is not None and hasattr(request, _REQUEST_CACHE):
        return int(getattr(request, _REQUEST_CACHE))
    pk = getattr(user, "pk", None)
    count = (
        0 if pk is None else StaffNotification.objects.filter(recipient_id=pk, read_at=None).count()
    )
    if request is not None:
        setattr(request, _REQUEST_CACHE, count)
    return count


@dataclass(frozen=True)
class Notice:
    """A notification as its page shows it."""

    notification: StaffNotification
    text: str

    @property
    def unread(self) -> bool:
        return self.notification.read_at is None


def notifications_for(user: Any, *, before: int | None = None) -> tuple[list[Notice], int | None]:
    """The person's notifications, newest first, ``PAGE_SIZE`` at a time (those older than the
    id ``before``), and the id to ask for the next page with (``None`` at the end).

    One query for the page (with who acted), one per kind of object for their labels."""
    rows = _mine(user).select_related("actor").order_by("-id")
    if before is not None:
        rows = rows.filter(id__lt=before)
    page: Sequence[StaffNotification] = list(rows[: PAGE_SIZE + 1])
    more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    labels = target_labels((n.target_type, n.target_id) for n in page)
    notices = [Notice(n, text_of(n, _label_of(n, labels))) for n in page]
    return notices, (page[-1].pk if more and page else None)
