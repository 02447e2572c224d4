"""The public tracking page of any ``Tracked`` object: a form with the code and the PIN, then the
object, kept open in the session for a while.

A module subclasses ``PublicTrackView`` once: ``model`` (or ``get_queryset``), ``template_name``,
``url_name`` (the page itself, where every POST redirects), ``session_key`` and
``object_context`` (what the page shows of the object). The view protects the form with CSRF,
sends every answer with ``Cache-Control: no-store``, refuses an address that tried too often
with 429 (``core.throttle``), checks code and PIN with ``workflow.tracking.track`` (the lockout),
cycles the session key on success, keeps the object open for ``session_seconds`` and closes it
on ``action=forget``. Other POST actions of the page (letters' rating) go to
``handle_action``.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar, Final, Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.csrf import csrf_protect

from danvan.accounts.forms import AccessibleFormMixin
from danvan.core.form_fields import CleanCharField
from danvan.core.throttle import Throttle, Throttled
from danvan.workflow import tracking
from danvan.workflow.models.tracking import PIN_LENGTH, Tracked

__all__ = ["ADDRESS_THROTTLE", "PublicTrackView", "TrackForm", "no_store"]

#: Tracking tries allowed from one client address in 15 minutes, over every tracking page.
ADDRESS_THROTTLE: Final = Throttle("workflow.track.address", limit=30, window=15 * 60)

T = TypeVar("T", bound=Tracked)
_R = TypeVar("_R", bound=HttpResponseBase)


def no_store(response: _R) -> _R:
    """Pages with a code, a PIN or a tracked object's details are never kept by a shared cache
    or the browser's history cache."""
    response["Cache-Control"] = "no-store, private"
    return response


class TrackForm(AccessibleFormMixin, forms.Form):
    """The tracking code and the PIN; a module may redefine the fields' texts."""

    code = CleanCharField(
        label=_("Tracking code"),
        max_length=30,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter the tracking code.")},
    )
    pin = CleanCharField(
        label=_("PIN"),
        max_length=20,
        help_text=_("The 6 digits given with the tracking code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
        error_messages={"required": _("Enter the PIN.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.describe_fields()

    def clean_pin(self) -> str:
        pin = "".join(str(self.cleaned_data.get("pin", "")).split())
        if not (pin.isdigit() and len(pin) == PIN_LENGTH):
            raise ValidationError(_("The PIN has exactly 6 digits."))
        return pin


@method_decorator(csrf_protect, name="dispatch")
class PublicTrackView(View, Generic[T]):
    model: ClassVar[type[Tracked]]
    template_name: ClassVar[str]
    #: The URL name of the page; every POST redirects to it.
    url_name: ClassVar[str]
    #: Where the session keeps the open object: ``{session_field: pk, "until": timestamp}``.
    session_key: ClassVar[str]
    session_field: ClassVar[str] = "pk"
    #: How long an object stays open after a good PIN.
    session_seconds: ClassVar[int] = 15 * 60
    form_class: ClassVar[type[forms.Form]] = TrackForm
    address_throttle: ClassVar[Throttle] = ADDRESS_THROTTLE

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return no_store(super().dispatch(request, *args, **kwargs))

    # --- What a module may change ---

    def get_queryset(self) -> QuerySet[T]:
        """The objects this page may open (and loads with what the page shows)."""
        return self.model._default_manager.all()  # type: ignore[return-value]

    def object_context(self, request: HttpRequest, obj: T) -> dict[str, Any]:
        return {"object": obj}

    def form_context(self, request: HttpRequest, form: forms.Form) -> dict[str, Any]:
        return {"form": form, "object": None}

    def handle_action(self, request: HttpRequest, action: str) -> HttpResponse:
        """A POST with an ``action`` other than ``track`` and ``forget``."""
        return self.track(request)

    # --- The session ---

    def tracked(self, request: HttpRequest) -> T | None:
        """The object open in this session, if its time has not run out."""
        raw = request.session.get(self.session_key)
        if not isinstance(raw, dict):
            return None
        until = raw.get("until", 0)
        if not isinstance(until, (int, float)) or until < time.time():
            request.session.pop(self.session_key, None)
            return None
        pk = raw.get(self.session_field)
        if not isinstance(pk, int):
            return None
        return self.get_queryset().filter(pk=pk).first()

    def remember(self, request: HttpRequest, obj: T) -> None:
        request.session.cycle_key()
        request.session[self.session_key] = {
            self.session_field: obj.pk,
            "until": time.time() + self.session_seconds,
        }

    def forget(self, request: HttpRequest) -> None:
        request.session.pop(self.session_key, None)

    # --- The requests ---

    def get(self, request: HttpRequest) -> HttpResponse:
        obj = self.tracked(request)
        if obj is not None:
            return self.render_object(request, obj)
        return self.render_form(request, self.form_class())

    def post(self, request: HttpRequest) -> HttpResponse:
        action = request.POST.get("action", "track")
        if action == "forget":
            self.forget(request)
            return redirect(self.url_name)
        if action == "track":
            return self.track(request)
        return self.handle_action(request, action)

    def track(self, request: HttpRequest) -> HttpResponse:
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.render_form(request, form)
        try:
            self.address_throttle.admit_address(request)
        except Throttled as exc:
            form.add_error(None, str(exc.message))
            response = self.render_form(request, form, status=429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        try:
            obj = tracking.track(
                self.get_queryset(),
                code=form.cleaned_data["code"],
                pin=form.cleaned_data["pin"],
                request=request,
            )
        except tracking.TrackingError as exc:
            form.add_error(None, str(exc.message))
            return self.render_form(request, form)
        self.remember(request, obj)
        return redirect(self.url_name)

    def render_form(
        self, request: HttpRequest, form: forms.Form, status: int = 200
    ) -> HttpResponse:
        return render(request, self.template_name, self.form_context(request, form), status=status)

    def render_object(self, request: HttpRequest, obj: T, **extra: Any) -> HttpResponse:
        context = self.object_context(request, obj)
        context.update(extra)
        return render(request, self.template_name, context)
