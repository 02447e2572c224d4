"""Staff pages for browsing the audit trail (read-only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views import View

from danvan.core import audit_present, policies
from danvan.core.audit_present import PresentedEntry
from danvan.core.audit_selectors import (
    AuditFilters,
    audit_entry_get_for_viewer,
    audit_entry_list_for_viewer,
)
from danvan.core.form_fields import CleanCharField
from danvan.core.models import AuditEntry
from danvan.core.shields import TextShield, shield_of_target

PAGE_SIZE = 50
_EARLIEST = dt.date(2000, 1, 1)
_LATEST = dt.date(2100, 12, 31)


class AuditFilterForm(forms.Form):
    q = CleanCharField(
        label=_("Search"),
        required=False,
        max_length=150,
        help_text=_(
            "A letter's register number (e.g. 05/2026) or tracking code, a case number, or a "
            "person's name or username."
        ),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(
        label=_("From date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    # Links from elsewhere may narrow the list to one object; the form does not show them.
    target_type = CleanCharField(required=False, max_length=100, widget=forms.HiddenInput)
    target_id = CleanCharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)  # noqa: S101 - declared above
        action.choices = [("", _("Every action")), *audit_present.action_choices()]

    def _clean_date(self, name: str) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get(name)
        if value is not None and not _EARLIEST <= value <= _LATEST:
            raise forms.ValidationError(
                _("Enter a date between %(start)s and %(end)s."),
                code="out_of_range",
                params={
                    "start": _EARLIEST.strftime("%d/%m/%Y"),
                    "end": _LATEST.strftime("%d/%m/%Y"),
                },
            )
        return value

    def clean_date_from(self) -> dt.date | None:
        return self._clean_date("date_from")

    def clean_date_to(self) -> dt.date | None:
        return self._clean_date("date_to")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data

    def filters(self) -> AuditFilters:
        """The valid filters (an invalid field does not filter; its error is shown)."""
        data = getattr(self, "cleaned_data", {})
        return AuditFilters(
            q=(data.get("q") or "").strip(),
            action=(data.get("action") or "").strip(),
            target_type=(data.get("target_type") or "").strip().lower(),
            target_id=(data.get("target_id") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class AuditAccessMixin(LoginRequiredMixin, UserPassesTestMixin):
    """Anonymous people go to the login page; signed-in people without the right get 403."""

    request: HttpRequest

    def test_func(self) -> bool:
        return policies.can_open_trail(self.request.user)


def _shielded(viewer: Any, entries: list[AuditEntry]) -> list[PresentedEntry]:
    """The entries as a person reads them, each with the shield of its object (one per
    object, not per entry)."""
    shields: dict[tuple[str, str], TextShield] = {}
    out = []
    for row in audit_present.present_entries(entries):
        key = (row.entry.target_type, row.entry.target_id)
        if key not in shields:
            shields[key] = shield_of_target(viewer, *key)
        shield = shields[key]
        # The reason is shielded whole before a page shortens it: a name cut in two would no
        # longer be recognised by the page's shield.
        out.append(replace(row, shield=shield, reason=str(shield.text(row.reason))))
    return out


class AuditEntryListView(AuditAccessMixin, View):
    template_name = "core/audit/entry_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = AuditFilterForm(request.GET or None)
        if form.is_bound:
            form.is_valid()
        filters = form.filters() if form.is_bound else AuditFilters()
        entries = audit_entry_list_for_viewer(viewer=request.user, filters=filters)
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "page_obj": page,
                "entries": _shielded(request.user, list(page.object_list)),
                "filter_query": query.urlencode(),
                "is_filtered": any(str(v).strip() for k, v in request.GET.items() if k != "page"),
            },
        )


class AuditEntryDetailView(AuditAccessMixin, View):
    template_name = "core/audit/entry_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        entry = audit_entry_get_for_viewer(viewer=request.user, entry_id=pk)
        if entry is None:
            raise Http404(_("No such audit entry."))
        previous = (
            policies.visible_audit_entries(request.user)
            .filter(entry_hash=entry.prev_hash)
            .values_list("pk", flat=True)
            .first()
        )
        row = _shielded(request.user, [entry])[0]
        return render(
            request,
            self.template_name,
            {"entry": entry, "row": row, "previous_id": previous, "shield": row.shield},
        )
