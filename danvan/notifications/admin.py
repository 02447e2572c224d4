"""Admin for the outbox: read-only; addresses masked everywhere."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from danvan.notifications.addresses import mask
from danvan.notifications.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    list_display = [
        "created_at",
        "channel",
        "masked_address",
        "event",
        "target_ref",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "channel", "event"]
    search_fields = ["event", "target_ref"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    actions = None

    @admin.display(description=_("address"))
    def masked_address(self, obj: Message) -> str:
        return mask(obj.address)

    # The address is never shown whole, not even on a message's own page: a message to a
    # denouncer (Luật Tố cáo Art. 8) must not reveal who they are to whoever keeps the system.
    exclude = ["address"]

    def get_readonly_fields(self, request: HttpRequest, obj: Message | None = None) -> list[str]:
        fields = [f.name for f in self.model._meta.fields if f.name != "address"]
        return [*fields, "masked_address"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
