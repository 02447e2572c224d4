"""Benchmark the letters context at national scale, served as in production, on PostgreSQL.

Run from the project root, against an empty PostgreSQL database (``createdb`` it first, or pass
``--create-db`` to have the benchmark create it and drop it at the end):

    createdb -h 127.0.0.1 -U postgres danvan_bench1m
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/danvan_bench1m \\
        .venv/bin/python bench/letters_bench.py [--letters 1000000] [--seconds 20]

1. It seeds N letters (default 1,000,000) by bulk loading (``COPY``): the 34 provinces and their
   communes from the project's area data, 300 units (a people's committee per province and its
   communes under it), five years, every kind, status and channel, signers with fictional
   Vietnamese names, their keyed hashes (``SignerKey``), the search text (``search_folded``) and
   the cases of the accepted letters with their handlers, so the search and the work lists read
   what they read in production. The seeded history has no audit entries: it is history.
2. It starts gunicorn as the deployment does (``danvan.wsgi``, sync workers, one per core) with
   ``letters_bench_settings``, whose URLconf adds two baselines (a bare view; a view doing one
   INSERT into the same database) and the entry the intake API will call.
3. It measures, in the same run, with its own HTTP client (asyncio, a new connection per request,
   as gunicorn's sync workers close them):

   - intake at 32 concurrent clients: the public form's POST and ``intake.letter_receive`` through
     the API entry, each as a ratio to the one-INSERT baseline (target >= 0.4) and to the bare
     view, their p99 (target < 150 ms), and the commit latency of the database at the time
     (``pgbench -n -c1`` of one INSERT);
   - the letters work list of a staff user (a provincial inspector: his unit and the communes
     under it) on page 1 and page 1,000 (reached by its keyset cursor), p95 (target < 50 ms);
   - the search of that list for folded words, a street, a register number and a telephone,
     p95 (target < 150 ms);
   - the peak memory (VmHWM) of a web worker (target < 250 MB);
   - the figures (``--only figures``): the staff dashboard of that inspector, p95 with its
     figures cached and right after a change (target < 300 ms), the yearly periodic report of
     his unit as XLSX (target < 5 s), and the portal's open statistics, cached and after a
     change (target < 100 ms). A third of the decided cases get a rating first. The server and
     the benchmark share a Redis cache (``REDIS_URL``, by default ``BENCH_REDIS``), as the
     deployment's workers do.

``--only intake,lists,figures`` picks the parts measured (with ``--reuse-db``: a quick re-run).

It prints one line per figure with its target, then the targets missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import math
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
UNITS = 300
YEARS = 5
PEOPLE = 200_000
PING_TABLE = "letters_bench_ping"
#: Memory for each index build after the load (the machine has plenty; GIN builds want it).
MAINTENANCE_MEMORY = "1GB"

#: Every figure the benchmark prints, in order (the test checks each is printed).
FIGURES = (
    "seed",
    "commit latency",
    "baseline bare view",
    "baseline one INSERT",
    "intake public form",
    "intake API service",
    "work list page 1",
    "work list page 1000",
    "search folded words",
    "search street",
    "search register number",
    "search telephone",
    "web worker peak RSS",
    "baseline bare view, one at a time",
    "dashboard, figures cached",
    "dashboard, after a change",
    "periodic report, year",
    "open statistics, figures cached",
    "open statistics, after a change",
    "export, 100,000 rows",
)

#: The parts of a run ``--only`` may choose.
PARTS = ("intake", "lists", "figures")
#: The Redis database the benchmark's server and the benchmark share for the cache (the figures
#: are cached there, and the benchmark drops them as a change of a letter does).
BENCH_REDIS = "redis://127.0.0.1:6379/5"
#: Rows of the background export measured (fewer when the database holds fewer letters).
EXPORT_ROWS = 100_000


# --- Set-up -----------------------------------------------------------------------------------


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name a PostgreSQL database (postgres://user@host:port/name).")
    return url


def _admin_sql(url: str, sql: str) -> None:
    """Run ``sql`` on the server's ``postgres`` database (to create or drop the bench one)."""
    import psycopg

    parts = urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _setup() -> None:
    sys.path[:0] = [str(ROOT), str(BENCH)]
    os.environ["DJANGO_SETTINGS_MODULE"] = "letters_bench_settings"
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- Seed data --------------------------------------------------------------------------------

