"""Who may do what with documents: named predicates, in one place.

- The outgoing register of a unit is seen by the people who hold a role over it
  (``organizations.policies.visible_units``). Being a superuser gives no document: registers
  hold documents about letters and the people in them (Luật Tố cáo 2018 Arts. 8(3), 47), and a
  superuser keeps the deployment, not its cases; a superuser sees a unit's documents only by
  holding a role there, given like anyone's.
- A file is downloaded from the register only when the document is neither restricted (it
  carries personal data: only the context that issued it serves it, after its own checks) nor
  confidential.
- Issuing needs a role over the issuing unit (the calling context checks its own rules first).
- Issuer profiles and party terms are kept by the unit's administrators.
- Templates are shared by every unit of the deployment: only superusers and administrators of a
  top unit (one with no unit above it) change them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from danvan.core import audit
from danvan.core.actors import Actor, user_of
from danvan.documents.models import IssuedDocument
from danvan.organizations import policies as org_policies
from danvan.organizations import selectors as org_selectors
from danvan.organizations.models import Unit
from danvan.organizations.policies import AnyUser
from danvan.organizations.roles import Role


def visible_documents(user: AnyUser | None) -> QuerySet[IssuedDocument]:
    """Issued documents of the units where the person holds a role (superusers included: the
    flag itself gives none)."""
    person = user_of(user)
    if person is None or not person.is_active:
        return IssuedDocument.objects.none()
    return IssuedDocument.objects.filter(unit_id__in=org_policies.unit_ids_where(user, list(Role)))


def can_view_document(user: AnyUser | None, document: IssuedDocument) -> bool:
    return document.unit_id in org_policies.unit_ids_where(user, list(Role))


def register_serves_file(document: IssuedDocument) -> bool:
    """The register (and the admin) serve a file only if it is neither restricted nor
    confidential; restricted files are served by the context that issued them."""
    return not (document.restricted or document.confidential)


def can_download_from_register(user: AnyUser | None, document: IssuedDocument) -> bool:
    """``register_serves_file`` and the person may see the document."""
    return register_serves_file(document) and can_view_document(user, document)


def can_issue(actor: Actor, unit: Unit) -> bool:
    """Issue a document for ``unit``: the platform itself, a superuser, or a person with a role
    over the unit. (Issuing writes; what it writes about a letter the calling context has
    checked, and reading the result back follows ``can_view_document``.)"""
    if actor is audit.SYSTEM:
        return True
    return org_policies.is_superuser(actor) or org_policies.can_view_unit(actor, unit)


def can_manage_issuer(user: AnyUser | None, unit: Unit) -> bool:
    """Keep the unit's issuer profile and party terms: its administrators and superusers."""
    return org_policies.can_manage_unit(user, unit)


def can_edit_templates(user: AnyUser | None) -> bool:
    """Change the shared templates: superusers and administrators of a top unit."""
    if org_policies.is_superuser(user):
        return True
    admin_units = {
        unit_id for unit_id, role in org_policies.active_roles(user) if role == Role.ADMINISTRATOR
    }
    return any(
        org_selectors.parent(unit) is None for unit in Unit.objects.filter(pk__in=admin_units)
    )


def can_sign(user: AnyUser | None, document: IssuedDocument) -> bool:
    """Sign a draft: the person named to sign it, or, when none is named, a leader of the
    issuing unit (the head or a deputy signs, NĐ 30/2020 Art. 13)."""
    person = user_of(user)
    if person is None or not person.is_active or document.status != "awaiting_signature":
        return False
    if document.signer_user_id is not None:
        return bool(document.signer_user_id == person.pk)
    return document.unit_id in org_policies.unit_ids_where(user, [Role.UNIT_LEADER])


#: Who numbers, dates and issues the unit's documents (the clerk, văn thư): its receiving
#: officers, who keep the registers of letters in and documents out, and its administrators.
CLERK_ROLES = (Role.RECEIVING_OFFICER, Role.ADMINISTRATOR)


def can_release(user: AnyUser | None, document: IssuedDocument) -> bool:
    """Number, date and issue a signed document, or record a signature on paper: the clerks
    of the issuing unit (``CLERK_ROLES``), and the platform itself (the demo loader)."""
    if user is audit.SYSTEM:
        return True
    person = user_of(user)
    if person is None or not person.is_active:
        return False
    return document.unit_id in org_policies.unit_ids_where(user, list(CLERK_ROLES))


def documents_to_sign(user: AnyUser | None) -> QuerySet[IssuedDocument]:
    person = user_of(user)
    if person is None or not person.is_active:
        return IssuedDocument.objects.none()
    led = org_policies.unit_ids_where(user, [Role.UNIT_LEADER])
    return IssuedDocument.objects.filter(status="awaiting_signature").filter(
        Q(signer_user=person) | Q(signer_user__isnull=True, unit_id__in=led)
    )


def documents_to_release(user: AnyUser | None) -> QuerySet[IssuedDocument]:
    """Documents the person, as a clerk, may record as signed on paper or issue."""
    person = user_of(user)
    if person is None or not person.is_active:
        return IssuedDocument.objects.none()
    units = org_policies.unit_ids_where(user, list(CLERK_ROLES))
    return IssuedDocument.objects.filter(
        status__in=["awaiting_signature", "signed"], unit_id__in=units
    )


def can_manage_trust(user: AnyUser | None) -> bool:
    """Keep the trust list of certification authorities: as the shared templates."""
    return can_edit_templates(user)
