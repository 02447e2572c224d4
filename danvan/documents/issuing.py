"""From an approved draft to an issued document: signature, then number, date and issue.

NĐ 30/2020 Art. 15 numbers a document after it is signed, so a draft (``services.
document_draft``) has no number: the person who signs it signs first, then the clerk (văn thư)
numbers it in the outgoing register, dates it and issues it.

- Digitally: the signer downloads the draft's PDF (``draft_pdf``: made once, with empty
  fields for the number and date, and fixed by its hash), signs it with the agency's USB token
  and uploads it (``sign_upload``), or signs on the server with a key kept for them
  (``sign_with_key``). The upload must be that very PDF with signatures appended, and every
  signature must pass ``signing.check_signatures`` against the trust list. The clerk then
  issues it (``release``): the number and date fill the fields and the organisation's
  signature covers the whole file, which is checked again and kept as the issued original.
- On paper: the clerk records that the signer signed the printed draft (``sign_on_paper``) and
  issues it; the number and date are written into the DOCX.

Every step is atomic and audited.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.actors import signed_in_user
from danvan.core import audit
from danvan.core.actors import Actor
from danvan.core.sequences import next_number
from danvan.documents import numbering, pdf, policies, selectors, signing
from danvan.documents.audit_actions import AuditAction
from danvan.documents.errors import DocumentError
from danvan.documents.models import (
    DocumentStatus,
    IssuedDocument,
    SignatureMethod,
    SigningKey,
    SigningKeyOwner,
    TrustedCertificate,
)
from danvan.documents.rendering import replace_header_lines
from danvan.documents.types import DocumentType
from danvan.organizations.models import DocumentFormat
from danvan.organizations.models.dated import today

__all__ = [
    "draft_pdf",
    "release",
    "sign_on_paper",
    "sign_upload",
    "sign_with_key",
    "trusted_pems",
]

#: A signed PDF larger than this is refused before it is read.
MAX_SIGNED_PDF_BYTES = 30 * 1024 * 1024


def trusted_pems() -> list[str]:
    """The certificates of the active trust list."""
    return list(
        TrustedCertificate.objects.filter(active=True).values_list("certificate_pem", flat=True)
    )


def _drop_on_commit(*names: str) -> None:
    """Delete files a later stage superseded, once the new ones are committed (a signed PDF
    starts with the draft's bytes, and the issued one with the signed one's)."""
    from django.core.files.storage import default_storage

    def drop(name: str) -> None:
        default_storage.delete(name)

    for name in names:
        if name:
            transaction.on_commit(functools.partial(drop, name))


def _locked(document: IssuedDocument) -> IssuedDocument:
    return IssuedDocument.objects.select_for_update().select_related("unit").get(pk=document.pk)


def _read(field_file: object) -> bytes:
    with field_file.open("rb") as handle:  # type: ignore[attr-defined]
        data: bytes = handle.read()
    return data


def _stored_draft_pdf(document: IssuedDocument) -> bytes | None:
    if not document.pdf_file:
        return None
    content = _read(document.pdf_file)
    if hashlib.sha256(content).hexdigest() != document.pdf_sha256:
        raise DocumentError(_("The stored file of this document has been altered."))
    return content


@transaction.atomic
def draft_pdf(document: IssuedDocument, *, actor: Actor) -> bytes:
    """The PDF the signer signs: made from the draft's DOCX the first time it is asked for, with
    fields for the number and date, then kept unchanged (its hash is what the signed upload must
    start with). Raises ``PermissionDenied`` unless the actor may sign or issue the document,
    ``DocumentError`` when it is no longer awaiting a signature or LibreOffice fails."""
    document = _locked(document)
    if not (policies.can_sign(actor, document) or policies.can_release(actor, document)):
        raise PermissionDenied(_("You may not sign or issue this document."))
    if document.status != DocumentStatus.AWAITING_SIGNATURE:
        raise DocumentError(_("This document is no longer awaiting a signature."))
    existing = _stored_draft_pdf(document)
    if existing is not None:
        return existing
    with document.file.open("rb") as handle:
        docx = handle.read()
    if hashlib.sha256(docx).hexdigest() != document.sha256:
        raise DocumentError(_("The stored file of this document has been altered."))
    content = signing.add_issue_fields(pdf.docx_to_pdf(docx))
    document.pdf_file.save("draft.pdf", ContentFile(content), save=False)
    document.pdf_sha256 = document.draft_pdf_sha256 = hashlib.sha256(content).hexdigest()
    document.draft_pdf_size = len(content)
    document.save(update_fields=["pdf_file", "pdf_sha256", "draft_pdf_sha256", "draft_pdf_size"])
    audit.record(
        actor=actor,
        action=AuditAction.DOCUMENT_SENT_FOR_SIGNATURE,
        target=document,
        extra={"sha256": document.pdf_sha256, "size": len(content)},
    )
    return content


def _refuse(document: IssuedDocument, actor: Actor, reason: str, code: str) -> None:
    # The refusal is recorded in its own transaction: it stays on the trail after the error.
    audit.record(
        actor=actor,
        action=AuditAction.DOCUMENT_SIGNATURE_REFUSED,
        target=document,
        extra={"reason": code},
    )
    raise DocumentError(reason)


def _check_signed(
    document: IssuedDocument, content: bytes, actor: Actor
) -> list[signing.SignatureCheck]:
    size = document.draft_pdf_size
    if (
        size is None
        or len(content) <= size
        or hashlib.sha256(content[:size]).hexdigest() != document.draft_pdf_sha256
    ):
        _refuse(
            document,
            actor,
            _(
                "This file is not the document sent for signature with a signature added: sign "
                "the PDF downloaded from this page, without other changes."
            ),
            "not_the_draft",
        )
    checks = signing.check_signatures(content, trusted_pems=trusted_pems())
    if not checks:
        _refuse(document, actor, _("The file carries no digital signature."), "unsigned")
    for check in checks:
        if not check.ok:
            _refuse(
                document,
                actor,
                _("The signature %(field)s is refused: %(problem)s.")
                % {"field": check.subject or check.field_name, "problem": check.problem},
                "invalid_signature",
            )
    return checks


def _store_signed(
    document: IssuedDocument, content: bytes, actor: Actor, checks: list[signing.SignatureCheck]
) -> None:
    superseded = document.pdf_file.name
    document.pdf_file.save("signed.pdf", ContentFile(content), save=False)
    _drop_on_commit(superseded)
    document.pdf_sha256 = hashlib.sha256(content).hexdigest()
    document.status = DocumentStatus.SIGNED
    document.signature_method = SignatureMethod.DIGITAL
    document.signed_by = signed_in_user(actor)
    document.signed_at = timezone.now()
    document.signer_certificate = checks[-1].subject
    document.save(
        update_fields=[
            "pdf_file",
            "pdf_sha256",
            "status",
            "signature_method",
            "signed_by",
            "signed_at",
            "signer_certificate",
        ]
    )
    audit.record(
        actor=actor,
        action=AuditAction.DOCUMENT_SIGNED,
        target=document,
        extra={
            "method": str(SignatureMethod.DIGITAL),
            "sha256": document.pdf_sha256,
            "certificate": checks[-1].subject,
        },
    )


def sign_upload(document: IssuedDocument, *, actor: Actor, content: bytes) -> IssuedDocument:
    """Accept the signer's PDF signed with their USB token (see the module's note). Raises
    ``PermissionDenied`` and ``DocumentError`` (with the reason, also recorded)."""
    with transaction.atomic():
        document = _locked(document)
        if not policies.can_sign(actor, document):
            raise PermissionDenied(_("You may not sign this document."))
        if len(content) > MAX_SIGNED_PDF_BYTES:
            raise DocumentError(_("The file is too large."))
    # The refusal's audit entry must survive the error: checked outside the atomic block.
    checks = _check_signed(document, content, actor)
    with transaction.atomic():
        document = _locked(document)
        if document.status != DocumentStatus.AWAITING_SIGNATURE:
            raise DocumentError(_("This document is no longer awaiting a signature."))
        _store_signed(document, content, actor, checks)
    return document


def _key_for(document: IssuedDocument, actor: Actor, owner: SigningKeyOwner) -> SigningKey:
    key = _keys(document, actor, owner).order_by("-added_at").first()
    if key is None:
        if owner == SigningKeyOwner.PERSON:
            raise DocumentError(
                _("No signing key is kept on the server for you: sign with your USB token.")
            )
        raise DocumentError(
            _(
                "The unit has no organisation signing key on the server: an administrator adds "
                "it before documents can be issued digitally."
            )
        )
    return key


def _keys(document: IssuedDocument, actor: Actor, owner: str) -> QuerySet[SigningKey]:
    """The active server-kept keys that would serve: the person's own, or the unit's seal."""
    keys = SigningKey.objects.filter(active=True, owner=owner, unit_id=document.unit_id)
    if owner == SigningKeyOwner.PERSON:
        keys = keys.filter(user=signed_in_user(actor))
    return keys


def has_key(document: IssuedDocument, user: Actor, *, owner: str) -> bool:
    """Whether a server-kept key would serve: the person's own, or the unit's seal."""
    return _keys(document, user, owner).exists()


def sign_with_key(document: IssuedDocument, *, actor: Actor, passphrase: str) -> IssuedDocument:
    """Sign the draft's PDF on the server with the signer's own key (the passphrase typed now,
    never stored), then check it as an upload is checked."""
    document = IssuedDocument.objects.get(pk=document.pk)
    if not policies.can_sign(actor, document):
        raise PermissionDenied(_("You may not sign this document."))
    draft = draft_pdf(document, actor=actor)
    document.refresh_from_db()
    key = _key_for(document, actor, SigningKeyOwner.PERSON)
    signed = signing.sign_pdf(
        draft,
        p12=_read(key.pkcs12),
        passphrase=passphrase,
        field_name="NguoiKy",
        label=_("Signed by"),
        signer_name=document.signer_line.rsplit(" / ", 1)[-1],
    )
    return sign_upload(document, actor=actor, content=signed)


@transaction.atomic
def sign_on_paper(document: IssuedDocument, *, actor: Actor, note: str = "") -> IssuedDocument:
    """The clerk records that the signer signed the printed draft by hand."""
    document = _locked(document)
    if not policies.can_release(actor, document):
        raise PermissionDenied(_("You may not issue this document."))
    if document.status != DocumentStatus.AWAITING_SIGNATURE:
        raise DocumentError(_("This document is no longer awaiting a signature."))
    document.status = DocumentStatus.SIGNED
    document.signature_method = SignatureMethod.PAPER
    document.signed_at = timezone.now()
    document.signed_by = document.signer_user
    document.save(update_fields=["status", "signature_method", "signed_at", "signed_by"])
    audit.record(
        actor=actor,
        action=AuditAction.DOCUMENT_SIGNED,
        target=document,
        reason=note,
        extra={"method": str(SignatureMethod.PAPER)},
    )
    return document


def _number(document: IssuedDocument, day: dt.date) -> tuple[int, str, str]:
    issuer = selectors.issuer_for(document.unit, day)
    fmt = DocumentFormat(document.document_format)
    doc_type = DocumentType(document.doc_type)
    term_id: int | None = None
    if fmt == DocumentFormat.HD36:
        from danvan.documents.services import require_party_term

        term_id = require_party_term(document.unit, day)
    key = numbering.document_series_key(
        unit_id=document.unit_id,
        fmt=fmt,
        doc_type=doc_type,
        period=numbering.period_key(fmt=fmt, issued_on=day, term_id=term_id),
        confidential=document.confidential,
    )
    number = next_number(key)
    symbol = numbering.symbol(
        number_text=numbering.padded(number),
        doc_type=doc_type,
        fmt=fmt,
        issuer_symbol=issuer.symbol,
        drafting_symbol=issuer.drafting_symbol,
    )
    return number, symbol, key


def release(
    document: IssuedDocument,
    *,
    actor: Actor,
    passphrase: str = "",
    issued_on: dt.date | None = None,
) -> IssuedDocument:
    """Number, date and issue a signed document (the clerk). A digitally signed one gets its
    number and date in its fields and the organisation's signature with the unit's key (its
    passphrase typed now), and the result is checked again before it is kept. Raises
    ``PermissionDenied`` and ``DocumentError``."""
    with transaction.atomic():
        document = _locked(document)
        if not policies.can_release(actor, document):
            raise PermissionDenied(_("You may not issue this document."))
        if document.status != DocumentStatus.SIGNED:
            raise DocumentError(_("Only a signed document can be issued."))
        day = issued_on or today()
        if day > today():
            raise DocumentError(_("A document cannot be issued with a date in the future."))
        drafted = document.drafted_on or day
        if day.year != drafted.year:
            raise DocumentError(
                _(
                    "The draft was dated for %(year)s: make the draft again for this year, and "
                    "have it signed again."
                )
                % {"year": drafted.year}
            )
        issuer = selectors.issuer_for(document.unit, day)
        number, symbol, key = _number(document, day)
        fmt = DocumentFormat(document.document_format)
        day_text, month_text = numbering.date_parts(day, zero_pad=issuer.date_zero_pad)
        draft_line = numbering.number_line(
            numbering.symbol(
                number_text=numbering.PREVIEW_NUMBER,
                doc_type=DocumentType(document.doc_type),
                fmt=fmt,
                issuer_symbol=issuer.symbol,
                drafting_symbol=issuer.drafting_symbol,
            ),
            fmt,
        )
        docx = replace_header_lines(
            _read(document.file),
            {
                draft_line: numbering.number_line(symbol, fmt),
                numbering.draft_date_line(issuer.place, day.year): numbering.date_line(
                    issuer.place, day, zero_pad=issuer.date_zero_pad
                ),
            },
        )
        fields = ["status", "number", "symbol", "series_key", "issued_on", "file", "sha256"]
        if document.signature_method == SignatureMethod.DIGITAL:
            signed = _stored_draft_pdf(document)
            if signed is None:
                raise DocumentError(_("The signed PDF of this document is missing."))
            seal = _key_for(document, actor, SigningKeyOwner.UNIT)
            issued = signing.fill_and_seal(
                signed,
                values={
                    signing.NUMBER_FIELD: numbering.padded(number),
                    signing.DATE_FIELDS[0]: day_text,
                    signing.DATE_FIELDS[1]: month_text,
                },
                p12=_read(seal.pkcs12),
                passphrase=passphrase,
                signer_name=document.signer_line.rsplit(" / ", 1)[-1],
            )
            checks = signing.check_signatures(issued, trusted_pems=trusted_pems())
            problems = [c for c in checks if not c.ok]
            if len(checks) < 2 or problems or not checks[-1].covers_whole_file:
                raise DocumentError(
                    _("The issued file did not pass the signature check: %(problem)s.")
                    % {"problem": problems[0].problem if problems else _("signatures missing")}
                )
            _drop_on_commit(document.pdf_file.name)
            document.pdf_file.save("issued.pdf", ContentFile(issued), save=False)
            document.pdf_sha256 = hashlib.sha256(issued).hexdigest()
            document.seal_certificate = checks[-1].subject
            fields += ["pdf_file", "pdf_sha256", "seal_certificate"]
        _drop_on_commit(document.file.name)
        document.file.save("document.docx", ContentFile(docx), save=False)
        document.sha256 = hashlib.sha256(docx).hexdigest()
        document.status = DocumentStatus.ISSUED
        document.number, document.symbol, document.series_key = number, symbol, key
        document.issued_on = day
        document.issued_by = signed_in_user(actor)
        document.issued_at = timezone.now()
        fields += ["issued_by", "issued_at"]
        document.save(update_fields=fields)
        audit.record(
            actor=actor,
            action=AuditAction.DOCUMENT_ISSUED,
            target=document,
            extra={
                "unit": document.unit_id,
                "doc_type": document.doc_type,
                "number": number,
                "symbol": symbol,
                "series": key,
                "signature": document.signature_method,
                "sha256": document.pdf_sha256 or document.sha256,
                "confidential": document.confidential,
                "restricted": document.restricted,
                "about_type": document.target_type,
                "about_id": document.target_id,
            },
        )
        replaces = document.to_replace
        if replaces is not None and not replaces.replaced_by_id:
            replaces.replaced_by = document
            replaces.save(update_fields=["replaced_by"])
            audit.record(
                actor=actor,
                action=AuditAction.DOCUMENT_REPLACED,
                target=replaces,
                fields=["replaced_by"],
                extra={"replacement": document.pk},
            )
    return document


# --- the trust list and the keys, kept by administrators -------------------------------------


@transaction.atomic
def trusted_certificate_save(
    *,
    actor: Actor,
    certificate: TrustedCertificate,
    pem: str | None = None,
    changed_fields: Sequence[str] = (),
) -> TrustedCertificate:
    """Add a certification authority to the trust list (``pem``: its certificate) or change its
    name or whether it is trusted. Raises ``PermissionDenied`` and ``SigningError``."""
    if not policies.can_manage_trust(actor):
        raise PermissionDenied(_("You may not change the trust list."))
    if pem is not None:
        info = signing.certificate_info(pem.encode("ascii"))
        certificate.certificate_pem = pem
        certificate.subject = info.subject
        certificate.fingerprint = info.fingerprint
        certificate.not_after = info.not_after
    certificate.added_by = signed_in_user(actor)
    certificate.save()
    audit.record(
        actor=actor,
        action=AuditAction.TRUSTED_CERTIFICATE_SAVED,
        target=certificate,
        fields=list(changed_fields),
        extra={"fingerprint": certificate.fingerprint, "active": certificate.active},
    )
    return certificate


@transaction.atomic
def signing_key_save(
    *,
    actor: Actor,
    key: SigningKey,
    content: bytes | None = None,
    info: signing.CertificateInfo | None = None,
    changed_fields: Sequence[str] = (),
) -> SigningKey:
    """Keep a PKCS#12 key for a unit (its seal) or a person of it; ``info`` is what
    ``signing.load_pkcs12`` read of ``content`` with its passphrase. Raises
    ``PermissionDenied``."""
    if not policies.can_manage_issuer(actor, key.unit):
        raise PermissionDenied(_("You may not keep signing keys for this unit."))
    if content is not None and info is not None:
        key.pkcs12.save("key.p12", ContentFile(content), save=False)
        key.subject, key.fingerprint, key.not_after = info.subject, info.fingerprint, info.not_after
    key.added_by = signed_in_user(actor)
    key.save()
    audit.record(
        actor=actor,
        action=AuditAction.SIGNING_KEY_SAVED,
        target=key,
        fields=list(changed_fields),
        extra={"unit": key.unit_id, "owner": key.owner, "fingerprint": key.fingerprint},
    )
    return key
