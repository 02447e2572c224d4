"""Guards for staff pages, for every context to use (organisations, letters, ...)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from danvan.accounts.policies import STAFF_PERMISSION, is_staff_member


class StaffRequiredMixin(PermissionRequiredMixin):
    """Anonymous visitors go to the login page; signed-in people without the staff permission
    (citizens) get 403."""

    permission_required = STAFF_PERMISSION


def staff_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Function-view counterpart of ``StaffRequiredMixin``."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
