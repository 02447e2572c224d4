"""The default field (lĩnh vực) taxonomy, seeded into the administrator-editable ``Field`` table.

The defaults follow the groups the inspectorate's statistics use (DESIGN.md §3). Codes are stable
English slugs that code and integrations may rely on; the Vietnamese names are data, which
administrators may rename, reorder or switch off. Seeding never undoes those edits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from danvan.core import audit
from danvan.organizations.audit_actions import AuditAction
from danvan.organizations.models import Field


@dataclass(frozen=True)
class FieldSpec:
    code: str
    name: str
    children: Sequence[FieldSpec] = ()


DEFAULT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "administrative",
        "Hành chính",
        (
            FieldSpec("administrative-land", "Đất đai"),
            FieldSpec("administrative-housing", "Nhà ở"),
            FieldSpec("administrative-environment", "Môi trường"),
            FieldSpec("administrative-construction", "Xây dựng, trật tự đô thị"),
            FieldSpec("administrative-transport", "Giao thông"),
            FieldSpec(
                "administrative-social-policy",
                "Chính sách, chế độ đối với người có công và an sinh xã hội",
            ),
            FieldSpec("administrative-civil-service", "Chế độ cán bộ, công chức, viên chức"),
            FieldSpec("administrative-procedures", "Thủ tục hành chính"),
            FieldSpec("administrative-health", "Y tế"),
            FieldSpec("administrative-education", "Giáo dục"),
            FieldSpec("administrative-tax-finance", "Thuế, tài chính"),
        ),
    ),
    FieldSpec("judicial", "Tư pháp"),
    FieldSpec("corruption", "Tham nhũng, tiêu cực"),
    FieldSpec(
        "party-and-mass-organisations",
        "Đảng và đoàn thể",
        (FieldSpec("party-and-mass-organisations-discipline", "Kỷ luật tổ chức đảng, đảng viên"),),
    ),
    FieldSpec("other", "Khác"),
)

# Gaps between positions let administrators slot their own fields in between.
_POSITION_STEP = 10


@dataclass(frozen=True)
class SeedResult:
    created: int
    existing: int


@transaction.atomic
def seed_fields(*, actor: AbstractBaseUser | None = None) -> SeedResult:
    """Create the default fields whose codes are missing; leave every existing row as it is.

    An existing code keeps its name, parent, position and active flag, whatever an administrator
    made of them. A default an administrator deleted comes back on the next seed: switch a field
    off (``active``) rather than deleting it. Writes one audit entry when it created anything.
    """
    existing = {f.code: f for f in Field.objects.select_for_update()}
    created = 0
    kept = 0

    def ensure(specs: Sequence[FieldSpec], parent: Field | None) -> None:
        nonlocal created, kept
        for index, spec in enumerate(specs, start=1):
            row = existing.get(spec.code)
            if row is None:
                row = Field.objects.create(
                    code=spec.code,
                    name=spec.name,
                    parent=parent,
                    position=index * _POSITION_STEP,
                    active=True,
                )
                existing[spec.code] = row
                created += 1
            else:
                kept += 1
            ensure(spec.children, row)

    ensure(DEFAULT_FIELDS, None)
    if created:
        audit.record(
            action=AuditAction.FIELD_SEEDED,
            actor=actor,
            extra={"created": created, "existing": kept},
        )
    return SeedResult(created=created, existing=kept)
