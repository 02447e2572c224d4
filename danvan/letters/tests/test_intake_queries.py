"""What one intake costs the database: a bound on its queries, so a regression shows."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.letters.choices import Channel, LetterKind
from danvan.letters.models import Letter
from danvan.letters.services import intake
from danvan.letters.tests.conftest import COMPLAINANT, Office
from danvan.letters.tests.public_support import english_client, letter_data, make_setting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

#: Statements of one intake with a signer (a telephone and an e-mail address), savepoints and
#: the transaction's own BEGIN/COMMIT left out: the tracking code's check, the duplicate search
#: (one query), the series row (lock, update), the letter (with its running deadline), its
#: signer, keys and name index, the two messages, the history row and the audit entry (13; on
#: PostgreSQL 14 with the chain's lock). The deadline rule and the working-day calendar are
#: kept by the process while their stamps stay the same (``core.stamps``). Delivery happens on
#: the worker, after commit.
MAX_QUERIES = 14


def _statements(ctx: CaptureQueriesContext) -> list[str]:
    skip = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT")
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].upper().startswith(skip)]


def _receive(office: Office, subject: str) -> Letter:
    data = intake.LetterInput(
        unit=office.unit,
        channel=Channel.API,
        kind=LetterKind.FEEDBACK,
        subject=subject,
        content=f"{subject}: đèn đường ở ngõ 5 hỏng đã một tháng, đề nghị sửa.",
        signers=[COMPLAINANT],
    )
    return intake.letter_receive(data=data, actor=AnonymousUser()).letter


def test_one_intake_stays_within_its_query_bound(
    office: Office, django_capture_on_commit_callbacks: Any
) -> None:
    _receive(office, "Đèn đường hỏng")  # the series row and the caches exist afterwards
    with (
        CaptureQueriesContext(connection) as ctx,
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        letter = _receive(office, "Đèn đường vẫn hỏng")
    statements = _statements(ctx)
    assert len(statements) <= MAX_QUERIES, "\n".join(statements)
    # Nothing is sent inside the request: delivery is queued for after the commit.
    assert not any("notifications_message" in s and s.startswith("UPDATE") for s in statements)
    assert callbacks
    # The earlier letter of the same person with the same content was found.
    assert letter.duplicate_of is not None


#: Statements of one letter sent from the public form (a feedback with a field, a commune and
#: a telephone), savepoints and BEGIN/COMMIT left out: the form's lists (fields, provinces, the
#: province's communes), the letter's rules once (the field, the province, the commune), its
#: routing (the field, the commune with its province, the competences, the receiving root unit),
#: the stamps of the cached reference data, the intake and the session with the receipt (25;
#: 26 on PostgreSQL). The rules and the routing were each read twice before.
MAX_PUBLIC_POST_QUERIES = 26


def test_one_public_form_post_stays_within_its_query_bound(
    django_capture_on_commit_callbacks: Any,
) -> None:
    setting = make_setting()
    client = english_client()
    with django_capture_on_commit_callbacks(execute=False):
        warm = client.post("/gui-don/", letter_data(setting, subject="Cống thoát nước bị tắc"))
    assert warm.status_code == 302
    client = english_client()
    client.get("/gui-don/")
    with (
        CaptureQueriesContext(connection) as ctx,
        django_capture_on_commit_callbacks(execute=False),
    ):
        response = client.post("/gui-don/", letter_data(setting))
    assert response.status_code == 302
    assert "da-gui" in response["Location"]
    statements = _statements(ctx)
    assert len(statements) <= MAX_PUBLIC_POST_QUERIES, "\n".join(statements)
    assert Letter.objects.filter(channel=Channel.WEB, unit=setting.unit).count() == 2
