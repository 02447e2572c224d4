"""Staff-facing pages of the organisations context."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class StaffHomeView(LoginRequiredMixin, TemplateView):
    template_name = "organizations/staff_home.html"
