from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.calendar import today_local
from danvan.organizations.models import Unit
from danvan.reports.periods import PeriodKind, ReportPeriod, report_period


class PeriodForm(forms.Form):
    """The period and the unit of a report (read from the query string)."""

    kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, units: list[Unit]) -> dict[str, object]:
        return {
            "kind": PeriodKind.YEAR,
            "year": today_local().year,
            "unit": units[0].pk if units else None,
        }

    def period(self) -> ReportPeriod:
        return report_period(self.cleaned_data["kind"], self.cleaned_data["year"])


class DashboardForm(forms.Form):
    """The year (and month) of the dashboard, read from the query string."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = today_local().year
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            (y, str(y)) for y in range(this_year, this_year - 10, -1)
        ]
        self.fields["month"].choices = [  # type: ignore[attr-defined]
            ("", _("The whole year")),
            *((m, _("Month %(n)s") % {"n": m}) for m in range(1, 13)),
        ]

    @classmethod
    def defaults(cls) -> dict[str, object]:
        return {"year": today_local().year, "month": ""}
