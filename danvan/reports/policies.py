"""Who reads the statutory reports of which units.

The leaders of a unit and its inspectors report on it: a unit leader on their own unit and the
units it directs (the units whose letters they follow, ``organizations.policies.
directed_unit_ids``), an inspector on their unit and every unit below it (the inspector's
subtree scope, ``organizations.roles.ROLE_SCOPES``). The figures and the register book of a
unit cover it and the units under it that the person reaches.
"""

from __future__ import annotations

from django.http import HttpRequest

from danvan.organizations import policies as org
from danvan.organizations import selectors as org_selectors
from danvan.organizations.models import Unit
from danvan.organizations.roles import Role
from danvan.workflow.policies import Policy

__all__ = ["ReportPolicy", "may_report"]


class ReportPolicy(Policy):
    def report_unit_ids(self) -> frozenset[int]:
        """The units whose reports the person reads."""

        def compute() -> frozenset[int]:
            if self.user_id is None:
                return frozenset()
            found = set(self.unit_ids_where(Role.INSPECTOR))
            if self.unit_ids_where(Role.UNIT_LEADER):
                found |= org.directed_unit_ids(self.user, Role.UNIT_LEADER)
            return frozenset(found)

        return self.memo("report_units", compute)

    def report_units(self) -> list[Unit]:
        return list(Unit.objects.filter(pk__in=self.report_unit_ids()).order_by("name"))

    def covered_unit_ids(self, unit_id: int) -> list[int]:
        """``unit_id`` and the units under it that the person reports on (empty when the unit
        is not theirs)."""
        scope = self.report_unit_ids()
        if unit_id not in scope:
            return []
        below = org_selectors.descendant_ids([unit_id])
        return sorted(({unit_id} | below) & scope)


def may_report(user: object) -> bool:
    """Whether the person reads any report (the staff home shows the modules only then)."""
    return bool(ReportPolicy(user).report_unit_ids())  # type: ignore[arg-type]


def policy_for(request: HttpRequest) -> ReportPolicy:
    return ReportPolicy.for_request(request)
