"""Staff pages of the documents context: the outgoing register (sổ văn bản đi) and downloads of
files that are neither restricted nor confidential. Views parse, authorise, read and render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from danvan.documents import policies, selectors, services
from danvan.documents.forms import RegisterFilterForm
from danvan.documents.types import FileFormat
from danvan.organizations import policies as org_policies
from danvan.organizations.views import StaffAreaMixin

PAGE_SIZE = 50


class RegisterView(StaffAreaMixin, View):
    """The outgoing register of the units the person may see, filtered by unit, year and type."""

    template_name = "documents/register.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        units = org_policies.visible_units(request.user)
        form = RegisterFilterForm(request.GET or None, units=units)
        if form.is_bound:
            form.is_valid()
        filters = form.filters() if form.is_bound else selectors.RegisterFilters()
        documents = selectors.document_list_for_viewer(viewer=request.user, filters=filters)
        page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
        # The rows are the viewer's visible documents already: no visibility check per row.
        rows = [(doc, policies.register_serves_file(doc)) for doc in page.object_list]
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "page_obj": page,
                "rows": rows,
                "is_filtered": any(str(v).strip() for k, v in request.GET.items() if k != "page"),
            },
        )


class DocumentDownloadView(StaffAreaMixin, View):
    """The file of a document of a visible unit, unless it is restricted or confidential, as
    DOCX or as PDF (``file_format``, from the URL); a PDF that cannot be made is a message on
    the register, not an error page."""

    def get(
        self, request: HttpRequest, pk: int, file_format: str = FileFormat.DOCX
    ) -> HttpResponseBase:
        document = policies.visible_documents(request.user).select_related("unit").filter(pk=pk)
        found = document.first()
        if found is None:
            raise Http404(_("No such document."))
        if not policies.can_download_from_register(request.user, found):
            raise PermissionDenied(
                _("This document's file is served only by the work it belongs to.")
            )
        try:
            return services.document_file_response(
                found, actor=request.user, file_format=file_format
            )
        except services.DocumentError as exc:
            messages.error(request, str(exc))
            return redirect("documents:register")
