"""The one pattern every action on an object follows, whatever the module: the page offers the
forms of the moves the person may make now (``Workflow.available``), and each form posts to one
view that authorises, validates, calls the service and redirects — or shows the refusal beside
the form with the input kept.

A module subclasses ``ObjectActionView`` once per kind of object (``load``, ``render_page``,
``success_url``, its workflow and policy class) and then once per action (``key``, ``title``,
``form_class``, ``perform``; ``form_kwargs`` and ``initial`` where the form needs more).
``action_blocks`` builds the forms a page shows.

A move declared with an ``Approval`` whose ``perform`` is the module's service is made directly by
a person who may approve it, and proposed by anyone else who may try it: the same form, with the
proposal's draft, reasons and files added (``proposes``), and ``arguments`` (the service's JSON
arguments) kept on the proposal until the head approves it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.core import calendar
from danvan.core.errors import ApplicationError
from danvan.core.gate import StaleObjectError, Workflow
from danvan.workflow import approvals, proposals
from danvan.workflow.forms import IrreversibleConfirm, VersionedForm, sent_version
from danvan.workflow.policies import Policy
from danvan.workflow.proposal_forms import ProposalContent

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = ["ActionBlock", "ObjectActionView", "action_blocks", "stale_message"]

Extra = Mapping[str, Any]


def stale_message(exc: ApplicationError) -> str:
    return "{} {}".format(
        exc.message,
        _(
            "The page now shows the current state and your input is kept below: check both, "
            "then send the form again."
        ),
    )


def keep_input_with_version(form: forms.Form, version: int) -> None:
    """After a refusal for a stale version, the re-shown form carries the current version, so
    the person can send it again once they have seen the change."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data[form.add_prefix("version")] = str(version)
    form.data = data


@dataclass(frozen=True)
class ActionBlock:
    """One action's form on a page."""

    key: str
    title: Any
    form: forms.Form
    url_name: str
    #: Who approves, when the person proposes the move rather than making it.
    approver: Any = None
    #: Whether the move cannot be undone: its form carries the confirmation to tick.
    irreversible: bool = False


