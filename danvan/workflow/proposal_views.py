"""The pages of proposals: the two work lists (awaiting my approval, returned to me), a
proposal's page with its versions, comments and the forms the person may use now, the file
downloads, the page that proposes a role grant, and ``ProposeMoveView``, the action view a
module uses for a move that needs approval.

Every view checks on the server who may see and do what (``ProposalPolicy``); a proposal the
person may not see is a 404, an action they may not take a 403.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.core import audit
from danvan.core.errors import ApplicationError
from danvan.core.shields import shield_of
from danvan.organizations import policies as org
from danvan.organizations.models import Unit
from danvan.organizations.roles import Role
from danvan.workflow import approvals, proposals, worklists
from danvan.workflow.audit_actions import AuditAction
from danvan.workflow.models import Proposal, ProposalAttachment, ProposalKind
from danvan.workflow.proposal_forms import (
    ApproveForm,
    ProposalForm,
    ProposeAgainForm,
    ReturnForm,
    RoleGrantForm,
    WithdrawForm,
)
from danvan.workflow.proposals import PROPOSAL_WORKFLOW, ProposalPolicy
from danvan.workflow.role_grants import ROLE_GRANT, grant_arguments
from danvan.workflow.views import ObjectActionView, action_blocks

__all__ = [
    "PROPOSAL_ACTIONS",
    "ProposalApproveView",
    "ProposalAwaitingView",
    "ProposalDetailView",
    "ProposalFileView",
    "ProposalReturnView",
    "ProposalReturnedView",
    "ProposalWithdrawView",
    "ProposeAgainView",
    "ProposeMoveView",
    "RoleGrantProposeView",
]


def _what(proposal: Proposal) -> str:
    """What the proposal would do, in words."""
    if proposal.kind == ProposalKind.SERVICE:
        entry = approvals.service(proposal.service_key)
        return str(entry.label) if entry is not None else proposal.service_key
    model = proposals.model_of(proposal)
    workflow = approvals.workflow_for(model) if model is not None else None
    if workflow is None:
        return proposal.move_key
    return _("%(action)s (to “%(status)s”)") % {
        "action": workflow.get(proposal.move_key).label or proposal.move_key,
        "status": workflow.label(proposal.to_status),
    }


def render_detail(
    request: HttpRequest, proposal: Proposal, bound: dict[str, forms.Form], status: int = 200
) -> HttpResponse:
    policy = ProposalPolicy.for_request(request)
    versions = list(proposal.versions.select_related("author").prefetch_related("attachments"))
    events = list(proposal.events.select_related("actor"))
    subject = proposals.subject_of(proposal)
    approval = None
    try:
        approval = proposals.approval_for(proposal)
    except ApplicationError:
        approval = None
    context = {
        "proposal": proposal,
        "object": proposal,
        "what": _what(proposal),
        "subject": subject,
        "subject_url": getattr(subject, "get_absolute_url", lambda: "")(),
        "approval": approval,
        "versions": list(reversed(versions)),
        "events": [(e, proposals.event_name(e)) for e in events],
        "blocks": action_blocks(PROPOSAL_ACTIONS, policy, proposal, bound),
        "is_proposer": policy.is_proposer(proposal),
        # What the proposal says about its object, as the reader may see it (a denouncer's
        # identity in a proposal about a letter, ``core.shields``).
        "shield": shield_of(request.user, subject),
    }
    return render(request, "workflow/proposals/detail.html", context, status=status)


class ProposalDetailView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        proposal = proposals.visible_proposal(ProposalPolicy.for_request(request), pk)
        return render_detail(request, proposal, {})


def _proposal_url(proposal: Proposal) -> str:
    return reverse("workflow:proposal-detail", args=[proposal.pk])


def _proposal_noun(n: int) -> str:
    return ngettext("%(count)s proposal", "%(count)s proposals", n) % {"count": n}


def _proposals_list(name: str, empty_text: Any) -> worklists.WorkList:
    return worklists.WorkList(
        name=name,
        columns=(
            worklists.text("number", gettext_lazy("No."), "pk", sort="pk", numeric=True),
            worklists.link(
                "title", gettext_lazy("Proposal"), "title", url=_proposal_url, row_header=True
            ),
            worklists.text("what", gettext_lazy("What it does"), _what),
            worklists.text(
                "proposer",
                gettext_lazy("Proposed by"),
                "proposer.get_full_name",
                sort="proposer__last_name",
            ),
            worklists.text("version", gettext_lazy("Version"), "revision", numeric=True),
            worklists.date(
                "since",
                gettext_lazy("Since"),
                "updated_at",
                sort="updated_at",
                sort_text=(gettext_lazy("the oldest first"), gettext_lazy("the newest first")),
            ),
        ),
        default_sort="since",
        noun=_proposal_noun,
        empty_text=empty_text,
    )


#: The two work lists of proposals, across every module.
AWAITING = _proposals_list(
    "workflow.proposals.awaiting", gettext_lazy("Nothing awaits your approval.")
)
RETURNED = _proposals_list(
    "workflow.proposals.returned", gettext_lazy("None of your proposals has been returned.")
)


class _ListView(StaffRequiredMixin, View):
    which: ClassVar[str] = ""
    work_list: ClassVar[worklists.WorkList]

    def rows(self, request: HttpRequest) -> QuerySet[Proposal]:
        raise NotImplementedError

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "workflow/proposals/list.html",
            {"work": self.work_list.page(request.GET, self.rows(request)), "which": self.which,
             "may_propose_grant": bool(_grant_units(request.user).exists())},
        )  # fmt: skip


class ProposalAwaitingView(_ListView):
    which = "awaiting"
    work_list = AWAITING

    def rows(self, request: HttpRequest) -> QuerySet[Proposal]:
        return proposals.awaiting_my_approval_queryset(
            request.user, policy=ProposalPolicy.for_request(request)
        )


class ProposalReturnedView(_ListView):
    which = "returned"
    work_list = RETURNED

    def rows(self, request: HttpRequest) -> QuerySet[Proposal]:
        return proposals.returned_to_me(request.user)


class ProposalFileView(StaffRequiredMixin, View):
    """Download one attachment of a proposal the person may see."""

    def get(self, request: HttpRequest, pk: Any, file_id: Any) -> HttpResponseBase:
        proposal = proposals.visible_proposal(ProposalPolicy.for_request(request), pk)
        try:
            attachment = ProposalAttachment.objects.get(pk=int(file_id), version__proposal=proposal)
        except (ProposalAttachment.DoesNotExist, TypeError, ValueError, OverflowError):
            raise Http404 from None
        audit.record(
            action=AuditAction.PROPOSAL_FILE_DOWNLOADED, actor=request.user, target=proposal,
            extra={"file": attachment.pk}, request=request,
        )  # fmt: skip
        return FileResponse(
            attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
            content_type=attachment.content_type,
        )  # fmt: skip


# -- the actions on a proposal --------------------------------------------------------------


class _ProposalActionView(ObjectActionView):
    workflow = PROPOSAL_WORKFLOW
    policy_class = ProposalPolicy
    url_name = "workflow:proposal-{key}"

    def load(self, pk: Any) -> Proposal:
        return proposals.visible_proposal(ProposalPolicy.for_request(self.request), pk)

    def render_page(self, obj: Any, bound: dict[str, forms.Form]) -> HttpResponse:
        return render_detail(self.request, obj, bound)

    def success_url(self, obj: Any) -> str:
        return reverse("workflow:proposal-detail", args=[obj.pk])


class ProposalApproveView(_ProposalActionView):
    key = "approve"
    form_class = ApproveForm

    def perform(self, form: Any, obj: Any) -> str:
        proposals.approve(
            proposal=obj, actor=self.request.user, comment=form.cleaned_data["comment"],
            expected_version=form.expected_version(), request=self.request,
        )  # fmt: skip
        return _("Approved: what the proposal proposed has been done.")


class ProposalReturnView(_ProposalActionView):
    key = "return"
    form_class = ReturnForm

    def perform(self, form: Any, obj: Any) -> str:
        proposals.return_with_comments(
            proposal=obj, actor=self.request.user, comments=form.cleaned_data["comments"],
            expected_version=form.expected_version(), request=self.request,
        )  # fmt: skip
        return _("Returned to the proposer with your comments.")


class ProposeAgainView(_ProposalActionView):
    key = "again"
    form_class = ProposeAgainForm

    @classmethod
    def initial(cls, obj: Any) -> dict[str, Any]:
        latest = obj.versions.order_by("-number").first()
        initial = super().initial(obj)
        if latest is not None:
            initial.update(draft=latest.draft, reasons=latest.reasons)
        return initial

    def perform(self, form: Any, obj: Any) -> str:
        data = form.cleaned_data
        proposals.propose_again(
            proposal=obj, actor=self.request.user, reasons=data["reasons"],
            answer=data["answer"], draft=data["draft"], files=data["attachments"],
            expected_version=form.expected_version(), request=self.request,
        )  # fmt: skip
        return _("The new version has been sent for approval.")


class ProposalWithdrawView(_ProposalActionView):
    key = "withdraw"
    form_class = WithdrawForm

    def perform(self, form: Any, obj: Any) -> str:
        proposals.withdraw(
            proposal=obj, actor=self.request.user, reason=form.cleaned_data["reason"],
            expected_version=form.expected_version(), request=self.request,
        )  # fmt: skip
        return _("The proposal has been withdrawn.")


PROPOSAL_ACTIONS: tuple[type[ObjectActionView], ...] = (
    ProposalApproveView, ProposalReturnView, ProposeAgainView, ProposalWithdrawView,
)  # fmt: skip


# -- proposing ------------------------------------------------------------------------------


class ProposeMoveView(ObjectActionView):
    """The action view of a move that needs approval: its form (a ``ProposalForm``) proposes
    the move instead of making it. A module sets what ``ObjectActionView`` needs, and
    ``changes`` (the field changes the move would save) and ``target_status`` where the move
    has more than one target."""

    form_class: ClassVar[type[forms.Form]] = ProposalForm
    target_status: ClassVar[str] = ""

    @classmethod
    def title(cls) -> Any:
        return _("Propose for approval: %(action)s") % {"action": super().title()}

    def changes(self, form: Any, obj: Any) -> dict[str, Any]:
        return {}

    def perform(self, form: Any, obj: Any) -> str:
        data = form.cleaned_data
        proposal = proposals.propose(
            obj=obj, move_key=self.move(), to=self.target_status, actor=self.request.user,
            changes=self.changes(form, obj), draft=data.get("draft", ""),
            reasons=data["reasons"], files=data.get("attachments") or [], request=self.request,
        )  # fmt: skip
        return _("Proposal no. %(number)s has been sent for approval.") % {"number": proposal.pk}


def _grant_units(user: Any) -> Any:
    if org.is_superuser(user):
        return Unit.objects.order_by("name")
    return org.units_where(user, Role.ADMINISTRATOR).order_by("name")


class RoleGrantProposeView(StaffRequiredMixin, View):
    """Propose to give a person a role in a unit: administrators of the unit (and superusers);
    a second administrator approves."""

    def _page(self, request: HttpRequest, form: RoleGrantForm) -> HttpResponse:
        return render(request, "workflow/proposals/role_grant.html", {"form": form})

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not _grant_units(request.user).exists():
            raise PermissionDenied(_("Only administrators of a unit may propose a role grant."))
        return super().dispatch(request, *args, **kwargs)

    #: What a link may fill in ahead (the admin's membership page sends people here).
    PREFILLED: ClassVar[tuple[str, ...]] = (
        "unit",
        "username",
        "role",
        "position",
        "position_title",
    )

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {name: request.GET[name] for name in self.PREFILLED if request.GET.get(name)}
        return self._page(request, RoleGrantForm(units=_grant_units(request.user), initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = RoleGrantForm(request.POST, request.FILES, units=_grant_units(request.user))
        if form.is_valid():
            data = form.cleaned_data
            try:
                proposal = proposals.propose(
                    service_key=ROLE_GRANT, actor=request.user,
                    arguments=grant_arguments(
                        unit=data["unit"], user=data["username"], role=data["role"],
                        effective_from=data["effective_from"], effective_to=data["effective_to"],
                        position_title=data["position_title"], position=data["position"],
                    ),
                    reasons=data["reasons"], draft=data["draft"], files=data["attachments"],
                    request=request,
                )  # fmt: skip
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            except (ApplicationError, PermissionDenied) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The role grant has been sent for approval."))
                return redirect("workflow:proposal-detail", proposal.pk)
        return self._page(request, form)
