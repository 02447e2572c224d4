"""Benchmark ``danvan.core.calendar.add_working_days`` against naive day-by-day loops.

Run from the project root:

    DJANGO_SETTINGS_MODULE=danvan.settings .venv/bin/python bench/calendar_bench.py [--pairs N]

By default it migrates and seeds a throw-away SQLite database in a temporary folder (set
``--use-configured-db`` to use the configured, already migrated database instead). It times, on
the same random (start, n) pairs:

1. ``add_working_days`` (table-backed, cached running counts: a dict look-up and a bisect);
2. ``working_days_between`` on the results;
3. a naive loop stepping one day at a time with ``holidays.VN().is_working_day`` (the baseline);
4. a naive loop stepping one day at a time with the table-backed ``is_working_day``;

checks that (1) equals (4) on every pair and counts where the package alone differs (the
administrators' rows: the New Year 2026 swap, 24/11 kept inactive), and prints the ratios.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

START = dt.date(2025, 1, 1)
END = dt.date(2029, 12, 31)
MAX_N = 60


def _setup(use_configured_db: bool) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    if not use_configured_db:
        folder = tempfile.mkdtemp(prefix="danvan-calendar-bench-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["DANVAN_DATA_DIR"] = folder
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    if not use_configured_db:
        call_command("migrate", verbosity=0)


def _timed(label: str, fn: Callable[[], list[dt.date]]) -> tuple[float, list[dt.date]]:
    began = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - began
    print(f"{label:<52} {elapsed:8.3f} s  {elapsed / len(result) * 1e6:8.2f} µs/call")
    return elapsed, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--use-configured-db", action="store_true")
    args = parser.parse_args()
    _setup(args.use_configured_db)

    import holidays

    from danvan.core import calendar as cal
    from danvan.core.calendar_services import ensure_years_seeded, package_version

    rng = random.Random(2026)
    span = (END - START).days
    pairs = [
        (START + dt.timedelta(days=rng.randrange(span + 1)), rng.randrange(MAX_N + 1))
        for _ in range(args.pairs)
    ]
    print(
        f"holidays {package_version()}, {len(pairs):,} pairs: "
        f"start in {START}..{END}, n in 0..{MAX_N}"
    )

    began = time.perf_counter()
    ensure_years_seeded(range(START.year, END.year + 2))
    print(
        f"{'seeding ' + str(START.year) + '..' + str(END.year + 1) + ' (once)':<52} "
        f"{time.perf_counter() - began:8.3f} s"
    )
    cal.clear_cache()
    began = time.perf_counter()
    cal.add_working_days(START, 1)
    print(
        f"{'first call (loads one year from the table)':<52} "
        f"{(time.perf_counter() - began) * 1e3:8.3f} ms"
    )

    fast_s, fast = _timed(
        "add_working_days (table, cached running counts)",
        lambda: [cal.add_working_days(s, n) for s, n in pairs],
    )
    between_began = time.perf_counter()
    counts = [cal.working_days_between(s, r) for (s, _), r in zip(pairs, fast, strict=True)]
    between_s = time.perf_counter() - between_began
    print(
        f"{'working_days_between (same pairs)':<52} {between_s:8.3f} s  "
        f"{between_s / len(pairs) * 1e6:8.2f} µs/call"
    )
    if counts != [n for _, n in pairs]:
        raise SystemExit("working_days_between disagrees with add_working_days")

    vn = holidays.country_holidays("VN", years=range(START.year, END.year + 2))

    def naive(is_working: Callable[[dt.date], bool]) -> list[dt.date]:
        out = []
        for start, n in pairs:
            day, left = start, n
            while left:
                day += dt.timedelta(days=1)
                if is_working(day):
                    left -= 1
            out.append(day)
        return out

    pkg_s, pkg = _timed("baseline: day-by-day loop, holidays.VN", lambda: naive(vn.is_working_day))
    table_s, table = _timed(
        "day-by-day loop, table-backed is_working_day", lambda: naive(cal.is_working_day)
    )

    if fast != table:
        raise SystemExit("add_working_days disagrees with the day-by-day loop over the table")
    differ = sum(a != b for a, b in zip(fast, pkg, strict=True))
    print(f"pairs where the package alone gives another date (corrections, 24/11): {differ:,}")
    print(f"speed-up vs holidays.VN loop: {pkg_s / fast_s:6.1f}x")
    print(f"speed-up vs table loop:       {table_s / fast_s:6.1f}x")


if __name__ == "__main__":
    main()
