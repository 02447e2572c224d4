"""The case file (hồ sơ giải quyết): the documents of a case in their legal order, who may read
it, closing it and handing it to the archive.

The law asks for one file per resolution, its pages numbered, holding the letter, the evidence,
the verification and dialogue minutes, the decision and the other documents (Luật Khiếu nại
Art. 34; Luật Tố cáo Art. 39; TT 07/2013/TT-TTCP Art. 23). The file is closed once the decision
has been sent and, where the law requires it, published; it goes to the archive within 30 days
of closing (the rule ``archive.case_file``).

**Parts.** The order is a declared list of parts (``Part``: a key, an order, a title, and a
function that returns the part's items for a case), registered with ``register_part``. A context
that adds records to cases (a verification report, a verification plan...) registers its own
part at the order it belongs to; nothing here changes. The orders used here leave room:

====  =====================================================================
 10   the letter and its attachments
 20   the acceptance notice or decision
 30   the assignment of verification and the verification notes
 40   the dialogue minutes
 50   withdrawals, extensions, suspensions and resumptions
 60   (free: the verification report)
 70   the decision, conclusion or answer (or the decision ending the resolution)
 80   the record of sending
 90   the publication
900   any other document issued about the letter or the case
====  =====================================================================

An issued document belongs to the part that declares its template key (``template_keys``);
a document no part declares falls into "other documents", so a new notice is never left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.accounts.actors import acting_user
from danvan.core import audit, calendar
from danvan.core.actors import Actor, Viewer
from danvan.documents.models import IssuedDocument
from danvan.letters import deadlines, selectors
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import LetterKind, NoteKind, RuleKey
from danvan.letters.errors import CaseError
from danvan.letters.models import (
    Attachment,
    Case,
    CaseFile,
    CaseNote,
    Letter,
    Publication,
    Withdrawal,
)
from danvan.letters.policies import LetterPolicy
from danvan.letters.states import CaseStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "FilePart",
    "Item",
    "Part",
    "Record",
    "Sources",
    "case_file_archive",
    "case_file_close",
    "case_file_parts",
    "close_refusal",
    "file_of",
    "file_open",
    "register_part",
    "registered_parts",
]


# --- what a file holds ------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """What the case holds as data rather than as a file (a note, minutes, the sending): the
    export writes it on a page of its own."""

    heading: str
    rows: tuple[tuple[str, str], ...] = ()
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """One document of the file: an issued document (DOCX), a file received with the letter,
    or a record written from the case's data."""

    key: str
    title: str
    on: dt.date | None
    document: IssuedDocument | None = None
    attachment: Attachment | None = None
    record: Record | None = None

    @property
    def kind(self) -> str:
        if self.document is not None:
            return "document"
        if self.attachment is not None:
            return "attachment"
        return "record"


@dataclass
class Sources:
    """What the parts read, loaded once for a case: the case, its letter, the documents issued
    about them (current versions only), and which template keys some part declares."""

    case: Case
    letter: Letter
    viewer: Viewer
    policy: LetterPolicy
    documents: list[IssuedDocument]
    claimed_templates: frozenset[str] = frozenset()
    #: Attachments shown with a note rather than with the letter.
    note_attachment_ids: frozenset[int] = field(default_factory=frozenset)

    def documents_with(self, keys: Iterable[str]) -> list[IssuedDocument]:
        wanted = set(keys)
        return [d for d in self.documents if d.template_key in wanted]


@dataclass(frozen=True)
class Part:
    """One part of the file, in the legal order (``order``, smallest first)."""

    key: str
    order: int
    title: StrOrPromise
    items: Callable[[Sources], list[Item]]
    #: The issued documents this part holds, by template key.
    template_keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class FilePart:
    part: Part
    items: list[Item]


_PARTS: dict[str, Part] = {}


def register_part(part: Part) -> Part:
    """Add ``part`` to the file (registering a key again replaces it)."""
    _PARTS[part.key] = part
    return part


def registered_parts() -> list[Part]:
    return sorted(_PARTS.values(), key=lambda p: (p.order, p.key))


