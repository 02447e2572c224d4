"""Pieces every back-office form of the letters context shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import User
from danvan.core import calendar
from danvan.core.form_fields import BoundedModelMultipleChoiceField, CleanCharField
from danvan.organizations.models import Membership, Unit
from danvan.organizations.models.dated import today
from danvan.organizations.roles import Role

TEXT_MAX = 20_000
NOTE_MAX = 2_000


class DateInput(forms.DateInput):
    """A native date picker; the value travels as ISO (yyyy-mm-dd), which every locale accepts."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def not_future(value: dt.date) -> None:
    if value > calendar.today_local():
        raise ValidationError(_("The date cannot be in the future."), code="future")


def date_field(label: Any, *, required: bool = True, past: bool = True, **kwargs: Any) -> Any:
    validators = [not_future] if past else []
    return forms.DateField(
        label=label, required=required, widget=DateInput(), validators=validators, **kwargs
    )


def text_field(label: Any, *, required: bool = True, max_length: int = NOTE_MAX, **kw: Any) -> Any:
    return CleanCharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": kw.pop("rows", 3)}),
        **kw,
    )


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name())


class UsersChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name())


def people_of(unit_id: int, roles: Iterable[Role]) -> QuerySet[User]:
    """People holding one of ``roles`` in the unit today, by name."""
    user_ids = (
        Membership.objects.active_on(today())
        .filter(unit_id=unit_id, role__in=[str(r) for r in roles])
        .values("user_id")
    )
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("full_name", "username")


def active_units(exclude: Sequence[int] = ()) -> QuerySet[Unit]:
    return Unit.objects.active_on(today()).exclude(pk__in=list(exclude)).order_by("name")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); the checks of their content
    are the service's (``files.check_upload``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        if not data:
            return []
        return [single(data, initial)]
