"""The case file's page (hồ sơ vụ việc): its parts and documents in the legal order, whether it
is closed and handed to the archive, and its download as one PDF with numbered pages.

Both are only for those who may read the whole file (``LetterPolicy.can_read_case_file``):
anyone else who sees the case gets 403, anyone who does not see it 404.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import translation
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.core import audit
from danvan.documents.errors import DocumentError
from danvan.documents.pdf import PDF_CONTENT_TYPE
from danvan.letters import case_file, case_file_pdf
from danvan.letters.audit_actions import AuditAction
from danvan.letters.policies import LetterPolicy
from danvan.letters.views.staff.common import case_for


class CaseFileView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        case = case_for(request.user, pk)
        policy = LetterPolicy.for_request(request)
        parts = case_file.case_file_parts(viewer=request.user, case=case, policy=policy)
        context = {
            "case": case,
            "letter": case.letter,
            "parts": parts,
            "count": sum(len(p.items) for p in parts),
            "closing": case_file.file_of(case),
        }
        return render(request, "letters/staff/case_file.html", context)


class CaseFilePdfView(StaffRequiredMixin, View):
    """The whole file as one PDF (Luật Khiếu nại Art. 34: its pages numbered)."""

    def get(self, request: HttpRequest, pk: Any) -> HttpResponseBase:
        case = case_for(request.user, pk)
        policy = LetterPolicy.for_request(request)
        # The records are written in the documents' language (Vietnamese).
        with translation.override(case_file_pdf.LANGUAGE):
            parts = case_file.case_file_parts(viewer=request.user, case=case, policy=policy)
        try:
            content = case_file_pdf.build_case_file_pdf(
                case=case, parts=parts, closing=case_file.file_of(case)
            )
        except DocumentError as exc:
            messages.error(request, str(exc.message))
            return redirect("letters:staff-case-file", pk=case.pk)
        audit.record(
            action=AuditAction.CASE_FILE_EXPORTED,
            actor=request.user,
            target=case,
            extra={"documents": sum(len(p.items) for p in parts)},
        )
        name = "ho-so-" + "".join(c if c.isalnum() else "-" for c in case.number) + ".pdf"
        response = FileResponse(
            io.BytesIO(content), as_attachment=True, filename=name, content_type=PDF_CONTENT_TYPE
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store"
        return response
