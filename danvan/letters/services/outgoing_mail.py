"""The notices to citizens that go by post: the unit's outgoing mail.

A notice addressed to a citizen who wrote by post, or who left no telephone and no e-mail,
waits here (``CitizenNotice.by_post``) until an officer of the issuing unit, or one working on
the case, records that it was mailed. The list shows the addressee's name and postal address:
for a protected letter (denunciation content) only to those who may read its signers, and each
such read is audited (``selectors.signers_for``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from danvan.core import audit, calendar
from danvan.core.actors import Actor, Viewer
from danvan.core.errors import ApplicationError
from danvan.documents.models import DocumentStatus, IssuedDocument
from danvan.letters import selectors
from danvan.letters.audit_actions import AuditAction
from danvan.letters.models import CitizenNotice, Letter
from danvan.letters.policies import LetterPolicy

__all__ = ["MailItem", "OutgoingMail", "OutgoingMailError", "notice_mark_mailed", "outgoing_mail"]


class OutgoingMailError(ApplicationError):
    pass


@dataclass(frozen=True)
class MailItem:
    notice: CitizenNotice
    letter: Letter
    document: IssuedDocument
    name: str
    address: str


@dataclass(frozen=True)
class OutgoingMail:
    items: list[MailItem]
    #: Notices of the viewer's units waiting for someone else (a denouncer's, posted by those
    #: who may read the identity): counted, never described.
    others: int


def _waiting() -> Q:
    """Notices going by post, issued (signed and numbered) and not yet mailed."""
    return Q(by_post=True, mailed_on__isnull=True, document__status=DocumentStatus.ISSUED)


def outgoing_mail(*, viewer: Viewer, policy: LetterPolicy | None = None) -> OutgoingMail:
    """The notices waiting to be posted that ``viewer`` may post, oldest first, each with its
    addressee's name and address."""
    policy = policy or LetterPolicy(viewer)
    units = policy.intake_unit_ids()
    assigned = policy.assigned_letter_ids()
    found = (
        CitizenNotice.objects.filter(_waiting())
        .filter(Q(document__unit_id__in=units) | Q(letter_id__in=assigned))
        .select_related("letter", "letter__unit", "document", "document__unit")
        .order_by("document__issued_on", "pk")
    )
    items: list[MailItem] = []
    others = 0
    for notice in found:
        letter = notice.letter
        if not policy.can_post_notice(letter, notice.document.unit_id):
            others += 1
            continue
        signers = selectors.signers_for(
            viewer=viewer, letter=letter, purpose="outgoing_mail", policy=policy
        )
        addressee = next(
            iter(
                sorted(
                    (s for s in signers if s.withdrawn_on is None),
                    key=lambda s: (not s.is_representative, s.position),
                )
            ),
            None,
        )
        items.append(
            MailItem(
                notice=notice,
                letter=letter,
                document=notice.document,
                name=addressee.full_name if addressee is not None else "",
                address=addressee.address if addressee is not None else "",
            )
        )
    return OutgoingMail(items=items, others=others)


@transaction.atomic
def notice_mark_mailed(
    *, notice: CitizenNotice, actor: Actor, mailed_on: dt.date | None = None
) -> CitizenNotice:
    """Record that the notice was put in the post on ``mailed_on`` (today by default)."""
    notice = (
        CitizenNotice.objects.select_for_update()
        .select_related("letter", "document")
        .get(pk=notice.pk)
    )
    if not LetterPolicy(actor).can_post_notice(notice.letter, notice.document.unit_id):
        raise PermissionDenied(_("You may not post the notices of this unit."))
    if not notice.by_post:
        raise OutgoingMailError(_("This notice does not go by post."))
    if notice.mailed_on is not None:
        raise OutgoingMailError(_("This notice was already marked as mailed."))
    day = mailed_on or calendar.today_local()
    if day > calendar.today_local():
        raise OutgoingMailError(_("The date of mailing cannot be in the future."))
    issued_on = notice.document.issued_on
    if issued_on is None:
        raise OutgoingMailError(
            _("This notice is not issued yet: it is signed and numbered before it is mailed.")
        )
    if day < issued_on:
        raise OutgoingMailError(_("A notice cannot be mailed before it was issued."))
    notice.mailed_on = day
    notice.mailed_by = actor if getattr(actor, "pk", None) else None  # type: ignore[assignment]
    notice.save(update_fields=["mailed_on", "mailed_by"])
    audit.record(
        action=AuditAction.NOTICE_MAILED,
        actor=actor,
        target=notice.letter,
        fields=["mailed_on"],
        extra={"notice": notice.pk, "document": notice.document_id, "on": day.isoformat()},
    )
    return notice
