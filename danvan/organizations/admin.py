"""The admin site for organisation data.

Every change that matters goes through ``services`` (so it is checked, validated and audited the
same way as anywhere else): creating a unit, a link or a membership, editing a unit, a competence, a
field or a commune's legal attributes; the list actions dissolve units, end links and revoke
memberships. Nothing here can be deleted. Administrators who are not superusers see and choose only
the units in their scope (their unit and those below it today).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from danvan.accounts.models import User
from danvan.core.actors import Viewer
from danvan.organizations import policies, services
from danvan.organizations.models import (
    Competence,
    Delegation,
    Field,
    Membership,
    Province,
    Unit,
    UnitLink,
    Ward,
)
from danvan.organizations.models.dated import active_q, today
from danvan.organizations.roles import LEADERSHIP_POSITIONS, Role, needs_second_approval


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - the admin site only lets signed-in users in
    return user


def _scope_ids(request: HttpRequest) -> set[int] | None:
    """Unit ids the person administers today, or None for a superuser (no limit)."""
    user = request.user
    if user.is_superuser:
        return None
    return policies.unit_ids_where(user, Role.ADMINISTRATOR)


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("active", _("In effect today")),
            ("ended", _("Ended")),
            ("future", _("Not started")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        day = today()
        if self.value() == "active":
            return queryset.filter(active_q(day))
        if self.value() == "ended":
            return queryset.filter(effective_to__lte=day)
        if self.value() == "future":
            return queryset.filter(effective_from__gt=day)
        return queryset


class ScopedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Limit rows and unit choices to the administrator's scope; never delete."""

    scope_path = "unit"
    unit_fields: tuple[str, ...] = ("unit",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        ids = _scope_ids(request)
        return qs if ids is None else qs.filter(**{f"{self.scope_path}__in": ids})

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in self.unit_fields:
            ids = _scope_ids(request)
            if ids is not None:
                kwargs["queryset"] = Unit.objects.filter(pk__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _run(self, request: HttpRequest, func: Any, **kwargs: Any) -> bool:
        try:
            func(actor=_actor(request), **kwargs)
        except (ValidationError, PermissionDenied) as exc:
            text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.message_user(request, text or _("You are not allowed to do this."), messages.ERROR)
            return False
        return True


# --- Units ---------------------------------------------------------------------------------------


class UnitAddForm(ModelForm):  # type: ignore[type-arg]
    parent = forms.ModelChoiceField(
        queryset=Unit.objects.all(),
        required=False,
        label=_("parent unit"),
        help_text=_("The unit it belongs to from its first day. Only superusers create top units."),
    )
    actor: Viewer | None = None

    class Meta:
        model = Unit
        fields = services.UNIT_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.actor is not None and not policies.is_superuser(self.actor):
            parent_field = cast("forms.ModelChoiceField", self.fields["parent"])  # type: ignore[type-arg]
            parent_field.queryset = Unit.objects.filter(
                pk__in=policies.unit_ids_where(self.actor, Role.ADMINISTRATOR)
            )
            self.fields["parent"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parent = data.get("parent")
        start, end = data.get("effective_from"), data.get("effective_to")
        if parent is not None and start is not None and not parent.covers(start, end):
            self.add_error("parent", _("The parent unit does not exist for the whole period."))
        return data


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    scope_path = "pk"
    unit_fields = ()
    list_display = ("name", "code", "kind", "level", "province", "effective_from", "effective_to")
    list_filter = (StatusFilter, "kind", "level", "document_format")
    search_fields = ("name", "short_name", "code", "identifier_code")
    autocomplete_fields = ("province", "ward")
    list_select_related = ("province",)
    actions = ("dissolve_today",)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "code", "identifier_code", "kind", "level")}),
        (_("Documents and area"), {"fields": ("document_format", "province", "ward")}),
        (_("Office contacts"), {"fields": ("address", "phone", "email")}),
        (_("Period"), {"fields": ("effective_from", "effective_to", "succeeded_by")}),
    )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ((_("Place in the tree"), {"fields": ("parent",)}), *self.fieldsets)
        return self.fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ("succeeded_by",)
        return ("effective_from", "effective_to", "succeeded_by")

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = type("BoundUnitAddForm", (UnitAddForm,), {"actor": request.user})
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        actor = _actor(request)
        if change:
            data = {
                f: form.cleaned_data[f]
                for f in form.changed_data
                if f in services.UNIT_UPDATABLE_FIELDS
            }
            services.unit_update(actor=actor, unit=obj, data=data)
            return
        fields = {f: form.cleaned_data.get(f) for f in services.UNIT_FIELDS}
        for text in (
            "short_name",
            "identifier_code",
            "document_format",
            "email",
            "phone",
            "address",
        ):
            fields[text] = fields[text] or ""
        unit = services.unit_create(actor=actor, parent=form.cleaned_data.get("parent"), **fields)
        obj.pk = unit.pk
        obj._state.adding = False
        obj._state.db = unit._state.db

    @admin.action(description=_("Dissolve the selected units as of today"))
    def dissolve_today(self, request: HttpRequest, queryset: QuerySet[Unit]) -> None:
        done = sum(
            self._run(request, services.unit_dissolve, unit=unit, on=today()) for unit in queryset
        )
        if done:
            self.message_user(
                request,
                ngettext("%(count)d unit dissolved.", "%(count)d units dissolved.", done)
                % {"count": done},
            )


