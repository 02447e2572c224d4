"""Who may see and do what with letters and cases.

* Receiving officers (tiếp nhận) of the receiving unit register, classify and handle letters;
  unit leaders may do the same and decide acceptance.
* Unit leaders assign cases; the assigned handlers work on them; the head who resolves a case
  (its ``resolver``, else a leader of the unit) issues the decision.
* Inspectors see the letters and cases of their unit and the units below it (supervision), never
  a denouncer's identity.
* Unit leaders also follow (read) the letters and cases of the units their unit directs
  (``UnitLink.directs``, at any depth), without assigning, deciding or reading an identity there.
* Verifiers on the case's active team (giao xác minh), from the unit or from another body such
  as the inspectorate, see the case and work on it once they declared that no tie bars them; the
  decision stays the head's (Luật Khiếu nại Arts. 25, 29, 31(1); Luật Tố cáo Art. 32).
* The identity of a denouncer (Luật Tố cáo Art. 8(3), 47, 56) is readable only by the receiving
  officers while the letter is being registered and classified, then by the handlers assigned to
  the case, its active verifiers and the head who resolves it. Superusers and administrators get
  no exception: the law knows no technical role that may read it.
* For a denunciation, the person denounced (``Letter.denounced_user``) and anyone who declared a
  tie to them on the case (a ``Recusal``) never resolve it, verify it or read the identity, even
  as the unit's head (NĐ 31/2019 Arts. 5, 10). A declared tie recuses a person on a complaint
  too; the author of a contested decision still resolves the complaint the first time (Luật
  Khiếu nại Art. 7(1)).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from danvan.accounts.models import User
from danvan.core.actors import Actor, user_id_of
from danvan.letters import resolvers
from danvan.letters.choices import LetterKind
from danvan.letters.models import (
    Case,
    CaseAssignment,
    Letter,
    Recusal,
    TieDeclaration,
    VerificationMember,
)
from danvan.letters.states import OPEN_CASE_STATUSES, OPEN_LETTER_STATUSES, CaseStatus
from danvan.organizations import policies as org
from danvan.organizations import selectors as org_selectors
from danvan.organizations.models import Delegation, Membership, Unit
from danvan.organizations.models.dated import today
from danvan.organizations.roles import Position, Role
from danvan.workflow.policies import Policy
from danvan.workflow.policies import can_manage_rules as can_manage_deployment_rules

AnyUser = AbstractBaseUser | AnonymousUser

_READERS = (Role.RECEIVING_OFFICER, Role.HANDLING_OFFICER, Role.UNIT_LEADER, Role.INSPECTOR)
_INTAKE = (Role.RECEIVING_OFFICER, Role.UNIT_LEADER)
_HANDLERS = (Role.HANDLING_OFFICER, Role.UNIT_LEADER)
#: Who may be put on a verification team of their unit (the inspectorate's are inspectors).
VERIFIER_ROLES = (Role.HANDLING_OFFICER, Role.UNIT_LEADER, Role.INSPECTOR)


@dataclass(frozen=True)
class Assignable:
    """Who may be given a case: its handlers and the head who resolves it. Both roles reach
    only their own unit (``organizations.roles.ROLE_SCOPES``): the unit's memberships today
    say who may be chosen."""

    handlers: QuerySet[User]
    resolvers: QuerySet[User]
    handler_ids: frozenset[int]
    resolver_ids: frozenset[int]


def _people(unit_id: int | list[int], roles: tuple[Role, ...]) -> QuerySet[User]:
    units = unit_id if isinstance(unit_id, list) else [unit_id]
    user_ids = (
        Membership.objects.active_on(today())
        .filter(unit_id__in=units, role__in=[str(r) for r in roles])
        .values("user_id")
    )
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("full_name", "username")


class LetterPolicy(Policy):
    """What one person may see and do with letters and cases (see the module docstring)."""

    # -- what the person sees ------------------------------------------------------------

    def intake_unit_ids(self) -> frozenset[int]:
        """Units in whose register the person may enter letters."""
        return self.unit_ids_where(_INTAKE)

    def assigned_letter_ids(self) -> tuple[int, ...]:
        """Letters whose case the person is assigned to, or verifies on an active team."""
        uid = self.user_id
        if uid is None:
            return ()

        def compute() -> tuple[int, ...]:
            handled = CaseAssignment.objects.filter(user_id=uid, ended_at__isnull=True).values_list(
                "case__letter_id", flat=True
            )
            verified = _active_members(uid).values_list("verification__case__letter_id", flat=True)
            return tuple(set(handled.order_by().union(verified.order_by())))  # one query

        return self.memo("assigned_letters", compute)

    def reading_unit_ids(self) -> frozenset[int]:
        """Units whose letters the person reads: where they hold a reading role (inspectors:
        and below), and, for a unit leader, the units their unit directs
        (``organizations.policies.directed_unit_ids``). Reading is all a leader gains there:
        assigning, deciding and the identity stay with the unit's own people."""

        def compute() -> frozenset[int]:
            found = set(self.unit_ids_where(_READERS))
            if self.unit_ids_where(Role.UNIT_LEADER):
                found |= org.directed_unit_ids(self.user, Role.UNIT_LEADER)
            return frozenset(found)

        return self.memo("reading_units", compute)

    def handlers_in_scope(self) -> QuerySet[User]:
        """The people who may handle letters (handling officers and leaders) of the units whose
        letters the person reads: the choices of a handler filter."""
        return _people(sorted(self.reading_unit_ids()), _HANDLERS)

    def letter_units(self) -> QuerySet[Unit]:
        """The units whose letters the person sees: those they read (``reading_unit_ids``) and
        those of the letters whose case they are assigned to (the choices of a unit filter,
        read without going through the letters)."""
        if self.user_id is None:
            return Unit.objects.none()
        units = Q(pk__in=self.reading_unit_ids())
        assigned = list(self.assigned_letter_ids())
        if assigned:
            units |= Q(pk__in=Letter.objects.filter(pk__in=assigned).values("unit_id"))
        return Unit.objects.filter(units)

    def visible_letters(self) -> QuerySet[Letter]:
        """Letters of the units the person reads (``reading_unit_ids``), plus those whose case
        they are assigned to."""
        if self.user_id is None:
            return Letter.objects.none()
        units = self.reading_unit_ids()
        assigned = list(self.assigned_letter_ids())
        if not assigned:
            return Letter.objects.filter(unit_id__in=units)
        return Letter.objects.filter(Q(unit_id__in=units) | Q(pk__in=assigned))

    def can_view_letter(self, letter: Letter) -> bool:
        return self.memo(
            ("view", letter.pk), lambda: self.visible_letters().filter(pk=letter.pk).exists()
        )

    # -- the person's relation to a letter or case -----------------------------------------

    def can_register(self, unit_id: int) -> bool:
        return unit_id in self.intake_unit_ids()

    def is_leader(self, unit_id: int) -> bool:
        return self.holds(Role.UNIT_LEADER, unit_id)

    def is_assigned(self, case: Case) -> bool:
        uid = self.user_id
        if uid is None:
            return False
        return self.memo(
            ("assigned", case.pk),
            lambda: case.assignments.filter(user_id=uid, ended_at__isnull=True).exists(),
        )

    def decider_for(self, unit_id: int, kind: str) -> org_selectors.Decider | None:
        """The person as one who decides for ``unit_id`` about a letter of ``kind`` today: its
        head, or a deputy head under the head's assignment (``organizations.Delegation``)."""
        uid = self.user_id
        return self.memo(
            ("decider", unit_id, kind), lambda: org_selectors.decider(uid, unit_id, kind)
        )

    def is_denounced(self, letter: Letter) -> bool:
        """The person denounced by ``letter`` (a denunciation naming their account)."""
        return (
            self.user_id is not None
            and letter.kind == LetterKind.DENUNCIATION
            and letter.denounced_user_id == self.user_id
        )

    def involved(self, case: Case) -> bool:
        """The person denounced, or someone recused from the case for a declared tie
        (NĐ 31/2019 Arts. 5, 10): they neither resolve, verify nor read the identity."""
        uid = self.user_id
        if uid is None:
            return False
        return self.memo(("involved", case.pk), lambda: uid in involved_user_ids(case))

    def decides(self, letter: Letter) -> bool:
        """Whether the person decides on ``letter`` for its unit: acceptance or refusal,
        forwarding, guidance, filing (TT 05/2021 Art. 13; Luật Tố cáo Art. 29(1)). The officers
        propose; the head (or an assigned deputy) decides (DOMAIN.md §12.1d). Never the person
        a denunciation is about (NĐ 31/2019 Art. 5)."""
        if self.is_denounced(letter):
            return False
        return self.decider_for(letter.unit_id, letter.kind) is not None

    def is_resolver(self, case: Case) -> bool:
        """The head who resolves the case (or a deputy head under the head's assignment): the
        decision and every decision along the way are theirs (Luật Khiếu nại Art. 31(1); Luật Tố
        cáo Art. 32). Never the person denounced nor one recused for a tie (NĐ 31/2019 Art. 5)."""
        if self.decider_for(case.unit_id, case.kind) is None:
            return False
        return not self.involved(case)

    def verifier_seat(self, case: Case) -> VerificationMember | None:
        """The person's place on the case's active verification team, if any."""
        uid = self.user_id
        if uid is None:
            return None
        return self.memo(
            ("verifier", case.pk),
            lambda: _active_members(uid).filter(verification__case_id=case.pk).first(),
        )

    def is_verifier(self, case: Case) -> bool:
        return self.verifier_seat(case) is not None

    def leads_verification(self, case: Case) -> bool:
        seat = self.verifier_seat(case)
        return seat is not None and seat.is_leader

    def has_declared(self, case: Case) -> bool:
        """Whether the person declared their ties on the case (NĐ 31/2019 Art. 10(1))."""
        uid = self.user_id
        if uid is None:
            return False
        return self.memo(
            ("declared", case.pk),
            lambda: TieDeclaration.objects.filter(case_id=case.pk, user_id=uid).exists(),
        )

    def awaits_declaration(self, case: Case) -> bool:
        """A verifier who has not yet declared: they may not act on the case before."""
        return self.is_verifier(case) and not self.has_declared(case)

    def works_on(self, case: Case) -> bool:
        """Assigned to the case, on its active verification team, or the head who resolves it;
        never the person denounced or one recused."""
        if self.is_resolver(case) or self.is_verifier(case):
            return True
        return self.is_assigned(case) and not self.involved(case)

    def is_superior_head(self, case: Case) -> bool:
        """The head (or an assigned deputy) of the unit directly above the case's unit, who takes
        a denunciation over when its resolver is involved (NĐ 31/2019 Art. 5(1)–(3))."""

        def compute() -> bool:
            superior = resolvers.superior_of(case.unit, today())
            if superior is None or self.is_denounced(case.letter):
                return False
            return self.decider_for(superior.pk, case.kind) is not None

        return self.memo(("superior", case.pk), compute)

    # -- what the person may do ------------------------------------------------------------

    def can_classify(self, letter: Letter) -> bool:
        return letter.status in OPEN_LETTER_STATUSES and self.can_register(letter.unit_id)

    def can_handle(self, letter: Letter) -> bool:
        """Accept, not accept, forward, guide, archive or refer a classified letter."""
        return self.can_classify(letter)

    def can_assign(self, case: Case) -> bool:
        return case.status in OPEN_CASE_STATUSES and self.is_leader(case.unit_id)

    def can_work_on_case(self, case: Case) -> bool:
        """Add notes and minutes, record withdrawals, propose the decision; a verifier only
        after declaring their ties (NĐ 31/2019 Art. 10(1))."""
        return (
            case.status in OPEN_CASE_STATUSES
            and self.works_on(case)
            and not self.awaits_declaration(case)
        )

    def can_declare(self, case: Case) -> bool:
        """Declare one's ties on the case, once: its verifiers and the head who resolves it."""
        return (
            case.status in OPEN_CASE_STATUSES
            and (self.is_verifier(case) or self.is_resolver(case))
            and not self.has_declared(case)
        )

    def can_report(self, case: Case) -> bool:
        """Submit the verification report: the leader of the active team, once declared."""
        return (
            case.status in OPEN_CASE_STATUSES
            and self.leads_verification(case)
            and self.has_declared(case)
        )

    def can_escalate(self, case: Case) -> bool:
        """Propose (or, as the superior's head, order) that the superior takes a denunciation
        over (see ``services.verification.case_escalate``)."""
        return case.status in OPEN_CASE_STATUSES and (
            self.can_work_on_case(case) or self.is_superior_head(case)
        )

    def can_decide(self, case: Case) -> bool:
        """Extend, suspend, resume, end and decide: the head who resolves the case."""
        return case.status in OPEN_CASE_STATUSES and self.is_resolver(case)

    def can_end(self, case: Case) -> bool:
        return self.can_work_on_case(case) or self.can_decide(case)

    def can_send_decision(self, case: Case) -> bool:
        return case.status == CaseStatus.DECIDED and (
            self.is_resolver(case) or self.is_assigned(case) or self.can_register(case.unit_id)
        )

    def can_publish(self, case: Case) -> bool:
        return case.status in {CaseStatus.DECIDED, CaseStatus.CLOSED} and (
            self.is_resolver(case) or self.is_assigned(case)
        )

    def can_view_identity(self, letter: Letter) -> bool:
        """Whether the person may read who signed ``letter`` (see the module docstring)."""
        return self.memo(("identity", letter.pk), lambda: self._can_view_identity(letter))

    def _can_view_identity(self, letter: Letter) -> bool:
        if self.user_id is None:
            return False
        if not letter.identity_protected:
            return self.can_view_letter(letter)
        if self.is_denounced(letter):
            return False
        if letter.status in OPEN_LETTER_STATUSES:
            return self.can_register(letter.unit_id)
        case = letter.case_or_none()
        if case is None or self.involved(case):
            return False
        return self.is_assigned(case) or self.is_resolver(case) or self.is_verifier(case)

    def can_read_case_file(self, case: Case) -> bool:
        """Read the whole case file (its documents in order, its export as one PDF): someone
        working on the case who may also read the identity of its signers. The person denounced
        never reads it, whatever else they are (Luật Tố cáo Arts. 8(3), 47, 56)."""
        letter = case.letter
        if self.user_id is None or letter.denounced_user_id == self.user_id:
            return False
        return self.works_on(case) and self.can_view_identity(letter)

    def can_keep_case_file(self, case: Case) -> bool:
        """Close the case file and hand it to the archive (records, not decisions): the
        officers working on the case and the receiving officers of its unit, who send its
        decision (TT 07/2013/TT-TTCP Art. 23)."""
        if self.user_id is None or case.letter.denounced_user_id == self.user_id:
            return False
        return self.works_on(case) or self.can_register(case.unit_id)

    def can_redact(self, letter: Letter) -> bool:
        """Upload the redacted copies of a protected letter's files: someone who may read the
        identity and is working on the letter (classifying it, or on its case)."""
        if not letter.identity_protected or not self.can_view_identity(letter):
            return False
        if self.can_classify(letter):
            return True
        case = letter.case_or_none()
        return case is not None and self.can_work_on_case(case)

    def can_post_notice(self, letter: Letter, unit_id: int) -> bool:
        """Read where a notice to the letter's citizen goes and mark it mailed: the receiving
        officers and leaders of the unit that issued it, or those working on the letter's case,
        and only if they may read the letter's signers (a denouncer's address is their
        identity, Luật Tố cáo Art. 8(3))."""
        if self.user_id is None:
            return False
        case = letter.case_or_none()
        if not (self.can_register(unit_id) or (case is not None and self.works_on(case))):
            return False
        return self.can_view_identity(letter)

    # -- who may be given a case -----------------------------------------------------------

    def assignable(self, case: Case) -> Assignable:
        """The handlers and heads who may be given ``case`` (computed once per policy): never
        the person denounced or one recused from it."""
        return self.memo(("assignable", case.pk), lambda: _assignable(case))

    def verifier_candidates(self, case: Case) -> QuerySet[User]:
        """Who may be put on a verification team of ``case`` from the form: the officers and
        leaders of its unit and of the units directly under it (the same-level inspectorate),
        without the person denounced or anyone recused (NĐ 31/2019 Art. 10(1))."""
        return self.memo(
            ("verifier_candidates", case.pk),
            lambda: _people(verification_unit_ids(case), VERIFIER_ROLES).exclude(
                pk__in=involved_user_ids(case)
            ),
        )

    def can_manage_rules(self) -> bool:
        """The time limits and signature methods apply to the whole deployment (see
        ``workflow.policies.can_manage_rules``)."""
        return self.memo("manage_rules", lambda: can_manage_deployment_rules(self.actor))


