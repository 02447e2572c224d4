"""People: one custom user model for staff and citizens alike.

Whether a person is staff is not stored here: it is the Django permission
``accounts.access_staff_area``, which the organisations context grants through its auth backend to
everyone with an active unit membership (superusers have every permission). A citizen is a user
without that permission.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.retention import Retention, RetentionClass


class User(AbstractUser):
    retention = Retention(
        RetentionClass.ACCOUNT,
        personal_fields=(
            "username",
            "full_name",
            "email",
            "phone",
            "password",
            "last_login",
            "date_joined",
        ),
        note=(
            "A citizen's username is their telephone or e-mail. A staff account's period is not "
            "fixed by COMPLIANCE.md (G14 names citizen accounts)."
        ),
    )

    # Vietnamese names are written in one piece (family, middle, given); no first/last split.
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"
        permissions = [("access_staff_area", _("Can use the staff area"))]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return (self.full_name.split()[-1] if self.full_name else "") or self.username


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone (text message)")
    EMAIL = "email", _("E-mail")


class CitizenProfile(models.Model):
    """What a self-registered citizen agreed to and how they want to be reached.

    Kept apart from ``User`` so that staff accounts (created by administrators) carry no consent
    record they never gave. ``notice_accepted_at`` is the proof of consent to the personal data
    processing notice (NĐ 356 requires consent to be shown, never presumed: the box is not ticked
    in advance); ``notice_version`` says which text was shown.
    """

    retention = Retention(
        RetentionClass.ACCOUNT,
        personal_fields=("user", "preferred_channel", "notice_version", "notice_accepted_at"),
        note=(
            "The proof of consent: whether it must outlive the account's anonymisation is not "
            "fixed by COMPLIANCE.md."
        ),
    )

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="citizen_profile",
    )
    preferred_channel = models.CharField(
        _("preferred contact channel"), max_length=10, choices=ContactChannel.choices
    )
    notice_version = models.CharField(_("processing notice version"), max_length=20)
    notice_accepted_at = models.DateTimeField(_("processing notice accepted at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("citizen profile")
        verbose_name_plural = _("citizen profiles")

    def __str__(self) -> str:
        return str(self.user)
