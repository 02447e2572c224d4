"""Helpers for tests of contexts that issue documents: the real services, step by step.

``issue_now`` drafts a document, records its signature on paper and issues it, as a clerk
would; ``TestAuthority`` is a certification authority made for a test, with PKCS#12 keys for
signers and units, and puts itself on the trust list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from danvan.core import audit
from danvan.documents import issuing, services
from danvan.documents.local_ca import PASSPHRASE, LocalAuthority
from danvan.documents.models import IssuedDocument

__all__ = ["PASSPHRASE", "TestAuthority", "complete", "issue_drafts_about", "issue_now"]


def issue_now(*, issued_on: dt.date | None = None, **draft: Any) -> IssuedDocument:
    """``services.document_draft(**draft)`` dated ``issued_on``, signed on paper and issued by
    the platform on that day."""
    document = services.document_draft(drafted_on=issued_on, **draft)
    return complete(document, issued_on=issued_on)


def complete(document: IssuedDocument, *, issued_on: dt.date | None = None) -> IssuedDocument:
    """Sign on paper and issue a draft, through the real services."""
    if document.status == "awaiting_signature":
        issuing.sign_on_paper(document, actor=audit.SYSTEM)
    return issuing.release(document, actor=audit.SYSTEM, issued_on=issued_on)


class TestAuthority(LocalAuthority):
    """A CA made in the test."""

    __test__ = False  # not a pytest class


def issue_drafts_about(target: Any) -> list[IssuedDocument]:
    """Sign on paper and issue every draft about ``target`` (a case, a letter), oldest first,
    as the unit's clerk would before the step that sends them."""
    target_type = f"{target._meta.app_label}.{target._meta.model_name}"
    drafts = IssuedDocument.objects.filter(
        target_type=target_type, target_id=str(target.pk)
    ).exclude(status="issued")
    return [complete(document) for document in drafts.order_by("created_at", "pk")]
