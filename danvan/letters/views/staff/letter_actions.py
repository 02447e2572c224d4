"""The actions on a letter before it becomes a case, each a POST from the letter's page.

Each class says who may post it (``allowed``: the role, whatever the letter's state, so that a
late post on a letter someone else already handled gets the "changed in the meantime" message),
when the page offers it (``shown``: the policy and the letter's state), how its form is built
and which service it calls. The services check the full policy again.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core import calendar
from danvan.letters import policies, selectors
from danvan.letters.choices import AnonymousOutcome, Competence, LetterKindChoice
from danvan.letters.forms import staff as f
from danvan.letters.models import Case, Letter
from danvan.letters.services import clusters, handling
from danvan.letters.states import OPEN_LETTER_STATUSES, LetterStatus
from danvan.letters.views.staff.common import ActionView, check_version, letter_for
from danvan.organizations import selectors as org_selectors

Data = Any  # QueryDict | None


def _anonymous_denunciation(letter: Letter) -> bool:
    return letter.kind == LetterKindChoice.DENUNCIATION and (
        letter.anonymous or letter.pseudonymous
    )


def cluster_candidates(letter: Letter) -> QuerySet[Letter]:
    """Letters that may still join ``letter``'s cluster (or a new one it leads)."""
    return (
        selectors.cluster_candidates(letter)
        .filter(cluster__isnull=True, status__in=OPEN_LETTER_STATUSES)
        .order_by("-received_on", "-pk")
    )


class LetterAction(ActionView):
    title: ClassVar[Any] = ""
    form_class: ClassVar[type[forms.Form]]

    def load(self, pk: Any) -> Letter:
        return letter_for(self.request.user, pk)

    def allowed(self, obj: Letter) -> bool:
        return policies.can_register(self.request.user, obj.unit_id)

    @classmethod
    def shown(cls, user: Any, letter: Letter) -> bool:
        raise NotImplementedError

    @classmethod
    def form_kwargs(cls, user: Any, letter: Letter) -> dict[str, Any]:
        return {}

    @classmethod
    def initial(cls, letter: Letter) -> dict[str, Any]:
        return {"version": letter.version}

    @classmethod
    def form_for(
        cls, user: Any, letter: Letter, data: Data = None, files: Data = None
    ) -> forms.Form:
        kwargs = cls.form_kwargs(user, letter)
        if data is None:
            return cls.form_class(prefix=cls.key, initial=cls.initial(letter), **kwargs)
        return cls.form_class(data, files, prefix=cls.key, **kwargs)

    def build_form(self, obj: Letter) -> forms.Form:
        return self.form_for(self.request.user, obj, self.request.POST, self.request.FILES)

    def render_page(self, obj: Letter, bound: dict[str, forms.Form]) -> HttpResponse:
        from danvan.letters.views.staff.letter_page import render_letter_page

        return render_letter_page(self.request, obj, bound)

    def success_url(self, obj: Letter) -> str:
        return reverse("letters:staff-letter-detail", args=[obj.pk])


class ClassifyView(LetterAction):
    key = "classify"
    title = gettext_lazy("Classify")
    form_class = f.ClassifyForm

    @classmethod
    def shown(cls, user: Any, letter: Letter) -> bool:
        return policies.can_classify(user, letter)

    @classmethod
    def form_kwargs(cls, user: Any, letter: Letter) -> dict[str, Any]:
        return {"letter": letter, "with_redacted": True}

    @classmethod
    def form_for(
        cls, user: Any, letter: Letter, data: Data = None, files: Data = None
    ) -> forms.Form:
        # The copy without identity is edited for denunciations, by someone who reads the
        # original (the receiving officer while the letter is open).
        kind = str((data or {}).get("classify-kind") or letter.kind)
        with_redacted = LetterKindChoice.DENUNCIATION in {
            kind,
            letter.kind,
        } and policies.can_view_identity(user, letter)
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


def _classified(letter: Letter) -> bool:
    return letter.status == LetterStatus.CLASSIFIED