FAMILY = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lâm", "Mai",
)  # fmt: skip
MIDDLE = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Thu", "Xuân", "Gia")
GIVEN = (
    "An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Khánh",
    "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phương", "Quang", "Sơn", "Tâm", "Thảo",
    "Trang", "Tuấn", "Việt", "Yến", "Thắng", "Huệ", "Đạt", "Lộc",
)  # fmt: skip
STREETS = (
    "Nguyễn Trãi", "Lê Lợi", "Trần Hưng Đạo", "Hai Bà Trưng", "Lý Thường Kiệt",
    "Phan Chu Trinh", "Quang Trung", "Nguyễn Huệ", "Lê Duẩn", "Điện Biên Phủ", "Hùng Vương",
    "Võ Thị Sáu", "Ngô Quyền", "Bà Triệu", "Phạm Văn Đồng",
)  # fmt: skip
MATTERS = {
    "feedback": (
        "Phản ánh đèn đường hỏng", "Phản ánh rác thải không được thu gom", "Phản ánh ngập úng",
        "Phản ánh tiếng ồn công trình ban đêm", "Phản ánh ô nhiễm môi trường",
    ),
    "petition": (
        "Kiến nghị sửa đường giao thông", "Kiến nghị cấp giấy chứng nhận quyền sử dụng đất",
        "Kiến nghị hỗ trợ hộ nghèo", "Kiến nghị xem xét học phí",
    ),
    "complaint": (
        "Khiếu nại quyết định thu hồi đất", "Khiếu nại về bồi thường đất đai",
        "Khiếu nại quyết định xử phạt vi phạm hành chính", "Khiếu nại việc cấp phép xây dựng",
    ),
    "denunciation": (
        "Tố cáo cán bộ địa chính nhận tiền", "Tố cáo hành vi xây dựng trái phép",
        "Tố cáo sai phạm trong quản lý đất đai", "Tố cáo việc lạm thu",
    ),
    "mixed": ("Khiếu nại và tố cáo việc thu hồi đất đai", "Phản ánh và tố cáo việc lấn chiếm"),
}  # fmt: skip
SENTENCES = (
    "Gia đình tôi đã nhiều lần đề nghị nhưng chưa được giải quyết.",
    "Việc này kéo dài nhiều tháng, ảnh hưởng đến đời sống của nhân dân trong khu vực.",
    "Đề nghị cơ quan có thẩm quyền xem xét, kiểm tra và trả lời bằng văn bản.",
    "Khu dân cư có khoảng năm mươi hộ gia đình chịu ảnh hưởng trực tiếp.",
    "Chúng tôi gửi kèm ảnh chụp hiện trạng và các giấy tờ liên quan.",
    "Cán bộ tiếp nhận đã hẹn nhưng đến nay vẫn chưa có kết quả.",
    "Tôi đề nghị được đối thoại trực tiếp với lãnh đạo ủy ban.",
    "Diện tích đất bị ảnh hưởng khoảng hai trăm mét vuông.",
)
ABOUT = ("Ủy ban nhân dân xã", "Phòng Tài nguyên và Môi trường", "Ban quản lý dự án", "")
#: Statuses of letters handled long ago (received and classified are the open ones).
OLD_STATUSES = (
    ("accepted", 40), ("forwarded", 14), ("guided", 14), ("filed", 14), ("not_accepted", 10),
    ("classified", 3), ("received", 1),
)  # fmt: skip
NEW_STATUSES = (("received", 45), ("classified", 35), ("accepted", 20))
OLD_CASE = (
    ("closed", 70), ("decided", 12), ("terminated", 10), ("transferred", 3), ("in_progress", 5),
)  # fmt: skip
NEW_CASE = (("in_progress", 90), ("suspended", 10))
CHANNELS = (
    ("web", 30), ("in_person", 25), ("post", 20), ("hotline", 8), ("email", 7),
    ("forwarded", 7), ("api", 3),
)  # fmt: skip
KINDS = (("feedback", 34), ("petition", 20), ("complaint", 26), ("denunciation", 16), ("mixed", 4))
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _weighted(pairs: Sequence[tuple[str, int]]) -> list[str]:
    return [value for value, weight in pairs for _ in range(weight)]


def _code(n: int) -> str:
    body = []
    for _ in range(8):
        n, r = divmod(n, 32)
        body.append(_CODE_ALPHABET[r])
    text = "".join(body)
    return f"DV-{text[:4]}-{text[4:]}"


@dataclass
class Person:
    name: str
    folded: str
    phone: str
    id_number: str
    address: str
    digests: tuple[str, ...]


@dataclass
class Scope:
    """The seeded organisation: what the measurements use."""

    inspector_id: int
    ward_code: str
    province_code: str
    field_id: int | None
    register: str = ""
    phone: str = ""
    units: list[Any] = field(default_factory=list)


def _copy(cursor: Any, table: str, columns: Sequence[str], rows: Iterator[tuple[Any, ...]]) -> int:
    count = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _columns(model: Any) -> list[Any]:
    return list(model._meta.concrete_fields)


