"""The calendar admin: administrators' corrections become ``source="admin"`` rows and count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.urls import reverse

from danvan.core import calendar as cal
from danvan.core import calendar_services as services
from danvan.core.models import AuditEntry
from danvan.core.models.calendar import CalendarDay, DayKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cal.clear_cache()
    yield
    cal.clear_cache()


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser(username="quantri", password="x-Strong-9")
    client.force_login(user)
    return client


@pytest.fixture
def seeded() -> None:
    services.ensure_years_seeded([2026, 2027])


def test_the_changelist_filters_by_year_kind_active_and_source(admin, seeded):
    url = reverse("admin:core_calendarday_changelist")
    response = admin.get(url, {"year": "2027", "kind": "compensatory"})
    assert response.status_code == 200
    rows = list(response.context["cl"].queryset)
    assert {r.date for r in rows} == {
        dt.date(2027, 2, 4),
        dt.date(2027, 2, 10),
        dt.date(2027, 5, 3),
    }
    response = admin.get(url, {"active__exact": "0", "year": "2026"})
    assert [r.date for r in response.context["cl"].queryset] == [dt.date(2026, 11, 24)]
    response = admin.get(url, {"source__exact": "admin"})
    assert {r.date for r in response.context["cl"].queryset} == {
        dt.date(2026, 1, 2),
        dt.date(2026, 1, 10),
    }
    assert admin.get(url, {"year": "not-a-year"}).status_code == 200


def test_adding_an_extra_day_off_in_the_admin_marks_it_admin_and_counts(admin, seeded):
    assert cal.add_working_days(dt.date(2027, 3, 12), 1) == dt.date(2027, 3, 15)
    response = admin.post(
        reverse("admin:core_calendarday_add"),
        {
            "date": "2027-03-15",
            "kind": DayKind.EXTRA_DAY_OFF,
            "name": "Nghỉ thêm (ví dụ)",
            "legal_basis": "Thông báo 1/TB-VPCP (giả định)",
            "active": "on",
        },
    )
    assert response.status_code == 302
    day = CalendarDay.objects.get(date=dt.date(2027, 3, 15))
    assert day.source == CalendarDay.Source.ADMIN
    assert cal.add_working_days(dt.date(2027, 3, 12), 1) == dt.date(2027, 3, 16)
    assert AuditEntry.objects.filter(action="core.calendar_day.created").count() == 1


def test_a_weekday_cannot_be_made_a_working_day_in_the_admin(admin, seeded):
    response = admin.post(
        reverse("admin:core_calendarday_add"),
        {"date": "2027-03-17", "kind": DayKind.WORKING_DAY, "name": "Ngày làm bù"},
    )
    assert response.status_code == 200
    assert "kind" in response.context["adminform"].form.errors
    assert not CalendarDay.objects.filter(date=dt.date(2027, 3, 17)).exists()


def test_confirming_24_11_by_editing_it_makes_it_a_day_off(admin, seeded):
    culture = CalendarDay.objects.get(date=dt.date(2026, 11, 24))
    assert cal.is_working_day(culture.date)
    response = admin.post(
        reverse("admin:core_calendarday_change", args=[culture.pk]),
        {
            "date": "2026-11-24",
            "kind": DayKind.HOLIDAY,
            "name": culture.name,
            "legal_basis": "Luật sửa đổi Bộ luật Lao động (giả định)",
            "active": "on",
        },
    )
    assert response.status_code == 302
    culture.refresh_from_db()
    assert (culture.active, culture.source) == (True, CalendarDay.Source.ADMIN)
    assert not cal.is_working_day(culture.date)
    entry = AuditEntry.objects.get(action="core.calendar_day.changed")
    assert {"active", "legal_basis", "source"} <= set(entry.fields)


def test_the_activate_action_confirms_selected_days(admin, seeded):
    culture = CalendarDay.objects.get(date=dt.date(2027, 11, 24))
    response = admin.post(
        reverse("admin:core_calendarday_changelist"),
        {"action": "make_active", "_selected_action": [culture.pk]},
    )
    assert response.status_code == 302
    culture.refresh_from_db()
    assert (culture.active, culture.source) == (True, CalendarDay.Source.ADMIN)
    assert not cal.is_working_day(culture.date)


def test_package_rows_cannot_be_deleted_but_administrators_rows_can(admin, seeded):
    package_row = CalendarDay.objects.get(date=dt.date(2027, 4, 30))
    url = reverse("admin:core_calendarday_delete", args=[package_row.pk])
    assert admin.get(url).status_code == 403

    correction = CalendarDay.objects.get(date=dt.date(2026, 1, 10))
    assert cal.is_working_day(correction.date)
    url = reverse("admin:core_calendarday_delete", args=[correction.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 302
    assert not CalendarDay.objects.filter(pk=correction.pk).exists()
    assert not cal.is_working_day(dt.date(2026, 1, 10))


def test_the_bulk_delete_action_refuses_package_rows_and_deletes_corrections(admin, seeded):
    package_row = CalendarDay.objects.get(date=dt.date(2027, 4, 30))
    correction = CalendarDay.objects.get(date=dt.date(2026, 1, 2))
    url = reverse("admin:core_calendarday_changelist")
    mixed = {"action": "delete_selected", "_selected_action": [package_row.pk, correction.pk]}
    confirm = admin.post(url, mixed)
    assert confirm.status_code == 200
    assert confirm.context["perms_lacking"]  # the package row is listed as not deletable
    assert admin.post(url, {**mixed, "post": "yes"}).status_code == 403
    assert CalendarDay.objects.filter(pk__in=[package_row.pk, correction.pk]).count() == 2

    response = admin.post(
        url, {"action": "delete_selected", "_selected_action": [correction.pk], "post": "yes"}
    )
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(date=dt.date(2026, 1, 2)).exists()
    assert cal.is_working_day(dt.date(2026, 1, 2))


def test_the_reseed_action_keeps_administrators_rows(admin, seeded):
    from danvan.core.models.calendar import CalendarYear

    CalendarDay.objects.filter(date=dt.date(2027, 9, 3)).update(name="Cũ")
    year = CalendarYear.objects.get(year=2027)
    response = admin.post(
        reverse("admin:core_calendaryear_changelist"),
        {"action": "reseed", "_selected_action": [year.pk]},
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=dt.date(2027, 9, 3)).name == "Quốc khánh"
    assert CalendarDay.objects.get(date=dt.date(2026, 1, 2)).source == CalendarDay.Source.ADMIN
