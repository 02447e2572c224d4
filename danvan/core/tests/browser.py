"""Helpers shared by the browser tests of every context (axe-core, small screens, third-party
requests, a signed-in browser). Higher contexts import this module; it imports no context."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client
from playwright.sync_api import Page

#: The impacts a page must not have any violation of.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


def serious_violations(page: Page) -> list[str]:
    """axe-core violations of impact serious or critical, as readable lines."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def no_horizontal_scroll(page: Page) -> bool:
    """True when the document is not wider than the viewport (a table may scroll inside its own
    ``.table-wrap`` box: that does not widen the document)."""
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


def wider_than_viewport(page: Page) -> list[str]:
    """The elements that stick out of the viewport on the right, for a readable failure."""
    return list(
        page.evaluate(
            """() => {
              const width = document.documentElement.clientWidth;
              const out = [];
              for (const el of document.querySelectorAll('body *')) {
                const box = el.getBoundingClientRect();
                if (box.right > width + 0.5 && !el.closest('.table-wrap')) {
                  out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
                           + ' right=' + Math.round(box.right));
                }
              }
              return out.slice(0, 10);
            }"""
        )
    )


def sign_in(page: Page, live_server: Any, user: AbstractBaseUser) -> None:
    """Give the browser the session of ``user`` (as if they had logged in through the form)."""
    client = Client()
    client.force_login(user)
    host = urlsplit(live_server.url).hostname
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": host,
                "path": "/",
            }
        ]
    )


@contextmanager
def recorded_requests(page: Page) -> Iterator[list[str]]:
    """Every URL the page requests while the block runs."""
    requested: list[str] = []

    def record(request: Any) -> None:
        requested.append(request.url)

    page.on("request", record)
    try:
        yield requested
    finally:
        page.remove_listener("request", record)


def foreign_requests(requested: list[str], live_server: Any) -> list[str]:
    """The requested URLs that went to a host other than the live server (data: URLs aside)."""
    own_host = urlsplit(live_server.url).netloc
    return [
        url
        for url in requested
        if urlsplit(url).scheme not in {"data", "blob", "about"}
        and urlsplit(url).netloc != own_host
    ]
