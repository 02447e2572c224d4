"""Benchmark the PDF copies: DOCX rendering (python-docx) against the PDF conversion
(LibreOffice headless), cold and warm, per document.

Run from the project root:

    .venv/bin/python bench/pdf_bench.py [--runs N]

For three documents — a one-page state notice (NĐ 30), a one-page party notice (36-HD/VPTW)
and a state letter of about four pages — it prints the median time of:

1. ``render_docx(layout)``: the DOCX bytes (pure Python, no database);
2. ``docx_to_pdf`` cold: a fresh LibreOffice profile, as the first conversion of a process;
3. ``docx_to_pdf`` warm: the profile kept from the previous conversion (every later one);

and the ratios PDF/DOCX. Each conversion starts one LibreOffice process, so both PDF figures
are mostly its start-up; they vary with the machine's load, disk and CPU: compare ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _median_ms(action: Callable[[], object], runs: int, before: Callable[[], None]) -> float:
    times = []
    for _ in range(runs):
        before()
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1e3)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    import django

    django.setup()
    from danvan.documents import pdf
    from danvan.documents.rendering import Layout, Signer, format_recipients, render_docx
    from danvan.organizations.models import DocumentFormat

    if not pdf.converter_available():
        sys.exit("LibreOffice is missing: run `make pdf-tools` as root.")

    body = (
        "Kính gửi: Ông Lê Văn Cúc\n"
        "Ngày 02/02/2026, Văn phòng nhận được đơn khiếu nại của Ông Lê Văn Cúc, địa chỉ: số 12 "
        "phố Hàng Bạc, với nội dung: đề nghị xem xét lại quyết định thu hồi đất.\n"
        "Văn phòng đã thụ lý giải quyết đơn nêu trên từ ngày 05/02/2026 (vụ việc số 12/2026).\n"
        "Văn phòng thông báo để Ông Lê Văn Cúc biết./."
    )
    common = {
        "number_line": "Số: 01/TB-VP",
        "date_line": "Hà Nội, ngày 05 tháng 02 năm 2026",
        "title": "THÔNG BÁO",
        "summary": "Về việc thụ lý giải quyết khiếu nại",
        "recipients": format_recipients(["Ông Lê Văn Cúc", "Thanh tra thành phố"]),
        "signer": Signer(
            authority="KT. CHÁNH VĂN PHÒNG",
            position="PHÓ CHÁNH VĂN PHÒNG",
            name="Nguyễn Thị Lan Anh",
        ),
    }
    layouts = {
        "state notice, 1 page": Layout(
            fmt=DocumentFormat.ND30,
            parent_body="UBND THÀNH PHỐ HÀ NỘI",
            issuing_body="VĂN PHÒNG",
            body=body,
            **common,
        ),
        "party notice, 1 page": Layout(
            fmt=DocumentFormat.HD36,
            parent_body="THÀNH ỦY HÀ NỘI",
            issuing_body="BAN TUYÊN GIÁO VÀ DÂN VẬN",
            body=body,
            **common,
        ),
        "state letter, ~4 pages": Layout(
            fmt=DocumentFormat.ND30,
            parent_body="UBND THÀNH PHỐ HÀ NỘI",
            issuing_body="VĂN PHÒNG",
            body="\n".join(
                f"Đoạn {n}: ý kiến trả lời về việc cấp giấy chứng nhận quyền sử dụng đất. " * 6
                for n in range(40)
            ),
            letter_like=True,
            **{**common, "title": "", "summary": "V/v trả lời kiến nghị"},
        ),
    }
    print(f"LibreOffice: {pdf.converter_command()}; median of {args.runs} runs")
    header = f"{'document':<24}{'DOCX ms':>10}{'PDF cold ms':>13}{'PDF warm ms':>13}"
    print(header + f"{'cold/DOCX':>11}{'warm/DOCX':>11}{'cold/warm':>11}")
    for name, layout in layouts.items():
        content = render_docx(layout)
        docx_ms = _median_ms(lambda layout=layout: render_docx(layout), args.runs, lambda: None)
        cold_ms = _median_ms(
            lambda content=content: pdf.docx_to_pdf(content), args.runs, pdf.forget_profiles
        )
        pdf.docx_to_pdf(content)  # leaves one warm profile
        warm_ms = _median_ms(
            lambda content=content: pdf.docx_to_pdf(content), args.runs, lambda: None
        )
        print(
            f"{name:<24}{docx_ms:>10.1f}{cold_ms:>13.0f}{warm_ms:>13.0f}"
            f"{cold_ms / docx_ms:>10.0f}x{warm_ms / docx_ms:>10.0f}x{cold_ms / warm_ms:>10.2f}x"
        )


if __name__ == "__main__":
    main()
