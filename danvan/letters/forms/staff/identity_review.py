"""The officer reviews the copy without the denouncer's identity before a document made from a
protected letter is issued to anyone else (Luật Tố cáo Arts. 8(3), 47).

A decision's texts — findings, measures, grounds, the reasons of a transfer — go into documents
for the person denounced, the verifiers and the bodies concerned; ``services.paperwork`` issues
those without the identity. When what the officer typed names the denouncer, the form first
shows, under each such field, the text as the recipients will read it, and goes on only once the
same texts are sent again: the officer has then seen exactly the copy that will be issued.
"""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.form_fields import CleanCharField
from danvan.letters.redaction import redact

#: Proposal fields stay inside the body (the approvers read them through the page's shield).
_INTERNAL_FIELDS = frozenset({"reasons", "draft", "version", "identity_review"})


class IdentityReview(forms.Form):
    """Mixed into a decision's form on a protected letter (``review_identity`` set per letter
    by ``views.staff.common.Decision``)."""

    review_identity: ClassVar[tuple[str, ...]] = ()

    identity_review = CleanCharField(widget=forms.HiddenInput, required=False)

    def _redacted_texts(self, data: dict[str, Any]) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, field in self.fields.items():
            value = data.get(name)
            if name in _INTERNAL_FIELDS or not isinstance(field, forms.CharField):
                continue
            if isinstance(value, str) and value:
                redacted = redact(value, self.review_identity)
                if redacted != value:
                    out[name] = redacted
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        changed = self._redacted_texts(data)
        if not changed:
            return data
        digest = hashlib.sha256(
            "\x00".join(f"{k}\x01{v}" for k, v in sorted(changed.items())).encode()
        ).hexdigest()
        if data.get("identity_review") == digest:
            return data
        for name, redacted in changed.items():
            self.add_error(
                name,
                _("The document for others will read: “%(text)s”") % {"text": redacted},
            )
        self.add_error(
            None,
            _(
                "What you wrote names the denouncer. The documents for the person denounced, "
                "the verifiers and the bodies concerned are issued without the identity: check "
                "the copy shown under each field, then submit again."
            ),
        )
        # The next submission of the same texts is the officer's confirmation of this copy.
        posted = cast("Any", self.data).copy()  # a QueryDict: every value of every field kept
        posted[self.add_prefix("identity_review")] = digest
        self.data = posted
        return data
