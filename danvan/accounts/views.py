"""Pages of the accounts context: login, lockout, registration, second factor, password."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import segno
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views import View
from django.views.generic import FormView, TemplateView
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts import policies, services
from danvan.accounts.audit_actions import AuditAction
from danvan.accounts.forms import (
    AccountPasswordChangeForm,
    CitizenRegistrationForm,
    LoginForm,
    TokenForm,
)
from danvan.accounts.models import ContactChannel, User
from danvan.core import audit
from danvan.core.throttle import minutes_left

DEFAULT_COOL_OFF = timedelta(minutes=15)


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _home_for(user: Any) -> str:
    if policies.is_staff_member(user):
        return str(resolve_url(settings.LOGIN_REDIRECT_URL))
    return reverse("accounts:security")


def _with_next(route: str, target: str) -> str:
    return f"{reverse(route)}?{urlencode({'next': target})}"


class AccountLoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"

    def get_default_redirect_url(self) -> str:
        return _home_for(self.request.user)

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        auth_login(self.request, user)
        target = self.get_success_url()
        if policies.has_second_factor(user):
            return HttpResponseRedirect(_with_next("accounts:otp-verify", target))
        if policies.second_factor_required(user):
            return HttpResponseRedirect(_with_next("accounts:otp-setup", target))
        return HttpResponseRedirect(target)


class AccountLogoutView(auth_views.LogoutView):
    """Django's logout view accepts POST only (a GET link could log people out from a forged
    page)."""


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The page shown (HTTP 429) while an account is locked after repeated failed logins.

    Axes calls this (``AXES_LOCKOUT_CALLABLE``). The lockout ends ``AXES_COOLOFF_TIME`` after the
    failure that triggered it: attempts during the lockout do not extend it
    (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False``).
    """
    cool_off = get_cool_off(request) or DEFAULT_COOL_OFF
    username = get_client_username(request, credentials)
    last_failure: datetime | None = None
    if username:
        last_failure = AccessAttempt.objects.filter(username=username).aggregate(
            last=Max("attempt_time")
        )["last"]
    unlock_at = (last_failure or timezone.now()) + cool_off
    minutes = minutes_left((unlock_at - timezone.now()).total_seconds())
    context = {
        "unlock_at": unlock_at,
        "minutes_left": minutes,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    response = render(request, "accounts/locked_out.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


class CitizenRegisterView(FormView[CitizenRegistrationForm]):
    form_class = CitizenRegistrationForm
    template_name = "accounts/register.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect("accounts:security")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["notice_version"] = services.PROCESSING_NOTICE_VERSION
        return context

    def form_valid(self, form: CitizenRegistrationForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            user = services.citizen_register(
                full_name=data["full_name"],
                phone=data["phone"],
                email=data["email"],
                preferred_channel=ContactChannel(data["preferred_channel"]),
                password=data["password1"],
                notice_accepted=data["accept_notice"],
                request=self.request,
            )
        except services.ContactAlreadyRegisteredError as exc:
            form.add_error("phone" if exc.channel == ContactChannel.PHONE else "email", exc.message)
            return self.form_invalid(form)
        except services.RegistrationError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        auth_login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            self.request,
            gettext("Your account has been created. You log in with %(login)s.")
            % {"login": user.username},
        )
        return redirect("accounts:security")

    def form_invalid(self, form: CitizenRegistrationForm) -> HttpResponse:
        form.describe_fields()
        return super().form_invalid(form)


class SecurityView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/security.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "is_staff_member": policies.is_staff_member(user),
                "has_second_factor": policies.has_second_factor(user),
                "second_factor_required": policies.second_factor_required(user),
                "may_turn_off": policies.may_turn_off_second_factor(user),
            }
        )
        return context


def _qr_svg(device: TOTPDevice) -> str:
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=5, title=gettext("QR code for the authenticator app"))
    return mark_safe(svg)  # noqa: S308  (generated by segno from our own data, no user input)


