"""The letter's page: everything about it for the people who may see it, and the forms of the
actions the viewer may take now.

Identity is shown only through ``selectors.signers_for`` (which audits each read of a protected
identity) and only when ``policies.can_view_identity`` allows it; everyone else reads the
redacted text and the redacted copies of the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from danvan.core import calendar
from danvan.documents.models import IssuedDocument
from danvan.documents.selectors import documents_about
from danvan.letters import policies, selectors
from danvan.letters.models import Case, Letter, LetterStatusChange
from danvan.letters.policies import LetterPolicy
from danvan.letters.services import handling
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.letters.views.staff.common import family_of, visible_ids
from danvan.letters.views.staff.letter_actions import LETTER_ACTIONS, ClassifyView
from danvan.letters.views.staff.redaction import redaction_forms
from danvan.workflow.views import action_blocks

ISSUED_PIN_SESSION_KEY = "letters.issued_pin"

STATUS_LABELS: dict[str, Any] = {**dict(LetterStatus.choices), **dict(CaseStatus.choices)}


@dataclass(frozen=True)
class HistoryRow:
    change: LetterStatusChange
    from_label: Any
    to_label: Any


@dataclass(frozen=True)
class DocumentRow:
    document: IssuedDocument
    downloadable: bool


def documents_of(letter: Letter, case: Case | None) -> list[IssuedDocument]:
    """The notices issued about the letter and its case, oldest first."""
    found = {d.pk: d for d in documents_about("letters.letter", str(letter.pk))}
    if case is not None:
        found |= {d.pk: d for d in documents_about("letters.case", str(case.pk))}
    if letter.handling_document_id and letter.handling_document_id not in found:
        extra = IssuedDocument.objects.filter(pk=letter.handling_document_id)
        found |= {d.pk: d for d in extra}
    return sorted(found.values(), key=lambda d: (d.issued_on, d.created_at, d.pk))


def pop_issued_pin(request: HttpRequest, letter: Letter) -> dict[str, str] | None:
    """The tracking code and PIN of a letter just entered, shown once and then forgotten."""
    issued = request.session.get(ISSUED_PIN_SESSION_KEY)
    if isinstance(issued, dict) and issued.get("letter") == letter.pk:
        del request.session[ISSUED_PIN_SESSION_KEY]
        return {"code": str(issued.get("code", "")), "pin": str(issued.get("pin", ""))}
    return None


def render_letter_page(
    request: HttpRequest, letter: Letter, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    user = request.user
    policy = LetterPolicy.for_request(request)
    bound = bound or {}
    case = selectors.case_of(letter)
    today = calendar.today_local()
    can_identity = policy.can_view_identity(letter)
    signers = (
        selectors.signers_for(viewer=user, letter=letter, purpose="letter_page")
        if can_identity
        else []
    )
    history = [
        HistoryRow(
            c,
            STATUS_LABELS.get(c.from_status, c.from_status),
            STATUS_LABELS.get(c.to_status, c.to_status),
        )
        for c in LetterStatusChange.objects.filter(letter=letter)
        .select_related("actor")
        .order_by("at", "id")
    ]
    family = list(family_of(letter))
    derived = list(letter.derived_letters.select_related("unit").order_by("pk"))
    cluster_letters = (
        list(letter.cluster.letters.select_related("unit").order_by("received_on", "pk"))
        if letter.cluster is not None
        else []
    )
    candidates = list(selectors.cluster_candidates(letter).select_related("unit")[:50])
    related_ids = [x.pk for x in (*family, *derived, *cluster_letters, *candidates)] + [
        pk for pk in (letter.source_letter_id, letter.duplicate_of_id) if pk
    ]
    linkable = visible_ids(user, related_ids)
    documents = [
        DocumentRow(d, not d.restricted or can_identity) for d in documents_of(letter, case)
    ]

    actions = action_blocks(LETTER_ACTIONS, policy, letter, bound)
    proposal = None
    if any(a.key == ClassifyView.key for a in actions):
        proposal = handling.propose_unit(letter)

    context = {
        "letter": letter,
        "case": case,
        "issued": pop_issued_pin(request, letter),
        "deadline": selectors.letter_deadline(letter, today),
        "today": today,
        "text": selectors.letter_text_for(viewer=user, letter=letter),
        "attachments": selectors.attachments_for(viewer=user, letter=letter),
        "can_view_identity": can_identity,
        "signers": signers,
        "history": history,
        "family": family,
        "derived": derived,
        "source_letter": letter.source_letter,
        "cluster_letters": cluster_letters,
        "cluster_candidates": candidates,
        "joinable_count": selectors.joinable_letters(letter).count() if actions else 0,
        "linkable": linkable,
        "documents": documents,
        "actions": actions,
        "proposal": proposal,
        "redactions": redaction_forms(policy, letter, bound),
        "can_create": bool(policies.intake_unit_ids(user)),
    }
    return render(request, "letters/staff/letter_detail.html", context)
