"""What the back-office views of letters share: finding what the viewer may see, deadlines for
display, and the one pattern every action follows (authorise, validate, call the service,
redirect; or show the refusal beside the form with the input kept)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.core.errors import ApplicationError
from danvan.letters import deadlines, policies, selectors
from danvan.letters.forms.staff import VersionedForm
from danvan.letters.models import Case, Letter
from danvan.letters.services.transitions import StaleObjectError

PAGE_SIZE = 25
MAX_ID = 2_147_483_647


def _checked_id(pk: Any) -> int:
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < value <= MAX_ID:
        raise Http404
    return value


def letter_for(user: Any, pk: Any) -> Letter:
    """The letter if ``user`` may see it; 404 otherwise (its existence is not revealed)."""
    letter = (
        policies.visible_letters(user)
        .select_related("unit", "field", "province", "ward", "due_rule", "cluster")
        .filter(pk=_checked_id(pk))
        .first()
    )
    if letter is None:
        raise Http404(_("No such letter."))
    return letter


def case_for(user: Any, pk: Any) -> Case:
    case = (
        Case.objects.filter(letter__in=policies.visible_letters(user), pk=_checked_id(pk))
        .select_related("letter", "unit", "due_rule", "resolver", "previous", "letter__unit")
        .first()
    )
    if case is None:
        raise Http404(_("No such case."))
    return case


@dataclass(frozen=True)
class Row:
    """One line of a work list: the object and its deadline."""

    obj: Any
    deadline: deadlines.DeadlineView | None


def check_version(form: VersionedForm, current: int) -> None:
    """For services that take no ``expected_version``: refuse when the object changed since
    the form was shown."""
    if form.expected_version() != current:
        raise StaleObjectError()


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


Renderer = Callable[[HttpRequest, Any, dict[str, forms.Form]], HttpResponse]


class ActionView(StaffRequiredMixin, View):
    """One action on a letter or a case, posted from its detail page.

    Subclasses set ``key`` (the form's name on the page and its anchor), ``form_class`` and
    implement ``load``, ``allowed``, ``build_form``, ``perform`` and ``render_page``. A GET is
    refused (405): every change is a POST followed by a redirect.
    """

    http_method_names = ["post"]
    key = ""

    def load(self, pk: Any) -> Any:
        raise NotImplementedError

    def allowed(self, obj: Any) -> bool:
        raise NotImplementedError

    def build_form(self, obj: Any) -> forms.Form:
        raise NotImplementedError

    def perform(self, form: Any, obj: Any) -> str:
        """Call the service; return the success message."""
        raise NotImplementedError

    def render_page(self, obj: Any, bound: dict[str, forms.Form]) -> HttpResponse:
        raise NotImplementedError

    def success_url(self, obj: Any) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = self.load(pk)
        if not self.allowed(obj):
            raise PermissionDenied(_("You may not do this on this letter."))
        form = self.build_form(obj)
        if form.is_valid():
            try:
                message = self.perform(form, obj)
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


__all__ = [
    "PAGE_SIZE",
    "ActionView",
    "Row",
    "case_for",
    "check_version",
    "letter_for",
    "selectors",
]
