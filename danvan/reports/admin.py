"""The register book's columns: kept by administrators of a top unit (deployment-wide data,
``workflow.policies.can_manage_rules``); each change is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from danvan.core import audit
from danvan.reports.audit_actions import AuditAction
from danvan.reports.models import RegisterColumn
from danvan.workflow.policies import can_manage_rules


@admin.register(RegisterColumn)
class RegisterColumnAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("position", "label", "key", "width", "active")
    list_display_links = ("label",)
    list_editable = ("position", "width", "active")
    ordering = ("position", "pk")

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        audit.record(
            action=AuditAction.REGISTER_COLUMN_SAVED,
            actor=request.user,
            target=obj,
            fields=list(form.changed_data),
        )

    def _may(self, request: HttpRequest) -> bool:
        return can_manage_rules(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and self._may(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._may(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
