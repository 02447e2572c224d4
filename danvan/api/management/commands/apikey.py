"""``danvan apikey create NAME [--user U | --unit CODE] --scopes read,submit``: make a key and
print it alone on the last line; ``danvan apikey list``; ``danvan apikey revoke PREFIX``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.accounts.models import User
from danvan.api import keys
from danvan.api.models import ApiKey
from danvan.core import calendar
from danvan.core.actors import SYSTEM
from danvan.organizations.models import Unit


class Command(BaseCommand):
    help = "Make, list and revoke API keys."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Make a key; the key is printed on the last line.")
        create.add_argument("name")
        owner = create.add_mutually_exclusive_group(required=True)
        owner.add_argument("--user", help="The username the key acts as.")
        owner.add_argument("--unit", help="The code of the unit of an integration account.")
        create.add_argument("--scopes", default="read", help="read,submit,act (default: read)")
        sub.add_parser("list", help="List the keys (never their secrets).")
        revoke = sub.add_parser("revoke", help="Revoke a key by its prefix.")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options)
        elif action == "list":
            for key in ApiKey.objects.select_related("user", "unit").order_by("created_at", "pk"):
                owner = key.user.get_username() if key.user else f"unit:{key.unit.code}"  # type: ignore[union-attr]
                state = "revoked" if key.revoked_at else "active"
                self.stdout.write(
                    f"{key.prefix}\t{key.name}\t{owner}\t{','.join(key.scopes)}\t{state}"
                )
        else:
            found = ApiKey.objects.filter(prefix=options["prefix"]).first()
            if found is None:
                raise CommandError(f"No key with the prefix {options['prefix']!r}.")
            keys.apikey_revoke(key=found, actor=SYSTEM)
            self.stdout.write(f"Revoked {found.prefix} ({found.name}).")

    def _create(self, options: dict[str, Any]) -> None:
        user = unit = None
        if options.get("user"):
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}.")
        else:
            unit = (
                Unit.objects.active_on(calendar.today_local()).filter(code=options["unit"]).first()
            )
            if unit is None:
                raise CommandError(f"No unit active today with the code {options['unit']!r}.")
        try:
            made = keys.apikey_create(
                name=options["name"], scopes=options["scopes"], user=user, unit=unit, actor=SYSTEM
            )
        except keys.ApiKeyError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Key {made.key.prefix} ({made.key.name}), scopes {','.join(made.key.scopes)}. "
            "It is shown only now:"
        )
        self.stdout.write(made.token)
