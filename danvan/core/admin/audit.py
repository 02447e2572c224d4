"""Admin for the audit trail: read-only, for people who may view it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from danvan.core import policies
from danvan.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["id", "at", "actor_kind", "actor", "action", "target_type", "target_id"]
    list_filter = ["actor_kind", "target_type"]
    search_fields = ["action", "target_type", "target_id", "actor__username"]
    list_select_related = ["actor"]
    date_hierarchy = "at"
    ordering = ["-id"]
    actions = None

    def get_readonly_fields(self, request: HttpRequest, obj: AuditEntry | None = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return policies.can_view_audit(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