def _day(value: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return calendar.local_date(value)
    return value


def _fmt(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _document_item(document: IssuedDocument) -> Item:
    title = document.title or str(document.get_doc_type_display())
    summary = document.summary.strip()
    label = f"{title} {document.display_symbol}" + (f" — {summary}" if summary else "")
    return Item(
        key=f"document:{document.pk}",
        title=label,
        on=document.issued_on or document.drafted_on,
        document=document,
    )


def _attachment_item(attachment: Attachment) -> Item:
    return Item(
        key=f"attachment:{attachment.pk}",
        title=attachment.original_name,
        on=_day(attachment.uploaded_at),
        attachment=attachment,
    )


def _sorted(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.on or dt.date.min, i.key))


# --- the parts of the law ---------------------------------------------------------------------


def _letter_items(src: Sources) -> list[Item]:
    letter = src.letter
    rows: list[tuple[str, str]] = [
        (gettext("Register number"), letter.register_label),
        (gettext("Received on"), _fmt(letter.received_on)),
        (gettext("Channel"), str(letter.get_channel_display())),
        (gettext("Kind of letter"), str(letter.get_kind_display())),
        (gettext("Subject"), letter.subject),
    ]
    if letter.letter_date:
        rows.append((gettext("Date on the letter"), _fmt(letter.letter_date)))
    if letter.forwarded_by_body:
        rows.append((gettext("Forwarded by"), letter.forwarded_by_body))
    # The file is read only by those who may read the identity (``can_read_case_file``): the
    # signers are read through the audited selector.
    for signer in selectors.signers_for(
        viewer=src.viewer, letter=letter, purpose="case_file", policy=src.policy
    ):
        who = ", ".join(p for p in (signer.full_name, signer.address, signer.phone) if p)
        rows.append((gettext("Signer %(n)d") % {"n": signer.position}, who))
    record = Record(
        heading=gettext("Letter %(n)s") % {"n": letter.register_label},
        rows=tuple(rows),
        paragraphs=tuple(p for p in letter.content.splitlines() if p.strip()),
    )
    items = [
        Item(
            key=f"letter:{letter.pk}",
            title=gettext("The letter as received (%(n)s)") % {"n": letter.register_label},
            on=letter.received_on,
            record=record,
        )
    ]
    files = [
        a
        for a in letter.attachments.filter(redacted_copy_of__isnull=True).order_by(
            "-signed_letter", "id"
        )
        if a.pk not in src.note_attachment_ids
    ]
    items += [_attachment_item(a) for a in files]
    return items


def _acceptance_items(src: Sources) -> list[Item]:
    return _sorted([_document_item(d) for d in src.documents_with(ACCEPTANCE.template_keys)])


def _note_record(note: CaseNote) -> Record:
    rows: list[tuple[str, str]] = [(gettext("Date"), _fmt(note.occurred_on))]
    if note.place:
        rows.append((gettext("Place"), note.place))
    if note.participants:
        rows.append((gettext("Participants"), note.participants))
    if note.kind == NoteKind.DIALOGUE:
        signed = (
            gettext("Signed by every participant.")
            if note.signed_by_all
            else gettext("Not signed by everyone: %(reason)s") % {"reason": note.refusal_reason}
        )
        rows.append((gettext("Signatures"), signed))
    rows.append((gettext("Written by"), note.author.get_full_name()))
    return Record(
        heading=str(note.get_kind_display()),
        rows=tuple(rows),
        paragraphs=tuple(p for p in note.text.splitlines() if p.strip()),
    )


def _note_items(notes: Iterable[CaseNote]) -> list[Item]:
    items: list[Item] = []
    for note in notes:
        items.append(
            Item(
                key=f"note:{note.pk}",
                title=" — ".join(p for p in (str(note.get_kind_display()), note.place) if p),
                on=note.occurred_on,
                record=_note_record(note),
            )
        )
        if note.attachment is not None:
            items.append(_attachment_item(note.attachment))
    return items


def _notes(src: Sources, kinds: set[str]) -> list[CaseNote]:
    return list(
        src.case.notes.filter(kind__in=kinds)
        .select_related("author", "attachment")
        .order_by("occurred_on", "id")
    )


def _verification_items(src: Sources) -> list[Item]:
    assignments = list(
        src.case.assignments.select_related("user", "assigned_by").order_by("assigned_at", "id")
    )
    items: list[Item] = []
    if assignments:
        rows = []
        for a in assignments:
            period = _fmt(_day(a.assigned_at))
            if a.ended_at is not None:
                period += f" – {_fmt(_day(a.ended_at))}"
            rows.append(
                (
                    a.user.get_full_name(),
                    gettext("assigned by %(by)s, %(period)s")
                    % {"by": a.assigned_by.get_full_name(), "period": period},
                )
            )
        items.append(
            Item(
                key=f"assignment:{src.case.pk}",
                title=gettext("Assignment of the verification"),
                on=_day(assignments[0].assigned_at),
                record=Record(heading=gettext("Assignment of the verification"), rows=tuple(rows)),
            )
        )
    return items + _note_items(_notes(src, {NoteKind.VERIFICATION}))


def _dialogue_items(src: Sources) -> list[Item]:
    return _note_items(_notes(src, {NoteKind.DIALOGUE}))


def _withdrawal_record(withdrawal: Withdrawal) -> Record:
    rows: list[tuple[str, str]] = [
        (gettext("Received on"), _fmt(withdrawal.received_on)),
        (gettext("Scope"), str(withdrawal.get_scope_display())),
        (gettext("Signers"), ", ".join(s.full_name for s in withdrawal.signers.all())),
        (
            gettext("Resolution continues"),
            gettext("yes") if withdrawal.continues else gettext("no"),
        ),
    ]
    paragraphs = tuple(p for p in (withdrawal.content, withdrawal.reason) if p.strip())
    return Record(heading=gettext("Withdrawal"), rows=tuple(rows), paragraphs=paragraphs)


def _course_items(src: Sources) -> list[Item]:
    items = [_document_item(d) for d in src.documents_with(COURSE.template_keys)]
    for w in src.case.withdrawals.prefetch_related("signers").order_by("received_on", "id"):
        items.append(
            Item(
                key=f"withdrawal:{w.pk}",
                title=gettext("Withdrawal received on %(date)s") % {"date": _fmt(w.received_on)},
                on=w.received_on,
                record=_withdrawal_record(w),
            )
        )
    return _sorted(items)


def _decision_items(src: Sources) -> list[Item]:
    return _sorted([_document_item(d) for d in src.documents_with(DECISION.template_keys)])


def _sending_items(src: Sources) -> list[Item]:
    case = src.case
    if case.sent_on is None:
        return []
    rows: list[tuple[str, str]] = [(gettext("Sent on"), _fmt(case.sent_on))]
    document = case.decision_document
    if document is not None:
        rows.append(
            (gettext("Document"), f"{document.display_symbol} ({_fmt(document.issued_on)})")
        )
        for line in document.recipient_lines():
            rows.append((gettext("Sent to"), line.strip(" -+;.")))
    return [
        Item(
            key=f"sending:{case.pk}",
            title=gettext("Record of sending the decision"),
            on=case.sent_on,
            record=Record(heading=gettext("Record of sending the decision"), rows=tuple(rows)),
        )
    ]


def _publication_items(src: Sources) -> list[Item]:
    items = []
    for p in src.letter.publications.order_by("starts_on", "id"):
        rows: list[tuple[str, str]] = [(gettext("Published from"), _fmt(p.starts_on))]
        if p.ends_on:
            rows.append((gettext("Published until"), _fmt(p.ends_on)))
        rows.append(
            (gettext("Required by law"), gettext("yes") if p.required_by_law else gettext("no"))
        )
        items.append(
            Item(
                key=f"publication:{p.pk}",
                title=gettext("Publication: %(title)s") % {"title": p.title},
                on=p.starts_on,
                record=Record(
                    heading=p.title,
                    rows=tuple(rows),
                    paragraphs=tuple(x for x in p.text.splitlines() if x.strip()),
                ),
            )
        )
    return items


def _other_items(src: Sources) -> list[Item]:
    documents = [d for d in src.documents if d.template_key not in src.claimed_templates]
    items = [_document_item(d) for d in documents] + _note_items(_notes(src, {NoteKind.OTHER}))
    return _sorted(items)


LETTER: Final = register_part(
    Part("letter", 10, _("The letter and its attachments"), _letter_items)
)
ACCEPTANCE: Final = register_part(
    Part(
        "acceptance",
        20,
        _("Acceptance"),
        _acceptance_items,
        template_keys=frozenset({"letters.acceptance"}),
    )
)
VERIFICATION: Final = register_part(
    Part("verification", 30, _("Verification: assignment and notes"), _verification_items)
)
DIALOGUE: Final = register_part(Part("dialogue", 40, _("Dialogue minutes"), _dialogue_items))
COURSE: Final = register_part(
    Part(
        "course",
        50,
        _("Withdrawals, extensions, suspensions and resumptions"),
        _course_items,
        template_keys=frozenset({"letters.extension", "letters.suspension", "letters.resumption"}),
    )
)
DECISION: Final = register_part(
    Part(
        "decision",
        70,
        _("The decision, conclusion or answer"),
        _decision_items,
        template_keys=frozenset(
            {
                "letters.complaint_decision",
                "letters.denunciation_conclusion",
                "letters.answer",
                "letters.termination",
            }
        ),
    )
)
SENDING: Final = register_part(Part("sending", 80, _("Sending the decision"), _sending_items))
PUBLICATION: Final = register_part(Part("publication", 90, _("Publication"), _publication_items))
OTHER: Final = register_part(Part("other", 900, _("Other documents"), _other_items))


# --- reading the file -------------------------------------------------------------------------


def require_reader(policy: LetterPolicy, case: Case) -> None:
    """Refuse (403) anyone who may not read the whole file (``can_read_case_file``)."""
    if not policy.can_read_case_file(case):
        raise PermissionDenied(
            gettext(
                "Only the officers working on this case who may read its signers' identity "
                "may open its file."
            )
        )


def case_file_parts(
    *, viewer: Viewer, case: Case, policy: LetterPolicy | None = None
) -> list[FilePart]:
    """The parts of the case's file with their items, in the legal order; empty parts are
    kept (the page says so). Refuses (403) who may not read the whole file."""
    policy = policy or LetterPolicy(viewer)
    require_reader(policy, case)
    letter = case.letter
    documents = [d for d in selectors.documents_of(letter, case) if d.replaced_by_id is None]
    parts = registered_parts()
    src = Sources(
        case=case,
        letter=letter,
        viewer=viewer,
        policy=policy,
        documents=documents,
        claimed_templates=frozenset(k for p in parts for k in p.template_keys),
        note_attachment_ids=frozenset(
            case.notes.filter(attachment__isnull=False).values_list("attachment_id", flat=True)
        ),
    )
    return [FilePart(part=p, items=p.items(src)) for p in parts]


def file_of(case: Case) -> CaseFile | None:
    """The file's closing record, ``None`` while the file is open."""
    return CaseFile.objects.filter(case_id=case.pk).first()


def file_open(case: Case) -> bool:
    """Whether new records may still be added to the file (it is read-only once closed)."""
    return not CaseFile.objects.filter(case_id=case.pk).exists()


def file_open_message(case: Case) -> str:
    return gettext(
        "The file of this case is closed: nothing more can be added to it "
        "(TT 07/2013/TT-TTCP Art. 23)."
    )


# --- closing and archiving ----------------------------------------------------------------------

#: Where the law requires the result to be published, by kind of letter.
_PUBLICATION_BASIS: Final = {
    LetterKind.DENUNCIATION: "Luật Tố cáo 2018, Điều 40; Nghị định 31/2019/NĐ-CP, Điều 6",
    LetterKind.COMPLAINT: "Luật Khiếu nại 2011, Điều 41",
    LetterKind.FEEDBACK: "Nghị định 20/2008/NĐ-CP, Điều 14",
    LetterKind.PETITION: "Nghị định 20/2008/NĐ-CP, Điều 14",
}


def published(case: Case, on: dt.date | None = None) -> bool:
    """Whether the case's result has been made public (by ``on``, if given)."""
    rows = Publication.objects.filter(letter_id=case.letter_id)
    if on is not None:
        rows = rows.filter(starts_on__lte=on)
    return rows.exists()


def close_refusal(case: Case, on: dt.date | None = None) -> str | None:
    """Why the file cannot be closed now, with the article; ``None`` when it can.

    The file is closed when the decision has been sent and, where the law requires it,
    published (TT 07/2013/TT-TTCP Art. 23); a resolution ended by decision (đình chỉ) has no
    decision to send or publish, and its file closes once it has ended.
    """
    if CaseFile.objects.filter(case_id=case.pk).exists():
        return gettext("The file of this case is already closed.")
    if case.status == CaseStatus.TERMINATED:
        return None
    if case.status != CaseStatus.CLOSED or case.sent_on is None:
        return gettext(
            "The decision has not been sent yet: the file is closed once the decision has "
            "been sent and, where the law requires it, published (TT 07/2013/TT-TTCP Art. 23)."
        )
    if selectors.publication_required_by_law(case) and not published(case, on):
        return gettext(
            "The law requires this result to be published (%(basis)s) before the file is "
            "closed (TT 07/2013/TT-TTCP Art. 23)."
        ) % {"basis": _PUBLICATION_BASIS.get(LetterKind(case.kind), "")}
    return None


def archive_refusal(case: Case) -> str | None:
    """Why the file cannot be handed to the archive now; ``None`` when it can."""
    found = file_of(case)
    if found is None:
        return gettext("Close the file before handing it to the archive.")
    if found.handed_on is not None:
        return gettext("The file was already handed to the archive.")
    return None


@transaction.atomic
def case_file_close(
    *,
    case: Case,
    actor: Actor,
    closed_on: dt.date | None = None,
    expected_version: int | None = None,
) -> CaseFile:
    """Close the case's file (TT 07/2013/TT-TTCP Art. 23): once the decision has been sent and,
    where the law requires it (``selectors.publication_required_by_law``), published. The file
    is due at the archive within the rule ``archive.case_file`` (30 days) of closing."""
    from danvan.letters.workflows import CASE_WORKFLOW

    CASE_WORKFLOW.require_power(actor, "close_file", case)
    day = closed_on or calendar.today_local()
    refusal = close_refusal(case, day)
    if refusal is not None:
        raise CaseError(refusal)
    if day > calendar.today_local():
        raise CaseError(gettext("The closing date cannot be in the future."))
    ended = case.sent_on or case.ended_on
    if ended is not None and day < ended:
        raise CaseError(gettext("The file cannot be closed before the resolution ended."))
    rule = deadlines.rule_in_effect(RuleKey.ARCHIVE_CASE_FILE, day)
    CASE_WORKFLOW.claim(case, expected_version=expected_version)
    found = CaseFile.objects.create(
        case=case,
        closed_on=day,
        closed_by=acting_user(actor),
        archive_rule=rule,
        archive_due_on=deadlines.due_date(rule, day),
    )
    audit.record(
        action=AuditAction.CASE_FILE_CLOSED,
        actor=actor,
        target=case,
        extra={"closed_on": day.isoformat(), "archive_due_on": found.archive_due_on.isoformat()},
    )
    return found


@transaction.atomic
def case_file_archive(
    *,
    case: Case,
    actor: Actor,
    handed_on: dt.date,
    archive_reference: str,
    group_one: str,
    group_two: str,
    expected_version: int | None = None,
) -> CaseFile:
    """Record that the closed file was handed to the archive, in its two groups of documents
    (TT 07/2013/TT-TTCP Art. 23); late hand-overs are recorded too (the work item says so
    while it is late)."""
    from danvan.letters.workflows import CASE_WORKFLOW

    CASE_WORKFLOW.require_power(actor, "archive_file", case)
    refusal = archive_refusal(case)
    if refusal is not None:
        raise CaseError(refusal)
    found = CaseFile.objects.select_for_update().get(case_id=case.pk)
    if handed_on > calendar.today_local():
        raise CaseError(gettext("The hand-over date cannot be in the future."))
    if handed_on < found.closed_on:
        raise CaseError(gettext("The file cannot be handed over before it was closed."))
    if not archive_reference.strip():
        raise CaseError(gettext("Give the archive's reference of the file."))
    if not group_one.strip() or not group_two.strip():
        raise CaseError(gettext("Say what each of the two groups of documents holds."))
    CASE_WORKFLOW.claim(case, expected_version=expected_version)
    found.handed_on = handed_on
    found.archive_reference = archive_reference.strip()[:100]
    found.handed_by = acting_user(actor)
    found.group_one = group_one.strip()
    found.group_two = group_two.strip()
    found.save(
        update_fields=["handed_on", "archive_reference", "handed_by", "group_one", "group_two"]
    )
    audit.record(
        action=AuditAction.CASE_FILE_ARCHIVED,
        actor=actor,
        target=case,
        extra={
            "handed_on": handed_on.isoformat(),
            "late": handed_on > found.archive_due_on,
        },
    )
    return found
