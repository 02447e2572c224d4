"""Admin for the working-day calendar: administrators correct the seeded table here.

Every write goes through ``calendar_services`` so that a saved row becomes an administrator's row
(``source="admin"``, never overwritten by a re-seed) and the change is audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from danvan.core import calendar_services
from danvan.core.models.calendar import MAX_YEAR, MIN_YEAR, CalendarDay, CalendarYear

_WEEKDAYS = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)


class YearListFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = (
            CalendarDay.objects.annotate(y=ExtractYear("date"))
            .order_by("-y")
            .values_list("y", flat=True)
            .distinct()
        )
        return [(str(y), str(y)) for y in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR:
            year = int(value)
            return queryset.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin[CalendarDay]):
    list_display = ("date", "weekday", "kind", "name", "active", "source", "legal_basis")
    list_filter = (YearListFilter, "kind", "active", "source")
    search_fields = ("name", "legal_basis")
    ordering = ("date",)
    date_hierarchy = "date"
    readonly_fields = ("source", "updated_at")
    fields = ("date", "kind", "name", "legal_basis", "active", "source", "updated_at")
    actions = ("make_active", "make_inactive")
    list_per_page = 100

    @admin.display(description=_("weekday"))
    def weekday(self, obj: CalendarDay) -> str:
        return str(_WEEKDAYS[obj.date.weekday()])

    def save_model(
        self, request: HttpRequest, obj: CalendarDay, form: ModelForm[Any], change: bool
    ) -> None:
        calendar_services.calendar_day_save(
            day=obj, actor=request.user, fields=form.changed_data if change else ()
        )

    def has_delete_permission(self, request: HttpRequest, obj: CalendarDay | None = None) -> bool:
        # A package row would come straight back on the next seed: untick "counts in deadlines"
        # instead. Administrators' rows can be deleted (the package's day, if any, returns).
        if obj is not None and obj.source == CalendarDay.Source.PACKAGE:
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        calendar_services.calendar_day_delete(day=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        # The bulk action reaches here only when every selected row may be deleted.
        for day in queryset:
            calendar_services.calendar_day_delete(day=day, actor=request.user)

    @admin.action(description=_("Count the selected days in deadlines (confirm)"))
    def make_active(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        changed = calendar_services.calendar_days_set_active(
            days=queryset, active=True, actor=request.user
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d day now counts in deadlines.",
                "%(count)d days now count in deadlines.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Stop counting the selected days in deadlines"))
    def make_inactive(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        changed = calendar_services.calendar_days_set_active(
            days=queryset, active=False, actor=request.user
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d day no longer counts in deadlines.",
                "%(count)d days no longer count in deadlines.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin[CalendarYear]):
    list_display = ("year", "package_version", "seeded_at")
    ordering = ("-year",)
    actions = ("reseed",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: CalendarYear | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: CalendarYear | None = None) -> bool:
        return False

    @admin.action(
        description=_("Seed the selected years again from the holidays package"),
        permissions=["view"],
    )
    def reseed(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        if not request.user.has_perm("core.change_calendarday"):
            self.message_user(
                request, _("You may not change the working-day calendar."), messages.ERROR
            )
            return
        years = sorted(queryset.values_list("year", flat=True))
        for year in years:
            calendar_services.calendar_year_seed(year=year, actor=request.user)
        self.message_user(
            request,
            _("Seeded again: %(years)s. Administrators' rows were kept.")
            % {"years": ", ".join(str(y) for y in years)},
            messages.SUCCESS,
        )
