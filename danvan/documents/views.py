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

from danvan.documents import issuing, policies, selectors, services
from danvan.documents.errors import DocumentError
from danvan.documents.forms import (
    PaperSignatureForm,
    PassphraseForm,
    RegisterFilterForm,
    ReleaseForm,
    SignedUploadForm,
)
from danvan.documents.models import IssuedDocument
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


class SignatureQueueView(StaffAreaMixin, View):
    """What waits for the person: drafts to sign (as a leader or the named signer) and, as a
    clerk, drafts signed on paper to record and signed documents to number and issue."""

    template_name = "documents/signature_queue.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        to_sign = policies.documents_to_sign(request.user).select_related("unit")
        to_release = policies.documents_to_release(request.user).select_related("unit")
        return render(
            request,
            self.template_name,
            {
                "to_sign": to_sign.order_by("drafted_on", "pk")[:200],
                "to_release": to_release.order_by("status", "drafted_on", "pk")[:200],
            },
        )


class SigningView(StaffAreaMixin, View):
    """One document on its way to issue: the next step at the top, and only the actions the
    person may take now."""

    template_name = "documents/signing.html"

    def _document(self, request: HttpRequest, pk: int) -> IssuedDocument:
        found = IssuedDocument.objects.select_related("unit", "signer_user").filter(pk=pk).first()
        if found is None or not (
            policies.can_sign(request.user, found)
            or policies.can_release(request.user, found)
            or policies.can_view_document(request.user, found)
        ):
            raise Http404(_("No such document."))
        return found

    def _render(
        self, request: HttpRequest, document: IssuedDocument, **forms: object
    ) -> HttpResponse:
        may_sign = policies.can_sign(request.user, document)
        may_release = policies.can_release(request.user, document)
        context = {
            "document": document,
            "may_sign": may_sign,
            "may_release": may_release,
            "has_own_key": may_sign and issuing.has_key(document, request.user, owner="person"),
            "has_seal": may_release and issuing.has_key(document, request.user, owner="unit"),
            "upload_form": forms.get("upload_form") or SignedUploadForm(),
            "key_form": forms.get("key_form") or PassphraseForm(),
            "paper_form": forms.get("paper_form") or PaperSignatureForm(),
            "release_form": forms.get("release_form") or ReleaseForm(),
        }
        status = 400 if any(f is not None for f in forms.values()) else 200
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, self._document(request, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = self._document(request, pk)
        action = request.POST.get("action", "")
        try:
            if action == "upload":
                upload_form = SignedUploadForm(request.POST, request.FILES)
                if not upload_form.is_valid():
                    return self._render(request, document, upload_form=upload_form)
                issuing.sign_upload(
                    document,
                    actor=request.user,
                    content=upload_form.cleaned_data["signed_pdf"].read(),
                )
                messages.success(request, _("The signature was checked and accepted."))
            elif action == "sign_with_key":
                key_form = PassphraseForm(request.POST)
                if not key_form.is_valid():
                    return self._render(request, document, key_form=key_form)
                issuing.sign_with_key(
                    document, actor=request.user, passphrase=key_form.cleaned_data["passphrase"]
                )
                messages.success(request, _("The document was signed with your key."))
            elif action == "paper":
                paper_form = PaperSignatureForm(request.POST)
                if not paper_form.is_valid():
                    return self._render(request, document, paper_form=paper_form)
                issuing.sign_on_paper(
                    document, actor=request.user, note=paper_form.cleaned_data["note"]
                )
                messages.success(request, _("The signature on paper was recorded."))
            elif action == "release":
                release_form = ReleaseForm(request.POST)
                if not release_form.is_valid():
                    return self._render(request, document, release_form=release_form)
                issued = issuing.release(
                    document,
                    actor=request.user,
                    passphrase=release_form.cleaned_data["passphrase"] or "",
                )
                messages.success(
                    request,
                    _("Issued as %(symbol)s, dated %(date)s.")
                    % {"symbol": issued.symbol, "date": f"{issued.issued_on:%d/%m/%Y}"},
                )
            else:
                messages.error(request, _("Unknown action."))
        except PermissionDenied:
            raise
        except DocumentError as exc:
            messages.error(request, str(exc))
            return self._render(request, IssuedDocument.objects.get(pk=document.pk))
        return redirect("documents:signing", pk=document.pk)


class DraftPdfView(StaffAreaMixin, View):
    """The PDF to sign (or, once signed or issued, the PDF as it stands), for the signer and the
    clerks of the unit; a restricted one for its signer only."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        document = IssuedDocument.objects.select_related("unit").filter(pk=pk).first()
        if document is None or not (
            policies.can_sign(request.user, document)
            or policies.can_release(request.user, document)
        ):
            raise Http404(_("No such document."))
        if document.restricted and not policies.can_sign(request.user, document):
            # A restricted document names someone only its own context shows (a denouncer):
            # the clerk issues it without opening it; only its signer reads it here.
            raise PermissionDenied(
                _("This document's file is served only by the work it belongs to.")
            )
        try:
            if document.status == "awaiting_signature":
                content = issuing.draft_pdf(document, actor=request.user)
            else:
                content = services.document_pdf(document)
        except DocumentError as exc:
            messages.error(request, str(exc))
            return redirect("documents:signing", pk=document.pk)
        stem = services.download_filenames(document, FileFormat.PDF)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{stem[0]}"'
        return response
