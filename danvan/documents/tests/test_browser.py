"""The outgoing register in a real Chromium: no serious axe-core violation, no sideways scrolling
at 320 px, no request to another host; with filters that fail validation too."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from danvan.core import audit
from danvan.core.tests.browser import (
    foreign_requests,
    no_horizontal_scroll,
    recorded_requests,
    serious_violations,
    sign_in,
    wider_than_viewport,
)
from danvan.documents import testing
from danvan.documents.tests.conftest import NOTICE, NOTICE_CONTEXT
from danvan.organizations.roles import Role
from danvan.organizations.tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "query", ["", "?year=2026&doc_type=thong_bao", "?year=abc&unit=-1"], ids=["all", "ok", "bad"]
)
def test_the_register_is_accessible_and_fits_320_px(
    page: Page, live_server: Any, state_unit: Any, query: str
) -> None:
    staff = UserFactory(username="vanthu", full_name="Bùi Văn Khánh")
    MembershipFactory(user=staff, unit=state_unit, role=Role.HANDLING_OFFICER)
    for flag in (False, True):
        testing.issue_now(
            unit=state_unit,
            template_key=NOTICE.key,
            context=NOTICE_CONTEXT,
            actor=audit.SYSTEM,
            restricted=flag,
        )
    sign_in(page, live_server, staff)
    url = f"{live_server.url}/staff/documents/{query}"
    with recorded_requests(page) as requested:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.url == url
        assert "01/TB-VP" in page.content()
        assert serious_violations(page) == []
        page.set_viewport_size({"width": 320, "height": 720})
        page.reload()
        page.wait_for_load_state("networkidle")
        assert no_horizontal_scroll(page), wider_than_viewport(page)
        assert serious_violations(page) == []
    assert foreign_requests(requested, live_server) == []
