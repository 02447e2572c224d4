"""The actions on a letter before it becomes a case, each a POST from the letter's page.

Which actions a person may take now is the letters workflow's answer
(``danvan.letters.workflows``); each class here only builds its form and calls its service.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.letters import selectors
from danvan.letters.choices import AnonymousOutcome, LetterKind
from danvan.letters.forms import staff as f
from danvan.letters.forms.staff.party import PartyTrackForm
from danvan.letters.models import Case, Letter, Signer
from danvan.letters.policies import LetterPolicy
from danvan.letters.services import clusters, complaints, denunciations, handling, party
from danvan.letters.views.staff.common import CrimeReferralDecision, Decision, letter_for
from danvan.letters.workflows import LETTER_WORKFLOW
from danvan.organizations import selectors as org_selectors
from danvan.workflow.views import ObjectActionView

Extra = Mapping[str, Any]


class LetterAction(ObjectActionView):
    workflow = LETTER_WORKFLOW
    policy_class = LetterPolicy
    url_name = "letters:staff-letter-{key}"

    def load(self, pk: Any) -> Letter:
        return letter_for(self.request.user, pk)

    def render_page(self, obj: Letter, bound: dict[str, forms.Form]) -> HttpResponse:
        from danvan.letters.views.staff.letter_page import render_letter_page

        return render_letter_page(self.request, obj, bound)

    def success_url(self, obj: Letter) -> str:
        return reverse("letters:staff-letter-detail", args=[obj.pk])

    @classmethod
    def may_approve(cls, policy: LetterPolicy, obj: Letter) -> bool:
        return cls.approval() is not None and policy.decides(obj)


class ClassifyView(LetterAction):
    key = "classify"
    form_class = f.ClassifyForm

    @classmethod
    def form_for(
        cls,
        policy: LetterPolicy,
        obj: Letter,
        data: Any = None,
        files: Any = None,
        extra: Any = None,
    ) -> forms.Form:
        letter = obj
        # The copy without identity is edited for denunciations, by someone who reads the
        # original (the receiving officer while the letter is open).
        kind = str((data or {}).get("classify-kind") or letter.kind)
        with_redacted = LetterKind.DENUNCIATION in {
            kind,
            letter.kind,
        } and policy.can_view_identity(letter)
        if data is None:
            return f.ClassifyForm(
                prefix=cls.key,
                initial=f.ClassifyForm.initial_for(letter),
                letter=letter,
                with_redacted=with_redacted,
            )
        return f.ClassifyForm(data, prefix=cls.key, letter=letter, with_redacted=with_redacted)

    def perform(self, form: Any, obj: Letter) -> str:
        handling.letter_classify(
            letter=obj,
            actor=self.request.user,
            data=form.classification(),
            expected_version=form.expected_version(),
        )
        return _("The letter was classified.")


class AcceptView(Decision, LetterAction):
    key = "accept"
    form_class = f.AcceptForm

    @classmethod
    def form_kwargs(cls, policy: LetterPolicy, letter: Letter, extra: Extra) -> dict[str, Any]:
        searchable = Case.objects.none()
        candidates = Case.objects.none()
        if letter.kind == LetterKind.COMPLAINT:
            below = org_selectors.descendant_ids([letter.unit_id]) - {letter.unit_id}
            searchable = Case.objects.filter(
                kind=LetterKind.COMPLAINT, round=1, unit_id__in=below
            ).select_related("unit")
            digests = letter.signer_keys.values("digest")
            candidates = (
                searchable.filter(letter__signer_keys__digest__in=digests)
                .distinct()
                .order_by("-accepted_on", "-pk")
            )
        return {"letter": letter, "candidates": candidates, "searchable": searchable}

    today_field = "accepted_on"

    argument_names = ("accepted_on", "previous_case", "new_facts")

    def done(self, result: Any) -> str:
        return _("The letter was accepted: case %(number)s was opened.") % {"number": result.number}


class NotAcceptView(Decision, LetterAction):
    key = "not_accept"
    form_class = f.NotAcceptForm
    reviews_identity = False

    @classmethod
    def form_kwargs(cls, policy: LetterPolicy, letter: Letter, extra: Extra) -> dict[str, Any]:
        return {"letter": letter}

    @classmethod
    def initial(cls, letter: Letter) -> dict[str, Any]:
        return {"version": letter.version, "ground": letter.ineligibility_ground}

    argument_names = ("ground", "note")

    def done(self, result: Any) -> str:
        return _("The letter was not accepted; the notice was issued.")


class ForwardView(Decision, LetterAction):
    key = "forward"
    form_class = f.ForwardForm

    @classmethod
    def form_kwargs(cls, policy: LetterPolicy, letter: Letter, extra: Extra) -> dict[str, Any]:
        return {"letter": letter}

    @classmethod
    def initial(cls, letter: Letter) -> dict[str, Any]:
        to_unit = letter.competent_unit_id if letter.competent_unit_id != letter.unit_id else None
        return {"version": letter.version, "to_unit": to_unit, "to_body": letter.competent_body}

    argument_names = ("to_unit", "to_body", "reason")

    def done(self, result: Any) -> str:
        return _("The letter was forwarded; the transfer slip was issued.")


class GuideView(Decision, LetterAction):
    key = "guide"
    form_class = f.GuideForm
    reviews_identity = False

    @classmethod
    def form_kwargs(cls, policy: LetterPolicy, letter: Letter, extra: Extra) -> dict[str, Any]:
        return {"letter": letter}

    @classmethod
    def initial(cls, letter: Letter) -> dict[str, Any]:
        return ForwardView.initial(letter)

    argument_names = ("guidance", "to_unit", "to_body")

    def done(self, result: Any) -> str:
        return _("The guidance letter was issued.")


class ArchiveView(Decision, LetterAction):
    key = "archive"
    form_class = f.ArchiveForm

    argument_names = ("reason",)

    def done(self, result: Any) -> str:
        return _("The letter was filed.")


class SplitView(LetterAction):
    key = "split"
    form_class = f.SplitForm

    def perform(self, form: Any, obj: Letter) -> str:
        children = handling.letter_split(
            letter=obj,
            actor=self.request.user,
            parts=form.parts(),
            expected_version=form.expected_version(),
        )
        return _("The letter was split into %(n)d letters: %(numbers)s.") % {
            "n": len(children),
            "numbers": ", ".join(c.register_label for c in children),
        }


class AnonymousRouteView(Decision, LetterAction):
    key = "anonymous"
    form_class = f.AnonymousRouteForm

    @classmethod
    def form_kwargs(cls, policy: LetterPolicy, letter: Letter, extra: Extra) -> dict[str, Any]:
        return {"letter": letter}

    argument_names = ("outcome", "reason", "to_unit", "to_body")

    def done(self, result: Any) -> str:
        return _("The information was routed: %(outcome)s.") % {
            "outcome": AnonymousOutcome(result.anonymous_outcome).label
        }


class ClusterView(LetterAction):
    key = "cluster"
    form_class = f.ClusterForm

    @classmethod
    def form_kwargs(cls, policy: LetterPolicy, letter: Letter, extra: Extra) -> dict[str, Any]:
        return {
            "candidates": selectors.joinable_letters(letter),
            "creating": letter.cluster_id is None,
        }

    @classmethod
    def initial(cls, letter: Letter) -> dict[str, Any]:
        return {"version": letter.version, "title": letter.subject}

    def perform(self, form: Any, obj: Letter) -> str:
        data = form.cleaned_data
        chosen = list(data.get("letters") or [])
        if obj.cluster is None:
            clusters.cluster_create(
                unit=obj.unit,
                title=data["title"],
                lead=obj,
                letters=chosen,
                actor=self.request.user,
                expected_version=form.expected_version(),
            )
            return _("The cluster was created with %(n)d letters.") % {"n": len(chosen) + 1}
        clusters.cluster_add(
            cluster=obj.cluster,
            letters=chosen,
            actor=self.request.user,
            seen=obj,
            expected_version=form.expected_version(),
        )
        return _("%(n)d letters were added to the cluster.") % {"n": len(chosen)}


class ReviewView(Decision, LetterAction):
    """The superior head's review of a further denunciation (Luật Tố cáo Art. 37)."""

    key = "review"
    form_class = f.ReviewForm
    today_field = "decided_on"
    argument_names = ("outcome", "grounds", "reasons", "decided_on")

    def done(self, result: Any) -> str:
        if result.new_case is not None:
            return _("The denunciation is resolved again as case %(n)s.") % {
                "n": result.new_case.number
            }
        return _("Resolving again was refused in writing.")


