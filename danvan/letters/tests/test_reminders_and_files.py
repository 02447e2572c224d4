"""The officers' daily digest, and attachments checked by content."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

from danvan.letters import files
from danvan.letters.services import handling
from danvan.letters.tests.conftest import MakeLetter, Office
from danvan.workflow.reminders import reminders_send

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_daily_digest_names_overdue_and_due_soon_work_once_a_day(
    make_letter: MakeLetter, office: Office, django_capture_on_commit_callbacks: object
) -> None:
    overdue = make_letter(received_on=dt.date(2026, 10, 1))  # due 15/10
    soon = make_letter(
        received_on=dt.date(2026, 11, 13),
        subject="Khiếu nại khác",
        content="Một nội dung hoàn toàn khác về giấy phép xây dựng nhà ở.",
    )
    make_letter(received_on=dt.date(2026, 11, 25), subject="Mới", content="Đơn mới về học phí.")
    letter = handling.letter_classify(
        letter=make_letter(
            received_on=dt.date(2026, 9, 1),
            subject="Vụ việc",
            content="Khiếu nại về bồi thường giải phóng mặt bằng.",
        ),
        actor=office.receiver,
        data=handling.Classification(kind="complaint", competent_unit=office.unit, summary="x"),
    )
    case = handling.letter_accept(
        letter=letter, actor=office.leader, accepted_on=dt.date(2026, 9, 2)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        sent = reminders_send(dt.date(2026, 11, 26))
    assert sent == 2  # the receiving officer and the leader
    to_receiver = next(m for m in mail.outbox if m.to == [office.receiver.email])
    assert overdue.register_label in to_receiver.body
    assert soon.register_label in to_receiver.body
    assert case.number not in to_receiver.body
    to_leader = next(m for m in mail.outbox if m.to == [office.leader.email])
    assert case.number in to_leader.body
    assert "Mới" not in to_leader.body
    assert reminders_send(dt.date(2026, 11, 26)) == 0


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_a_photo_is_re_encoded_without_its_gps_metadata() -> None:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0)}  # GPSInfo
    exif[0x010F] = "Máy ảnh thử"  # camera maker
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    checked = files.check_upload(_upload("anh.jpg", buffer.getvalue()))
    assert checked.content_type == "image/jpeg"
    with Image.open(io.BytesIO(checked.data)) as cleaned:
        assert not cleaned.getexif()


def test_a_real_pdf_and_docx_pass_and_keep_a_safe_name() -> None:
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(buffer)
    checked = files.check_upload(_upload("../../đơn khiếu nại.pdf", buffer.getvalue()))
    assert checked.content_type == "application/pdf"
    assert "/" not in checked.name
    assert checked.name.endswith(".pdf")
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert files.check_upload(_upload("don.docx", docx.getvalue())).extension == "docx"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("hoa-don.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),  # a Windows program
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"not really a picture" * 10),
        ("tai-lieu.pdf", b"%PDF-1.7\n garbage that is no PDF"),
        ("macro.docx", b""),
        ("trang.txt", "Chỉ là chữ".encode()),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(name: str, data: bytes) -> None:
    if name == "macro.docx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<document/>")
            archive.writestr("word/vbaProject.bin", b"\x00\x01")
        data = buffer.getvalue()
    with pytest.raises(files.FileRejectedError):
        files.check_upload(_upload(name, data))


def test_a_file_over_the_limit_is_refused_before_it_is_read(settings: object) -> None:
    settings.DANVAN_LETTER_MAX_FILE_MB = 1  # type: ignore[attr-defined]
    with pytest.raises(files.FileRejectedError, match="larger"):
        files.check_upload(_upload("lon.pdf", b"%PDF" + b"0" * (1024 * 1024 + 10)))


def test_the_letters_work_item_sources_read_the_same_queries_for_one_item_or_many(
    make_letter: MakeLetter, office: Office, django_assert_num_queries: Any
) -> None:
    from danvan.letters.work_items import case_items, letter_items
    from danvan.workflow.work_items import Window

    topics = (
        "bồi thường giải phóng mặt bằng",
        "cấp giấy chứng nhận quyền sử dụng đất",
        "chế độ thương binh liệt sĩ",
        "xử phạt vi phạm hành chính về trật tự xây dựng",
    )

    def accepted_case(n: int) -> None:
        letter = handling.letter_classify(
            letter=make_letter(
                received_on=dt.date(2026, 9, 1),
                subject=f"Vụ việc {n}",
                content=f"Khiếu nại quyết định về {topics[n]}.",
            ),
            actor=office.receiver,
            data=handling.Classification(kind="complaint", competent_unit=office.unit, summary="x"),
        )
        handling.letter_accept(letter=letter, actor=office.leader, accepted_on=dt.date(2026, 9, 2))

    window = Window("letters", dt.date(2026, 11, 26), dt.date(2026, 12, 1))
    make_letter(received_on=dt.date(2026, 10, 1))
    accepted_case(0)
    list(letter_items(window))  # the calendar's years are read once and cached
    with django_assert_num_queries(2):
        assert len(list(letter_items(window))) == 1
    with django_assert_num_queries(3):
        assert len(list(case_items(window))) == 1
    for n in range(1, 4):
        make_letter(
            received_on=dt.date(2026, 10, 1),
            subject=f"Đơn {n}",
            content=f"Phản ánh về {('tiếng ồn ban đêm', 'rác thải', 'ngập úng')[n - 1]}.",
        )
        accepted_case(n)
    with django_assert_num_queries(2):
        assert len(list(letter_items(window))) == 4
    with django_assert_num_queries(3):
        items = list(case_items(window))
    assert len(items) == 4
    assert all(office.leader.pk in item.people for item in items)  # no resolver: the leaders
