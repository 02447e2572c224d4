"""Models of the documents context: issuers' settings, party terms, templates, issued documents."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any, Final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import Retention, RetentionClass
from danvan.documents import numbering, templates
from danvan.documents.types import DocumentType
from danvan.organizations.models import DocumentFormat, Unit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: Default margins (top, bottom, left, right) in mm: NĐ 30/2020 Phụ lục I allows 20–25, 20–25,
#: 30–35, 15–20; 36-HD/VPTW's figures were not verified, 20/20/30/15 is the common reading
#: (DOMAIN.md §5.2, §11.4).
DEFAULT_MARGINS_MM: Final[dict[DocumentFormat, tuple[int, int, int, int]]] = {
    DocumentFormat.ND30: (20, 20, 30, 15),
    DocumentFormat.HD36: (20, 20, 30, 15),
}
ND30_MARGIN_RANGES_MM: Final = {
    "margin_top_mm": (20, 25),
    "margin_bottom_mm": (20, 25),
    "margin_left_mm": (30, 35),
    "margin_right_mm": (15, 20),
}
MARGIN_FIELDS: Final = ("margin_top_mm", "margin_bottom_mm", "margin_left_mm", "margin_right_mm")

_symbol_validator = RegexValidator(
    r"^[^\W_]+$", _("Use letters and digits only, without spaces, hyphens or slashes.")
)


def _margin_field(label: StrOrPromise) -> models.PositiveSmallIntegerField:  # type: ignore[type-arg]
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(60)],
        help_text=_("In millimetres; empty for the format's default."),
    )


def _updated_by_field() -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class IssuerProfile(models.Model):
    """How a unit's documents are headed, numbered and signed.

    Units without a profile get fallbacks (``selectors.issuer_for``): the symbol from the unit's
    short name, the place from its province, the parent body from the tree.
    """

    retention = Retention(
        RetentionClass.OFFICIAL_RECORD, personal_fields=("signer_name", "updated_by")
    )

    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="issuer_profile"
    )
    symbol = models.CharField(
        _("issuer symbol"),
        max_length=30,
        validators=[_symbol_validator],
        help_text=_("Used in document numbers, e.g. UBND, TTr, TU, BTGDVTU."),
    )
    drafting_symbol = models.CharField(
        _("drafting unit symbol"),
        max_length=30,
        blank=True,
        validators=[_symbol_validator],
        help_text=_("For state official letters (công văn): Số: 05/UBND-TCD. May be empty."),
    )
    place = models.CharField(
        _("place name"),
        max_length=100,
        help_text=_("Printed before the date, e.g. Hà Nội."),
    )
    parent_body_line = models.CharField(
        _("parent body line"),
        max_length=255,
        blank=True,
        help_text=_(
            "The governing body printed above the issuing body, e.g. UBND THÀNH PHỐ HÀ NỘI or "
            "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI. May be empty."
        ),
    )
    body_line = models.CharField(
        _("issuing body line"),
        max_length=255,
        blank=True,
        help_text=_("The issuing body as printed in the header; empty for the unit's name."),
    )
    issuing_authority = models.CharField(
        _("issuing authority"),
        max_length=255,
        blank=True,
        help_text=_(
            "Printed above the grounds of a decision, e.g. CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ "
            "NỘI; empty for the issuing body."
        ),
    )
    signer_authority = models.CharField(
        _("default signing authority"),
        max_length=150,
        blank=True,
        help_text=_("e.g. T/M ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, T/M BAN THƯỜNG VỤ."),
    )
    signer_position = models.CharField(_("default signer's position"), max_length=150, blank=True)
    signer_name = models.CharField(_("default signer's name"), max_length=150, blank=True)
    margin_top_mm = _margin_field(_("top margin"))
    margin_bottom_mm = _margin_field(_("bottom margin"))
    margin_left_mm = _margin_field(_("left margin"))
    margin_right_mm = _margin_field(_("right margin"))
    party_date_zero_pad = models.BooleanField(
        _("zero-pad party dates"),
        default=True,
        help_text=_(
            "Party format only: write ngày 05 tháng 02 (as state documents) rather than ngày 5 "
            "tháng 2."
        ),
    )
    archive_line = models.CharField(
        _("archive line"),
        max_length=150,
        blank=True,
        help_text=_("The last recipient line; empty for “Lưu: VT”."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = _updated_by_field()

    class Meta:
        verbose_name = _("issuer profile")
        verbose_name_plural = _("issuer profiles")

    def __str__(self) -> str:
        return f"{self.unit} ({self.symbol})"

    def margins_mm(self) -> tuple[int, int, int, int]:
        defaults = DEFAULT_MARGINS_MM[self.unit.resolved_document_format]
        values = [getattr(self, f) for f in MARGIN_FIELDS]
        return tuple(v if v is not None else d for v, d in zip(values, defaults, strict=True))  # type: ignore[return-value]

    def clean(self) -> None:
        unit_id: int | None = self.unit_id
        if unit_id is None or self.unit.resolved_document_format != DocumentFormat.ND30:
            return
        errors: dict[str, ValidationError] = {}
        for field, (low, high) in ND30_MARGIN_RANGES_MM.items():
            value = getattr(self, field)
            if value is not None and not low <= value <= high:
                errors[field] = ValidationError(
                    _("Decree 30/2020 allows %(low)s to %(high)s mm here."),
                    params={"low": low, "high": high},
                )
        if errors:
            raise ValidationError(errors)


class PartyTerm(models.Model):
    """A party committee's term (nhiệm kỳ): party documents are numbered from 01 per type
    through one term (36-HD/VPTW Part II point 1.3.1). The term runs from the day after the
    congress closes to the day the next one closes (``ends_on``, inclusive; empty while it runs).

    Bodies set up by a committee (its boards, office, inspection committee) number through the
    committee's term: a unit without a term of its own uses the nearest one above it in the tree.
    """

    retention = Retention(
        RetentionClass.OFFICIAL_RECORD,
        personal_fields=("updated_by",),
        not_personal={"name": "the term, e.g. 2025-2030"},
    )

    unit = models.ForeignKey(
        Unit, verbose_name=_("party body"), on_delete=models.PROTECT, related_name="party_terms"
    )
    name = models.CharField(_("term"), max_length=50, help_text=_("e.g. 2025-2030."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        help_text=_(
            "The closing day of the next congress (the term's last day); empty until then."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = _updated_by_field()

    class Meta:
        ordering = ["unit_id", "-starts_on"]
        verbose_name = _("party term")
        verbose_name_plural = _("party terms")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="partyterm_unique_name"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="partyterm_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.name}"

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def clean(self) -> None:
        unit_id: int | None = self.unit_id
        starts_on: dt.date | None = self.starts_on
        if unit_id is None or starts_on is None:
            return
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A term cannot end before it starts.")})
        others = PartyTerm.objects.filter(unit_id=self.unit_id).exclude(pk=self.pk)
        overlapping = others.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=self.starts_on))
        if self.ends_on is not None:
            overlapping = overlapping.filter(starts_on__lte=self.ends_on)
        if overlapping.exists():
            raise ValidationError(_("This term overlaps another term of the same body."))


class DocumentTemplate(models.Model):
    """An administrator's version of a registered template (``templates.TemplateDefault``).

    Rows are created for the registered defaults (``danvan document_templates --sync`` or on
    opening the admin list) with ``customised`` off: the code's text applies. Saving a row in the
    admin switches ``customised`` on and its text applies while ``active``.
    """

    retention = Retention(RetentionClass.OFFICIAL_RECORD, personal_fields=("updated_by",))

    key = models.CharField(_("key"), max_length=100, unique=True)
    doc_type = models.CharField(_("document type"), max_length=30, choices=DocumentType.choices)
    title = models.CharField(
        _("document type name"),
        max_length=255,
        blank=True,
        help_text=_("Printed in capitals, e.g. THÔNG BÁO; empty for an official letter."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=500,
        blank=True,
        help_text=_("Trích yếu, e.g. Về việc thụ lý giải quyết khiếu nại; V/v ... for a công văn."),
    )
    body = models.TextField(_("body"), help_text=_("One paragraph per line."))
    recipients = models.TextField(
        _("default recipients"), blank=True, help_text=_("One recipient per line.")
    )
    placeholders = models.CharField(
        _("fields"),
        max_length=1000,
        blank=True,
        help_text=_("The fields this template may use, set by the platform."),
    )
    customised = models.BooleanField(_("customised"), default=False)
    active = models.BooleanField(
        _("use this version"),
        default=True,
        help_text=_("When off, the platform's default text is used."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = _updated_by_field()

    class Meta:
        ordering = ["key"]
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")

    def __str__(self) -> str:
        return self.key

    def allowed_placeholders(self) -> tuple[str, ...]:
        default = templates.get_default(self.key)
        if default is not None:
            return default.placeholders
        return tuple(p.strip() for p in self.placeholders.split(",") if p.strip())

    def recipient_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.recipients.splitlines() if line.strip())

    def clean(self) -> None:
        allowed = self.allowed_placeholders()
        errors: dict[str, ValidationError] = {}
        for field in ("title", "summary", "body", "recipients"):
            try:
                templates.check(getattr(self, field) or "", allowed)
            except templates.TemplateError as exc:
                errors[field] = ValidationError(str(exc.message))
        if errors:
            raise ValidationError(errors)


def document_upload_to(instance: IssuedDocument, filename: str) -> str:
    """``documents/<year>/<random>.docx``: nothing about the content in the file's name."""
    day = instance.issued_on or instance.drafted_on or timezone.localdate()
    return f"documents/{day.year}/{uuid.uuid4().hex}.docx"


