"""Profile the staff letters work list in-process on a database seeded by ``letters_bench.py``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench \\
        .venv/bin/python bench/worklist_profile.py [--runs 30] [--page 1000] [--query 'q=...']

Requests ``/staff/letters/`` as the benchmark's provincial inspector through Django's test
``Client`` (DEBUG off, the benchmark's settings), page 1 and the page ``--page`` reached by the
keyset cursor its "next" link would carry, ``--runs`` times each after a warm-up request, and
prints the time of one request (mean, median and least, without the profiler, and the median
CPU time of this process, which other load on the machine lengthens less), its query count, the
queries' shapes (count and time per request, the slowest first) and the functions with the
most cumulative time (cProfile, over the page-1 requests). Seed the database first with
``letters_bench.py`` (without ``--create-db`` it keeps the database).
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import io
import math
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path.cwd()  # run from the project root
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "letters_bench_settings")
os.environ.setdefault("DEBUG", "false")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--page", type=int, default=1000, help="the deep page (0: none)")
    parser.add_argument("--query", default="", help="extra query string, e.g. 'status=open'")
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--shapes", type=int, default=40)
    parser.add_argument("--sort", default="cumulative", help="the profile's order (tottime, …)")
    args = parser.parse_args()
    import django

    django.setup()
    import logging

    logging.disable(logging.INFO)
    from django.conf import settings
    from django.db import connection
    from django.db.models import F
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from danvan.accounts.models import User
    from danvan.letters import selectors
    from danvan.letters.models import Letter
    from danvan.letters.views.staff.letters import LETTERS
    from danvan.workflow import worklists

    # Not ``setup_test_environment``: its instrumented template rendering would be measured.
    settings.ALLOWED_HOSTS = ["*"]
    inspector = User.objects.get(username="bench-inspector")
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(inspector)

    base = "/staff/letters/" + (f"?{args.query}" if args.query else "")
    paths = [("page 1", base)]
    queryset = selectors.letter_list(viewer=inspector)
    visible = queryset.count()
    pages = math.ceil(visible / LETTERS.page_size)
    deep = min(args.page, pages)
    if deep > 1 and not args.query:
        keys = LETTERS.order_keys(Letter, LETTERS.default_sort)
        annotated = queryset.annotate(**{f"wlkey{i}": F(k.field) for i, k in enumerate(keys)})
        last = annotated.order_by(*worklists._ordering(keys))[(deep - 1) * LETTERS.page_size - 1]
        cursor = LETTERS._cursor(LETTERS.default_sort, False, deep, keys, last)
        paths.append(
            (f"page {deep}", "/staff/letters/?" + urlencode({worklists.CURSOR_PARAM: cursor}))
        )
    print(f"{visible:,} letters in the inspector's list, {pages:,} pages; DEBUG={settings.DEBUG}")

    profile = cProfile.Profile()
    for title, path in paths:
        response = client.get(path)  # warm caches and the connection
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        size = len(response.content)
        shapes: collections.Counter[str] = collections.Counter()
        shape_time: collections.Counter[str] = collections.Counter()
        times: list[float] = []
        total_queries = 0
        cpu: list[float] = []
        for _ in range(args.runs):  # timed without the profiler
            started, used = time.perf_counter(), time.process_time()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - used) * 1000)
        for _ in range(args.runs):  # the queries, and the profile of page 1
            with CaptureQueriesContext(connection) as ctx:
                if title == "page 1":
                    profile.enable()
                client.get(path)
                if title == "page 1":
                    profile.disable()
            total_queries += len(ctx.captured_queries)
            for q in ctx.captured_queries:
                shape = re.sub(r'"_django_curs_\w+"', "cursor", q["sql"])
                shape = re.sub(r"'[^']*'|\b\d+\b", "?", shape)
                shape = re.sub(r"(\?, )+\?", "?…", shape)[:150]
                shapes[shape] += 1
                shape_time[shape] += float(q["time"])
        n = args.runs
        db_ms = sum(shape_time.values()) / n * 1000
        print(
            f"\n{title}: mean {statistics.mean(times):.1f} ms, median "
            f"{statistics.median(times):.1f} ms, min {min(times):.1f} ms, CPU of this process "
            f"{statistics.median(cpu):.1f} ms (median); "
            f"{total_queries / n:.1f} queries, {db_ms:.1f} ms in the database; {size:,} bytes"
        )
        print("queries per request (count, ms), the slowest first:")
        for shape in sorted(shapes, key=lambda s: -shape_time[s])[: args.shapes]:
            print(f"  {shapes[shape] / n:4.1f}  {shape_time[shape] / n * 1000:6.2f} ms  {shape}")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
