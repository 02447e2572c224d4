"""What the back-office page of a letter and the page of a case show, read for one viewer.

``letter_page`` and ``case_page`` return everything the templates display apart from the forms
of the actions (the views build those). They read in a fixed number of queries: related rows
are joined or prefetched, so a letter with many signers, files, history rows and notices, or a
case with many notes, assignments and withdrawals, costs as many queries as a small one
(``tests/test_page_queries.py``).

The identity rule is the one of ``selectors``: the signers come only from
``selectors.signers_for`` and only when ``policies.can_view_identity`` allows it (each read of
a protected identity is audited there); the text and the files come from
``selectors.letter_text_for`` and ``selectors.attachments_for``; a restricted notice (addressed
to a denouncer) is downloadable only for the same people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.core import audit_present, calendar
from danvan.core.actors import Viewer
from danvan.core.audit_present import PresentedStep
from danvan.documents.models import IssuedDocument
from danvan.letters import deadlines, files, resolvers, selectors
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import ComplexityGround, LetterKind
from danvan.letters.models import (
    Attachment,
    Case,
    CaseAssignment,
    CaseExtension,
    CaseNote,
    CaseNotice,
    CaseSuspension,
    ConclusionMeasure,
    CrimeReferral,
    Letter,
    LetterStatusChange,
    Publication,
    Recusal,
    Signer,
    TieDeclaration,
    Verification,
    VerificationMember,
    VerificationReport,
    Withdrawal,
)
from danvan.letters.policies import LetterPolicy, involved_user_ids
from danvan.letters.protection import OPEN, Shield, shield_for
from danvan.organizations import selectors as org_selectors
from danvan.workflow import proposals
from danvan.workflow.models import Proposal, ProposalState

#: Other people's letters offered for grouping, at most (the most recent first).
CANDIDATES_SHOWN: Final = 50


@dataclass(frozen=True)
class DocumentRow:
    document: IssuedDocument
    downloadable: bool


@dataclass(frozen=True)
class FileRow:
    """A file the viewer may open, and how the page shows it in place (``files.preview_kind``:
    "image", "pdf" or "" for a download only)."""

    attachment: Attachment
    preview: str


def file_rows(attachments: Sequence[Attachment]) -> tuple[FileRow, ...]:
    return tuple(FileRow(a, files.preview_kind(a.content_type)) for a in attachments)


@dataclass(frozen=True)
class WithdrawalRow:
    withdrawal: Withdrawal
    who: list[str]


@dataclass(frozen=True)
class LetterPage:
    """What the letter's page shows of the letter, apart from the letter's own fields."""

    case: Case | None
    deadline: deadlines.DeadlineView | None
    can_view_identity: bool
    #: The original content, or the redacted copy for those who may not read the identity.
    text: str
    attachments: tuple[Attachment, ...]
    #: Empty unless ``can_view_identity``.
    signers: tuple[Signer, ...]
    history: tuple[PresentedStep, ...]
    #: The same person's letters of the same content (the letter itself left out).
    family: tuple[Letter, ...]
    #: Letters made from this one (forwarded copies, the parts of a split).
    derived: tuple[Letter, ...]
    source_letter: Letter | None
    cluster_letters: tuple[Letter, ...]
    cluster_candidates: tuple[Letter, ...]
    #: Which of the letters above the viewer may open.
    linkable: frozenset[int]
    documents: tuple[DocumentRow, ...]
    #: What the viewer may see of the texts written about the letter.
    shield: Shield = OPEN
    #: ``attachments`` with how each is shown in place.
    files: tuple[FileRow, ...] = ()
    #: Once accepted: the case's current handlers and who verifies it, by name.
    case_handlers: tuple[str, ...] = ()
    case_verifier: str = ""


@dataclass(frozen=True)
class ResolverRow:
    """A person who resolves the case for its unit: the head, or a deputy under the head's
    assignment, with the position title."""

    name: str
    title: str
    is_deputy: bool


@dataclass(frozen=True)
class VerificationView:
    """The verification under way (or the last one reported), its team and report."""

    verification: Verification
    leader: VerificationMember | None
    members: tuple[VerificationMember, ...]
    report: VerificationReport | None
    #: The team's people who have declared their ties (user ids).
    declared: frozenset[int]


@dataclass(frozen=True)
class CasePage:
    """What the case's page shows of the case, apart from the case's and letter's own fields."""

    deadline: deadlines.DeadlineView | None
    #: The deadline for sending the decision, until it is sent.
    send_deadline: deadlines.DeadlineView | None
    can_view_identity: bool
    #: Every assignment, ended ones included, in the order they were made.
    handlers: tuple[CaseAssignment, ...]
    #: The labels of the grounds that make the case complicated, in the active language.
    grounds: tuple[str, ...]
    extensions: tuple[CaseExtension, ...]
    suspensions: tuple[CaseSuspension, ...]
    notes: tuple[CaseNote, ...]
    #: With their signers prefetched (position only: no identity is read here).
    withdrawals: tuple[Withdrawal, ...]
    documents: tuple[DocumentRow, ...]
    publications: tuple[Publication, ...]
    appeals: tuple[Case, ...]
    #: Which of the appeals and the previous case the viewer may open.
    linkable_cases: frozenset[int]
    #: Who resolves the case now (the unit's head, or an assigned deputy), never anyone
    #: involved; and whether one who would resolve it is involved (NĐ 31/2019 Art. 5).
    resolvers: tuple[ResolverRow, ...] = ()
    resolver_involved: bool = False
    verification: VerificationView | None = None
    recusals: tuple[Recusal, ...] = ()
    #: A denunciation's notices to send, the measures of its conclusion and its transfers on
    #: signs of a crime (Luật Tố cáo Arts. 27, 29(3), 35(3), 36); empty for other kinds.
    notices: tuple[CaseNotice, ...] = ()
    measures: tuple[ConclusionMeasure, ...] = ()
    referrals: tuple[CrimeReferral, ...] = ()
    #: What the viewer may see of the texts written about the case and its letter.
    shield: Shield = OPEN
    #: The letter's files the viewer may open (``selectors.attachments_for``), and the steps of
    #: the letter and the case.
    files: tuple[FileRow, ...] = ()
    history: tuple[PresentedStep, ...] = ()


