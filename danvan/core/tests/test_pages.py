"""The shared layout, the public home page and the error pages."""

from __future__ import annotations

import re
import unicodedata

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory, override_settings

from danvan.core import views

pytestmark = pytest.mark.django_db


def _broken_context_processor(request: object) -> dict[str, object]:
    raise RuntimeError("the database is down")


def _assert_no_inline_code(html: str) -> None:
    """The Content-Security-Policy allows no inline script or style."""
    assert "<script" not in html
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_home_page_has_landmarks_skip_link_and_vietnamese_content(client: Client) -> None:
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert '<a class="skip-link" href="#main">Chuyển đến nội dung chính</a>' in html
    assert '<header class="site-header" role="banner">' in html
    assert '<nav class="site-nav" aria-label="Điều hướng chính">' in html
    assert '<main id="main" class="container" tabindex="-1">' in html
    assert '<footer class="site-footer" role="contentinfo">' in html
    assert html.count("<h1") == 1
    assert "Nền tảng số phục vụ công tác dân vận" in html
    assert 'rel="icon" href="/static/danvan/img/logo.svg" type="image/svg+xml"' in html
    assert "<title>Trang chủ · Dân Vận Số</title>" in html
    # What the portal is for, that no account is needed, who runs it, and the way in for staff.
    for text in (
        "Gửi phản ánh, kiến nghị",
        "Tra cứu kết quả giải quyết",
        "Không cần tài khoản",
        "[Tên cơ quan vận hành cổng thông tin]",
        '<a class="button button-secondary" href="/accounts/login/">Cán bộ đăng nhập</a>',
    ):
        assert text in html
    # Only modules that are installed and working are listed: no "coming soon" placeholders.
    for text in ("Sắp triển khai", "Lấy ý kiến Nhân dân", "Đối thoại với Nhân dân"):
        assert text not in html
    _assert_no_inline_code(html)
    assert unicodedata.is_normalized("NFC", html)


def test_home_page_links_only_to_pages_that_exist(client: Client) -> None:
    html = client.get("/").content.decode()
    hrefs = set(re.findall(r'href="([^"#][^"]*)"', html))
    for href in hrefs:
        if href.startswith("/static/"):
            continue
        assert client.get(href).status_code == 200, href


def test_anonymous_visitor_sees_log_in_and_no_staff_menu(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<a href="/accounts/login/">Cán bộ đăng nhập</a>' in html
    assert "Đăng xuất" not in html
    assert 'href="/staff/"' not in html


def test_signed_in_citizen_sees_a_post_logout_but_no_staff_link(client: Client) -> None:
    user = get_user_model().objects.create_user(
        username="levanbinh", password="Mat-khau-thu-nghiem-9", full_name="Lê Văn Bình"
    )
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Đang đăng nhập: Lê Văn Bình" in html
    assert '<button type="submit" class="link">Đăng xuất</button>' in html
    assert 'href="/staff/"' not in html
    assert "Cán bộ đăng nhập" not in html


def test_signed_in_staff_sees_staff_home_link_and_a_post_logout(client: Client) -> None:
    # A superuser holds every permission, including the staff-area one the menu checks.
    user = get_user_model().objects.create_superuser(
        username="nguyenthimai", password="Mat-khau-thu-nghiem-9", full_name="Nguyễn Thị Mai"
    )
    client.force_login(user)
    html = client.get("/").content.decode()
    assert '<a href="/staff/">Trang cán bộ</a>' in html
    assert '<a class="button button-secondary" href="/staff/">Đến trang cán bộ</a>' in html
    assert "Đang đăng nhập: Nguyễn Thị Mai" in html
    logout = re.search(
        r'<form method="post" action="/accounts/logout/" class="inline">.*?</form>', html, re.S
    )
    assert logout
    assert 'name="csrfmiddlewaretoken"' in logout.group(0)
    assert '<button type="submit" class="link">Đăng xuất</button>' in logout.group(0)


def test_home_page_shows_the_operator_from_settings(client: Client) -> None:
    operator = {
        "name": "Ban Dân vận Tỉnh ủy (ví dụ)",
        "address": "Số 1, đường Ví Dụ, phường Ví Dụ",
        "phone": "0200 000 000",
        "email": "lienhe@example.invalid",
    }
    with override_settings(DANVAN_OPERATOR=operator):
        html = client.get("/").content.decode()
    assert "Ban Dân vận Tỉnh ủy (ví dụ)" in html
    assert '<a href="tel:0200000000">0200 000 000</a>' in html
    assert '<a href="mailto:lienhe@example.invalid">lienhe@example.invalid</a>' in html
    assert "[Tên cơ quan vận hành cổng thông tin]" not in html


def test_messages_are_rendered_in_a_live_region(client: Client) -> None:
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse

    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, "Đã lưu.")
    storage.add(constants.ERROR, "Đã quá hạn.")
    response = HttpResponse()
    storage.update(response)
    client.cookies[storage.cookie_name] = response.cookies[storage.cookie_name].value
    html = client.get("/").content.decode()
    assert (
        '<div class="messages" role="status" aria-live="polite">'
        '<div class="alert alert-success"><p>Đã lưu.</p></div>'
        '<div class="alert alert-error"><p>Đã quá hạn.</p></div></div>'
    ) in html


