"""A 20,000-letter export in a real Chromium: the officer asks for the register of the whole
list, confirms, and watches the progress page while the database task queue's worker writes
the file; the bar moves, the download appears, and the file holds every letter. The pages pass
axe-core."""

from __future__ import annotations

import io
import re
import threading
import time
from typing import Any

import pytest
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker
from openpyxl import load_workbook
from playwright.sync_api import Page

from danvan.core.tests.browser import serious_violations, sign_in
from danvan.letters.models import ExportJob, ExportStatus
from danvan.letters.tests import factories as lf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = 20_000


class QueueWorker(threading.Thread):
    """The database queue's worker (what ``danvan db_worker`` runs) in a thread of the test.

    With SQLite the test database lives in memory, in this process only: the worker shares the
    test's connection, as Django's live server does. With PostgreSQL it has its own."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        main = connections["default"]  # the test's own connection object, not the proxy
        self.shared = main if main.vendor == "sqlite" else None
        self.error: BaseException | None = None

    def run(self) -> None:
        if self.shared is not None:
            connections["default"] = self.shared
            self.shared.inc_thread_sharing()
        try:
            Worker(
                queue_names=["default"], interval=0.1, batch=True, backend_name="default",
                startup_delay=False, max_tasks=None, worker_id="browser-test",
                excluded_queue_names=[],
            ).run()  # fmt: skip
        except BaseException as exc:  # reported by the test, not lost in the thread
            self.error = exc
        finally:
            if self.shared is not None:
                self.shared.dec_thread_sharing()
            else:
                connections.close_all()


def test_a_20000_letter_export_is_written_in_the_background_with_its_progress_shown(
    page: Page, live_server: Any, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    office = lf.make_office()
    first = lf.receive(office.unit, office.receiver).letter
    lf.copies(first, ROWS - 1)
    sign_in(page, live_server, office.receiver)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/staff/letters/")

    page.get_by_role("link", name="Tải sổ tiếp nhận đơn (XLSX)").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Xuất danh sách đơn"
    offer = page.locator("main form").inner_text()
    assert "Danh sách có 20.000 đơn" in offer, offer
    assert serious_violations(page) == []
    assert not ExportJob.objects.exists()

    with page.expect_navigation(url=re.compile(r"/staff/exports/\d+/$")):
        page.get_by_role("button", name="Ghi tệp ở chế độ nền").click()
    job = ExportJob.objects.get()
    assert (job.status, job.rows_total) == (ExportStatus.QUEUED, ROWS)
    assert page.locator("#export-state").inner_text() == "Đang chờ bắt đầu"
    bar = page.locator("progress#export-progress")
    assert bar.get_attribute("value") == "0"
    download = page.get_by_role("link", name="Tải tệp về (XLSX)")
    assert not download.is_visible()
    assert serious_violations(page) == []

    worker = QueueWorker()
    worker.start()
    shown: list[int] = []
    deadline = time.monotonic() + 180
    while not download.is_visible() and time.monotonic() < deadline:
        shown.append(int(bar.get_attribute("value") or 0))
        page.wait_for_timeout(150)
    worker.join(timeout=60)
    assert worker.error is None, worker.error
    assert download.is_visible(), f"not done in time: {shown[-5:]}"

    # The page showed the export on its way, not only waiting and done, and it never went back.
    assert any(0 < value < 100 for value in shown), shown
    assert shown == sorted(shown)
    assert bar.get_attribute("value") == "100"
    assert page.locator("#export-progress-text").inner_text() == (
        "20.000 trên 20.000 đơn đã ghi (100%)"
    )
    assert page.locator("#export-state").inner_text() == "Sẵn sàng tải về"
    assert serious_violations(page) == []

    with page.expect_download() as caught:
        download.click()
    book = load_workbook(io.BytesIO(caught.value.path().read_bytes()), read_only=True)
    sheet = book.active
    assert sheet is not None
    numbers = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    book.close()
    assert len(numbers) == ROWS
    assert len(set(numbers)) == ROWS  # every letter once
    job.refresh_from_db()
    assert (job.status, job.rows_done) == (ExportStatus.DONE, ROWS)
