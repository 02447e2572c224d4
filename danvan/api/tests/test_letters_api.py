"""Letters through the API: the staff list's scope, the protected identity, cursor pages,
ETags, and a citizen's app sending and tracking a letter."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from danvan.api.tests.support import api_client, bearer, key_for, problem
from danvan.letters.choices import Channel, LetterKind
from danvan.letters.models import Letter
from danvan.letters.services import handling
from danvan.letters.tests.conftest import DENOUNCER, make_office
from danvan.letters.tests.public_support import make_setting
from danvan.notifications import sms

pytestmark = pytest.mark.django_db

LETTERS = "/api/v1/letters/"


def test_a_staff_key_lists_only_the_letters_its_person_sees(office: Any, make_letter: Any) -> None:
    mine = make_letter()
    other = make_office(name="Ủy ban nhân dân xã Bên cạnh")
    theirs = make_letter(unit=other.unit, actor=other.receiver)
    client = api_client()
    token = key_for(user=office.receiver)
    response = client.get(LETTERS, **bearer(token))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
    assert client.get(f"{LETTERS}{theirs.pk}/", **bearer(token)).status_code == 404
    detail = client.get(f"{LETTERS}{mine.pk}/", **bearer(token)).json()
    assert detail["signers"][0]["full_name"] == "Lê Văn Toàn"
    assert detail["received_at"].endswith("+07:00")
    # The staff list's filters: a kind it does not have.
    found = client.get(LETTERS, {"kind": LetterKind.FEEDBACK}, **bearer(token)).json()
    assert found["results"] == []
    bad = client.get(LETTERS, {"kind": "nonsense"}, **bearer(token))
    assert bad.status_code == 400
    assert "kind" in problem(bad)["errors"]


def test_an_integration_key_never_reads_a_protected_identity(office: Any, make_letter: Any) -> None:
    letter = make_letter(
        kind=LetterKind.DENUNCIATION,
        signers=[DENOUNCER],
        subject=f"Tố cáo, người gửi {DENOUNCER.full_name}",
        content=f"Tôi là {DENOUNCER.full_name}, số điện thoại {DENOUNCER.phone}, tố cáo ông X.",
    )
    handling.letter_classify(
        letter=letter,
        actor=office.receiver,
        data=handling.Classification(
            kind="denunciation", competent_unit=office.unit, summary="Tố cáo cán bộ địa chính"
        ),
    )
    client = api_client()
    token = key_for(unit=office.unit, scopes="read")
    listed = client.get(LETTERS, **bearer(token))
    detail = client.get(f"{LETTERS}{letter.pk}/", **bearer(token))
    assert listed.status_code == detail.status_code == 200
    assert listed.json()["results"][0]["subject"] == "Tố cáo cán bộ địa chính"
    body = detail.json()
    assert body["identity_hidden"] is True
    assert body["signers"] is None
    for value in (DENOUNCER.full_name, DENOUNCER.phone, DENOUNCER.email, DENOUNCER.id_number):
        assert value not in listed.content.decode()
        assert value not in detail.content.decode()
    # The receiving officer, while classifying, still reads it (the policy decides, not the API).
    staff = client.get(f"{LETTERS}{letter.pk}/", **bearer(key_for(user=office.receiver)))
    assert staff.json()["signers"][0]["full_name"] == DENOUNCER.full_name


def test_cursor_pages_are_stable_while_letters_arrive(office: Any, make_letter: Any) -> None:
    made = [make_letter(subject=f"Thư số {i}") for i in range(5)]
    client = api_client()
    token = key_for(user=office.receiver)
    seen: list[int] = []
    url: str | None = f"{LETTERS}?page_size=2"
    pages = 0
    while url:
        page = client.get(url, **bearer(token)).json()
        seen += [row["id"] for row in page["results"]]
        if pages == 0:
            make_letter(subject="Thư đến giữa chừng")  # newer: not on the later pages
        url = page["next"]
        pages += 1
    assert seen == sorted((m.pk for m in made), reverse=True)
    assert pages == 3
    oldest_first = client.get(LETTERS, {"ordering": "id", "page_size": 3}, **bearer(token)).json()
    assert [row["id"] for row in oldest_first["results"]] == [m.pk for m in made[:3]]


def test_a_read_answers_304_to_its_own_etag(office: Any, make_letter: Any) -> None:
    letter = make_letter()
    client = api_client()
    token = key_for(user=office.receiver)
    first = client.get(f"{LETTERS}{letter.pk}/", **bearer(token))
    etag = first["ETag"]
    again = client.get(f"{LETTERS}{letter.pk}/", HTTP_IF_NONE_MATCH=etag, **bearer(token))
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    Letter.objects.filter(pk=letter.pk).update(place="Thôn Mới")
    changed = client.get(f"{LETTERS}{letter.pk}/", HTTP_IF_NONE_MATCH=etag, **bearer(token))
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    fields = client.get("/api/v1/fields/")
    assert client.get("/api/v1/fields/", HTTP_IF_NONE_MATCH=fields["ETag"]).status_code == 304


@pytest.fixture
def outboxes(settings: Any) -> None:
    settings.DANVAN_SMS_BACKEND = "locmem"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sms.outbox.clear()
    mail.outbox = []


@pytest.mark.usefixtures("outboxes")
def test_a_citizen_app_sends_a_feedback_and_tracks_it(
    django_capture_on_commit_callbacks: Any,
) -> None:
    setting = make_setting()
    client = api_client()
    data = {
        "kind": "feedback",
        "subject": "Cống thoát nước trước nhà số 12 bị tắc",
        "content": "Cống thoát nước trước nhà số 12 đường Hoa Sen bị tắc đã hai tuần.",
        "field": setting.field.pk,
        "province": setting.province.code,
        "ward": setting.ward.code,
        "place": "Trước nhà số 12 đường Hoa Sen",
        "full_name": "Phạm Thị Thu Hà",
        "phone": "0912000111",
        "address": "Số 12 đường Hoa Sen",
    }
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post("/api/v1/public/letters/", data, content_type="application/json")
    assert sent.status_code == 201, sent.content
    receipt = sent.json()
    letter = Letter.objects.get(tracking_code=receipt["tracking_code"])
    assert letter.channel == Channel.API
    assert letter.unit == setting.unit
    assert re.fullmatch(r"\d{6}", receipt["pin"])

    tracked = client.post(
        "/api/v1/public/track/",
        {"code": receipt["tracking_code"], "pin": receipt["pin"]},
        content_type="application/json",
    )
    assert tracked.status_code == 200
    body = tracked.json()
    assert body["status"] == letter.status
    assert body["subject"] == data["subject"]
    assert "Phạm Thị Thu Hà" not in tracked.content.decode()
    wrong = client.post(
        "/api/v1/public/track/",
        {"code": receipt["tracking_code"], "pin": "000000" if receipt["pin"] != "000000" else "1"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert wrong.status_code == 404
    assert problem(wrong)["type"] == "/api/problems/not-found"

    refused = client.post(
        "/api/v1/public/letters/",
        {**data, "province": "", "ward": ""},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert problem(refused)["type"] == "/api/problems/refused"
    assert "province" in refused.json()["errors"]
