"""``danvan calendar holidays|add|seed``: exact output, corrections applied, clear errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.core import calendar as cal
from danvan.core.models.calendar import CalendarDay, CalendarYear, DayKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cal.clear_cache()
    yield
    cal.clear_cache()


def run(*args: str) -> str:
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue()


def test_holidays_2027_prints_one_line_per_day_off():
    assert run("holidays", "2027") == (
        "2027-01-01 Tết Dương lịch\n"
        "2027-02-04 29 Tết\n"
        "2027-02-05 Giao thừa Tết Nguyên Đán\n"
        "2027-02-06 Tết Nguyên Đán\n"
        "2027-02-07 Mùng hai Tết Nguyên Đán\n"
        "2027-02-08 Mùng ba Tết Nguyên Đán\n"
        "2027-02-09 Mùng bốn Tết Nguyên Đán\n"
        "2027-02-10 Mùng năm Tết Nguyên Đán\n"
        "2027-04-16 Ngày Giỗ Tổ Hùng Vương\n"
        "2027-04-30 Ngày Chiến thắng\n"
        "2027-05-01 Ngày Quốc tế Lao động\n"
        "2027-05-03 Ngày Quốc tế Lao động (nghỉ bù)\n"
        "2027-09-02 Quốc khánh\n"
        "2027-09-03 Quốc khánh\n"
    )


def test_holidays_2028():
    assert run("holidays", "2028") == (
        "2028-01-01 Tết Dương lịch\n"
        "2028-01-03 Tết Dương lịch (nghỉ bù)\n"
        "2028-01-24 29 Tết\n"
        "2028-01-25 Giao thừa Tết Nguyên Đán\n"
        "2028-01-26 Tết Nguyên Đán\n"
        "2028-01-27 Mùng hai Tết Nguyên Đán\n"
        "2028-01-28 Mùng ba Tết Nguyên Đán\n"
        "2028-01-29 Mùng bốn Tết Nguyên Đán\n"
        "2028-04-04 Ngày Giỗ Tổ Hùng Vương\n"
        "2028-04-30 Ngày Chiến thắng\n"
        "2028-05-01 Ngày Quốc tế Lao động\n"
        "2028-05-02 Ngày Chiến thắng (nghỉ bù)\n"
        "2028-09-01 Quốc khánh\n"
        "2028-09-02 Quốc khánh\n"
        "2028-09-04 Quốc khánh (nghỉ bù)\n"
    )


def test_holidays_2026_include_the_new_year_correction_and_leave_out_pending_24_11():
    lines = run("holidays", "2026").splitlines()
    assert lines[:2] == [
        "2026-01-01 Tết Dương lịch",
        "2026-01-02 Nghỉ Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/01/2026)",
    ]
    assert "2026-04-27 Ngày Giỗ Tổ Hùng Vương (nghỉ bù)" in lines
    assert "2026-08-31 Ngày nghỉ (thay cho ngày 22/08/2026)" in lines
    assert not any(line.startswith("2026-01-10") for line in lines)  # a working day
    assert not any(line.startswith("2026-08-22") for line in lines)
    assert not any(line.startswith("2026-11-24") for line in lines)  # pending
    assert lines == sorted(lines)
    assert len(lines) == 14


def test_holidays_follow_administrators_corrections():
    run("holidays", "2027")
    CalendarDay.objects.filter(date=dt.date(2027, 11, 24)).update(active=True, source="admin")
    CalendarDay.objects.create(
        date=dt.date(2027, 12, 31), kind=DayKind.EXTRA_DAY_OFF, name="Nghỉ thêm", source="admin"
    )
    CalendarDay.objects.filter(date=dt.date(2027, 5, 3)).update(active=False, source="admin")
    lines = run("holidays", "2027").splitlines()
    assert lines[-2:] == ["2027-11-24 Ngày Văn hóa Việt Nam", "2027-12-31 Nghỉ thêm"]
    assert "2027-05-03 Ngày Quốc tế Lao động (nghỉ bù)" not in lines


def test_add_prints_the_date_n_working_days_later():
    assert run("add", "2027-02-03", "1") == "2027-02-11\n"
    assert run("add", "2026-01-09", "1") == "2026-01-10\n"  # the swapped Saturday
    assert run("add", "2026-02-12", "5") == "2026-02-26\n"
    assert run("add", "2027-02-06", "0") == "2027-02-06\n"


def test_add_follows_administrators_corrections():
    assert run("add", "2027-03-12", "1") == "2027-03-15\n"
    CalendarDay.objects.create(
        date=dt.date(2027, 3, 15), kind=DayKind.EXTRA_DAY_OFF, name="Nghỉ thêm", source="admin"
    )
    assert run("add", "2027-03-12", "1") == "2027-03-16\n"


def test_seed_reports_per_year_and_is_idempotent():
    out = run("seed", "2027", "2028")
    assert out.splitlines()[0].startswith("2027: thêm 15,")
    assert out.splitlines()[1].startswith("2028: thêm 16,")
    assert set(CalendarYear.objects.values_list("year", flat=True)) == {2027, 2028}
    again = run("seed", "2027")
    assert again.startswith("2027: thêm 0,")


def test_seed_all_reseeds_every_seeded_year():
    run("seed", "2027", "2028")
    CalendarDay.objects.filter(date=dt.date(2028, 9, 1)).update(name="Cũ")  # an older package
    out = run("seed", "--all")
    assert [line[:4] for line in out.splitlines()] == ["2027", "2028"]
    assert "cập nhật 1," in out.splitlines()[1]
    assert CalendarDay.objects.get(date=dt.date(2028, 9, 1)).name == "Quốc khánh"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("holidays", "hai nghìn"), "không phải là năm"),
        (("holidays", "1900"), "1995"),
        (("holidays", "3000"), "2100"),
        (("add", "2027-02-30", "1"), "không phải là ngày hợp lệ"),
        (("add", "03/02/2027", "1"), "không phải là ngày hợp lệ"),
        (("add", "2027-02-03", "một"), "không phải là số ngày làm việc"),
        (("add", "2027-02-03", "1.5"), "không phải là số ngày làm việc"),
        (("add", "2027-02-03", "-1"), "lớn hơn hoặc bằng 0"),
        (("add", "2100-12-30", "5"), "2100"),
        (("seed", "2027", "abc"), "không phải là năm"),
        (("seed",), "--all"),
    ],
)
def test_bad_input_is_a_clear_command_error(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_a_missing_or_unknown_subcommand_is_a_command_error():
    with pytest.raises(CommandError):
        run()
    with pytest.raises(CommandError):
        run("list")
