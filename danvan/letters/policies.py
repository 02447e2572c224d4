"""Who may see and do what with letters and cases.

* Receiving officers (tiếp nhận) of the receiving unit register, classify and handle letters;
  unit leaders may do the same and decide acceptance.
* Unit leaders assign cases; the assigned handlers work on them; the head who resolves a case
  (its ``resolver``, else a leader of the unit) issues the decision.
* Inspectors see the letters and cases of their unit and the units below it (supervision), never
  a denouncer's identity.
* The identity of a denouncer (Luật Tố cáo Art. 8(3), 47, 56) is readable only by the receiving
  officers while the letter is being registered and classified, then by the handlers assigned to
  the case and the head who resolves it. Superusers and administrators get no exception: the law
  knows no technical role that may read it.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from danvan.letters.models import Case, CaseAssignment, Letter
from danvan.letters.states import OPEN_CASE_STATUSES, OPEN_LETTER_STATUSES, CaseStatus
from danvan.organizations import policies as org
from danvan.organizations import selectors as org_selectors
from danvan.organizations.models import Unit
from danvan.organizations.roles import Role

AnyUser = AbstractBaseUser | AnonymousUser

_READERS = (Role.RECEIVING_OFFICER, Role.HANDLING_OFFICER, Role.UNIT_LEADER, Role.INSPECTOR)
_INTAKE = (Role.RECEIVING_OFFICER, Role.UNIT_LEADER)


def _uid(user: AnyUser | None) -> int | None:
    if user is None or not user.is_authenticated:
        return None
    return cast("int", user.pk)


def intake_unit_ids(user: AnyUser | None) -> set[int]:
    """Units in whose register the person may enter letters."""
    return org.unit_ids_where(user, _INTAKE)


def visible_letters(user: AnyUser | None) -> QuerySet[Letter]:
    """Letters of the units where the person reads letters (inspectors: and below), plus those
    whose case they are assigned to."""
    uid = _uid(user)
    if uid is None:
        return Letter.objects.none()
    units = org.unit_ids_where(user, _READERS)
    assigned = list(
        CaseAssignment.objects.filter(user_id=uid, ended_at__isnull=True).values_list(
            "case__letter_id", flat=True
        )
    )
    if not assigned:
        return Letter.objects.filter(unit_id__in=units)
    return Letter.objects.filter(Q(unit_id__in=units) | Q(pk__in=assigned))


def can_view_letter(user: AnyUser | None, letter: Letter) -> bool:
    return visible_letters(user).filter(pk=letter.pk).exists()


def can_register(user: AnyUser | None, unit_id: int) -> bool:
    return unit_id in intake_unit_ids(user)


def can_classify(user: AnyUser | None, letter: Letter) -> bool:
    return letter.status in OPEN_LETTER_STATUSES and can_register(user, letter.unit_id)


def can_handle(user: AnyUser | None, letter: Letter) -> bool:
    """Accept, refuse, forward, guide, file or refer a classified letter."""
    return can_classify(user, letter)


def is_leader(user: AnyUser | None, unit_id: int) -> bool:
    return unit_id in org.unit_ids_where(user, Role.UNIT_LEADER)


def works_on(user: AnyUser | None, case: Case) -> bool:
    """Assigned to the case, or the head who resolves it."""
    return is_assigned(user, case) or is_resolver(user, case)


def is_assigned(user: AnyUser | None, case: Case) -> bool:
    uid = _uid(user)
    return uid is not None and case.assignments.filter(user_id=uid, ended_at__isnull=True).exists()


def is_resolver(user: AnyUser | None, case: Case) -> bool:
    uid = _uid(user)
    if uid is None:
        return False
    if case.resolver_id is not None:
        return case.resolver_id == uid
    return is_leader(user, case.unit_id)


def can_assign(user: AnyUser | None, case: Case) -> bool:
    return case.status in OPEN_CASE_STATUSES and is_leader(user, case.unit_id)


def can_work_on_case(user: AnyUser | None, case: Case) -> bool:
    """Add notes and minutes, record withdrawals, propose the decision."""
    return case.status in OPEN_CASE_STATUSES and works_on(user, case)


def can_decide(user: AnyUser | None, case: Case) -> bool:
    """Extend, suspend, resume, end and decide: the head who resolves the case."""
    return case.status in OPEN_CASE_STATUSES and is_resolver(user, case)


def can_send_decision(user: AnyUser | None, case: Case) -> bool:
    return case.status == CaseStatus.DECIDED and (
        is_resolver(user, case) or is_assigned(user, case) or can_register(user, case.unit_id)
    )


def can_publish(user: AnyUser | None, case: Case) -> bool:
    return case.status in {CaseStatus.DECIDED, CaseStatus.CLOSED} and (
        is_resolver(user, case) or is_assigned(user, case)
    )


def can_view_identity(user: AnyUser | None, letter: Letter) -> bool:
    """Whether the person may read who signed ``letter`` (see the module docstring)."""
    if _uid(user) is None:
        return False
    if not letter.identity_protected:
        return can_view_letter(user, letter)
    if letter.status in OPEN_LETTER_STATUSES:
        return can_register(user, letter.unit_id)
    case = Case.objects.filter(letter=letter).first()
    if case is None:
        return False
    return is_assigned(user, case) or is_resolver(user, case)


def can_manage_rules(user: AnyUser | None) -> bool:
    """The time limits and signature methods apply to the whole deployment: superusers and the
    administrators of a unit at the top of the tree."""
    if org.is_superuser(user):
        return True
    held = {unit_id for unit_id, role in org.active_roles(user) if role == Role.ADMINISTRATOR}
    return any(org_selectors.parent(unit) is None for unit in Unit.objects.filter(pk__in=held))


def require(allowed: bool, message: Any = None) -> None:
    org.require(allowed, message)
