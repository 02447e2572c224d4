"""Benchmark the audit trail: what the hash chain costs per write, and how fast a chain verifies.

Run from the project root:

    .venv/bin/python bench/audit_bench.py [--entries N]                       # throw-away SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench \\
        .venv/bin/python bench/audit_bench.py --use-configured-db            # PostgreSQL

In one run it times, each in its own transaction per write (as services do):

1. the baseline: a plain single-row INSERT of the same columns into an unchained copy table;
2. ``audit.record(...)``: canonical serialisation, SHA-256 over it and the previous hash, the
   advisory lock on PostgreSQL, and the INSERT;
3. ``verify_chain()`` over all entries written;

and prints the per-write cost and the ratio record/baseline. On PostgreSQL it also prints a
one-line commit latency (``SELECT 1`` in its own transaction) because these machines' commit
latency swings from run to run; compare ratios, not absolute figures, across runs.
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def _setup(use_configured_db: bool) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    if not use_configured_db:
        folder = tempfile.mkdtemp(prefix="danvan-audit-bench-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["DANVAN_DATA_DIR"] = folder
        os.environ["DATABASE_URL"] = ""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--use-configured-db", action="store_true")
    args = parser.parse_args()
    _setup(args.use_configured_db)

    from django.db import connection, transaction
    from django.utils import timezone

    from danvan.core import audit
    from danvan.core.models import AuditEntry

    vendor = connection.vendor
    print(f"database: {vendor}; entries: {args.entries}")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_entry")
        cursor.execute(
            "CREATE TABLE bench_plain_entry (id integer primary key, at varchar(40), "
            "actor_kind varchar(10), action varchar(80), target_type varchar(100), "
            "target_id varchar(64), fields text, reason text, extra text)"
        )

    if vendor == "postgresql":
        began = time.perf_counter()
        for _ in range(200):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        print(
            f"{'commit latency (SELECT 1 per transaction)':<48} "
            f"{(time.perf_counter() - began) / 200 * 1e3:8.3f} ms"
        )

    began = time.perf_counter()
    for i in range(args.entries):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_plain_entry VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    i + 1,
                    timezone.now().isoformat(),
                    "system",
                    "bench.plain_written",
                    "core.calendarday",
                    str(i),
                    '["name"]',
                    "benchmark",
                    '{"n": 1}',
                ],
            )
    baseline = (time.perf_counter() - began) / args.entries

    existing = AuditEntry.objects.count()
    began = time.perf_counter()
    for i in range(args.entries):
        with transaction.atomic():
            audit.record(
                action="bench.entry_written",
                actor=audit.SYSTEM,
                fields=["name"],
                reason="benchmark",
                extra={"n": i},
            )
    chained = (time.perf_counter() - began) / args.entries

    began = time.perf_counter()
    broken = audit.verify_chain()
    verify_total = time.perf_counter() - began
    total = existing + args.entries

    print(f"{'plain INSERT, one transaction each (baseline)':<48} {baseline * 1e6:8.1f} µs/write")
    print(f"{'audit.record(), one transaction each':<48} {chained * 1e6:8.1f} µs/write")
    print(f"{'ratio record / baseline':<48} {chained / baseline:8.2f} x")
    print(
        f"{'verify_chain() over ' + str(total) + ' entries':<48} {verify_total:8.3f} s "
        f"({total / verify_total:,.0f} entries/s)"
    )
    print(f"chain intact: {broken is None}")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_plain_entry")


if __name__ == "__main__":
    main()
