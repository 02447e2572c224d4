"""Admin for people: the stock UserAdmin, adapted to one-piece Vietnamese names.

Permissions come from the roles people hold in units (``organizations.backends.RoleBackend``),
and the roles that read a denouncer's identity are given only with a second administrator's
approval (``organizations.services.membership_grant``). So this screen sets no Django groups or
permissions on an account: they would be a way round that approval. The superuser flag stays (it
keeps the deployment: units, templates, rules), and no policy about letters, their signers,
their documents or the audit trail treats a superuser specially (Luật Tố cáo 2018 Arts. 8(3),
47)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import CitizenProfile, User


class AccountCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):  # type: ignore[name-defined]
        model = User
        fields = ("username", "full_name")


class AccountChangeForm(UserChangeForm[User]):
    class Meta(UserChangeForm.Meta):  # type: ignore[name-defined]
        model = User
        fields = "__all__"


class CitizenProfileInline(admin.StackedInline[CitizenProfile, User]):
    model = CitizenProfile
    can_delete = False
    extra = 0
    readonly_fields = ("notice_version", "notice_accepted_at", "created_at")


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    form = AccountChangeForm
    add_form = AccountCreationForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "email", "phone")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("username", "full_name", "email", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("username", "full_name", "email", "phone")
    ordering = ("username",)
    inlines = (CitizenProfileInline,)


@admin.register(CitizenProfile)
class CitizenProfileAdmin(admin.ModelAdmin[CitizenProfile]):
    list_display = ("user", "preferred_channel", "notice_version", "notice_accepted_at")
    list_filter = ("preferred_channel", "notice_version")
    search_fields = ("user__username", "user__full_name")
    readonly_fields = ("notice_version", "notice_accepted_at", "created_at")
    raw_id_fields = ("user",)