def _active_members(user_id: int) -> QuerySet[VerificationMember]:
    return VerificationMember.objects.filter(
        user_id=user_id,
        removed_at__isnull=True,
        verification__ended_at__isnull=True,
        verification__case__status__in=list(OPEN_CASE_STATUSES),
    )


def involved_user_ids(case: Case) -> frozenset[int]:
    """Who may not resolve, verify or read the identity on ``case``: for a denunciation the
    person denounced, and anyone recused from it for a declared tie (NĐ 31/2019 Arts. 5, 10)."""
    ids = set(Recusal.objects.filter(case_id=case.pk).values_list("user_id", flat=True))
    if case.kind == LetterKind.DENUNCIATION and case.letter.denounced_user_id is not None:
        ids.add(case.letter.denounced_user_id)
    return frozenset(ids)


def verification_unit_ids(case: Case) -> list[int]:
    """The units the case's page offers for verification: its own, then those directly under
    it (its inspectorate, its departments) on today's tree."""
    return [case.unit_id, *org_selectors.children(case.unit, today()).values_list("pk", flat=True)]


def handlers_of_units(unit_ids: Iterable[int]) -> QuerySet[User]:
    """Who may be given cases of these units (the choice of a bulk assignment; each case still
    refuses the person denounced and anyone recused from it)."""
    return _people(sorted(set(unit_ids)), _HANDLERS)


