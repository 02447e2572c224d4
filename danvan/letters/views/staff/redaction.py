"""Redacted copies of a protected letter's files: the upload form next to each original, for
the people who may read the identity (``services.attachments.can_redact_letter``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from danvan.letters import policies
from danvan.letters.forms import staff as f
from danvan.letters.models import Attachment, Letter
from danvan.letters.services import attachments
from danvan.letters.views.staff.common import check_version
from danvan.letters.views.staff.letter_actions import LetterAction


class RedactedCopyView(LetterAction):
    """Upload the redacted copy of one original file of a protected letter."""

    key = "redact"
    form_class = f.RedactedCopyForm

    def allowed(self, obj: Letter) -> bool:
        return obj.identity_protected and policies.can_view_identity(self.request.user, obj)

    def attachment(self, letter: Letter) -> Attachment:
        found = letter.attachments.filter(
            pk=self.kwargs.get("attachment_pk"), redacted_copy_of__isnull=True
        ).first()
        if found is None:
            raise Http404(_("No such file."))
        return found

    def build_form(self, obj: Letter) -> forms.Form:
        self.key = f"redact-{self.attachment(obj).pk}"
        return f.RedactedCopyForm(self.request.POST, self.request.FILES, prefix=self.key)

    def post(self, request: HttpRequest, pk: Any, attachment_pk: Any = None) -> HttpResponse:
        return super().post(request, pk)

    def perform(self, form: Any, obj: Letter) -> str:
        check_version(form, obj.version)
        attachments.attachment_redacted_copy_add(
            attachment=self.attachment(obj),
            actor=self.request.user,
            upload=form.cleaned_data["file"],
        )
        return _("The redacted copy was saved.")


def redaction_forms(user: Any, letter: Letter, bound: dict[str, forms.Form]) -> list[Any]:
    """(original, its redacted copy or None, form) for each file the person may redact."""
    if not letter.identity_protected:
        return []
    originals = list(
        letter.attachments.filter(redacted_copy_of__isnull=True)
        .select_related("redacted_copy")
        .order_by("id")
    )
    if not originals or not attachments.can_redact_letter(user, letter):
        return []
    rows = []
    for original in originals:
        key = f"redact-{original.pk}"
        form = bound.get(key) or f.RedactedCopyForm(prefix=key, initial={"version": letter.version})
        try:
            copy = original.redacted_copy
        except Attachment.DoesNotExist:
            copy = None
        rows.append((original, copy, form))
    return rows