class AcceptView(LetterAction):
    key = "accept"
    title = gettext_lazy("Accept for resolution")
    form_class = f.AcceptForm

    @classmethod
    def shown(cls, user: Any, letter: Letter) -> bool:
        return (
            policies.can_handle(user, letter)
            and _classified(letter)
            and letter.kind != LetterKindChoice.MIXED
            and letter.competence == Competence.OWN
            and letter.eligible is not False
            and not _anonymous_denunciation(letter)
        )

    @classmethod
    def form_kwargs(cls, user: Any, letter: Letter) -> dict[str, Any]:
        searchable = Case.objects.none()
        candidates = Case.objects.none()
        if letter.kind == LetterKindChoice.COMPLAINT:
            below = org_selectors.descendant_ids([letter.unit_id]) - {letter.unit_id}
            searchable = Case.objects.filter(
                kind=LetterKindChoice.COMPLAINT, round=1, unit_id__in=below
            ).select_related("unit")
            digests = letter.signer_keys.values("digest")
            candidates = (
                searchable.filter(letter__signer_keys__digest__in=digests)
                .distinct()
                .order_by("-accepted_on", "-pk")
            )
        return {"letter": letter, "candidates": candidates, "searchable": searchable}

    @classmethod
    def initial(cls, letter: Letter) -> dict[str, Any]:
        return {"version": letter.version, "accepted_on": calendar.today_local()}

    def perform(self, form: Any, obj: Letter) -> str:
        data = form.cleaned_data
        case = handling.letter_accept(
            letter=obj,
            actor=self.request.user,
            accepted_on=data["accepted_on"],
            resolver=data.get("resolver"),
            previous_case=data.get("previous_case"),
            new_facts=bool(data.get("new_facts")),
            expected_version=form.expected_version(),
        )
        return _("The letter was accepted: case %(number)s was opened.") % {"number": case.number}


class RefuseView(LetterAction):
    key = "refuse"
    title = gettext_lazy("Not accept")
    form_class = f.RefuseForm

    @classmethod
    def shown(cls, user: Any, letter: Letter) -> bool:
        return (
            policies.can_handle(user, letter)
            and _classified(letter)
            and letter.kind != LetterKindChoice.MIXED
        )

    @classmethod
    def form_kwargs(cls, user: Any, letter: Letter) -> dict[str, Any]:
        return {"letter": letter}

    @classmethod
    def initial(cls, letter: Letter) -> dict[str, Any]:
        return {"version": letter.version, "ground": letter.ineligibility_ground}

    def perform(self, form: Any, obj: Letter) -> str:
        handling.letter_refuse(
            letter=obj,
            actor=self.request.user,
            ground=form.cleaned_data["ground"],
            note=form.cleaned_data.get("note") or "",
            expected_version=form.expected_version(),
        )
        return _("The letter was not accepted; the notice was issued.")


class ForwardView(LetterAction):
    key = "forward"
    title = gettext_lazy("Forward to the competent body")
    form_class = f.ForwardForm

    @classmethod
    def shown(cls, user: Any, letter: Letter) -> bool:
        return (
            policies.can_handle(user, letter)
            and _classified(letter)
            and letter.kind not in {LetterKindChoice.COMPLAINT, LetterKindChoice.MIXED}
            and not _anonymous_denunciation(letter)
        )

    @classmethod
    def form_kwargs(cls, user: Any, letter: Letter) -> dict[str, Any]:
        return {"letter": letter}

    @classmethod
    def initial(cls, letter: Letter) -> dict[str, Any]:
        to_unit = letter.competent_unit_id if letter.competent_unit_id != letter.unit_id else None
        return {"version": letter.version, "to_unit": to_unit, "to_body": letter.competent_body}

    def perform(self, form: Any, obj: Letter) -> str:
        data = form.cleaned_data
        handling.letter_forward(
            letter=obj,
            actor=self.request.user,
            to_unit=data.get("to_unit"),
            to_body=data.get("to_body") or "",
            reason=data.get("reason") or "",
            expected_version=form.expected_version(),
        )
        return _("The letter was forwarded; the transfer slip was issued.")