def document_pdf_upload_to(instance: IssuedDocument, filename: str) -> str:
    """``documents/<year>/<random>.pdf``, as for the DOCX."""
    day = instance.issued_on or instance.drafted_on or timezone.localdate()
    return f"documents/{day.year}/{uuid.uuid4().hex}.pdf"


class DocumentStatus(models.TextChoices):
    """Where a document stands between its approved draft and the outgoing register (NĐ 30/2020
    Arts. 13–15): it is signed first, then numbered, dated and issued by the clerk."""

    AWAITING_SIGNATURE = "awaiting_signature", _("Awaiting signature")
    SIGNED = "signed", _("Signed, awaiting issue")
    ISSUED = "issued", _("Issued")


class SignatureMethod(models.TextChoices):
    """How the signer signed: a digital signature (PAdES, checked) or by hand on paper."""

    DIGITAL = "digital", _("Digital signature")
    PAPER = "paper", _("Signed on paper")


class DocumentImmutableError(Exception):
    """An issued document was about to be changed or deleted."""


#: The fields that change while a document goes from its draft to its issue (``issuing``).
LIFECYCLE_FIELDS: Final = frozenset(
    {
        "status",
        "number",
        "symbol",
        "series_key",
        "issued_on",
        "file",
        "sha256",
        "pdf_file",
        "pdf_sha256",
        "signature_method",
        "signed_at",
        "signed_by",
        "signer_certificate",
        "seal_certificate",
        "issued_by",
        "issued_at",
        "draft_pdf_sha256",
        "draft_pdf_size",
    }
)


