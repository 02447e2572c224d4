"""Clusters: many people reporting the same problem at the same place, answered once.

An officer groups letters of the same unit into a ``Cluster`` led by one letter; when the lead
letter's case sends its decision, every letter of the cluster receives the answer
(``cases.case_send``). Only letters still being worked on join a cluster: a letter already
handled has had its own answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from danvan.accounts.actors import acting_user
from danvan.core import audit
from danvan.core.actors import Actor
from danvan.core.errors import ApplicationError
from danvan.core.gate import StaleObjectError
from danvan.letters import policies
from danvan.letters.audit_actions import AuditAction
from danvan.letters.models import Cluster, Letter
from danvan.letters.states import OPEN_LETTER_STATUSES, LetterStatus
from danvan.letters.workflows import CLUSTER_STARTS_OPEN, LETTER_WORKFLOW, STALE_MESSAGE
from danvan.organizations.models import Unit, Ward


class ClusterError(ApplicationError):
    pass


def _check_members(cluster_unit_id: int, letters: Sequence[Letter], cluster_id: int | None) -> None:
    for letter in letters:
        if letter.unit_id != cluster_unit_id:
            raise ClusterError(
                _("Letter %(number)s belongs to another unit.") % {"number": letter.register_label}
            )
        if letter.cluster_id is not None and letter.cluster_id != cluster_id:
            raise ClusterError(
                _("Letter %(number)s is already in another cluster.")
                % {"number": letter.register_label}
            )
        if letter.status not in OPEN_LETTER_STATUSES:
            raise ClusterError(
                _("Letter %(number)s has already been handled and cannot join a cluster.")
                % {"number": letter.register_label}
            )


def _join(cluster: Cluster, letters: Sequence[Letter]) -> list[int]:
    ids = sorted({letter.pk for letter in letters if letter.cluster_id != cluster.pk})
    if ids:
        # Joining a cluster changes the letter: anyone holding an older copy must reload it.
        Letter.objects.filter(pk__in=ids).update(cluster=cluster, version=F("version") + 1)
    return ids


@transaction.atomic
def cluster_create(
    *,
    unit: Unit,
    title: str,
    lead: Letter,
    actor: Actor,
    ward: Ward | None = None,
    letters: Sequence[Letter] = (),
    expected_version: int | None = None,
) -> Cluster:
    """Group ``lead`` and ``letters`` of ``unit`` into a new cluster answered through ``lead``.

    ``expected_version`` is the version of ``lead`` the officer saw. Raises ``PermissionDenied``
    unless the actor registers letters in the unit, ``ClusterError`` for a letter of another
    unit, of another cluster or already handled, and ``StaleObjectError`` when ``lead`` changed.
    """
    policies.require(policies.can_register(actor, unit.pk))
    if lead.unit_id != unit.pk:
        raise ClusterError(_("The lead letter must belong to the unit of the cluster."))
    LETTER_WORKFLOW.require_power(actor, "cluster", lead)
    if lead.status == LetterStatus.SPLIT:
        raise ClusterError(_("A letter that was split cannot lead a cluster."))
    if lead.cluster_id is not None:
        raise ClusterError(_("This letter is already in a cluster."))
    if not title.strip():
        raise ClusterError(_("Give the cluster a title."))
    if "\x00" in title:
        raise ClusterError(_("The text contains characters that are not allowed."))
    if not CLUSTER_STARTS_OPEN.test(lead):
        raise ClusterError(CLUSTER_STARTS_OPEN.message_for(lead))
    others = [letter for letter in letters if letter.pk != lead.pk]
    _check_members(unit.pk, others, None)
    if (
        expected_version is not None
        and not Letter.objects.filter(
            pk=lead.pk, version=expected_version, cluster__isnull=True
        ).exists()
    ):
        raise StaleObjectError(STALE_MESSAGE)
    cluster = Cluster.objects.create(
        unit=unit,
        title=title.strip()[:255],
        ward=ward if ward is not None else lead.ward,
        lead=lead,
        created_by=acting_user(actor),
    )
    joined = _join(cluster, [lead, *others])
    audit.record(
        action=AuditAction.CLUSTER_CREATED,
        actor=actor,
        target=cluster,
        extra={"lead": lead.pk, "letters": joined},
    )
    lead.refresh_from_db()
    return cluster


@transaction.atomic
def cluster_add(
    *,
    cluster: Cluster,
    letters: Sequence[Letter],
    actor: Actor,
    seen: Letter | None = None,
    expected_version: int | None = None,
) -> Cluster:
    """Add ``letters`` of the cluster's unit to ``cluster`` (letters already in it are kept).

    ``seen`` is the letter the officer acted from and ``expected_version`` the version of it
    they saw. Raises ``PermissionDenied`` unless the actor registers letters in the cluster's
    unit, ``StaleObjectError`` when ``seen`` changed, and ``ClusterError`` when no letter is
    given or one cannot join.
    """
    policies.require(policies.can_register(actor, cluster.unit_id))
    if seen is not None:
        LETTER_WORKFLOW.require_power(actor, "cluster", seen)
        LETTER_WORKFLOW.claim(seen, expected_version=expected_version)
    if not letters:
        raise ClusterError(_("Choose the letters to add to the cluster."))
    _check_members(cluster.unit_id, letters, cluster.pk)
    joined = _join(cluster, letters)
    audit.record(
        action=AuditAction.CLUSTER_LETTERS_ADDED,
        actor=actor,
        target=cluster,
        extra={"letters": joined},
    )
    return cluster