class LetterCrimeView(CrimeReferralDecision, LetterAction):
    """Send the file at once on signs of a crime (Luật Tố cáo Art. 27)."""


class ProtectionView(LetterAction):
    """Record a denouncer's request for protection (Luật Tố cáo Arts. 47-48)."""

    key = "protection"
    form_class = f.ProtectionForm
    today_field = "requested_on"

    def perform(self, form: Any, obj: Letter) -> str:
        data = form.cleaned_data
        denunciations.protection_request_record(
            letter=obj,
            actor=self.request.user,
            interests=data["interests"],
            requested_on=data["requested_on"],
            means=data["means"],
            details=data.get("details") or "",
            measures=data.get("measures") or "",
            decided_by_name=data.get("decided_by_name") or "",
            decided_on=data.get("decided_on"),
            outcome=data.get("outcome") or "",
        )
        return _("The request for protection was recorded.")


class RepresentativesView(LetterAction):
    key = "representatives"
    form_class = f.RepresentativesForm
    today_field = "recorded_on"

    @classmethod
    def form_kwargs(cls, policy: LetterPolicy, letter: Letter, extra: Extra) -> dict[str, Any]:
        # A complaint's signers are not under the denouncer-protection regime; a protected
        # letter's are never named here (only ``selectors.signers_for`` reads them, audited).
        rows = Signer.objects.filter(letter_id=letter.pk).values_list("pk", "position", "full_name")
        if letter.identity_protected:
            rows = [(pk, position, "") for pk, position, _name in rows]  # type: ignore[assignment]
        return {
            "signer_choices": [
                (pk, name or _("Signer %(n)d") % {"n": position}) for pk, position, name in rows
            ]
        }

    def perform(self, form: Any, obj: Letter) -> str:
        data = form.cleaned_data
        complaints.letter_record_representatives(
            letter=obj,
            actor=self.request.user,
            representative_ids=data["representatives"],
            every_signature=bool(data.get("every_signature")),
            recorded_on=data["recorded_on"],
            expected_version=form.expected_version(),
        )
        return _("The representatives were recorded.")


class PartyTrackView(LetterAction):
    """Send a party matter at a party body to the party track (DOMAIN.md §12.5)."""

    key = "party"
    form_class = PartyTrackForm

    def perform(self, form: Any, obj: Letter) -> str:
        party_case = party.letter_to_party_track(
            letter=obj, actor=self.request.user, note=form.cleaned_data.get("note") or "",
            expected_version=form.expected_version(),
        )  # fmt: skip
        if party_case.status == "inspection_info":
            return _(
                "The letter is on the party track: being anonymous, it went to the "
                "inspection-information queue (party case %(number)s)."
            ) % {"number": party_case.number}
        return _("The letter is on the party track: party case %(number)s.") % {
            "number": party_case.number
        }


#: The actions in the order the page shows them.
LETTER_ACTIONS: tuple[type[LetterAction], ...] = (
    ClassifyView,
    SplitView,
    AcceptView,
    PartyTrackView,
    NotAcceptView,
    ForwardView,
    GuideView,
    AnonymousRouteView,
    ArchiveView,
    ClusterView,
    ReviewView,
    LetterCrimeView,
    ProtectionView,
    RepresentativesView,
)
