"""Reads of letters and cases, already scoped to the viewer.

``signers_for`` is the one way to read who signed a letter: it applies the denouncer-protection
rule (``policies.can_view_identity``) and writes an audit entry for every read of a protected
identity. Everything else a page shows of a protected letter is its redacted text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Final

from django.db.models import Case as Case_
from django.db.models import (
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from danvan.core import audit, calendar
from danvan.core.actors import Viewer, user_id_of
from danvan.documents.models import IssuedDocument
from danvan.documents.selectors import documents_about
from danvan.letters import deadlines, resolvers, search, statistics
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import Channel, LetterKind, PublicationForm
from danvan.letters.models import (
    Attachment,
    Case,
    CaseAssignment,
    Letter,
    LetterStatusChange,
    PartyCase,
    Publication,
    Signer,
    Verification,
    VerificationMember,
    VerificationReport,
)
from danvan.letters.policies import LetterPolicy
from danvan.letters.states import (
    OPEN_CASE_STATUSES,
    OPEN_LETTER_STATUSES,
    CaseStatus,
    LetterStatus,
)
from danvan.organizations.models import Unit
from danvan.organizations.models.dated import today
from danvan.workflow import tracking
from danvan.workflow.rules import Urgency, urgency_q


class IdentityHiddenError(Exception):
    """The viewer may not read this letter's signers."""


def signers_for(
    *, viewer: Viewer, letter: Letter, purpose: str = "view", policy: LetterPolicy | None = None
) -> list[Signer]:
    """The letter's signers, if ``viewer`` may read them; raises ``IdentityHiddenError`` otherwise.

    Each read of a protected identity is audited with its purpose.
    """
    if not (policy or LetterPolicy(viewer)).can_view_identity(letter):
        raise IdentityHiddenError()
    signers = list(Signer.objects.filter(letter=letter).order_by("position"))
    if letter.identity_protected:
        audit.record(
            action=AuditAction.IDENTITY_READ,
            actor=viewer,
            target=letter,
            extra={"purpose": purpose},
        )
    return signers


def letter_text_for(*, viewer: Viewer, letter: Letter, policy: LetterPolicy | None = None) -> str:
    """The content a viewer sees: the original only to those who may read the identity of a
    protected letter, the redacted copy to everyone else."""
    if letter.identity_protected and not (policy or LetterPolicy(viewer)).can_view_identity(letter):
        return letter.content_redacted
    return letter.content


def attachments_for(
    *, viewer: Viewer, letter: Letter, policy: LetterPolicy | None = None
) -> list[Attachment]:
    """Files the viewer may open: for a protected letter, originals only for identity readers and
    the officer's redacted copies for others."""
    files = list(letter.attachments.all().order_by("id"))
    if not letter.identity_protected or (policy or LetterPolicy(viewer)).can_view_identity(letter):
        return files
    return [f for f in files if f.redacted_copy_of_id is not None]


def attachment_to_open(
    *, viewer: Viewer, letter: Letter, attachment_id: Any, policy: LetterPolicy | None = None
) -> Attachment | None:
    """The file the viewer asks to open, if ``attachments_for`` gives it to them. Opening an
    original of a protected letter is a read of the identity (handwriting, a name on a scan), so it
    is audited like the signers' list."""
    found = next(
        (
            a
            for a in attachments_for(viewer=viewer, letter=letter, policy=policy)
            if str(a.pk) == str(attachment_id)
        ),
        None,
    )
    if found is not None and letter.identity_protected and found.redacted_copy_of_id is None:
        audit.record(
            action=AuditAction.IDENTITY_READ,
            actor=viewer,
            target=letter,
            extra={"purpose": "attachment", "attachment": found.pk},
        )
    return found


