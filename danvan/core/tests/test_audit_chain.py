"""The hash chain: each entry carries the previous entry's hash; tampering shows."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, connections, transaction

from danvan.core import audit
from danvan.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def behind_the_orms_back():
    """Raw SQL on the audit table; on PostgreSQL the trigger is switched off for the duration.

    The test database role owns the table, so it may disable the trigger; the change is rolled
    back with the test's transaction.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Fire the deferred foreign-key checks first: ALTER TABLE refuses pending events.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only"
            )
        yield cursor
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only")


def _three_entries() -> list[AuditEntry]:
    return [
        audit.record(action="letters.case.accepted", fields=["status"], extra={"case": 1}),
        audit.record(action="letters.case.assigned", fields=["assignee"], reason="Phân công"),
        audit.record(action="letters.case.resolved", fields=["status"]),
    ]


def test_entries_are_chained_from_the_genesis_hash():
    first, second, third = _three_entries()
    assert first.prev_hash == audit.GENESIS_HASH
    assert second.prev_hash == first.entry_hash
    assert third.prev_hash == second.entry_hash
    assert len({first.entry_hash, second.entry_hash, third.entry_hash}) == 3
    for entry in (first, second, third):
        entry.refresh_from_db()
        assert audit.compute_entry_hash(entry) == entry.entry_hash


def test_intact_chain_verifies():
    assert audit.verify_chain() is None  # an empty trail is intact
    _three_entries()
    assert audit.verify_chain() is None
    report = audit.check_chain()
    assert report.count == 3
    assert report.head_hash == AuditEntry.objects.order_by("-id").first().entry_hash


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("reason", "'Lý do đã bị sửa'"),
        ("action", "'letters.case.rejected'"),
        ("target_id", "'999'"),
        ("fields", '\'["assignee", "deadline"]\''),
    ],
)
def test_changing_a_stored_row_breaks_the_chain_at_that_row(column, value):
    _first, second, _third = _three_entries()
    with behind_the_orms_back() as cursor:
        cursor.execute(
            f"UPDATE core_auditentry SET {column} = {value} WHERE id = %s",  # noqa: S608
            [second.pk],
        )
    broken = audit.verify_chain()
    assert broken is not None
    assert broken.pk == second.pk
    assert audit.check_chain().broken.kind == "hash"


def test_rewriting_a_row_s_hash_is_found():
    first, _second, _third = _three_entries()
    with behind_the_orms_back() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET entry_hash = %s WHERE id = %s", ["f" * 64, first.pk]
        )
    broken = audit.check_chain().broken
    assert broken is not None
    assert broken.entry.pk == first.pk  # its stored hash no longer matches its content
    assert "was changed" in broken.describe()


def test_deleting_a_row_in_the_middle_breaks_the_chain_at_the_next_row():
    _first, second, third = _three_entries()
    with behind_the_orms_back() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [second.pk])
    broken = audit.check_chain().broken
    assert broken is not None
    assert broken.entry.pk == third.pk
    assert broken.kind == "link"


def test_two_entries_cannot_follow_the_same_entry():
    first = audit.record(action="tests.entry.first")
    forged = AuditEntry(
        at=first.at,
        actor_kind=AuditEntry.ActorKind.SYSTEM,
        action="tests.entry.forked",
        prev_hash=first.prev_hash,
    )
    forged.entry_hash = forged.compute_hash()
    with pytest.raises(IntegrityError), transaction.atomic():
        forged.save()


def test_audit_verify_command_reports_an_intact_chain(capsys):
    _three_entries()
    call_command("audit_verify")
    out = capsys.readouterr().out
    head = AuditEntry.objects.order_by("-id").first().entry_hash
    assert "intact: 3 entries" in out
    assert head in out


def test_audit_verify_command_fails_naming_the_broken_entry():
    _first, second, _third = _three_entries()
    with behind_the_orms_back() as cursor:
        cursor.execute("UPDATE core_auditentry SET reason = 'x' WHERE id = %s", [second.pk])
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify")
    assert excinfo.value.returncode == 1
    assert f"entry id {second.pk}" in str(excinfo.value)


def test_audit_verify_command_detects_removed_newest_entries_with_a_noted_hash():
    *_older, third = _three_entries()
    noted = third.entry_hash
    call_command("audit_verify", expect_hash=noted)  # still there
    with behind_the_orms_back() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [third.pk])
    call_command("audit_verify")  # the shorter chain is still consistent...
    with pytest.raises(CommandError) as excinfo:  # ...but the noted head is gone
        call_command("audit_verify", expect_hash=noted)
    assert excinfo.value.returncode == 1
    assert "incomplete" in str(excinfo.value)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_unbroken_chain():
    writers, per_writer = 4, 10
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(per_writer):
                with transaction.atomic():
                    audit.record(action="tests.entry.concurrent", extra={"writer": n, "i": i})
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
    assert AuditEntry.objects.count() == writers * per_writer
    assert audit.verify_chain() is None
