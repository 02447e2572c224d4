"""Proposal and approval (trình — duyệt) for every module.

An officer proposes a declared move of an object (``move(..., approval=Approval(...))``) or a
registered service call (``approvals.register_service``), with the draft decision or notice, the
reasons and the files. The person who holds the power approves it — then, and only then, the
move is made through the gate (``Workflow.transition`` with the declared key, the approver as
the actor) or the service is called, exactly once — or returns it with comments; the officer
answers a return with a new version. Every version and every event is kept.

A proposal moves through its own states by the same gate (``PROPOSAL_WORKFLOW``): its
compare-and-set on the proposal's version is what makes two approvals arriving at once perform
the action once. Every event is also recorded in the audit trail against the object the proposal
is about (``workflow.proposal.<event>``), and ``proposal_events_for(obj)`` gives the object's
history timeline its proposal events.

A proposal that awaits (proposed, proposed again) notifies the people who may approve it
(``approvers_of``: the approval's ``candidates`` for whom its ``may`` holds); a return notifies
the proposer (``workflow.staff_notifications``, once per version, in the same transaction).

Services: ``propose``, ``propose_again``, ``approve``, ``return_with_comments``, ``withdraw``.
Selectors: ``awaiting_my_approval``, ``returned_to_me``, ``proposal_events_for``,
``proposals_about``, ``visible_proposal``, ``approvers_of``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.functions import Cast
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core import audit
from danvan.core.actors import Actor, user_of
from danvan.core.errors import ApplicationError
from danvan.core.gate import InvalidTransitionError, Workflow, move
from danvan.workflow import approvals
from danvan.workflow.approvals import Approval
from danvan.workflow.attachments import check_files, save_files
from danvan.workflow.audit_actions import AuditAction
from danvan.workflow.choices import NoticeKind
from danvan.workflow.models import (
    Proposal,
    ProposalEvent,
    ProposalKind,
    ProposalState,
    ProposalVersion,
)
from danvan.workflow.policies import Policy

if TYPE_CHECKING:
    from django.http import HttpRequest

    from danvan.accounts.models import User

__all__ = [
    "PROPOSAL_WORKFLOW",
    "ProposalPolicy",
    "approval_for",
    "approve",
    "approvers_of",
    "awaiting_my_approval",
    "model_of",
    "proposal_events_for",
    "proposals_about",
    "propose",
    "propose_again",
    "return_with_comments",
    "returned_to_me",
    "subject_of",
    "visible_proposal",
    "withdraw",
]

#: Fields a proposed move may not set: the gate's own.
_RESERVED = frozenset({"id", "pk", "version"})


# -- what a proposal is about -------------------------------------------------------------


def model_of(proposal: Proposal) -> type[models.Model] | None:
    content_type = proposal.content_type
    return content_type.model_class() if content_type is not None else None


def subject_of(proposal: Proposal) -> models.Model | None:
    """The object the proposal is about (``None`` for a service call about nothing saved)."""
    if proposal.content_type_id is None or not proposal.object_id:
        return None
    cached = getattr(proposal, "_subject", None)
    if cached is None:
        model = model_of(proposal)
        if model is None:
            return None
        cached = model._default_manager.filter(pk=proposal.object_id).first()
        proposal._subject = cached  # type: ignore[attr-defined]
    return cast("models.Model | None", cached)


def _workflow_of(proposal: Proposal) -> Workflow[Any, Any]:
    model = model_of(proposal)
    workflow = approvals.workflow_for(model) if model is not None else None
    if workflow is None:
        raise ApplicationError(_("This kind of record takes no proposals any more."))
    return workflow


def _service_of(proposal: Proposal) -> approvals.ApprovableService:
    entry = approvals.service(proposal.service_key)
    if entry is None:
        raise ApplicationError(_("This kind of proposal is no longer available."))
    return entry


def approval_for(proposal: Proposal) -> Approval:
    """Who must approve ``proposal``, as its module declares it."""
    if proposal.kind == ProposalKind.SERVICE:
        return _service_of(proposal).approval
    found = approvals.approval_of(_workflow_of(proposal).get(proposal.move_key))
    if found is None:
        raise ApplicationError(_("This action no longer needs approval: make it directly."))
    return found


def _approval_subject(proposal: Proposal) -> Any:
    return proposal if proposal.kind == ProposalKind.SERVICE else subject_of(proposal)


# -- who may do what ------------------------------------------------------------------------


class ProposalPolicy(Policy):
    """The relations of a person to a proposal: its proposer, one who may approve it (the
    module's predicate, never the proposer), anyone else."""

    def is_proposer(self, proposal: Proposal) -> bool:
        return self.user_id is not None and proposal.proposer_id == self.user_id

    def may_approve(self, proposal: Proposal) -> bool:
        def compute() -> bool:
            if self.user is None or self.is_proposer(proposal):
                return False
            try:
                approval = approval_for(proposal)
            except ApplicationError:
                return False
            subject = _approval_subject(proposal)
            return subject is not None and approval.may(cast("User", self.user), subject)

        return self.memo(("approve", proposal.pk), compute)

    def may_see(self, proposal: Proposal) -> bool:
        return (
            self.is_proposer(proposal)
            or self.may_approve(proposal)
            or (self.user_id is not None and self.user_id == proposal.decided_by_id)
        )


PROPOSAL_WORKFLOW = Workflow[Proposal, ProposalPolicy](
    model=Proposal,
    states=ProposalState,
    history_model=ProposalEvent,
    history=lambda p: {"proposal_id": p.pk, "revision": p.revision},
    audit_name=AuditAction.PROPOSAL_STATUS,
    policy=ProposalPolicy,
    initial=ProposalState.PENDING,
    status_field="state",
    relations=("proposer", "approver", "other"),
    stale_message=gettext_lazy(
        "Someone else acted on this proposal while you were reading it. Reload the page to see "
        "what changed."
    ),
    moves=(
        move("approve", sources={ProposalState.PENDING}, targets={ProposalState.APPROVED},
             may=ProposalPolicy.may_approve, public=False, label=gettext_lazy("Approve")),
        move("return", sources={ProposalState.PENDING}, targets={ProposalState.RETURNED},
             may=ProposalPolicy.may_approve, public=False,
             label=gettext_lazy("Return with comments")),
        move("again", sources={ProposalState.RETURNED}, targets={ProposalState.PENDING},
             may=ProposalPolicy.is_proposer, public=False,
             label=gettext_lazy("Propose again (new version)")),
        move("withdraw", sources={ProposalState.PENDING, ProposalState.RETURNED},
             targets={ProposalState.WITHDRAWN}, may=ProposalPolicy.is_proposer, public=False,
             label=gettext_lazy("Withdraw the proposal")),
    ),
)  # fmt: skip


def _require_approver(policy: ProposalPolicy, proposal: Proposal) -> None:
    """Refuse, with the reason in words, a person who may not decide on ``proposal``."""
    if policy.is_proposer(proposal):
        raise PermissionDenied(
            _(
                "You made this proposal yourself: it must be approved or returned by another "
                "person who holds the power."
            )
        )
    if not policy.may_approve(proposal):
        raise PermissionDenied(
            _("Only %(who)s may approve or return this proposal.")
            % {"who": approval_for(proposal).label}
        )


def _require_proposer(policy: ProposalPolicy, proposal: Proposal) -> None:
    if not policy.is_proposer(proposal):
        raise PermissionDenied(_("Only the person who made this proposal may do this."))


def approvers_of(proposal: Proposal) -> list[int]:
    """The ids of the active people who may approve ``proposal`` now (never its proposer): the
    approval's ``candidates``, each asked the approval's own predicate. Empty when the module
    names no candidates."""
    try:
        approval = approval_for(proposal)
    except ApplicationError:
        return []
    subject = _approval_subject(proposal)
    if approval.candidates is None or subject is None:
        return []
    ids = {int(i) for i in approval.candidates(subject)} - {proposal.proposer_id}
    people = get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk")
    return [p.pk for p in people if ProposalPolicy(p).may_approve(proposal)]


# -- writes ---------------------------------------------------------------------------------


def _notify(proposal: Proposal, kind: NoticeKind, recipients: Iterable[int], actor: Actor) -> None:
    from danvan.workflow import staff_notifications

    staff_notifications.notify(
        kind=kind,
        key=f"workflow.proposal#{proposal.pk}:{kind}:r{proposal.revision}",
        recipients=recipients,
        target=_audit_target(proposal),
        url=reverse("workflow:proposal-detail", args=[proposal.pk]),
        actor=actor,
        proposal=proposal,
    )


def _audit_target(proposal: Proposal) -> models.Model:
    return subject_of(proposal) or proposal


def _record(
    proposal: Proposal, action: AuditAction, actor: Actor, *, request: HttpRequest | None
) -> None:
    audit.record(
        action=action,
        actor=actor,
        target=_audit_target(proposal),
        extra={
            "proposal": proposal.pk,
            "revision": proposal.revision,
            "move": proposal.move_key,
            "service": proposal.service_key,
        },
        request=request,
    )


def _clean_text(value: str, *, required: bool, message: str) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ApplicationError(message)
    return text


def _clean_changes(workflow: Workflow[Any, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    concrete = {f.name for f in workflow.model._meta.concrete_fields} | {
        f.attname for f in workflow.model._meta.concrete_fields
    }
    bad = set(changes) - concrete | (set(changes) & (_RESERVED | {workflow.status_field}))
    if bad:
        raise ApplicationError(
            _("A proposal cannot set these fields: %(fields)s.")
            % {"fields": ", ".join(sorted(bad))}
        )
    return dict(changes)


def _clean_arguments(
    workflow: Workflow[Any, Any], key: str, changes: Mapping[str, Any]
) -> dict[str, Any]:
    """A move made by its module's service keeps the service's arguments (checked by the
    approval's ``clean``); a bare move keeps field changes of the object."""
    approval = approvals.approval_of(workflow.get(key))
    if approval is not None and approval.perform is not None:
        return approval.clean(changes) if approval.clean is not None else dict(changes)
    return _clean_changes(workflow, changes)


def _require_source(workflow: Workflow[Any, Any], key: str, obj: models.Model, to: str) -> None:
    current = workflow.status_of(obj)
    if current not in workflow.get(key).sources:
        raise InvalidTransitionError(
            _("“%(current)s” cannot become “%(to)s”.")
            % {"current": workflow.label(current), "to": workflow.label(to)}
        )


def _open_proposal_exists(obj: models.Model, key: str) -> bool:
    return Proposal.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        move_key=key,
        state__in=[ProposalState.PENDING, ProposalState.RETURNED],
    ).exists()


def _add_version(
    proposal: Proposal, *, actor: Actor, draft: str, reasons: str, answer: str,
    files: Iterable[UploadedFile],
) -> ProposalVersion:  # fmt: skip
    checked = check_files(files)
    version = ProposalVersion.objects.create(
        proposal=proposal, number=proposal.revision, draft=draft, reasons=reasons,
        answer=answer, arguments=proposal.arguments, author=cast("Any", user_of(actor)),
    )  # fmt: skip
    save_files(version, checked)
    return version


@transaction.atomic
def propose(
    *,
    actor: Actor,
    reasons: str,
    draft: str = "",
    files: Iterable[UploadedFile] = (),
    obj: models.Model | None = None,
    move_key: str = "",
    to: str = "",
    changes: Mapping[str, Any] | None = None,
    service_key: str = "",
    arguments: Mapping[str, Any] | None = None,
    title: str = "",
    request: HttpRequest | None = None,
) -> Proposal:
    """Propose the move ``move_key`` of ``obj`` (to ``to``, its only target by default, with
    the field ``changes``) or the registered service ``service_key`` with ``arguments``.

    The proposer must hold the move's power and the move's conditions must hold now (checked
    again on approval); a service's own ``may_propose`` and ``clean`` apply. One proposal of a
    move of an object may be open at a time. Writes the proposal, its first version with the
    files, the first event and the audit entries. Raises ``PermissionDenied``,
    ``ApplicationError`` (with the message to show) or ``ValidationError`` (bad arguments).
    """
    user = user_of(actor)
    if user is None:
        raise PermissionDenied(_("Sign in to make a proposal."))
    reasons = _clean_text(reasons, required=True, message=_("Give the reasons for the proposal."))
    draft = _clean_text(draft, required=False, message="")
    proposal = Proposal(proposer=cast("Any", user), revision=1)
    if service_key:
        entry = approvals.service(service_key)
        if entry is None:
            raise ApplicationError(_("This kind of proposal is not available."))
        cleaned = entry.clean(dict(arguments or {}))
        if not entry.may_propose(cast("User", user), cleaned):
            raise PermissionDenied(_("You are not allowed to propose this."))
        target = entry.target(cleaned)
        proposal.kind = ProposalKind.SERVICE
        proposal.service_key = service_key
        proposal.arguments = cleaned
        proposal.title = (title or entry.describe(cleaned))[:300]
    else:
        if obj is None or not move_key:
            raise ValueError("propose() needs obj and move_key, or service_key.")
        workflow = approvals.workflow_for(type(obj))
        if workflow is None:
            raise ApplicationError(_("This kind of record takes no proposals."))
        declared = workflow.get(move_key)
        if approvals.approval_of(declared) is None:
            raise ApplicationError(_("This action needs no approval: make it directly."))
        approval = approvals.approval_of(declared)
        by_service = approval is not None and approval.perform is not None
        if not to and len(declared.targets) == 1:
            to = next(iter(declared.targets))
        # A move made by the module's service may lead to one of several statuses (or none):
        # the service chooses when it is approved.
        if to not in declared.targets and not (by_service and not to):
            raise ApplicationError(_("Choose the status the proposal leads to."))
        workflow.check(actor, move_key, obj)
        _require_source(workflow, move_key, obj, to)
        if _open_proposal_exists(obj, move_key):
            raise ApplicationError(
                _(
                    "A proposal of this action on this record is already awaiting approval or "
                    "being revised: continue that one."
                )
            )
        target = obj
        proposal.kind = ProposalKind.MOVE
        proposal.move_key = move_key
        proposal.to_status = to
        proposal.arguments = _clean_arguments(workflow, move_key, changes or {})
        proposal.title = (title or f"{declared.label or move_key}: {obj}")[:300]
    if target is not None:
        proposal.content_type = ContentType.objects.get_for_model(target)
        proposal.object_id = str(target.pk)
    proposal.save()
    _add_version(proposal, actor=actor, draft=draft, reasons=reasons, answer="", files=files)
    PROPOSAL_WORKFLOW.start(proposal, actor=actor, action=AuditAction.PROPOSAL_STATUS,
                            request=request)  # fmt: skip
    _record(proposal, AuditAction.PROPOSAL_PROPOSED, actor, request=request)
    _notify(proposal, NoticeKind.AWAITING, approvers_of(proposal), actor)
    return proposal


@transaction.atomic
def propose_again(
    *,
    proposal: Proposal,
    actor: Actor,
    reasons: str,
    answer: str,
    draft: str = "",
    files: Iterable[UploadedFile] = (),
    changes: Mapping[str, Any] | None = None,
    arguments: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Proposal:
    """Answer a return with a new version (the draft, the reasons, the answer to the comments,
    files; new field ``changes`` or service ``arguments`` if given, else the same), which is
    pending again. Only the proposer; the power and conditions are checked again."""
    policy = ProposalPolicy(actor)
    _require_proposer(policy, proposal)
    reasons = _clean_text(reasons, required=True, message=_("Give the reasons for the proposal."))
    answer = _clean_text(
        answer, required=True, message=_("Answer the comments the proposal was returned with.")
    )
    new_arguments = dict(proposal.arguments)
    if proposal.kind == ProposalKind.SERVICE:
        entry = _service_of(proposal)
        if arguments is not None:
            new_arguments = entry.clean(dict(arguments))
        if not entry.may_propose(cast("User", user_of(actor)), new_arguments):
            raise PermissionDenied(_("You are not allowed to propose this."))
    else:
        workflow = _workflow_of(proposal)
        subject = subject_of(proposal)
        if subject is None:
            raise ApplicationError(_("The record this proposal is about no longer exists."))
        workflow.check(actor, proposal.move_key, subject)
        _require_source(workflow, proposal.move_key, subject, proposal.to_status)
        if changes is not None:
            new_arguments = _clean_arguments(workflow, proposal.move_key, changes)
    PROPOSAL_WORKFLOW.check(actor, "again", proposal, policy=policy)
    proposal.revision += 1
    proposal.arguments = new_arguments
    PROPOSAL_WORKFLOW.transition(
        proposal, to=ProposalState.PENDING, key="again", actor=actor, reason=answer,
        changes={"revision": proposal.revision, "arguments": new_arguments},
        expected_version=expected_version, request=request, policy=policy,
    )  # fmt: skip
    _add_version(
        proposal, actor=actor, draft=_clean_text(draft, required=False, message=""),
        reasons=reasons, answer=answer, files=files,
    )  # fmt: skip
    _record(proposal, AuditAction.PROPOSAL_REVISED, actor, request=request)
    _notify(proposal, NoticeKind.AWAITING, approvers_of(proposal), actor)
    return proposal


def _perform(proposal: Proposal, approver: User, *, comment: str) -> Any:
    """Do what ``proposal`` proposes, as ``approver``: the declared move through the gate (the
    proposer's power to make it and its conditions checked again), or the service call."""
    if proposal.kind == ProposalKind.SERVICE:
        try:
            return _service_of(proposal).perform(proposal, approver)
        except ValidationError as exc:
            raise ApplicationError(" ".join(exc.messages)) from exc
    workflow = _workflow_of(proposal)
    subject = subject_of(proposal)
    if subject is None:
        raise ApplicationError(_("The record this proposal is about no longer exists."))
    subject.refresh_from_db()
    approval = approvals.approval_of(workflow.get(proposal.move_key))
    if approval is not None and approval.perform is not None:
        # The module's service makes the move, checking its power and every rule itself.
        return approval.perform(proposal, subject, approver)
    workflow.require_guards(proposal.move_key, subject)
    return workflow.transition(
        subject, to=proposal.to_status, key=proposal.move_key, actor=approver, reason=comment,
        changes=proposal.arguments, policy=workflow.policy(proposal.proposer),
        audit_extra={"proposal": proposal.pk},
    )  # fmt: skip


@transaction.atomic
def approve(
    *,
    proposal: Proposal,
    actor: Actor,
    comment: str = "",
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Proposal:
    """Approve ``proposal`` and do what it proposes, exactly once.

    The approver must satisfy the module's approval predicate and differ from the proposer
    (``PermissionDenied`` with the reason). The proposal's compare-and-set on its version comes
    first and holds its row until the transaction ends: a second approval arriving at the same
    time waits, then is told the proposal changed (``StaleObjectError``), so the move or call
    happens once. A refusal of the move or call (``ApplicationError``) rolls everything back and
    leaves the proposal pending.
    """
    policy = ProposalPolicy(actor)
    _require_approver(policy, proposal)
    PROPOSAL_WORKFLOW.check(actor, "approve", proposal, policy=policy)
    approver = cast("User", user_of(actor))
    comment = _clean_text(comment, required=False, message="")
    PROPOSAL_WORKFLOW.transition(
        proposal, to=ProposalState.APPROVED, key="approve", actor=actor, reason=comment,
        changes={"decided_by": approver, "decided_at": timezone.now()},
        expected_version=expected_version, request=request, policy=policy,
    )  # fmt: skip
    _perform(proposal, approver, comment=comment)
    _record(proposal, AuditAction.PROPOSAL_APPROVED, actor, request=request)
    return proposal


@transaction.atomic
def return_with_comments(
    *,
    proposal: Proposal,
    actor: Actor,
    comments: str,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Proposal:
    """Return ``proposal`` to its proposer with ``comments`` (required), for a new version.
    The same people as for approval; nothing proposed is done."""
    policy = ProposalPolicy(actor)
    _require_approver(policy, proposal)
    comments = _clean_text(
        comments, required=True, message=_("Say what the proposer should change.")
    )
    PROPOSAL_WORKFLOW.check(actor, "return", proposal, policy=policy)
    PROPOSAL_WORKFLOW.transition(
        proposal, to=ProposalState.RETURNED, key="return", actor=actor, reason=comments,
        changes={"decided_by": cast("Any", user_of(actor)), "decided_at": timezone.now()},
        expected_version=expected_version, request=request, policy=policy,
    )  # fmt: skip
    _record(proposal, AuditAction.PROPOSAL_RETURNED, actor, request=request)
    _notify(proposal, NoticeKind.RETURNED, [proposal.proposer_id], actor)
    return proposal


@transaction.atomic
def withdraw(
    *,
    proposal: Proposal,
    actor: Actor,
    reason: str = "",
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Proposal:
    """The proposer withdraws a pending or returned proposal; nothing proposed is done."""
    policy = ProposalPolicy(actor)
    _require_proposer(policy, proposal)
    PROPOSAL_WORKFLOW.check(actor, "withdraw", proposal, policy=policy)
    PROPOSAL_WORKFLOW.transition(
        proposal, to=ProposalState.WITHDRAWN, key="withdraw", actor=actor,
        reason=_clean_text(reason, required=False, message=""),
        expected_version=expected_version, request=request, policy=policy,
    )  # fmt: skip
    _record(proposal, AuditAction.PROPOSAL_WITHDRAWN, actor, request=request)
    return proposal


# -- reads ----------------------------------------------------------------------------------


def _listed() -> models.QuerySet[Proposal]:
    return Proposal.objects.select_related("proposer", "content_type", "decided_by")


def _attach_subjects(rows: list[Proposal]) -> None:
    """Load the objects the proposals are about with one query per kind of object."""
    by_type: dict[int, list[Proposal]] = {}
    for proposal in rows:
        if proposal.content_type_id is not None and proposal.object_id:
            by_type.setdefault(proposal.content_type_id, []).append(proposal)
    for group in by_type.values():
        model = model_of(group[0])
        if model is None:
            continue
        found = {
            str(obj.pk): obj
            for obj in model._default_manager.filter(pk__in=[p.object_id for p in group])
        }
        for proposal in group:
            proposal._subject = found.get(proposal.object_id)  # type: ignore[attr-defined]


def _awaiting_condition(user: User) -> models.Q:
    """The proposals ``user`` may be asked to approve, as one condition: for each approval the
    modules declare, the proposals of its moves (or of its service) whose subject has ``user``
    among its candidates (``Approval.candidate_of``, a subquery on the subject's table), or all
    of them when the approval does not say. A proposal of a move or service no longer declared
    is nobody's to approve."""
    condition = models.Q(pk__in=[])
    for workflow in approvals.workflows():
        model = workflow.model
        keys: dict[int, tuple[Approval, list[str]]] = {}
        for declared in workflow.moves:
            found = approvals.approval_of(declared)
            if found is not None:
                keys.setdefault(id(found), (found, []))[1].append(declared.key)
        content_type = ContentType.objects.get_for_model(model)
        for approval, move_keys in keys.values():
            these = models.Q(
                kind=ProposalKind.MOVE, content_type=content_type, move_key__in=move_keys
            )
            if approval.candidate_of is not None:
                subjects = (
                    model._default_manager.filter(approval.candidate_of(user))
                    .annotate(proposal_key=Cast("pk", models.CharField()))
                    .values("proposal_key")
                )
                these &= models.Q(object_id__in=subjects)
            condition |= these
    for entry in approvals.services():
        these = models.Q(kind=ProposalKind.SERVICE, service_key=entry.key)
        if entry.approval.candidate_of is not None:
            these &= entry.approval.candidate_of(user)
        condition |= these
    return condition


def awaiting_my_approval(user: Actor, *, policy: ProposalPolicy | None = None) -> list[Proposal]:
    """Pending proposals of every module that ``user`` may approve (never their own), the
    oldest first. The proposals whose subject has the person among its candidates are read in
    one query (``_awaiting_condition``), their subjects in one query per kind, and each
    module's predicate decides on each of them: the pending proposals of other units are never
    read."""
    policy = policy or ProposalPolicy(user)
    if policy.user_id is None or policy.user is None:
        return []
    pending = (
        _listed()
        .filter(state=ProposalState.PENDING)
        .filter(_awaiting_condition(cast("User", policy.user)))
        .exclude(proposer_id=policy.user_id)
        .order_by("updated_at", "id")
    )
    rows = list(pending)
    _attach_subjects(rows)
    return [p for p in rows if policy.may_approve(p)]


def awaiting_my_approval_queryset(
    user: Actor, *, policy: ProposalPolicy | None = None
) -> models.QuerySet[Proposal]:
    """``awaiting_my_approval`` as a queryset, for the work list that pages and sorts it: the
    modules' predicates are asked once of the pending proposals, the page reads its rows by key."""
    allowed = [p.pk for p in awaiting_my_approval(user, policy=policy)]
    return _listed().filter(pk__in=allowed)


def returned_to_me(user: Actor) -> models.QuerySet[Proposal]:
    """The user's proposals returned with comments, waiting for a new version, oldest first."""
    return (
        _listed()
        .filter(proposer_id=getattr(user_of(user), "pk", None), state=ProposalState.RETURNED)
        .order_by("updated_at", "id")
    )


def proposals_about(obj: models.Model) -> models.QuerySet[Proposal]:
    return _listed().filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )


def proposal_events_for(obj: models.Model) -> models.QuerySet[ProposalEvent]:
    """The proposal events about ``obj`` for its history timeline (proposed, returned with the
    comments, proposed again, approved, withdrawn), in order."""
    return (
        ProposalEvent.objects.filter(
            proposal__content_type=ContentType.objects.get_for_model(obj),
            proposal__object_id=str(obj.pk),
        )
        .select_related("proposal", "actor")
        .order_by("at", "id")
    )


def visible_proposal(policy: ProposalPolicy, pk: Any) -> Proposal:
    """The proposal ``pk`` if the person may see it (its proposer, one who may decide on it,
    the one who decided), else ``Http404``."""
    try:
        proposal = _listed().get(pk=int(pk))
    except (Proposal.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404 from None
    if not policy.may_see(proposal):
        raise Http404
    return proposal


def event_name(event: ProposalEvent) -> str:
    """The event in words: proposed, returned, proposed again, approved, withdrawn."""
    names: dict[tuple[str, str], str] = {
        ("", ProposalState.PENDING): _("Proposed"),
        (ProposalState.PENDING, ProposalState.RETURNED): _("Returned with comments"),
        (ProposalState.RETURNED, ProposalState.PENDING): _("Proposed again"),
        (ProposalState.PENDING, ProposalState.APPROVED): _("Approved"),
    }
    return str(names.get((event.from_status, event.to_status), _("Withdrawn")))
