"""Admin for the letters context's reference data: the signature methods that count (the
time-limit rules and legal-basis texts are the workflow kit's tables, in its admin). Letters and
cases themselves are handled in the back office, never here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from danvan.letters import policies
from danvan.letters.models import AcceptedSignatureMethod
from danvan.letters.services import rules


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