def letter_history(letter: Letter) -> tuple[PresentedStep, ...]:
    """Every step of the letter and its case, oldest first, with who took it: in the audit
    trail's words (``core.audit_present``: local time, the states' labels, the person by name,
    role and unit)."""
    changes = LetterStatusChange.objects.filter(letter=letter).order_by("at", "id")
    return audit_present.present_steps(
        changes,
        lambda c: (
            AuditAction.CASE_STATUS if getattr(c, "case_id", None) else AuditAction.LETTER_STATUS
        ),
    )


def document_rows(
    letter: Letter, case: Case | None, *, can_view_identity: bool
) -> tuple[DocumentRow, ...]:
    """The notices about the letter and its case; a restricted one is downloadable only for
    those who may read the identity."""
    return tuple(
        DocumentRow(d, not d.restricted or can_view_identity)
        for d in selectors.documents_of(letter, case)
    )


def letter_page(
    *,
    viewer: Viewer,
    letter: Letter,
    today: dt.date | None = None,
    policy: LetterPolicy | None = None,
) -> LetterPage:
    """What ``viewer`` sees on the page of ``letter``, a letter they may see
    (``views.staff.common.letter_for``). Reading the signers of a protected letter is audited
    with the purpose ``letter_page``."""
    day = today or calendar.today_local()
    case = selectors.case_of(letter)
    policy = policy or LetterPolicy(viewer)
    can_identity = policy.can_view_identity(letter)
    signers = (
        selectors.signers_for(viewer=viewer, letter=letter, purpose="letter_page", policy=policy)
        if can_identity
        else []
    )

    def shown(letters: Any) -> tuple[Letter, ...]:
        return tuple(x for x in letters if may_see_link(policy, letter, x))

    family = shown(selectors.letter_family(letter).exclude(pk=letter.pk).select_related("unit"))
    derived = shown(letter.derived_letters.select_related("unit").order_by("pk"))
    source = letter.source_letter  # loaded with its unit by ``letter_for``
    if source is not None and not may_see_link(policy, letter, source):
        source = None
    cluster_letters = (
        shown(
            Letter.objects.filter(cluster_id=letter.cluster_id)
            .select_related("unit")
            .order_by("received_on", "pk")
        )
        if letter.cluster_id is not None
        else ()
    )
    candidates = shown(
        selectors.cluster_candidates(letter).select_related("unit")[:CANDIDATES_SHOWN]
    )
    related_ids = [x.pk for x in (*family, *derived, *cluster_letters, *candidates)] + [
        pk for pk in (letter.source_letter_id, letter.duplicate_of_id) if pk
    ]
    linkable = (
        frozenset(policy.visible_letters().filter(pk__in=related_ids).values_list("pk", flat=True))
        if related_ids
        else frozenset()
    )
    attachments = tuple(selectors.attachments_for(viewer=viewer, letter=letter, policy=policy))
    handlers: tuple[str, ...] = ()
    verifier = ""
    if case is not None:
        handlers = current_handler_names(case)
        verifier = verifier_label(case)
    return LetterPage(
        case=case,
        deadline=selectors.letter_deadline(letter, day),
        can_view_identity=can_identity,
        text=selectors.letter_text_for(viewer=viewer, letter=letter, policy=policy),
        attachments=attachments,
        files=file_rows(attachments),
        case_handlers=handlers,
        case_verifier=verifier,
        signers=tuple(signers),
        history=letter_history(letter),
        family=family,
        derived=derived,
        source_letter=source,
        cluster_letters=cluster_letters,
        cluster_candidates=candidates,
        linkable=linkable,
        documents=document_rows(letter, case, can_view_identity=can_identity),
        shield=shield_for(letter=letter, may_read_identity=can_identity),
    )


