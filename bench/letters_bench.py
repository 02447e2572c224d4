"""Benchmark the letters context at scale: intake with duplicate detection, and the work lists.

Run from the project root:

    .venv/bin/python bench/letters_bench.py [--letters N] [--intakes M]   # throw-away SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench \\
        .venv/bin/python bench/letters_bench.py --use-configured-db                # PostgreSQL

It fills one deployment with N letters (default 200,000) spread over 200 units and 20,000 signers,
then times, in the same run:

1. ``letter_receive`` for M new letters (default 300) by people who already wrote (so the
   duplicate search has candidates), against the baseline of a plain ``Letter`` INSERT with its
   signer rows in one transaction: the ratio shows what registration, redaction, the signer keys,
   duplicate detection, the deadline and the audit entry cost;
2. the first page (25 rows) of an officer's work list ordered by deadline, the overdue count and
   the "due soon" list, each as the median of 50 runs; these must not grow with N (they read
   the (unit, status, due_on) index).
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _setup(use_configured_db: bool) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    if not use_configured_db:
        folder = tempfile.mkdtemp(prefix="danvan-letters-bench-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["DANVAN_DATA_DIR"] = folder
        os.environ["DATABASE_URL"] = ""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _median_ms(fn: object, runs: int = 50) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=200_000)
    parser.add_argument("--intakes", type=int, default=300)
    parser.add_argument("--use-configured-db", action="store_true")
    args = parser.parse_args()
    _setup(args.use_configured_db)
    import logging

    logging.disable(logging.INFO)  # the demo SMS backend logs every message

    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.test.utils import override_settings

    from danvan.accounts.models import User
    from danvan.core import calendar
    from danvan.letters import selectors
    from danvan.letters.models import DeadlineRule, Letter, Signer, SignerKey
    from danvan.letters.services import intake
    from danvan.organizations.models import Membership, Unit
    from danvan.organizations.roles import Role

    rng = random.Random(2026)
    today = calendar.today_local()
    units = [
        Unit.objects.get_or_create(
            code=f"bench-{i}",
            defaults={
                "name": f"Đơn vị đo {i}",
                "kind": "peoples_committee",
                "effective_from": dt.date(2000, 1, 1),
            },
        )[0]
        for i in range(200)
    ]
    officer, _ = User.objects.get_or_create(
        username="bench-officer", defaults={"full_name": "Cán bộ đo"}
    )
    Membership.objects.get_or_create(
        user=officer,
        unit=units[0],
        role=Role.RECEIVING_OFFICER,
        defaults={"effective_from": dt.date(2000, 1, 1)},
    )
    rule = DeadlineRule.objects.filter(key="processing.complaint", active=True).first()
    pin_hash = make_password("000000")
    words = (
        "đất đai",
        "xây dựng",
        "môi trường",
        "giao thông",
        "thu hồi",
        "bồi thường",
        "tiếng ồn",
        "đèn đường",
        "rác thải",
        "ngập úng",
        "cấp phép",
        "hộ nghèo",
        "bảo hiểm",
        "học phí",
    )
    people = [
        intake.SignerInput(full_name=f"Người dân {i}", phone=f"09{i:08d}") for i in range(20_000)
    ]

    existing = Letter.objects.count()
    to_make = max(0, args.letters - existing)
    start = time.perf_counter()
    batch: list[Letter] = []
    made = 0
    numbers: dict[tuple[int, int], int] = {}
    while made < to_make:
        unit = rng.choice(units)
        received = today - dt.timedelta(days=rng.randint(0, 700))
        key = (unit.pk, received.year)
        numbers[key] = numbers.get(key, 1_000_000) + 1
        text = " ".join(rng.choice(words) for _ in range(12))
        batch.append(
            Letter(
                unit=unit,
                register_year=received.year,
                register_number=numbers[key],
                tracking_code=intake.new_tracking_code(),
                pin_hash=pin_hash,
                channel="web",
                received_on=received,
                kind="complaint",
                subject=text[:60],
                content=text,
                content_redacted=text,
                due_on=received + dt.timedelta(days=14),
                due_rule=rule,
                status=rng.choice(["received", "classified", "accepted", "filed"]),
                search_folded=text,
            )
        )
        made += 1
        if len(batch) == 5000 or made == to_make:
            with transaction.atomic():
                created = Letter.objects.bulk_create(batch)
                Signer.objects.bulk_create(
                    [Signer(letter=letter, full_name="x", phone="0") for letter in created]
                )
                SignerKey.objects.bulk_create(
                    [
                        SignerKey(letter=letter, digest=d)
                        for letter in created
                        for d in intake.signer_digests(rng.choice(people))
                    ]
                )
            batch = []
    fill = time.perf_counter() - start
    total = Letter.objects.count()
    print(f"database: {connection.vendor}; letters: {total:,} (filled {to_make:,} in {fill:.1f} s)")

    # 1. Intake against the baseline.
    def baseline() -> None:
        with transaction.atomic():
            letter = Letter.objects.create(
                unit=units[0],
                register_year=today.year,
                register_number=rng.randint(10**8, 10**9),
                tracking_code=intake.new_tracking_code(),
                pin_hash=pin_hash,
                channel="web",
                received_on=today,
                kind="complaint",
                subject="Khiếu nại",
                content="Nội dung",
                due_on=today,
                due_rule=rule,
            )
            Signer.objects.create(letter=letter, full_name="Người dân", phone="0900000000")

    base_times = []
    for _ in range(args.intakes):
        t0 = time.perf_counter()
        baseline()
        base_times.append(time.perf_counter() - t0)
    intake_times = []
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        for i in range(args.intakes):
            person = people[i % len(people)]
            text = " ".join(rng.choice(words) for _ in range(12))
            data = intake.LetterInput(
                unit=units[0],
                channel="web",
                kind="feedback",
                subject=text[:60],
                content=text,
                signers=[person],
            )
            t0 = time.perf_counter()
            intake.letter_receive(data=data, actor=officer)
            intake_times.append(time.perf_counter() - t0)
    b = statistics.median(base_times) * 1000
    r = statistics.median(intake_times) * 1000
    print(f"intake: letter_receive {r:.2f} ms | plain INSERT {b:.2f} ms | ratio {r / b:.1f}x")

    # 2. Work lists.
    page = _median_ms(lambda: list(selectors.letter_list(viewer=officer)[:25]))
    overdue = _median_ms(
        lambda: selectors.letter_list(
            viewer=officer, filters=selectors.LetterFilters(urgency="overdue")
        ).count()
    )
    soon = _median_ms(
        lambda: list(
            selectors.letter_list(
                viewer=officer, filters=selectors.LetterFilters(urgency="due_soon")
            )[:25]
        )
    )
    print(
        f"work list first page {page:.2f} ms | overdue count {overdue:.2f} ms | "
        f"due soon page {soon:.2f} ms (median of 50)"
    )


if __name__ == "__main__":
    main()
