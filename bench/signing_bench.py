"""Benchmark the signed PDFs: preparing a draft's fields, the signer's signature, the clerk's
issue (fields filled and the organisation's signature) and the PAdES check, each against the
DOCX to PDF conversion measured in the same run (the step every draft pays anyway).

Run from the project root:

    .venv/bin/python bench/signing_bench.py [--runs N]

It prints the median time of each step in milliseconds and its ratio to the warm conversion.
No database is used: a local certification authority is made in memory.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
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
    from danvan.documents import numbering, pdf, signing
    from danvan.documents.local_ca import PASSPHRASE, LocalAuthority
    from danvan.documents.rendering import Layout, Signer, format_recipients, render_docx
    from danvan.organizations.models import DocumentFormat

    if not pdf.converter_available():
        sys.exit("LibreOffice is missing: run `make pdf-tools` as root.")
    layout = Layout(
        fmt=DocumentFormat.ND30,
        parent_body="UBND THÀNH PHỐ HÀ NỘI",
        issuing_body="VĂN PHÒNG",
        number_line="Số:      /QĐ-VP",
        date_line=numbering.draft_date_line("Hà Nội", 2026),
        title="QUYẾT ĐỊNH",
        summary="Về việc giải quyết khiếu nại",
        body="\n".join(
            "Căn cứ Điều 31 Luật Khiếu nại năm 2011; xét nội dung khiếu nại và kết quả xác minh."
            for _ in range(12)
        ),
        recipients=format_recipients(["Ông Lê Văn Cúc", "Thanh tra thành phố"]),
        signer=Signer(authority="", position="CHÁNH VĂN PHÒNG", name="Nguyễn Thị Lan Anh"),
    )
    docx = render_docx(layout)
    authority = LocalAuthority()
    person = authority.pkcs12("Nguyễn Thị Lan Anh")
    seal = authority.pkcs12("Văn phòng UBND thành phố Hà Nội")
    pdf.docx_to_pdf(docx)  # a warm profile
    converted = pdf.docx_to_pdf(docx)
    draft = signing.add_issue_fields(converted)
    signed = signing.sign_pdf(
        draft, p12=person, passphrase=PASSPHRASE, field_name="NguoiKy", label="Ký bởi",
        signer_name="Nguyễn Thị Lan Anh",
    )  # fmt: skip
    values = {
        signing.NUMBER_FIELD: "05",
        signing.DATE_FIELDS[0]: "03",
        signing.DATE_FIELDS[1]: "12",
    }

    def issue() -> bytes:
        return signing.fill_and_seal(
            signed, values=values, p12=seal, passphrase=PASSPHRASE,
            signer_name="Nguyễn Thị Lan Anh",
        )  # fmt: skip

    issued = issue()
    trusted = [authority.pem]
    steps: dict[str, Callable[[], object]] = {
        "DOCX to PDF (warm)": lambda: pdf.docx_to_pdf(docx),
        "number and date fields": lambda: signing.add_issue_fields(converted),
        "signer's signature": lambda: signing.sign_pdf(
            draft,
            p12=person,
            passphrase=PASSPHRASE,
            field_name="NguoiKy",
            label="Ký bởi",
            signer_name="Nguyễn Thị Lan Anh",
        ),
        "issue (fill + seal)": issue,
        "check 1 signature": lambda: signing.check_signatures(signed, trusted_pems=trusted),
        "check 2 signatures": lambda: signing.check_signatures(issued, trusted_pems=trusted),
    }
    print(f"median of {args.runs} runs; issued PDF {len(issued) / 1024:.0f} KB")
    baseline = None
    print(f"{'step':<26}{'ms':>10}{'/ PDF conversion':>18}")
    for name, action in steps.items():
        ms = _median_ms(action, args.runs)
        baseline = baseline or ms
        print(f"{name:<26}{ms:>10.1f}{ms / baseline:>17.2f}x")


if __name__ == "__main__":
    main()
