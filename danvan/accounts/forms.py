"""Forms of the accounts pages: Vietnamese labels and messages, accessible markup hints."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from danvan.accounts import contacts
from danvan.accounts.models import ContactChannel, User
from danvan.core.form_fields import CleanCharField


class AccessibleFormMixin:
    """Link each input to its help text and errors (``aria-describedby``, ``aria-invalid``).

    The ids match those written by ``accounts/includes/field.html``.
    """

    fields: dict[str, forms.Field]
    auto_id: str | bool

    def _describe(self, name: str, has_errors: bool) -> None:
        field = self.fields[name]
        bound_id = (self.auto_id % name) if isinstance(self.auto_id, str) else name
        ids = []
        if field.help_text:
            ids.append(f"{bound_id}_helptext")
        if has_errors:
            ids.append(f"{bound_id}_errors")
            field.widget.attrs["aria-invalid"] = "true"
        if ids:
            field.widget.attrs["aria-describedby"] = " ".join(ids)

    def describe_fields(self) -> None:
        errors = getattr(self, "_errors", None) or {}
        for name in self.fields:
            self._describe(name, name in errors)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.describe_fields()


#: Longer passwords are refused before hashing (no password manager makes one this long).
PASSWORD_MAX_LENGTH = 1024


class LoginForm(AccessibleFormMixin, AuthenticationForm):
    """Username (or a citizen's phone number or e-mail) and password."""

    error_messages = {
        "invalid_login": _(
            "The username (phone number or e-mail) or the password is not correct. "
            "Please check and try again."
        ),
        "inactive": _("This account has been disabled."),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = _("Username, phone number or e-mail")
        username.help_text = _("Citizens log in with the phone number or e-mail they registered.")
        username.widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        # AuthenticationForm sets max_length on the field but adds no validator, so an overlong
        # name reached authenticate() and the lockout table (a database error on PostgreSQL).
        username.validators.append(MaxLengthValidator(self.username_field.max_length or 254))
        self.fields["password"].label = _("Password")
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))
        self.describe_fields()

    def clean_username(self) -> str:
        return contacts.normalize_login_identifier(self.cleaned_data.get("username") or "")


class TokenForm(AccessibleFormMixin, forms.Form):
    """A 6-digit code from the authenticator app."""

    token = CleanCharField(
        label=_("6-digit code"),
        help_text=_("Open the authenticator app on your phone and type the code it shows."),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
                "size": "8",
            }
        ),
        error_messages={
            "required": _("Enter the 6-digit code."),
            "min_length": _("The code has exactly 6 digits."),
            "max_length": _("The code has exactly 6 digits."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.describe_fields()

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise ValidationError(_("The code has only digits."), code="not_digits")
        return token


class CitizenRegistrationForm(AccessibleFormMixin, forms.Form):
    full_name = CleanCharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your full name.")},
    )
    phone = CleanCharField(
        label=_("Mobile phone number"),
        required=False,
        max_length=20,
        help_text=_("For example 0912345678."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    email = CleanCharField(
        label=_("E-mail"),
        required=False,
        max_length=contacts.MAX_EMAIL_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none"}),
    )
    preferred_channel = forms.ChoiceField(
        label=_("Log in and be contacted by"),
        choices=ContactChannel.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "You will log in with this phone number or e-mail, and the agency will contact you "
            "through it."
        ),
        error_messages={"required": _("Choose phone or e-mail.")},
    )
    password1 = CleanCharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only digits, not a common password."),
        error_messages={"required": _("Choose a password.")},
    )
    password2 = CleanCharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the password again.")},
    )
    # Consent must be an active choice: the box is never ticked in advance.
    accept_notice = forms.BooleanField(
        label=_("I have read the personal data processing notice above and agree to it."),
        required=True,
        error_messages={"required": _("You must accept the processing notice to register.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.describe_fields()

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "")
        return contacts.normalize_mobile(value) if value.strip() else ""

    def clean_email(self) -> str:
        value = self.cleaned_data.get("email", "")
        return contacts.normalize_email(value) if value.strip() else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channel = data.get("preferred_channel")
        if channel == ContactChannel.PHONE and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Enter the mobile number you will log in with."))
        if channel == ContactChannel.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter the e-mail address you will log in with."))
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        if password1 and "password1" not in self.errors:
            candidate = User(
                username=data.get("phone") or data.get("email") or "",
                full_name=data.get("full_name", ""),
                phone=data.get("phone", ""),
                email=data.get("email", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class AccountPasswordChangeForm(AccessibleFormMixin, PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = _(
            "At least 10 characters; not only digits, not a common password, not like your name."
        )
        self.fields["new_password2"].label = _("New password again")
        self.describe_fields()