def test_not_found_page_is_vietnamese_with_a_way_back(client: Client) -> None:
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Không tìm thấy trang</h1>" in html
    assert '<a class="button" href="/">Về trang chủ</a>' in html
    _assert_no_inline_code(html)


def test_bad_request_and_permission_denied_pages_render() -> None:
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    bad = views.bad_request(request)
    denied = views.permission_denied(request)
    assert bad.status_code == 400
    assert "Yêu cầu không hợp lệ" in bad.content.decode()
    assert denied.status_code == 403
    html = denied.content.decode()
    assert "Không có quyền truy cập" in html
    assert 'href="/accounts/login/?next=/"' in html


def test_csrf_failure_shows_a_vietnamese_explanation() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Biểu mẫu đã hết hiệu lực</h1>" in html
    assert "Về trang chủ" in html


def test_server_error_page_renders_without_request_context() -> None:
    response = views.server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="vi">' in html
    assert "<h1>Hệ thống đang gặp sự cố</h1>" in html
    assert '<a class="button" href="/">Về trang chủ</a>' in html
    assert '<link rel="stylesheet" href="/static/danvan/css/site.css">' in html
    _assert_no_inline_code(html)


def test_server_error_page_survives_failing_context_processors() -> None:
    """A 500 often comes from the database or a context processor: the page must not need them."""
    templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [],
            "APP_DIRS": True,
            "OPTIONS": {
                "context_processors": [f"{__name__}._broken_context_processor"],
            },
        }
    ]
    from django.conf import settings

    templates[0]["DIRS"] = settings.TEMPLATES[0]["DIRS"]
    with override_settings(TEMPLATES=templates):
        response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


def test_server_error_falls_back_to_plain_html_when_the_template_fails() -> None:
    with override_settings(TEMPLATES=[]):  # no template engine at all
        response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


@override_settings(DEBUG=False, ALLOWED_HOSTS=["danvan.example.invalid"])
def test_request_for_an_unknown_host_gets_the_400_page() -> None:
    # DisallowedHost is a SuspiciousOperation: Django answers 400 through handler400.
    response = Client().get("/", HTTP_HOST="attacker.example.invalid")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_design_system_page_needs_a_login(client: Client) -> None:
    response = client.get("/design/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_design_system_page_shows_every_component(client: Client) -> None:
    user = get_user_model().objects.create_user(username="tranvanan", password="x-Mat-khau-9")
    client.force_login(user)
    html = client.get("/design/").content.decode()
    for css_class in (
        "button-secondary",
        "button-danger",
        'class="link"',
        "alert-info",
        "alert-success",
        "alert-warning",
        "alert-error",
        "badge-success",
        "errorlist",
        "helptext",
        "table-wrap",
        "summary-list",
        'class="breadcrumbs"',
        'class="pagination"',
    ):
        assert css_class in html
    assert "Trang 3/10" in html
    _assert_no_inline_code(html)
