"""The letter's page: everything about it for the people who may see it, and the forms of the
actions the viewer may take now.

What the page shows is read by ``page_selectors.letter_page``: identity only through
``selectors.signers_for`` (which audits each read of a protected identity) and only when
``policies.can_view_identity`` allows it; everyone else reads the redacted text and the redacted
copies of the files.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from danvan.core import calendar
from danvan.letters import next_steps, page_selectors
from danvan.letters.models import Letter, PartyCase
from danvan.letters.policies import LetterPolicy
from danvan.letters.services import denunciations, handling
from danvan.letters.views.staff.letter_actions import LETTER_ACTIONS, ClassifyView
from danvan.letters.views.staff.redaction import redaction_forms
from danvan.workflow.views import action_blocks

ISSUED_PIN_SESSION_KEY = "letters.issued_pin"


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
    today = calendar.today_local()
    page = page_selectors.letter_page(viewer=user, letter=letter, today=today, policy=policy)

    actions = action_blocks(LETTER_ACTIONS, policy, letter, bound)
    deciders = page_selectors.letter_deciders(letter, today)
    open_proposals = page_selectors.open_proposals(letter)
    proposal = None
    if any(a.key == ClassifyView.key for a in actions):
        proposal = handling.propose_unit(letter)

    context = {
        "letter": letter,
        "case": page.case,
        "party_case": PartyCase.objects.filter(letter=letter).only("pk", "number").first(),
        "issued": pop_issued_pin(request, letter),
        "deadline": page.deadline,
        "today": today,
        "text": page.text,
        "attachments": page.attachments,
        "files": page.files,
        "case_handlers": page.case_handlers,
        "case_verifier": page.case_verifier,
        "next_step": next_steps.letter_next_step(letter, pending_proposals=len(open_proposals)),
        "redactions_bound": any(key.startswith("redact-") for key in bound),
        "can_view_identity": page.can_view_identity,
        "signers": page.signers,
        "history": page.history,
        "family": page.family,
        "derived": page.derived,
        "source_letter": page.source_letter,
        "cluster_letters": page.cluster_letters,
        "cluster_candidates": page.cluster_candidates,
        "linkable": page.linkable,
        "documents": page.documents,
        "shield": page.shield,
        "actions": actions,
        "proposal": proposal,
        "deciders": deciders,
        "open_proposals": open_proposals,
        "resolver_basis": page_selectors.resolver_basis(letter),
        "redactions": redaction_forms(policy, letter, bound),
        "protection_requests": (
            denunciations.protection_requests_for(user, letter)
            if letter.identity_protected and page.can_view_identity
            else []
        ),
    }
    return render(request, "letters/staff/letter_detail.html", context)
