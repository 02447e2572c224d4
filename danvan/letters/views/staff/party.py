"""The party track's pages (DOMAIN.md §12.5): a party case's page with its state, the next step
at the top, only the actions the person may take now and its history; the inspection-information
queue ("Thông tin phục vụ kiểm tra") of the party bodies the person works in; and the actions,
each a POST from the party case's page.

Who sees a party case is who sees its letter (``policies.visible_letters``): the party body's
people, and the inspection committee above it through the inspectors' subtree scope.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.core import audit_present
from danvan.core.actors import Viewer
from danvan.documents.models import IssuedDocument
from danvan.letters import policies
from danvan.letters.audit_actions import AuditAction
from danvan.letters.forms.staff import party as f
from danvan.letters.models import Case, PartyCase
from danvan.letters.party_workflow import NEXT_STEP, PARTY_WORKFLOW, heads_party_body
from danvan.letters.policies import LetterPolicy
from danvan.letters.protection import shield_for
from danvan.letters.services import party
from danvan.letters.states import PartyCaseStatus
from danvan.letters.views.staff.common import PAGE_SIZE, Decision, _checked_id
from danvan.workflow import worklists
from danvan.workflow.views import ObjectActionView, action_blocks


def party_case_for(user: Viewer, pk: Any) -> PartyCase:
    """The party case if ``user`` may see its letter; 404 otherwise."""
    found = (
        PartyCase.objects.filter(letter__in=policies.visible_letters(user), pk=_checked_id(pk))
        .select_related("letter", "unit", "due_rule", "complaint_rule", "state_case")
        .first()
    )
    if found is None:
        raise Http404(_("No such party case."))
    return found


def visible_party_cases(user: Viewer) -> Any:
    return PartyCase.objects.filter(letter__in=policies.visible_letters(user))


class PartyAction(ObjectActionView):
    workflow = PARTY_WORKFLOW
    policy_class = LetterPolicy
    url_name = "letters:staff-party-{key}"

    def load(self, pk: Any) -> PartyCase:
        return party_case_for(self.request.user, pk)

    def render_page(self, obj: PartyCase, bound: dict[str, forms.Form]) -> HttpResponse:
        return render_party_page(self.request, obj, bound)

    def success_url(self, obj: PartyCase) -> str:
        return reverse("letters:staff-party-detail", args=[obj.pk])

    @classmethod
    def may_approve(cls, policy: LetterPolicy, obj: PartyCase) -> bool:
        return cls.approval() is not None and heads_party_body(policy, obj)


class PartyAcceptView(Decision, PartyAction):
    key = "accept"
    form_class = f.PartyAcceptForm
    today_field = "accepted_on"
    argument_names = ("accepted_on",)

    def done(self, result: Any) -> str:
        return _("The party case was accepted for resolution.")


class _PartyRecordView(PartyAction):
    """Record what became of an anonymous party letter in the queue: a note and its date."""

    form_class = f.PartyRecordForm
    today_field = "recorded_on"
    record: ClassVar[Callable[..., Any]]
    message: ClassVar[Any]

    def perform(self, form: Any, obj: PartyCase) -> str:
        data = form.cleaned_data
        type(self).record(
            party_case=obj, actor=self.request.user, note=data["note"],
            recorded_on=data["recorded_on"], expected_version=form.expected_version(),
        )  # fmt: skip
        return str(self.message)


class PartyUseForInspectionView(_PartyRecordView):
    key = "use_for_inspection"
    record = staticmethod(party.party_use_for_inspection)
    message = gettext_lazy("Recorded: the information served an inspection.")


class PartyFileView(_PartyRecordView):
    key = "file"
    record = staticmethod(party.party_file)
    message = gettext_lazy("The information was filed.")


class PartyVerifyView(Decision, PartyAction):
    key = "verify"
    form_class = f.PartyVerifyForm
    today_field = "started_on"
    argument_names = ("team", "started_on")

    def done(self, result: Any) -> str:
        return _("The verification has started.")


class PartyNoteView(PartyAction):
    key = "note"
    form_class = f.PartyNoteForm
    today_field = "occurred_on"

    def perform(self, form: Any, obj: PartyCase) -> str:
        data = form.cleaned_data
        party.party_note_add(
            party_case=obj, actor=self.request.user, occurred_on=data["occurred_on"],
            text=data["text"], expected_version=form.expected_version(),
        )  # fmt: skip
        return _("The note was added.")


class PartyConcludeView(Decision, PartyAction):
    key = "conclude"
    form_class = f.PartyConcludeForm
    today_field = "concluded_on"
    argument_names = ("findings", "conclusion", "discipline", "concluded_on")

    def done(self, result: Any) -> str:
        return _("The conclusion was issued.")


class PartyDisciplineView(Decision, PartyAction):
    key = "discipline"
    form_class = f.PartyDisciplineForm
    today_field = "decided_on"
    argument_names = ("measure", "text", "decided_on")

    @classmethod
    def initial(cls, obj: PartyCase) -> dict[str, Any]:
        return super().initial(obj) | {"measure": obj.discipline}

    def done(self, result: Any) -> str:
        return _("The discipline decision was issued.")


class PartyCloseView(PartyAction):
    key = "close"
    form_class = f.PartyCloseForm
    today_field = "sent_on"

    def perform(self, form: Any, obj: PartyCase) -> str:
        party.party_close(
            party_case=obj, actor=self.request.user, sent_on=form.cleaned_data["sent_on"],
            expected_version=form.expected_version(),
        )  # fmt: skip
        return _("The conclusion was sent; the party case is closed.")


class PartyLinkView(PartyAction):
    key = "link"
    form_class = f.PartyLinkForm

    @classmethod
    def initial(cls, obj: PartyCase) -> dict[str, Any]:
        number = obj.state_case.number if obj.state_case is not None else ""
        return super().initial(obj) | {"case_number": number}

    def perform(self, form: Any, obj: PartyCase) -> str:
        party.party_link_state_case(
            party_case=obj, actor=self.request.user,
            case_number=form.cleaned_data.get("case_number") or "",
            expected_version=form.expected_version(),
        )  # fmt: skip
        return _("The link to the state case was saved.")


#: The actions in the order the page shows them.
PARTY_ACTIONS: tuple[type[PartyAction], ...] = (
    PartyAcceptView,
    PartyUseForInspectionView,
    PartyFileView,
    PartyVerifyView,
    PartyNoteView,
    PartyConcludeView,
    PartyDisciplineView,
    PartyCloseView,
    PartyLinkView,
)


def _documents(party_case: PartyCase, policy: LetterPolicy) -> list[dict[str, Any]]:
    ids = [
        party_case.acceptance_document_id,
        party_case.conclusion_document_id,
        party_case.discipline_document_id,
    ]
    rows = []
    may_identity = policy.can_view_identity(party_case.letter)
    for document in IssuedDocument.objects.filter(pk__in=[i for i in ids if i]).order_by("pk"):
        rows.append({"document": document, "downloadable": not document.restricted or may_identity})
    return rows


def render_party_page(
    request: HttpRequest, party_case: PartyCase, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    policy = LetterPolicy.for_request(request)
    state_case = party_case.state_case
    state_visible = state_case is not None and policy.can_view_letter(state_case.letter)
    context = {
        "party_case": party_case,
        "letter": party_case.letter,
        "next_step": NEXT_STEP.get(party_case.status, ""),
        "history": audit_present.present_steps(
            party_case.status_changes.all(), lambda _c: AuditAction.PARTY_CASE_STATUS
        ),
        "notes": party_case.notes.select_related("author"),
        "documents": _documents(party_case, policy),
        "state_case": state_case,
        "state_case_visible": state_visible,
        "actions": action_blocks(PARTY_ACTIONS, policy, party_case, bound or {}),
        "shield": shield_for(
            letter=party_case.letter,
            may_read_identity=policy.can_view_identity(party_case.letter),
        ),
    }
    return render(request, "letters/staff/party_case_detail.html", context)


class PartyCaseDetailView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        return render_party_page(request, party_case_for(request.user, pk))


def _party_url(party_case: PartyCase) -> str:
    return reverse("letters:staff-party-detail", args=[party_case.pk])


INSPECTION_QUEUE = worklists.WorkList(
    name="letters.party_inspection",
    columns=(
        worklists.link("number", gettext_lazy("Number"), "number", url=_party_url, row_header=True),
        worklists.text("letter", gettext_lazy("Letter"), "letter.register_label"),
        worklists.date("received", gettext_lazy("Received on"), "received_on", sort="-received_on"),
        worklists.text("subject", gettext_lazy("Subject"), "letter.subject"),
        worklists.text("unit", gettext_lazy("Party body"), "unit.name", sort="unit__name"),
    ),
    default_sort="received",
    noun=lambda n: ngettext("%(count)s item", "%(count)s items", n) % {"count": n},
    empty_text=gettext_lazy("No information waiting."),
    page_size=PAGE_SIZE,
)


class InspectionQueueView(StaffRequiredMixin, View):
    """Anonymous party letters waiting: "Thông tin phục vụ kiểm tra"."""

    def get(self, request: HttpRequest) -> HttpResponse:
        found = (
            visible_party_cases(request.user)
            .filter(status=PartyCaseStatus.INSPECTION_INFO)
            .select_related("letter", "unit")
        )
        return render(
            request,
            "letters/staff/party_inspection_queue.html",
            {"work": INSPECTION_QUEUE.page(request.GET, found)},
        )


def linked_party_cases(case: Case, policy: LetterPolicy) -> list[dict[str, Any]]:
    """The party cases on the same facts as a state case, each with whether the viewer may
    open it (the state case's page names them either way)."""
    return [
        {"party_case": pc, "visible": policy.can_view_letter(pc.letter)}
        for pc in PartyCase.objects.filter(state_case_id=case.pk).select_related("letter", "unit")
    ]


__all__ = [
    "PARTY_ACTIONS",
    "InspectionQueueView",
    "PartyCaseDetailView",
    "linked_party_cases",
    "party_case_for",
]
