"""The permit module's public tracking page: the kit's ``PublicTrackView`` with nothing added but
what the page shows."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from danvan.workflow.tests.kitapp.models import Permit, PermitStatusChange
from danvan.workflow.tracking import public_timeline
from danvan.workflow.tracking_views import PublicTrackView

STATUS_WORDS = {
    "draft": "Chưa nộp.",
    "submitted": "Đã nộp, đang xem xét.",
    "granted": "Đã cấp phép.",
    "refused": "Không cấp phép.",
    "withdrawn": "Đã rút hồ sơ.",
}


class PermitTrackView(PublicTrackView[Permit]):
    model = Permit
    template_name = "kitapp/track.html"
    url_name = "kitapp-track"
    session_key = "kitapp.tracked"

    def object_context(self, request: HttpRequest, obj: Permit) -> dict[str, Any]:
        return {
            "object": obj,
            "steps": public_timeline(obj, lambda s: STATUS_WORDS.get(s, s), PermitStatusChange),
        }
