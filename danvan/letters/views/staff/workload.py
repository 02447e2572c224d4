"""The leader's view of the workload: per handler and per unit, what is open, due within the
due-soon window and overdue, each number a link to the list it counts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from danvan.accounts.mixins import StaffRequiredMixin
from danvan.letters import selectors
from danvan.letters.policies import LetterPolicy
from danvan.organizations.roles import Role
from danvan.workflow.rules import DUE_SOON_WORKING_DAYS


class WorkloadView(StaffRequiredMixin, View):
    """For a unit leader only: the handlers and the units in their scope."""

    def get(self, request: HttpRequest) -> HttpResponse:
        policy = LetterPolicy.for_request(request)
        if not policy.unit_ids_where(Role.UNIT_LEADER):
            raise PermissionDenied(_("Only a unit leader sees the workload of handlers and units."))
        return render(
            request,
            "letters/staff/workload.html",
            {
                "handlers": selectors.workload_by_handler(viewer=request.user, policy=policy),
                "units": selectors.workload_by_unit(viewer=request.user, policy=policy),
                "days": DUE_SOON_WORKING_DAYS,
            },
        )
