"""``{% saved_filters work list_id %}``: a person's saved filters of a work list, with the forms
to save the current filters and to delete one (``workflow.saved_filters``).
``{% worklist_rows work list_id %}``: the rows of a work list's page
(``workflow.worklist_html``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from danvan.workflow import saved_filters as service
from danvan.workflow.worklist_html import rows_html
from danvan.workflow.worklists import WorkListPage

register = template.Library()


@register.inclusion_tag("workflow/includes/saved_filters.html", takes_context=True)
def saved_filters(context: Any, work: WorkListPage, list_id: str) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return {"show": False}
    current = service.filter_query(request.GET)
    found = list(service.filters_of(user, work.work_list.saved_filters_key))
    return {
        "show": True,
        "work": work,
        "list_id": list_id,
        "list_key": work.work_list.saved_filters_key,
        "current": current,
        "current_id": next((f.pk for f in found if f.query == current), None),
        "saved": found,
        "path": request.path,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def worklist_rows(work: WorkListPage, list_id: str) -> SafeString:
    return rows_html(work, list_id)
