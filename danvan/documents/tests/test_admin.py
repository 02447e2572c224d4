"""The admin site: scoped issuer settings written through the services, templates validated and
limited to top administrators, the register read-only with permission-checked downloads."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from danvan.core.models import AuditEntry
from danvan.documents import services, testing
from danvan.documents.models import DocumentTemplate, IssuerProfile, PartyTerm
from danvan.documents.tests.conftest import NOTICE, NOTICE_CONTEXT
from danvan.organizations.roles import Role
from danvan.organizations.tests.factories import UnitFactory, UnitLinkFactory, UserFactory, fresh

pytestmark = pytest.mark.django_db


def _grant_admin(unit, superuser):
    """An administrator as the organisations services make one (with access to the admin site):
    granted by the platform itself, as the demo loader does; no person grants the role without a
    second administrator's approval (``organizations.services.membership_grant``)."""
    from danvan.core.actors import SYSTEM
    from danvan.organizations import services as org_services

    person = UserFactory()
    org_services.membership_grant(actor=SYSTEM, user=person, unit=unit, role=Role.ADMINISTRATOR)
    return fresh(person)


@pytest.fixture
def unit_admin(state_unit, superuser):
    """An administrator of the Văn phòng (a unit with a unit above it)."""
    return _grant_admin(state_unit, superuser)


@pytest.fixture
def top_admin(superuser):
    return _grant_admin(UnitFactory(name="Ủy ban nhân dân tỉnh Thử nghiệm"), superuser)


def _profile_form(unit, **overrides):
    data = {
        "unit": unit.pk,
        "symbol": "TTr",
        "drafting_symbol": "",
        "place": "Hà Nội",
        "parent_body_line": "UBND THÀNH PHỐ HÀ NỘI",
        "body_line": "THANH TRA THÀNH PHỐ",
        "issuing_authority": "",
        "signer_authority": "KT. CHÁNH THANH TRA",
        "signer_position": "PHÓ CHÁNH THANH TRA",
        "signer_name": "Vũ Quốc Hưng",
        "margin_top_mm": "",
        "margin_bottom_mm": "",
        "margin_left_mm": "",
        "margin_right_mm": "",
        "party_date_zero_pad": "on",
        "archive_line": "",
    }
    data.update(overrides)
    return data


def test_an_administrator_keeps_the_profiles_of_their_units_only(client, state_unit, unit_admin):
    child = UnitFactory(name="Phòng Tiếp công dân", kind="state_office")
    UnitLinkFactory(parent=state_unit, child=child)
    elsewhere = UnitFactory(name="Sở Xây dựng")
    IssuerProfile.objects.create(unit=elsewhere, symbol="SXD", place="Hà Nội")
    client.force_login(unit_admin)

    page = client.get(reverse("admin:documents_issuerprofile_changelist")).content.decode()
    assert "Sở Xây dựng" not in page
    response = client.post(reverse("admin:documents_issuerprofile_add"), _profile_form(child))
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = IssuerProfile.objects.get(unit=child)
    assert profile.updated_by == unit_admin
    assert AuditEntry.objects.filter(
        action="documents.issuer_profile.created", target_id=str(profile.pk)
    ).exists()

    response = client.post(reverse("admin:documents_issuerprofile_add"), _profile_form(elsewhere))
    assert response.status_code == 200  # the unit is not among the choices
    assert "unit" in response.context["adminform"].form.errors


