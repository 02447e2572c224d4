"""The letters register: the work list, entering a letter received on paper or by telephone,
the letter's page and the downloads of its files and notices."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.core import calendar
from danvan.core.errors import ApplicationError
from danvan.documents import services as documents
from danvan.documents.models import IssuedDocument
from danvan.letters import files, policies, search, selectors
from danvan.letters.forms.problems import show_problems
from danvan.letters.forms.staff import LetterEntryForm, LetterFilterForm, SignerFormSet
from danvan.letters.forms.staff.entry import MAX_SIGNER_ROWS
from danvan.letters.models import Letter
from danvan.letters.services import intake
from danvan.letters.views.staff.bulk import selection as bulk_selection
from danvan.letters.views.staff.common import PAGE_SIZE, letter_for
from danvan.letters.views.staff.letter_page import ISSUED_PIN_SESSION_KEY, render_letter_page
from danvan.organizations.models import Unit
from danvan.workflow import worklists


def _letter_url(letter: Letter) -> str:
    return reverse("letters:staff-letter-detail", args=[letter.pk])


LETTERS = worklists.WorkList(
    name="letters.letters",
    columns=(
        worklists.link(
            "number",
            gettext_lazy("Register number"),
            "register_label",
            url=_letter_url,
            row_header=True,
            sort=("-register_year", "-register_number"),
        ),
        worklists.date("received", gettext_lazy("Received on"), "received_on", sort="-received_on"),
        worklists.text("kind", gettext_lazy("Kind of letter"), worklists.display("kind")),
        worklists.text("subject", gettext_lazy("Subject"), "subject"),
        worklists.text("unit", gettext_lazy("Unit"), "unit.name", sort="unit__name"),
        worklists.text("status", gettext_lazy("Status"), worklists.display("status")),
        worklists.deadline(
            "deadline",
            gettext_lazy("Deadline"),
            selectors.letter_deadline,
            # The deadline that still runs first, then everything handled, newest first.
            sort=(worklists.SortKey("running_due", nullable=True), "-received_on"),
            sort_text=(
                gettext_lazy("the most urgent first"),
                gettext_lazy("the least urgent first"),
            ),
        ),
    ),
    default_sort="deadline",
    noun=lambda n: ngettext("%(count)s letter", "%(count)s letters", n) % {"count": n},
    empty_text=gettext_lazy("No letters match these filters."),
    page_size=PAGE_SIZE,
)


MATCH_LABELS: Final = {
    search.EXACT: gettext_lazy("Number"),
    search.ALL_WORDS: gettext_lazy("All the words"),
    search.SIMILAR: gettext_lazy("Close"),
}

#: The letters list while searching: how each letter matches first (a number or an identifier,
#: then every word or the signer's name, then close to what was typed, the closest first).
LETTERS_FOUND = replace(
    LETTERS,
    name="letters.letters.found",
    filters_key=LETTERS.name,
    columns=(
        worklists.text(
            "match",
            gettext_lazy("Match"),
            lambda letter: MATCH_LABELS.get(letter.search_rank, ""),
            sort=(
                worklists.SortKey("search_rank"),
                worklists.SortKey("search_score", descending=True),
                worklists.SortKey("running_due", nullable=True),
            ),
            sort_text=(gettext_lazy("the best match first"), gettext_lazy("the best match last")),
        ),
        *LETTERS.columns,
    ),
    default_sort="match",
)


class LetterListView(StaffRequiredMixin, View):
    """The letters the person may see, filtered, most urgent first, 25 to a page."""

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        # One policy for the request: the scope is read once for the form and the list.
        policy = policies.LetterPolicy(user)
        form = LetterFilterForm.for_viewer(request.GET, user, policy=policy)
        filters = form.filters()
        letters = selectors.letter_list(viewer=user, filters=filters, policy=policy)
        q = filters.q.replace("\x00", "")
        # What the list shows of each letter, with what was searched for marked: the subject
        # (redacted for a protected letter, as the list always shows it) and the number.
        values = (
            {
                "subject": lambda letter: search.highlight(letter.subject, q),
                "number": lambda letter: search.highlight_number(letter.register_label, letter, q),
            }
            if q
            else None
        )
        work_list = LETTERS_FOUND if q.strip() else LETTERS
        return render(
            request,
            "letters/staff/letter_list.html",
            {
                "work": work_list.page(
                    request.GET, letters, form=form, values=values, selection=bulk_selection()
                ),
                "can_create": bool(policies.intake_unit_ids(user)),
            },
        )


def _extra_rows(value: Any) -> int:
    try:
        return max(1, min(10, int(value)))
    except (TypeError, ValueError):
        return 1


class LetterCreateView(StaffRequiredMixin, View):
    """Enter a letter received in person, by post, hotline or e-mail, or forwarded by another
    body; on success the page of the letter shows its tracking code and PIN once."""

    template_name = "letters/staff/letter_create.html"

    def units(self, request: HttpRequest) -> Any:
        ids = policies.intake_unit_ids(request.user)
        if not ids:
            raise PermissionDenied(_("You do not register letters in any unit."))
        return Unit.objects.filter(pk__in=ids)

    def get(self, request: HttpRequest) -> HttpResponse:
        units = self.units(request)
        first = units.order_by("name").first()
        form = LetterEntryForm(
            units=units,
            initial={
                "unit": first.pk if first is not None else None,
                "received_on": calendar.today_local(),
            },
        )
        rows = _extra_rows(request.GET.get("rows"))
        signers = SignerFormSet(prefix="signers", initial=[{}] * rows)
        return self.show(request, form, signers)

    def show(
        self, request: HttpRequest, form: Any, signers: Any, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {"form": form, "signers": signers, "max_rows": MAX_SIGNER_ROWS},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        units = self.units(request)
        if "add_rows" in request.POST:
            return self.add_rows(request, units)
        if request.POST.get("action") == "communes":
            return self.add_rows(request, units, extra=0)
        form = LetterEntryForm(request.POST, request.FILES, units=units)
        signers = SignerFormSet(request.POST, prefix="signers")
        if not (form.is_valid() and signers.is_valid()):
            return self.show(request, form, signers)
        people = [s.signer_input() for s in signers.forms if s.has_changed()]
        try:
            result = intake.letter_enter(
                data=form.letter_input(people), actor=request.user, request=request
            )
        except intake.IntakeError as exc:
            show_problems(form, exc.problems)
            return self.show(request, form, signers)
        except ApplicationError as exc:
            form.add_error(None, str(exc.message))
            return self.show(request, form, signers)
        request.session[ISSUED_PIN_SESSION_KEY] = {
            "letter": result.letter.pk,
            "code": result.tracking_code,
            "pin": result.pin,
        }
        messages.success(
            request,
            _("Letter %(number)s was registered.") % {"number": result.letter.register_label},
        )
        return redirect("letters:staff-letter-detail", pk=result.letter.pk)

    def add_rows(self, request: HttpRequest, units: Any, extra: int | None = None) -> HttpResponse:
        """More signer rows (``extra``, else the number asked for), or the communes of the
        province chosen (``extra=0``, the "Show the communes" button), without JavaScript: the
        page comes back with the input kept (the files must be chosen again: a browser never
        re-sends them)."""
        data = request.POST.copy()
        try:
            total = int(data.get("signers-TOTAL_FORMS", "1"))
        except ValueError:
            total = 1
        total = max(0, min(total, MAX_SIGNER_ROWS))
        more = _extra_rows(data.get("extra_rows")) if extra is None else extra
        data["signers-TOTAL_FORMS"] = str(min(MAX_SIGNER_ROWS, total + more))
        initial = {k: v for k, v in request.POST.items() if not k.startswith("signers-")}
        form = LetterEntryForm(units=units, initial=initial)
        signers = SignerFormSet(data, prefix="signers")
        if extra is None:
            messages.info(request, _("Rows were added. Choose the files again before saving."))
        else:
            messages.info(
                request,
                _("The communes of the province are listed. Choose the files again before saving."),
            )
        return self.show(request, form, signers)


class LetterDetailView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        return render_letter_page(request, letter_for(request.user, pk))


class AttachmentDownloadView(StaffRequiredMixin, View):
    """A file of the letter, if ``selectors.attachments_for`` gives it to the viewer (for a
    protected letter: the originals only to those who may read the identity)."""

    #: Shown in the page (a picture or a PDF) rather than downloaded.
    inline = False

    def get(self, request: HttpRequest, pk: Any, attachment_pk: Any) -> HttpResponseBase:
        letter = letter_for(request.user, pk)
        found = selectors.attachment_to_open(
            viewer=request.user, letter=letter, attachment_id=attachment_pk
        )
        if found is None or (self.inline and not files.preview_kind(found.content_type)):
            raise Http404(_("No such file."))
        try:
            handle = found.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404(_("The file is missing.")) from exc
        response = FileResponse(
            handle,
            as_attachment=not self.inline,
            filename=found.original_name,
            content_type=found.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


@method_decorator(xframe_options_sameorigin, name="dispatch")
@method_decorator(csp_replace({"frame-ancestors": ["'self'"]}), name="dispatch")
class AttachmentPreviewView(AttachmentDownloadView):
    """The same file, for the same people (the identity read audited the same way), shown in
    the letter's page: a picture in an ``<img>``, a PDF in a frame of this site only."""

    inline = True


