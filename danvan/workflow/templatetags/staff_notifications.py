"""``{% notifications_link %}``: the header's link to the staff notifications with the count of
unread ones (one query per page, none for a visitor who is not signed in)."""

from __future__ import annotations

from typing import Any

from django import template

from danvan.workflow.staff_notifications import unread_count

register = template.Library()


@register.inclusion_tag("workflow/includes/notifications_link.html", takes_context=True)
def notifications_link(context: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "count": unread_count(user, request=request), "request": request}
