"""Public home, the accessibility statement, the security contact (security.txt and the
security policy), the design-system reference page and the error pages."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

logger = logging.getLogger(__name__)

# Shown only if 500.html itself cannot be rendered: plain HTML in the default language, with no
# template, no translation catalogue and no lookups, so that nothing else can fail.
_LAST_RESORT_500 = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Lỗi máy chủ</title></head>'
    "<body><h1>Hệ thống đang gặp sự cố</h1><p>Xin thử lại sau ít phút.</p>"
    '<p><a href="/">Về trang chủ</a></p></body></html>'
)


class HomeView(TemplateView):
    # The public portal's templates live in danvan/templates/portal/, so that their strings belong
    # to the project-wide catalogue (danvan/locale) rather than to core's.
    template_name = "portal/home.html"


class AccessibilityStatementView(TemplateView):
    """The public accessibility statement (Tuyên bố về khả năng tiếp cận)."""

    template_name = "portal/accessibility.html"
    #: When the statement was last reviewed (update it when the statement changes).
    reviewed_on = dt.date(2026, 11, 26)

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["reviewed_on"] = self.reviewed_on
        return context


#: RFC 9116 recommends an Expires date less than a year ahead, so that a stale file is noticed.
SECURITY_TXT_LIFETIME = dt.timedelta(days=364)
#: The vulnerability disclosure policy, kept at the repository root where forges look for it.
SECURITY_POLICY_NAME = "SECURITY.md"


def _security_contact(request: HttpRequest) -> str:
    """``DANVAN_SECURITY_CONTACT``, or until the operator sets it, a mailbox under the portal's own
    domain (never a third party's)."""
    contact = str(getattr(settings, "DANVAN_SECURITY_CONTACT", "") or "").strip()
    if contact:
        return contact
    host = urlsplit("//" + request.get_host()).hostname or "localhost"
    return f"mailto:security@{host}"


@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    """``/.well-known/security.txt`` (RFC 9116): where to report a vulnerability, and how."""
    expires = (timezone.now() + SECURITY_TXT_LIFETIME).astimezone(dt.UTC).replace(microsecond=0)
    lines = [f"Contact: {_security_contact(request)}"]
    encryption = str(getattr(settings, "DANVAN_SECURITY_ENCRYPTION", "") or "").strip()
    if encryption:
        lines.append(f"Encryption: {encryption}")
    lines += [
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: vi, en",
        f"Policy: {request.build_absolute_uri('/SECURITY.md')}",
        f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "max-age=86400"
    return response


@require_safe
def security_policy(request: HttpRequest) -> HttpResponse:
    """The vulnerability disclosure policy (SECURITY.md) as plain text."""
    try:
        text = (Path(settings.PROJECT_DIR) / SECURITY_POLICY_NAME).read_text(encoding="utf-8")
    except OSError as exc:  # an installation without the repository's files
        raise Http404 from exc
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


class DesignSystemView(LoginRequiredMixin, TemplateView):
    """Every component of the design system on one page, for staff and developers."""

    template_name = "portal/design_system.html"

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["page_obj"] = Paginator(range(1, 101), 10).get_page(3)
        return context


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render 500.html without the request: the failure may lie in the database or in a context
    processor, so the page uses neither."""
    try:
        body = loader.get_template("500.html").render()
    except Exception:  # the error page must never fail in turn
        logger.exception("500.html could not be rendered")
        body = _LAST_RESORT_500
    return HttpResponseServerError(body)
