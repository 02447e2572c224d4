"""The database time of the staff letters search, query by query, on a database
``letters_bench.py`` seeded: ``EXPLAIN (ANALYZE, BUFFERS)`` of every statement one search and
its list page run, for the benchmark's provincial inspector.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench1m \\
        .venv/bin/python bench/search_explain.py ["khieu nai dat dai" "Nguyen Trai" …] [--plans]

Read only: the connection is put in read-only mode (``default_transaction_read_only``), so the
audit entries a match on a protected letter would write are not written (``audit.record`` is
left out for this run; the search itself is what the list runs). With no text given it runs the
benchmark's four searches (folded words, a street, a register number, a telephone) and two with
a slip of a letter. For each search it prints the statements with their execution time, the sum
(the database time), and the time the search and the page took in the process.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("texts", nargs="*")
    parser.add_argument("--plans", action="store_true", help="print every plan in full")
    parser.add_argument("--runs", type=int, default=3, help="runs of each search (the median)")
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT), str(BENCH)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "letters_bench_settings"
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from danvan.accounts.models import User
    from danvan.core import audit
    from danvan.letters import policies, selectors
    from danvan.letters.models import Letter, Signer
    from danvan.letters.selectors import LetterFilters
    from danvan.letters.views.staff.letters import LETTERS_FOUND

    audit.record = lambda **kwargs: None  # type: ignore[assignment,misc]  # read only
    with connection.cursor() as cursor:
        cursor.execute("SET default_transaction_read_only = on")
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    inspector = User.objects.get(username="bench-inspector")
    texts = args.texts
    if not texts:
        units = policies.LetterPolicy(inspector).reading_unit_ids()
        letter = Letter.objects.filter(unit_id__in=units).order_by("pk")[0]
        signers = Signer.objects.filter(letter__unit_id__in=units, letter__protected=False)
        phone = signers.exclude(phone="").order_by("pk").values_list("phone", flat=True)[0]
        texts = [
            "khieu nai dat dai",
            "Nguyen Trai",
            letter.register_label,
            phone,
            "Nguyen Trsi",
            "khieu nai dat dia",
        ]
    for text in texts:
        walls = []
        for _ in range(args.runs):
            started = time.perf_counter()
            policy = policies.LetterPolicy(inspector)
            with CaptureQueriesContext(connection) as captured:
                letters = selectors.letter_list(
                    viewer=inspector, filters=LetterFilters(q=text), policy=policy
                )
                page = LETTERS_FOUND.page(QueryDict(""), letters)
            walls.append((time.perf_counter() - started) * 1000)
        total = 0.0
        lines = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            ms = _execution_ms(plan)
            total += ms
            lines.append((ms, sql, plan))
        print(
            f"\n== {text!r}: {page.count}{'+' if page.count_capped else ''} found, "
            f"{len(lines)} statements, database {total:.1f} ms (EXPLAIN ANALYZE), "
            f"in-process {statistics.median(walls):.0f} ms (median of {args.runs})"
        )
        for ms, sql, plan in sorted(lines, key=lambda line: -line[0])[:8]:
            print(f"  {ms:8.1f} ms  {_short(sql)}")
            if args.plans:
                print("\n".join("      " + p for p in plan))


def _execution_ms(plan: list[Any]) -> float:
    for row in reversed(plan):
        found = re.search(r"Execution Time: ([\d.]+) ms", row)
        if found:
            return float(found[1])
    return 0.0


def _short(sql: str) -> str:
    sql = re.sub(r"\(\d+(, \d+){8,}\)", "(…ids…)", sql)
    sql = re.sub(r"'(\(?\s*'[^']*'[^']*){6,}'", "'…tsquery…'", sql)
    return sql[:220]


if __name__ == "__main__":
    main()