def _base32_secret(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class OtpSetupView(LoginRequiredMixin, View):
    """Create (or show again) a pending authenticator and confirm it with a first code."""

    template_name = "accounts/otp_setup.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user: Any = request.user
        # Replacing an authenticator needs the current one: without this, a stolen password
        # alone would let someone enrol their own phone.
        if user.is_authenticated and not user.is_verified() and policies.has_second_factor(user):
            return HttpResponseRedirect(_with_next("accounts:otp-verify", request.get_full_path()))
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request: HttpRequest, device: TOTPDevice, form: TokenForm) -> HttpResponse:
        context = {
            "form": form,
            "qr_svg": _qr_svg(device),
            "secret": _base32_secret(device),
            "next": _safe_next(request, ""),
            "required": policies.second_factor_required(request.user),
        }
        return render(request, self.template_name, context, status=400 if form.errors else 200)

    def get(self, request: HttpRequest) -> HttpResponse:
        device = services.totp_device_for_setup(user=self._user(request))
        return self._render(request, device, TokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        user = self._user(request)
        device = services.totp_device_for_setup(user=user)
        form = TokenForm(request.POST)
        if form.is_valid():
            if services.totp_device_confirm(
                user=user, device=device, token=form.cleaned_data["token"], request=request
            ):
                messages.success(request, gettext("Two-step verification is now turned on."))
                return HttpResponseRedirect(_safe_next(request, reverse("accounts:security")))
            form.add_error("token", _wrong_code_message(user))
            form.describe_fields()
        return self._render(request, device, form)

    @staticmethod
    def _user(request: HttpRequest) -> User:
        user = request.user
        assert isinstance(user, User)  # noqa: S101  (LoginRequiredMixin guarantees it)
        return user


def _wrong_code_message(user: User) -> str:
    until = services.totp_throttled_until(user=user)
    if until is not None:
        seconds = max(1, int((until - timezone.now()).total_seconds()) + 1)
        return gettext(
            "The code is not correct. After several wrong codes, please wait %(seconds)d seconds "
            "before trying again."
        ) % {"seconds": seconds}
    return gettext(
        "The code is not correct. Check that your phone's clock is right and type the newest code."
    )


class OtpVerifyView(LoginRequiredMixin, FormView[TokenForm]):
    """Second step of the login: a code from the person's authenticator."""

    form_class = TokenForm
    template_name = "accounts/otp_verify.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user: Any = request.user
        if user.is_authenticated:
            if user.is_verified():
                return HttpResponseRedirect(_safe_next(request, _home_for(user)))
            if not policies.has_second_factor(user):
                return HttpResponseRedirect(
                    _with_next("accounts:otp-setup", _safe_next(request, ""))
                )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["next"] = _safe_next(self.request, "")
        return context

    def form_valid(self, form: TokenForm) -> HttpResponse:
        user = self.request.user
        assert isinstance(user, User)  # noqa: S101  (LoginRequiredMixin guarantees it)
        device = services.totp_verify(
            user=user, token=form.cleaned_data["token"], request=self.request
        )
        if device is None:
            form.add_error("token", _wrong_code_message(user))
            return self.form_invalid(form)
        return HttpResponseRedirect(_safe_next(self.request, _home_for(user)))

    def form_invalid(self, form: TokenForm) -> HttpResponse:
        form.describe_fields()
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class OtpDisableView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        assert isinstance(user, User)  # noqa: S101  (LoginRequiredMixin guarantees it)
        if policies.may_turn_off_second_factor(user):
            services.totp_disable(user=user, request=request)
            messages.success(request, gettext("Two-step verification has been turned off."))
        else:
            messages.error(request, gettext("Two-step verification is required for your account."))
        return redirect("accounts:security")


class AccountPasswordChangeView(auth_views.PasswordChangeView):
    form_class = AccountPasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form: AccountPasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        audit.record(
            action=AuditAction.PASSWORD_CHANGED,
            actor=self.request.user,
            target=self.request.user,  # type: ignore[arg-type]
            fields=["password"],
            request=self.request,
        )
        messages.success(self.request, gettext("Your password has been changed."))
        return response
