"""``danvan load_demo``: fictional demo data, one login per role (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from danvan.demo.services import (
    DEMO_PASSWORD,
    EXTRA_ROLES,
    LOGINS,
    DemoRefusedError,
    load_demo,
)
from danvan.organizations.models import Unit


class Command(BaseCommand):
    help = (
        "Load demo data: administrative units, fields, calendar, units, one login per role, "
        "issuer profiles and sample letters."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = load_demo()
        except DemoRefusedError as exc:
            raise CommandError(str(exc)) from exc
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
        self.stdout.write(
            _(
                "Letters: %(profiles)d issuer profiles, %(terms)d party terms and %(letters)d "
                "sample letters added."
            )
            % {
                "profiles": result.issuer_profiles_created,
                "terms": result.party_terms_created,
                "letters": result.letters_created,
            }
        )
        if result.tracking_code:
            self.stdout.write(
                _(
                    "Track a sample letter at /tra-cuu/ with the code %(code)s and the PIN "
                    "%(pin)s (shown only now: only a hash of the PIN is kept)."
                )
                % {"code": result.tracking_code, "pin": result.tracking_pin}
            )
        elif not result.letters_created:
            self.stdout.write(
                _(
                    "The sample letters were already there: the tracking PIN of one of them was "
                    "printed when they were loaded."
                )
            )
        codes = [s.unit_code for s in LOGINS] + [r.unit_code for r in EXTRA_ROLES]
        names = dict(Unit.objects.filter(code__in=codes).values_list("code", "name"))
        self.stdout.write("")
        self.stdout.write(_("Demo logins (password: %(password)s):") % {"password": DEMO_PASSWORD})
        for spec in LOGINS:
            role = spec.role.label if spec.role else _("citizen (no unit role)")
            unit = names.get(spec.unit_code, "—")
            self.stdout.write(f"  {spec.username:<10} {role} · {unit}")
            for extra in EXTRA_ROLES:
                if extra.username == spec.username:
                    also = names.get(extra.unit_code, "—")
                    self.stdout.write(f"  {'':<10} + {extra.role.label} · {also}")
