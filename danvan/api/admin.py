"""API keys in the admin: made (the token is shown once), listed and revoked by the
administrators who keep the deployment's settings (``workflow.policies.can_manage_rules``).
Nothing is deleted: a revoked key stays for the audit trail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from danvan.api import keys
from danvan.api.models import ApiKey, Scope
from danvan.workflow.policies import can_manage_rules


class ApiKeyForm(forms.ModelForm[ApiKey]):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiKey
        fields = ["name", "user", "unit", "scopes"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("user")) == bool(data.get("unit")):
            raise forms.ValidationError(
                _("A key belongs either to a user or to the integration of a unit.")
            )
        return data


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin[ApiKey]):
    form = ApiKeyForm
    list_display = [
        "name",
        "prefix",
        "user",
        "unit",
        "scopes",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix"]
    actions = ["revoke"]
    raw_id_fields = ["user", "unit"]

    def _allowed(self, request: HttpRequest) -> bool:
        return can_manage_rules(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A key never changes: it is made, used and revoked (the list action).
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return []
        return [
            "name",
            "prefix",
            "user",
            "unit",
            "scopes",
            "created_by",
            "created_at",
            "last_used_at",
            "revoked_at",
            "revoked_by",
        ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["name", "user", "unit", "scopes"]
        return self.get_readonly_fields(request, obj)

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:  # pragma: no cover - has_change_permission is False
            return
        data = form.cleaned_data
        try:
            made = keys.apikey_create(
                name=data["name"],
                scopes=data["scopes"],
                user=data.get("user"),
                unit=data.get("unit"),
                actor=request.user,
            )
        except keys.ApiKeyError as exc:
            messages.error(request, str(exc))
            raise
        obj.pk = made.key.pk
        obj.prefix = made.key.prefix
        obj.digest = made.key.digest
        obj.created_at = made.key.created_at
        messages.warning(
            request,
            _("The new key, shown only now: %(token)s") % {"token": made.token},
        )

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        done = 0
        for key in queryset.filter(revoked_at__isnull=True):
            keys.apikey_revoke(key=key, actor=request.user)
            done += 1
        self.message_user(
            request,
            ngettext("%(n)d key revoked.", "%(n)d keys revoked.", done) % {"n": done},
            messages.SUCCESS,
        )
