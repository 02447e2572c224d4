"""Vulnerability disclosure (security.txt, SECURITY.md) and the accessibility statement
(COMPLIANCE.md §7 G12 and G15)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

pytestmark = pytest.mark.django_db

SECURITY_TXT = "/.well-known/security.txt"


@pytest.fixture(autouse=True)
def _portal_host(settings: Any) -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "dvs.tinhthunghiem.gov.vn"]


def _fields(body: str) -> dict[str, list[str]]:
    """security.txt as field name → values (RFC 9116 §2.1: ``Name: value`` lines)."""
    fields: dict[str, list[str]] = {}
    for line in body.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition(": ")
            fields.setdefault(name, []).append(value)
    return fields


def test_security_txt_is_plain_text_with_the_rfc_9116_fields(client: Client) -> None:
    response = client.get(SECURITY_TXT, HTTP_HOST="dvs.tinhthunghiem.gov.vn")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = _fields(response.content.decode())
    assert fields["Preferred-Languages"] == ["vi, en"]
    assert fields["Policy"] == ["http://dvs.tinhthunghiem.gov.vn/SECURITY.md"]
    assert fields["Canonical"] == ["http://dvs.tinhthunghiem.gov.vn/.well-known/security.txt"]
    assert len(fields["Expires"]) == 1
    assert set(fields) <= {"Contact", "Expires", "Preferred-Languages", "Policy", "Canonical"}


def test_security_txt_contact_defaults_to_a_mailbox_under_the_portals_own_domain(
    client: Client, settings: Any
) -> None:
    settings.DANVAN_SECURITY_CONTACT = ""
    response = client.get(SECURITY_TXT, HTTP_HOST="dvs.tinhthunghiem.gov.vn:8443")
    assert _fields(response.content.decode())["Contact"] == [
        "mailto:security@dvs.tinhthunghiem.gov.vn"
    ]


def test_security_txt_contact_and_key_come_from_the_settings(client: Client, settings: Any) -> None:
    settings.DANVAN_SECURITY_CONTACT = "mailto:baomat@stttt.thunghiem.gov.vn"
    settings.DANVAN_SECURITY_ENCRYPTION = "https://dvs.thunghiem.gov.vn/.well-known/pgp-key.txt"
    fields = _fields(client.get(SECURITY_TXT).content.decode())
    assert fields["Contact"] == ["mailto:baomat@stttt.thunghiem.gov.vn"]
    assert fields["Encryption"] == ["https://dvs.thunghiem.gov.vn/.well-known/pgp-key.txt"]


def test_security_txt_expires_a_little_under_a_year_after_the_request(client: Client) -> None:
    """Computed at request time, so the file never goes stale; RFC 9116 recommends less than a
    year ahead."""
    with time_machine.travel(dt.datetime(2027, 3, 1, 8, 30, tzinfo=dt.UTC), tick=False):
        body = client.get(SECURITY_TXT).content.decode()
    assert _fields(body)["Expires"] == ["2028-02-28T08:30:00Z"]
    with time_machine.travel(dt.datetime(2031, 12, 31, 23, 59, 59, tzinfo=dt.UTC), tick=False):
        body = client.get(SECURITY_TXT).content.decode()
    assert _fields(body)["Expires"] == ["2032-12-29T23:59:59Z"]


def test_security_txt_answers_head_and_refuses_post(client: Client) -> None:
    assert client.head(SECURITY_TXT).status_code == 200
    assert client.post(SECURITY_TXT).status_code == 405


def test_the_policy_url_serves_security_md(client: Client) -> None:
    response = client.get("/SECURITY.md")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "5 working days" in text
    assert "Supported versions" in text
    assert "coordinated disclosure" in text
    assert "5 ngày làm việc" in text


def test_the_policy_url_is_404_when_the_file_is_missing(
    client: Client, settings: Any, tmp_path: Any
) -> None:
    settings.PROJECT_DIR = tmp_path
    assert client.get("/SECURITY.md").status_code == 404


def test_accessibility_statement_in_vietnamese(client: Client) -> None:
    response = client.get("/accessibility/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Tuyên bố về khả năng tiếp cận · Dân Vận Số</title>" in html
    assert "<h1>Tuyên bố về khả năng tiếp cận</h1>" in html
    assert "(WCAG) 2.2 ở mức AA" in html  # the target
    assert "axe-core" in html  # how it is tested
    assert "chỉ bằng bàn phím" in html
    assert "Các hạn chế đã biết" in html
    assert "Phản ánh khó khăn khi sử dụng" in html  # how to report a problem
    assert "Tuyên bố này được lập ngày 26/11/2026" in html


def test_every_page_links_the_statement_and_the_security_policy_from_the_footer(
    client: Client,
) -> None:
    for path in ["/", "/accounts/login/", "/khong-co-trang-nay/"]:
        html = client.get(path).content.decode()
        footer = html[html.index('<footer class="site-footer"') :]
        assert '<a href="/accessibility/">Tuyên bố về khả năng tiếp cận</a>' in footer
        assert "Báo cáo lỗ hổng bảo mật</a>" in footer
        assert 'href="/SECURITY.md"' in footer