def current_handler_names(case: Case) -> tuple[str, ...]:
    """The names of the case's current handlers, in the order they were assigned (one query)."""
    return tuple(
        a.user.get_full_name() or a.user.get_username()
        for a in case.assignments.filter(ended_at__isnull=True)
        .select_related("user")
        .order_by("assigned_at", "pk")
    )


def verifier_label(case: Case, view: VerificationView | None = None) -> str:
    """Who verifies the case: the verifying unit and its team leader, or "" when no
    verification is assigned (one query, none when ``view`` is given)."""
    if view is None:
        found = (
            Verification.objects.filter(case_id=case.pk)
            .select_related("unit")
            .order_by("ended_at", "-created_at")
            .first()
        )
        if found is None:
            return ""
        leader = (
            found.members.filter(removed_at__isnull=True, is_leader=True)
            .select_related("user")
            .first()
        )
        unit_name, person = found.unit.name, leader.user if leader else None
    else:
        unit_name = view.verification.unit.name
        person = view.leader.user if view.leader else None
    if person is None:
        return unit_name
    return f"{unit_name} — {person.get_full_name() or person.get_username()}"


def may_see_link(policy: LetterPolicy, letter: Letter, other: Letter) -> bool:
    """Whether the page of ``letter`` may show its link to ``other`` (same content, forwarded
    or split, cluster). Between a protected letter and another, only when the viewer reads the
    identity of both or of neither: otherwise the link would put a name on the denouncer
    (Luật Tố cáo Art. 47), from the other letter's page or to it."""
    if letter.pk == other.pk:
        return True
    if not (letter.identity_protected or other.identity_protected):
        return True
    return policy.can_view_identity(letter) == policy.can_view_identity(other)


def _denunciation_rows(case: Case) -> dict[str, Any]:
    if case.kind != LetterKind.DENUNCIATION:
        return {}
    return {
        "notices": tuple(case.notices.order_by("due_on", "pk")),
        "measures": tuple(case.measures.order_by("due_on", "pk")),
        "referrals": tuple(CrimeReferral.objects.filter(letter_id=case.letter_id)),
    }


def case_page(
    *,
    viewer: Viewer,
    case: Case,
    today: dt.date | None = None,
    policy: LetterPolicy | None = None,
) -> CasePage:
    """What ``viewer`` sees on the page of ``case``, a case they may see
    (``views.staff.common.case_for``, which joins its letter). No signer's identity is read
    here: the withdrawals carry their signers' positions, and the view names them only with
    what ``selectors.signers_for`` gave it (``withdrawal_rows``)."""
    day = today or calendar.today_local()
    letter = case.letter
    policy = policy or LetterPolicy(viewer)
    can_identity = policy.can_view_identity(letter)
    send_deadline = None
    if case.send_due_on is not None and case.sent_on is None:
        send_deadline = deadlines.deadline_view(case.send_due_on, day)
    withdrawals = tuple(
        case.withdrawals.select_related("recorded_by")
        .prefetch_related(
            Prefetch("signers", queryset=Signer.objects.only("pk", "position", "letter_id"))
        )
        .order_by("received_on", "pk")
    )
    appeals = tuple(case.appeals.select_related("unit").order_by("pk"))
    related = [c.pk for c in appeals] + ([case.previous_id] if case.previous_id else [])
    linkable = (
        frozenset(
            Case.objects.filter(letter__in=policy.visible_letters(), pk__in=related).values_list(
                "pk", flat=True
            )
        )
        if related
        else frozenset()
    )
    resolvers, resolver_involved = _who_resolves(case, day)
    attachments = selectors.attachments_for(viewer=viewer, letter=letter, policy=policy)
    return CasePage(
        files=file_rows(list(attachments)),
        history=letter_history(letter),
        deadline=selectors.case_deadline(case, day),
        send_deadline=send_deadline,
        can_view_identity=can_identity,
        handlers=tuple(
            case.assignments.select_related("user", "assigned_by").order_by("assigned_at", "pk")
        ),
        grounds=tuple(
            str(ComplexityGround(g).label)
            for g in case.complexity_grounds or []
            if g in ComplexityGround.values
        ),
        extensions=tuple(case.extensions.select_related("decided_by").order_by("decided_on")),
        suspensions=tuple(case.suspensions.order_by("started_on", "pk")),
        notes=tuple(case.notes.select_related("author").order_by("occurred_on", "pk")),
        withdrawals=withdrawals,
        documents=document_rows(letter, case, can_view_identity=can_identity),
        publications=tuple(letter.publications.order_by("-starts_on", "-pk")),
        appeals=appeals,
        linkable_cases=linkable,
        resolvers=resolvers,
        resolver_involved=resolver_involved,
        verification=_verification_view(case),
        recusals=tuple(
            Recusal.objects.filter(case_id=case.pk)
            .select_related("user")
            .order_by("recorded_at", "pk")
        ),
        shield=shield_for(letter=letter, may_read_identity=can_identity),
        **_denunciation_rows(case),
    )