class GuideView(LetterAction):
    key = "guide"
    title = gettext_lazy("Guide the citizen")
    form_class = f.GuideForm

    @classmethod
    def shown(cls, user: Any, letter: Letter) -> bool:
        return policies.can_handle(user, letter) and _classified(letter) and not letter.anonymous

    @classmethod
    def form_kwargs(cls, user: Any, letter: Letter) -> dict[str, Any]:
        return {"letter": letter}

    @classmethod
    def initial(cls, letter: Letter) -> dict[str, Any]:
        return ForwardView.initial(letter)

    def perform(self, form: Any, obj: Letter) -> str:
        data = form.cleaned_data
        handling.letter_guide(
            letter=obj,
            actor=self.request.user,
            guidance=data["guidance"],
            to_unit=data.get("to_unit"),
            to_body=data.get("to_body") or "",
            expected_version=form.expected_version(),
        )
        return _("The guidance letter was issued.")


class FileView(LetterAction):
    key = "file"
    title = gettext_lazy("File the letter")
    form_class = f.FileForm

    @classmethod
    def shown(cls, user: Any, letter: Letter) -> bool:
        return policies.can_handle(user, letter)

    def perform(self, form: Any, obj: Letter) -> str:
        handling.letter_file(
            letter=obj,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.expected_version(),
        )
        return _("The letter was filed.")


class SplitView(LetterAction):
    key = "split"
    title = gettext_lazy("Split into separate letters")
    form_class = f.SplitForm

    @classmethod
    def shown(cls, user: Any, letter: Letter) -> bool:
        return policies.can_classify(user, letter) and letter.kind == LetterKindChoice.MIXED

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


class AnonymousRouteView(LetterAction):
    key = "anonymous"
    title = gettext_lazy("Anonymous denunciation content")
    form_class = f.AnonymousRouteForm

    @classmethod
    def shown(cls, user: Any, letter: Letter) -> bool:
        return (
            policies.can_handle(user, letter)
            and _classified(letter)
            and _anonymous_denunciation(letter)
        )

    @classmethod
    def form_kwargs(cls, user: Any, letter: Letter) -> dict[str, Any]:
        return {"letter": letter}

    def perform(self, form: Any, obj: Letter) -> str:
        data = form.cleaned_data
        handling.letter_route_anonymous(
            letter=obj,
            actor=self.request.user,
            outcome=AnonymousOutcome(data["outcome"]),
            reason=data["reason"],
            to_unit=data.get("to_unit"),
            to_body=data.get("to_body") or "",
            expected_version=form.expected_version(),
        )
        return _("The information was routed: %(outcome)s.") % {
            "outcome": AnonymousOutcome(data["outcome"]).label
        }


class ClusterView(LetterAction):
    key = "cluster"
    title = gettext_lazy("Group letters into a cluster")
    form_class = f.ClusterForm

    @classmethod
    def shown(cls, user: Any, letter: Letter) -> bool:
        if not policies.can_register(user, letter.unit_id):
            return False
        # A new cluster starts from a letter still being worked on; an existing one grows.
        if letter.cluster_id is None and letter.status not in OPEN_LETTER_STATUSES:
            return False
        return cluster_candidates(letter).exists()

    @classmethod
    def form_kwargs(cls, user: Any, letter: Letter) -> dict[str, Any]:
        return {"candidates": cluster_candidates(letter), "creating": letter.cluster_id is None}

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
        check_version(form, obj.version)
        clusters.cluster_add(cluster=obj.cluster, letters=chosen, actor=self.request.user)
        return _("%(n)d letters were added to the cluster.") % {"n": len(chosen)}


#: The actions in the order the page shows them.
LETTER_ACTIONS: tuple[type[LetterAction], ...] = (
    ClassifyView,
    SplitView,
    AcceptView,
    RefuseView,
    ForwardView,
    GuideView,
    AnonymousRouteView,
    FileView,
    ClusterView,
)