class IssuedDocument(models.Model):
    """An entry of the outgoing register (sổ văn bản đi): a rendered document, from its approved
    draft (``status`` awaiting signature: no number, no date of issue) through its signature to
    its issue, when the clerk numbers and dates it (NĐ 30/2020 Art. 15).

    A digitally signed document keeps its PDF (``pdf_file``): the draft's PDF with empty number
    and date fields, then the PDF the signer signed, then the issued original, where the number
    and date fill those fields and the organisation's signature covers the whole file. Each
    stage only appends to the file before it, so the signer's signature stays valid.

    Immutable once issued: only ``replaced_by`` may be set later (when the document is reissued).
    ``target_type``/``target_id`` name what the document is about ("letters.case", "42") without
    a foreign key into another context. ``restricted`` documents carry personal data: their file
    is served only by the owning context (``services.document_file_response`` after its checks).
    """

    retention = Retention(
        RetentionClass.CASE_FILE,
        personal_fields=(
            "summary",
            "recipients",
            "file",
            "pdf_file",
            "created_by",
            "signer_user",
            "signed_by",
            "issued_by",
        ),
        note="A notice to a complainant or denouncer names them in its recipients and its file.",
    )

    unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+"
    )
    document_format = models.CharField(
        _("document format"), max_length=10, choices=DocumentFormat.choices
    )
    doc_type = models.CharField(_("document type"), max_length=30, choices=DocumentType.choices)
    template_key = models.CharField(_("template"), max_length=100)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DocumentStatus.choices,
        default=DocumentStatus.AWAITING_SIGNATURE,
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    symbol = models.CharField(_("number and symbol"), max_length=80, blank=True)
    series_key = models.CharField(_("series"), max_length=200, blank=True)
    drafted_on = models.DateField(_("drafted on"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    signer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("to be signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: any leader of the issuing unit may sign."),
    )
    signer_line = models.CharField(_("signature block"), max_length=400, blank=True)
    signature_method = models.CharField(
        _("signature"), max_length=10, choices=SignatureMethod.choices, blank=True
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signer_certificate = models.CharField(_("signer's certificate"), max_length=500, blank=True)
    seal_certificate = models.CharField(_("organisation's certificate"), max_length=500, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("numbered and issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    pdf_file = models.FileField(
        _("PDF"), upload_to=document_pdf_upload_to, max_length=255, blank=True
    )
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    draft_pdf_sha256 = models.CharField(
        _("SHA-256 of the PDF sent for signature"), max_length=64, blank=True
    )
    draft_pdf_size = models.PositiveIntegerField(
        _("size of the PDF sent for signature"), null=True, blank=True
    )
    title = models.CharField(_("document type name"), max_length=255, blank=True)
    summary = models.TextField(_("summary"))
    recipients = models.TextField(_("recipients"), blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    target_type = models.CharField(_("about (type)"), max_length=100, blank=True)
    target_id = models.CharField(_("about (id)"), max_length=64, blank=True)
    confidential = models.BooleanField(_("confidential"), default=False)
    restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_("Carries personal data: only the context that issued it serves the file."),
    )
    to_replace = models.ForeignKey(
        "self",
        verbose_name=_("replaces, once issued"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the platform issued it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-created_at", "-pk"]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        constraints = [
            models.UniqueConstraint(
                fields=["series_key", "number"], name="issueddocument_unique_number"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "issued_on"]),
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["unit", "status"]),
            # Found by its number and symbol ("12/QĐ-UBND"), e.g. by the letters search.
            models.Index(fields=["symbol"]),
        ]

    def __str__(self) -> str:
        return self.symbol

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Issued documents are records: the only later change is the link to a replacement.
        # Before the issue, the signature and the issue fill in their own fields, nothing else.
        if not self._state.adding:
            fields = set(kwargs.get("update_fields") or ())
            stored = IssuedDocument.objects.filter(pk=self.pk).values_list("status", flat=True)
            in_progress = stored.first() != DocumentStatus.ISSUED
            if fields != {"replaced_by"} and not (
                in_progress and fields and fields <= LIFECYCLE_FIELDS
            ):
                raise DocumentImmutableError("An issued document cannot be changed.")
        super().save(*args, **kwargs)

    @property
    def is_issued(self) -> bool:
        return self.status == DocumentStatus.ISSUED

    @property
    def display_symbol(self) -> str:
        """The number and symbol, or the status while the document has none yet."""
        return self.symbol or str(self.get_status_display())

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise DocumentImmutableError("An issued document cannot be deleted.")

    @property
    def number_line(self) -> str:
        return numbering.number_line(self.symbol, DocumentFormat(self.document_format))

    def recipient_lines(self) -> list[str]:
        return [line for line in self.recipients.splitlines() if line.strip()]


class TrustedCertificate(models.Model):
    """A certification authority whose certificates the deployment accepts on signed documents,
    e.g. the Ban Cơ yếu Chính phủ's CA for state bodies. Kept by administrators; a signature is
    accepted only when its certificate chains to an active entry, and nothing is fetched from the
    network while checking."""

    retention = Retention(
        RetentionClass.OFFICIAL_RECORD,
        personal_fields=("added_by",),
        not_personal={"name": "the name of a certification authority, a body"},
    )

    name = models.CharField(_("name"), max_length=200)
    certificate_pem = models.TextField(_("certificate (PEM)"))
    subject = models.CharField(_("subject"), max_length=500, editable=False)
    fingerprint = models.CharField(
        _("SHA-256 fingerprint"), max_length=64, unique=True, editable=False
    )
    not_after = models.DateTimeField(_("valid until"), editable=False)
    active = models.BooleanField(_("trusted"), default=True)
    added_by = _updated_by_field()
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("trusted certification authority")
        verbose_name_plural = _("trusted certification authorities")

    def __str__(self) -> str:
        return self.name


class SigningKeyOwner(models.TextChoices):
    UNIT = "unit", _("The organisation (its digital seal)")
    PERSON = "person", _("A person (the signer)")


def signing_key_upload_to(instance: SigningKey, filename: str) -> str:
    return f"signing-keys/{uuid.uuid4().hex}.p12"


class SigningKey(models.Model):
    """A PKCS#12 file (certificate and its key, protected by a passphrase) for signing on the
    server: a unit's organisation certificate, used by its clerk when issuing, or a person's own.
    The passphrase is never stored: it is typed each time, as a token's PIN is."""

    retention = Retention(
        RetentionClass.OFFICIAL_RECORD, personal_fields=("user", "added_by", "subject")
    )

    owner = models.CharField(_("owner"), max_length=10, choices=SigningKeyOwner.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pkcs12 = models.FileField(_("PKCS#12 file"), upload_to=signing_key_upload_to, max_length=255)
    subject = models.CharField(_("certificate subject"), max_length=500, editable=False)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, editable=False)
    not_after = models.DateTimeField(_("valid until"), editable=False)
    active = models.BooleanField(_("in use"), default=True)
    added_by = _updated_by_field()
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["unit_id", "owner"]
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner="unit") & Q(user__isnull=True))
                | (Q(owner="person") & Q(user__isnull=False)),
                name="signingkey_owner_matches",
            ),
        ]

    def __str__(self) -> str:
        return self.subject
