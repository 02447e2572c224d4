"""The API's documentation page: Swagger UI from our own static files (no CDN), reading
``/api/schema/``."""

from __future__ import annotations

from django.views.generic import TemplateView


class ApiDocsView(TemplateView):
    template_name = "api/docs.html"
