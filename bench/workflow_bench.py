"""Benchmark the workflow kit's gate: what one audited, version-checked change costs.

Run from the project root:

    .venv/bin/python bench/workflow_bench.py [--moves N]                        # throw-away SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench \\
        .venv/bin/python bench/workflow_bench.py --use-configured-db            # PostgreSQL

In the same run it times, on N letters for each (default 2,000), ``Workflow.update``
(compare-and-set on the version, audit entry) and ``Workflow.check`` + ``Workflow.transition``
(the power and the conditions, the declared move, the compare-and-set, the history row and the
audit entry), each in its own transaction as a service runs it, against the baseline of a plain
version-checked ``UPDATE`` of the same row and an ``INSERT`` of a history row in one
transaction: the ratio is what the gate adds.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
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
        folder = tempfile.mkdtemp(prefix="danvan-workflow-bench-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["DANVAN_DATA_DIR"] = folder
        os.environ["DATABASE_URL"] = ""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _per_call_us(fn: object, items: list[object]) -> float:
    start = time.perf_counter()
    for item in items:
        fn(item)  # type: ignore[operator]
    return (time.perf_counter() - start) / max(1, len(items)) * 1_000_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=2_000)
    parser.add_argument("--use-configured-db", action="store_true")
    args = parser.parse_args()
    _setup(args.use_configured_db)
    import logging

    logging.disable(logging.INFO)

    from django.db import connection, transaction
    from django.db.models import F

    from danvan.accounts.models import User
    from danvan.core import calendar
    from danvan.letters.models import Letter, LetterStatusChange
    from danvan.letters.states import LetterStatus
    from danvan.letters.workflows import LETTER_WORKFLOW
    from danvan.organizations.models import Membership, Unit
    from danvan.organizations.roles import Role
    from danvan.workflow.models import DeadlineRule

    today = calendar.today_local()
    unit, _ = Unit.objects.get_or_create(
        code="bench-gate",
        defaults={
            "name": "Đơn vị đo",
            "kind": "peoples_committee",
            "effective_from": dt.date(2000, 1, 1),
        },
    )
    officer, _ = User.objects.get_or_create(
        username="bench-gate-officer", defaults={"full_name": "Cán bộ đo"}
    )
    for role in (Role.RECEIVING_OFFICER, Role.UNIT_LEADER):
        Membership.objects.get_or_create(
            user=officer, unit=unit, role=role, defaults={"effective_from": dt.date(2000, 1, 1)}
        )
    rule = DeadlineRule.objects.filter(key="processing.complaint", active=True).first()
    base = Letter.objects.filter(unit=unit).count()
    Letter.objects.bulk_create(
        [
            Letter(
                unit=unit, register_year=today.year, register_number=base + i + 1,
                tracking_code=f"BG{base + i:08d}", pin_hash="x", channel="in_person",
                received_on=today, kind="complaint", subject="Đo cổng trạng thái",
                content="Nội dung", content_redacted="Nội dung", search_folded="noi dung",
                due_on=today, due_rule=rule, status=LetterStatus.CLASSIFIED,
            )
            for i in range(3 * args.moves)
        ],
        batch_size=1000,
    )  # fmt: skip
    pool = list(Letter.objects.filter(unit=unit, status=LetterStatus.CLASSIFIED)[: 3 * args.moves])
    plain, updated, moved = (pool[i::3] for i in range(3))

    def baseline(letter: Letter) -> None:
        with transaction.atomic():
            Letter.objects.filter(pk=letter.pk, version=letter.version).update(
                version=F("version") + 1, handling_note="x"
            )
            LetterStatusChange.objects.create(letter=letter, from_status="a", to_status="b")

    def gate_update(letter: Letter) -> None:
        LETTER_WORKFLOW.update(
            letter, actor=officer, changes={"handling_note": "x"}, action="letters.letter.noted"
        )

    def gate_move(letter: Letter) -> None:
        LETTER_WORKFLOW.check(officer, "archive", letter)
        LETTER_WORKFLOW.transition(
            letter, to=LetterStatus.ARCHIVED, key="archive", actor=officer,
            changes={"handling_note": "x"},
        )  # fmt: skip

    base_us = _per_call_us(baseline, list(plain))
    update_us = _per_call_us(gate_update, list(updated))
    move_us = _per_call_us(gate_move, list(moved))

    vendor = connection.vendor
    print(f"database: {vendor}; {args.moves} moves of each kind")
    print(f"baseline (UPDATE with version + history INSERT): {base_us:8.0f} µs")
    print(f"Workflow.update (CAS + audit entry):             {update_us:8.0f} µs"
          f"  ({update_us / base_us:.1f}× baseline)")  # fmt: skip
    print(f"Workflow.check + transition (+ history row):     {move_us:8.0f} µs"
          f"  ({move_us / base_us:.1f}× baseline)")  # fmt: skip


if __name__ == "__main__":
    main()