class LetterDocumentDownloadView(StaffRequiredMixin, View):
    """A notice issued about the letter or its case, as DOCX or as PDF (``file_format``, from
    the URL); a restricted one (addressed to a denouncer) only for those who may read the
    identity. A PDF that cannot be made is a message on the letter's page."""

    def get(
        self,
        request: HttpRequest,
        pk: Any,
        document_pk: Any,
        file_format: str = documents.FileFormat.DOCX,
    ) -> HttpResponseBase:
        letter = letter_for(request.user, pk)
        document: IssuedDocument | None = next(
            (
                d
                for d in selectors.documents_of(letter, selectors.case_of(letter))
                if str(d.pk) == str(document_pk)
            ),
            None,
        )
        if document is None:
            raise Http404(_("No such document."))
        if document.restricted and not policies.can_view_identity(request.user, letter):
            raise PermissionDenied(_("This notice carries the identity of a protected person."))
        try:
            response = documents.document_file_response(
                document, actor=request.user, file_format=file_format
            )
        except documents.DocumentError as exc:
            messages.error(request, str(exc.message))
            return redirect("letters:staff-letter-detail", pk=letter.pk)
        response["X-Content-Type-Options"] = "nosniff"
        return response


__all__ = [
    "LETTERS",
    "AttachmentDownloadView",
    "AttachmentPreviewView",
    "Letter",
    "LetterCreateView",
    "LetterDetailView",
    "LetterDocumentDownloadView",
    "LetterListView",
]
