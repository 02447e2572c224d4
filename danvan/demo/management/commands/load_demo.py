"""``danvan load_demo``: fictional demo data, one login per role (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from danvan.demo.services import DEMO_PASSWORD, LOGINS, load_demo
from danvan.organizations.models import Unit


class Command(BaseCommand):
    help = "Load demo data: administrative units, fields, calendar, units and one login per role."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo()
        self.stdout.write(
            _(
                "Demo data ready: %(units)d units, %(users)d users, %(memberships)d roles "
                "and %(competences)d competences added."
            )
            % {
                "units": result.units_created,
                "users": result.users_created,
                "memberships": result.memberships_created,
                "competences": result.competences_created,
            }
        )
        names = dict(
            Unit.objects.filter(code__in=[s.unit_code for s in LOGINS]).values_list("code", "name")
        )
        self.stdout.write("")
        self.stdout.write(_("Demo logins (password: %(password)s):") % {"password": DEMO_PASSWORD})
        for spec in LOGINS:
            role = spec.role.label if spec.role else _("citizen (no unit role)")
            unit = names.get(spec.unit_code, "—")
            self.stdout.write(f"  {spec.username:<10} {role} · {unit}")
