"""Loading Vietnam's administrative units into the project's own tables.

The units (34 provinces and centrally-run cities, 3,321 communes, wards and special zones since
the 2025 reform, DOMAIN.md §8) come from the ``vietnam-provinces`` package. That package is
imported here only, inside :func:`read_package_data`, so nothing imports it at request time: pages
and services read the ``Province`` and ``Ward`` tables.

The import keeps history: a unit that disappears from the data is retired (``effective_to`` set),
never deleted, because cases filed under it keep pointing at it. It never touches the attributes
administrators set on communes (remote area, border, island, mountainous, ethnic-minority area).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.errors import ApplicationError
from danvan.organizations.audit_actions import AuditAction
from danvan.organizations.models import DivisionType, Province, Ward

#: The day the two-level local government began (NQ 202/2025/QH15, Luật Tổ chức chính quyền địa
#: phương 2025): the default start of validity for units first loaded from the 2025 data.
REFORM_DATE = dt.date(2025, 7, 1)

# The package's division type values (``VietNamDivisionType``) mapped to ours.
PROVINCE_TYPES: dict[str, DivisionType] = {
    "tỉnh": DivisionType.PROVINCE,
    "thành phố trung ương": DivisionType.CENTRAL_CITY,
}
WARD_TYPES: dict[str, DivisionType] = {
    "xã": DivisionType.COMMUNE,
    "phường": DivisionType.WARD,
    "đặc khu": DivisionType.SPECIAL_ZONE,
}

_BATCH_SIZE = 500


class AdminUnitDataError(ApplicationError):
    """The source data cannot be loaded as it is (an unknown division type, a dangling code)."""


@dataclass(frozen=True)
class ProvinceData:
    code: str  # GSO code, two digits ("01")
    name: str
    division_type: DivisionType
    codename: str
    phone_code: int | None


@dataclass(frozen=True)
class WardData:
    code: str  # GSO code, five digits ("00070")
    province_code: str
    name: str
    division_type: DivisionType
    codename: str


@dataclass(frozen=True)
class AdminUnitData:
    """One complete release of the administrative units, in the project's terms."""

    data_version: str
    provinces: Sequence[ProvinceData]
    wards: Sequence[WardData]


