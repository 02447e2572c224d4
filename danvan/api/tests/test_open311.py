"""Open311 GeoReport v2 at /open311/v2/, driven as the standard's examples do: form-encoded
POSTs, JSON and XML answers parsed and checked for the standard's names, types and formats."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from danvan.api.audit_actions import AuditAction as ApiAuditAction
from danvan.api.open311 import ids
from danvan.api.tests.support import key_for
from danvan.core.models import AuditEntry
from danvan.letters.audit_actions import AuditAction as LetterAuditAction
from danvan.letters.choices import Channel, LetterKind, PublicationForm
from danvan.letters.models import Letter, Publication
from danvan.letters.states import LetterStatus
from danvan.letters.tests.conftest import DENOUNCER
from danvan.letters.tests.public_support import Setting, make_setting

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
JURISDICTION = "danvan.thunghiem.vn"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
SENDER_FIRST, SENDER_LAST = "Thu Hà", "Phạm Thị"
DESCRIPTION = (
    "Cống thoát nước trước nhà số 12 đường Hoa Sen bị tắc đã hai tuần. "
    f"Người báo: {SENDER_LAST} {SENDER_FIRST}."
)


@pytest.fixture(autouse=True)
def _jurisdiction(settings: Any) -> None:
    settings.DANVAN_OPEN311_JURISDICTION = JURISDICTION


@pytest.fixture
def setting(db: Any) -> Setting:
    return make_setting()


@pytest.fixture
def submit_key(setting: Setting) -> str:
    return key_for(scopes="submit", unit=setting.unit, name="Ứng dụng phản ánh thử nghiệm")


def xml_of(response: Any) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(response.content)  # noqa: S314 - the server's own answer


def json_of(response: Any) -> Any:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def errors_of(response: Any, fmt: str) -> list[dict[str, Any]]:
    """The standard's error list, in either format, as dicts."""
    if fmt == "json":
        body = json_of(response)
        assert isinstance(body, list)
        for error in body:
            assert set(error) == {"code", "description"}
            assert error["code"] == response.status_code
        return list(body)
    root = xml_of(response)
    assert root.tag == "errors"
    found = []
    for error in root:
        assert error.tag == "error"
        assert [child.tag for child in error] == ["code", "description"]
        assert error.findtext("code") == str(response.status_code)
        found.append(
            {"code": int(error.findtext("code") or 0), "description": error.findtext("description")}
        )
    return found


def post_form(client: Client, fmt: str, data: dict[str, Any], **extra: Any) -> Any:
    # Client.post encodes a dict as a form unless told otherwise: as Open311 clients send it.
    return client.post(
        f"{BASE}/requests.{fmt}",
        data,
        content_type="application/x-www-form-urlencoded",
        **extra,
    )


