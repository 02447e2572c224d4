"""Downloads of the letters register as XLSX or CSV: the same letters the list page shows, or
the letters chosen on it. A short list is written at once; a long one is confirmed, then
written in the background with its progress on a page of its own, and downloaded from there."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.letters import exports
from danvan.letters.exports import ExportFormat
from danvan.letters.models import ExportJob, ExportStatus
from danvan.letters.models.exports import EXPORT_DAYS
from danvan.letters.services import exports as export_services
from danvan.workflow.bulk import BatchError, parse_ids

#: The query parameter that restricts the download to chosen letters (repeated).
ID_PARAM = "id"


def _chosen(request: HttpRequest, data: QueryDict) -> list[int] | None:
    """The ids chosen on the list (an empty list: none chosen); None, with a message, when they
    cannot be read."""
    try:
        return parse_ids(data.getlist(ID_PARAM)) if data.getlist(ID_PARAM) else []
    except BatchError as exc:
        messages.error(request, str(exc.message))
        return None


class LetterRegisterExportView(StaffRequiredMixin, View):
    """GET: the file itself, or for a long list the page that offers to write it in the
    background; POST (from that page): start the background export."""

    fmt = ExportFormat.XLSX
    template_name = "letters/staff/export_confirm.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ids = _chosen(request, request.GET)
        if ids is None:
            return redirect("letters:staff-letter-list")
        query = export_services.query_of(request.GET)
        letters = export_services.letters_for(viewer=request.user, query=query, ids=ids)
        total = letters.count()
        if total > export_services.INLINE_ROWS:
            hidden = [(ID_PARAM, i) for i in ids] + [
                (k, v) for k, values in query.items() for v in values
            ]
            context = {
                "total": total,
                "total_text": number_format(total, force_grouping=True),
                "fmt": self.fmt.value.upper(),
                "days": EXPORT_DAYS,
                "hidden": hidden,
            }
            return render(request, self.template_name, context)
        out = io.BytesIO()
        exports.write_register(out, viewer=request.user, letters=letters, fmt=self.fmt)
        response = HttpResponse(out.getvalue(), content_type=exports.CONTENT_TYPES[self.fmt])
        name = export_services.file_name(self.fmt)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        ids = _chosen(request, request.POST)
        if ids is None:
            return redirect("letters:staff-letter-list")
        job = export_services.queue_export(
            viewer=request.user, fmt=self.fmt, query=export_services.query_of(request.POST),
            ids=ids,
        )  # fmt: skip
        return redirect("letters:staff-export", pk=job.pk)


class CsvRegisterExportView(LetterRegisterExportView):
    fmt = ExportFormat.CSV


def _own_job(request: HttpRequest, pk: int) -> ExportJob:
    """The export ``pk`` if the signed-in person asked for it (anyone else, whatever their
    rights, gets 404: the file is the scope of the person who asked, not theirs)."""
    return get_object_or_404(export_services.jobs_of(request.user), pk=pk)


def _state(job: ExportJob) -> dict[str, Any]:
    return {
        "status": job.status,
        "label": str(job.get_status_display()),
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "percent": job.percent,
        "finished": job.finished,
        "text": progress_text(job),
        "download": reverse("letters:staff-export-download", args=[job.pk])
        if job.status == ExportStatus.DONE
        else "",
    }


def progress_text(job: ExportJob) -> str:
    return _("%(done)s of %(total)s letters written (%(percent)s%%)") % {
        "done": number_format(job.rows_done, force_grouping=True),
        "total": number_format(job.rows_total, force_grouping=True),
        "percent": job.percent,
    }


class ExportDetailView(StaffRequiredMixin, View):
    """An export's progress (the page refreshes it while it runs), then its download."""

    template_name = "letters/staff/export_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = _own_job(request, pk)
        others = export_services.jobs_of(request.user).exclude(pk=job.pk)[:10]
        context = {"job": job, "state": _state(job), "others": others}
        return render(request, self.template_name, context)


class ExportStatusView(StaffRequiredMixin, View):
    """The progress of an export as JSON, for the page's script."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        response = JsonResponse(_state(_own_job(request, pk)))
        response["Cache-Control"] = "no-store"
        return response


class ExportDownloadView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        job = _own_job(request, pk)
        if job.status != ExportStatus.DONE or not job.file:
            raise Http404
        fmt = ExportFormat(job.fmt)
        response = FileResponse(
            job.file.open("rb"),
            as_attachment=True,
            filename=export_services.file_name(fmt, job.created_at.date()),
            content_type=exports.CONTENT_TYPES[fmt],
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
