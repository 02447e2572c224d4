"""Public home, the design-system reference page and the error pages."""

from __future__ import annotations

import logging

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
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