def _assignable(case: Case) -> Assignable:
    excluded = involved_user_ids(case)
    handlers = _people(case.unit_id, _HANDLERS).exclude(pk__in=excluded)
    heads = User.objects.filter(
        pk__in=[
            d.user_id for d in org_selectors.deciders(case.unit_id) if d.user_id not in excluded
        ],
        is_active=True,
    ).order_by("full_name", "username")
    return Assignable(
        handlers=handlers,
        resolvers=heads,
        handler_ids=frozenset(handlers.values_list("pk", flat=True)),
        resolver_ids=frozenset(heads.values_list("pk", flat=True)),
    )


# The same answers as plain functions of (person, object), each asking afresh: for services and
# callers without a request. Pages use ``LetterPolicy.for_request``.


def intake_unit_ids(user: Actor | None) -> set[int]:
    return set(LetterPolicy(user).intake_unit_ids())


def visible_letters(user: Actor | None) -> QuerySet[Letter]:
    return LetterPolicy(user).visible_letters()


def can_view_letter(user: Actor | None, letter: Letter) -> bool:
    return LetterPolicy(user).can_view_letter(letter)


def can_register(user: Actor | None, unit_id: int) -> bool:
    return LetterPolicy(user).can_register(unit_id)


def can_classify(user: Actor | None, letter: Letter) -> bool:
    return LetterPolicy(user).can_classify(letter)


