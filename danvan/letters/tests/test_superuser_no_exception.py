"""Being a superuser opens nothing about letters: no protected letter's page, signers, case file,
documents (on the staff pages or in the admin), export rows or audit trail of identity reads. A
superuser reads them only by holding a role, which no one gives himself (Luật Tố cáo 2018
Arts. 8(3), 47, 56)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danvan.accounts.models import User
from danvan.core.models import AuditEntry
from danvan.documents import policies as document_policies
from danvan.documents.testing import issue_drafts_about
from danvan.letters import policies, selectors
from danvan.letters.choices import LetterKind
from danvan.letters.models import Case, Letter
from danvan.letters.services import cases, handling
from danvan.letters.tests.conftest import DENOUNCER, MakeLetter, Office
from danvan.organizations.tests import factories as org

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

IDENTITY = [DENOUNCER.full_name, DENOUNCER.phone, DENOUNCER.email, DENOUNCER.id_number]
DENIED = {302, 403, 404}  # the admin sends an unknown object back to its index (302)


@pytest.fixture
def root(db: Any) -> User:
    """A superuser who holds no role in any unit (and may open the admin site)."""
    return org.fresh(org.UserFactory(is_superuser=True, is_staff=True))


@pytest.fixture
def accepted(make_letter: MakeLetter, office: Office) -> Case:
    """A denunciation accepted, assigned to a handler, its signers read once (audited); its
    acceptance notice is addressed to the denouncer (a restricted document)."""
    letter = make_letter(
        kind=LetterKind.DENUNCIATION,
        signers=[DENOUNCER],
        content=f"Tôi là {DENOUNCER.full_name}. Tôi tố cáo ông Nguyễn Văn X nhận tiền.",
        subject="Tố cáo cán bộ địa chính",
        received_on=dt.date(2026, 9, 1),
    )
    letter = handling.letter_classify(
        letter=letter,
        actor=office.receiver,
        data=handling.Classification(
            kind="denunciation", competent_unit=office.unit, summary="Tố cáo cán bộ địa chính"
        ),
    )
    selectors.signers_for(viewer=office.receiver, letter=letter, purpose="classify")
    case = handling.letter_accept(
        letter=letter, actor=office.leader, accepted_on=dt.date(2026, 9, 2)
    )
    issue_drafts_about(
        cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    )  # the notices are signed and numbered before they go out
    issue_drafts_about(
        cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk]).letter
    )
    return cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])


def test_the_policies_give_a_superuser_nothing(accepted: Case, root: User) -> None:
    letter = Letter.objects.get(pk=accepted.letter_id)
    assert letter.identity_protected
    assert not policies.can_view_letter(root, letter)
    assert not policies.can_view_identity(root, letter)
    assert not policies.LetterPolicy(root).can_read_case_file(accepted)
    with pytest.raises(selectors.IdentityHiddenError):
        selectors.signers_for(viewer=root, letter=letter)
    assert selectors.letter_text_for(viewer=root, letter=letter) == letter.content_redacted
    notice = letter.handling_document
    assert notice is not None
    assert notice.restricted
    assert not document_policies.can_view_document(root, notice)
    assert not document_policies.visible_documents(root).exists()


def test_a_superuser_gets_no_staff_page_of_the_letter(
    client: Any, accepted: Case, root: User
) -> None:
    letter = Letter.objects.get(pk=accepted.letter_id)
    notice = letter.handling_document
    assert notice is not None
    client.force_login(root)
    urls = [
        reverse("letters:staff-letter-detail", args=[letter.pk]),
        reverse("letters:staff-case-detail", args=[accepted.pk]),
        reverse("letters:staff-case-file", args=[accepted.pk]),
        reverse("letters:staff-case-file-pdf", args=[accepted.pk]),
        reverse("letters:staff-letter-document", args=[letter.pk, notice.pk]),
        reverse("letters:staff-letter-document-pdf", args=[letter.pk, notice.pk]),
        reverse("documents:download", args=[notice.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in {403, 404}, url
        assert all(value not in response.content.decode() for value in IDENTITY), url
    # The letters list and the register do not list it either.
    for url in (reverse("letters:staff-letter-list"), reverse("documents:register")):
        page = client.get(url).content.decode()
        assert letter.register_label not in page
        assert notice.symbol not in page


def test_the_export_has_no_row_for_a_superuser(client: Any, accepted: Case, root: User) -> None:
    client.force_login(root)
    response = client.get(reverse("letters:staff-letter-export"))
    assert response.status_code in {200, 403}
    if response.status_code == 200:
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        assert sheet.max_row == 1  # the headers only


def test_the_admin_shows_a_superuser_no_restricted_document(
    client: Any, accepted: Case, root: User, office: Office, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "en"
    notice = Letter.objects.get(pk=accepted.letter_id).handling_document
    assert notice is not None
    client.force_login(root)
    for url in (
        reverse("admin:documents_issueddocument_change", args=[notice.pk]),
        reverse("admin:documents_issueddocument_download", args=[notice.pk]),
        reverse("admin:documents_issueddocument_download_pdf", args=[notice.pk]),
    ):
        assert client.get(url).status_code in DENIED, url
    listing = client.get(reverse("admin:documents_issueddocument_changelist")).content.decode()
    assert notice.symbol not in listing
    # An administrator of the unit sees the row, but neither its file nor its summary.
    office.admin.is_staff = True
    office.admin.save(update_fields=["is_staff"])
    client.force_login(office.admin)
    page = client.get(reverse("admin:documents_issueddocument_change", args=[notice.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "With the case file" in html
    assert notice.summary not in html
    for url in (
        reverse("admin:documents_issueddocument_download", args=[notice.pk]),
        reverse("admin:documents_issueddocument_download_pdf", args=[notice.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_a_superuser_does_not_read_the_audit_trail_of_identity_reads(
    client: Any, accepted: Case, root: User
) -> None:
    entry = AuditEntry.objects.filter(action="letters.identity.read").latest("id")
    client.force_login(root)
    for url in (
        reverse("core:audit-list"),
        reverse("core:audit-list") + "?action=letters.identity",
        reverse("core:audit-detail", args=[entry.pk]),
        reverse("admin:core_auditentry_changelist"),
        reverse("admin:core_auditentry_change", args=[entry.pk]),
    ):
        assert client.get(url).status_code in {403, 404}, url


def test_the_admin_has_no_screen_for_letters_or_signers(client: Any, root: User) -> None:
    """The admin is not a place to read identities: no letter, signer or case screen."""
    from django.contrib import admin

    from danvan.letters import models

    registered = set(admin.site._registry)
    for name in ("Letter", "Signer", "Case", "Attachment"):
        model = getattr(models, name, None)
        if model is not None:
            assert model not in registered, name


def test_the_accounts_admin_gives_no_permission_round_the_roles(root: User) -> None:
    """Neither groups nor permissions are set on an account in the admin (they would bypass the
    second approval of a role), and an account holding every Django permission still reads no
    identity: the letters' policies look at roles only."""
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/accounts/user/")
    request.user = root
    form = admin.site._registry[User].get_form(request, root)
    assert "user_permissions" not in form.base_fields
    assert "groups" not in form.base_fields
    assert "is_superuser" in form.base_fields


def test_every_django_permission_reads_no_identity(accepted: Case) -> None:
    from django.contrib.auth.models import Permission

    person = org.UserFactory(is_staff=True)
    person.user_permissions.set(Permission.objects.all())
    person = org.fresh(person)
    letter = Letter.objects.get(pk=accepted.letter_id)
    assert not policies.can_view_letter(person, letter)
    assert not policies.can_view_identity(person, letter)
    assert not document_policies.visible_documents(person).exists()
