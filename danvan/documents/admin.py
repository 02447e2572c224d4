"""The admin site for documents: issuer profiles and party terms (kept by each unit's
administrators, scoped to their units), the shared templates, and the outgoing register
(read-only; files that are neither restricted nor confidential can be downloaded; a restricted
document shows neither its file nor its summary and recipients, to superusers neither, and the
register shows a unit's documents only to people holding a role there).

Saves go through ``services`` so that they are checked and audited the same way everywhere.
Nothing here can be deleted.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import ApplicationError
from danvan.documents import issuing, policies, services, signing, templates
from danvan.documents.models import (
    DocumentTemplate,
    IssuedDocument,
    IssuerProfile,
    PartyTerm,
    SigningKey,
    TrustedCertificate,
)
from danvan.documents.types import FileFormat
from danvan.organizations import policies as org_policies
from danvan.organizations.models import Unit
from danvan.organizations.roles import Role


def _admin_unit_ids(request: HttpRequest) -> set[int] | None:
    """Units the person administers today; None for a superuser (no limit): issuer profiles,
    party terms and templates are the deployment's settings, not its documents."""
    if request.user.is_superuser:
        return None
    return org_policies.unit_ids_where(request.user, Role.ADMINISTRATOR)


def _save_with(request: HttpRequest, func: Any, **kwargs: Any) -> None:
    """Save through the service ``func`` as the person."""
    try:
        func(actor=request.user, **kwargs)
    except ValidationError as exc:  # the form validated already; a race may still refuse
        raise PermissionDenied("; ".join(exc.messages)) from exc


class UnitScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Rows and unit choices limited to the units the person administers; saved through a
    service; never deleted."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request).select_related("unit")
        ids = _admin_unit_ids(request)
        return qs if ids is None else qs.filter(unit_id__in=ids)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "unit":
            ids = _admin_unit_ids(request)
            if ids is not None:
                kwargs["queryset"] = Unit.objects.filter(pk__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(IssuerProfile)
class IssuerProfileAdmin(UnitScopedAdmin):
    list_display = ("unit", "symbol", "place", "signer_authority", "updated_at")
    search_fields = ("unit__name", "symbol", "place")
    readonly_fields = ("updated_at", "updated_by")
    fieldsets = (
        (None, {"fields": ("unit", "symbol", "drafting_symbol", "place")}),
        (_("Header"), {"fields": ("parent_body_line", "body_line", "issuing_authority")}),
        (_("Signature"), {"fields": ("signer_authority", "signer_position", "signer_name")}),
        (
            _("Page"),
            {
                "fields": (
                    "margin_top_mm",
                    "margin_bottom_mm",
                    "margin_left_mm",
                    "margin_right_mm",
                    "party_date_zero_pad",
                    "archive_line",
                )
            },
        ),
        (_("Changes"), {"fields": ("updated_at", "updated_by")}),
    )

    def save_model(
        self, request: HttpRequest, obj: IssuerProfile, form: ModelForm[Any], change: bool
    ) -> None:
        _save_with(
            request, services.issuer_profile_save, profile=obj, changed_fields=form.changed_data
        )


@admin.register(PartyTerm)
class PartyTermAdmin(UnitScopedAdmin):
    list_display = ("unit", "name", "starts_on", "ends_on")
    search_fields = ("unit__name", "name")
    readonly_fields = ("updated_at", "updated_by")
    fields = ("unit", "name", "starts_on", "ends_on", "updated_at", "updated_by")

    def save_model(
        self, request: HttpRequest, obj: PartyTerm, form: ModelForm[Any], change: bool
    ) -> None:
        _save_with(request, services.party_term_save, term=obj, changed_fields=form.changed_data)


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("key", "doc_type", "title", "summary", "customised", "active", "updated_at")
    list_filter = ("doc_type", "customised", "active")
    search_fields = ("key", "title", "summary")
    readonly_fields = ("key", "placeholders", "customised", "updated_at", "updated_by")
    fields = (
        "key",
        "placeholders",
        "doc_type",
        "title",
        "summary",
        "body",
        "recipients",
        "active",
        "customised",
        "updated_at",
        "updated_by",
    )
    actions = ("reset_to_default",)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Every registered default appears in the list (rows created once, idempotent).
        services.document_templates_sync(actor=request.user)
        return super().changelist_view(request, extra_context)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and templates.get_default(obj.key) is not None:  # type: ignore[attr-defined]
            fields.append("doc_type")  # the calling code fixes the type of a registered template
        return fields

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "body" in form.base_fields:
            allowed = sorted(set(obj.allowed_placeholders()) | templates.BUILTIN_PLACEHOLDERS)
            form.base_fields["body"].help_text = _(
                "One paragraph per line. Fields you may use: %(fields)s. Write {{ and }} for "
                "literal braces."
            ) % {"fields": ", ".join(f"{{{name}}}" for name in allowed)}
        return form

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # templates come from the code's registered defaults

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and policies.can_edit_templates(
            request.user
        )

    def save_model(
        self, request: HttpRequest, obj: DocumentTemplate, form: ModelForm[Any], change: bool
    ) -> None:
        _save_with(
            request, services.document_template_save, template=obj, changed_fields=form.changed_data
        )

    @admin.action(description=_("Return the selected templates to the default text"))
    def reset_to_default(self, request: HttpRequest, queryset: QuerySet[DocumentTemplate]) -> None:
        if not policies.can_edit_templates(request.user):
            raise PermissionDenied
        done = 0
        for template in queryset:
            try:
                services.document_template_reset(actor=request.user, template=template)
            except ApplicationError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request, _("Templates returned to the default text: %(n)s.") % {"n": done}
            )


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The outgoing register, read-only."""

    list_display = ("symbol", "issued_on", "unit", "doc_type", "summary_shown", "download")
    list_filter = ("doc_type", "document_format", "confidential", "restricted")
    search_fields = ("symbol",)  # never the summary: a restricted one could be found by a name
    date_hierarchy = "issued_on"
    list_select_related = ("unit",)
    exclude = ("file", "pdf_file")

    def get_queryset(self, request: HttpRequest) -> QuerySet[IssuedDocument]:
        return policies.visible_documents(request.user).select_related("unit")

    #: What a restricted document shows of itself nowhere in the admin: its summary and its
    #: recipients may name the people in a letter (a denouncer among them: Luật Tố cáo 2018
    #: Arts. 8(3), 47); the case file shows them to those who may read it.
    RESTRICTED_HIDDEN: Any = ("summary", "recipients")

    def get_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        hidden = ("id", "file", "pdf_file")
        names = [f.name for f in IssuedDocument._meta.fields if f.name not in hidden]
        if isinstance(obj, IssuedDocument) and obj.restricted:
            names = [n for n in names if n not in self.RESTRICTED_HIDDEN] + ["summary_shown"]
        return [*names, "download"]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        return self.get_fields(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    @admin.display(description=_("summary"))
    def summary_shown(self, obj: IssuedDocument) -> str:
        if obj.restricted:
            return str(_("With the case file"))
        return str(_("Confidential")) if obj.confidential else obj.summary[:120]

    @admin.display(description=_("file"))
    def download(self, obj: IssuedDocument) -> str:
        if obj.restricted:
            return str(_("With the case file"))
        if obj.confidential:
            return "—"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:documents_issueddocument_download", args=[obj.pk]),
            _("DOCX"),
            reverse("admin:documents_issueddocument_download_pdf", args=[obj.pk]),
            _("PDF"),
        )

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="documents_issueddocument_download",
            ),
            path(
                "<int:pk>/download/pdf/",
                self.admin_site.admin_view(self.download_view),
                {"file_format": FileFormat.PDF},
                name="documents_issueddocument_download_pdf",
            ),
        ]
        return extra + super().get_urls()

    def download_view(
        self, request: HttpRequest, pk: int, file_format: str = FileFormat.DOCX
    ) -> HttpResponseBase:
        if not self.has_view_permission(request):
            raise PermissionDenied
        document = self.get_queryset(request).filter(pk=pk).first()
        if document is None:
            raise Http404
        if not policies.can_download_from_register(request.user, document):
            raise PermissionDenied
        try:
            return services.document_file_response(
                document, actor=request.user, file_format=file_format
            )
        except services.DocumentError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return redirect("admin:documents_issueddocument_changelist")


class TrustedCertificateForm(ModelForm):  # type: ignore[type-arg]
    upload = forms.FileField(
        label=_("certificate file"),
        required=False,
        help_text=_("The CA's certificate, PEM or DER (.cer, .crt, .pem)."),
    )

    class Meta:
        model = TrustedCertificate
        fields = ("name", "active")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload is None and not self.instance.pk:
            raise ValidationError({"upload": _("Choose the certificate file.")})
        if upload is not None:
            try:
                self.info = signing.certificate_info(upload.read(65536))
                upload.seek(0)
                self.pem = signing.certificate_pem(upload.read(65536))
            except (signing.SigningError, ValueError) as exc:
                raise ValidationError({"upload": str(exc)}) from exc
            if not self.info.is_ca:
                raise ValidationError(
                    {"upload": _("This certificate is not a certification authority's.")}
                )
        return data


@admin.register(TrustedCertificate)
class TrustedCertificateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The trust list: the certification authorities whose signatures are accepted."""

    form = TrustedCertificateForm
    list_display = ("name", "subject", "not_after", "active")
    readonly_fields = ("subject", "fingerprint", "not_after", "added_by", "added_at")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return policies.can_manage_trust(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return policies.can_manage_trust(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return policies.can_manage_trust(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return policies.can_manage_trust(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        _save_with(
            request,
            issuing.trusted_certificate_save,
            certificate=obj,
            pem=getattr(form, "pem", None),
            changed_fields=form.changed_data,
        )


class SigningKeyForm(ModelForm):  # type: ignore[type-arg]
    upload = forms.FileField(label=_("PKCS#12 file (.p12, .pfx)"), required=False)
    passphrase = forms.CharField(
        label=_("its passphrase, to check the file"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text=_("Checked now and never stored: it is typed each time the key signs."),
    )

    class Meta:
        model = SigningKey
        fields = ("owner", "unit", "user", "active")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload is None and not self.instance.pk:
            raise ValidationError({"upload": _("Choose the key file.")})
        if upload is not None:
            self.content = upload.read(1024 * 1024)
            try:
                self.info = signing.load_pkcs12(self.content, data.get("passphrase") or "")
            except signing.SigningError as exc:
                raise ValidationError({"passphrase": str(exc)}) from exc
        owner, user = data.get("owner"), data.get("user")
        if owner == "person" and user is None:
            raise ValidationError({"user": _("Choose the person whose key this is.")})
        if owner == "unit" and user is not None:
            raise ValidationError({"user": _("An organisation's key belongs to no person.")})
        return data


@admin.register(SigningKey)
class SigningKeyAdmin(UnitScopedAdmin):
    """Keys kept on the server for signing, per unit (its seal) or per person."""

    form = SigningKeyForm
    list_display = ("subject", "owner", "unit", "user", "not_after", "active")
    readonly_fields = ("subject", "fingerprint", "not_after", "added_by", "added_at")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        _save_with(
            request,
            issuing.signing_key_save,
            key=obj,
            content=getattr(form, "content", None),
            info=getattr(form, "info", None),
            changed_fields=form.changed_data,
        )
