"""Exports of the letters list without a cap: a short list written at once (XLSX or CSV), a
long one confirmed, written in the background with its progress and downloaded by the person
who asked only; expired exports purged with their files."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from danvan.core.models import AuditEntry
from danvan.letters import exports
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import LetterKind
from danvan.letters.models import ExportJob, ExportStatus
from danvan.letters.services import exports as export_services
from danvan.letters.tests.conftest import DENOUNCER, MakeLetter, Office, make_office
from danvan.letters.tests.factories import receive_distinct
from danvan.organizations.tests import factories as org

pytestmark = pytest.mark.django_db

XLSX = reverse("letters:staff-letter-export")
CSV = reverse("letters:staff-letter-export-csv")


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the byte order mark Excel needs for UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _xlsx_rows(data: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def long_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lists of more than two letters count as long."""
    monkeypatch.setattr(export_services, "INLINE_ROWS", 2)


def _ask(client: Any, url: str, data: dict[str, Any], capture: Any) -> ExportJob:
    with capture(execute=True):
        response = client.post(url, data)
    job = ExportJob.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("letters:staff-export", args=[job.pk])
    return job


def test_a_short_list_is_a_csv_at_once_with_dates_and_no_denouncer(
    client: Any, make_letter: MakeLetter, office: Office
) -> None:
    make_letter(received_on=dt.date(2026, 3, 2))
    make_letter(
        kind=LetterKind.DENUNCIATION,
        signers=[DENOUNCER],
        subject="Tố cáo cán bộ",
        content=f"Tôi là {DENOUNCER.full_name}, tố cáo ông X.",
    )
    client.force_login(office.receiver)
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    rows = _csv_rows(response.content)
    assert rows[0][:3] == ["Số", "Số vào sổ", "Ngày tiếp nhận"]
    assert len(rows) == 3
    assert "02/03/2026" in {row[2] for row in rows[1:]}
    assert DENOUNCER.full_name not in repr(rows)
    assert not ExportJob.objects.exists()
    entry = AuditEntry.objects.filter(action=AuditAction.REGISTER_EXPORTED).latest("pk")
    assert entry.extra == {"rows": 2, "format": "csv"}