def _decider_rows(
    deciders: Sequence[org_selectors.Decider], excluded: set[int] | frozenset[int]
) -> tuple[ResolverRow, ...]:
    """The people who decide, with their names (one query), the ``excluded`` left out."""
    names = {
        u.pk: u.get_full_name() or u.get_username()
        for u in User.objects.filter(pk__in=[d.user_id for d in deciders])
    }
    return tuple(
        ResolverRow(names.get(d.user_id, ""), d.position_title, d.is_deputy)
        for d in deciders
        if d.user_id not in excluded
    )


def _who_resolves(case: Case, day: dt.date) -> tuple[tuple[ResolverRow, ...], bool]:
    deciders = org_selectors.deciders(case.unit_id, case.kind, day)
    excluded = involved_user_ids(case)
    involved = any(d.user_id in excluded and not d.is_deputy for d in deciders)
    return _decider_rows(deciders, excluded), involved


def _verification_view(case: Case) -> VerificationView | None:
    verification = (
        Verification.objects.filter(case_id=case.pk)
        .select_related("unit", "document")
        .order_by("-ended_at", "-created_at")
        .first()
    )
    active = (
        Verification.objects.filter(case_id=case.pk, ended_at__isnull=True)
        .select_related("unit", "document")
        .first()
    )
    verification = active or verification
    if verification is None:
        return None
    members = tuple(
        verification.members.filter(removed_at__isnull=True)
        .select_related("user")
        .order_by("-is_leader", "pk")
    )
    report = VerificationReport.objects.filter(verification_id=verification.pk).first()
    declared = frozenset(
        TieDeclaration.objects.filter(case_id=case.pk).values_list("user_id", flat=True)
    )
    return VerificationView(
        verification=verification,
        leader=next((m for m in members if m.is_leader), None),
        members=tuple(m for m in members if not m.is_leader),
        report=report,
        declared=declared,
    )


def withdrawal_rows(
    withdrawals: Sequence[Withdrawal], names: Mapping[int, str] | None
) -> list[WithdrawalRow]:
    """Who withdrew: by name where ``names`` (signer id → name, built from what
    ``selectors.signers_for`` returned) has one, else "Signer 2" by position. No query: the
    signers come prefetched with ``case_page``."""

    def label(signer: Signer) -> str:
        if names is not None and names.get(signer.pk):
            return names[signer.pk]
        return _("Signer %(n)d") % {"n": signer.position}

    return [WithdrawalRow(w, [label(s) for s in w.signers.all()]) for w in withdrawals]


# -- who decides on a letter, and what is proposed to them -----------------------------------


def letter_deciders(letter: Letter, day: dt.date) -> tuple[ResolverRow, ...]:
    """The head of the letter's unit and the deputies assigned its kind: who decides on it
    (DOMAIN.md §12.1d), with the person denounced left out."""
    excluded = {letter.denounced_user_id} if letter.kind == LetterKind.DENUNCIATION else set()
    deciders = org_selectors.deciders(letter.unit_id, letter.kind, day)
    return _decider_rows(deciders, {u for u in excluded if u is not None})


def open_proposals(obj: Any) -> tuple[Proposal, ...]:
    """Proposals about ``obj`` awaiting approval or being revised."""
    return tuple(
        proposals.proposals_about(obj)
        .filter(state__in=[ProposalState.PENDING, ProposalState.RETURNED])
        .select_related("proposer")
        .order_by("created_at", "pk")
    )


def resolver_basis(letter: Letter) -> resolvers.ResolverProposal | None:
    """Which body the law names to resolve a complaint or a denunciation, and the article."""
    if letter.kind not in {LetterKind.COMPLAINT, LetterKind.DENUNCIATION}:
        return None
    return resolvers.resolving_unit(
        kind=letter.kind,
        about_unit=letter.about_unit,
        on=letter.received_on,
        contested_kind=letter.contested_kind,
        denounced_standing=letter.denounced_standing,
        denounced_user_id=letter.denounced_user_id,
    )
