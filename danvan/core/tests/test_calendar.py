"""The working-day calendar: holidays from the table, working-day and Civil Code arithmetic.

Dates checked against the ``holidays`` package 0.109 and an independent lunisolar computation
(UTC+7): Tết Đinh Mùi = Saturday 06/02/2027, Tết Mậu Thân = Wednesday 26/01/2028, Giỗ Tổ Hùng
Vương (10/3 lunar) = 07/04/2025, 26/04/2026 (a Sunday), 16/04/2027, 04/04/2028.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import holidays
import pytest
import time_machine

from danvan.core import calendar as cal
from danvan.core import calendar_services as services
from danvan.core.models import AuditEntry
from danvan.core.models.calendar import CalendarDay, CalendarYear, DayKind, PeriodUnit

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Each test's transaction is rolled back without signals: drop the cached years both ways.
    cal.clear_cache()
    yield
    cal.clear_cache()


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser(username="quantri", password="x-Strong-9")


def days_off_between(start: dt.date, end: dt.date) -> list[dt.date]:
    out, d = [], start
    while d <= end:
        if not cal.is_working_day(d):
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def row(date: dt.date) -> CalendarDay:
    services.ensure_years_seeded([date.year])
    return CalendarDay.objects.get(date=date)


# --- Tết ----------------------------------------------------------------------------------------


def test_tet_2027_dinh_mui_starts_on_saturday_6_february_and_closes_4_to_10_february():
    assert row(D(2027, 2, 6)).name == "Tết Nguyên Đán"
    assert row(D(2027, 2, 6)).kind == DayKind.HOLIDAY
    assert row(D(2027, 2, 5)).name == "Giao thừa Tết Nguyên Đán"
    assert days_off_between(D(2027, 2, 1), D(2027, 2, 14)) == [
        D(2027, 2, 4),  # 29 Tết, compensatory for the Saturday
        D(2027, 2, 5),
        D(2027, 2, 6),
        D(2027, 2, 7),
        D(2027, 2, 8),
        D(2027, 2, 9),
        D(2027, 2, 10),  # mùng 5, compensatory for the Sunday
        D(2027, 2, 13),
        D(2027, 2, 14),
    ]
    assert row(D(2027, 2, 4)).kind == DayKind.COMPENSATORY
    assert row(D(2027, 2, 10)).kind == DayKind.COMPENSATORY
    assert cal.add_working_days(D(2027, 2, 3), 1) == D(2027, 2, 11)


def test_tet_2028_mau_than_starts_on_wednesday_26_january():
    assert row(D(2028, 1, 26)).name == "Tết Nguyên Đán"
    assert row(D(2028, 1, 25)).name == "Giao thừa Tết Nguyên Đán"
    assert days_off_between(D(2028, 1, 21), D(2028, 1, 31)) == [
        D(2028, 1, 22),
        D(2028, 1, 23),
        D(2028, 1, 24),  # 29 Tết, compensatory for mùng 4 on Saturday 29/01
        D(2028, 1, 25),
        D(2028, 1, 26),
        D(2028, 1, 27),
        D(2028, 1, 28),
        D(2028, 1, 29),
        D(2028, 1, 30),
    ]
    assert cal.add_working_days(D(2028, 1, 21), 1) == D(2028, 1, 31)
    # New Year's Day 2028 is a Saturday: compensatory Monday 03/01.
    assert row(D(2028, 1, 3)).kind == DayKind.COMPENSATORY
    assert not cal.is_working_day(D(2028, 1, 3))


def test_a_working_day_deadline_spanning_tet_2026_skips_the_whole_break():
    # Thursday 12/02/2026 + 5 working days: Fri 13, (Tết 16–20 off), Mon 23, Tue 24, Wed 25, Thu 26.
    assert cal.add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 26)
    assert cal.working_days_between(D(2026, 2, 12), D(2026, 2, 26)) == 5
    # Ten working days from the eve of Tết 2027.
    assert cal.add_working_days(D(2027, 2, 3), 10) == D(2027, 2, 24)


# --- Hùng Kings ---------------------------------------------------------------------------------


def test_hung_kings_day_2025_is_monday_7_april():
    assert row(D(2025, 4, 7)).name == "Ngày Giỗ Tổ Hùng Vương"
    assert not cal.is_working_day(D(2025, 4, 7))
    assert cal.add_working_days(D(2025, 4, 4), 1) == D(2025, 4, 8)


def test_hung_kings_day_2026_on_a_sunday_gives_compensatory_monday_27_april():
    assert cal.is_working_day(D(2026, 4, 24))
    sunday = row(D(2026, 4, 26))
    assert (sunday.kind, sunday.name) == (DayKind.HOLIDAY, "Ngày Giỗ Tổ Hùng Vương")
    monday = row(D(2026, 4, 27))
    assert (monday.kind, monday.name) == (
        DayKind.COMPENSATORY,
        "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)",
    )
    assert not cal.is_working_day(D(2026, 4, 27))
    # Fri 24/04 + 1: Mon 27 is off, so Tue 28; then 30/04 and 01/05 are off too.
    assert cal.add_working_days(D(2026, 4, 24), 1) == D(2026, 4, 28)
    assert cal.add_working_days(D(2026, 4, 24), 3) == D(2026, 5, 4)


def test_hung_kings_day_2027_and_2028():
    assert not cal.is_working_day(D(2027, 4, 16))
    assert row(D(2027, 4, 16)).name == "Ngày Giỗ Tổ Hùng Vương"
    assert not cal.is_working_day(D(2028, 4, 4))
    assert row(D(2028, 4, 4)).name == "Ngày Giỗ Tổ Hùng Vương"


# --- New Year 2026 (Công văn 12729/VPCP-KGVX) ---------------------------------------------------


def test_new_year_2026_friday_2_january_off_and_saturday_10_january_worked():
    assert not cal.is_working_day(D(2026, 1, 1))
    assert not cal.is_working_day(D(2026, 1, 2))
    assert cal.is_working_day(D(2026, 1, 10))
    assert not cal.is_working_day(D(2026, 1, 11))
    assert cal.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 5)
    assert cal.add_working_days(D(2026, 1, 9), 1) == D(2026, 1, 10)
    assert cal.add_working_days(D(2026, 1, 9), 2) == D(2026, 1, 12)
    assert cal.working_days_between(D(2026, 1, 4), D(2026, 1, 11)) == 6
    off, worked = row(D(2026, 1, 2)), row(D(2026, 1, 10))
    assert (off.kind, off.source) == (DayKind.EXTRA_DAY_OFF, CalendarDay.Source.ADMIN)
    assert (worked.kind, worked.source) == (DayKind.WORKING_DAY, CalendarDay.Source.ADMIN)
    assert "12729/VPCP-KGVX" in off.legal_basis
    assert "12729/VPCP-KGVX" in worked.legal_basis
    # The days the package already has are not doubled: 2026 has one row per date.
    assert CalendarDay.objects.filter(date__year=2026).count() == len(
        {r.date for r in CalendarDay.objects.filter(date__year=2026)}
    )


def test_the_package_still_misses_the_new_year_2026_swap():
    """If a package upgrade learns the swap, the shipped correction must be reconsidered."""
    vn = holidays.country_holidays("VN", years=2026)
    assert vn.is_working_day(D(2026, 1, 2))
    assert not vn.is_working_day(D(2026, 1, 10))
    assert set(vn) & {D(2026, 1, 2), D(2026, 1, 3), D(2026, 1, 4)} == set()


def test_package_swaps_are_stored_as_day_off_and_working_saturday():
    # 2026: Monday 31/08 off, Saturday 22/08 worked (known to the package).
    assert row(D(2026, 8, 31)).kind == DayKind.EXTRA_DAY_OFF
    assert row(D(2026, 8, 22)).kind == DayKind.WORKING_DAY
    assert cal.is_working_day(D(2026, 8, 22))
    assert not cal.is_working_day(D(2026, 8, 31))
    # 2025: Friday 02/05 off, Saturday 26/04 worked.
    assert cal.is_working_day(D(2025, 4, 26))
    assert not cal.is_working_day(D(2025, 5, 2))


def test_a_swap_across_the_year_boundary_is_seeded_in_each_year():
    # 02/01/2015 off, worked on Saturday 27/12/2014 (listed by the package under 2015).
    assert cal.is_working_day(D(2014, 12, 27))
    assert not cal.is_working_day(D(2015, 1, 2))
    assert row(D(2014, 12, 27)).name == "Ngày làm bù (thay cho ngày nghỉ 02/01/2015)"


# --- 24/11 --------------------------------------------------------------------------------------


def test_vietnam_culture_day_is_kept_inactive_until_confirmed(admin_user):
    culture = row(D(2026, 11, 24))
    assert (culture.name, culture.active, culture.source) == (
        "Ngày Văn hóa Việt Nam",
        False,
        CalendarDay.Source.PACKAGE,
    )
    assert cal.is_working_day(D(2026, 11, 24))
    assert cal.add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 24)
    assert D(2026, 11, 24) not in [d.date for d in cal.days_off(2026)]

    services.calendar_days_set_active(days=[culture], active=True, actor=admin_user)

    culture.refresh_from_db()
    assert (culture.active, culture.source) == (True, CalendarDay.Source.ADMIN)
    assert not cal.is_working_day(D(2026, 11, 24))
    assert cal.add_working_days(D(2026, 11, 23), 1) == D(2026, 11, 25)
    assert D(2026, 11, 24) in [d.date for d in cal.days_off(2026)]
    # A re-seed keeps the administrator's confirmation.
    services.calendar_year_seed(year=2026)
    assert row(D(2026, 11, 24)).active
    assert AuditEntry.objects.filter(action="core.calendar_day.changed").count() == 1


def test_a_compensatory_day_for_a_pending_holiday_is_inactive_too():
    # 24/11/2029 is a Saturday; the package moves it to Monday 26/11.
    assert not row(D(2029, 11, 24)).active
    assert not row(D(2029, 11, 26)).active
    assert cal.is_working_day(D(2029, 11, 26))


# --- administrators' corrections ----------------------------------------------------------------


def test_an_extra_day_off_changes_results_and_deleting_it_restores(admin_user):
    assert cal.add_working_days(D(2027, 3, 12), 1) == D(2027, 3, 15)
    extra = services.calendar_day_save(
        day=CalendarDay(
            date=D(2027, 3, 15),
            kind=DayKind.EXTRA_DAY_OFF,
            name="Nghỉ thêm (ví dụ)",
            legal_basis="Thông báo 1/TB-VPCP (giả định)",
        ),
        actor=admin_user,
    )
    assert extra.source == CalendarDay.Source.ADMIN
    assert not cal.is_working_day(D(2027, 3, 15))
    assert cal.add_working_days(D(2027, 3, 12), 1) == D(2027, 3, 16)
    assert cal.working_days_between(D(2027, 3, 12), D(2027, 3, 19)) == 4

    services.calendar_day_delete(day=extra, actor=admin_user)

    assert cal.is_working_day(D(2027, 3, 15))
    assert cal.add_working_days(D(2027, 3, 12), 1) == D(2027, 3, 15)
    assert not CalendarDay.objects.filter(date=D(2027, 3, 15)).exists()
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "core.calendar_day.created" in actions
    assert "core.calendar_day.deleted" in actions


def test_a_saturday_made_working_counts_and_deleting_it_restores(admin_user):
    assert cal.add_working_days(D(2027, 3, 19), 1) == D(2027, 3, 22)
    saturday = services.calendar_day_save(
        day=CalendarDay(date=D(2027, 3, 20), kind=DayKind.WORKING_DAY, name="Ngày làm bù"),
        actor=admin_user,
    )
    assert cal.is_working_day(D(2027, 3, 20))
    assert cal.add_working_days(D(2027, 3, 19), 1) == D(2027, 3, 20)
    assert cal.working_days_between(D(2027, 3, 19), D(2027, 3, 22)) == 2
    assert cal.add_calendar_days(D(2027, 3, 15), 5) == D(2027, 3, 20)

    services.calendar_day_delete(day=saturday, actor=admin_user)

    assert not cal.is_working_day(D(2027, 3, 20))
    assert cal.add_working_days(D(2027, 3, 19), 1) == D(2027, 3, 22)


def test_only_a_weekend_day_can_be_made_a_working_day(admin_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        services.calendar_day_save(
            day=CalendarDay(date=D(2027, 3, 17), kind=DayKind.WORKING_DAY, name="Ngày làm bù"),
            actor=admin_user,
        )
    assert "kind" in excinfo.value.message_dict


def test_an_administrator_overriding_a_package_day_wins_and_deleting_restores_the_package_day(
    admin_user,
):
    assert not cal.is_working_day(D(2027, 4, 30))
    services.calendar_days_set_active(days=[row(D(2027, 4, 30))], active=False, actor=admin_user)
    assert cal.is_working_day(D(2027, 4, 30))
    services.calendar_year_seed(year=2027)  # a re-seed does not undo the correction
    assert cal.is_working_day(D(2027, 4, 30))

    services.calendar_day_delete(day=row(D(2027, 4, 30)), actor=admin_user)

    restored = row(D(2027, 4, 30))
    assert (restored.source, restored.active, restored.name) == (
        CalendarDay.Source.PACKAGE,
        True,
        "Ngày Chiến thắng",
    )
    assert not cal.is_working_day(D(2027, 4, 30))


def test_a_deleted_shipped_correction_stays_deleted_after_a_re_seed(admin_user):
    services.calendar_day_delete(day=row(D(2026, 1, 10)), actor=admin_user)
    services.calendar_day_delete(day=row(D(2026, 1, 2)), actor=admin_user)
    result = services.calendar_year_seed(year=2026)
    assert result.corrections == 0
    assert cal.is_working_day(D(2026, 1, 2))
    assert not cal.is_working_day(D(2026, 1, 10))


def test_a_correction_made_directly_in_the_table_is_seen_at_once():
    assert cal.is_working_day(D(2027, 6, 1))
    CalendarDay.objects.create(
        date=D(2027, 6, 1), kind=DayKind.EXTRA_DAY_OFF, name="Nghỉ thêm", source="admin"
    )
    assert not cal.is_working_day(D(2027, 6, 1))  # the save signal dropped the cache


# --- seeding ------------------------------------------------------------------------------------


def test_seeding_is_idempotent_and_updates_package_rows_after_an_upgrade(admin_user):
    first = services.calendar_year_seed(year=2027)
    assert first.created == len(services.package_days(2027))
    assert services.calendar_year_seed(year=2027) == services.SeedResult(2027, 0, 0, 0, 0, 0)

    # What an older package would have left: a renamed day and a day the package dropped.
    CalendarDay.objects.filter(date=D(2027, 9, 3)).update(name="Quốc khánh (cũ)")
    CalendarDay.objects.create(
        date=D(2027, 9, 6), kind=DayKind.HOLIDAY, name="Cũ", source="package"
    )
    services.calendar_day_save(
        day=CalendarDay(date=D(2027, 9, 7), kind=DayKind.EXTRA_DAY_OFF, name="Nghỉ thêm"),
        actor=admin_user,
    )
    again = services.calendar_year_seed(year=2027)
    assert (again.created, again.updated, again.deleted) == (0, 1, 1)
    assert row(D(2027, 9, 3)).name == "Quốc khánh"
    assert not CalendarDay.objects.filter(date=D(2027, 9, 6)).exists()
    assert row(D(2027, 9, 7)).source == CalendarDay.Source.ADMIN
    assert CalendarYear.objects.get(year=2027).package_version == services.package_version()


def test_a_computation_seeds_a_missing_year_once():
    assert not CalendarYear.objects.filter(year=2031).exists()
    cal.add_working_days(D(2031, 12, 30), 3)  # crosses into 2032
    assert set(CalendarYear.objects.values_list("year", flat=True)) >= {2031, 2032}
    count = CalendarDay.objects.count()
    cal.clear_cache()
    cal.add_working_days(D(2031, 12, 30), 3)
    assert CalendarDay.objects.count() == count


def test_years_outside_the_calendar_are_refused_clearly():
    with pytest.raises(cal.CalendarRangeError, match="1995"):
        cal.is_working_day(D(1990, 1, 2))
    with pytest.raises(cal.CalendarRangeError, match="2101"):
        cal.add_working_days(D(2100, 12, 30), 5)
    with pytest.raises(cal.CalendarRangeError):
        services.calendar_year_seed(year=2101)


# --- the functions' contracts -------------------------------------------------------------------


def test_add_working_days_zero_returns_the_start_and_negative_is_an_error():
    assert cal.add_working_days(D(2027, 2, 6), 0) == D(2027, 2, 6)
    with pytest.raises(ValueError, match="lớn hơn hoặc bằng 0"):
        cal.add_working_days(D(2027, 2, 6), -1)
    with pytest.raises(TypeError):
        cal.add_working_days(dt.datetime(2027, 2, 6, tzinfo=dt.UTC), 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cal.add_working_days(D(2027, 2, 6), 1.5)  # type: ignore[arg-type]


def test_working_days_between_counts_after_start_up_to_and_including_end():
    assert cal.working_days_between(D(2027, 3, 15), D(2027, 3, 15)) == 0
    assert cal.working_days_between(D(2027, 3, 15), D(2027, 3, 16)) == 1  # Tue counted, Mon not
    assert cal.working_days_between(D(2027, 3, 13), D(2027, 3, 15)) == 1  # Sat start, Mon end
    assert cal.working_days_between(D(2027, 3, 19), D(2027, 3, 21)) == 0  # a weekend
    assert cal.working_days_between(D(2027, 3, 16), D(2027, 3, 15)) == -1
    # Across years: 2026-12-31 (Thu) to 2027-01-05 (Tue): Fri 01/01 off, Mon 04, Tue 05.
    assert cal.working_days_between(D(2026, 12, 31), D(2027, 1, 5)) == 2


def test_working_days_between_and_add_working_days_agree_everywhere():
    start, stop = D(2025, 12, 1), D(2028, 2, 29)
    naive_days = []  # every working day in the range, by a day-by-day walk
    d = start
    while d <= D(2028, 6, 30):
        if cal.is_working_day(d):
            naive_days.append(d)
        d += dt.timedelta(days=1)
    d = start
    while d <= stop:
        after = [w for w in naive_days if w > d]
        for n in (1, 2, 3, 5, 7, 10, 15, 30):
            result = cal.add_working_days(d, n)
            assert result == after[n - 1], (d, n)
            assert cal.working_days_between(d, result) == n
            assert cal.working_days_between(d, result - dt.timedelta(days=1)) == n - 1
        d += dt.timedelta(days=1)


def test_the_calendar_agrees_with_the_package_where_no_correction_applies():
    vn = holidays.country_holidays("VN", years=(2027, 2028))
    d = D(2027, 1, 1)
    while d <= D(2028, 12, 31):
        expected = vn.is_working_day(d) or ((d.month, d.day) == (11, 24) and d.weekday() < 5)
        assert cal.is_working_day(d) == expected, d
        d += dt.timedelta(days=1)


# --- Civil Code Art. 147–148 --------------------------------------------------------------------


def test_add_calendar_days_counts_from_the_next_day_and_rolls_a_day_off_forward():
    # Art. 147: 10 days after Monday 01/03/2027 end on Thursday 11/03/2027.
    assert cal.add_calendar_days(D(2027, 3, 1), 10) == D(2027, 3, 11)
    # Art. 148: the last day is Saturday 06/03 -> Monday 08/03.
    assert cal.add_calendar_days(D(2027, 3, 1), 5) == D(2027, 3, 8)
    # The last day is a holiday (Hùng Kings, Friday 16/04/2027) -> Monday 19/04.
    assert cal.add_calendar_days(D(2027, 4, 1), 15) == D(2027, 4, 19)
    # The last day is Tết 2026 (17/02) -> the first working day after Tết, Monday 23/02.
    assert cal.add_calendar_days(D(2026, 1, 18), 30) == D(2026, 2, 23)
    # A 30-day period landing on mùng 1 Tết 2027 (Saturday 06/02) -> Thursday 11/02.
    assert cal.add_calendar_days(D(2027, 1, 7), 30) == D(2027, 2, 11)
    # A swapped working Saturday is a working day: no roll-over.
    assert cal.add_calendar_days(D(2026, 1, 5), 5) == D(2026, 1, 10)
    # 24/11 is pending: a period ending on it does not roll over.
    assert cal.add_calendar_days(D(2026, 11, 14), 10) == D(2026, 11, 24)
    assert cal.add_calendar_days(D(2027, 3, 1), 0) == D(2027, 3, 1)
    with pytest.raises(ValueError, match="lớn hơn hoặc bằng 0"):
        cal.add_calendar_days(D(2027, 3, 1), -3)


def test_add_period_dispatches_on_the_unit():
    assert cal.add_period(D(2027, 2, 3), 5, PeriodUnit.WORKING_DAYS) == D(2027, 2, 17)
    assert cal.add_period(D(2027, 2, 3), 5, "working_days") == D(2027, 2, 17)
    assert cal.add_period(D(2027, 2, 3), 5, PeriodUnit.CALENDAR_DAYS) == D(2027, 2, 11)
    with pytest.raises(ValueError, match="Đơn vị thời hạn"):
        cal.add_period(D(2027, 2, 3), 5, "weeks")


# --- local dates --------------------------------------------------------------------------------


def test_today_local_and_deadline_end_are_in_vietnam():
    with time_machine.travel(dt.datetime(2026, 11, 25, 18, 30, tzinfo=dt.UTC), tick=False):
        assert cal.today_local() == D(2026, 11, 26)  # 01:30 in Hà Nội
    ends = cal.deadline_ends_at(D(2027, 2, 11))
    assert ends == dt.datetime(2027, 2, 11, 17, 0, tzinfo=dt.UTC)  # 24:00 UTC+7
    assert cal.local_date(dt.datetime(2027, 2, 10, 17, 0, tzinfo=dt.UTC)) == D(2027, 2, 11)
    with pytest.raises(ValueError, match="múi giờ"):
        cal.local_date(dt.datetime(2027, 2, 10, 17, 0))  # noqa: DTZ001
