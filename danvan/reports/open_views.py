"""The open statistics page of the portal (``/thong-ke/``) and its CSV download: a thin
adapter over ``open_statistics``. Public, cached for a few minutes by browsers and proxies (the
figures themselves are cached until a letter changes)."""

from __future__ import annotations

import csv
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import cache_control
from django.views.decorators.vary import vary_on_headers

from danvan.core import calendar
from danvan.letters.statistics import CACHE_SECONDS
from danvan.reports import open_statistics

#: How long browsers and proxies may keep the page, in seconds.
MAX_AGE = 300


class OpenStatisticsForm(forms.Form):
    """The year of the figures (read from the query string)."""

    year = forms.TypedChoiceField(
        label=_("Year"),
        coerce=int,
        error_messages={
            "invalid_choice": _("Choose a year from the list. The figures of this year are shown."),
            "required": _("Choose a year from the list. The figures of this year are shown."),
        },
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]


@method_decorator(cache_control(public=True, max_age=MAX_AGE), name="dispatch")
@method_decorator(vary_on_headers("Cookie", "Accept-Language"), name="dispatch")
class OpenStatisticsView(View):
    template_name = "reports/open_statistics.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        today = calendar.today_local()
        years = open_statistics.year_choices(today)
        if "year" in request.GET:
            form = OpenStatisticsForm(request.GET, years=years)
            year = form.cleaned_data["year"] if form.is_valid() else years[0]
        else:
            form = OpenStatisticsForm(initial={"year": years[0]}, years=years)
            year = years[0]
        stats = open_statistics.open_statistics(year, today=today)
        if request.GET.get("format") == "csv":
            return self.csv(stats, today)
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "stats": stats,
                # Built only when the cached charts below are missing.
                "charts": SimpleLazyObject(lambda: open_statistics.charts(stats)),
                "figures_key": open_statistics.figures_key(year, today),
                "cache_seconds": CACHE_SECONDS,
                "total_share": open_statistics.share_text(stats.total),
                "min_ratings": open_statistics.MIN_RATINGS,
                "csv_query": f"year={year}&format=csv",
            },
        )

    def csv(self, stats: open_statistics.OpenStatistics, today: Any) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="thong-ke-{stats.year}.csv"'
        response.write("\ufeff")  # the BOM, for spreadsheets to read UTF-8
        writer = csv.writer(response)
        writer.writerow(open_statistics.csv_header())
        writer.writerows(open_statistics.csv_rows(stats, today=today))
        return response
