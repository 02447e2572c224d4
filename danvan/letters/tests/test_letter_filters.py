"""The letters list filters by field, channel, the matter's province and date ranges (received,
due, decided); the end of a reversed range is named beside its field and left out."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danvan.letters.choices import Channel
from danvan.letters.models import Letter
from danvan.letters.tests import factories as lf
from danvan.organizations.tests import factories as org

pytestmark = pytest.mark.django_db

LETTERS = reverse("letters:staff-letter-list")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def _shown(client, **query) -> set[str]:
    response = client.get(LETTERS, query)
    assert response.status_code == 200
    return {row.obj.subject for row in response.context["work"].rows}


@pytest.fixture
def office_letters():
    office = lf.make_office()
    day = dt.date(2026, 11, 2)
    made = {}
    for i, (subject, channel) in enumerate(
        [
            ("Đơn gửi qua bưu điện", Channel.POST),
            ("Đơn phản ánh qua đường dây nóng", Channel.HOTLINE),
            ("Đơn nộp trực tiếp", Channel.IN_PERSON),
        ]
    ):
        made[subject] = lf.receive(
            office.unit,
            office.receiver,
            subject=subject,
            channel=channel,
            received_on=day + dt.timedelta(days=7 * i),
        ).letter
    return office, made


def test_filters_by_channel_field_and_province(client, office_letters):
    office, made = office_letters
    land = org.FieldFactory(name="Đất đai")
    province = org.ProvinceFactory()
    Letter.objects.filter(pk=made["Đơn nộp trực tiếp"].pk).update(field=land)
    Letter.objects.filter(pk=made["Đơn gửi qua bưu điện"].pk).update(province=province)
    client.force_login(office.receiver)
    assert _shown(client, channel=Channel.HOTLINE) == {"Đơn phản ánh qua đường dây nóng"}
    assert _shown(client, field=land.pk) == {"Đơn nộp trực tiếp"}
    assert _shown(client, province=province.pk) == {"Đơn gửi qua bưu điện"}
    assert len(_shown(client)) == 3


def test_filters_by_received_and_due_ranges(client, office_letters):
    office, made = office_letters
    client.force_login(office.receiver)
    assert _shown(client, received_from="2026-11-09") == {
        "Đơn phản ánh qua đường dây nóng",
        "Đơn nộp trực tiếp",
    }
    assert _shown(client, received_from="2026-11-03", received_to="2026-11-10") == {
        "Đơn phản ánh qua đường dây nóng"
    }
    first = Letter.objects.get(pk=made["Đơn gửi qua bưu điện"].pk)
    assert first.due_on is not None
    assert _shown(client, due_to=first.due_on.isoformat()) == {"Đơn gửi qua bưu điện"}


def test_filters_by_decision_date_of_the_case(client, office_letters):
    office, made = office_letters
    case = lf.accept(made["Đơn nộp trực tiếp"], office.leader, resolver=office.leader)
    type(case).objects.filter(pk=case.pk).update(decided_on=dt.date(2026, 11, 25))
    client.force_login(office.leader)
    assert _shown(client, decided_from="2026-11-20", decided_to="2026-11-30") == {
        "Đơn nộp trực tiếp"
    }
    assert _shown(client, decided_from="2026-11-26") == set()


def test_the_end_of_a_reversed_range_is_named_and_left_out(client, office_letters):
    office, _made = office_letters
    client.force_login(office.receiver)
    response = client.get(LETTERS, {"received_from": "2026-11-10", "received_to": "2026-11-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This date is before the start of the range." in html
    assert [row.obj.subject for row in response.context["work"].rows] == ["Đơn nộp trực tiếp"]
    bad = client.get(LETTERS, {"received_from": "not a date", "channel": "pigeon"})
    assert bad.status_code == 200
    assert len(bad.context["work"].rows) == 3


def test_the_less_used_filters_open_only_when_one_is_set(client, office_letters):
    office, _made = office_letters
    client.force_login(office.receiver)
    closed = client.get(LETTERS, {"status": "open"}).content.decode()
    assert '<details class="filters-more">' in closed
    assert 'name="channel"' in closed  # still in the page: it works without JavaScript
    opened = client.get(LETTERS, {"channel": Channel.POST}).content.decode()
    assert '<details class="filters-more" open>' in opened
    wrong = client.get(LETTERS, {"due_from": "31/31/2026"}).content.decode()
    assert '<details class="filters-more" open>' in wrong


def test_the_register_export_reads_the_same_filters_as_the_list(client, office_letters):
    office, _made = office_letters
    client.force_login(office.receiver)
    query = {"channel": Channel.HOTLINE, "received_from": "2026-11-01"}
    response = client.get(reverse("letters:staff-letter-export"), query)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = {str(c.value) for row in book.active.iter_rows() for c in row if c.value}
    assert "Đơn phản ánh qua đường dây nóng" in cells
    assert "Đơn gửi qua bưu điện" not in cells
    assert "Đơn nộp trực tiếp" not in cells
