"""The letters back office in a real Chromium: no serious or critical axe-core violation, no
sideways scrolling at 320 px, no request to another host."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from danvan.core.tests.browser import (
    foreign_requests,
    no_horizontal_scroll,
    recorded_requests,
    serious_violations,
    sign_in,
    wider_than_viewport,
)
from danvan.letters.choices import LetterKind
from danvan.letters.models import AcceptedSignatureMethod, DeadlineRule
from danvan.letters.rules_seed import seed_rules
from danvan.letters.services import cases
from danvan.letters.tests import factories as lf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    pytest.param("/staff/letters/", "receiver", id="letter-list"),
    pytest.param("/staff/letters/?status=zzz&urgency=overdue", "receiver", id="letter-list-junk"),
    pytest.param(
        "/staff/letters/?channel=post&received_from=2026-12-01&received_to=2026-01-01",
        "receiver",
        id="letter-list-more-filters-open-with-error",
    ),
    pytest.param("/staff/letters/new/", "receiver", id="letter-entry"),
    pytest.param("/staff/letters/{open}/", "receiver", id="letter-open-with-forms"),
    pytest.param("/staff/letters/{mixed}/", "receiver", id="letter-mixed-split-form"),
    pytest.param("/staff/letters/{accepted}/", "inspector", id="letter-accepted-inspector"),
    pytest.param("/staff/cases/", "leader", id="case-list"),
    pytest.param("/staff/cases/{case}/", "leader", id="case-with-forms"),
]


@pytest.fixture(autouse=True)
def _rule_table() -> None:
    """A transactional test starts from an empty database: put back what the letters
    migrations seed (the time-limit rules and the accepted signature methods)."""
    seed_rules(DeadlineRule)
    for method in ("otp_sms", "otp_email", "signed_scan", "handwritten"):
        AcceptedSignatureMethod.objects.get_or_create(method=method)


@pytest.mark.parametrize(("path", "who"), PAGES)
def test_letters_back_office_page_is_accessible_and_fits_320_px(
    page: Page, live_server: Any, path: str, who: str
) -> None:
    office = lf.make_office()
    open_letter = lf.denunciation(office.unit, office.receiver, attachments=[lf.png_upload()])
    mixed = lf.receive(
        office.unit, office.receiver, kind=LetterKind.MIXED, subject="Đơn nhiều nội dung"
    ).letter
    accepted = lf.receive(
        office.unit,
        office.receiver,
        subject="Khiếu nại đã thụ lý",
        content="Nội dung khiếu nại về bồi thường giải phóng mặt bằng đường liên xã.",
    ).letter
    case = lf.accept(accepted, office.leader, resolver=office.leader)
    cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    sign_in(page, live_server, getattr(office, who))
    url = live_server.url + path.format(
        open=open_letter.pk, mixed=mixed.pk, accepted=accepted.pk, case=case.pk
    )

    with recorded_requests(page) as requested:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.url == url, "the page redirected elsewhere"
        assert serious_violations(page) == []

        page.set_viewport_size({"width": 320, "height": 720})
        page.reload()
        page.wait_for_load_state("networkidle")
        assert no_horizontal_scroll(page), wider_than_viewport(page)
        assert serious_violations(page) == []

    assert requested
    assert foreign_requests(requested, live_server) == []
