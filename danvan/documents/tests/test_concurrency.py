"""Issuing from several connections at once never gives a number twice and leaves no gap."""

from __future__ import annotations

import threading

import pytest
from django.db import connections, transaction

from danvan.core import audit
from danvan.documents import testing
from danvan.documents.models import IssuedDocument
from danvan.documents.tests.conftest import NOTICE, NOTICE_CONTEXT

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_issues_take_consecutive_numbers(state_unit):
    writers, per_writer = 4, 5
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(per_writer):
                with transaction.atomic():
                    testing.issue_now(
                        unit=state_unit,
                        template_key=NOTICE.key,
                        context=NOTICE_CONTEXT,
                        actor=audit.SYSTEM,
                    )
                    if (n + i) % 3 == 0:
                        # A caller that fails after issuing gives its number back.
                        transaction.set_rollback(True)
        except BaseException as exc:  # reported to the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(IssuedDocument.objects.values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))  # no number twice, no gap
    kept = sum(1 for n in range(writers) for i in range(per_writer) if (n + i) % 3 != 0)
    assert len(numbers) == kept
    symbols = list(IssuedDocument.objects.values_list("symbol", flat=True))
    assert len(set(symbols)) == len(symbols)
    assert audit.verify_chain() is None
