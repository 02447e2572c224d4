"""The module registry's home blocks: what each installed context shows on the home pages."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danvan.core import modules
from danvan.core.modules import HomeBlock, Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered() -> Iterator[list[str]]:
    """Blocks a test registers are removed afterwards."""
    keys: list[str] = []
    yield keys
    for key in keys:
        modules._BLOCKS.pop(key, None)


def _add(keys: list[str], block: HomeBlock) -> None:
    keys.append(block.key)
    modules.register_block(block)


def _portal(client: Client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_registered_card_appears_in_its_order(client: Client, registered: list[str]) -> None:
    _add(
        registered,
        HomeBlock(
            key="test.first",
            place=Place.PORTAL,
            title="Thẻ thử đầu tiên",
            description="Mô tả thẻ thử",
            url_name="core:accessibility",
            order=1,
        ),
    )
    html = _portal(client)
    assert f'<h3><a href="{reverse("core:accessibility")}">Thẻ thử đầu tiên</a></h3>' in html
    # Ordered before the letters' cards (order 10 and up).
    assert html.index("Thẻ thử đầu tiên") < html.index("Gửi phản ánh, kiến nghị")
    assert "Mô tả thẻ thử" in html


def test_a_block_whose_pages_are_not_mounted_is_left_out(
    client: Client, registered: list[str]
) -> None:
    _add(
        registered,
        HomeBlock(
            key="test.unmounted",
            place=Place.PORTAL,
            title="Mô-đun chưa cài",
            url_name="consultations:list",
        ),
    )
    assert "Mô-đun chưa cài" not in _portal(client)


def test_a_selector_that_returns_none_hides_its_block(
    client: Client, registered: list[str]
) -> None:
    _add(
        registered,
        HomeBlock(
            key="test.empty",
            place=Place.PORTAL,
            title="Khối không có gì",
            selector=lambda request: None,
        ),
    )
    assert "Khối không có gì" not in _portal(client)


def test_a_failing_block_is_logged_and_the_home_page_still_works(
    client: Client, registered: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    def broken(request: Any) -> dict[str, Any]:
        raise RuntimeError("database of the module unreachable")

    _add(
        registered,
        HomeBlock(key="test.broken", place=Place.PORTAL, title="Khối lỗi", selector=broken),
    )
    with caplog.at_level(logging.ERROR, logger="danvan.core.modules"):
        html = _portal(client)
    assert "Khối lỗi" not in html
    assert "Gửi phản ánh, kiến nghị" in html  # the other modules' cards are still there
    assert any("test.broken" in r.getMessage() for r in caplog.records)


def test_a_block_with_its_own_template_gets_its_selector_context(
    client: Client, registered: list[str]
) -> None:
    _add(
        registered,
        HomeBlock(
            key="test.custom",
            place=Place.PORTAL,
            title="Tiêu đề",
            template_name="letters/public/_home_card.html",
            url_name="letters:publications",
            selector=lambda request: {"publications": []},
            order=5,
        ),
    )
    html = _portal(client)
    assert f'<h3><a href="{reverse("letters:publications")}">Tiêu đề</a></h3>' in html


def test_with_no_block_the_portal_says_no_service_is_open(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(modules, "_BLOCKS", {})
    html = _portal(client)
    assert "Chưa có dịch vụ nào của cổng thông tin được mở." in html
    assert 'class="grid service-list"' not in html


def test_staff_blocks_need_their_permission(
    client: Client, registered: list[str], django_user_model: Any
) -> None:
    _add(
        registered,
        HomeBlock(
            key="test.staff",
            place=Place.STAFF,
            title="Khối cho quản trị",
            permission="core.view_auditentry",
        ),
    )
    assert [b.key for b in modules.blocks_of(Place.STAFF)][-1] == "test.staff"
    assert "test.staff" not in [b.key for b in modules.blocks_of(Place.PORTAL)]
    user = django_user_model.objects.create_user(username="citizen-x", password="x")
    client.force_login(user)
    request = client.get("/").wsgi_request
    assert "Khối cho quản trị" not in modules.render_blocks(Place.STAFF, request)
    user.is_superuser = True
    user.save()
    request = client.get("/").wsgi_request
    assert "Khối cho quản trị" in modules.render_blocks(Place.STAFF, request)
