"""Benchmark work lists: a page deep in a long list by keyset against page numbers (OFFSET).

Run from the project root:

    .venv/bin/python bench/worklist_bench.py [--rows 10000 100000]            # throw-away SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench \\
        .venv/bin/python bench/worklist_bench.py --use-configured-db          # PostgreSQL

It fills the workflow kit's test-only permits table (the test settings install it) with N rows
for each size, and times, in the same run, the first page and the last page of 100 rows:

- through ``WorkList.page`` (keyset: the rows after the previous page's last sort key, with
  ``LIMIT``; plus the capped count and the cells with their working-day badges);
- with Django's ``Paginator`` over the same ordered queryset (``COUNT(*)`` and ``OFFSET``), the
  way the lists paged before;
- the bare page query each way (keyset ``WHERE … LIMIT`` against ``LIMIT … OFFSET``).

Two orders: the newest first (on the primary key, an index) and the due date first (a column
without an index, rows tie on it). The ratios compare a deep page with the first page of the same
method, and each method with the bare keyset query of the same page.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PAGE = 100


def _setup(use_configured_db: bool) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "danvan.tests.settings"
    if not use_configured_db:
        folder = tempfile.mkdtemp(prefix="danvan-worklist-bench-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["DANVAN_DATA_DIR"] = folder
        os.environ["DATABASE_URL"] = ""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _ms(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _figures(
    *,
    run: Callable[[Callable[[], Any]], float],
    work: Any,
    queryset: Any,
    annotated: Any,
    ordering: Any,
    condition: Any,
    deep_offset: int,
    last_number: int,
    first_params: Any,
    deep_params: Any,
    today: dt.date,
) -> dict[str, tuple[float, float]]:
    """The time of the first and the deep page, each way."""
    from django.core.paginator import Paginator

    ordered = queryset.order_by(*ordering)
    return {
        "keyset query": (
            run(lambda: list(annotated.order_by(*ordering)[: PAGE + 1])),
            run(lambda: list(annotated.filter(condition).order_by(*ordering)[: PAGE + 1])),
        ),
        "OFFSET query": (
            run(lambda: list(ordered[:PAGE])),
            run(lambda: list(ordered[deep_offset : deep_offset + PAGE])),
        ),
        "WorkList.page (keyset)": (
            run(lambda: work.page(first_params, queryset, today=today)),
            run(lambda: work.page(deep_params, queryset, today=today)),
        ),
        "Paginator (COUNT + OFFSET)": (
            run(lambda: list(Paginator(ordered, PAGE).page(1).object_list)),
            run(lambda: list(Paginator(ordered, PAGE).page(last_number).object_list)),
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--use-configured-db", action="store_true")
    parser.add_argument("--profile", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    _setup(args.use_configured_db)
    import logging

    logging.disable(logging.INFO)

    from django.db import connection
    from django.http import QueryDict

    from danvan.organizations.models import Unit
    from danvan.workflow import worklists
    from danvan.workflow.rules import deadline_view
    from danvan.workflow.tests.kitapp.models import Permit

    today = dt.date(2027, 2, 3)
    unit, _ = Unit.objects.get_or_create(
        code="bench-worklist",
        defaults={
            "name": "Đơn vị đo",
            "kind": "peoples_committee",
            "effective_from": dt.date(2000, 1, 1),
        },
    )
    work = worklists.WorkList(
        name="bench.permits",
        columns=(
            worklists.link(
                "title", "Title", "title", url=lambda p: f"/p/{p.pk}/", row_header=True, sort="-pk"
            ),
            worklists.text("status", "Status", "get_status_display"),
            worklists.deadline(
                "due", "Due", lambda p, d: deadline_view(p.due_on, d), sort="due_on"
            ),
        ),
        default_sort="title",
        noun=lambda n: f"{n} permits",
        page_size=PAGE,
    )

    print(f"database: {connection.vendor}; pages of {PAGE} rows; median of {args.repeat} runs")
    for rows in sorted(args.rows):
        have = Permit.objects.filter(unit=unit).count()
        if have < rows:
            Permit.objects.bulk_create(
                [
                    Permit(
                        unit=unit,
                        title=f"Giấy phép {i:07d}",
                        status="submitted",
                        submitted_on=today,
                        due_on=today + dt.timedelta(days=i % 40),
                    )
                    for i in range(have, rows)
                ],
                batch_size=2000,
            )
        elif have > rows:
            Permit.objects.filter(pk__in=Permit.objects.order_by("-pk")[: have - rows]).delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE kitapp_permit")
        queryset = Permit.objects.filter(unit=unit)
        print(f"\n{rows:,} rows")
        for sort in ("title", "due"):
            keys = work.order_keys(Permit, sort)
            ordering = worklists._ordering(keys)
            annotated = queryset.annotate(
                **{f"wlkey{i}": worklists.F(k.field) for i, k in enumerate(keys)}
            )
            last_number = (rows - 1) // PAGE + 1
            before_last = annotated.order_by(*ordering)[(last_number - 1) * PAGE - 1]
            cursor = work._cursor(sort, False, last_number, keys, before_last)
            deep_params = QueryDict(mutable=True)
            deep_params.update({"sort": sort, "cursor": cursor})
            first_params = QueryDict(mutable=True)
            first_params.update({"sort": sort})
            deep_page = work.page(deep_params, queryset, today=today)
            if deep_page.notices or deep_page.number != last_number or deep_page.next_url:
                raise SystemExit("the deep page link did not open the last page")
            values = tuple(getattr(before_last, f"wlkey{i}") for i in range(len(keys)))
            condition = worklists._beyond(keys, values, before=False)

            figures = _figures(
                run=lambda fn: _ms(fn, args.repeat),
                work=work,
                queryset=queryset,
                annotated=annotated,
                ordering=ordering,
                condition=condition,
                deep_offset=(last_number - 1) * PAGE,
                last_number=last_number,
                first_params=first_params,
                deep_params=deep_params,
                today=today,
            )
            label = "newest first (primary key)" if sort == "title" else "due date first (no index)"
            base_first, base_deep = figures["keyset query"]
            print(f"  order: {label}; deep page = page {last_number:,}")
            heads = ("page 1", "deep page", "deep/page 1", "deep/keyset")
            print(f"    {'method':28} {heads[0]:>9} {heads[1]:>10} {heads[2]:>12} {heads[3]:>12}")
            for name, (first, deep) in figures.items():
                print(
                    f"    {name:28} {first:7.2f}ms {deep:8.2f}ms {deep / first:11.1f}× "
                    f"{deep / base_deep:11.1f}×"
                )
            del base_first
            if args.profile:
                import cProfile

                cProfile.runctx(
                    "work.page(first_params, queryset, today=today)",
                    globals(),
                    locals(),
                    sort="cumtime",
                )
                return


if __name__ == "__main__":
    main()