@dataclass(frozen=True)
class LetterFilters:
    q: str = ""
    status: str = ""
    kind: str = ""
    unit_id: int | None = None
    urgency: str = ""  # "overdue" | "due_soon"
    field_id: int | None = None
    channel: str = ""
    province_id: int | None = None
    #: A current handler of the letter's case.
    handler_id: int | None = None
    #: Inclusive date ranges: received, the letter's processing deadline, the case's decision.
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    decided_from: dt.date | None = None
    decided_to: dt.date | None = None
    #: The letters a figure counts (``statistics.Measure``) in the period from ``measured_from``
    #: to ``measured_to``: the list behind a number of a dashboard.
    measure: str = ""
    measured_from: dt.date | None = None
    measured_to: dt.date | None = None


#: The date ranges of ``LetterFilters``: (lower bound, upper bound, the field they bound).
DATE_RANGES: Final = (
    ("received_from", "received_to", "received_on"),
    ("due_from", "due_to", "due_on"),
    ("decided_from", "decided_to", "case__decided_on"),
)


def _filter_ranges(qs: QuerySet[Letter], f: LetterFilters) -> QuerySet[Letter]:
    for low_name, high_name, lookup in DATE_RANGES:
        low, high = getattr(f, low_name), getattr(f, high_name)
        if low is not None:
            qs = qs.filter(**{f"{lookup}__gte": low})
        if high is not None:
            qs = qs.filter(**{f"{lookup}__lte": high})
    return qs


def letter_list(
    *, viewer: Viewer, filters: LetterFilters | None = None, policy: LetterPolicy | None = None
) -> QuerySet[Letter]:
    f = filters or LetterFilters()
    policy = policy or LetterPolicy(viewer)
    qs = policy.visible_letters().select_related("unit", "field", "case")
    # Filters come from query strings: unknown values are ignored, and NUL characters (which
    # PostgreSQL refuses in text) are dropped.
    q = f.q.replace("\x00", "").strip()
    status = f.status if f.status == "open" or f.status in LetterStatus.values else ""
    kind = f.kind if f.kind in LetterKind.values else ""
    channel = f.channel if f.channel in Channel.values else ""
    f = replace(f, q=q, status=status, kind=kind, channel=channel)
    if f.q:
        units = search.scope_units(policy)
        found = search.search_letters(viewer=viewer, text=f.q, letters=qs, units=units)
        qs = qs.filter(found.condition).annotate(search_rank=found.rank, search_score=found.score)
    if f.status == "open":
        qs = qs.filter(status__in=OPEN_LETTER_STATUSES)
    elif f.status:
        qs = qs.filter(status=f.status)
    # The filters that are one field equal to one value, each when it is set.
    equal = {
        "kind": f.kind,
        "unit_id": f.unit_id,
        "field_id": f.field_id,
        "channel": f.channel,
        "province_id": f.province_id,
    }
    qs = _filter_ranges(qs.filter(**{k: v for k, v in equal.items() if v}), f)
    if f.handler_id:
        qs = qs.filter(case__in=_handled_by(f.handler_id))
    today = calendar.today_local()
    measured = _measured(f)
    if measured is not None:
        qs = qs.filter(statistics.condition(measured[0], measured[1], today=today))
    if f.urgency == "overdue":
        qs = qs.filter(urgency_q(Urgency.OVERDUE, today), status__in=OPEN_LETTER_STATUSES)
    elif f.urgency == "due_soon":
        qs = qs.filter(urgency_q(Urgency.DUE_SOON, today), status__in=OPEN_LETTER_STATUSES)
    # Most urgent first: the deadline that still runs (the letter's while it is open, its case's
    # while that is in progress; stored, ``letters.running_due``), then everything already
    # handled, newest first.
    return qs.order_by(F("running_due").asc(nulls_last=True), "-received_on", "-pk")


def _measured(f: LetterFilters) -> tuple[statistics.Measure, statistics.Period] | None:
    if (
        f.measure not in {m.value for m in statistics.Measure}
        or not f.measured_from
        or not f.measured_to
    ):
        return None
    if f.measured_to < f.measured_from:
        return None
    return statistics.Measure(f.measure), statistics.Period(f.measured_from, f.measured_to)


def _handled_by(user_id: int) -> QuerySet[Case, Any]:
    """The cases ``user_id`` currently handles (as a subquery)."""
    return Case.objects.filter(
        assignments__user_id=user_id, assignments__ended_at__isnull=True
    ).values("pk")


