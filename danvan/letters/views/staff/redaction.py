"""Redacted copies of a protected letter's files: the upload form next to each original, for
the people who may read the identity (``services.attachments.can_redact_letter``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from danvan.letters.forms import staff as f
from danvan.letters.models import Attachment, Letter
from danvan.letters.policies import LetterPolicy
from danvan.letters.services import attachments
from danvan.letters.views.staff.letter_actions import LetterAction
from danvan.letters.workflows import LETTER_WORKFLOW


class RedactedCopyView(LetterAction):
    """Upload the redacted copy of one original file of a protected letter."""

    key = "redact"
    move_key = "redact"
    form_class = f.RedactedCopyForm

    def attachment(self, letter: Letter) -> Attachment:
        found = letter.attachments.filter(
            pk=self.kwargs.get("attachment_pk"), redacted_copy_of__isnull=True
        ).first()
        if found is None:
            raise Http404(_("No such file."))
        return found

    def build_form(self, obj: Letter) -> forms.Form:
        self.key = f"redact-{self.attachment(obj).pk}"  # type: ignore[misc]
        return f.RedactedCopyForm(self.request.POST, self.request.FILES, prefix=self.key)

    def post(self, request: HttpRequest, pk: Any, **kwargs: Any) -> HttpResponse:
        # The person's power comes before the file is looked up: nobody else learns which
        # files exist.
        letter = self.load(pk)
        if not LETTER_WORKFLOW.may_try(LetterPolicy.for_request(request), self.move(), letter):
            raise PermissionDenied(_("You may not do this on this letter."))
        return super().post(request, pk, **kwargs)

    def perform(self, form: Any, obj: Letter) -> str:
        attachments.attachment_redacted_copy_add(
            attachment=self.attachment(obj),
            actor=self.request.user,
            upload=form.cleaned_data["file"],
            expected_version=form.expected_version(),
        )
        return _("The redacted copy was saved.")


def redaction_forms(
    policy: LetterPolicy, letter: Letter, bound: dict[str, forms.Form]
) -> list[Any]:
    """(original, its redacted copy or None, form) for each file the person may redact."""
    if not letter.identity_protected:
        return []
    originals = list(
        letter.attachments.filter(redacted_copy_of__isnull=True)
        .select_related("redacted_copy")
        .order_by("id")
    )
    if not originals or not LETTER_WORKFLOW.is_open_to(policy, "redact", letter):
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