def _row_maker(
    model: Any, given: Sequence[str]
) -> tuple[list[str], Callable[[dict[str, Any]], tuple[Any, ...]]]:
    """The COPY columns of ``model`` and a function making a row from the values given, every
    other column taking the field's default."""
    from psycopg.types.json import Jsonb

    fields = _columns(model)
    names = [f.column for f in fields]
    defaults = {}
    for f in fields:
        if f.column in given:
            continue
        value = f.get_default()
        if value is None and not f.null:
            raise ValueError(f"{model.__name__}.{f.name} needs a value")
        if isinstance(value, (list, dict)):
            value = Jsonb(value)
        elif isinstance(value, str):
            value = str(value)  # a choices enum: its plain value
        defaults[f.column] = value
    order = names

    def make(values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(values[c] if c in values else defaults[c] for c in order)

    return names, make


def _build_indexes(definitions: Sequence[str]) -> None:
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute(f"SET maintenance_work_mem = '{MAINTENANCE_MEMORY}'")  # type: ignore[arg-type]
        for definition in definitions:
            conn.execute(definition)  # type: ignore[arg-type]


def seed(n: int, rng: random.Random) -> tuple[Scope, float]:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from danvan.accounts.models import User
    from danvan.core import calendar, calendar_services
    from danvan.core.models import Sequence as NumberSeries
    from danvan.core.text import fold
    from danvan.letters.choices import IneligibilityGround
    from danvan.letters.models import (
        Case,
        CaseAssignment,
        Letter,
        Signer,
        SignerKey,
        SignerName,
    )
    from danvan.letters.services import intake
    from danvan.letters.signer_keys import signer_digest
    from danvan.organizations import areas
    from danvan.organizations.fields_seed import seed_fields
    from danvan.organizations.models import Field, Membership, Province, Unit, UnitLink, Ward
    from danvan.organizations.roles import Role
    from danvan.workflow.models import DeadlineRule

    started = time.perf_counter()
    today = calendar.today_local()
    areas.import_admin_units()
    seed_fields()
    for year in range(today.year - YEARS, today.year + 2):
        calendar_services.calendar_year_seed(year=year)
    since = dt.date(2000, 1, 1)

    # The organisation: a people's committee per province, its communes under it.
    provinces = list(Province.objects.order_by("code"))
    wards_of: dict[str, list[Any]] = {}
    for ward in Ward.objects.order_by("code"):
        wards_of.setdefault(ward.province_id, []).append(ward)
    communes_each = [(UNITS - len(provinces)) // len(provinces)] * len(provinces)
    for i in range((UNITS - len(provinces)) % len(provinces)):
        communes_each[i] += 1
    with transaction.atomic():
        units: list[Any] = []
        links: list[tuple[int, int]] = []
        for province, count in zip(provinces, communes_each, strict=True):
            top = Unit.objects.create(
                code=f"bench-{province.code}",
                name=f"Ủy ban nhân dân {province.name}",
                kind="peoples_committee",
                level="provincial",
                province=province,
                effective_from=since,
            )
            units.append(top)
            for ward in wards_of[province.code][:count]:
                unit = Unit.objects.create(
                    code=f"bench-{ward.code}",
                    name=f"Ủy ban nhân dân {ward.name}",
                    kind="peoples_committee",
                    level="commune",
                    province=province,
                    ward=ward,
                    effective_from=since,
                )
                units.append(unit)
                links.append((top.pk, unit.pk))
        UnitLink.objects.bulk_create(
            [UnitLink(parent_id=p, child_id=c, effective_from=since) for p, c in links]
        )
        password = make_password(None)
        people_users = User.objects.bulk_create(
            [
                User(username=f"bench-{role}-{u.pk}", full_name=f"Cán bộ {u.pk}", password=password)
                for u in units
                for role in ("leader", "handler")
            ]
        )
        leader_of = {u.pk: people_users[2 * i] for i, u in enumerate(units)}
        handler_of = {u.pk: people_users[2 * i + 1] for i, u in enumerate(units)}
        inspector = User.objects.create(
            username="bench-inspector", full_name="Thanh tra viên", password=password
        )
        receiver = User.objects.create(
            username="bench-receiver", full_name="Cán bộ tiếp nhận", password=password
        )
        Membership.objects.bulk_create(
            [
                Membership(
                    user=leader_of[u.pk], unit=u, role=Role.UNIT_LEADER, effective_from=since
                )
                for u in units
            ]
            + [
                Membership(
                    user=handler_of[u.pk], unit=u, role=Role.HANDLING_OFFICER, effective_from=since
                )
                for u in units
            ]
            + [
                Membership(
                    user=inspector, unit=units[0], role=Role.INSPECTOR, effective_from=since
                ),
                Membership(
                    user=receiver, unit=units[0], role=Role.RECEIVING_OFFICER, effective_from=since
                ),
            ]
        )

    fields = list(
        Field.objects.filter(active=True, parent__isnull=False).values_list("pk", flat=True)
    )
    rules = {
        r.key: r.pk for r in DeadlineRule.objects.filter(active=True).order_by("effective_from")
    }
    ward_names = {w.code: w.name for ws in wards_of.values() for w in ws}
    unit_rows = [(u.pk, u.province_id, u.ward_id) for u in units]
    unit_wards = {
        u.pk: ([u.ward_id] if u.ward_id else [w.code for w in wards_of[u.province_id][:40]])
        for u in units
    }

    def digest(value: str) -> str:
        return signer_digest(value)

    people: list[Person] = []
    for i in range(PEOPLE):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        phone = f"09{i:08d}"
        id_number = (
            f"0{rng.randint(1, 96):02d}{rng.randint(10**8, 10**9 - 1)}" if i % 3 == 0 else ""
        )
        street = rng.choice(STREETS)
        keys = [digest("tel:" + phone[-9:])]
        if id_number:
            keys.append(digest("id:" + id_number))
        people.append(
            Person(
                name, fold(name), phone, id_number, f"Số {i % 300 + 1} đường {street}", tuple(keys)
            )
        )

    # Texts are built from pieces folded once.
    folded: dict[str, str] = {}

    def f(text: str) -> str:
        if text not in folded:
            folded[text] = fold(text)
        return folded[text]

    kinds = _weighted(KINDS)
    channels = _weighted(CHANNELS)
    old_statuses = _weighted(OLD_STATUSES)
    new_statuses = _weighted(NEW_STATUSES)
    old_case = _weighted(OLD_CASE)
    new_case = _weighted(NEW_CASE)
    grounds = [g.value for g in IneligibilityGround]
    pin = intake.pin_hash("000000")
    now = timezone.now()

    letter_cols, make_letter = _row_maker(
        Letter,
        [
            "id",
            "unit_id",
            "register_year",
            "register_number",
            "channel",
            "received_on",
            "received_at",
            "kind",
            "matter",
            "field_id",
            "subject",
            "about",
            "content",
            "content_redacted",
            "province_id",
            "ward_id",
            "place",
            "signer_count",
            "anonymous",
            "protected",
            "status",
            "ineligibility_ground",
            "due_on",
            "due_rule_id",
            "search_folded",
            "updated_at",
            "tracking_code",
            "pin_hash",
            "handled_on",
            "classified_at",
        ],
    )
    signer_cols, make_signer = _row_maker(
        Signer, ["id", "letter_id", "position", "full_name", "id_number", "phone", "address"]
    )
    key_cols, make_key = _row_maker(SignerKey, ["id", "letter_id", "digest"])
    name_cols, make_name = _row_maker(SignerName, ["id", "letter_id", "folded"])
    case_cols, make_case = _row_maker(
        Case,
        [
            "id",
            "letter_id",
            "unit_id",
            "kind",
            "number",
            "status",
            "accepted_on",
            "accepted_by_id",
            "resolver_id",
            "due_rule_id",
            "due_on",
            "decided_on",
            "ended_on",
            "updated_at",
        ],
    )
    assign_cols, make_assign = _row_maker(
        CaseAssignment, ["id", "case_id", "user_id", "assigned_by_id", "assigned_at", "ended_at"]
    )

    numbers: dict[tuple[int, int], int] = {}
    case_numbers: dict[tuple[int, int], int] = {}
    letters: list[tuple[Any, ...]] = []
    signers: list[tuple[Any, ...]] = []
    keys: list[tuple[Any, ...]] = []
    signer_names: list[tuple[Any, ...]] = []
    cases: list[tuple[Any, ...]] = []
    assigns: list[tuple[Any, ...]] = []
    lid = sid = kid = cid = aid = 10_000_000  # ids above anything the set-up made
    register_sample = phone_sample = ""

    def flush(cursor: Any) -> None:
        _copy(cursor, Letter._meta.db_table, letter_cols, iter(letters))
        _copy(cursor, Signer._meta.db_table, signer_cols, iter(signers))
        _copy(cursor, SignerKey._meta.db_table, key_cols, iter(keys))
        _copy(cursor, SignerName._meta.db_table, name_cols, iter(signer_names))
        _copy(cursor, Case._meta.db_table, case_cols, iter(cases))
        _copy(cursor, CaseAssignment._meta.db_table, assign_cols, iter(assigns))
        for batch in (letters, signers, keys, signer_names, cases, assigns):
            batch.clear()

    tables = [
        m._meta.db_table for m in (Letter, Signer, SignerKey, SignerName, Case, CaseAssignment)
    ]
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        cursor.execute(f"SET maintenance_work_mem = '{MAINTENANCE_MEMORY}'")
        # Indexes (not those of constraints) are rebuilt once after the load, and the
        # foreign keys, all made here, are not checked row by row.
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexname "
            "NOT IN (SELECT conname FROM pg_constraint)",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SET session_replication_role = replica")
        for _ in range(n):
            lid += 1
            unit_id, province_code, _ward = unit_rows[rng.randrange(len(unit_rows))]
            ward_code = rng.choice(unit_wards[unit_id])
            age = int(rng.random() ** 1.3 * 365 * YEARS)
            received = today - dt.timedelta(days=age)
            kind = rng.choice(kinds)
            matter = "state"
            status = rng.choice(new_statuses if age < 20 else old_statuses)
            anonymous = kind in ("denunciation", "feedback") and rng.random() < 0.04
            if kind == "mixed" and age >= 20:
                status = "split"
            elif anonymous and kind == "denunciation" and age >= 20:
                status = "referred"
            elif age >= 20 and rng.random() < 0.03:
                matter, status = "party", "party"
            key = (unit_id, received.year)
            numbers[key] = numbers.get(key, 0) + 1
            subject = rng.choice(MATTERS[kind])
            street = rng.choice(STREETS)
            place = f"Số {rng.randint(1, 400)} đường {street}, {ward_names[ward_code]}"
            about = rng.choice(ABOUT)
            body = " ".join(rng.sample(SENTENCES, 3))
            content = f"{subject}. {body}"
            search = " ".join(
                p for p in (f(subject), f(subject) + ".", f(body), f(place), f(about)) if p
            )
            due = received + dt.timedelta(days=14)
            rule_kind = "complaint" if kind == "mixed" else kind
            protected = kind in ("denunciation", "mixed")
            letters.append(
                make_letter(
                    {
                        "id": lid,
                        "unit_id": unit_id,
                        "register_year": received.year,
                        "register_number": numbers[key],
                        "channel": "web" if anonymous else rng.choice(channels),
                        "received_on": received,
                        "received_at": now - dt.timedelta(days=age),
                        "kind": kind,
                        "matter": matter,
                        "field_id": rng.choice(fields) if fields and status != "received" else None,
                        "subject": subject,
                        "about": about,
                        "content": content,
                        "content_redacted": content,
                        "province_id": province_code,
                        "ward_id": ward_code,
                        "place": place,
                        "signer_count": 0 if anonymous else 1,
                        "anonymous": anonymous,
                        "protected": protected,
                        "status": status,
                        "ineligibility_ground": rng.choice(grounds)
                        if status == "not_accepted"
                        else "",
                        "due_on": due,
                        "due_rule_id": rules.get(f"processing.{rule_kind}"),
                        "search_folded": search,
                        "updated_at": now,
                        "tracking_code": _code(lid),
                        "pin_hash": pin,
                        "handled_on": received + dt.timedelta(days=7) if age >= 20 else None,
                        "classified_at": None if status == "received" else now,
                    }
                )
            )
            if not anonymous:
                person = people[rng.randrange(PEOPLE)]
                sid += 1
                signers.append(
                    make_signer(
                        {
                            "id": sid,
                            "letter_id": lid,
                            "position": 1,
                            "full_name": person.name,
                            "id_number": person.id_number,
                            "phone": person.phone,
                            "address": person.address,
                        }
                    )
                )
                for d in (*person.digests, digest(f"name:{person.folded}|{ward_code}")):
                    kid += 1
                    keys.append(make_key({"id": kid, "letter_id": lid, "digest": d}))
                # The restricted name index the search reads (``search_index``), one per signer.
                signer_names.append(
                    make_name({"id": sid, "letter_id": lid, "folded": person.folded})
                )
                if unit_id == unit_rows[0][0] and not protected:
                    phone_sample = person.phone
            if unit_id == unit_rows[0][0] and not register_sample:
                register_sample = f"{numbers[key]:02d}/{received.year}"
            if status == "accepted":
                cid += 1
                accepted = received + dt.timedelta(days=5)
                case_state = rng.choice(new_case if age < 50 else old_case)
                ckey = (unit_id, accepted.year)
                case_numbers[ckey] = case_numbers.get(ckey, 0) + 1
                closed = case_state not in ("in_progress", "suspended")
                leader = leader_of[unit_id].pk
                cases.append(
                    make_case(
                        {
                            "id": cid,
                            "letter_id": lid,
                            "unit_id": unit_id,
                            "kind": rule_kind,
                            "number": f"{case_numbers[ckey]:02d}/{accepted.year}/TL",
                            "status": case_state,
                            "accepted_on": accepted,
                            "accepted_by_id": leader,
                            "resolver_id": leader,
                            "due_rule_id": rules.get(
                                "resolution.complaint.1"
                                if rule_kind == "complaint"
                                else f"resolution.{rule_kind}"
                            )
                            or rules["processing.complaint"],
                            "due_on": accepted + dt.timedelta(days=45),
                            "decided_on": accepted + dt.timedelta(days=30) if closed else None,
                            "ended_on": accepted + dt.timedelta(days=40)
                            if case_state in ("closed", "terminated")
                            else None,
                            "updated_at": now,
                        }
                    )
                )
                aid += 1
                assigns.append(
                    make_assign(
                        {
                            "id": aid,
                            "case_id": cid,
                            "user_id": handler_of[unit_id].pk,
                            "assigned_by_id": leader,
                            "assigned_at": now,
                            "ended_at": now if closed else None,
                        }
                    )
                )
            if len(letters) >= 20_000:
                flush(cursor)
        flush(cursor)
        cursor.execute("SET session_replication_role = DEFAULT")
        # The search's vocabulary (``SearchWord``), which triggers fill on the writes the load
        # went around: the words of every text and name loaded, from the pieces they were made
        # of (no word spans a space), split as the full-text index splits them.
        text_words = {w for piece in folded.values() for w in piece.split()}
        name_words = {w for person in people for w in person.folded.split()}
        for kind, words in (("text", text_words), ("name", name_words)):
            cursor.execute(
                "INSERT INTO letters_searchword (kind, word) SELECT DISTINCT %s, w FROM "
                "unnest(tsvector_to_array(to_tsvector('simple'::regconfig, %s))) AS w "
                "WHERE length(w) <= 60 ON CONFLICT (kind, word) DO NOTHING",
                [kind, " ".join(sorted(words))],
            )
        # The trigram index takes longest: it is built on a second connection meanwhile.
        slow = [d for _name, d in indexes if " gin " in d.lower()]
        builder = threading.Thread(target=_build_indexes, args=(slow,))
        builder.start()
        for _name, definition in indexes:
            if definition not in slow:
                cursor.execute(definition)
        builder.join()
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table}))"
            )
            # As autovacuum would after a load: the statistics, and the visibility map the
            # index-only scans (the work list's page) read.
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        # The units made above (300 rows), which the list's plans join.
        cursor.execute("ANALYZE organizations_unit")
    # The register numbers go on from the seeded ones.
    NumberSeries.objects.bulk_create(
        [NumberSeries(key=f"letters:{u}:{y}", last_value=v) for (u, y), v in numbers.items()],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["last_value"],
    )
    scope = Scope(
        inspector_id=inspector.pk,
        ward_code=wards_of[provinces[0].code][0].code,
        province_code=provinces[0].code,
        field_id=fields[0] if fields else None,
        register=register_sample,
        phone=phone_sample,
        units=units,
    )
    return scope, time.perf_counter() - started