def test_a_long_list_is_confirmed_then_written_in_the_background(
    client: Any, office: Office, long_list: None, django_capture_on_commit_callbacks: Any
) -> None:
    receive_distinct(office.unit, office.receiver, 5)
    client.force_login(office.receiver)
    page = client.get(XLSX)
    assert page.status_code == 200
    assert "Ghi tệp ở chế độ nền" in page.content.decode()
    assert not ExportJob.objects.exists()  # looking at the offer starts nothing

    job = _ask(client, XLSX, {}, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.rows_total, job.percent) == ("done", 5, 5, 100)
    detail = client.get(reverse("letters:staff-export", args=[job.pk])).content.decode()
    assert 'value="100"' in detail
    assert reverse("letters:staff-export-download", args=[job.pk]) in detail
    assert "export-progress.js" not in detail  # nothing left to follow

    download = client.get(reverse("letters:staff-export-download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="so-don-')
    rows = _xlsx_rows(b"".join(download.streaming_content))
    assert len(rows) == 6
    actions = list(
        AuditEntry.objects.filter(
            action__in=[AuditAction.REGISTER_EXPORT_QUEUED, AuditAction.REGISTER_EXPORTED]
        ).values_list("action", flat=True)
    )
    assert actions == [AuditAction.REGISTER_EXPORT_QUEUED, AuditAction.REGISTER_EXPORTED]


def test_the_job_keeps_the_filters_and_the_scope_of_the_person(
    client: Any, office: Office, long_list: None, django_capture_on_commit_callbacks: Any
) -> None:
    letters = receive_distinct(office.unit, office.receiver, 4)
    other = make_office("UBND xã Bên cạnh")
    theirs = receive_distinct(other.unit, other.receiver, 3)
    client.force_login(office.receiver)
    # Filtered: the words of one letter, and paging that the job drops.
    job = _ask(
        client, CSV, {"q": letters[0].subject, "cursor": "x"}, django_capture_on_commit_callbacks
    )
    assert job.query == {"q": [letters[0].subject]}
    # Chosen: two of this unit's letters and one of the other unit's, which is not written.
    chosen = {"id": [letters[1].pk, letters[2].pk, theirs[0].pk]}
    job = _ask(client, CSV, chosen, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.ids == [letters[1].pk, letters[2].pk, theirs[0].pk]
    rows = _csv_rows(job.file.read())
    subjects = {row[8] for row in rows[1:]}
    assert subjects == {letters[1].subject, letters[2].subject}


def test_only_the_person_who_asked_reaches_the_export(
    client: Any, office: Office, long_list: None, django_capture_on_commit_callbacks: Any
) -> None:
    receive_distinct(office.unit, office.receiver, 3)
    client.force_login(office.receiver)
    job = _ask(client, XLSX, {}, django_capture_on_commit_callbacks)
    urls = [
        reverse(name, args=[job.pk])
        for name in (
            "letters:staff-export",
            "letters:staff-export-status",
            "letters:staff-export-download",
        )
    ]
    for person in (
        office.leader,
        office.inspector,
        org.UserFactory(is_superuser=True, is_staff=True),
    ):
        client.force_login(person)
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]
    client.force_login(office.citizen)
    assert [client.get(url).status_code for url in urls] == [403, 403, 403]
    client.logout()
    assert {client.get(url).status_code for url in urls} == {302}


def test_the_progress_page_follows_a_waiting_export(
    client: Any, office: Office, long_list: None
) -> None:
    receive_distinct(office.unit, office.receiver, 3)
    client.force_login(office.receiver)
    client.post(XLSX, {})  # the transaction of the test never commits: the task waits
    job = ExportJob.objects.get()
    assert (job.status, job.rows_total) == (ExportStatus.QUEUED, 3)
    page = client.get(reverse("letters:staff-export", args=[job.pk])).content.decode()
    assert "Đang chờ bắt đầu" in page
    assert "export-progress.js" in page
    assert 'value="0"' in page
    assert "0 trên 3 đơn đã ghi (0%)" in page
    state = client.get(reverse("letters:staff-export-status", args=[job.pk])).json()
    assert state == {
        "status": "queued", "label": "Đang chờ bắt đầu", "rows_done": 0, "rows_total": 3,
        "percent": 0, "finished": False, "text": "0 trên 3 đơn đã ghi (0%)", "download": "",
    }  # fmt: skip
    assert client.get(reverse("letters:staff-export-download", args=[job.pk])).status_code == 404

    export_services.run_export(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    assert export_services.run_export(job.pk) is None  # a task delivered twice does nothing


def test_progress_is_saved_as_the_rows_are_written(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    receive_distinct(office.unit, office.receiver, 5)
    monkeypatch.setattr(export_services, "PROGRESS_EVERY", 2)
    job = ExportJob.objects.create(user=office.receiver, fmt="csv", rows_total=0)
    seen: list[int] = []
    write = exports.write_register

    def watched(out: Any, **kwargs: Any) -> int:
        progress = kwargs.pop("progress")

        def saved(done: int) -> None:
            progress(done)
            seen.append(ExportJob.objects.get(pk=job.pk).rows_done)

        return write(out, progress=saved, **kwargs)

    monkeypatch.setattr(exports, "write_register", watched)
    export_services.run_export(job.pk)
    assert seen == [2, 4, 5]
    job.refresh_from_db()
    assert (job.rows_total, job.rows_done, job.status) == (5, 5, ExportStatus.DONE)


def test_a_failed_export_says_so_and_can_be_asked_again(
    client: Any, office: Office, long_list: None, monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:  # fmt: skip
    receive_distinct(office.unit, office.receiver, 3)

    def broken(*args: Any, **kwargs: Any) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(exports, "write_register", broken)
    client.force_login(office.receiver)
    job = _ask(client, XLSX, {}, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert not job.file
    page = client.get(reverse("letters:staff-export", args=[job.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Không ghi được tệp" in text
    assert "disk full" not in text
    assert client.get(reverse("letters:staff-export-download", args=[job.pk])).status_code == 404


def test_expired_exports_are_purged_with_their_files(
    client: Any, office: Office, long_list: None, django_capture_on_commit_callbacks: Any
) -> None:
    receive_distinct(office.unit, office.receiver, 3)
    client.force_login(office.receiver)
    old = _ask(client, CSV, {}, django_capture_on_commit_callbacks)
    new = _ask(client, CSV, {}, django_capture_on_commit_callbacks)
    old.refresh_from_db()
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)
    ExportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(reverse("letters:staff-export", args=[old.pk])).status_code == 404
    out = io.StringIO()
    call_command("purge_exports", stdout=out)
    assert out.getvalue().strip() == "1 export(s) deleted."
    assert not storage.exists(name)
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [new.pk]


@pytest.mark.parametrize("url", [XLSX, CSV])
def test_the_export_reads_a_fixed_number_of_queries_however_many_letters(
    client: Any, office: Office, url: str
) -> None:
    client.force_login(office.receiver)

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    receive_distinct(office.unit, office.receiver, 2)
    few = queries()
    receive_distinct(office.unit, office.receiver, 12)
    assert queries() == few
