"""The staff pages of the statutory reports: choose a period and a unit, read the figures,
download the files. Thin adapters over ``figures``, ``selectors`` and ``rendering``; every
download is recorded in the audit trail (who, when, which period, unit and format)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.core import audit
from danvan.core.calendar import today_local
from danvan.documents.pdf import PdfConversionError
from danvan.letters import report_rows
from danvan.letters.policies import LetterPolicy
from danvan.organizations.models import Unit
from danvan.reports import dashboard as dashboards
from danvan.reports import rendering, selectors
from danvan.reports.audit_actions import AuditAction
from danvan.reports.figures import periodic_report
from danvan.reports.forms import DashboardForm, PeriodForm
from danvan.reports.periods import ReportPeriod
from danvan.reports.policies import ReportPolicy
from danvan.workflow import report_sources

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"docx": DOCX, "xlsx": XLSX, "pdf": "application/pdf",
                 "json": "application/json"}  # fmt: skip
#: Rows of the register book shown on its page (the files hold them all).
PAGE_ROWS = 200


class Chosen:
    """The period and units a valid form chose."""

    def __init__(self, period: ReportPeriod, unit: Unit, unit_ids: list[int], names: list[str]):
        self.period, self.unit, self.unit_ids, self.names = period, unit, unit_ids, names


class ReportPageView(StaffRequiredMixin, View):
    template_name: ClassVar[str]
    formats: ClassVar[tuple[str, ...]]
    file_stem: ClassVar[str]
    action: ClassVar[AuditAction]

    def get(self, request: HttpRequest) -> HttpResponse:
        policy = ReportPolicy.for_request(request)
        units = policy.report_units()
        if not units:
            raise PermissionDenied(_("Only the leaders and inspectors of a unit read its reports."))
        form = (
            PeriodForm(request.GET, units=units)
            if "kind" in request.GET
            else PeriodForm(initial=PeriodForm.initial_for(units), units=units)
        )
        context: dict[str, Any] = {"form": form, "formats": self.formats}
        if form.is_bound and form.is_valid():
            unit = next(u for u in units if u.pk == form.cleaned_data["unit"])
            ids = policy.covered_unit_ids(unit.pk)
            names = list(
                Unit.objects.filter(pk__in=ids).order_by("name").values_list("name", flat=True)
            )
            chosen = Chosen(form.period(), unit, ids, names)
            wanted = request.GET.get("format", "")
            if wanted in self.formats:
                try:
                    content, rows = self.file(request, chosen, wanted)
                except PdfConversionError:
                    messages.error(request, _("The PDF could not be made; download the DOCX."))
                else:
                    self.record(request, chosen, wanted, rows)
                    return self.respond(chosen, wanted, content)
            context.update(self.page(request, chosen))
            context["chosen"] = chosen
            context["query"] = request.GET.urlencode()
        return render(request, self.template_name, context)

    def page(self, request: HttpRequest, chosen: Chosen) -> dict[str, Any]:
        raise NotImplementedError

    def file(self, request: HttpRequest, chosen: Chosen, fmt: str) -> tuple[bytes, int | None]:
        raise NotImplementedError

    def record(self, request: HttpRequest, chosen: Chosen, fmt: str, rows: int | None) -> None:
        extra: dict[str, object] = {
            "period": str(chosen.period.kind), "year": chosen.period.year,
            "start": chosen.period.start.isoformat(), "end": chosen.period.end.isoformat(),
            "unit": chosen.unit.pk, "units": len(chosen.unit_ids), "format": fmt,
        }  # fmt: skip
        if rows is not None:
            extra["rows"] = rows
        audit.record(action=self.action, actor=request.user, target=chosen.unit, extra=extra,
                     request=request)  # fmt: skip

    def respond(self, chosen: Chosen, fmt: str, content: bytes) -> HttpResponse:
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        name = f"{self.file_stem}-{chosen.period.kind}-{chosen.period.year}-{chosen.unit.pk}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response


class PeriodicReportView(ReportPageView):
    template_name = "reports/periodic.html"
    formats = ("docx", "pdf", "xlsx")
    file_stem = "bao-cao"
    action = AuditAction.PERIODIC_DOWNLOADED

    def _report(self, chosen: Chosen) -> Any:
        return periodic_report(period=chosen.period, unit_ids=chosen.unit_ids,
                               unit_names=chosen.names)  # fmt: skip

    def page(self, request: HttpRequest, chosen: Chosen) -> dict[str, Any]:
        return {"report": self._report(chosen)}

    def file(self, request: HttpRequest, chosen: Chosen, fmt: str) -> tuple[bytes, int | None]:
        report = self._report(chosen)
        if fmt == "xlsx":
            return rendering.periodic_xlsx(report), None
        docx = rendering.periodic_docx(report, unit=chosen.unit)
        return (rendering.to_pdf(docx) if fmt == "pdf" else docx), None


class RegisterBookView(ReportPageView):
    template_name = "reports/register_book.html"
    formats = ("docx", "pdf", "xlsx")
    file_stem = "so-theo-doi-don"
    action = AuditAction.REGISTER_BOOK_DOWNLOADED

    def _rows(self, request: HttpRequest, chosen: Chosen) -> list[dict[str, object]]:
        return selectors.register_book(viewer=request.user, period=chosen.period,
                                       unit_ids=chosen.unit_ids)  # fmt: skip

    def page(self, request: HttpRequest, chosen: Chosen) -> dict[str, Any]:
        columns = selectors.register_columns()
        rows = self._rows(request, chosen)
        shown = [[row.get(c.key) for c in columns] for row in rows[:PAGE_ROWS]]
        return {"columns": columns, "rows": shown, "total": len(rows), "limit": PAGE_ROWS}

    def file(self, request: HttpRequest, chosen: Chosen, fmt: str) -> tuple[bytes, int | None]:
        columns = selectors.register_columns()
        rows = self._rows(request, chosen)
        if fmt == "xlsx":
            return rendering.register_xlsx(rows, columns=columns), len(rows)
        docx = rendering.register_docx(
            rows, columns=columns, unit=chosen.unit, period=chosen.period,
            period_text=f"{chosen.period.start:%d/%m/%Y} đến ngày {chosen.period.end:%d/%m/%Y}",
        )  # fmt: skip
        return (rendering.to_pdf(docx) if fmt == "pdf" else docx), len(rows)


class NationalExportView(ReportPageView):
    template_name = "reports/national.html"
    formats = ("json", "xlsx")
    file_stem = "csdl-quoc-gia"
    action = AuditAction.NATIONAL_EXPORTED

    def _records(self, request: HttpRequest, chosen: Chosen) -> dict[str, list[dict[str, object]]]:
        return selectors.national_records(viewer=request.user, period=chosen.period,
                                          unit_ids=chosen.unit_ids)  # fmt: skip

    def page(self, request: HttpRequest, chosen: Chosen) -> dict[str, Any]:
        records = self._records(request, chosen)
        return {
            "letters": len(records["letters"]),
            "receptions": len(records["receptions"]),
            "reception_source": report_sources.reception_source() is not None,
            "fields": report_rows.NATIONAL_FIELDS,
        }

    def file(self, request: HttpRequest, chosen: Chosen, fmt: str) -> tuple[bytes, int | None]:
        records = self._records(request, chosen)
        count = len(records["letters"]) + len(records["receptions"])
        if fmt == "json":
            return selectors.national_json(records, period=chosen.period, units=chosen.names), count
        return rendering.national_xlsx(records), count


class DashboardView(StaffRequiredMixin, View):
    """The figures of the letters the person sees, for a year or a month (the current year by
    default); an invalid choice is said and the default shown."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = DashboardForm(request.GET if request.GET else None, initial=DashboardForm.defaults())
        year, month = today_local().year, None
        if form.is_bound:
            if form.is_valid():
                year, month = form.cleaned_data["year"], form.cleaned_data["month"]
            else:
                messages.error(request, _("The period was not understood: this year is shown."))
        period = dashboards.period_of(year, month)
        board = dashboards.dashboard(LetterPolicy.for_request(request), period)
        return render(request, "reports/dashboard.html", {"form": form, "board": board})
