"""Loading the administrative units from ``vietnam-provinces`` into Province and Ward."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
import time
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from danvan.core.models import AuditEntry
from danvan.organizations.areas import (
    AdminUnitData,
    AdminUnitDataError,
    ImportResult,
    LevelCounts,
    import_admin_units,
    read_package_data,
)
from danvan.organizations.audit_actions import AuditAction
from danvan.organizations.models import DivisionType, Province, Ward

pytestmark = pytest.mark.django_db

PACKAGE_VERSION = "2025-10-18"  # vietnam_provinces.__data_version__ of the pinned 2025.10.1

CENTRAL_CITIES = {
    "01": "Thành phố Hà Nội",
    "31": "Thành phố Hải Phòng",
    "46": "Thành phố Huế",
    "48": "Thành phố Đà Nẵng",
    "79": "Thành phố Hồ Chí Minh",
    "92": "Thành phố Cần Thơ",
}

# DOMAIN.md §8: the 13 special zones (đặc khu) and their provinces.
SPECIAL_ZONES = {
    ("Đặc khu Kiên Hải", "An Giang"),
    ("Đặc khu Phú Quốc", "An Giang"),
    ("Đặc khu Thổ Châu", "An Giang"),
    ("Đặc khu Cát Hải", "Thành phố Hải Phòng"),
    ("Đặc khu Bạch Long Vĩ", "Thành phố Hải Phòng"),
    ("Đặc khu Vân Đồn", "Quảng Ninh"),
    ("Đặc khu Cô Tô", "Quảng Ninh"),
    ("Đặc khu Côn Đảo", "Thành phố Hồ Chí Minh"),
    ("Đặc khu Hoàng Sa", "Thành phố Đà Nẵng"),
    ("Đặc khu Trường Sa", "Khánh Hòa"),
    ("Đặc khu Phú Quý", "Lâm Đồng"),
    ("Đặc khu Lý Sơn", "Quảng Ngãi"),
    ("Đặc khu Cồn Cỏ", "Quảng Trị"),
}


@pytest.fixture
def imported() -> ImportResult:
    return import_admin_units()


def test_first_import_creates_every_unit(imported):
    assert imported == ImportResult(
        data_version=PACKAGE_VERSION,
        provinces=LevelCounts(created=34),
        wards=LevelCounts(created=3321),
    )
    assert Province.objects.count() == 34
    assert Ward.objects.count() == 3321


def test_provinces_are_28_provinces_and_the_six_central_cities(imported):
    assert Province.objects.filter(division_type=DivisionType.PROVINCE).count() == 28
    cities = Province.objects.filter(division_type=DivisionType.CENTRAL_CITY)
    assert dict(cities.values_list("code", "name")) == CENTRAL_CITIES


def test_communes_wards_and_special_zones_are_counted_by_type(imported):
    counts = {t: Ward.objects.filter(division_type=t).count() for t in DivisionType.values}
    assert counts == {
        DivisionType.PROVINCE: 0,
        DivisionType.CENTRAL_CITY: 0,
        DivisionType.COMMUNE: 2621,
        DivisionType.WARD: 687,
        DivisionType.SPECIAL_ZONE: 13,
    }


def test_the_thirteen_special_zones_sit_in_their_provinces(imported):
    zones = Ward.objects.filter(division_type=DivisionType.SPECIAL_ZONE)
    assert set(zones.values_list("name", "province__name")) == SPECIAL_ZONES


def test_spot_checks_use_zero_padded_gso_codes(imported):
    hanoi = Province.objects.get(code="01")
    assert hanoi.name == "Thành phố Hà Nội"
    assert hanoi.codename == "ha_noi"
    assert hanoi.phone_code == 24
    assert hanoi.wards.count() == 126

    hoan_kiem = Ward.objects.get(code="00070")
    assert hoan_kiem.name == "Phường Hoàn Kiếm"
    assert hoan_kiem.division_type == DivisionType.WARD
    assert hoan_kiem.province_id == "01"

    saigon = Ward.objects.get(code="26740")
    assert (saigon.name, saigon.province_id) == ("Phường Sài Gòn", "79")
    assert Province.objects.get(code="79").wards.count() == 168

    con_dao = Ward.objects.get(name="Đặc khu Côn Đảo")
    assert con_dao.province.name == "Thành phố Hồ Chí Minh"
    assert con_dao.division_type == DivisionType.SPECIAL_ZONE

    assert Ward.objects.filter(code__regex=r"^\d{5}$").count() == 3321
    assert Province.objects.filter(code__regex=r"^\d{2}$").count() == 34


def test_rows_carry_the_data_version_and_the_reform_date(imported):
    for model in (Province, Ward):
        assert set(model.objects.values_list("data_version", flat=True)) == {PACKAGE_VERSION}
        assert set(model.objects.values_list("effective_from", "effective_to")) == {
            (dt.date(2025, 7, 1), None)
        }


def test_effective_from_can_be_chosen():
    import_admin_units(effective_from=dt.date(2025, 6, 12))
    assert Province.objects.get(code="01").effective_from == dt.date(2025, 6, 12)


def test_a_second_run_changes_nothing_and_says_so(imported):
    again = import_admin_units()
    assert again.provinces == LevelCounts(unchanged=34)
    assert again.wards == LevelCounts(unchanged=3321)
    assert not again.changed


def test_a_name_changed_in_the_table_is_set_back_to_the_source(imported):
    Ward.objects.filter(code="00070").update(name="Phường Cũ", data_version="old")
    Province.objects.filter(code="01").update(division_type=DivisionType.PROVINCE)

    again = import_admin_units()

    assert again.wards == LevelCounts(updated=1, unchanged=3320)
    assert again.provinces == LevelCounts(updated=1, unchanged=33)
    ward = Ward.objects.get(code="00070")
    assert (ward.name, ward.data_version) == ("Phường Hoàn Kiếm", PACKAGE_VERSION)
    assert Province.objects.get(code="01").division_type == DivisionType.CENTRAL_CITY


def test_a_unit_missing_from_the_source_is_retired_not_deleted(imported):
    gone = Ward.objects.create(
        code="99990",
        province_id="01",
        name="Xã Đã Sáp Nhập",
        division_type=DivisionType.COMMUNE,
        codename="xa_da_sap_nhap",
        data_version="2025-07-01",
        effective_from=dt.date(2025, 7, 1),
    )

    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)):
        again = import_admin_units()

    assert again.wards == LevelCounts(unchanged=3321, retired=1)
    gone.refresh_from_db()
    assert gone.effective_to == dt.date(2026, 3, 2)
    assert gone.name == "Xã Đã Sáp Nhập"
    # Retiring it once is enough: the next run leaves it alone.
    assert import_admin_units().wards == LevelCounts(unchanged=3321)


def test_a_retired_unit_that_returns_to_the_source_is_current_again(imported):
    Ward.objects.filter(code="00070").update(effective_to=dt.date(2026, 1, 1))

    again = import_admin_units()

    assert again.wards == LevelCounts(updated=1, unchanged=3320)
    assert Ward.objects.get(code="00070").effective_to is None


def test_administrators_flags_survive_a_reimport(imported):
    Ward.objects.filter(name="Đặc khu Côn Đảo").update(remote_area=True, island=True)
    Ward.objects.filter(code="00070").update(name="Phường Cũ", border_area=True)

    import_admin_units()

    con_dao = Ward.objects.get(name="Đặc khu Côn Đảo")
    assert (con_dao.remote_area, con_dao.island) == (True, True)
    hoan_kiem = Ward.objects.get(code="00070")
    assert (hoan_kiem.name, hoan_kiem.border_area) == ("Phường Hoàn Kiếm", True)


def test_a_new_release_updates_only_what_changed(imported):
    data = read_package_data()
    renamed = [
        dataclasses.replace(w, name="Phường Hoàn Kiếm Mới") if w.code == "00070" else w
        for w in data.wards
    ]
    release = AdminUnitData(data_version="2026-01-15", provinces=data.provinces, wards=renamed)

    again = import_admin_units(source=release)

    assert again.data_version == "2026-01-15"
    assert again.wards == LevelCounts(updated=1, unchanged=3320)
    ward = Ward.objects.get(code="00070")
    assert (ward.name, ward.data_version) == ("Phường Hoàn Kiếm Mới", "2026-01-15")
    assert Ward.objects.get(code="00073").data_version == PACKAGE_VERSION


def test_a_ward_moved_to_another_province_follows_the_source(imported):
    data = read_package_data()
    moved = [
        dataclasses.replace(w, province_code="79") if w.code == "00070" else w for w in data.wards
    ]

    import_admin_units(source=dataclasses.replace(data, wards=moved))

    assert Ward.objects.get(code="00070").province_id == "79"


def test_an_inconsistent_source_writes_nothing():
    data = read_package_data()
    orphan = dataclasses.replace(data.wards[0], code="99999", province_code="99")
    with pytest.raises(AdminUnitDataError, match="99999"):
        import_admin_units(source=dataclasses.replace(data, wards=[*data.wards, orphan]))
    assert Province.objects.count() == 0
    assert Ward.objects.count() == 0
    assert not AuditEntry.objects.filter(action=AuditAction.ADMIN_UNIT_IMPORTED).exists()


def test_a_dry_run_reports_the_counts_and_writes_nothing():
    result = import_admin_units(dry_run=True)

    assert result.dry_run
    assert result.provinces == LevelCounts(created=34)
    assert result.wards == LevelCounts(created=3321)
    assert Province.objects.count() == 0
    assert Ward.objects.count() == 0
    assert not AuditEntry.objects.filter(action=AuditAction.ADMIN_UNIT_IMPORTED).exists()


def test_each_import_writes_one_audit_entry_with_counts(imported, django_user_model):
    admin = django_user_model.objects.create_user(username="quantri.hethong", password="x")
    entry = AuditEntry.objects.get(action=AuditAction.ADMIN_UNIT_IMPORTED)
    assert entry.actor is None
    assert entry.extra == {
        "provinces_created": 34,
        "provinces_updated": 0,
        "provinces_unchanged": 0,
        "provinces_retired": 0,
        "wards_created": 3321,
        "wards_updated": 0,
        "wards_unchanged": 0,
        "wards_retired": 0,
        "data_version": PACKAGE_VERSION,
    }

    import_admin_units(actor=admin)

    second = AuditEntry.objects.filter(action=AuditAction.ADMIN_UNIT_IMPORTED).latest("id")
    assert second.pk != entry.pk
    assert second.actor == admin
    assert second.extra["wards_unchanged"] == 3321


def test_the_import_is_fast():
    started = time.perf_counter()
    import_admin_units()
    elapsed = time.perf_counter() - started
    # Bulk writes: a couple of seconds at most even on a slow, shared machine.
    assert elapsed < 5, f"import took {elapsed:.2f} s"


def test_command_prints_a_summary():
    out = StringIO()
    with translation.override("en"):
        call_command("load_admin_units", stdout=out)
    assert out.getvalue().splitlines() == [
        "Loaded 34 provinces and centrally-run cities and 3,321 communes, wards and special "
        f"zones (data {PACKAGE_VERSION}).",
        "Provinces and centrally-run cities: 34 new, 0 updated, 0 unchanged, 0 retired.",
        "Communes, wards and special zones: 3,321 new, 0 updated, 0 unchanged, 0 retired.",
    ]


def test_command_says_when_nothing_changed(imported):
    out = StringIO()
    with translation.override("en"):
        call_command("load_admin_units", stdout=out)
    lines = out.getvalue().splitlines()
    assert (
        lines[2]
        == "Communes, wards and special zones: 0 new, 0 updated, 3,321 unchanged, 0 retired."
    )
    assert lines[3] == "The tables already matched the data; nothing changed."


def test_command_dry_run_saves_nothing():
    out = StringIO()
    with translation.override("en"):
        call_command("load_admin_units", "--dry-run", stdout=out)
    assert out.getvalue().startswith("Dry run, nothing saved: would load 34 provinces")
    assert Ward.objects.count() == 0


def test_command_groups_thousands_the_vietnamese_way():
    out = StringIO()
    with translation.override("vi"):
        call_command("load_admin_units", stdout=out)
    assert "3.321" in out.getvalue()


@pytest.mark.django_db(databases=[])
def test_serving_requests_never_imports_the_package():
    code = (
        "import sys, django; django.setup(); "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        "import danvan.organizations.areas; "
        "sys.exit(1 if 'vietnam_provinces' in sys.modules else 0)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "danvan.settings"}
    done = subprocess.run([sys.executable, "-c", code], env=env, check=False, timeout=60)
    assert done.returncode == 0


def test_a_release_that_changes_every_ward_updates_them_all(imported):
    data = read_package_data()
    renamed = [dataclasses.replace(w, codename=f"{w.codename}_moi") for w in data.wards]

    started = time.perf_counter()
    again = import_admin_units(source=dataclasses.replace(data, wards=renamed))
    elapsed = time.perf_counter() - started

    assert again.wards == LevelCounts(updated=3321)
    assert Ward.objects.get(code="00070").codename == "phuong_hoan_kiem_moi"
    assert Ward.objects.filter(codename__endswith="_moi", effective_to=None).count() == 3321
    assert elapsed < 5, f"updating every ward took {elapsed:.2f} s"
