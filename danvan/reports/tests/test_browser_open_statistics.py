"""The open statistics page (``/thong-ke/``) in a real Chromium: a citizen reads the charts and
their tables, sees a share on too few ratings hidden, downloads the CSV, picks another year with
JavaScript switched off; the page passes axe-core, fits a phone's width and loads nothing from
another host."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page

from danvan.core import calendar
from danvan.core.tests.browser import (
    foreign_requests,
    no_horizontal_scroll,
    recorded_requests,
    serious_violations,
    wider_than_viewport,
)
from danvan.letters import statistics as st
from danvan.letters.models import Case, Letter, Rating
from danvan.letters.states import CaseStatus
from danvan.letters.tests import factories as lf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PATH = "/thong-ke/"
THIS_YEAR = calendar.today_local().year
YEAR = THIS_YEAR - 1
AN_BINH = "Ủy ban nhân dân xã An Bình"
BINH_MINH = "Ủy ban nhân dân xã Bình Minh"
CAM_LE = "Ủy ban nhân dân xã Cẩm Lệ"


def _on(letters: list[Letter], **values: Any) -> None:
    Letter.objects.filter(pk__in=[x.pk for x in letters]).update(**values)


def _decide(
    letter: Letter, office: Any, *, accepted: dt.date, due: dt.date, decided: dt.date
) -> None:
    case = lf.accept(letter, office.leader, resolver=office.leader, accepted_on=accepted)
    Case.objects.filter(pk=case.pk).update(
        accepted_on=accepted, due_on=due, decided_on=decided, status=CaseStatus.DECIDED
    )


def _rate(letters: list[Letter], scores: tuple[int, ...], on: dt.date) -> None:
    moment = dt.datetime.combine(on, dt.time(10), tzinfo=calendar.DEADLINE_TZ)
    for letter, score in zip(letters, scores, strict=True):
        rating = Rating.objects.create(letter=letter, score=score)
        Rating.objects.filter(pk=rating.pk).update(created_at=moment)


@pytest.fixture
def published() -> None:
    """Three communes, last year; every figure counted by hand:

    ============  ========  ========  =======  =======================
    unit          received  resolved  on time  ratings (satisfied)
    ============  ========  ========  =======  =======================
    An Bình       6         2         1        5 (4): 80 %, shown
    Bình Minh     3         1         1        3 (1): hidden, "— (3)"
    Cẩm Lệ        2         0         0        2 (2): hidden, "— (2)"
    ============  ========  ========  =======  =======================

    The two hidden shares rest together on five ratings, so An Bình's stays shown. Every rating
    is given in August: 10 ratings, 7 satisfied (70 %)."""
    an = lf.make_office(AN_BINH)
    binh = lf.make_office(BINH_MINH)
    cam = lf.make_office(CAM_LE)
    a = lf.receive_distinct(an.unit, an.receiver, 6)
    b = lf.receive_distinct(binh.unit, binh.receiver, 3)
    c = lf.receive_distinct(cam.unit, cam.receiver, 2)
    _on(a[:5], received_on=dt.date(YEAR, 3, 2))
    _on(a[5:], received_on=dt.date(YEAR, 7, 1))
    _on(b, received_on=dt.date(YEAR, 3, 5))
    _on(c, received_on=dt.date(YEAR, 5, 6))
    _decide(a[0], an, accepted=dt.date(YEAR, 3, 9), due=dt.date(YEAR, 5, 4),
            decided=dt.date(YEAR, 3, 16))  # fmt: skip
    _decide(a[1], an, accepted=dt.date(YEAR, 3, 9), due=dt.date(YEAR, 4, 6),
            decided=dt.date(YEAR, 6, 1))  # fmt: skip
    _decide(b[0], binh, accepted=dt.date(YEAR, 3, 9), due=dt.date(YEAR, 5, 4),
            decided=dt.date(YEAR, 3, 20))  # fmt: skip
    _rate(a[:5], (5, 4, 4, 5, 2), dt.date(YEAR, 8, 3))
    _rate(b, (1, 2, 5), dt.date(YEAR, 8, 4))
    _rate(c, (4, 4), dt.date(YEAR, 8, 5))
    st.invalidate()


def _row(chart: Locator, label: str) -> list[str]:
    """The cells of the row headed ``label`` in the table of ``chart``, heading first."""
    row = chart.locator("tbody tr").filter(
        has=chart.page.get_by_role("rowheader", name=label, exact=True)
    )
    assert row.count() == 1, label
    return [cell.strip() for cell in row.locator("th, td").all_inner_texts()]


def _chart(page: Page, key: str) -> Locator:
    chart = page.locator(f"#chart-{key}")
    assert chart.locator("svg.chart-svg rect.chart-bar").count() > 0, key
    box = chart.locator("svg.chart-svg").bounding_box()
    assert box is not None, key
    assert box["width"] > 200, (key, box)
    assert box["height"] > 20, (key, box)
    return chart


def test_a_citizen_reads_the_figures_and_downloads_the_csv(
    page: Page, live_server: Any, published: None, tmp_path: Path
) -> None:
    with recorded_requests(page) as requested:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}{PATH}?year={YEAR}")
        assert page.get_by_role("heading", level=1).inner_text() == "Thống kê công khai"
        assert page.locator("#open-statistics-year").inner_text() == f"Năm {YEAR}"
        total = page.locator("#open-statistics-total dd").all_inner_texts()
        assert total == ["11", "3", "2", "70 % (10)"]

        # The counts by unit: the bars drawn, the same numbers in the table.
        counts = _chart(page, "unit-counts")
        assert counts.locator("thead th").all_inner_texts() == [
            "Đơn vị", "Đơn đã tiếp nhận", "Đã giải quyết", "Giải quyết đúng hạn",
        ]  # fmt: skip
        assert _row(counts, AN_BINH) == [AN_BINH, "6", "2", "1"]
        assert _row(counts, BINH_MINH) == [BINH_MINH, "3", "1", "1"]
        assert _row(counts, CAM_LE) == [CAM_LE, "2", "0", "0"]
        # An Bình's bar of letters received is the longest of the chart (6 of 6).
        widths = [
            float(w or 0)
            for w in counts.locator("rect.chart-bar").evaluate_all(
                "bars => bars.map(b => b.getAttribute('width'))"
            )
        ]
        assert max(widths) == widths[0]
        assert "80 % (5)" not in counts.inner_text()

        # The satisfaction by unit: An Bình's share shown, the two on too few ratings hidden.
        shares = _chart(page, "unit-shares")
        assert _row(shares, AN_BINH) == [AN_BINH, "80 % (5)"]
        assert _row(shares, BINH_MINH) == [BINH_MINH, "— (3)"]
        assert _row(shares, CAM_LE) == [CAM_LE, "— (2)"]
        assert "ít hơn 5 lượt đánh giá" in shares.locator("figcaption").inner_text()
        drawn = shares.locator("svg text.chart-value").all_text_contents()
        assert drawn == ["80 % (5)", "— (3)", "— (2)"]
        assert "33 %" not in page.content()  # Bình Minh's 1 of 3 is told nowhere

        # By month: March's counts, August's ten ratings.
        month_counts = _chart(page, "month-counts")
        march = month_counts.locator("tbody tr").nth(2).locator("td").all_inner_texts()
        assert march == ["8", "2", "2"]
        august = _chart(page, "month-shares").locator("tbody tr").nth(7)
        assert august.locator("td").inner_text() == "70 % (10)"

        assert serious_violations(page) == []

        # The CSV: a row per unit and month, the hidden shares left empty.
        link = page.get_by_role("link", name="Tải số liệu theo đơn vị và tháng (CSV)")
        with page.expect_download() as info:
            link.click()
        download = info.value
        assert download.suggested_filename == f"thong-ke-{YEAR}.csv"
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        body = target.read_text(encoding="utf-8")
        assert body.startswith("\ufeff")
        header, *rows = csv.reader(io.StringIO(body[1:]))
        assert header == [
            "Đơn vị", "Tháng", "Đơn đã tiếp nhận", "Đã giải quyết", "Giải quyết đúng hạn",
            "Lượt đánh giá", "Tỷ lệ hài lòng (%)",
        ]  # fmt: skip
        assert [AN_BINH, f"03/{YEAR}", "5", "1", "1", "0", ""] in rows
        assert [AN_BINH, f"08/{YEAR}", "0", "0", "0", "5", "80"] in rows
        assert [BINH_MINH, f"08/{YEAR}", "0", "0", "0", "3", ""] in rows
        assert [CAM_LE, f"08/{YEAR}", "0", "0", "0", "2", ""] in rows
    assert foreign_requests(requested, live_server) == []


def test_the_page_fits_a_phone(page: Page, live_server: Any, published: None) -> None:
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(f"{live_server.url}{PATH}?year={YEAR}")
    assert page.locator("#chart-unit-shares svg.chart-svg").is_visible()
    assert no_horizontal_scroll(page), wider_than_viewport(page)
    # The satisfaction tables (a label and a share) fit their box: the share is in view.
    for key in ("month-shares", "unit-shares"):
        wrap = page.locator(f"#chart-{key} .table-wrap")
        assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth"), key
    share = page.locator("#chart-unit-shares tbody td").first
    assert share.inner_text() == "80 % (5)"
    assert share.is_visible()
    assert serious_violations(page) == []


def test_the_year_is_chosen_with_javascript_switched_off(
    browser: Browser, live_server: Any, published: None
) -> None:
    context = browser.new_context(
        java_script_enabled=False, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{PATH}")
        year = page.locator("#open-statistics-year")
        assert year.inner_text() == f"Năm {THIS_YEAR}"
        assert page.locator("#open-statistics-total dd").first.inner_text() == "0"
        page.get_by_label("Số liệu của năm").select_option(str(YEAR))
        with page.expect_navigation():
            page.get_by_role("button", name="Xem").click()
        assert f"year={YEAR}" in page.url
        assert year.inner_text() == f"Năm {YEAR}"
        period = year.locator("xpath=following-sibling::p[1]").inner_text()
        assert period == f"Từ 01/01/{YEAR} đến 31/12/{YEAR}."
        assert page.locator("#open-statistics-total dd").all_inner_texts()[0] == "11"
        assert page.get_by_label("Số liệu của năm").input_value() == str(YEAR)
        assert page.locator("#chart-unit-counts table").is_visible()
    finally:
        context.close()


def test_the_page_loads_nothing_from_another_host(
    page: Page, live_server: Any, published: None
) -> None:
    with recorded_requests(page) as requested:
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}{PATH}?year={YEAR}")
            page.wait_for_load_state("networkidle")
        page.get_by_label("Số liệu của năm").select_option(str(THIS_YEAR))
        with page.expect_navigation():
            page.get_by_role("button", name="Xem").click()
        page.wait_for_load_state("networkidle")
    assert any(url.endswith("/static/danvan/css/site.css") for url in requested)
    assert foreign_requests(requested, live_server) == []