def can_handle(user: Actor | None, letter: Letter) -> bool:
    return LetterPolicy(user).can_handle(letter)


def is_leader(user: Actor | None, unit_id: int) -> bool:
    return LetterPolicy(user).is_leader(unit_id)


def works_on(user: Actor | None, case: Case) -> bool:
    return LetterPolicy(user).works_on(case)


def is_assigned(user: Actor | None, case: Case) -> bool:
    return LetterPolicy(user).is_assigned(case)


def decider_ids(unit_id: int | None, kind: str) -> list[int]:
    """The ids of who decides for the unit about a letter of ``kind`` today (its head, the
    deputies assigned the kind): among them are the approvers a proposal notifies (each is
    then asked the approval's own predicate, which leaves out one denounced or recused)."""
    if unit_id is None:
        return []
    return [d.user_id for d in org_selectors.deciders(unit_id, kind)]


def deciding_for(user: Actor | None, field: str = "unit_id") -> Q:
    """The objects whose unit (``field``) the person may decide for today: the units they head
    and those whose head assigned them as a deputy (for some kind: ``decides`` says for which).
    The inverse of ``decider_ids``, as a condition with subqueries: where the letters and cases
    awaiting their approval are (``Approval.candidate_of``)."""
    uid = user_id_of(user)
    if uid is None:
        return Q(pk__in=[])
    day = today()
    heads = (
        Membership.objects.active_on(day)
        .filter(user_id=uid, role=Role.UNIT_LEADER, position=Position.HEAD)
        .values("unit_id")
    )
    deputies = Delegation.objects.active_on(day).filter(deputy_id=uid).values("unit_id")
    return Q(**{f"{field}__in": heads}) | Q(**{f"{field}__in": deputies})


