"""The case file (hồ sơ giải quyết): its documents in the legal order, its export as one PDF
with numbered pages, who may read it, and closing it and handing it to the archive."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter

from danvan.core import calendar
from danvan.core.models import AuditEntry
from danvan.documents.testing import issue_drafts_about
from danvan.letters import case_file
from danvan.letters.audit_actions import AuditAction
from danvan.letters.case_file import Item, Part, Record
from danvan.letters.errors import CaseError
from danvan.letters.models import Case, CaseFile, Letter
from danvan.letters.services import cases
from danvan.letters.tests import factories as lf
from danvan.workflow.rules import Urgency
from danvan.workflow.work_items import due_items

pytestmark = pytest.mark.django_db

TODAY = calendar.today_local


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world() -> lf.World:
    return lf.make_world()


def pdf_bytes(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _open_case(office: lf.Office, letter: Letter, handlers=None) -> Case:
    case = lf.accept(letter, office.leader, resolver=office.leader)
    ids = [u.pk for u in handlers or [office.handler]]
    return cases.case_assign(case=case, actor=office.leader, handler_ids=ids)


def complaint_case(office: lf.Office, *, files: bool = False) -> Case:
    """A complaint with a verification note and dialogue minutes, decided by the head."""
    attachments = []
    if files:
        attachments = [
            lf.png_upload("anh-hien-truong.png"),
            SimpleUploadedFile("ban-sao-quyet-dinh.pdf", pdf_bytes(2), "application/pdf"),
        ]
    letter = lf.receive(office.unit, office.receiver, attachments=attachments).letter
    case = _open_case(office, letter)
    cases.case_note_add(
        case=case, actor=office.handler, kind="verification", occurred_on=TODAY(),
        text="Đã xác minh tại thửa đất.", place="Thôn Đông",
    )  # fmt: skip
    cases.case_note_add(
        case=case, actor=office.handler, kind="dialogue", occurred_on=TODAY(),
        text="Đối thoại với người khiếu nại.", participants="Các bên", signed_by_all=True,
    )  # fmt: skip
    return cases.case_decide(
        case=case, actor=office.leader, outcome="rejected", findings="Kết quả xác minh.",
        conclusion="Khiếu nại không đúng.", decided_on=TODAY(),
        # What a complaint decision must hold (Luật Khiếu nại Art. 31(2)).
        legal_grounds="Luật Đất đai 2024", contested_measure="keep",
        dialogue_result="Các bên giữ nguyên ý kiến.",
    )  # fmt: skip


def sent(case: Case, actor) -> Case:
    issue_drafts_about(case)
    return cases.case_send(case=case, actor=actor, sent_on=TODAY())


def denunciation_case(office: lf.Office, handlers=None) -> Case:
    case = _open_case(office, lf.denunciation(office.unit, office.receiver), handlers)
    return cases.case_decide(
        case=case, actor=office.leader, outcome="rejected", findings="Kết quả xác minh.",
        conclusion="Tố cáo không đúng.", decided_on=TODAY(),
    )  # fmt: skip


# --- the order --------------------------------------------------------------------------------


def test_the_parts_follow_the_legal_order_and_hold_the_case_documents(world):
    """Luật Khiếu nại Art. 34; TT 07/2013/TT-TTCP Art. 23: the letter and its files, the
    acceptance, verification, dialogue minutes, the decision, its sending, in that order."""
    office = world.office
    case = sent(complaint_case(office, files=True), office.leader)
    parts = case_file.case_file_parts(viewer=office.handler, case=case)
    assert [fp.part.key for fp in parts] == [
        "letter", "acceptance", "verification", "dialogue", "course", "decision", "sending",
        "publication", "other",
    ]  # fmt: skip
    by_key = {fp.part.key: fp.items for fp in parts}
    assert [i.kind for i in by_key["letter"]] == ["record", "attachment", "attachment"]
    assert [i.document.template_key for i in by_key["acceptance"]] == ["letters.acceptance"]
    assert [i.key.split(":")[0] for i in by_key["verification"]] == ["assignment", "note"]
    assert len(by_key["dialogue"]) == 1
    assert [i.document.template_key for i in by_key["decision"]] == ["letters.complaint_decision"]
    assert [i.key.split(":")[0] for i in by_key["sending"]] == ["sending"]
    assert by_key["publication"] == []
    assert by_key["other"] == []
    # The letter's record holds the signer for those who read the whole file.
    letter_record = by_key["letter"][0].record
    assert any(lf.COMPLAINANT.full_name in value for _label, value in letter_record.rows)


def test_a_part_registered_later_takes_its_place_without_changing_the_others(world):
    """Luật Tố cáo Art. 39; TT 07/2013/TT-TTCP Art. 23: the verification report goes between
    the course of the case and the decision; a context adding it only registers a part."""
    office = world.office
    case = complaint_case(office)

    def report(src: case_file.Sources) -> list[Item]:
        return [Item(key="report:1", title="Báo cáo", on=TODAY(), record=Record("Báo cáo"))]

    case_file.register_part(Part("report", 60, "Báo cáo kết quả xác minh", report))
    try:
        keys = [fp.part.key for fp in case_file.case_file_parts(viewer=office.leader, case=case)]
    finally:
        case_file._PARTS.pop("report")
    assert keys.index("course") < keys.index("report") < keys.index("decision")


# --- who reads it -----------------------------------------------------------------------------


def test_only_those_working_on_the_case_who_may_read_the_identity_open_the_file(client, world):
    """Luật Tố cáo Arts. 8(3), 47, 56: the file of a denunciation names the denouncer; a
    handler of another unit, an inspector, a receiving officer after acceptance, the citizen and
    the person denounced are refused (the file's page and its PDF, checked on the server)."""
    office = world.office
    # Even assigned to the case, the person denounced never reads its file.
    case = denunciation_case(office, handlers=[office.handler, office.other_handler])
    Letter.objects.filter(pk=case.letter_id).update(denounced_user=office.other_handler)
    case.refresh_from_db()
    page = reverse("letters:staff-case-file", args=[case.pk])
    pdf = reverse("letters:staff-case-file-pdf", args=[case.pk])
    refused = {
        "handler of another unit": (world.elsewhere.handler, 404),
        "inspector": (office.inspector, 403),
        "receiving officer": (office.receiver, 403),
        "citizen": (world.citizen, 403),
        "person denounced": (office.other_handler, 403),
    }
    for who, (person, code) in refused.items():
        client.force_login(person)
        for url in (page, pdf):
            assert client.get(url).status_code == code, (who, url)
    client.force_login(office.handler)
    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dialogue minutes" in html
    assert pdf in html
    # The case page links the file for its readers only.
    case_page = reverse("letters:staff-case-detail", args=[case.pk])
    assert pdf in client.get(case_page).content.decode()
    client.force_login(office.inspector)
    assert pdf not in client.get(case_page).content.decode()
    with pytest.raises(PermissionDenied):
        case_file.case_file_parts(viewer=office.inspector, case=case)


# --- closing and archiving --------------------------------------------------------------------


def test_the_file_is_not_closed_before_the_decision_is_sent(world):
    """TT 07/2013/TT-TTCP Art. 23: the file is closed once the decision has been sent."""
    office = world.office
    case = complaint_case(office)
    with pytest.raises(CaseError, match=re.escape("TT 07/2013/TT-TTCP Art. 23")):
        case_file.case_file_close(case=case, actor=office.handler)
    assert not CaseFile.objects.exists()


def test_the_file_of_a_denunciation_is_not_closed_before_its_conclusion_is_published(world):
    """TT 07/2013/TT-TTCP Art. 23; Luật Tố cáo Art. 40; NĐ 31/2019 Art. 6: sent is not enough
    where the law requires publication; once published the file closes and takes no more."""
    office = world.office
    case = sent(denunciation_case(office), office.handler)
    with pytest.raises(CaseError, match=re.escape("Luật Tố cáo 2018, Điều 40")):
        case_file.case_file_close(case=case, actor=office.handler)
    cases.publication_create(
        case=case, actor=office.handler, title="Công khai kết luận",
        text="Kết luận nội dung tố cáo.", starts_on=TODAY(),
    )  # fmt: skip
    case.refresh_from_db()
    closing = case_file.case_file_close(case=case, actor=office.handler)
    assert closing.closed_on == TODAY()
    assert closing.closed_by == office.handler
    case.refresh_from_db()
    with pytest.raises(CaseError, match="closed"):
        cases.publication_create(
            case=case, actor=office.handler, title="Thêm", text="Thêm.", starts_on=TODAY()
        )


def test_the_hand_over_is_due_thirty_days_after_closing_and_is_a_work_item_until_done(world):
    """TT 07/2013/TT-TTCP Art. 23: hand the file to the archive within 30 days of closing (the
    rule archive.case_file); an overdue hand-over is a work item of the case's handlers."""
    office = world.office
    case = sent(complaint_case(office), office.leader)
    closing = case_file.case_file_close(case=case, actor=office.handler, closed_on=TODAY())
    assert closing.archive_rule.key == "archive.case_file"
    assert closing.archive_rule.legal_basis == "Thông tư 07/2013/TT-TTCP, Điều 23"
    # 30 calendar days, the last day moved past a holiday or weekend (Civil Code Art. 148).
    assert closing.archive_due_on == calendar.add_period(TODAY(), 30, "calendar_days")
    assert closing.archive_due_on >= TODAY() + dt.timedelta(days=30)

    late = closing.archive_due_on + dt.timedelta(days=1)
    key = f"letters.casefile:{closing.pk}"
    found = {i.key: i for i in due_items(late)}
    assert found[key].urgency == Urgency.OVERDUE
    assert office.handler.pk in found[key].people
    assert found[key].rule_key == "archive.case_file"
    assert key not in {i.key for i in due_items(TODAY())}  # not due soon yet

    case.refresh_from_db()
    with pytest.raises(CaseError, match="two groups"):
        case_file.case_file_archive(
            case=case, actor=office.receiver, handed_on=TODAY(), archive_reference="HS-01",
            group_one="Đơn, quyết định", group_two="",
        )  # fmt: skip
    case_file.case_file_archive(
        case=case, actor=office.receiver, handed_on=TODAY(), archive_reference="HS-2026-01",
        group_one="Đơn, thông báo thụ lý, biên bản, quyết định", group_two="Tài liệu khác",
    )  # fmt: skip
    closing.refresh_from_db()
    assert closing.handed_on == TODAY()
    assert closing.handed_by == office.receiver
    assert key not in {i.key for i in due_items(late)}
    assert AuditEntry.objects.filter(action=AuditAction.CASE_FILE_ARCHIVED).count() == 1


def test_closing_and_archiving_are_plain_forms_on_the_case_page(client, world):
    """TT 07/2013/TT-TTCP Art. 23: the officers record the closing and the hand-over (no
    head's decision); the page works without JavaScript (a POST and a redirect)."""
    office = world.office
    case = sent(complaint_case(office), office.leader)
    case.refresh_from_db()
    client.force_login(office.handler)
    page = client.get(reverse("letters:staff-case-detail", args=[case.pk])).content.decode()
    close_url = reverse("letters:staff-case-close_file", args=[case.pk])
    assert f'action="{close_url}"' in page
    response = client.post(
        close_url, {"close_file-closed_on": TODAY().isoformat(), "close_file-version": case.version}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    archive_url = reverse("letters:staff-case-archive_file", args=[case.pk])
    response = client.post(
        archive_url,
        {
            "archive_file-handed_on": TODAY().isoformat(),
            "archive_file-archive_reference": "HS-2026-07",
            "archive_file-group_one": "Nhóm 1",
            "archive_file-group_two": "Nhóm 2",
            "archive_file-version": case.version,
        },
    )
    assert response.status_code == 302
    closing = CaseFile.objects.get(case=case)
    assert closing.archive_reference == "HS-2026-07"


# --- the PDF ----------------------------------------------------------------------------------


@pytest.mark.pdf
def test_the_file_is_one_pdf_with_its_contents_and_every_page_numbered(client, world):
    """Luật Khiếu nại Art. 34 (the pages of the file are numbered); TT 07/2013/TT-TTCP
    Art. 23: the cover lists every document with its pages, which follow one another to the
    last page; notices, records, a PDF and a picture received are all inside."""
    office = world.office
    case = sent(complaint_case(office, files=True), office.leader)
    case_file.case_file_close(case=case, actor=office.handler)
    client.force_login(office.handler)
    response = client.get(reverse("letters:staff-case-file-pdf", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    reader = PdfReader(io.BytesIO(content), strict=True)
    total = len(reader.pages)
    texts = [page.extract_text() or "" for page in reader.pages]
    for number, text in enumerate(texts, start=1):
        assert f"Trang {number}/{total}" in text, number
    cover = texts[0]
    assert "MỤC LỤC" in cover
    assert case.number in cover
    assert office.unit.name in cover

    # The table's page ranges: consecutive, from the page after the cover to the last page.
    parts = case_file.case_file_parts(viewer=office.handler, case=case)
    count = sum(len(p.items) for p in parts)
    ranges: list[tuple[int, int]] = []
    cover_pages = 0
    while len(ranges) < count and cover_pages < 3:
        cover_pages += 1
        toc = "\n".join(texts[:cover_pages])
        ranges = [
            (int(a), int(b or a))
            for a, b in re.findall(r"\d\d/\d\d/\d{4} (\d+)(?:–(\d+))?$", toc, re.M)
        ]
    assert len(ranges) == count, toc
    assert ranges[0][0] == cover_pages + 1
    assert ranges[-1][1] == total
    for (_a, end), (start, _b) in itertools.pairwise(ranges):
        assert start == end + 1, toc
    cover_pages = ranges[0][0] - 1
    assert cover_pages + sum(b - a + 1 for a, b in ranges) == total
    # The received PDF keeps its two pages; the picture is one page.
    kinds = [i.attachment.content_type for p in parts for i in p.items if i.attachment]
    assert kinds == ["image/png", "application/pdf"]
    picture, scan = ranges[1], ranges[2]
    assert picture[1] - picture[0] == 0
    assert scan[1] - scan[0] == 1
    # The decision notice is in it with its Vietnamese text.
    assert any(case.decision_document.symbol in t for t in texts[cover_pages:])
    assert AuditEntry.objects.filter(action=AuditAction.CASE_FILE_EXPORTED).count() == 1
