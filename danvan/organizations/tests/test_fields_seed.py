"""Seeding the default field (lĩnh vực) taxonomy of DESIGN.md §3."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from danvan.core.models import AuditEntry
from danvan.organizations.audit_actions import AuditAction
from danvan.organizations.fields_seed import DEFAULT_FIELDS, SeedResult, seed_fields
from danvan.organizations.models import Field

pytestmark = pytest.mark.django_db

ADMINISTRATIVE_FIELDS = [
    ("administrative-land", "Đất đai"),
    ("administrative-housing", "Nhà ở"),
    ("administrative-environment", "Môi trường"),
    ("administrative-construction", "Xây dựng, trật tự đô thị"),
    ("administrative-transport", "Giao thông"),
    (
        "administrative-social-policy",
        "Chính sách, chế độ đối với người có công và an sinh xã hội",
    ),
    ("administrative-civil-service", "Chế độ cán bộ, công chức, viên chức"),
    ("administrative-procedures", "Thủ tục hành chính"),
    ("administrative-health", "Y tế"),
    ("administrative-education", "Giáo dục"),
    ("administrative-tax-finance", "Thuế, tài chính"),
]


def _children(code: str) -> list[tuple[str, str]]:
    return list(
        Field.objects.filter(parent__code=code).order_by("position").values_list("code", "name")
    )


def test_seed_creates_the_default_tree():
    assert seed_fields() == SeedResult(created=17, existing=0)

    groups = Field.objects.filter(parent=None).order_by("position")
    assert list(groups.values_list("code", "name")) == [
        ("administrative", "Hành chính"),
        ("judicial", "Tư pháp"),
        ("corruption", "Tham nhũng, tiêu cực"),
        ("party-and-mass-organisations", "Đảng và đoàn thể"),
        ("other", "Khác"),
    ]
    assert _children("administrative") == ADMINISTRATIVE_FIELDS
    assert _children("party-and-mass-organisations") == [
        ("party-and-mass-organisations-discipline", "Kỷ luật tổ chức đảng, đảng viên"),
    ]
    for leaf in ("judicial", "corruption", "other"):
        assert _children(leaf) == []
    assert not Field.objects.filter(active=False).exists()
    # Two levels only: no field below a field.
    assert not Field.objects.filter(parent__parent__isnull=False).exists()


def test_codes_are_unique_slugs():
    codes = []

    def walk(specs):
        for spec in specs:
            codes.append(spec.code)
            walk(spec.children)

    walk(DEFAULT_FIELDS)
    assert len(codes) == len(set(codes)) == 17
    for code in codes:
        Field(code=code, name="x").full_clean(exclude=["parent"])


def test_seeding_twice_creates_nothing_more():
    seed_fields()
    assert seed_fields() == SeedResult(created=0, existing=17)
    assert Field.objects.count() == 17


def test_administrators_edits_survive_a_reseed():
    seed_fields()
    land = Field.objects.get(code="administrative-land")
    land.name = "Đất đai, tài nguyên"
    land.position = 99
    land.save()
    Field.objects.filter(code="other").update(active=False)
    own = Field.objects.create(
        code="administrative-labour",
        name="Lao động, việc làm",
        parent=Field.objects.get(code="administrative"),
    )

    seed_fields()

    land.refresh_from_db()
    assert (land.name, land.position) == ("Đất đai, tài nguyên", 99)
    assert Field.objects.get(code="other").active is False
    assert Field.objects.filter(pk=own.pk, parent__code="administrative").exists()
    assert Field.objects.count() == 18


def test_a_missing_default_is_created_under_its_existing_group():
    seed_fields()
    Field.objects.filter(code="administrative-health").delete()
    Field.objects.filter(code="administrative").update(name="Lĩnh vực hành chính")

    assert seed_fields() == SeedResult(created=1, existing=16)

    health = Field.objects.get(code="administrative-health")
    assert health.parent is not None
    assert (health.parent.code, health.parent.name) == ("administrative", "Lĩnh vực hành chính")


def test_seeding_writes_an_audit_entry_only_when_it_creates(django_user_model):
    admin = django_user_model.objects.create_user(username="quantri.linhvuc", password="x")
    seed_fields(actor=admin)
    seed_fields(actor=admin)

    entries = AuditEntry.objects.filter(action=AuditAction.FIELD_SEEDED)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor == admin
    assert entry.extra == {"created": 17, "existing": 0}


def test_command_reports_what_it_did():
    out = StringIO()
    with translation.override("en"):
        call_command("seed_fields", stdout=out)
        call_command("seed_fields", stdout=out)
    assert out.getvalue().splitlines() == [
        "Created 17 fields; 0 already existed and were left as they are.",
        "Created 0 fields; 17 already existed and were left as they are.",
    ]
