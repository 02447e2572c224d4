"""What the back-office views of letters share: finding what the viewer may see (the actions'
pattern is the workflow kit's ``ObjectActionView``, the lists' its ``WorkList``)."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django import forms
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from danvan.core.actors import Viewer
from danvan.letters import policies, selectors
from danvan.letters.forms.staff.case_actions import CrimeForm
from danvan.letters.forms.staff.identity_review import IdentityReview
from danvan.letters.models import Case, Letter
from danvan.letters.protection import letter_identity
from danvan.letters.services import decisions

PAGE_SIZE = 25


class Decision:
    """Mixed into an action view of a move the head decides (``HEAD_DECIDES_LETTER``,
    ``HEAD_DECIDES_CASE``): the head makes it, anyone else who may try it proposes it; both
    call ``decisions.run`` with the same arguments, the form fields ``argument_names``."""

    argument_names: ClassVar[tuple[str, ...]] = ()
    #: Whether the decision's documents go to others than the denouncer (a refusal or guidance
    #: goes to the citizen alone, and names them as it should).
    reviews_identity: ClassVar[bool] = True
    request: HttpRequest

    @classmethod
    def form_class_for(cls, policy: Any, obj: Any) -> type[forms.Form]:
        """On a protected letter, the form first shows the copy without the denouncer's
        identity that the documents for others will carry (``IdentityReview``)."""
        form_class: type[forms.Form] = cast("Any", super()).form_class_for(policy, obj)
        letter = obj if isinstance(obj, Letter) else getattr(obj, "letter", None)
        if not cls.reviews_identity or not isinstance(letter, Letter):
            return form_class
        if not letter.identity_protected:
            return form_class
        identity = tuple(letter_identity(letter))
        if not identity:
            return form_class
        return type(
            f"Reviewed{form_class.__name__}",
            (form_class, IdentityReview),
            {"review_identity": identity},
        )

    def arguments(self, form: Any, obj: Any) -> dict[str, Any]:
        data = form.cleaned_data
        return decisions.clean_arguments({name: data.get(name) for name in self.argument_names})

    def perform(self, form: Any, obj: Any) -> str:
        result = decisions.run(
            cast("Any", self).move(), obj, self.request.user, self.arguments(form, obj),
            expected_version=form.expected_version(),
        )  # fmt: skip
        return self.done(result)

    def done(self, result: Any) -> str:
        raise NotImplementedError


class CrimeReferralDecision(Decision):
    """Send the file at once on signs of a crime, from a letter or from its case (Luật Tố cáo
    Arts. 27, 36(2)): the same decision on both pages."""

    key: ClassVar[str] = "crime"
    form_class: ClassVar[type[Any]] = CrimeForm
    today_field: ClassVar[str] = "referred_on"
    argument_names = ("body_kind", "body_name", "signs", "referred_on")

    def done(self, result: Any) -> str:
        return _("The file was sent to %(body)s.") % {"body": result.body_name}


MAX_ID = 2_147_483_647


def _checked_id(pk: Any) -> int:
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < value <= MAX_ID:
        raise Http404
    return value


def letter_for(user: Viewer, pk: Any) -> Letter:
    """The letter if ``user`` may see it; 404 otherwise (its existence is not revealed)."""
    letter = (
        policies.visible_letters(user)
        .select_related(
            "unit",
            "field",
            "province",
            "ward",
            "due_rule",
            "cluster",
            "case",
            "source_letter__unit",
        )
        .filter(pk=_checked_id(pk))
        .first()
    )
    if letter is None:
        raise Http404(_("No such letter."))
    return letter


def case_for(user: Viewer, pk: Any) -> Case:
    case = (
        Case.objects.filter(letter__in=policies.visible_letters(user), pk=_checked_id(pk))
        .select_related("letter", "unit", "due_rule", "resolver", "previous", "letter__unit")
        .first()
    )
    if case is None:
        raise Http404(_("No such case."))
    return case


__all__ = [
    "PAGE_SIZE",
    "CrimeReferralDecision",
    "Decision",
    "case_for",
    "letter_for",
    "selectors",
]
