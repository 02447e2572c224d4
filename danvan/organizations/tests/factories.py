"""factory_boy factories for organisation data; other contexts import these.

They write rows directly (test set-up), bypassing the services: tests of behaviour call the
services themselves. People are fictional; units use the real names of public bodies only where
a test needs a realistic tree.
"""

from __future__ import annotations

import datetime as dt
import functools

import factory
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from danvan.accounts.models import User
from danvan.organizations.matters import LetterKind, MatterType
from danvan.organizations.models import (
    Competence,
    DivisionType,
    Field,
    Membership,
    Province,
    Unit,
    UnitKind,
    UnitLevel,
    UnitLink,
    Ward,
)
from danvan.organizations.roles import Role

LONG_AGO = dt.date(2000, 1, 1)
TEST_PASSWORD = "Hoa-sen-tim-2026!"

_FICTIONAL_NAMES = [
    "Nguyễn Thị Lan Anh",
    "Trần Văn Bảo",
    "Lê Thị Cúc",
    "Phạm Minh Đức",
    "Hoàng Thị Giang",
    "Vũ Quốc Hưng",
    "Đặng Thu Hương",
    "Bùi Văn Khánh",
]


@functools.cache
def _test_password_hash() -> str:
    # Hashed once per run: hashing for every user made the suites several times slower.
    return make_password(TEST_PASSWORD)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Iterator(_FICTIONAL_NAMES)
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.LazyFunction(_test_password_hash)
    is_active = True


class ProvinceFactory(DjangoModelFactory[Province]):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{90 + n % 10:02d}")
    name = factory.LazyAttribute(lambda p: f"Tỉnh Thử nghiệm {p.code}")
    division_type = DivisionType.PROVINCE
    codename = factory.LazyAttribute(lambda p: f"tinh_thu_nghiem_{p.code}")
    data_version = "test"
    effective_from = dt.date(2025, 7, 1)


class WardFactory(DjangoModelFactory[Ward]):
    class Meta:
        model = Ward
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{90000 + n % 10000:05d}")
    province = factory.SubFactory(ProvinceFactory)
    name = factory.LazyAttribute(lambda w: f"Xã Thử nghiệm {w.code}")
    division_type = DivisionType.COMMUNE
    codename = factory.LazyAttribute(lambda w: f"xa_thu_nghiem_{w.code}")
    data_version = "test"
    effective_from = dt.date(2025, 7, 1)


class FieldFactory(DjangoModelFactory[Field]):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"linh-vuc-{n}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    parent = None


class UnitFactory(DjangoModelFactory[Unit]):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Đơn vị thử nghiệm {n}")
    code = factory.Sequence(lambda n: f"don-vi-{n}")
    kind = UnitKind.PEOPLES_COMMITTEE
    level = UnitLevel.PROVINCIAL
    effective_from = LONG_AGO
    effective_to = None


class UnitLinkFactory(DjangoModelFactory[UnitLink]):
    class Meta:
        model = UnitLink

    parent = factory.SubFactory(UnitFactory)
    child = factory.SubFactory(UnitFactory)
    effective_from = LONG_AGO
    effective_to = None


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.RECEIVING_OFFICER
    position_title = "Chuyên viên"
    effective_from = LONG_AGO
    effective_to = None


class CompetenceFactory(DjangoModelFactory[Competence]):
    class Meta:
        model = Competence
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    letter_kind = LetterKind.COMPLAINT
    matter = MatterType.STATE
    effective_from = LONG_AGO
    effective_to = None
    legal_basis = "Luật Khiếu nại 2011"

    @factory.post_generation
    def fields(self, create: bool, extracted: list[Field] | None, **kwargs: object) -> None:
        if create and extracted:
            self.fields.set(extracted)  # type: ignore[attr-defined]

    @factory.post_generation
    def provinces(self, create: bool, extracted: list[Province] | None, **kwargs: object) -> None:
        if create and extracted:
            self.provinces.set(extracted)  # type: ignore[attr-defined]

    @factory.post_generation
    def wards(self, create: bool, extracted: list[Ward] | None, **kwargs: object) -> None:
        if create and extracted:
            self.wards.set(extracted)  # type: ignore[attr-defined]


def fresh(user: User) -> User:
    """The same person re-read from the database: no cached memberships or permissions."""
    return User.objects.get(pk=user.pk)