@admin.register(UnitLink)
class UnitLinkAdmin(ScopedAdmin):
    scope_path = "child"
    unit_fields = ("parent", "child")
    list_display = ("child", "parent", "effective_from", "effective_to", "directs", "note")
    list_filter = (StatusFilter,)
    search_fields = ("child__name", "parent__name", "note")
    list_select_related = ("child", "parent")
    actions = ("end_today",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return ("parent", "child", "effective_from", "effective_to", "directs", "note")

    def save_model(self, request: HttpRequest, obj: UnitLink, form: Any, change: bool) -> None:
        if change:
            return  # every field is read-only: links end through the list action
        link = services.unit_link(
            actor=_actor(request),
            child=obj.child,
            parent=obj.parent,
            on=obj.effective_from,
            until=obj.effective_to,
            note=obj.note,
        )
        obj.pk = link.pk
        obj._state.adding = False

    @admin.action(description=_("End the selected links as of today"))
    def end_today(self, request: HttpRequest, queryset: QuerySet[UnitLink]) -> None:
        for link in queryset:
            self._run(request, services.unit_unlink, link=link, on=today())


# --- Competences ---------------------------------------------------------------------------------


@admin.register(Competence)
class CompetenceAdmin(ScopedAdmin):
    list_display = ("unit", "letter_kind", "matter", "effective_from", "effective_to")
    list_filter = (StatusFilter, "letter_kind", "matter")
    search_fields = ("unit__name", "legal_basis")
    autocomplete_fields = ("unit", "fields", "provinces", "wards")
    list_select_related = ("unit",)

    def save_model(self, request: HttpRequest, obj: Competence, form: Any, change: bool) -> None:
        services.competence_save(actor=_actor(request), competence=obj)


# --- Memberships ---------------------------------------------------------------------------------


def _propose_instead(data: Mapping[str, Any]) -> SafeString:
    """The refusal of a grant that needs a second administrator, with a link to the page that
    proposes it (filled in with what was entered)."""
    query = {
        "unit": getattr(data.get("unit"), "pk", ""),
        "username": getattr(data.get("user"), "username", ""),
        "role": data.get("role") or "",
        "position": data.get("position") or "",
        "position_title": data.get("position_title") or "",
    }
    url = (
        reverse("workflow:proposal-role-grant")
        + "?"
        + urlencode({k: v for k, v in query.items() if v})
    )
    return format_html(
        '{} <a href="{}">{}</a>',
        _(
            "This role or place reads the identity of people who denounce or approves "
            "decisions: nobody gives it here, superusers included. A second administrator "
            "must approve it."
        ),
        url,
        _("Propose the role grant"),
    )


class MembershipAddForm(ModelForm):  # type: ignore[type-arg]
    """A new membership; roles that read denouncers' identities or approve decisions (and the
    places of head and deputy head) are refused with a link to the role-grant proposal, the only
    way to give them (``roles.needs_second_approval``; Luật Tố cáo 2018 Arts. 8(3), 47)."""

    actor: Viewer | None = None

    class Meta:
        model = Membership
        fields = (
            "user", "unit", "role", "position", "position_title", "effective_from",
            "effective_to",
        )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit = data.get("unit")
        if unit is not None and not policies.can_manage_memberships(self.actor, unit):
            self.add_error("unit", _("You cannot manage the members of this unit."))
        role = data.get("role")
        if role and needs_second_approval(role, data.get("position") or ""):
            raise ValidationError(_propose_instead(data), code="needs_second_approval")
        return data


class MembershipChangeForm(ModelForm):  # type: ignore[type-arg]
    """Corrections of a membership (its title, its place in the leadership); its person, unit,
    role and dates are read-only. Making someone head or deputy head is refused like a grant."""

    class Meta:
        model = Membership
        fields = ("position", "position_title")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        position = data.get("position") or ""
        if "position" in self.changed_data and position in LEADERSHIP_POSITIONS:
            instance = self.instance
            raise ValidationError(
                _propose_instead(
                    {
                        "unit": instance.unit,
                        "user": instance.user,
                        "role": instance.role,
                        "position": position,
                        "position_title": data.get("position_title"),
                    }
                ),
                code="needs_second_approval",
            )
        return data


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = (
        "user", "unit", "role", "position", "position_title", "effective_from", "effective_to",
    )  # fmt: skip
    list_filter = (StatusFilter, "role", "position")
    search_fields = ("user__username", "user__full_name", "unit__name", "position_title")
    raw_id_fields = ("user",)
    autocomplete_fields = ("unit",)
    list_select_related = ("user", "unit")
    actions = ("revoke_today",)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = type(
                "BoundMembershipAddForm", (MembershipAddForm,), {"actor": request.user}
            )
        else:
            kwargs["form"] = MembershipChangeForm
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return ("user", "unit", "role", "effective_from", "effective_to")

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        actor = _actor(request)
        if change:
            services.membership_update(
                actor=actor, membership=obj, position_title=obj.position_title,
                position=obj.position,
            )  # fmt: skip
            return
        membership = services.membership_grant(
            actor=actor,
            user=obj.user,
            unit=obj.unit,
            role=obj.role,
            effective_from=obj.effective_from,
            effective_to=obj.effective_to,
            position_title=obj.position_title,
            position=obj.position,
        )
        obj.pk = membership.pk
        obj._state.adding = False

    @admin.action(description=_("Revoke the selected roles as of today"))
    def revoke_today(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.select_related("unit", "user"):
            self._run(request, services.membership_revoke, membership=membership, on=today())


@admin.register(Delegation)
class DelegationAdmin(ScopedAdmin):
    list_display = ("deputy", "unit", "document", "effective_from", "effective_to")
    list_filter = (StatusFilter,)
    search_fields = ("deputy__username", "deputy__full_name", "unit__name", "document")
    raw_id_fields = ("deputy",)
    autocomplete_fields = ("unit",)
    list_select_related = ("deputy", "unit")
    exclude = ("assigned_by",)

    def save_model(self, request: HttpRequest, obj: Delegation, form: Any, change: bool) -> None:
        services.delegation_save(actor=_actor(request), delegation=obj)


# --- Fields and administrative areas -------------------------------------------------------------


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "parent", "position", "active")
    list_filter = ("active", ("parent", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "code")
    list_select_related = ("parent",)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Field, form: Any, change: bool) -> None:
        services.field_save(actor=_actor(request), field=obj)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: provinces come from the official data (``danvan load_admin_units``)."""

    list_display = (
        "code",
        "name",
        "division_type",
        "data_version",
        "effective_from",
        "effective_to",
    )
    list_filter = ("division_type",)
    search_fields = ("code", "name", "codename")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Names and codes come from the official data; administrators set only the attributes the law
    attaches to a commune (remote area, border, island, mountainous, ethnic minority)."""

    list_display = (
        "code",
        "name",
        "province",
        "division_type",
        "remote_area",
        "border_area",
        "island",
        "mountainous",
        "ethnic_minority_area",
    )
    list_filter = (
        "division_type",
        "remote_area",
        "border_area",
        "island",
        "mountainous",
        "ethnic_minority_area",
        "province",
    )
    search_fields = ("code", "name", "codename")
    list_select_related = ("province",)
    readonly_fields = (
        "code",
        "name",
        "province",
        "division_type",
        "codename",
        "data_version",
        "effective_from",
        "effective_to",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Ward, form: Any, change: bool) -> None:
        data = {
            f: form.cleaned_data[f]
            for f in form.changed_data
            if f in services.WARD_ATTRIBUTE_FIELDS
        }
        obj.refresh_from_db(fields=list(data))  # the service compares against stored values
        services.ward_set_attributes(actor=_actor(request), ward=obj, data=data)
