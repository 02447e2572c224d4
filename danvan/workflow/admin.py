"""Admin for the dated rule tables: time limits, duties per period and legal-basis texts.

Every save goes through ``services``; keys are chosen among the registered ones (shown with their
label); nothing is ever deleted; only the people ``policies.can_manage_rules`` names may add or
change rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from danvan.workflow import policies, registry, services
from danvan.workflow.models import DeadlineRule, DutyRule, LegalBasis


def _choices(keys: Callable[[], tuple[registry.RegisteredKey, ...]]) -> Callable[[], list[Any]]:
    def choices() -> list[tuple[str, str | Promise]]:
        return [
            ("", "---------"),
            *sorted(((k.key, k.label) for k in keys()), key=lambda pair: str(pair[1])),
        ]

    return choices


class _DatedRowAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """What the three tables share: registered keys, the overlap check, no deletion."""

    key_choices: Callable[[], list[Any]]
    ordering = ("key", "-effective_from")

    @admin.display(description=_("key"), ordering="key")
    def key_display(self, obj: Any) -> Any:
        return obj.key_label

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "key":
            return forms.ChoiceField(
                label=db_field.verbose_name.capitalize(), choices=type(self).key_choices
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)

        class CheckedForm(form):  # type: ignore[valid-type, misc]
            def clean(self) -> Any:
                data = super().clean()
                if self.errors:  # e.g. no valid start date: nothing to compare yet
                    return data
                instance = self.instance
                for name, value in data.items():
                    setattr(instance, name, value)
                try:
                    services.check_overlap(instance)
                except ValidationError as error:
                    self.add_error(None, error)
                return data

        return CheckedForm

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and policies.can_manage_rules(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and policies.can_manage_rules(
            request.user
        )

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(_DatedRowAdmin):
    key_choices = staticmethod(_choices(registry.rule_keys))
    list_display = (
        "key_display", "amount", "unit", "complex_amount", "remote_amount", "effective_from",
        "effective_to", "active", "verified", "legal_basis",
    )  # fmt: skip
    list_filter = ("key", "active", "verified", "unit")
    search_fields = ("key", "legal_basis", "note")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and services.rule_in_use(obj):
            return [f for f in services.RULE_FIELDS if f not in services.EDITABLE_WHEN_USED]
        return []

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        services.rule_save(rule=obj, actor=request.user)


@admin.register(DutyRule)
class DutyRuleAdmin(_DatedRowAdmin):
    key_choices = staticmethod(_choices(registry.duty_keys))
    list_display = (
        "key_display", "count", "period", "effective_from", "effective_to", "active", "verified",
        "legal_basis",
    )  # fmt: skip
    list_filter = ("key", "active", "verified", "period")
    search_fields = ("key", "legal_basis", "note")

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        services.duty_save(duty=obj, actor=request.user)


@admin.register(LegalBasis)
class LegalBasisAdmin(_DatedRowAdmin):
    key_choices = staticmethod(_choices(registry.legal_basis_keys))
    list_display = ("key_display", "text", "effective_from", "effective_to", "verified")
    list_filter = ("key", "verified")
    search_fields = ("key", "text", "note")

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        services.legal_basis_save(basis=obj, actor=request.user)