def test_state_margins_outside_decree_30_are_refused(client, state_unit, unit_admin):
    child = UnitFactory(name="Phòng Tiếp công dân", kind="state_office")
    UnitLinkFactory(parent=state_unit, child=child)
    client.force_login(unit_admin)
    response = client.post(
        reverse("admin:documents_issuerprofile_add"),
        _profile_form(child, margin_left_mm="20", symbol="TTr-1"),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "margin_left_mm" in errors
    assert "symbol" in errors
    assert not IssuerProfile.objects.filter(unit=child).exists()


def test_overlapping_party_terms_are_refused(client, party_tree, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:documents_partyterm_add"),
        {
            "unit": party_tree["committee"].pk,
            "name": "2024-2029",
            "starts_on": "2024-01-01",
            "ends_on": "",
        },
    )
    assert response.status_code == 200
    assert "overlaps" in response.content.decode()
    response = client.post(
        reverse("admin:documents_partyterm_add"),
        {
            "unit": party_tree["committee"].pk,
            "name": "2015-2020",
            "starts_on": "2015-10-01",
            "ends_on": "2020-10-15",
        },
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="documents.party_term.created").count() == 1
    assert PartyTerm.objects.filter(unit=party_tree["committee"]).count() == 3


def test_the_template_list_shows_every_registered_default(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:documents_documenttemplate_changelist")).content.decode()
    assert NOTICE.key in page
    assert DocumentTemplate.objects.filter(key=NOTICE.key, customised=False).exists()


def test_a_template_with_an_unknown_field_is_refused_in_the_admin(client, top_admin):
    services.document_templates_sync()
    row = DocumentTemplate.objects.get(key=NOTICE.key)
    client.force_login(top_admin)
    url = reverse("admin:documents_documenttemplate_change", args=[row.pk])
    form = {
        "title": "THÔNG BÁO",
        "summary": row.summary,
        "body": "Kính gửi: {recipient.__class__.__init__.__globals__}",
        "recipients": "{recipient}",
        "active": "on",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert "body" in response.context["adminform"].form.errors
    row.refresh_from_db()
    assert not row.customised

    form["body"] = "Kính gửi: {recipient}\nNội dung mới theo {legal_basis}./."
    response = client.post(url, form)
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.customised
    assert row.updated_by == top_admin


def test_only_top_administrators_change_the_shared_templates(client, unit_admin):
    services.document_templates_sync()
    row = DocumentTemplate.objects.get(key=NOTICE.key)
    client.force_login(unit_admin)
    url = reverse("admin:documents_documenttemplate_change", args=[row.pk])
    assert client.get(url).status_code == 200  # may look
    response = client.post(url, {"title": "X", "summary": "", "body": "Y", "active": "on"})
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.body == NOTICE.body


def test_administrators_read_the_register_and_download_plain_files(
    client, state_unit, unit_admin, superuser
):
    plain, restricted = (
        testing.issue_now(
            unit=state_unit,
            template_key=NOTICE.key,
            context=NOTICE_CONTEXT,
            actor=superuser,
            restricted=flag,
        )
        for flag in (False, True)
    )
    client.force_login(unit_admin)
    page = client.get(reverse("admin:documents_issueddocument_changelist")).content.decode()
    download = reverse("admin:documents_issueddocument_download", args=[plain.pk])
    assert download in page
    assert reverse("admin:documents_issueddocument_download", args=[restricted.pk]) not in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == services.DOCX_CONTENT_TYPE
    blocked = reverse("admin:documents_issueddocument_download", args=[restricted.pk])
    assert client.get(blocked).status_code == 403
    change = reverse("admin:documents_issueddocument_change", args=[plain.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"summary": "sửa"}).status_code == 403
    assert client.get(reverse("admin:documents_issueddocument_add")).status_code == 403


@time_machine.travel(dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC), tick=False)
def test_register_permissions_follow_the_roles(client, state_unit, officer, make_member):
    from danvan.documents.models import IssuedDocument

    leader = fresh(make_member(Role.UNIT_LEADER, state_unit).user)
    assert leader.has_perm("documents.view_issueddocument")
    assert not fresh(officer).has_perm("documents.view_issueddocument")
    doc = testing.issue_now(
        unit=state_unit, template_key=NOTICE.key, context=NOTICE_CONTEXT, actor=officer
    )
    # Staff who may not open the admin site are sent to its login page, never served the file.
    for person in (officer, leader):
        client.force_login(fresh(person))
        download = reverse("admin:documents_issueddocument_download", args=[doc.pk])
        assert client.get(download).status_code == 302
    assert IssuedDocument.objects.count() == 1
