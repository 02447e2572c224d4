"""Writes of the documents context: issuing numbered documents, and the settings administrators
keep (issuer profiles, party terms, templates). Every function is keyword-only, atomic and
audited; audit entries name objects, codes and field names, never texts or personal data.

Other contexts call:

- ``document_draft`` to render and store an approved draft, which ``issuing`` then has signed,
  numbered, dated and entered in the outgoing register (sổ văn bản đi);
- ``document_preview`` / ``document_render`` for a DOCX without a number (previews);
- ``document_file_response`` to serve a stored file, as DOCX or as PDF, from their own views,
  after their own permission checks (restricted documents are served only that way);
- ``document_pdf`` for the PDF of an issued document (to attach or export it), and
  ``pdf.docx_to_pdf`` for the PDF of a preview.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Mapping, Sequence
from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from danvan.accounts.actors import signed_in_user
from danvan.accounts.models import User
from danvan.core import audit
from danvan.core.actors import Actor
from danvan.documents import numbering, pdf, policies, selectors, templates
from danvan.documents.audit_actions import AuditAction
from danvan.documents.errors import DocumentError
from danvan.documents.models import (
    DocumentStatus,
    DocumentTemplate,
    IssuedDocument,
    IssuerProfile,
    PartyTerm,
)
from danvan.documents.pdf import PdfConversionError
from danvan.documents.rendering import DataTable, Layout, Signer, format_recipients, render_docx
from danvan.documents.types import LETTER_LIKE_TYPES, DocumentType, FileFormat, allowed_types
from danvan.organizations.models import DocumentFormat, Unit
from danvan.organizations.models.dated import today
from danvan.organizations.policies import require

__all__ = [
    "DOCX_CONTENT_TYPE",
    "DocumentError",
    "FileFormat",
    "PdfConversionError",
    "Signer",
    "document_docx",
    "document_draft",
    "document_file_response",
    "document_pdf",
    "document_preview",
    "document_render",
    "document_template_reset",
    "document_template_save",
    "document_templates_sync",
    "download_filenames",
    "issuer_profile_save",
    "party_term_save",
    "report_render",
]

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_FILENAME_UNSAFE_RE = re.compile(r"[^0-9A-Za-z._-]+")
#: Characters no file name may hold on common systems, and control characters.
_FILENAME_FORBIDDEN_RE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|;]+')


def _is_str(value: object) -> bool:
    """Runtime guard for callers that do not pass the annotated types."""
    return isinstance(value, str)


# --- issuing ---------------------------------------------------------------------------------


def _values(
    issuer: selectors.Issuer, issued_on: dt.date, context: Mapping[str, str]
) -> dict[str, str]:
    for key, value in context.items():
        if not _is_str(key) or not _is_str(value):
            raise TypeError("Template values must be strings keyed by field name.")
    values = {
        "issuer": issuer.unit.name,
        "issuer_upper": issuer.unit.name.upper(),
        "issuing_authority": issuer.issuing_authority,
        "place": issuer.place,
        "issued_on": issued_on.strftime("%d/%m/%Y"),
    }
    values.update(context)
    return values


def _layout(
    *,
    issuer: selectors.Issuer,
    template: templates.EffectiveTemplate,
    context: Mapping[str, str],
    number_line: str,
    issued_on: dt.date,
    recipients: Sequence[str] | None,
    signer: Signer | None,
    date_line: str | None = None,
) -> Layout:
    if template.doc_type not in allowed_types(issuer.fmt):
        raise DocumentError(
            _("A %(format)s body cannot issue this type of document (%(type)s).")
            % {"format": issuer.fmt.label, "type": template.doc_type.label}
        )
    values = _values(issuer, issued_on, context)
    texts = [template.title, template.summary, template.body]
    if recipients is None:
        texts += template.recipients
    templates.require_values(texts, values)
    title = " ".join(templates.substitute(template.title, values).split())
    summary = " ".join(templates.substitute(template.summary, values).split())
    body = templates.substitute(template.body, values)
    if recipients is None:
        lines = [templates.substitute(line, values) for line in template.recipients]
    else:
        lines = [templates.clean_text(str(line)) for line in recipients]
    return Layout(
        fmt=issuer.fmt,
        parent_body=issuer.parent_body_line,
        issuing_body=issuer.body_line,
        number_line=number_line,
        date_line=date_line
        if date_line is not None
        else numbering.date_line(issuer.place, issued_on, zero_pad=issuer.date_zero_pad),
        title=title,
        summary=summary,
        body=body,
        recipients=format_recipients(lines, issuer.archive_line),
        signer=signer or issuer.signer,
        margins_mm=issuer.margins_mm,
        letter_like=template.doc_type in LETTER_LIKE_TYPES,
        core_title=" ".join(p for p in (title, summary) if p),
    )


def _symbol(issuer: selectors.Issuer, doc_type: DocumentType, number_text: str) -> str:
    return numbering.symbol(
        number_text=number_text,
        doc_type=doc_type,
        fmt=issuer.fmt,
        issuer_symbol=issuer.symbol,
        drafting_symbol=issuer.drafting_symbol,
    )


def _preview_line(issuer: selectors.Issuer, doc_type: DocumentType) -> str:
    if doc_type not in allowed_types(issuer.fmt):
        return numbering.number_line(numbering.PREVIEW_NUMBER, issuer.fmt)
    return numbering.number_line(_symbol(issuer, doc_type, numbering.PREVIEW_NUMBER), issuer.fmt)


def document_render(
    *,
    unit: Unit,
    template_key: str,
    context: Mapping[str, str],
    number_display: str,
    issued_on: dt.date | None = None,
    recipients: Sequence[str] | None = None,
    signer: Signer | None = None,
) -> bytes:
    """DOCX bytes of a template for ``unit``, with ``number_display`` printed as the number line
    as given (e.g. "Số:      /TB-UBND"). Nothing is numbered, stored or audited.

    ``recipients`` None means the template's default lines; ``signer`` None the unit's default
    signer. Raises ``templates.TemplateError`` (unknown template, missing value) and
    ``DocumentError``.
    """
    day = issued_on or today()
    issuer = selectors.issuer_for(unit, day)
    template = selectors.effective_template(template_key)
    layout = _layout(
        issuer=issuer,
        template=template,
        context=context,
        number_line=number_display,
        issued_on=day,
        recipients=recipients,
        signer=signer,
    )
    return render_docx(layout)


def report_render(
    *,
    unit: Unit,
    title: str,
    summary: str,
    body: str,
    tables: Sequence[DataTable],
    issued_on: dt.date | None = None,
    landscape: bool = False,
) -> bytes:
    """DOCX bytes of a report (báo cáo) of ``unit`` in its format (NĐ 30/2020 or 36-HD/VPTW):
    the unit's header with a blank number ("Số:      /BC-…", numbered when it is issued), the
    title and summary, the body, ``tables`` and the unit's signature block. Nothing is
    numbered, stored or audited here."""
    day = issued_on or today()
    issuer = selectors.issuer_for(unit, day)
    layout = Layout(
        fmt=issuer.fmt,
        parent_body=issuer.parent_body_line,
        issuing_body=issuer.body_line,
        number_line=_preview_line(issuer, DocumentType.REPORT),
        date_line=numbering.date_line(issuer.place, day, zero_pad=issuer.date_zero_pad),
        title=title,
        summary=summary,
        body=body,
        recipients=format_recipients([], issuer.archive_line),
        signer=issuer.signer,
        margins_mm=issuer.margins_mm,
        core_title=" ".join(p for p in (title, summary) if p),
        landscape=landscape,
    )
    return render_docx(layout, tables)


def preview_number_line(*, unit: Unit, template_key: str, on: dt.date | None = None) -> str:
    """The number line with a blank number, e.g. "Số:      /TB-UBND" or "Số      -TB/TU"."""
    issuer = selectors.issuer_for(unit, on or today())
    return _preview_line(issuer, selectors.effective_template(template_key).doc_type)


def document_preview(
    *,
    unit: Unit,
    template_key: str,
    context: Mapping[str, str],
    issued_on: dt.date | None = None,
    recipients: Sequence[str] | None = None,
    signer: Signer | None = None,
) -> bytes:
    """``document_render`` with the blank number line of ``preview_number_line``."""
    day = issued_on or today()
    issuer = selectors.issuer_for(unit, day)
    template = selectors.effective_template(template_key)
    layout = _layout(
        issuer=issuer,
        template=template,
        context=context,
        number_line=_preview_line(issuer, template.doc_type),
        issued_on=day,
        recipients=recipients,
        signer=signer,
    )
    return render_docx(layout)


def _target_ref(target: models.Model | None) -> tuple[str, str]:
    if target is None:
        return "", ""
    if target.pk is None:
        raise ValueError("The target of a document must be saved first.")
    return f"{target._meta.app_label}.{target._meta.model_name}", str(target.pk)


@transaction.atomic
def document_draft(
    *,
    unit: Unit,
    template_key: str,
    context: Mapping[str, str],
    actor: Actor,
    target: models.Model | None = None,
    recipients: Sequence[str] | None = None,
    signer: Signer | None = None,
    signer_user: User | None = None,
    drafted_on: dt.date | None = None,
    confidential: bool = False,
    restricted: bool = False,
    replaces: IssuedDocument | None = None,
) -> IssuedDocument:
    """Render and store the approved draft of a document of ``unit``, to be signed and then
    issued (``issuing``): it has no number and no date of issue yet, and its number and date
    lines print blanks ("Số:      /TB-UBND", "ngày      tháng      năm 2026") that the clerk
    fills when issuing it (NĐ 30/2020 Art. 15: numbered after the signature).

    - ``context`` holds the template's fields as plain strings; ``recipients`` None means the
      template's default lines; ``signer`` None the unit's default signature block;
      ``signer_user`` the person who is to sign (None: any leader of the unit).
    - ``target`` names what the document is about (stored as "app.model" and id, no foreign
      key). ``restricted`` marks content with personal data. ``replaces``: an earlier document
      of the same unit that this one reissues, linked when this one is issued.

    Records ``documents.drafted``. Raises ``PermissionDenied`` when the actor holds no role over
    the unit, ``DocumentError`` when a rule refuses (no party term, a unit not in existence, a
    type the format lacks) and ``templates.TemplateError`` for an unknown template or a missing
    value.
    """
    if not policies.can_issue(actor, unit):
        raise PermissionDenied(_("You may not issue documents for this unit."))
    day = drafted_on or today()
    if day > today():
        raise DocumentError(_("A document cannot be issued with a date in the future."))
    if not unit.is_active_on(day):
        raise DocumentError(_("The issuing unit does not exist on the date of the document."))
    if replaces is not None and (replaces.unit_id != unit.pk or replaces.replaced_by_id):
        raise DocumentError(
            _("Only a document of the same unit that has not been replaced can be replaced.")
        )
    issuer = selectors.issuer_for(unit, day)
    template = selectors.effective_template(template_key)
    if issuer.fmt == DocumentFormat.HD36:
        require_party_term(unit, day)
    layout = _layout(
        issuer=issuer,
        template=template,
        context=context,
        number_line=_preview_line(issuer, template.doc_type),
        issued_on=day,
        recipients=recipients,
        signer=signer,
        date_line=numbering.draft_date_line(issuer.place, day.year),
    )
    content = render_docx(layout)
    target_type, target_id = _target_ref(target)
    chosen = layout.signer
    document = IssuedDocument(
        unit=unit,
        document_format=issuer.fmt,
        doc_type=template.doc_type,
        template_key=template.key,
        status=DocumentStatus.AWAITING_SIGNATURE,
        drafted_on=day,
        title=layout.title,
        summary=layout.summary,
        # The register of a restricted document (personal data of, e.g., a denouncer it is
        # addressed to) does not repeat its recipients: only its file, served by the owning
        # context to those allowed, names them.
        recipients="" if restricted else "\n".join(layout.recipients),
        sha256=hashlib.sha256(content).hexdigest(),
        target_type=target_type,
        target_id=target_id,
        confidential=confidential,
        restricted=restricted,
        signer_user=signer_user,
        signer_line=" / ".join(p for p in (chosen.authority, chosen.position, chosen.name) if p)[
            :400
        ],
        to_replace=replaces,
        created_by=signed_in_user(actor),
    )
    document.file.save("document.docx", ContentFile(content), save=False)
    try:
        document.save()
        audit.record(
            actor=actor,
            action=AuditAction.DOCUMENT_DRAFTED,
            target=document,
            extra={
                "unit": unit.pk,
                "doc_type": str(template.doc_type),
                "template": template.key,
                "customised_template": template.customised,
                "signer": signer_user.pk if signer_user is not None else None,
                "confidential": confidential,
                "restricted": restricted,
                "about_type": target_type,
                "about_id": target_id,
                "replaces": replaces.pk if replaces is not None else None,
                "sha256": document.sha256,
            },
        )
    except BaseException:
        document.file.delete(save=False)  # no stray file for a document that was never drafted
        raise
    return document


def require_party_term(unit: Unit, day: dt.date) -> int:
    """The id of the party term covering ``day`` for ``unit``; ``DocumentError`` when none."""
    term = selectors.party_term_for(unit, day)
    if term is None:
        raise DocumentError(
            _(
                "No party term covers %(day)s for this body or the committee above it: an "
                "administrator must record the term before party documents can be numbered."
            )
            % {"day": day.strftime("%d/%m/%Y")}
        )
    return term.pk


def _stored_docx(document: IssuedDocument) -> bytes:
    """The stored DOCX, checked against its SHA-256 (``Http404``, ``DocumentError``)."""
    try:
        with document.file.open("rb") as handle:
            content: bytes = handle.read()
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("The file of this document is missing.")) from exc
    if hashlib.sha256(content).hexdigest() != document.sha256:
        raise DocumentError(_("The stored file of this document has been altered."))
    return content


def document_docx(document: IssuedDocument) -> bytes:
    """The stored DOCX of an issued document, checked against its hash, for a caller that puts
    it into a larger export (and has checked the permission). Raises ``Http404`` (file missing)
    and ``DocumentError`` (file altered)."""
    return _stored_docx(document)


def stored_pdf(document: IssuedDocument) -> bytes | None:
    """The stored PDF of a digitally signed document (the issued original once it is issued),
    checked against its SHA-256; None when the document has none."""
    if not document.pdf_file:
        return None
    try:
        with document.pdf_file.open("rb") as handle:
            content: bytes = handle.read()
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("The file of this document is missing.")) from exc
    if hashlib.sha256(content).hexdigest() != document.pdf_sha256:
        raise DocumentError(_("The stored file of this document has been altered."))
    return content


def document_pdf(document: IssuedDocument) -> bytes:
    """The PDF of a document for attaching or exporting: its signed original when it was signed
    digitally, else one made from its stored DOCX (checked against its hash). No permission
    check and no audit entry: the caller checks.

    Raises ``Http404`` (file missing), ``DocumentError`` (file altered) and
    ``pdf.PdfConversionError`` (a ``DocumentError``: LibreOffice missing or failing).
    """
    signed = stored_pdf(document)
    if signed is not None:
        return signed
    return pdf.docx_to_pdf(_stored_docx(document))


def download_filenames(document: IssuedDocument, file_format: FileFormat) -> tuple[str, str]:
    """``(ascii, utf8)`` names for a download: "02-QD-TTr.docx" for any browser (đ written d,
    the other letters without their marks), and "02-QĐ-TTr Quyết định Về việc ….docx", the
    Vietnamese letters kept, for those that read RFC 6266's ``filename*``. The summary of a
    restricted document (it may name someone) is left out of the name."""
    import unicodedata

    from django.utils import translation

    def ascii_only(text: str) -> str:
        text = text.replace("đ", "d").replace("Đ", "D")
        marks = unicodedata.normalize("NFKD", text)
        plain = "".join(ch for ch in marks if not unicodedata.combining(ch))
        return plain.encode("ascii", "ignore").decode("ascii")

    symbol = unicodedata.normalize("NFC", document.symbol.replace("/", "-"))
    stem = _FILENAME_UNSAFE_RE.sub("-", ascii_only(symbol)).strip("-") or "van-ban"
    utf8_stem = " ".join(_FILENAME_FORBIDDEN_RE.sub("-", symbol).split()).strip("-") or stem
    with translation.override("vi"):  # documents are written in Vietnamese
        label = str(DocumentType(document.doc_type).label).split(" (")[0]
    if document.summary and not document.restricted:
        label = f"{label} {document.summary}"
    words = " ".join(_FILENAME_FORBIDDEN_RE.sub(" ", f"{utf8_stem} {label}").split())
    words = unicodedata.normalize("NFC", words)[:120].strip()
    return f"{stem}.{file_format}", f"{words or utf8_stem}.{file_format}"


def _content_disposition(ascii_name: str, utf8_name: str) -> str:
    """``attachment; filename="…"; filename*=UTF-8''…`` (RFC 6266, RFC 5987): the ASCII name
    for every client, the UTF-8 one, percent-encoded, for those that read it."""
    safe_ascii = ascii_name.replace("\\", "-").replace('"', "-")
    header = f'attachment; filename="{safe_ascii}"'
    if utf8_name != safe_ascii:
        header += f"; filename*=UTF-8''{quote(utf8_name, safe='')}"
    return header


def document_file_response(
    document: IssuedDocument,
    *,
    actor: Actor | None = None,
    file_format: FileFormat | str = FileFormat.DOCX,
) -> FileResponse:
    """The document as a download: the stored DOCX checked against its SHA-256, or a PDF made
    from it (``file_format``). For views that have already checked the viewer's permission.
    With ``actor``, the download is recorded in the audit trail with its format.

    Raises ``Http404`` when the file is missing or the format unknown, ``DocumentError`` when
    the file no longer matches its hash (changed on disk) and ``pdf.PdfConversionError`` (a
    ``DocumentError``) when the PDF cannot be made.
    """
    try:
        wanted = FileFormat(file_format)
    except ValueError as exc:
        raise Http404(_("No such file format.")) from exc
    content = document_pdf(document) if wanted == FileFormat.PDF else _stored_docx(document)
    if actor is not None:
        audit.record(
            actor=actor,
            action=AuditAction.DOCUMENT_DOWNLOADED,
            target=document,
            extra={"format": str(wanted)},
        )
    ascii_name, utf8_name = download_filenames(document, wanted)
    response = FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=ascii_name,
        content_type=pdf.PDF_CONTENT_TYPE if wanted == FileFormat.PDF else DOCX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = _content_disposition(ascii_name, utf8_name)
    return response


# --- settings kept by administrators ---------------------------------------------------------


@transaction.atomic
def issuer_profile_save(
    *, actor: Actor, profile: IssuerProfile, changed_fields: Sequence[str] = ()
) -> IssuerProfile:
    """Create or update a unit's issuer profile. Raises ``PermissionDenied`` unless the actor
    administers the unit, ``ValidationError`` for invalid values."""
    require(policies.can_manage_issuer(actor, profile.unit))
    created = profile.pk is None
    profile.full_clean()
    profile.updated_by = actor
    profile.save()
    audit.record(
        actor=actor,
        action=AuditAction.ISSUER_PROFILE_CREATED
        if created
        else AuditAction.ISSUER_PROFILE_CHANGED,
        target=profile,
        fields=list(changed_fields),
        extra={"unit": profile.unit_id},
    )
    return profile


@transaction.atomic
def party_term_save(
    *, actor: Actor, term: PartyTerm, changed_fields: Sequence[str] = ()
) -> PartyTerm:
    """Create or update a party term. Raises ``PermissionDenied`` unless the actor administers
    the unit, ``ValidationError`` for invalid or overlapping dates."""
    require(policies.can_manage_issuer(actor, term.unit))
    created = term.pk is None
    term.full_clean()
    term.updated_by = actor
    term.save()
    audit.record(
        actor=actor,
        action=AuditAction.PARTY_TERM_CREATED if created else AuditAction.PARTY_TERM_CHANGED,
        target=term,
        fields=list(changed_fields),
        extra={"unit": term.unit_id},
    )
    return term


@transaction.atomic
def document_template_save(
    *, actor: Actor, template: DocumentTemplate, changed_fields: Sequence[str] = ()
) -> DocumentTemplate:
    """Save an administrator's version of a template; from now on its text applies (while
    active). Raises ``PermissionDenied`` (``policies.can_edit_templates``) and
    ``ValidationError`` for malformed braces or fields the template may not use."""
    require(policies.can_edit_templates(actor))
    template.full_clean()
    template.customised = True
    template.updated_by = actor
    template.save()
    audit.record(
        actor=actor,
        action=AuditAction.TEMPLATE_CHANGED,
        target=template,
        fields=list(changed_fields),
        extra={"key": template.key, "active": template.active},
    )
    return template


def _copy_default(row: DocumentTemplate, default: templates.TemplateDefault) -> None:
    row.doc_type = str(default.doc_type)
    row.title = default.title
    row.summary = default.summary
    row.body = default.body
    row.recipients = "\n".join(default.recipients)
    row.placeholders = ", ".join(default.placeholders)


@transaction.atomic
def document_template_reset(*, actor: Actor, template: DocumentTemplate) -> DocumentTemplate:
    """Return a template to the platform's default text. Raises ``PermissionDenied`` and
    ``DocumentError`` when the key has no registered default."""
    require(policies.can_edit_templates(actor))
    default = templates.get_default(template.key)
    if default is None:
        raise DocumentError(templates.unknown_template_message(template.key))
    _copy_default(template, default)
    template.customised = False
    template.updated_by = actor
    template.save()
    audit.record(
        actor=actor, action=AuditAction.TEMPLATE_RESET, target=template, extra={"key": template.key}
    )
    return template


@transaction.atomic
def document_templates_sync(*, actor: Actor = audit.SYSTEM) -> tuple[int, int]:
    """Create a row for every registered default that has none, and refresh the text of rows no
    administrator has customised. Returns (created, refreshed); audited when anything changed."""
    rows = {row.key: row for row in DocumentTemplate.objects.select_for_update()}
    created = refreshed = 0
    for default in templates.registered_defaults():
        row = rows.get(default.key)
        if row is None:
            row = DocumentTemplate(key=default.key)
            _copy_default(row, default)
            row.save()
            created += 1
            continue
        if row.customised:
            continue
        before = (row.doc_type, row.title, row.summary, row.body, row.recipients, row.placeholders)
        _copy_default(row, default)
        after = (row.doc_type, row.title, row.summary, row.body, row.recipients, row.placeholders)
        if before != after:
            row.save()
            refreshed += 1
    if created or refreshed:
        audit.record(
            actor=actor,
            action=AuditAction.TEMPLATE_SYNCED,
            extra={"created": created, "refreshed": refreshed},
        )
    return created, refreshed
