"""The report pages: who may read them, the files opened back (DOCX, PDF, XLSX, JSON) with
their numbers, the denouncer never written, every download audited."""

import datetime as dt
import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from danvan.core.models import AuditEntry
from danvan.documents.tests.pdf_support import read_pdf
from danvan.letters.models import Letter
from danvan.letters.tests import factories as f
from danvan.reports.audit_actions import AuditAction
from danvan.reports.models import RegisterColumn

pytestmark = pytest.mark.django_db

D = dt.date
PERIODIC = "/staff/reports/periodic/"
BOOK = "/staff/reports/register-book/"
NATIONAL = "/staff/reports/national/"


@pytest.fixture
def office():
    office = f.make_office()
    f.receive_distinct(office.unit, office.receiver, 2, received_on=D(2026, 4, 1))
    f.denunciation(office.unit, office.receiver, received_on=D(2026, 4, 2))
    f.receive_distinct(office.unit, office.receiver, 1, received_on=D(2026, 7, 1))  # Q3
    return office


def query(unit, fmt=""):
    return {"kind": "q2", "year": 2026, "unit": unit.pk, **({"format": fmt} if fmt else {})}


def docx_text(content):
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_only_leaders_and_inspectors_of_the_unit_read_its_reports(client, office):
    client.force_login(office.handler)
    assert client.get(PERIODIC).status_code == 403
    outsider = f.make_office("Ủy ban nhân dân xã Thử nghiệm Tây")
    client.force_login(outsider.leader)
    page = client.get(PERIODIC, query(office.unit))
    assert page.status_code == 200
    assert "report" not in page.context  # another unit is not a choice
    client.force_login(office.inspector)
    page = client.get(PERIODIC, query(office.unit))
    assert page.context["report"].table("01/XLD").values["3"] == 3
    assert page.context["report"].ok
    for url in (BOOK, NATIONAL):
        assert client.get(url, {"kind": "bad", "year": "x", "unit": "y"}).status_code == 200


def test_periodic_report_files_hold_the_figures_and_are_audited(client, office):
    client.force_login(office.leader)
    xlsx = client.get(PERIODIC, query(office.unit, "xlsx"))
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book["01-XLD"]
    ids = [c.value for c in sheet[4]]
    figures = dict(zip(ids, [c.value for c in sheet[5]], strict=True))
    assert figures["(3)"] == 3
    assert figures["(4)"] == 3
    assert figures["(1)"] == 3
    assert all(row[4].value == "Đúng" for row in book["Kiem tra"].iter_rows(min_row=2))
    docx = client.get(PERIODIC, query(office.unit, "docx")).content
    rows = [[c.text for c in r.cells] for t in Document(io.BytesIO(docx)).tables for r in t.rows]
    assert ["3", "Đơn tiếp nhận trong kỳ", "3"] in rows
    assert ["1", "Tổng số vụ việc thuộc thẩm quyền", "0"] in rows
    text = docx_text(docx)
    assert "BÁO CÁO" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Biểu 01/XLD" in text
    assert "Đơn tiếp nhận trong kỳ" in text
    entries = AuditEntry.objects.filter(action=AuditAction.PERIODIC_DOWNLOADED)
    assert entries.count() == 2
    entry = entries.order_by("pk").first()
    assert entry.actor_id == office.leader.pk
    assert entry.extra["year"] == 2026
    assert entry.extra["period"] == "q2"
    assert entry.extra["format"] == "xlsx"
    assert entry.extra["unit"] == office.unit.pk


def test_register_book_follows_its_columns_and_never_names_the_denouncer(client, office):
    RegisterColumn.objects.filter(key="field").update(active=False)
    RegisterColumn.objects.filter(key="signers").update(label="Người gửi đơn (đã sửa)")
    client.force_login(office.leader)
    page = client.get(BOOK, query(office.unit))
    assert page.context["total"] == 3
    assert f.DENOUNCER.full_name not in page.content.decode()
    book = load_workbook(io.BytesIO(client.get(BOOK, query(office.unit, "xlsx")).content))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert "Người gửi đơn (đã sửa)" in header
    assert "Lĩnh vực" not in header
    assert sheet.max_row == 4  # the heading and three letters of the quarter
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    text = docx_text(client.get(BOOK, query(office.unit, "docx")).content)
    for secret in f.identity_strings(f.DENOUNCER):
        assert secret not in cells
        assert secret not in text
    assert "SỔ THEO DÕI ĐƠN" in text
    assert AuditEntry.objects.filter(action=AuditAction.REGISTER_BOOK_DOWNLOADED).count() == 2


def test_national_export_documents_its_fields_without_the_denouncer(client, office):
    client.force_login(office.leader)
    data = json.loads(client.get(NATIONAL, query(office.unit, "json")).content)
    assert data["format"] == "danvan-nd55-1"
    assert len(data["letters"]) == 3
    assert data["receptions"] == []
    assert set(data["letters"][0]) == set(data["letter_fields"])
    protected = [r for r in data["letters"] if r["identity_protected"]]
    assert len(protected) == 1
    assert protected[0]["kind"] == "TC"
    assert protected[0]["sender_name"] == ""
    assert protected[0]["sender_address"] == ""
    raw = json.dumps(data, ensure_ascii=False)
    for secret in f.identity_strings(f.DENOUNCER):
        assert secret not in raw
    book = load_workbook(io.BytesIO(client.get(NATIONAL, query(office.unit, "xlsx")).content))
    assert book["letters"].max_row == 4
    assert AuditEntry.objects.filter(action=AuditAction.NATIONAL_EXPORTED).count() == 2


def test_register_rows_take_a_bounded_number_of_queries(office, django_assert_max_num_queries):
    from danvan.letters.report_rows import national_rows, register_rows

    f.receive_distinct(office.unit, office.receiver, 12, received_on=D(2026, 4, 3))
    letters = Letter.objects.filter(unit=office.unit)
    with django_assert_max_num_queries(2):
        assert len(register_rows(letters)) == 16
    with django_assert_max_num_queries(2):
        assert len(national_rows(letters)) == 16


@pytest.mark.pdf
def test_the_report_and_the_register_book_open_as_pdf(client, office):
    client.force_login(office.leader)
    report = read_pdf(client.get(PERIODIC, query(office.unit, "pdf")).content)
    assert not report.contains("BÁO CÁO", "Biểu 01/XLD", "Đơn tiếp nhận trong kỳ 3")
    book = read_pdf(client.get(BOOK, query(office.unit, "pdf")).content)
    assert not book.contains("SỔ THEO DÕI ĐƠN")
    assert f.DENOUNCER.full_name not in book.text
    assert book.pages_mm[0][0] > book.pages_mm[0][1]  # landscape


@pytest.mark.parametrize("url", [PERIODIC, BOOK, NATIONAL])
def test_a_report_file_takes_as_many_queries_for_many_letters_as_for_few(client, office, url):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(office.leader)

    def queries():
        cache.clear()  # the figures computed again each time, not read from the cache
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url, query(office.unit, "xlsx")).status_code == 200
        return len(seen)

    few = queries()
    f.receive_distinct(office.unit, office.receiver, 9, received_on=D(2026, 5, 4))
    f.denunciation(office.unit, office.receiver, received_on=D(2026, 5, 5))
    assert queries() == few
