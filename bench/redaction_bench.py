"""Benchmark ``danvan.letters.redaction`` on a long letter with several signers.

Run from the project root:

    .venv/bin/python bench/redaction_bench.py [--chars N] [--signers K] [--runs R]

It builds a letter of about N characters (default 5,000) in which K signers (default 5,
fictional people) write their identity the ways letters do (titles, reordered names, grouped
numbers, rewritten addresses, invisible characters), and times, each as the median of R runs
(default 200), in the same run:

1. ``fold()`` of the letter: the baseline, one pass of Unicode normalisation over the text;
2. ``redact()`` with the signers' identity strings, the patterns already compiled (the cached
   ``Redactor``, as when a letter's texts are redacted one after another);
3. ``redact()`` building the patterns afresh (the first text of a letter);
4. ``contains_identity()`` on the redacted letter (the check before saving an officer's text);

checks that the redacted letter keeps none of the identifiers, and prints the ratios to (1).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

#: (name, identity number, telephone, address as stored, address as the letter writes it)
SIGNERS = [
    ("Nguyễn Thị Xuyến", "001085012345", "0912345678",
     "Số 14 phố Lò Sũ, phường Hoàn Kiếm, Hà Nội", "số nhà 14 Lò Sũ"),
    ("Trần Văn Tuấn", "079092004321", "+84 356 789 012",
     "27 Hàng Bạc, phường Hoàn Kiếm, Hà Nội", "nhà số 27, P. Hàng Bạc"),
    ("Lê Thị Nguyệt", "031187000111", "0983.111.222",
     "Số 5/12 ngõ 20 Kim Mã, Ba Đình, Hà Nội", "5/12, ngõ 20 Kim Mã"),
    ("Phạm Đức Hùng", "012345678", "0778 123 456",
     "Số 102, đường Trần Hưng Đạo, Đà Nẵng", "102 Trần Hưng Đạo"),
    ("Đặng Ngọc Khánh", "C1234567", "0868000999",
     "Số 9 ngõ 3 phố Huế, Hai Bà Trưng, Hà Nội", "phố Huế số 9"),
]  # fmt: skip
FILLER = [
    "Ngày 12/3/2025 chúng tôi đến trụ sở Ủy ban nhân dân phường để phản ánh.",
    "Việc thu 5.000.000 đồng không có biên lai là trái Điều 8 Luật Tố cáo.",
    "Cán bộ địa chính nhiều lần hẹn nhưng không giải quyết hồ sơ đất đai của người dân.",
    "Đề nghị cơ quan có thẩm quyền xem xét theo khoản 3 Điều 47 và Điều 56.",
    "Người dân thị trấn mong muốn hòa bình, an ninh xuyên suốt quá trình giải quyết.",
]


def _mentions(name: str, id_number: str, phone: str, _stored: str, written: str) -> list[str]:
    surname, *middle, given = name.split()
    return [
        f"Tôi là {name}, CCCD/CMND {id_number}, điện thoại {phone}.",
        f"Bà con gọi tôi là chị {given}; {given} {surname} {' '.join(middle)} ký tên.",
        f"Địa chỉ: {written}.",
        f"Liên hệ {phone[:4]} {phone[4:]} hoặc {surname}-{given}, {given.upper()} ký.",
        f"{surname}\u200b {given} xác nhận nội dung trên là đúng.",
    ]


def _letter(chars: int, signers: int, rng: random.Random) -> str:
    parts: list[str] = []
    for signer in SIGNERS[:signers]:
        parts += _mentions(*signer)
    while sum(len(p) + 1 for p in parts) < chars:
        parts.append(rng.choice(FILLER))
    rng.shuffle(parts)
    return " ".join(parts)[:chars]


def _median(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=5_000)
    parser.add_argument("--signers", type=int, default=5)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    import django

    django.setup()
    from danvan.core.text import fold
    from danvan.letters import redaction
    from danvan.letters.redaction import Redactor, contains_identity, identity_strings, redact

    rng = random.Random(2026)
    text = _letter(args.chars, args.signers, rng)
    identity: list[str] = []
    for name, id_number, phone, address, _written in SIGNERS[: args.signers]:
        identity += identity_strings(
            full_name=name, id_number=id_number, phone=phone, address=address
        )
    print(f"letter: {len(text):,} characters, {args.signers} signers, {len(identity)} strings")

    redacted = redact(text, identity, marker="▮")
    if contains_identity(redacted, identity):
        raise SystemExit("the redacted letter still contains an identity string")
    print(f"identifying spans replaced: {redacted.count('▮')}")

    baseline = _median(lambda: fold(text), args.runs)
    warm = _median(lambda: redact(text, identity, marker="▮"), args.runs)
    cold = _median(lambda: Redactor(identity).redact(text, marker="▮"), args.runs)
    check = _median(lambda: contains_identity(redacted, identity), args.runs)
    redaction._fold_char.cache_clear()
    first = _median(lambda: Redactor(identity).redact(text, marker="▮"), 1)

    rows = [
        ("fold() of the letter (baseline)", baseline),
        ("redact(), patterns cached", warm),
        ("redact(), patterns built afresh", cold),
        ("contains_identity() on the redacted letter", check),
        ("first redact() of the process (cold caches)", first),
    ]
    for label, seconds in rows:
        print(f"{label:<48} {seconds * 1e3:8.3f} ms  {seconds / baseline:7.1f}× fold")


if __name__ == "__main__":
    main()