def deciding_above(user: Actor | None) -> Q:
    """The cases whose superior unit the person may decide for (``is_superior_head``): the
    cases of the units below those they decide for (any depth, as the superior passes over a
    unit that has ended)."""
    decided = set(Unit.objects.filter(deciding_for(user, "pk")).values_list("pk", flat=True))
    return Q(unit_id__in=org_selectors.descendant_ids(decided)) if decided else Q(pk__in=[])


def is_resolver(user: Actor | None, case: Case) -> bool:
    return LetterPolicy(user).is_resolver(case)


def can_assign(user: Actor | None, case: Case) -> bool:
    return LetterPolicy(user).can_assign(case)


def can_work_on_case(user: Actor | None, case: Case) -> bool:
    return LetterPolicy(user).can_work_on_case(case)


def can_decide(user: Actor | None, case: Case) -> bool:
    return LetterPolicy(user).can_decide(case)


def can_send_decision(user: Actor | None, case: Case) -> bool:
    return LetterPolicy(user).can_send_decision(case)


def can_publish(user: Actor | None, case: Case) -> bool:
    return LetterPolicy(user).can_publish(case)


def can_view_identity(user: Actor | None, letter: Letter) -> bool:
    return LetterPolicy(user).can_view_identity(letter)


def can_manage_rules(user: Actor | None) -> bool:
    return LetterPolicy(user).can_manage_rules()