def case_list(
    *,
    viewer: Viewer,
    status: str = "",
    urgency: str = "",
    mine: bool = False,
    handler_id: int | None = None,
    policy: LetterPolicy | None = None,
) -> QuerySet[Case]:
    """The cases the viewer may see, filtered, each annotated ``is_closed`` (0 while the case
    runs, 1 once it is closed, so a sort puts the open ones first) and carrying its current
    handlers in ``current_assignments`` (one query for the page). ``mine`` keeps the cases the
    viewer currently handles, ``handler_id`` those someone currently handles."""
    letters = (policy or LetterPolicy(viewer)).visible_letters()
    qs = (
        Case.objects.filter(letter__in=letters)
        .select_related("letter", "unit")
        .annotate(
            is_closed=Case_(
                When(status__in=OPEN_CASE_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=CaseAssignment.objects.filter(ended_at__isnull=True)
                .select_related("user")
                .order_by("assigned_at", "pk"),
                to_attr="current_assignments",
            )
        )
    )
    if mine:
        viewer_id = user_id_of(viewer) if viewer.is_authenticated else None
        if viewer_id is None:
            return qs.none()
        # At most one open assignment per user and case, so the join adds no duplicates.
        qs = qs.filter(assignments__user_id=viewer_id, assignments__ended_at__isnull=True)
    if handler_id:
        qs = qs.filter(pk__in=_handled_by(handler_id))
    if status != "open" and status not in CaseStatus.values:
        status = ""
    if status == "open":
        qs = qs.filter(status__in=OPEN_CASE_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    today = calendar.today_local()
    if urgency == "overdue":
        qs = qs.filter(urgency_q(Urgency.OVERDUE, today), status=CaseStatus.IN_PROGRESS)
    elif urgency == "due_soon":
        qs = qs.filter(urgency_q(Urgency.DUE_SOON, today), status=CaseStatus.IN_PROGRESS)
    return qs.order_by("is_closed", "due_on", "pk")


def case_handler_names(case: Case) -> str:
    """The names of the case's current handlers, for a list (``case_list`` prefetched them)."""
    found = getattr(case, "current_assignments", None)
    if found is None:
        found = case.assignments.filter(ended_at__isnull=True).select_related("user")
        found = found.order_by("assigned_at", "pk")
    return ", ".join(a.user.get_full_name() for a in found)


def case_of(letter: Letter) -> Case | None:
    """The letter's case (``Letter.case_or_none``)."""
    return letter.case_or_none()


def case_deadline(case: Case, today: dt.date | None = None) -> deadlines.DeadlineView | None:
    """The case's deadline while it runs (shown as stopped while suspended)."""
    if case.status in OPEN_CASE_STATUSES:
        return deadlines.deadline_view(
            case.due_on, today, stopped=case.status == CaseStatus.SUSPENDED
        )
    return None


def letter_deadline(letter: Letter, today: dt.date | None = None) -> deadlines.DeadlineView | None:
    """The deadline that matters now: the case's while one is open, else the letter's own
    processing deadline while the letter is still open."""
    case = case_of(letter)
    if case is not None:
        return case_deadline(case, today)
    if letter.status in OPEN_LETTER_STATUSES and letter.due_on is not None:
        return deadlines.deadline_view(letter.due_on, today)
    return None


def documents_of(letter: Letter, case: Case | None) -> list[IssuedDocument]:
    """The notices issued about the letter and its case, oldest first (with no permission
    filter: a restricted one may be opened only by those who may read the identity)."""
    found = {d.pk: d for d in documents_about("letters.letter", str(letter.pk))}
    if case is not None:
        found |= {d.pk: d for d in documents_about("letters.case", str(case.pk))}
    # A party matter's notices are about its party case (the party track, DOMAIN.md §12.5).
    party_case_id = (
        PartyCase.objects.filter(letter_id=letter.pk).values_list("pk", flat=True).first()
        if letter.status == LetterStatus.PARTY
        else None
    )
    if party_case_id is not None:
        found |= {d.pk: d for d in documents_about("letters.partycase", str(party_case_id))}
    if letter.handling_document_id and letter.handling_document_id not in found:
        extra = IssuedDocument.objects.filter(pk=letter.handling_document_id)
        found |= {d.pk: d for d in extra}
    return sorted(found.values(), key=lambda d: (d.drafted_on or d.issued_on, d.created_at, d.pk))


def public_history(letter: Letter) -> QuerySet[LetterStatusChange]:
    """The steps the citizen sees on the tracking page (no actor names, no internal notes)."""
    return tracking.public_history(letter, LetterStatusChange)


def current_publications(today: dt.date | None = None) -> QuerySet[Publication]:
    day = today or calendar.today_local()
    return (
        # The public page is the portal: what is posted at an office, announced at a meeting or
        # carried by the press is not shown here, and nothing outside its period.
        Publication.objects.filter(starts_on__lte=day, form=PublicationForm.PORTAL)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("letter__unit")
        .order_by("-starts_on", "-id")
    )


def cluster_candidates(letter: Letter, days: int = 90) -> QuerySet[Letter]:
    """Other people's letters about the same field in the same commune lately: the officer may
    group them into a cluster handled once."""
    if letter.ward_id is None:
        return Letter.objects.none()
    since = letter.received_on - dt.timedelta(days=days)
    return (
        Letter.objects.filter(
            unit_id=letter.unit_id, ward_id=letter.ward_id, received_on__gte=since
        )
        .filter(Q(field_id=letter.field_id) if letter.field_id else Q(field__isnull=True))
        .exclude(pk=letter.pk)
        .exclude(duplicate_of_id=letter.pk)
        .exclude(pk=letter.duplicate_of_id or 0)
        .order_by("-received_on")
    )


def joinable_letters(letter: Letter) -> QuerySet[Letter]:
    """Letters that may still join ``letter``'s cluster (or a new one it leads)."""
    return (
        cluster_candidates(letter)
        .filter(cluster__isnull=True, status__in=OPEN_LETTER_STATUSES)
        .order_by("-received_on", "-pk")
    )


def letter_family(letter: Letter) -> QuerySet[Letter]:
    """The letter, the earlier letter it duplicates and every other duplicate of that one."""
    root_id = letter.duplicate_of_id or letter.pk
    return Letter.objects.filter(Q(pk=root_id) | Q(duplicate_of_id=root_id))


def handled_before(letter: Letter, status: str) -> Letter | None:
    """Another letter of the same content (``letter_family``) already handled with ``status``:
    a letter is forwarded once and guidance given once (TT 05/2021)."""
    return letter_family(letter).exclude(pk=letter.pk).filter(status=status).first()


#: Fields of feedback and petitions on administrative rules (NĐ 20/2008: mechanisms, policies,
#: administrative procedures), whose results are published by law (Art. 14).
ADMINISTRATIVE_RULE_FIELDS: Final = frozenset({"administrative-procedures"})


def publication_required_by_law(case: Case) -> bool:
    """A denunciation's conclusion (NĐ 31/2019 Art. 6), a second-time complaint decision, an
    answer to feedback or a petition on administrative rules (NĐ 20/2008 Art. 14)."""
    letter = case.letter
    return (
        case.kind == LetterKind.DENUNCIATION
        or case.round == 2
        or (
            case.kind in {LetterKind.FEEDBACK, LetterKind.PETITION}
            and letter.field is not None
            and letter.field.code in ADMINISTRATIVE_RULE_FIELDS
        )
    )


def may_publish(case: Case) -> bool:
    """Published by law, or with the citizen's consent."""
    return publication_required_by_law(case) or case.letter.publish_consent


# -- verification (giao xác minh) ---------------------------------------------------------------


def active_verification(case: Case) -> Verification | None:
    """The case's verification under way (the last one assigned and not replaced)."""
    return (
        Verification.objects.filter(case_id=case.pk, ended_at__isnull=True)
        .select_related("unit")
        .first()
    )


def has_report(verification: Verification) -> bool:
    return VerificationReport.objects.filter(verification_id=verification.pk).exists()


def team(verification: Verification) -> list[VerificationMember]:
    """The verifiers still on the team, the leader first."""
    return list(
        verification.members.filter(removed_at__isnull=True)
        .select_related("user")
        .order_by("-is_leader", "pk")
    )


def team_complete(case: Case) -> bool:
    """The active team has its leader and, for a denunciation, at least two people
    (NĐ 31/2019 Art. 10(3))."""
    verification = active_verification(case)
    if verification is None:
        return False
    members = team(verification)
    if not any(m.is_leader for m in members):
        return False
    return case.kind != LetterKind.DENUNCIATION or len(members) >= 2


def superior_unit(case: Case, on: dt.date | None = None) -> Unit | None:
    """The unit directly above the case's unit, whose head takes a denunciation over
    (NĐ 31/2019 Art. 5)."""
    return resolvers.superior_of(case.unit, on or today())


# -- the leader's view of the workload ------------------------------------------------------------


@dataclass(frozen=True)
class WorkloadRow:
    """One handler's (or one unit's) open work: how much, how much due within the due-soon
    window, how much overdue. ``pk`` is the handler's or the unit's, for the filtered lists."""

    pk: int
    name: str
    open: int
    due_soon: int
    overdue: int


def _urgency_counts(due_field: str, running: Q, today: dt.date) -> dict[str, Count]:
    return {
        "n_open": Count("pk", distinct=True),
        "n_due_soon": Count(
            "pk", filter=running & urgency_q(Urgency.DUE_SOON, today, due_field), distinct=True
        ),
        "n_overdue": Count(
            "pk", filter=running & urgency_q(Urgency.OVERDUE, today, due_field), distinct=True
        ),
    }


def workload_by_handler(*, viewer: Viewer, policy: LetterPolicy | None = None) -> list[WorkloadRow]:
    """Every handler in the viewer's scope with the open cases (``case_list(status="open")``)
    they currently handle among those the viewer sees, and how many of them are due soon or
    overdue (as ``case_list(urgency=…)`` counts them). Two queries."""
    policy = policy or LetterPolicy(viewer)
    today = calendar.today_local()
    handlers = list(policy.handlers_in_scope())
    counts = {
        row["assignments__user_id"]: row
        for row in Case.objects.filter(
            letter__in=policy.visible_letters(),
            status__in=OPEN_CASE_STATUSES,
            assignments__ended_at__isnull=True,
            assignments__user_id__in=[h.pk for h in handlers],
        )
        .values("assignments__user_id")
        .annotate(**_urgency_counts("due_on", Q(status=CaseStatus.IN_PROGRESS), today))
        .order_by()
    }
    return [
        WorkloadRow(
            pk=h.pk,
            name=h.get_full_name() or h.get_username(),
            open=counts.get(h.pk, {}).get("n_open", 0),
            due_soon=counts.get(h.pk, {}).get("n_due_soon", 0),
            overdue=counts.get(h.pk, {}).get("n_overdue", 0),
        )
        for h in handlers
    ]


def workload_by_unit(*, viewer: Viewer, policy: LetterPolicy | None = None) -> list[WorkloadRow]:
    """Every unit whose letters the viewer reads with its open letters (``letter_list(status=
    "open")``), and how many of them are due soon or overdue (as ``letter_list(urgency=…)``
    counts them). Two queries."""
    policy = policy or LetterPolicy(viewer)
    today = calendar.today_local()
    counts = {
        row["unit_id"]: row
        for row in policy.visible_letters()
        .filter(status__in=OPEN_LETTER_STATUSES)
        .values("unit_id")
        .annotate(**_urgency_counts("due_on", Q(), today))
        .order_by()
    }
    units = Unit.objects.filter(pk__in={*policy.reading_unit_ids(), *counts}).order_by("name")
    return [
        WorkloadRow(
            pk=u.pk,
            name=u.name,
            open=counts.get(u.pk, {}).get("n_open", 0),
            due_soon=counts.get(u.pk, {}).get("n_due_soon", 0),
            overdue=counts.get(u.pk, {}).get("n_overdue", 0),
        )
        for u in units
    ]
