"""Profile ``intake.letter_receive`` in-process on a database seeded by ``letters_bench.py``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench \\
        .venv/bin/python bench/intake_profile.py [--letters 20] [--unit public|spread]

Prints the mean time and query count of one intake, the slowest queries' shapes and the
functions with the most cumulative time (cProfile). Seed the database first with
``letters_bench.py`` (without ``--create-db`` it keeps the database).
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import io
import os
import pstats
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path.cwd()  # run from the project root
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "letters_bench_settings")
os.environ.setdefault("DEBUG", "false")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=20)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from letters_bench import FAMILY, GIVEN, MIDDLE, SENTENCES, STREETS

    from danvan.letters.choices import Channel
    from danvan.letters.services import intake
    from danvan.organizations.models import Unit, Ward

    rng = random.Random(7)
    units = list(Unit.objects.filter(code__startswith="bench-", ward__isnull=False)[:50])
    wards = {
        w.pk: w
        for w in Ward.objects.select_related("province").filter(pk__in=[u.ward_id for u in units])
    }

    def one(i: int) -> None:
        unit = rng.choice(units)
        intake.letter_receive(
            data=intake.LetterInput(
                unit=unit,
                channel=Channel.API,
                kind="feedback",
                subject="Phản ánh đèn đường hỏng",
                content="Phản ánh đèn đường hỏng. " + " ".join(rng.sample(SENTENCES, 3)),
                ward=wards[unit.ward_id],
                place=f"Số {rng.randint(1, 400)} đường {rng.choice(STREETS)}",
                signers=[
                    intake.SignerInput(
                        full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                        phone=f"09{rng.randint(0, 199_999):08d}",
                        address=f"Số {i} đường {rng.choice(STREETS)}",
                    )
                ],
            ),
            actor=AnonymousUser(),
        )

    one(0)  # warm caches and connections
    profile = cProfile.Profile()
    shapes: collections.Counter[str] = collections.Counter()
    shape_time: collections.Counter[str] = collections.Counter()
    total_queries = 0
    started = time.perf_counter()
    for i in range(1, args.letters + 1):
        with CaptureQueriesContext(connection) as ctx:
            profile.enable()
            one(i)
            profile.disable()
        total_queries += len(ctx.captured_queries)
        for q in ctx.captured_queries:
            shape = re.sub(r"'[^']*'|\b\d+\b", "?", q["sql"])[:110]
            shapes[shape] += 1
            shape_time[shape] += float(q["time"])
    elapsed = time.perf_counter() - started
    n = args.letters
    print(
        f"letter_receive: {elapsed / n * 1000:.1f} ms, {total_queries / n:.1f} queries per letter"
    )
    print("queries per letter (count, ms each letter):")
    for shape, count in shapes.most_common():
        print(f"  {count / n:4.1f}  {shape_time[shape] / n * 1000:6.2f} ms  {shape}")
    if os.environ.get("PROFILE_OUT"):
        profile.dump_stats(os.environ["PROFILE_OUT"])
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
