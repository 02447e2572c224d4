"""competent_units(): candidates for routing, most specific first."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.organizations.matters import LetterKind, MatterType
from danvan.organizations.models import UnitKind, UnitLevel
from danvan.organizations.selectors import competence_matches, competent_units
from danvan.organizations.tests.factories import (
    CompetenceFactory,
    FieldFactory,
    ProvinceFactory,
    UnitFactory,
    WardFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    province = ProvinceFactory(code="97", name="Tỉnh Thử nghiệm")
    other_province = ProvinceFactory(code="98", name="Tỉnh Khác")
    ward = WardFactory(code="97001", province=province, name="Xã Thử nghiệm")
    other_ward = WardFactory(code="97002", province=province, name="Xã Bên cạnh")
    admin_group = FieldFactory(code="hanh-chinh-t", name="Hành chính")
    land = FieldFactory(code="dat-dai-t", name="Đất đai", parent=admin_group)
    party_field = FieldFactory(code="dang-t", name="Đảng và đoàn thể")
    national = UnitFactory(
        name="Thanh tra Chính phủ (thử)", kind=UnitKind.INSPECTORATE, level=UnitLevel.CENTRAL
    )
    provincial = UnitFactory(name="UBND Tỉnh Thử nghiệm", province=province)
    commune = UnitFactory(
        name="UBND Xã Thử nghiệm", province=province, ward=ward, level=UnitLevel.COMMUNE
    )
    elsewhere = UnitFactory(name="UBND Tỉnh Khác", province=other_province)
    ubkt = UnitFactory(
        name="UBKT Tỉnh ủy Thử nghiệm", kind=UnitKind.INSPECTION_COMMITTEE, province=province
    )
    CompetenceFactory(unit=national, letter_kind=LetterKind.COMPLAINT, matter=MatterType.STATE)
    CompetenceFactory(unit=provincial, letter_kind=LetterKind.COMPLAINT, fields=[admin_group])
    CompetenceFactory(unit=commune, letter_kind="", fields=[land])
    CompetenceFactory(unit=elsewhere, letter_kind=LetterKind.COMPLAINT)
    CompetenceFactory(
        unit=ubkt,
        letter_kind=LetterKind.DENUNCIATION,
        matter=MatterType.PARTY,
        fields=[party_field],
    )
    return locals()


def names(units):
    return [u.name for u in units]


def test_most_specific_unit_comes_first(world):
    found = competent_units(
        LetterKind.COMPLAINT, MatterType.STATE, world["land"], ward=world["ward"]
    )
    assert names(found) == [
        "UBND Xã Thử nghiệm",
        "UBND Tỉnh Thử nghiệm",
        "Thanh tra Chính phủ (thử)",
    ]


def test_a_commune_unit_is_not_proposed_for_another_commune_or_province_level(world):
    in_other_ward = competent_units(
        LetterKind.COMPLAINT, MatterType.STATE, world["land"], ward=world["other_ward"]
    )
    assert "UBND Xã Thử nghiệm" not in names(in_other_ward)
    province_only = competent_units(
        LetterKind.COMPLAINT, MatterType.STATE, world["land"], province=world["province"]
    )
    assert names(province_only) == ["UBND Tỉnh Thử nghiệm", "Thanh tra Chính phủ (thử)"]


def test_field_outside_the_competence_is_excluded(world):
    found = competent_units(
        LetterKind.COMPLAINT, MatterType.STATE, world["party_field"], province=world["province"]
    )
    assert names(found) == ["Thanh tra Chính phủ (thử)"]


def test_party_denunciation_goes_to_the_inspection_committee(world):
    found = competent_units(
        LetterKind.DENUNCIATION, MatterType.PARTY, world["party_field"], province=world["province"]
    )
    assert names(found) == ["UBKT Tỉnh ủy Thử nghiệm"]
    assert competent_units(LetterKind.DENUNCIATION, MatterType.STATE, world["party_field"]) == []


def test_restricted_areas_and_both_matters(world):
    unit = UnitFactory(name="Ban Dân vận (thử)", kind=UnitKind.PARTY_BOARD)
    CompetenceFactory(
        unit=unit,
        letter_kind=LetterKind.PETITION,
        matter=MatterType.BOTH,
        wards=[world["other_ward"]],
    )
    assert names(
        competent_units(LetterKind.PETITION, MatterType.PARTY, ward=world["other_ward"])
    ) == ["Ban Dân vận (thử)"]
    outside = competent_units(LetterKind.PETITION, MatterType.STATE, ward=world["ward"])
    assert "Ban Dân vận (thử)" not in names(outside)
    match = competence_matches(
        kind=LetterKind.PETITION, matter=MatterType.STATE, ward=world["other_ward"]
    )[0]
    assert (match.unit.name, match.area_score, match.matter_score) == ("Ban Dân vận (thử)", 3, 0)


def test_competences_are_dated(world):
    unit = UnitFactory(name="Sở Tài nguyên (thử)", province=world["province"])
    CompetenceFactory(
        unit=unit,
        letter_kind=LetterKind.FEEDBACK,
        effective_from=dt.date(2020, 1, 1),
        effective_to=dt.date(2025, 3, 1),
    )
    before = competent_units(
        LetterKind.FEEDBACK, MatterType.STATE, province=world["province"], on=dt.date(2024, 1, 1)
    )
    after = competent_units(
        LetterKind.FEEDBACK, MatterType.STATE, province=world["province"], on=dt.date(2025, 3, 1)
    )
    assert "Sở Tài nguyên (thử)" in names(before)
    assert "Sở Tài nguyên (thử)" not in names(after)


def test_query_count_does_not_grow_with_candidates(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # competences, then fields, provinces and wards
        competent_units(LetterKind.COMPLAINT, MatterType.STATE, world["land"], ward=world["ward"])
