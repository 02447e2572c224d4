"""Back office: the letters list, entering a letter, the letter's page and its downloads."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.core import calendar
from danvan.letters import running_due
from danvan.letters.choices import Channel, LetterKind
from danvan.letters.models import Attachment, Letter, LetterStatusChange
from danvan.letters.states import LetterStatus
from danvan.letters.tests import factories as lf
from danvan.organizations.tests import factories as org

pytestmark = pytest.mark.django_db

LIST = reverse("letters:staff-letter-list")
CREATE = reverse("letters:staff-letter-create")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world() -> lf.World:
    return lf.make_world()


def detail(letter: Letter) -> str:
    return reverse("letters:staff-letter-detail", args=[letter.pk])


# --- the list -------------------------------------------------------------------------------


def test_list_shows_each_letter_with_its_deadline_badge(client, world):
    office = world.office
    today = calendar.today_local()
    late = lf.receive(office.unit, office.receiver, subject="Đơn quá hạn").letter
    soon = lf.receive(office.unit, office.receiver, subject="Đơn sắp đến hạn").letter
    fresh = lf.receive(office.unit, office.receiver, subject="Đơn mới nhận").letter
    Letter.objects.filter(pk=late.pk).update(due_on=today - dt.timedelta(days=3))
    Letter.objects.filter(pk=soon.pk).update(due_on=calendar.add_working_days(today, 2))
    Letter.objects.filter(pk=fresh.pk).update(due_on=calendar.add_working_days(today, 9))
    running_due.store([late.pk, soon.pk, fresh.pk])  # what the gate keeps after a change
    client.force_login(office.receiver)
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    for letter in (late, soon, fresh):
        assert letter.register_label in page
        assert detail(letter) in page
    assert "Overdue" in page
    assert "Due soon" in page
    assert "2 working days left" in page
    assert "9 working days left" in page
    assert "Complaint" in page
    assert office.unit.name in page
    # The most urgent comes first.
    assert page.index("Đơn quá hạn") < page.index("Đơn sắp đến hạn") < page.index("Đơn mới nhận")


def test_list_offers_entry_only_to_those_who_register_letters(client, world):
    office = world.office
    client.force_login(office.receiver)
    assert CREATE in client.get(LIST).content.decode()
    for person in (office.handler, office.inspector):
        client.force_login(person)
        response = client.get(LIST)
        assert response.status_code == 200
        assert CREATE not in response.content.decode()


def test_list_filters_by_text_status_kind_unit_and_urgency(client, world):
    office = world.office
    today = calendar.today_local()
    complaint = lf.receive(office.unit, office.receiver, subject="Khiếu nại về bồi thường").letter
    petition = lf.receive(
        office.unit, office.receiver, kind=LetterKind.PETITION, subject="Kiến nghị làm đường"
    ).letter
    Letter.objects.filter(pk=petition.pk).update(due_on=today - dt.timedelta(days=1))
    filed = lf.receive(office.unit, office.receiver, subject="Đơn đã lưu").letter
    Letter.objects.filter(pk=filed.pk).update(status=LetterStatus.ARCHIVED)
    running_due.store([petition.pk, filed.pk])  # what the gate keeps after a change
    client.force_login(office.receiver)

    def shown(**params):
        # A search marks the matched words: read the page without the marks.
        page = re.sub(r"</?mark>", "", client.get(LIST, params).content.decode())
        return {x.subject for x in (complaint, petition, filed) if x.subject in page}

    assert shown(q="boi thuong") == {complaint.subject}  # folded: no diacritics needed
    assert shown(q=petition.tracking_code) == {petition.subject}
    assert shown(status="open") == {complaint.subject, petition.subject}
    assert shown(status=LetterStatus.ARCHIVED) == {filed.subject}
    assert shown(kind=LetterKind.PETITION) == {petition.subject}
    assert shown(unit=office.unit.pk) == {complaint.subject, petition.subject, filed.subject}
    assert shown(urgency="overdue") == {petition.subject}


def test_list_shows_only_letters_of_the_viewers_units(client, world):
    mine = lf.receive(world.office.unit, world.office.receiver, subject="Đơn của xã Đông").letter
    theirs = lf.receive(
        world.elsewhere.unit, world.elsewhere.receiver, subject="Đơn của xã Tây"
    ).letter
    client.force_login(world.office.receiver)
    page = client.get(LIST).content.decode()
    assert mine.subject in page
    assert theirs.subject not in page
    # Another unit's id in the filter shows nothing rather than failing.
    response = client.get(LIST, {"unit": world.elsewhere.unit.pk})
    assert response.status_code == 200
    assert theirs.subject not in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"status": "zzz", "kind": "nope", "urgency": "yesterday"},
        {"unit": "abc", "page": "-1"},
        {"unit": "99999999999999999999", "page": "999999"},
        {"q": "x" * 500},
        {"q": "\x00", "status": "\x00"},
        {"page": "NaN"},
    ],
)
def test_list_survives_junk_query_parameters(client, world, params):
    lf.receive(world.office.unit, world.office.receiver)
    client.force_login(world.office.receiver)
    assert client.get(LIST, params).status_code == 200


#: The letters list's queries for a receiving officer (no units below theirs).
LIST_MAX_QUERIES = 17


def test_list_queries_do_not_grow_with_rows(client, world, django_assert_num_queries):
    office = world.office
    lf.receive(office.unit, office.receiver)
    denunciation = lf.denunciation(office.unit, office.receiver)
    lf.classify(denunciation, office.receiver)
    client.force_login(office.receiver)
    client.get(LIST)  # warm the session and the calendar cache
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    # The session, the person, the second factor, the permissions (2) and roles, the letters
    # assigned, the count, the page, the calendar (2), the notifications, the saved filters and
    # the filter's four choice lists.
    assert len(few.captured_queries) <= LIST_MAX_QUERIES, "\n".join(
        q["sql"][:120] for q in few.captured_queries
    )
    for i in range(30):
        lf.receive(office.unit, office.receiver, subject=f"Đơn số {i}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert response.content.decode().count("<tr>") == 26  # the header and a page of 25


def test_list_pages_by_25(client, world):
    office = world.office
    for i in range(27):
        lf.receive(office.unit, office.receiver, subject=f"Đơn thứ {i}")
    client.force_login(office.receiver)
    page_two = client.get(LIST, {"page": 2}).content.decode()
    assert "Page 2 of 2" in page_two
    assert page_two.count("<tr>") == 3


def test_list_is_for_staff_only(client, world):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(world.citizen)
    assert client.get(LIST).status_code == 403


# --- entering a letter ----------------------------------------------------------------------


def entry_data(unit, **overrides):
    today = calendar.today_local()
    data = {
        "unit": unit.pk,
        "channel": Channel.IN_PERSON,
        "received_on": today.isoformat(),
        "letter_date": (today - dt.timedelta(days=2)).isoformat(),
        "kind": LetterKind.COMPLAINT,
        "matter": "state",
        "subject": "Khiếu nại việc cấp giấy chứng nhận",
        "content": "Đề nghị xem xét lại việc từ chối cấp giấy chứng nhận quyền sử dụng đất.",
        "about": "Ủy ban nhân dân xã",
        "place": "Thôn Đông",
        "signature_method": "handwritten",
        "signers-TOTAL_FORMS": "2",
        "signers-INITIAL_FORMS": "0",
        "signers-MIN_NUM_FORMS": "0",
        "signers-MAX_NUM_FORMS": "50",
        "signers-0-full_name": lf.COMPLAINANT.full_name,
        "signers-0-phone": lf.COMPLAINANT.phone,
        "signers-0-email": lf.COMPLAINANT.email,
        "signers-0-address": lf.COMPLAINANT.address,
        "signers-0-id_number": lf.COMPLAINANT.id_number,
    }
    data.update(overrides)
    return data


def test_entry_page_for_a_receiving_officer(client, world):
    client.force_login(world.office.receiver)
    response = client.get(CREATE)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="signers-0-full_name"' in page
    assert world.office.unit.name in page
    assert world.elsewhere.unit.name not in page
    assert "Public web form" not in page  # the public channels are not entered by hand


def test_entry_registers_the_letter_and_shows_code_and_pin_once(client, world):
    office = world.office
    client.force_login(office.receiver)
    data = entry_data(office.unit, attachments=[lf.png_upload("don.png")])
    response = client.post(CREATE, data)
    letter = Letter.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(letter)
    assert letter.channel == Channel.IN_PERSON
    assert letter.received_by == office.receiver
    assert letter.signer_count == 1
    assert letter.signed
    assert letter.attachments.count() == 1
    first = client.get(detail(letter)).content.decode()
    assert letter.tracking_code in first
    assert "PIN" in first
    assert "shown only this once" in first
    second = client.get(detail(letter)).content.decode()
    assert "shown only this once" not in second


def test_entry_of_a_forwarded_letter_needs_the_body_and_its_document_number(client, world):
    client.force_login(world.office.receiver)
    response = client.post(CREATE, entry_data(world.office.unit, channel=Channel.FORWARDED))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Name the body that forwarded the letter." in page
    assert "Give the number of the forwarding document." in page
    assert not Letter.objects.exists()
    response = client.post(
        CREATE,
        entry_data(
            world.office.unit,
            channel=Channel.FORWARDED,
            forwarded_by_body="Ban Dân nguyện",
            forwarded_by_number="123/BDN-GS",
        ),
    )
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert (letter.forwarded_by_body, letter.forwarded_by_number) == (
        "Ban Dân nguyện",
        "123/BDN-GS",
    )


def test_entry_refuses_a_future_date_and_keeps_the_input(client, world):
    client.force_login(world.office.receiver)
    tomorrow = calendar.today_local() + dt.timedelta(days=1)
    response = client.post(CREATE, entry_data(world.office.unit, received_on=tomorrow.isoformat()))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The date cannot be in the future." in page
    assert "Khiếu nại việc cấp giấy chứng nhận" in page  # input kept
    assert lf.COMPLAINANT.phone in page
    assert not Letter.objects.exists()


def test_entry_shows_the_services_refusal_beside_the_form(client, world):
    client.force_login(world.office.receiver)
    # Five signers need one or two representatives (Luật Tiếp công dân Art. 29).
    extra = {"signers-TOTAL_FORMS": "5"}
    for i in range(5):
        extra[f"signers-{i}-full_name"] = f"Người ký {i}"
    response = client.post(CREATE, entry_data(world.office.unit, **extra))
    assert response.status_code == 200
    assert "names 1 or 2 representatives" in response.content.decode()
    assert not Letter.objects.exists()


def test_entry_adds_signer_rows_without_javascript(client, world):
    client.force_login(world.office.receiver)
    data = entry_data(world.office.unit, add_rows="1", extra_rows="3")
    response = client.post(CREATE, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="signers-4-full_name"' in page
    assert 'name="signers-5-full_name"' not in page
    assert lf.COMPLAINANT.full_name in page  # typed rows are kept
    assert "Khiếu nại việc cấp giấy chứng nhận" in page
    assert not Letter.objects.exists()


def test_entry_chooses_the_province_then_its_commune_as_the_public_form(client, world):
    ward = org.WardFactory(name="Phường Hoàn Kiếm Thử")
    other = org.WardFactory(name="Xã Khác Tỉnh Thử")
    client.force_login(world.office.receiver)
    # Without JavaScript: the province, then "Show the communes" lists its communes only.
    data = entry_data(world.office.unit, province=ward.province_id, action="communes")
    response = client.post(CREATE, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'value="{ward.pk}"' in page
    assert f'value="{other.pk}"' not in page
    assert 'data-wards-url="/gui-don/xa-phuong/"' in page
    assert not Letter.objects.exists()
    # A commune of another province is refused beside the field.
    response = client.post(
        CREATE, entry_data(world.office.unit, province=ward.province_id, ward=other.pk)
    )
    assert "Choose a commune or ward of this province." in response.content.decode()
    assert not Letter.objects.exists()
    response = client.post(
        CREATE, entry_data(world.office.unit, province=ward.province_id, ward=ward.pk)
    )
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.ward == ward
    assert letter.province == ward.province


def test_entry_refuses_a_unit_where_the_officer_does_not_register(client, world):
    client.force_login(world.office.receiver)
    response = client.post(CREATE, entry_data(world.elsewhere.unit))
    assert response.status_code == 200
    assert not Letter.objects.exists()


def test_entry_is_refused_to_those_who_do_not_register_letters(client, world):
    assert client.get(CREATE).status_code == 302
    for person in (world.office.handler, world.office.inspector, world.citizen):
        client.force_login(person)
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, entry_data(world.office.unit)).status_code == 403
    assert not Letter.objects.exists()


# --- the letter's page and its files ------------------------------------------------------


def test_letter_page_shows_register_data_history_and_identity_to_the_receiver(client, world):
    office = world.office
    letter = lf.receive(office.unit, office.receiver).letter
    client.force_login(office.receiver)
    response = client.get(detail(letter))
    assert response.status_code == 200
    page = response.content.decode()
    assert letter.register_label in page
    assert letter.tracking_code in page
    assert "In person at the reception office" in page
    assert lf.COMPLAINANT.full_name in page
    assert lf.COMPLAINANT.phone in page
    assert office.receiver.get_full_name() in page  # the history names the officer
    assert letter.content in page
    assert reverse("letters:staff-letter-classify", args=[letter.pk]) in page


def test_letter_page_shows_the_history_including_internal_steps(client, world):
    office = world.office
    letter = lf.receive(office.unit, office.receiver).letter
    LetterStatusChange.objects.create(
        letter=letter,
        from_status="received",
        to_status="received",
        reason="Ghi chú nội bộ",
        public=False,
        actor=office.leader,
    )
    client.force_login(office.inspector)
    page = client.get(detail(letter)).content.decode()
    assert "Ghi chú nội bộ" in page
    assert office.leader.get_full_name() in page


def test_attachment_download_sets_safe_headers(client, world):
    office = world.office
    letter = lf.receive(office.unit, office.receiver, attachments=[lf.png_upload()]).letter
    attachment = letter.attachments.get()
    client.force_login(office.receiver)
    url = reverse("letters:staff-letter-attachment", args=[letter.pk, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_attachment_of_another_letter_or_unit_is_not_found(client, world):
    office = world.office
    letter = lf.receive(office.unit, office.receiver, attachments=[lf.png_upload()]).letter
    other = lf.receive(office.unit, office.receiver).letter
    attachment = letter.attachments.get()
    client.force_login(office.receiver)
    url = reverse("letters:staff-letter-attachment", args=[other.pk, attachment.pk])
    assert client.get(url).status_code == 404
    client.force_login(world.elsewhere.receiver)
    url = reverse("letters:staff-letter-attachment", args=[letter.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_denunciation_originals_are_served_only_to_identity_readers(client, world):
    office = world.office
    letter = lf.denunciation(office.unit, office.receiver, attachments=[lf.png_upload()])
    original = letter.attachments.get()
    url = reverse("letters:staff-letter-attachment", args=[letter.pk, original.pk])
    client.force_login(office.inspector)
    assert client.get(url).status_code == 404
    page = client.get(detail(letter)).content.decode()
    assert url not in page
    client.force_login(office.receiver)
    assert client.get(url).status_code == 200
    assert Attachment.objects.filter(letter=letter).count() == 1
