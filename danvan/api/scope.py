"""Whose letters an API caller reads: a person through their own policy (``LetterPolicy``), an
integration through ``IntegrationLetterPolicy``."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework.request import Request

from danvan.accounts.models import User
from danvan.api.authentication import IntegrationUser
from danvan.letters.models import Letter
from danvan.letters.policies import LetterPolicy
from danvan.organizations.models import Unit

__all__ = ["IntegrationLetterPolicy", "letter_policy"]


class IntegrationLetterPolicy(LetterPolicy):
    """An integration of a unit (a hotline, an app) reads the letters of its own unit. It holds
    no role and is nobody's handler or head, so it never reads a protected identity (Luật Tố
    cáo Arts. 8(3), 47, 56): its signers are those of unprotected letters only, and a protected
    letter's text is its redacted copy."""

    def __init__(self, caller: IntegrationUser) -> None:
        super().__init__(None)
        self.caller = caller
        self.unit_id = caller.unit_id

    def reading_unit_ids(self) -> frozenset[int]:
        return frozenset({self.unit_id}) if self.unit_id else frozenset()

    def assigned_letter_ids(self) -> tuple[int, ...]:
        return ()

    def letter_units(self) -> QuerySet[Unit]:
        return Unit.objects.filter(pk__in=self.reading_unit_ids())

    def visible_letters(self) -> QuerySet[Letter]:
        return Letter.objects.filter(unit_id__in=self.reading_unit_ids())

    def _can_view_identity(self, letter: Letter) -> bool:
        return not letter.identity_protected and self.can_view_letter(letter)


def letter_policy(request: Request) -> LetterPolicy:
    """The caller's letters policy, one per request."""
    found = getattr(request, "_api_letter_policy", None)
    if found is None:
        user = request.user
        found = (
            IntegrationLetterPolicy(user)
            if isinstance(user, IntegrationUser)
            else LetterPolicy(user if isinstance(user, User) else None)
        )
        request._api_letter_policy = found
    return found