def require(allowed: bool, message: Any = None) -> None:
    org.require(allowed, message)


def _not_the_decider(unit: Unit) -> PermissionDenied:
    return PermissionDenied(
        gettext(
            "Only the head of %(unit)s, or a deputy head under the head's assignment, "
            "decides this: propose it for approval."
        )
        % {"unit": unit.name}
    )


def require_decider(actor: Actor | None, letter: Letter) -> None:
    """Only the head of the letter's unit (or a deputy head under the head's assignment)
    decides on it; an officer proposes (DOMAIN.md §12.1d)."""
    if not LetterPolicy(actor).decides(letter):
        raise _not_the_decider(letter.unit)


def require_decider_of(actor: Actor | None, unit: Unit, kind: str) -> org_selectors.Decider:
    """The person as one who decides for ``unit`` about a letter of ``kind`` (its head, or a
    deputy under the head's assignment), else ``PermissionDenied`` with the same words."""
    decider = LetterPolicy(actor).decider_for(unit.pk, kind)
    if decider is None:
        raise _not_the_decider(unit)
    return decider


def require_resolver(actor: Actor | None, case: Case) -> None:
    """Only the head who resolves the case decides its steps; the handlers propose them."""
    if not LetterPolicy(actor).is_resolver(case):
        raise PermissionDenied(
            gettext(
                "Only the head who resolves this case, or a deputy head under the head's "
                "assignment, decides this: propose it for approval."
            )
        )
