"""Filters of the letter and case lists (GET forms: bad values are reported, never fatal)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import User
from danvan.core.actors import Viewer
from danvan.core.form_fields import CleanCharField
from danvan.letters.choices import Channel, LetterKind
from danvan.letters.forms.staff.common import DateInput
from danvan.letters.policies import LetterPolicy
from danvan.letters.selectors import DATE_RANGES, LetterFilters
from danvan.letters.states import CaseStatus, LetterStatus
from danvan.letters.statistics import Measure, measure_label
from danvan.organizations.models import Field, Province, Unit
from danvan.workflow.worklists import FilterForm, ListedChoiceField

URGENCY_CHOICES = [
    ("", _("Any deadline")),
    ("overdue", _("Overdue")),
    ("due_soon", _("Due soon")),
]


class HandlerChoiceField(ListedChoiceField):
    """A person currently handling the case, among the handlers the viewer may see."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Handler"),
            queryset=User.objects.none(),
            required=False,
            empty_label=_("Any handler"),
            **kwargs,
        )

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


def _handlers(viewer: Viewer, policy: LetterPolicy | None = None) -> QuerySet[User]:
    return (policy or LetterPolicy(viewer)).handlers_in_scope()


def _labelled(handlers: QuerySet[User]) -> QuerySet[User]:
    """The handlers with what their option shows (``HandlerChoiceField.label_from_instance``)."""
    return handlers.only("pk", "full_name", "username")


class LetterFilterForm(FilterForm):
    more = (
        "handler",
        "field",
        "channel",
        "province",
        "received_from",
        "received_to",
        "due_from",
        "due_to",
        "decided_from",
        "decided_to",
        "measure",
        "measured_from",
        "measured_to",
    )

    q = CleanCharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words of the subject or content, or a tracking code."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("open", _("Still open")), *LetterStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind of letter"),
        required=False,
        choices=[("", _("Any kind")), *LetterKind.choices],
    )
    unit = ListedChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All units")
    )
    urgency = forms.ChoiceField(label=_("Deadline"), required=False, choices=URGENCY_CHOICES)
    handler = HandlerChoiceField()
    field = ListedChoiceField(
        label=_("Field"),
        queryset=Field.objects.order_by("name"),
        required=False,
        empty_label=_("All fields"),
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any channel")), *Channel.choices]
    )
    province = ListedChoiceField(
        label=_("Province of the matter"),
        queryset=Province.objects.order_by("name"),
        required=False,
        empty_label=_("All provinces"),
    )
    received_from = forms.DateField(label=_("Received from"), required=False, widget=DateInput())
    received_to = forms.DateField(label=_("Received until"), required=False, widget=DateInput())
    due_from = forms.DateField(label=_("Due from"), required=False, widget=DateInput())
    due_to = forms.DateField(label=_("Due until"), required=False, widget=DateInput())
    decided_from = forms.DateField(label=_("Decided from"), required=False, widget=DateInput())
    decided_to = forms.DateField(label=_("Decided until"), required=False, widget=DateInput())
    # The list behind a figure of a dashboard (``statistics.condition``).
    measure = forms.ChoiceField(
        label=_("Counted as"),
        required=False,
        choices=[("", _("Any letter")), *((m.value, measure_label(m)) for m in Measure)],
    )
    measured_from = forms.DateField(label=_("Counted from"), required=False, widget=DateInput())
    measured_to = forms.DateField(label=_("Counted until"), required=False, widget=DateInput())

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        handlers: QuerySet[User] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.only("pk", "name").order_by("name")  # type: ignore[attr-defined]
        if handlers is not None:
            self.fields["handler"].queryset = _labelled(handlers)  # type: ignore[attr-defined]

    @classmethod
    def for_viewer(
        cls, data: QueryDict, viewer: Viewer, *, policy: LetterPolicy | None = None
    ) -> LetterFilterForm:
        """The form bound to a query, its unit choices the units whose letters ``viewer`` sees
        (``LetterPolicy.letter_units``) and its handler choices the handlers of those units (the
        list and its export read the same filters). ``policy``: the request's, when the view
        has one."""
        policy = policy or LetterPolicy(viewer)
        return cls.from_query(data, units=policy.letter_units(), handlers=_handlers(viewer, policy))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for low_name, high_name, _lookup in DATE_RANGES:
            low, high = data.get(low_name), data.get(high_name)
            if low is not None and high is not None and low > high:
                self.add_error(high_name, _("This date is before the start of the range."))
                data.pop(high_name, None)
        if data.get("measure") and not (data.get("measured_from") and data.get("measured_to")):
            self.add_error("measured_to", _("A count needs the first and the last day."))
        elif (
            (low := data.get("measured_from")) and (high := data.get("measured_to")) and low > high
        ):
            self.add_error("measured_to", _("This date is before the start of the range."))
            data.pop("measured_to", None)
        return data

    def filters(self) -> LetterFilters:
        """The valid part of the filters (an invalid value filters nothing)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        unit, field, province = data.get("unit"), data.get("field"), data.get("province")
        handler = data.get("handler")
        return LetterFilters(
            q=(data.get("q") or "").strip(),
            status=data.get("status") or "",
            kind=data.get("kind") or "",
            unit_id=unit.pk if unit is not None else None,
            urgency=data.get("urgency") or "",
            field_id=field.pk if field is not None else None,
            channel=data.get("channel") or "",
            province_id=province.pk if province is not None else None,
            handler_id=handler.pk if handler is not None else None,
            **{name: data.get(name) for low, high, _l in DATE_RANGES for name in (low, high)},
            measure=data.get("measure") or "",
            measured_from=data.get("measured_from"),
            measured_to=data.get("measured_to"),
        )


class CaseFilterForm(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), ("open", _("Still open")), *CaseStatus.choices],
    )
    urgency = forms.ChoiceField(label=_("Deadline"), required=False, choices=URGENCY_CHOICES)
    mine = forms.BooleanField(label=_("Only cases assigned to me"), required=False)
    handler = HandlerChoiceField()

    def __init__(self, *args: Any, handlers: QuerySet[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if handlers is not None:
            self.fields["handler"].queryset = _labelled(handlers)  # type: ignore[attr-defined]

    @classmethod
    def for_viewer(cls, data: QueryDict, viewer: Viewer) -> CaseFilterForm:
        """The form bound to a query, its handler choices the handlers ``viewer`` may see."""
        return cls.from_query(data, handlers=_handlers(viewer))

    def handler_id(self) -> int | None:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        handler = data.get("handler")
        return handler.pk if handler is not None else None

    def values(self) -> tuple[str, str]:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return data.get("status") or "", data.get("urgency") or ""

    def only_mine(self) -> bool:
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return bool(data.get("mine"))