def seeded_scope() -> Scope:
    """The ``Scope`` of a database ``seed`` filled before, read back from it."""
    from danvan.accounts.models import User
    from danvan.letters.models import Letter
    from danvan.organizations.models import Field, Unit

    units = list(Unit.objects.filter(code__startswith="bench-").order_by("pk"))
    first = units[0]
    letter = Letter.objects.filter(unit=first).order_by("pk").first()
    signed = (
        Letter.objects.filter(unit=first, protected=False, signer_count__gt=0)
        .order_by("-pk")
        .values_list("signers__phone", flat=True)
        .first()
    )
    field_id = (
        Field.objects.filter(active=True, parent__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    ward = Unit.objects.filter(code__startswith="bench-", ward__province_id=first.province_id)
    return Scope(
        inspector_id=User.objects.get(username="bench-inspector").pk,
        ward_code=ward.order_by("pk").values_list("ward_id", flat=True).first() or "",
        province_code=first.province_id or "",
        field_id=field_id,
        register=f"{letter.register_number:02d}/{letter.register_year}" if letter else "",
        phone=signed or "",
        units=units,
    )


# --- HTTP -------------------------------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Response:
    status: int
    headers: dict[str, list[str]]
    body: bytes


async def fetch(port: int, request: Request) -> Response:
    """One request on a new connection; gunicorn's sync workers close it after the response."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"{request.method} {request.path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in request.headers.items()]
    if request.body or request.method == "POST":
        lines.append(f"Content-Length: {len(request.body)}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + request.body)
    await writer.drain()
    raw = await reader.read()
    writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    head_lines = head.decode("latin-1").split("\r\n")
    status = int(head_lines[0].split()[1]) if head_lines and head_lines[0] else 0
    headers: dict[str, list[str]] = {}
    for line in head_lines[1:]:
        name, _, value = line.partition(":")
        headers.setdefault(name.strip().lower(), []).append(value.strip())
    return Response(status, headers, body)


@dataclass
class Load:
    """What ``clients`` clients got during ``seconds``."""

    done: int
    failed: int
    seconds: float
    latencies: list[float]

    @property
    def throughput(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        return percentile(self.latencies, q)


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1)]


async def _load(
    port: int,
    clients: int,
    seconds: float,
    prepare: Callable[[int], Any],
    make: Callable[[Any], Request],
    ok: Callable[[Response, Any], bool],
) -> Load:
    states = [await prepare(i) for i in range(clients)]
    latencies: list[float] = []
    counts = [0, 0]
    deadline = 0.0

    async def warm_up(state: Any) -> None:
        await fetch(port, make(state))

    async def client(state: Any) -> None:
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            try:
                response = await fetch(port, make(state))
                good = ok(response, state)
            except OSError:
                good = False
            elapsed = time.perf_counter() - t0
            if time.perf_counter() <= deadline:
                latencies.append(elapsed * 1000)
                counts[0 if good else 1] += 1

    await asyncio.gather(*(warm_up(s) for s in states))
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(*(client(s) for s in states))
    return Load(counts[0], counts[1], time.perf_counter() - start, latencies)


def load(port: int, clients: int, seconds: float, **kwargs: Any) -> Load:
    return asyncio.run(_load(port, clients, seconds, **kwargs))


def sequential_ms(port: int, request: Request, runs: int) -> tuple[list[float], int]:
    """Latencies of ``runs`` requests one after another (one person working), and the last
    status."""

    async def go() -> tuple[list[float], int]:
        await fetch(port, request)  # warm up
        times = []
        status = 0
        for _ in range(runs):
            t0 = time.perf_counter()
            response = await fetch(port, request)
            times.append((time.perf_counter() - t0) * 1000)
            status = response.status
        return times, status

    return asyncio.run(go())


def _cookies(response: Response) -> dict[str, str]:
    found = {}
    for header in response.headers.get("set-cookie", []):
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


# --- The server -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    workers: int, data_dir: str, threads: int = 1
) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "letters_bench_settings",
        "DEBUG": "false",
        "DANVAN_DATA_DIR": data_dir,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{BENCH}",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, our own arguments
        [
            str(gunicorn),
            "danvan.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            *(("--worker-class", "gthread", "--threads", str(threads)) if threads > 1 else ()),
            "--backlog",
            "2048",
            "--access-logfile",
            os.devnull,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(Path(data_dir) / "gunicorn.log").open("wb"),
    )
    for _ in range(300):
        try:
            if asyncio.run(fetch(port, Request("GET", "/bench/bare/"))).status == 200:
                break
        except OSError:
            time.sleep(0.1)
    else:
        server.terminate()
        sys.exit("gunicorn did not start: see " + str(Path(data_dir) / "gunicorn.log"))
    # Every worker answers before measuring (each loads Django on its first request).
    for _ in range(workers * 4):
        asyncio.run(fetch(port, Request("GET", "/bench/bare/")))
    return server, port


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:
            pids.append(int(entry.name))
    return pids


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return math.nan


# --- pgbench ----------------------------------------------------------------------------------


def commit_latency_ms(url: str, seconds: int, folder: str) -> float:
    """``pgbench -n -c1``: the mean latency of one INSERT committed, at this moment."""
    script = Path(folder) / "insert.sql"
    script.write_text(f"INSERT INTO {PING_TABLE} (at, note) VALUES (now(), 'pgbench');\n")  # noqa: S608
    parts = urlsplit(url)
    pgbench = shutil.which("pgbench")
    if pgbench is None:
        return math.nan
    out = subprocess.run(  # noqa: S603
        [
            pgbench, "-n", "-c1", f"-T{seconds}", "-f", str(script),
            "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432),
            "-U", parts.username or "postgres", parts.path.lstrip("/"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PGPASSWORD": parts.password or ""},
    )  # fmt: skip
    match = re.search(r"latency average = ([\d.]+) ms", out.stdout)
    return float(match[1]) if match else math.nan


# --- The run ----------------------------------------------------------------------------------


# --- Figures: dashboards, reports, open statistics ---------------------------------------------


def seed_ratings() -> int:
    """Satisfaction ratings for a third of the decided cases (seven in ten satisfied), given
    three days after the decision, unless the database has ratings already."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM letters_rating)")
        if cursor.fetchone()[0]:
            return 0
        cursor.execute(
            "INSERT INTO letters_rating (letter_id, score, comment, created_at) "
            "SELECT c.letter_id, CASE WHEN c.id % 10 < 7 THEN 4 + c.id % 2 ELSE 1 + c.id % 3 END, "
            "'', (c.decided_on + 3)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' "
            "FROM letters_case c WHERE c.decided_on IS NOT NULL AND c.id % 3 = 0"
        )
        made: int = cursor.rowcount
        cursor.execute("ANALYZE letters_rating")
    return made


def measure_figures(
    report: Report, port: int, staff: dict[str, str], inspector: Any, runs: int, folder: str
) -> None:
    """The dashboard and the open statistics, p95 with their figures in the cache and right after
    a change (the cache dropped before each request, as a letter's change drops it), and the
    yearly periodic report of the inspector's unit as a file; then a long export of the list
    (``measure_export``)."""
    from django.core.cache import cache

    from danvan.core import calendar
    from danvan.letters import statistics as letter_statistics
    from danvan.reports.policies import ReportPolicy

    made = seed_ratings()
    if made:
        print(f"ratings: {made:,} seeded for the satisfaction figures", flush=True)
    cache.clear()

    def timed(path: str, headers: dict[str, str], cold: bool) -> tuple[list[float], int]:
        times: list[float] = []
        status = 0
        asyncio.run(fetch(port, Request("GET", path, headers=headers)))  # fills the cache
        for _ in range(runs):
            if cold:
                letter_statistics.invalidate()
            started = time.perf_counter()
            response = asyncio.run(fetch(port, Request("GET", path, headers=headers)))
            times.append((time.perf_counter() - started) * 1000)
            status = response.status
        return times, status

    # The baseline of this part, measured the same way just before: the bare view's p95.
    bare, _status = timed("/bench/bare/", {}, cold=False)
    bare_p95 = percentile(bare, 95)
    report.line("baseline bare view, one at a time", f"p95 {bare_p95:.1f} ms over {runs}")

    def p95_line(title: str, path: str, headers: dict[str, str], target: float, cold: bool) -> None:
        times, status = timed(path, headers, cold)
        p95 = percentile(times, 95)
        report.line(
            title,
            f"p95 {p95:.0f} ms, p50 {statistics.median(times):.0f} ms over {runs} "
            f"= {p95 / bare_p95:.1f}x the bare view's p95 (HTTP {status})",
            f"p95 < {target:.0f} ms",
            p95 < target and status == 200,
        )

    p95_line("dashboard, figures cached", "/staff/dashboard/", staff, 300, cold=False)
    p95_line("dashboard, after a change", "/staff/dashboard/", staff, 300, cold=True)

    year = calendar.today_local().year - 1
    unit = ReportPolicy(inspector).report_units()[0]
    path = "/staff/reports/periodic/?" + urlencode(
        {"kind": "year", "year": year, "unit": unit.pk, "format": "xlsx"}
    )
    times = []
    status = 0
    for _ in range(3):
        started = time.perf_counter()
        response = asyncio.run(fetch(port, Request("GET", path, headers=staff)))
        times.append(time.perf_counter() - started)
        status = response.status
    report.line(
        "periodic report, year",
        f"{max(times):.2f} s the slowest of 3, {statistics.median(times):.2f} s the median "
        f"(year {year}, {unit.name}, XLSX, HTTP {status})",
        "< 5 s",
        max(times) < 5 and status == 200,
    )

    public = {"Accept-Language": "vi"}
    p95_line("open statistics, figures cached", "/thong-ke/", public, 100, cold=False)
    p95_line("open statistics, after a change", "/thong-ke/", public, 100, cold=True)

    measure_export(report, folder)


def _worker(env: dict[str, str]) -> tuple[float, float]:
    """Run ``danvan db_worker --batch`` (the production worker, in a process of its own) until
    the queue is empty; its seconds and its peak resident memory in MB (the process's VmHWM,
    read while it runs: ``wait4``'s figure would count the benchmark's own memory, which the
    worker shares between fork and exec)."""
    started = time.perf_counter()
    worker = subprocess.Popen(
        [sys.executable, "-m", "danvan", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    peak = 0.0
    while worker.poll() is None:
        with contextlib.suppress(OSError, ValueError):
            peak = max(peak, peak_rss_mb(worker.pid))
        time.sleep(0.05)
    if worker.returncode != 0:
        sys.exit(f"db_worker exited with {worker.returncode}")
    return time.perf_counter() - started, peak


def measure_export(report: Report, folder: str) -> None:
    """The letters list of an inspector of every unit filtered to its latest ``EXPORT_ROWS``
    letters (a received-from date), as an XLSX written by the database queue's worker; the time
    and the worker's peak memory, beside an idle worker's (the same command finding nothing to do)
    measured in the same run."""
    from django_tasks_db.models import DBTaskResult

    from danvan.accounts.models import User
    from danvan.letters.exports import ExportFormat
    from danvan.letters.models import ExportJob, ExportStatus
    from danvan.letters.services import exports as export_services
    from danvan.organizations.models import Membership, Unit
    from danvan.organizations.roles import Role

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "letters_bench_settings",
        "DEBUG": "false",
        "DANVAN_DATA_DIR": folder,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{BENCH}",
    }
    # The messages the intake part queued are never sent by the benchmark: not measured.
    DBTaskResult.objects.filter(status="READY").delete()
    _idle_seconds, idle_mb = _worker(env)

    # An inspector of every unit (a province's inspectorate reads all its communes' letters),
    # so that the list is long enough.
    exporter, _created = User.objects.get_or_create(
        username="bench-exporter", defaults={"full_name": "Thanh tra tỉnh"}
    )
    since = dt.date(2000, 1, 1)
    Membership.objects.bulk_create(
        [
            Membership(user=exporter, unit=unit, role=Role.INSPECTOR, effective_from=since)
            for unit in Unit.objects.filter(code__startswith="bench-").exclude(
                memberships__user=exporter
            )
        ]
    )
    visible = export_services.letters_for(viewer=exporter)
    query: dict[str, list[str]] = {}
    if visible.count() > EXPORT_ROWS:
        cut = visible.order_by("-received_on").values_list("received_on", flat=True)
        query = {"received_from": [cut[EXPORT_ROWS - 1].isoformat()]}
    job = export_services.queue_export(viewer=exporter, fmt=ExportFormat.XLSX, query=query)
    seconds, peak_mb = _worker(env)
    job = ExportJob.objects.get(pk=job.pk)
    size = job.file.size / 1e6 if job.file else 0.0
    report.line(
        "export, 100,000 rows",
        f"{job.rows_done:,} rows as XLSX ({size:.1f} MB) in {seconds:.1f} s by the worker "
        f"({job.rows_done / max(seconds, 1e-9):,.0f} rows/s); worker peak RSS {peak_mb:.0f} MB, "
        f"an idle worker's {idle_mb:.0f} MB ({peak_mb / idle_mb:.2f}x); "
        f"status {job.status}",
        "reported; memory flat",
        job.status == ExportStatus.DONE,
    )


@dataclass
class Report:
    missed: list[str] = field(default_factory=list)

    def line(self, name: str, text: str, target: str = "", met: bool | None = None) -> None:
        verdict = "" if met is None else ("  [met]" if met else "  [MISSED]")
        aim = f"  (target {target})" if target else ""
        print(f"{name}: {text}{aim}{verdict}", flush=True)
        if met is False:
            self.missed.append(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--letters", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each load")
    parser.add_argument("--runs", type=int, default=40, help="requests per page measured")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads a worker (gunicorn's gthread workers when above 1; sync workers otherwise); "
        "the baselines are served the same way",
    )
    parser.add_argument(
        "--create-db", action="store_true", help="create the database first, drop it at the end"
    )
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="measure a database this benchmark seeded before (migrated to the current schema) "
        "instead of seeding an empty one",
    )
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"the parts to measure, comma-separated among {', '.join(PARTS)} (default: all)",
    )
    args = parser.parse_args()
    args.parts = {p.strip() for p in args.only.split(",") if p.strip()}
    if not args.parts <= set(PARTS):
        parser.error(f"--only takes {', '.join(PARTS)}")
    # The deployment caches in Redis, shared by the workers; so does the benchmark's server.
    os.environ.setdefault("REDIS_URL", BENCH_REDIS)
    url = _database_url()
    name = urlsplit(url).path.lstrip("/")
    if args.create_db:
        _admin_sql(url, f'CREATE DATABASE "{name}"')
    folder = tempfile.mkdtemp(prefix="danvan-letters-bench-")
    os.environ["DANVAN_DATA_DIR"] = folder
    server = None
    try:
        _setup()
        server = run(args, url, folder)
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        if args.create_db:
            from django.db import connections

            connections.close_all()
            _admin_sql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, url: str, folder: str) -> subprocess.Popen[bytes] | None:
    import logging

    logging.disable(logging.INFO)
    from django.conf import settings
    from django.db import connection
    from django.db.models import F
    from django.test import Client

    from danvan.accounts.models import User
    from danvan.letters.models import Letter
    from danvan.letters.views.staff.letters import LETTERS
    from danvan.workflow import worklists

    report = Report()
    rng = random.Random(2026)
    seeded = Letter.objects.exists()
    if seeded and not args.reuse_db:
        sys.exit(
            f"The database {connection.settings_dict['NAME']} already holds letters: "
            "use an empty one (or --reuse-db to measure what an earlier run seeded)."
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {PING_TABLE} "
            "(id bigserial PRIMARY KEY, at timestamptz NOT NULL, note text NOT NULL)"
        )
    if seeded:
        scope = seeded_scope()
        with connection.cursor() as cursor:
            # The migrations since the seed may have rewritten rows: vacuumed and analysed as
            # autovacuum would in time.
            for table in (
                "letters_letter",
                "letters_case",
                "letters_signername",
                "organizations_unit",
            ):
                cursor.execute(f"VACUUM (ANALYZE) {table}")
        report.line("seed", f"reused: {Letter.objects.count():,} letters already seeded")
    else:
        scope, seconds = seed(args.letters, rng)
        report.line(
            "seed",
            f"{args.letters:,} letters with signers, keys and cases in {seconds:.0f} s "
            f"({len(scope.units)} units)",
            "< 600 s at 1,000,000",
            seconds < 600 if args.letters >= 1_000_000 else None,
        )
    server, port = start_server(args.workers, folder, args.threads)
    kind = f"gthread workers, {args.threads} threads each" if args.threads > 1 else "sync workers"
    print(f"server: gunicorn danvan.wsgi, {args.workers} {kind}", flush=True)
    clients, span = args.clients, args.seconds

    # Baselines and intake, each at ``clients`` clients.
    async def nothing(i: int) -> None:
        return None

    def plain(path: str, method: str = "GET") -> Callable[[Any], Request]:
        return lambda state: Request(method, path)

    def status_is(code: int) -> Callable[[Response, Any], bool]:
        return lambda response, state: response.status == code

    csrf_name, session_name = settings.CSRF_COOKIE_NAME, settings.SESSION_COOKIE_NAME
    inspector = User.objects.get(pk=scope.inspector_id)
    browser = Client()
    browser.force_login(inspector)
    session = browser.cookies[session_name].value
    staff = {"Cookie": f"{session_name}={session}", "Accept-Language": "vi"}
    if "intake" in args.parts:
        latency = commit_latency_ms(url, 5 if args.letters >= 100_000 else 2, folder)
        report.line("commit latency", f"{latency:.2f} ms per INSERT committed (pgbench -n -c1)")
        bare = load(
            port, clients, span, prepare=nothing, make=plain("/bench/bare/"), ok=status_is(200)
        )
        one = load(
            port,
            clients,
            span,
            prepare=nothing,
            make=plain("/bench/insert/", "POST"),
            ok=status_is(200),
        )
        for title, result in (("baseline bare view", bare), ("baseline one INSERT", one)):
            report.line(
                title,
                f"{result.throughput:.0f} req/s, p50 {result.pct(50):.0f} ms, "
                f"p99 {result.pct(99):.0f} ms ({result.failed} failed)",
            )

        from danvan.organizations.models import Ward

        wards = list(
            Ward.objects.filter(province_id=scope.province_code).values_list("code", flat=True)
        )

        def letter_fields(i: int) -> dict[str, str]:
            person = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            subject = rng.choice(MATTERS["feedback"])
            return {
                "kind": "feedback",
                "subject": subject,
                "content": f"{subject}. " + " ".join(rng.sample(SENTENCES, 3)),
                "province": scope.province_code,
                "ward": rng.choice(wards),
                "place": f"Số {rng.randint(1, 400)} đường {rng.choice(STREETS)}",
                "full_name": person,
                "phone": f"09{rng.randint(0, PEOPLE - 1):08d}",
                "address": f"Số {i % 300 + 1} đường {rng.choice(STREETS)}",
            }

        async def form_client(i: int) -> dict[str, str]:
            page = await fetch(port, Request("GET", "/gui-don/"))
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
            return {"token": token[1].decode() if token else "", **_cookies(page)}

        def form_post(state: dict[str, str]) -> Request:
            cookies = "; ".join(f"{k}={state[k]}" for k in (csrf_name, session_name) if k in state)
            body = urlencode(
                {"csrfmiddlewaretoken": state["token"], "action": "send", **letter_fields(0)}
            ).encode()
            return Request(
                "POST",
                "/gui-don/",
                body,
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookies,
                    "Referer": "http://127.0.0.1/gui-don/",
                    "Accept-Language": "vi",
                },
            )

        def form_ok(response: Response, state: dict[str, str]) -> bool:
            state.update(_cookies(response))
            return response.status == 302 and any(
                "da-gui" in v for v in response.headers.get("location", [])
            )

        def api_post(state: Any) -> Request:
            body = urlencode(letter_fields(0)).encode()
            return Request(
                "POST",
                "/bench/api-intake/",
                body,
                {"Content-Type": "application/x-www-form-urlencoded"},
            )

        form = load(port, clients, span, prepare=form_client, make=form_post, ok=form_ok)
        api = load(port, clients, span, prepare=nothing, make=api_post, ok=status_is(201))
        for title, result in (("intake public form", form), ("intake API service", api)):
            ratio = result.throughput / one.throughput if one.throughput else 0.0
            p99 = result.pct(99)
            report.line(
                title,
                f"{result.throughput:.1f} letters/s = {ratio:.2f}x the one-INSERT baseline, "
                f"{result.throughput / bare.throughput if bare.throughput else 0:.3f}x "
                "the bare view; "
                f"p50 {result.pct(50):.0f} ms, p99 {p99:.0f} ms ({result.failed} failed)",
                ">= 0.40x one INSERT, p99 < 150 ms",
                ratio >= 0.4 and p99 < 150 and result.failed == 0,
            )

    if "lists" in args.parts:
        # The staff user's work list and search, one request at a time.
        letters = LETTERS
        from danvan.letters import selectors

        queryset = selectors.letter_list(viewer=inspector)
        keys = letters.order_keys(Letter, letters.default_sort)
        visible = queryset.count()
        pages = math.ceil(visible / letters.page_size)
        deep = min(1000, max(1, pages))
        cursor_path = "/staff/letters/"
        if deep > 1:
            # The cursor the list's own "next" link would carry after page ``deep - 1``, made from
            # that page's last row (read once with OFFSET; the measured page reads by keyset).
            annotated = queryset.annotate(**{f"wlkey{i}": F(k.field) for i, k in enumerate(keys)})
            last_of_previous = annotated.order_by(*worklists._ordering(keys))[
                (deep - 1) * letters.page_size - 1
            ]
            cursor = letters._cursor(letters.default_sort, False, deep, keys, last_of_previous)
            cursor_path = "/staff/letters/?" + urlencode({worklists.CURSOR_PARAM: cursor})
        runs = args.runs
        for title, path, target in (
            ("work list page 1", "/staff/letters/", 50),
            ("work list page 1000", cursor_path, 50),
            (
                "search folded words",
                "/staff/letters/?" + urlencode({"q": "khieu nai dat dai"}),
                150,
            ),
            ("search street", "/staff/letters/?" + urlencode({"q": "Nguyen Trai"}), 150),
            ("search register number", "/staff/letters/?" + urlencode({"q": scope.register}), 150),
            ("search telephone", "/staff/letters/?" + urlencode({"q": scope.phone}), 150),
        ):
            times, status = sequential_ms(port, Request("GET", path, headers=staff), runs)
            p95 = percentile(times, 95)
            note = (
                f" (page {deep} of {pages}: the list has {visible:,} letters)"
                if "1000" in title
                else ""
            )
            report.line(
                title,
                f"p95 {p95:.0f} ms, p50 {statistics.median(times):.0f} ms over {runs} "
                f"(HTTP {status}){note}",
                f"p95 < {target} ms",
                p95 < target and status == 200,
            )

    if "figures" in args.parts:
        measure_figures(report, port, staff, inspector, args.runs, folder)

    peaks = [peak_rss_mb(pid) for pid in worker_pids(server.pid)]
    peak = max(peaks) if peaks else math.nan
    report.line(
        "web worker peak RSS",
        f"{peak:.0f} MB (VmHWM, the largest of {len(peaks)} workers)",
        "< 250 MB",
        peak < 250,
    )
    print("targets missed: " + (", ".join(report.missed) if report.missed else "none"), flush=True)
    return server


if __name__ == "__main__":
    main()
