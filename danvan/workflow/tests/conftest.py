"""People and permits for the proposal tests: a unit with its clerk, two officers and its head,
another unit with its own head and officer, and helpers that propose a grant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from danvan.organizations.roles import Role
from danvan.organizations.tests import factories as org
from danvan.workflow import proposals
from danvan.workflow.models import Proposal
from danvan.workflow.tests.kitapp.models import Permit, PermitStatus


@dataclass
class Office:
    unit: Any
    other_unit: Any
    clerk: Any
    officer: Any
    colleague: Any
    head: Any
    deputy_head: Any
    other_head: Any
    other_officer: Any
    citizen: Any

    def permit(self, status: str = PermitStatus.SUBMITTED, **kwargs: Any) -> Permit:
        return Permit.objects.create(
            unit=self.unit, status=status, **{"title": "Giấy phép tổ chức lễ hội", **kwargs}
        )

    def propose_grant(self, permit: Permit | None = None, **kwargs: Any) -> Proposal:
        return proposals.propose(
            obj=permit or self.permit(), move_key="grant", actor=self.officer,
            reasons="Hồ sơ đầy đủ, đúng quy định.", draft="Cấp giấy phép cho Hội Nông dân xã.",
            **kwargs,
        )  # fmt: skip


@pytest.fixture
def office(db: Any) -> Office:
    unit = org.UnitFactory(name="Ủy ban nhân dân phường Hoa Sen")
    other = org.UnitFactory(name="Ủy ban nhân dân phường Cúc Vàng")

    def member(role: Role, where: Any = unit, name: str = "") -> Any:
        user = org.UserFactory(**({"full_name": name} if name else {}))
        org.MembershipFactory(user=user, unit=where, role=role)
        return user

    return Office(
        unit=unit,
        other_unit=other,
        clerk=member(Role.RECEIVING_OFFICER, name="Lê Thị Thư"),
        officer=member(Role.HANDLING_OFFICER, name="Trần Văn Cán"),
        colleague=member(Role.HANDLING_OFFICER, name="Phạm Thị Đồng"),
        head=member(Role.UNIT_LEADER, name="Nguyễn Văn Trưởng"),
        deputy_head=member(Role.UNIT_LEADER, name="Hoàng Thị Phó"),
        other_head=member(Role.UNIT_LEADER, other, name="Đỗ Văn Khác"),
        other_officer=member(Role.HANDLING_OFFICER, other, name="Vũ Thị Ngoài"),
        citizen=org.UserFactory(full_name="Bùi Văn Dân"),
    )