@dataclass(frozen=True)
class LevelCounts:
    """What an import did to one level (provinces or wards)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0

    @property
    def in_source(self) -> int:
        """How many units of this level the source holds (all of them are now current)."""
        return self.created + self.updated + self.unchanged

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)


@dataclass(frozen=True)
class ImportResult:
    data_version: str
    provinces: LevelCounts = field(default_factory=LevelCounts)
    wards: LevelCounts = field(default_factory=LevelCounts)
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return self.provinces.changed or self.wards.changed

    def as_dict(self) -> dict[str, Any]:
        """Counts and version only (no personal data): what the audit entry keeps."""
        counts = {
            f"{level}_{what}": getattr(getattr(self, level), what)
            for level in ("provinces", "wards")
            for what in ("created", "updated", "unchanged", "retired")
        }
        return {**counts, "data_version": self.data_version}


def _province_code(value: int) -> str:
    return f"{int(value):02d}"


def _ward_code(value: int) -> str:
    return f"{int(value):05d}"


def _division_type(value: str, mapping: dict[str, DivisionType], code: str) -> DivisionType:
    try:
        return mapping[str(value)]
    except KeyError:
        raise AdminUnitDataError(
            _("Unit %(code)s has an unknown division type “%(type)s”.")
            % {"code": code, "type": value}
        ) from None


def read_package_data() -> AdminUnitData:
    """Read the installed ``vietnam-provinces`` release (offline; bundled with the package)."""
    import vietnam_provinces
    from vietnam_provinces import Province as PackageProvince
    from vietnam_provinces import Ward as PackageWard

    provinces = []
    for p in PackageProvince.iter_all():
        code = _province_code(p.code)
        provinces.append(
            ProvinceData(
                code=code,
                name=p.name,
                division_type=_division_type(p.division_type.value, PROVINCE_TYPES, code),
                codename=p.codename,
                phone_code=p.phone_code,
            )
        )
    wards = []
    for w in PackageWard.iter_all():
        code = _ward_code(w.code)
        wards.append(
            WardData(
                code=code,
                province_code=_province_code(w.province_code),
                name=w.name,
                division_type=_division_type(w.division_type.value, WARD_TYPES, code),
                codename=w.codename,
            )
        )
    return AdminUnitData(
        data_version=str(vietnam_provinces.__data_version__), provinces=provinces, wards=wards
    )


def _check_source(data: AdminUnitData) -> None:
    province_codes = {p.code for p in data.provinces}
    if len(province_codes) != len(data.provinces):
        raise AdminUnitDataError(_("The source lists a province code twice."))
    if len({w.code for w in data.wards}) != len(data.wards):
        raise AdminUnitDataError(_("The source lists a commune-level code twice."))
    for w in data.wards:
        if w.province_code not in province_codes:
            raise AdminUnitDataError(
                _("Commune-level unit %(code)s belongs to an unknown province %(province)s.")
                % {"code": w.code, "province": w.province_code}
            )


def _update_rows(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple[str, dict[str, Any]]]
) -> None:
    """``UPDATE ... WHERE code = %s`` once per row, sent as one ``executemany`` batch.

    ``QuerySet.bulk_update`` builds a CASE expression per field and row in Python, which took
    about 7 s for a release that changes all 3,321 wards; ``executemany`` takes a fraction of it.
    Table and column names come from the model's metadata, values travel as parameters.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    qn = connection.ops.quote_name
    model_fields = [cast("models.Field[Any, Any]", model._meta.get_field(name)) for name in fields]
    assignments = ", ".join(f"{qn(str(f.column))} = %s" for f in model_fields)
    pk_column = qn(str(model._meta.pk.column))
    sql = f"UPDATE {qn(model._meta.db_table)} SET {assignments} WHERE {pk_column} = %s"  # noqa: S608
    params = [
        [
            f.get_db_prep_save(values[name], connection)
            for name, f in zip(fields, model_fields, strict=True)
        ]
        + [code]
        for code, values in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _sync(
    model: type[models.Model],
    wanted: dict[str, dict[str, Any]],
    *,
    data_version: str,
    effective_from: dt.date,
    today: dt.date,
    dry_run: bool,
) -> LevelCounts:
    """Bring one table in line with ``wanted`` (code -> the source's values, by field name).

    ``data_version`` is written only on rows whose values are created or changed by this run, so
    it names the release each row's current values come from. A retired row that comes back in
    the source is made current again (``effective_to`` cleared) and counts as updated.
    """
    compared = list(next(iter(wanted.values())).keys()) if wanted else []
    # Row locks (PostgreSQL) make a concurrent import of the same table wait for this one.
    rows = model._default_manager.select_for_update().values("code", "effective_to", *compared)
    existing = {row["code"]: row for row in rows}
    to_create = []
    to_update = []
    unchanged = 0
    for code, values in wanted.items():
        row = existing.get(code)
        if row is None:
            to_create.append(
                model(code=code, data_version=data_version, effective_from=effective_from, **values)
            )
        elif row["effective_to"] is not None or any(row[f] != values[f] for f in compared):
            to_update.append((code, {**values, "data_version": data_version, "effective_to": None}))
        else:
            unchanged += 1
    to_retire = [
        code for code, row in existing.items() if code not in wanted and row["effective_to"] is None
    ]
    if not dry_run:
        model._default_manager.bulk_create(to_create, batch_size=_BATCH_SIZE)
        _update_rows(model, [*compared, "data_version", "effective_to"], to_update)
        for start in range(0, len(to_retire), _BATCH_SIZE):
            model._default_manager.filter(code__in=to_retire[start : start + _BATCH_SIZE]).update(
                effective_to=today
            )
    return LevelCounts(
        created=len(to_create), updated=len(to_update), unchanged=unchanged, retired=len(to_retire)
    )


@transaction.atomic
def import_admin_units(
    *,
    actor: AbstractBaseUser | None = None,
    effective_from: dt.date = REFORM_DATE,
    dry_run: bool = False,
    source: AdminUnitData | None = None,
) -> ImportResult:
    """Create, update and retire provinces and commune-level units from the source data.

    ``source`` defaults to the installed ``vietnam-provinces`` release. New rows start at
    ``effective_from``; rows missing from the source get ``effective_to`` = today (local date) and
    stay in the table. Names, types, code names, phone codes and the ward's province follow the
    source; administrators' attributes are never written. Idempotent: a second run with the same
    data reports everything unchanged. Writes one audit entry
    (``organizations.admin_units_imported``) unless ``dry_run``, which computes the same counts
    and writes nothing.

    Raises :class:`AdminUnitDataError` if the source is inconsistent (nothing is written then).
    """
    data = source if source is not None else read_package_data()
    _check_source(data)
    today = timezone.localdate()
    province_counts = _sync(
        Province,
        {
            p.code: {
                "name": p.name,
                "division_type": p.division_type.value,
                "codename": p.codename,
                "phone_code": p.phone_code,
            }
            for p in data.provinces
        },
        data_version=data.data_version,
        effective_from=effective_from,
        today=today,
        dry_run=dry_run,
    )
    ward_counts = _sync(
        Ward,
        {
            w.code: {
                "province_id": w.province_code,
                "name": w.name,
                "division_type": w.division_type.value,
                "codename": w.codename,
            }
            for w in data.wards
        },
        data_version=data.data_version,
        effective_from=effective_from,
        today=today,
        dry_run=dry_run,
    )
    result = ImportResult(
        data_version=data.data_version,
        provinces=province_counts,
        wards=ward_counts,
        dry_run=dry_run,
    )
    if not dry_run:
        audit.record(action=AuditAction.ADMIN_UNIT_IMPORTED, actor=actor, extra=result.as_dict())
    return result
