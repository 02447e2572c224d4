"""Test set-up shared by every context: real databases, a real browser, no network."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings

# Playwright's sync API runs an event loop in the test thread; pytest-django's live_server and
# the ORM calls made by browser tests are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _on_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from danvan.documents import pdf

    in_ci = os.environ.get("CI", "").lower() == "true"
    have_browser = Path(CHROMIUM).exists()
    have_soffice = pdf.converter_available()
    for item in items:
        if "browser" in item.keywords and not have_browser:
            if in_ci:
                raise pytest.UsageError(
                    f"CI runs every browser test, but Chromium is missing at {CHROMIUM}."
                )
            item.add_marker(
                pytest.mark.skip(
                    reason="Chromium not found: install it with `sudo apt-get install "
                    "chromium` (or run `make test` as root) to run the browser tests."
                )
            )
        # The marker itself, not a keyword: a test module that imports ``pdf`` has that name
        # among its keywords.
        if item.get_closest_marker("pdf") is not None and not have_soffice:
            if in_ci:
                raise pytest.UsageError(
                    "CI runs every PDF test, but LibreOffice is missing "
                    f"({django_settings.DANVAN_SOFFICE!r} is not a command here)."
                )
            item.add_marker(
                pytest.mark.skip(
                    reason="LibreOffice not found: install it with `sudo apt-get install "
                    "--no-install-recommends libreoffice-writer-nogui fonts-liberation2 "
                    "fonts-dejavu-core` (or run `make test` as root) to run the PDF tests."
                )
            )
        if "postgres" in item.keywords and not _on_postgres():
            item.add_marker(
                pytest.mark.skip(
                    reason="needs PostgreSQL: runs in the PostgreSQL pass "
                    "(DATABASE_URL=postgres://... make test)"
                )
            )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Any) -> None:
    """Uploaded files of a test live in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


_DB_FIXTURES = frozenset({"db", "transactional_db", "live_server", "django_db_reset_sequences"})


@pytest.fixture(autouse=True)
def _seeded_reference_rows(request: pytest.FixtureRequest, django_db_blocker: Any) -> None:
    """Rows the migrations seed (time-limit rules, legal-basis texts, signature methods, the
    register book's columns) come back after a transactional test flushed the tables, whatever
    order the tests run in."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not (_DB_FIXTURES & set(request.fixturenames)):
        return
    databases = marker.kwargs.get("databases") if marker is not None else None
    if databases is not None and databases != "__all__" and "default" not in databases:
        return
    request.getfixturevalue("django_db_setup")  # the test database, never the real one
    from danvan.letters.models import AcceptedSignatureMethod
    from danvan.letters.rules_seed import seed_rules, seed_signature_methods
    from danvan.reports.columns_seed import seed_register_columns
    from danvan.reports.models import RegisterColumn
    from danvan.workflow import registry
    from danvan.workflow.models import DeadlineRule, LegalBasis
    from danvan.workflow.rules import seed_legal_bases
    from danvan.workflow.rules_seed import seed_rules as seed_kit_rules

    with django_db_blocker.unblock():
        if not DeadlineRule.objects.exists():
            seed_rules(DeadlineRule)
            seed_kit_rules(DeadlineRule)
        if not LegalBasis.objects.exists():
            seed_legal_bases(LegalBasis, registry.legal_basis_defaults("letters"))
        if not AcceptedSignatureMethod.objects.exists():
            seed_signature_methods(AcceptedSignatureMethod)
        seed_register_columns(RegisterColumn)  # writes only into an empty table


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    """Each test starts in the site's language: a request made in English by the test client
    leaves English active in the thread (LocaleMiddleware does not reset it)."""
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    """Background tasks run inside the test (the database queue and its worker have tests of
    their own in the notifications context)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> None:
    """A test's rollback sends no save/delete signals, so cached calendar days must not leak."""
    from danvan.core.calendar import clear_cache

    clear_cache()