def form(setting: Setting, key: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "api_key": key,
        "jurisdiction_id": JURISDICTION,
        "service_code": setting.field.code,
        "address_id": setting.ward.code,
        "address_string": "Trước nhà số 12 đường Hoa Sen",
        "lat": "21.028511",
        "long": "105.804817",
        "email": "thuha.pt@example.invalid",
        "device_id": "thiet-bi-thu-nghiem-01",
        "account_id": "tk-4711",
        "first_name": SENDER_FIRST,
        "last_name": SENDER_LAST,
        "phone": "0912000111",
        "description": DESCRIPTION,
        "media_url": "https://anh.example.invalid/cong-tac.jpg",
        "attribute[title]": "Cống thoát nước bị tắc",
        "attribute[publish_consent]": "true",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def encode(data: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)


def send(client: Client, setting: Setting, key: str, fmt: str = "json", **overrides: Any) -> Any:
    response = client.post(
        f"{BASE}/requests.{fmt}",
        encode(form(setting, key, **overrides)),
        content_type="application/x-www-form-urlencoded",
    )
    return response


def publish(letter: Letter, text: str = "Đã nạo vét cống ngày 02/12/2026.") -> Publication:
    return Publication.objects.create(
        letter=letter,
        title="Kết quả giải quyết phản ánh",
        text=text,
        starts_on=timezone.localdate() - dt.timedelta(days=1),
        form=PublicationForm.PORTAL,
    )


def requests_of(response: Any, fmt: str) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    if fmt == "json":
        rows = json_of(response)
        assert isinstance(rows, list)
        return list(rows)
    root = xml_of(response)
    assert root.tag == "service_requests"
    rows = []
    for item in root:
        assert item.tag == "request"
        rows.append({child.tag: child.text or "" for child in item})
    return rows


# --- discovery and services -------------------------------------------------------------------


def test_discovery_names_the_specification_and_both_formats(client: Client) -> None:
    body = json_of(client.get(f"{BASE}/discovery.json"))
    assert ISO.match(body["changeset"])
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2")
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = xml_of(client.get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    formats = root.find("endpoints/endpoint/formats")
    assert formats is not None
    assert [f.text for f in formats.findall("format")] == ["text/xml", "application/json"]


def test_services_are_the_fields_without_their_groups(client: Client, setting: Setting) -> None:
    rows = json_of(client.get(f"{BASE}/services.json", {"jurisdiction_id": JURISDICTION}))
    assert [row["service_code"] for row in rows] == [setting.field.code]
    row = rows[0]
    assert list(row) == [
        "service_code",
        "service_name",
        "description",
        "metadata",
        "type",
        "keywords",
        "group",
    ]
    assert row["service_name"] == setting.field.name
    assert row["metadata"] is True
    assert row["type"] == "realtime"
    assert row["group"] == setting.group.name
    root = xml_of(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    service = root.find("service")
    assert service is not None
    assert service.findtext("service_code") == setting.field.code
    assert service.findtext("metadata") == "true"
    assert service.findtext("group") == setting.group.name


def test_a_service_definition_lists_its_attributes(client: Client, setting: Setting) -> None:
    body = json_of(client.get(f"{BASE}/services/{setting.field.code}.json"))
    assert body["service_code"] == setting.field.code
    attributes = body["attributes"]
    assert [a["code"] for a in attributes] == ["kind", "title", "sender_address", "publish_consent"]
    for order, attribute in enumerate(attributes, start=1):
        assert set(attribute) == {
            "variable",
            "code",
            "datatype",
            "required",
            "datatype_description",
            "order",
            "description",
            "values",
        }
        assert attribute["order"] == order
        assert attribute["variable"] is True
        assert isinstance(attribute["required"], bool)
        assert attribute["datatype"] in {"string", "singlevaluelist"}
    kind = attributes[0]
    assert [v["key"] for v in kind["values"]] == ["feedback", "petition"]
    root = xml_of(client.get(f"{BASE}/services/{setting.field.code}.xml"))
    assert root.tag == "service_definition"
    first = root.find("attributes/attribute")
    assert first is not None
    assert first.findtext("code") == "kind"
    assert first.findtext("required") == "false"
    assert [v.findtext("key") for v in first.findall("values/value")] == ["feedback", "petition"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_service_is_404(client: Client, setting: Setting, fmt: str) -> None:
    response = client.get(f"{BASE}/services/khong-co.{fmt}")
    assert response.status_code == 404
    assert errors_of(response, fmt)[0]["description"]


def test_a_group_is_not_a_service(client: Client, setting: Setting) -> None:
    assert client.get(f"{BASE}/services/{setting.group.code}.json").status_code == 404


# --- POST requests ----------------------------------------------------------------------------


def test_a_form_encoded_post_sends_a_feedback_and_records_it(
    client: Client, setting: Setting, submit_key: str, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, setting, submit_key)
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-store"
    [answer] = json_of(response)
    assert list(answer) == ["service_request_id", "token", "service_notice", "account_id"]
    assert answer["account_id"] == "tk-4711"
    letter = Letter.objects.get()
    assert answer["service_request_id"] == ids.request_id(letter)
    assert letter.tracking_code in answer["service_notice"]
    assert letter.channel == Channel.API
    assert letter.kind == LetterKind.FEEDBACK
    assert letter.unit == setting.unit
    assert letter.field == setting.field
    assert letter.ward == setting.ward
    assert letter.province == setting.province
    assert letter.subject == "Cống thoát nước bị tắc"
    assert letter.place == "Trước nhà số 12 đường Hoa Sen"
    assert str(letter.latitude) == "21.028511"
    assert letter.publish_consent is True
    # The photo is a link the officer opens: nothing was fetched (the tests have no network),
    # nothing attached.
    assert letter.media_url == "https://anh.example.invalid/cong-tac.jpg"
    assert letter.attachments.count() == 0
    signer = letter.signers.get()
    assert signer.full_name == f"{SENDER_LAST} {SENDER_FIRST}"
    assert signer.email == "thuha.pt@example.invalid"
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert str(LetterAuditAction.LETTER_RECEIVED) in actions
    assert actions[-1] == str(ApiAuditAction.OPEN311_REQUEST_RECEIVED)
    entry = AuditEntry.objects.filter(action=ApiAuditAction.OPEN311_REQUEST_RECEIVED).get()
    assert "thiet-bi" not in json.dumps(entry.extra)  # device_id is not kept


def test_a_position_only_goes_to_the_default_unit_for_routing_by_hand(
    client: Client, setting: Setting, submit_key: str
) -> None:
    response = send(client, setting, submit_key, "xml", address_id=None, address_string=None)
    root = xml_of(response)
    assert response.status_code == 200, response.content
    assert root.tag == "service_requests"
    request = root.find("request")
    assert request is not None
    assert request.findtext("service_request_id")
    letter = Letter.objects.get()
    assert letter.ward is None
    assert letter.province is None
    assert letter.unit == setting.unit
    assert letter.status == LetterStatus.RECEIVED


def test_a_petition_without_a_name_is_refused_with_the_parameter_named(
    client: Client, setting: Setting, submit_key: str
) -> None:
    response = send(
        client,
        setting,
        submit_key,
        "json",
        first_name=None,
        last_name=None,
        **{"attribute[kind]": "petition"},
    )
    assert response.status_code == 400
    [error] = errors_of(response, "json")
    assert error["description"].startswith("first_name: ")
    assert not Letter.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_errors_of_a_post(client: Client, setting: Setting, submit_key: str, fmt: str) -> None:
    read_only = key_for(scopes="read", unit=setting.unit)
    cases: list[tuple[dict[str, Any], int]] = [
        ({"api_key": None}, 403),
        ({"api_key": "dv_00000000_khongcokhoanay"}, 403),
        ({"api_key": read_only}, 403),
        ({"jurisdiction_id": "thanhpho-khac.vn"}, 404),
        ({"service_code": "khong-co"}, 404),
        ({"service_code": None}, 400),
        ({"lat": None, "long": None, "address_id": None, "address_string": None}, 400),
        ({"lat": "abc"}, 400),
        ({"long": None}, 400),
        ({"lat": "91", "long": "0"}, 400),
        ({"address_id": "99999"}, 400),
        ({"description": "  "}, 400),
        ({"attribute[kind]": "complaint"}, 400),
        ({"attribute[kind]": "denunciation"}, 400),
        ({"email": "khong-phai-thu"}, 400),
        ({"media_url": "file:///etc/passwd"}, 400),
    ]
    for overrides, status in cases:
        response = send(client, setting, submit_key, fmt, **overrides)
        assert response.status_code == status, (overrides, response.content)
        assert errors_of(response, fmt)[0]["description"], overrides
    assert not Letter.objects.exists()


def test_errors_are_in_vietnamese_or_english(client: Client, setting: Setting) -> None:
    vi = errors_of(client.post(f"{BASE}/requests.json", {}), "json")[0]["description"]
    en = errors_of(client.post(f"{BASE}/requests.json", {}, HTTP_ACCEPT_LANGUAGE="en"), "json")[0][
        "description"
    ]
    assert en == "The parameter api_key is required."
    assert vi != en
    assert "api_key" in vi


def test_bad_inputs_never_give_a_server_error(
    client: Client, setting: Setting, submit_key: str
) -> None:
    bodies = [
        "attribute[kind][]=feedback&attribute[kind][]=petition",
        "api_key=" + "x" * 5000,
        "%ff%fe=%00&lat=%00",
        "service_code=" + "a" * 5000,
        "api_key=" + submit_key + "&service_code=%00&lat=1e999&long=-1e999",
        "api_key=" + submit_key + "&service_code=" + setting.field.code + "&lat=NaN&long=NaN",
        "api_key=" + submit_key + "&address_id=../../etc&service_code=" + setting.field.code,
        "api_key="
        + submit_key
        + "&service_code="
        + setting.field.code
        + "&address_string=x&description="
        + "%01%02" * 10,
    ]
    for body in bodies:
        response = client.post(
            f"{BASE}/requests.xml", body, content_type="application/x-www-form-urlencoded"
        )
        assert 400 <= response.status_code < 500, (body, response.status_code)
        errors_of(response, "xml")
    for path in [
        "/requests/1-zzzz.json",
        "/requests/%00.xml",
        "/requests/99999999999999-aaaaaaaaaaaa.json",
        "/tokens/abc.json",
        "/services/%3Cscript%3E.xml",
        "/requests.html",
        "/khong-co",
        "/requests.json?start_date=2026-02-30",
        "/requests.json?start_date=26/11/2026",
        "/requests.json?end_date=2026-12-01T25:00:00Z",
        "/requests.json?status=pending",
        "/requests.json?start_date=2026-01-01&end_date=2026-12-01",
        "/requests.json?end_date=2026-01-01&start_date=2026-02-01",
        "/requests.json?service_request_id=" + ",".join(["1"] * 300),
    ]:
        response = client.get(BASE + path)
        assert 400 <= response.status_code < 500, (path, response.status_code)
        errors_of(response, "json" if ".json" in path else "xml")
    assert client.put(f"{BASE}/requests.json").status_code == 405


# --- GET requests -----------------------------------------------------------------------------


def _sent(client: Client, setting: Setting, key: str, **overrides: Any) -> Letter:
    response = send(client, setting, key, **overrides)
    assert response.status_code == 200, response.content
    [answer] = json_of(response)
    letter = Letter.objects.get(pk=ids.letter_pk_of(answer["service_request_id"]))
    return letter


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_get_requests_lists_only_published_feedback_and_petitions(
    client: Client, setting: Setting, submit_key: str, make_letter: Any, fmt: str
) -> None:
    published = _sent(client, setting, submit_key)
    publish(published)
    _sent(client, setting, submit_key, description="Đèn đường ngõ 5 không sáng đã một tháng.")
    complaint = make_letter(kind=LetterKind.COMPLAINT, field=setting.field)
    publish(complaint)
    denunciation = make_letter(
        kind=LetterKind.DENUNCIATION,
        signers=[DENOUNCER],
        about="Cán bộ địa chính xã",
        content=f"Tôi là {DENOUNCER.full_name}, tố cáo cán bộ địa chính xã.",
        field=setting.field,
    )
    publish(denunciation)
    rows = requests_of(client.get(f"{BASE}/requests.{fmt}", {"jurisdiction_id": JURISDICTION}), fmt)
    assert [row["service_request_id"] for row in rows] == [ids.request_id(published)]
    row = rows[0]
    assert list(row) == REQUEST_FIELDS
    assert row["status"] == "open"
    assert row["service_code"] == setting.field.code
    assert row["agency_responsible"] == setting.unit.name
    assert "Đã nạo vét cống" in row["status_notes"]
    # The citizen agreed to publication: the words are shown, without the sender's name.
    assert "Cống thoát nước trước nhà số 12" in row["description"]
    assert SENDER_LAST not in row["description"]
    for name in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert ISO.match(str(row[name])), (name, row[name])
    assert str(row["expected_datetime"]).endswith("T23:59:59+07:00")
    assert row["address"] == "Trước nhà số 12 đường Hoa Sen"
    assert row["address_id"] == setting.ward.code
    assert row["media_url"] == "https://anh.example.invalid/cong-tac.jpg"
    if fmt == "json":
        assert row["lat"] == pytest.approx(21.028511)
        assert isinstance(row["long"], float)
    else:
        assert float(row["lat"]) == pytest.approx(21.028511)
    body = client.get(f"{BASE}/requests.{fmt}").content.decode()
    assert DENOUNCER.full_name not in body
    assert "thuha.pt" not in body
    assert "0912000111" not in body


def test_get_requests_takes_every_parameter_of_the_standard(
    client: Client, setting: Setting, submit_key: str
) -> None:
    first = _sent(client, setting, submit_key)
    second = _sent(client, setting, submit_key, description="Đèn đường ngõ 5 không sáng.")
    for letter in (first, second):
        publish(letter)
    Letter.objects.filter(pk=second.pk).update(status=LetterStatus.ARCHIVED)
    url = f"{BASE}/requests.json"

    def listed(**params: Any) -> list[str]:
        return [row["service_request_id"] for row in requests_of(client.get(url, params), "json")]

    both = {ids.request_id(first), ids.request_id(second)}
    assert set(listed()) == both
    assert listed(service_request_id=ids.request_id(first)) == [ids.request_id(first)]
    joined = f"{ids.request_id(first)},{ids.request_id(second)}"
    assert set(listed(service_request_id=joined)) == both
    # A counted id without its check names nothing.
    assert listed(service_request_id=str(first.pk)) == []
    assert set(listed(service_code=setting.field.code)) == both
    assert listed(service_code="khac") == []
    assert listed(status="open") == [ids.request_id(first)]
    assert listed(status="closed") == [ids.request_id(second)]
    assert set(listed(status="open,closed")) == both
    today = timezone.localdate()
    assert set(listed(start_date=today.isoformat())) == both
    assert set(listed(start_date=f"{today.isoformat()}T00:00:00+07:00")) == both
    window = {
        "start_date": f"{today.isoformat()}T00:00:00+07:00",
        "end_date": timezone.now().isoformat(),
    }
    assert set(listed(**window)) == both
    # A "+" written unencoded in the address arrives as a space: still the offset.
    raw = client.get(f"{url}?start_date={today.isoformat()}T00:00:00+07:00")
    assert {row["service_request_id"] for row in requests_of(raw, "json")} == both
    tomorrow = today + dt.timedelta(days=1)
    assert listed(start_date=tomorrow.isoformat()) == []
    assert listed(end_date=(today - dt.timedelta(days=1)).isoformat()) == []
    rows = requests_of(client.get(url, {"status": "closed"}), "json")
    assert rows[0]["status"] == "closed"
    assert rows[0]["expected_datetime"] is None
    # By default, the last 90 days only.
    old = timezone.now() - dt.timedelta(days=120)
    Letter.objects.filter(pk=second.pk).update(received_at=old)
    assert listed() == [ids.request_id(first)]
    day = timezone.localtime(old).date()
    assert listed(
        start_date=day.isoformat(), end_date=(day + dt.timedelta(days=2)).isoformat()
    ) == [ids.request_id(second)]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_requests_own_page_shows_a_private_letter_without_its_words(
    client: Client, setting: Setting, submit_key: str, make_letter: Any, fmt: str
) -> None:
    letter = _sent(client, setting, submit_key, **{"attribute[publish_consent]": "false"})
    publish(letter)  # its answer is published (by law), but the citizen did not agree
    private = _sent(client, setting, submit_key, description="Rác thải tồn đọng ở chợ.")
    for item in (letter, private):
        rows = requests_of(client.get(f"{BASE}/requests/{ids.request_id(item)}.{fmt}"), fmt)
        [row] = rows
        assert list(row) == REQUEST_FIELDS
        assert row["status"] == "open"
        assert row["agency_responsible"] == setting.unit.name
        assert ISO.match(str(row["requested_datetime"]))
        assert row["description"] in ("", None)
        assert row["address"] in ("", None)
        assert row["lat"] in ("", None)
        assert row["media_url"] in ("", None)
    complaint = make_letter(kind=LetterKind.COMPLAINT)
    response = client.get(f"{BASE}/requests/{ids.request_id(complaint)}.{fmt}")
    assert response.status_code == 404
    errors_of(response, fmt)
    wrong = ids.request_id(letter)[:-1] + ("0" if ids.request_id(letter)[-1] != "0" else "1")
    assert client.get(f"{BASE}/requests/{wrong}.{fmt}").status_code == 404


def test_a_token_names_its_request(client: Client, setting: Setting, submit_key: str) -> None:
    response = send(client, setting, submit_key, "xml")
    root = xml_of(response)
    token = root.findtext("request/token")
    request_id = root.findtext("request/service_request_id")
    assert token
    assert request_id
    rows = requests_of(client.get(f"{BASE}/tokens/{token}.xml"), "xml")
    assert rows == [{"service_request_id": request_id, "token": token}]
    assert client.get(f"{BASE}/tokens/{request_id}.json").status_code == 404


def test_another_jurisdiction_is_refused_on_every_endpoint(
    client: Client, setting: Setting
) -> None:
    for path in (
        "/discovery.json",
        "/services.json",
        f"/services/{setting.field.code}.json",
        "/requests.json",
    ):
        response = client.get(BASE + path, {"jurisdiction_id": "thanhpho-khac.vn"})
        assert response.status_code == 404, path
        errors_of(response, "json")
    assert (
        client.get(f"{BASE}/services.json", {"jurisdiction_id": JURISDICTION.upper()}).status_code
        == 200
    )
