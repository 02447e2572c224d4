"""Require a verified second factor from staff where the deployment demands it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from danvan.accounts import policies

# Pages a signed-in but not yet verified person may still open: the second-factor pages
# themselves, logging out (or in as someone else) and switching the language.
EXEMPT_VIEWS: Final = frozenset(
    {
        "accounts:otp-setup",
        "accounts:otp-verify",
        "accounts:logout",
        "accounts:login",
        "set_language",
        # Public pages anyone must be able to read, second factor or not.
        "core:home",
        "core:accessibility",
        "core:security-txt",
        "core:security-policy",
    }
)


class StaffSecondFactorMiddleware:
    """Send a signed-in person who owes a second factor to set it up or to enter a code.

    Staff owe one when ``DANVAN_STAFF_OTP_REQUIRED`` is on (always in production); anybody who
    set up an authenticator voluntarily owes one too. Must come after ``OTPMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        user: Any = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        if request.path_info.startswith(settings.STATIC_URL):
            return None
        if policies.has_second_factor(user):
            route = "accounts:otp-verify"
        elif policies.second_factor_required(user):
            route = "accounts:otp-setup"
        else:
            return None
        url = reverse(route)
        if request.method in ("GET", "HEAD"):
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(url)
