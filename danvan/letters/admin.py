"""Admin for the letters context's reference data: the time-limit rules and the signature
methods that count. Letters and cases themselves are handled in the back office, never here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from danvan.letters import policies
from danvan.letters.models import AcceptedSignatureMethod, DeadlineRule
from danvan.letters.services import rules


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "key", "amount", "unit", "complex_amount", "remote_amount", "effective_from",
        "effective_to", "active", "verified", "legal_basis",
    )  # fmt: skip
    list_filter = ("key", "active", "verified", "unit")
    search_fields = ("legal_basis", "note")
    ordering = ("key", "-effective_from")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None and rules.rule_in_use(obj):
            return [f for f in rules.RULE_FIELDS if f not in rules.EDITABLE_WHEN_USED]
        return []

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        rules.rule_save(rule=obj, actor=request.user)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)

        class CheckedForm(form):  # type: ignore[valid-type, misc]
            def clean(self) -> Any:
                data = super().clean()
                instance = self.instance
                for name, value in data.items():
                    setattr(instance, name, value)
                try:
                    rules.check_overlap(instance)
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


@admin.register(AcceptedSignatureMethod)
class AcceptedSignatureMethodAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("method", "accepted")
    list_editable = ("accepted",)
    fields = ("method", "accepted")
    readonly_fields = ("method",)

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        rules.signature_method_set(method=obj, accepted=obj.accepted, actor=request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and policies.can_manage_rules(
            request.user
        )

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
