"""What reports shows on the portal home (registered in ``apps.ready``): this year's open
statistics in three figures, with the link to the page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from danvan.core.modules import HomeBlock, Place
from danvan.reports import open_statistics


def year_totals(request: HttpRequest) -> Mapping[str, Any]:
    stats = open_statistics.home_totals()
    share = stats.total.on_time_share
    return {
        "stats": stats,
        "on_time_share": None if share is None else round(share * 100),
    }


BLOCKS = (
    HomeBlock(
        key="reports.open_statistics",
        place=Place.PORTAL,
        title=_("Open statistics"),
        description=_(
            "How many letters each unit received and resolved, how many on time, and how "
            "satisfied the people were, month by month."
        ),
        url_name="reports:open-statistics",
        template_name="reports/_home_open_statistics.html",
        selector=year_totals,
        order=40,
    ),
)
