import pytest

from danvan.core.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Phường Bến Nghé", "phuong ben nghe"),
        ("ĐẢNG ỦY  phường\tHoàn Kiếm", "dang uy phuong hoan kiem"),
        ("Đà Nẵng", "da nang"),
        ("Nguyễn Thị Minh Khai", "nguyen thi minh khai"),
        # Decomposed input (combining marks typed separately) folds the same as composed input.
        ("Hu\u0300ng Vu\u031bo\u031bng", "hung vuong"),
        ("  khiếu nại, tố cáo ", "khieu nai, to cao"),
        ("", ""),
    ],
)
def test_fold_strips_vietnamese_diacritics_and_case(text, folded):
    assert fold(text) == folded


def test_fold_is_idempotent():
    text = "Ủy ban Mặt trận Tổ quốc Việt Nam"
    assert fold(fold(text)) == fold(text)
