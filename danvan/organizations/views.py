"""Staff-facing pages of the organisations context: the staff home, the unit directory and a
unit's page. Views only parse, authorise (``policies``), read (``selectors``) and render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.generic import TemplateView

from danvan.core.modules import Module, modules_for
from danvan.organizations import policies, selectors
from danvan.organizations.models import Membership, Unit
from danvan.organizations.models.dated import today


class StaffAreaMixin(LoginRequiredMixin):
    """Signed-in people without the staff permission (citizens) get a friendly 403 page."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not policies.can_access_staff_area(request.user):
            return render(request, "organizations/staff_forbidden.html", status=403)
        return cast("HttpResponse", super().dispatch(request, *args, **kwargs))


@dataclass(frozen=True)
class UnitRoles:
    unit: Unit
    memberships: list[Membership]


@dataclass(frozen=True)
class ModuleLink:
    module: Module
    url: str


def _group_by_unit(memberships: list[Membership]) -> list[UnitRoles]:
    grouped: dict[int, UnitRoles] = {}
    for m in memberships:
        grouped.setdefault(m.unit_id, UnitRoles(m.unit, [])).memberships.append(m)
    return list(grouped.values())


class StaffHomeView(StaffAreaMixin, TemplateView):
    template_name = "organizations/staff_home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        links = []
        for module in modules_for(user):
            try:
                links.append(ModuleLink(module, reverse(module.url_name)))
            except NoReverseMatch:  # a module whose pages are not mounted in this deployment
                continue
        context.update(
            today=today(),
            unit_roles=_group_by_unit(list(selectors.memberships_of(cast("int", user.pk)))),
            modules=links,
        )
        return context


class UnitListView(StaffAreaMixin, TemplateView):
    """The directory: the units the person may see, as today's tree."""

    template_name = "organizations/unit_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            today=today(),
            nodes=selectors.unit_tree(policies.visible_units(self.request.user)),
        )
        return context


class UnitDetailView(StaffAreaMixin, TemplateView):
    """A unit's public facts and competences for any staff member; its members only for those
    ``policies.can_view_unit`` allows."""

    template_name = "organizations/unit_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        try:
            unit = Unit.objects.select_related("province", "ward", "succeeded_by").get(
                pk=self.kwargs["pk"]
            )
        except Unit.DoesNotExist as exc:
            raise Http404 from exc
        day = today()
        can_view = policies.can_view_unit(self.request.user, unit)
        context.update(
            today=day,
            unit=unit,
            parent=selectors.parent(unit, day),
            children=list(selectors.children(unit, day).order_by("name")),
            competences=list(
                unit.competences.active_on(day).prefetch_related("fields", "provinces", "wards")
            ),
            can_view_members=can_view,
            members=list(selectors.unit_members(unit, day)) if can_view else [],
        )
        return context
