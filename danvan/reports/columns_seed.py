"""The register book's default columns (after the registers kept today: TT 05/2021/TT-TTCP's
sổ theo dõi đơn; its exact form was not read, so administrators correct the headings in the
administration). Written by migration 0002 and again by the tests after a table was emptied."""

from __future__ import annotations

from typing import Any

COLUMNS = [
    ("register_number", "Số vào sổ", 12),
    ("received_on", "Ngày nhận đơn", 12),
    ("signers", "Họ tên, địa chỉ người gửi đơn", 30),
    ("summary", "Nội dung tóm tắt", 40),
    ("kind", "Phân loại đơn", 14),
    ("field", "Lĩnh vực", 16),
    ("competence", "Thẩm quyền giải quyết", 18),
    ("status", "Kết quả xử lý đơn", 18),
    ("handled_on", "Ngày xử lý", 12),
    ("case_number", "Số vụ việc thụ lý", 14),
    ("outcome", "Kết quả giải quyết", 16),
]


def seed_register_columns(column: Any) -> None:
    """Write the default columns through ``column`` (the model, or the migration's historical
    model) when the table holds none."""
    if column.objects.exists():
        return
    column.objects.bulk_create(
        column(key=key, label=label, width=width, position=(i + 1) * 10)
        for i, (key, label, width) in enumerate(COLUMNS)
    )