class ObjectActionView(StaffRequiredMixin, View):
    """One declared move on an object, posted from the object's page. A GET is refused (405):
    every change is a POST followed by a redirect.

    The order of the checks: the object must be one the person may see (``load``, else 404);
    a form sent against an older version is shown again with the current state and the input
    kept; a person without the power for the move is refused (403); then the form, then the
    service, which checks the move's conditions and the rest of the law.
    """

    http_method_names = ["post"]
    #: The form's prefix and anchor on the page; the move's key unless ``move_key`` says.
    key: ClassVar[str] = ""
    move_key: ClassVar[str] = ""
    form_class: ClassVar[type[forms.Form]]
    #: The form's date field that starts as today, if any.
    today_field: ClassVar[str] = ""
    workflow: ClassVar[Workflow[Any, Any]]
    policy_class: ClassVar[type[Policy]]
    #: The URL name of an action: ``url_name.format(key=...)``.
    url_name: ClassVar[str] = ""
    #: The request's policy object (set by ``post``).
    policy: Any

    # -- the kind of object (set once per family) ----------------------------------------

    def load(self, pk: Any) -> Any:
        raise NotImplementedError

    def render_page(self, obj: Any, bound: dict[str, forms.Form]) -> HttpResponse:
        raise NotImplementedError

    def success_url(self, obj: Any) -> str:
        raise NotImplementedError

    # -- the action ----------------------------------------------------------------------

    @classmethod
    def move(cls) -> str:
        return cls.move_key or cls.key

    @classmethod
    def title(cls) -> StrOrPromise:
        """The action's name, as its workflow declares it."""
        return cls.workflow.get(cls.move()).label

    @classmethod
    def form_kwargs(cls, policy: Any, obj: Any, extra: Extra) -> dict[str, Any]:
        return {}

    @classmethod
    def approval(cls) -> approvals.Approval | None:
        return approvals.approval_of(cls.workflow.get(cls.move()))

    @classmethod
    def may_approve(cls, policy: Any, obj: Any) -> bool:
        """Whether the person may approve the move (then they make it directly)."""
        approval = cls.approval()
        return approval is not None and policy.user is not None and approval.may(policy.user, obj)

    @classmethod
    def proposes(cls, policy: Any, obj: Any) -> bool:
        """Whether the person proposes the move for approval instead of making it."""
        approval = cls.approval()
        return (
            approval is not None
            and approval.perform is not None
            and not cls.may_approve(policy, obj)
        )

    @classmethod
    def asks_confirmation(cls, policy: Any, obj: Any) -> bool:
        """Whether the person makes a move that cannot be undone (``Move.irreversible``): its
        form then requires the confirmation. A proposal is not the move itself: the head who
        approves it confirms then."""
        return cls.workflow.get(cls.move()).irreversible and not cls.proposes(policy, obj)

    @classmethod
    def proposing_title(cls) -> StrOrPromise:
        return _("Propose for approval: %(action)s") % {"action": cls.title()}

    def arguments(self, form: Any, obj: Any) -> dict[str, Any]:
        """The JSON arguments the module's service is called with once approved."""
        return {}

    def propose(self, form: Any, obj: Any) -> str:
        data = form.cleaned_data
        proposal = proposals.propose(
            obj=obj, move_key=self.move(), actor=self.request.user,
            changes=self.arguments(form, obj), draft=data.get("draft", ""),
            reasons=data["reasons"], files=data.get("attachments") or [], request=self.request,
        )  # fmt: skip
        return _("Proposal no. %(number)s has been sent for approval.") % {"number": proposal.pk}

    @classmethod
    def initial(cls, obj: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": obj.version}
        if cls.today_field:
            initial[cls.today_field] = calendar.today_local()
        return initial

    @classmethod
    def form_class_for(cls, policy: Any, obj: Any) -> type[forms.Form]:
        """The form of the action on ``obj`` (a module may add to it for some objects)."""
        return cls.form_class

    @classmethod
    def form_for(
        cls,
        policy: Any,
        obj: Any,
        data: Any = None,
        files: Any = None,
        extra: Extra | None = None,
    ) -> forms.Form:
        kwargs = cls.form_kwargs(policy, obj, extra or {})
        form_class = cls.form_class_for(policy, obj)
        if cls.proposes(policy, obj):
            form_class = type(f"Proposing{form_class.__name__}", (form_class, ProposalContent), {})
        elif cls.asks_confirmation(policy, obj):
            form_class = type(
                f"Confirming{form_class.__name__}", (form_class, IrreversibleConfirm), {}
            )
        if data is None:
            return form_class(prefix=cls.key, initial=cls.initial(obj), **kwargs)
        return form_class(data, files, prefix=cls.key, **kwargs)

    def build_form(self, obj: Any) -> forms.Form:
        return self.form_for(self.policy, obj, self.request.POST, self.request.FILES)

    def perform(self, form: Any, obj: Any) -> str:
        """Call the service with the version the person saw; return the success message."""
        raise NotImplementedError

    # -- the request ---------------------------------------------------------------------

    def post(self, request: HttpRequest, pk: Any, **kwargs: Any) -> HttpResponse:
        obj = self.load(pk)
        self.policy = self.policy_class.for_request(request)
        form = self.build_form(obj)
        seen = sent_version(form)
        if seen is not None and seen != obj.version:
            form.is_valid()
            form.add_error(None, stale_message(StaleObjectError(self.workflow.stale_message)))
            keep_input_with_version(form, obj.version)
            return self.render_page(obj, {self.key: form})
        if not self.workflow.may_try(self.policy, self.move(), obj):
            raise PermissionDenied(_("You are not allowed to do this."))
        proposing = self.proposes(self.policy, obj)
        if form.is_valid():
            try:
                message = self.propose(form, obj) if proposing else self.perform(form, obj)
            except StaleObjectError as exc:
                obj = self.load(pk)
                form.add_error(None, stale_message(exc))
                keep_input_with_version(form, obj.version)
            except ApplicationError as exc:
                obj = self.load(pk)
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, message)
                return redirect(self.success_url(obj))
        return self.render_page(obj, {self.key: form})


def action_blocks(
    actions: Sequence[type[ObjectActionView]],
    policy: Any,
    obj: Any,
    bound: Mapping[str, forms.Form],
    extra: Extra | None = None,
) -> list[ActionBlock]:
    """The forms a page shows: each action the person may take now (with a new form), and
    each form sent back (with its input and errors), in the order of ``actions``."""
    blocks: list[ActionBlock] = []
    for action in actions:
        form = bound.get(action.key)
        if form is None and action.workflow.is_open_to(policy, action.move(), obj):
            form = action.form_for(policy, obj, extra=extra)
        if form is not None:
            url_name = action.url_name.format(key=action.key)
            if action.proposes(policy, obj):
                approval = action.approval()
                blocks.append(
                    ActionBlock(
                        action.key, action.proposing_title(), form, url_name,
                        approver=approval.label if approval is not None else None,
                    )
                )  # fmt: skip
            else:
                blocks.append(
                    ActionBlock(
                        action.key, action.title(), form, url_name,
                        irreversible=action.asks_confirmation(policy, obj),
                    )
                )  # fmt: skip
    return blocks


__all__ += ["VersionedForm", "keep_input_with_version"]
