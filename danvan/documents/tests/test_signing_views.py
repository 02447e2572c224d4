"""The signing pages: the queue shows each person what waits for them; the document's page
offers only the actions the person may take now, refuses others on the server, and keeps the
form and a clear message when the upload is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.core.models import AuditEntry
from danvan.documents import issuing, services
from danvan.documents.testing import PASSPHRASE, TestAuthority
from danvan.documents.tests.conftest import NOTICE_CONTEXT
from danvan.organizations.roles import Position, Role
from danvan.organizations.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(state_unit):
    leader = UserFactory(username="lanh.dao.ky", full_name="Nguyễn Thị Lan Anh")
    clerk = UserFactory(username="van.thu", full_name="Đỗ Minh Thư")
    outsider = UserFactory(username="ngoai.don.vi", full_name="Hoàng Văn Khác")
    MembershipFactory(user=leader, unit=state_unit, role=Role.UNIT_LEADER, position=Position.HEAD)
    MembershipFactory(user=clerk, unit=state_unit, role=Role.RECEIVING_OFFICER)
    MembershipFactory(user=outsider, role=Role.UNIT_LEADER)
    return {"leader": leader, "clerk": clerk, "outsider": outsider}


@pytest.fixture
def draft(state_unit, superuser):
    return services.document_draft(
        unit=state_unit,
        template_key="documents_tests.notice",
        context=NOTICE_CONTEXT,
        actor=superuser,
    )


def _login(client, user):
    client.force_login(user)
    return client


def test_the_queue_shows_drafts_to_the_leader_and_to_the_clerk_only(client, people, draft):
    url = reverse("documents:signatures")
    page = _login(client, people["leader"]).get(url).content.decode()
    assert reverse("documents:signing", args=[draft.pk]) in page
    client.logout()
    page = _login(client, people["clerk"]).get(url).content.decode()
    assert reverse("documents:signing", args=[draft.pk]) in page
    client.logout()
    page = _login(client, people["outsider"]).get(url).content.decode()
    assert reverse("documents:signing", args=[draft.pk]) not in page
    assert (
        _login(client, people["outsider"])
        .get(reverse("documents:signing", args=[draft.pk]))
        .status_code
        == 404
    )


def test_the_leader_sees_signing_forms_and_no_issue_form(client, people, draft):
    page = _login(client, people["leader"]).get(reverse("documents:signing", args=[draft.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'value="upload"' in text
    assert 'value="release"' not in text
    assert 'value="paper"' not in text


def test_paper_signature_then_issue_through_the_page(client, people, draft):
    url = reverse("documents:signing", args=[draft.pk])
    client = _login(client, people["clerk"])
    refused = client.post(url, {"action": "paper"})  # the confirmation is required
    assert refused.status_code == 400
    draft.refresh_from_db()
    assert draft.status == "awaiting_signature"
    assert client.post(url, {"action": "paper", "confirm": "on"}).status_code == 302
    response = client.post(url, {"action": "release", "confirm": "on"}, follow=True)
    draft.refresh_from_db()
    assert draft.status == "issued"
    assert draft.symbol == "01/TB-VP"
    assert "01/TB-VP" in response.content.decode()


def test_a_leader_cannot_issue_by_posting(client, people, draft):
    issuing.sign_on_paper(draft, actor=people["clerk"])
    url = reverse("documents:signing", args=[draft.pk])
    response = _login(client, people["leader"]).post(url, {"action": "release", "confirm": "on"})
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == "signed"


def test_an_untrusted_upload_is_refused_with_a_message_and_recorded(client, people, draft):
    TestAuthority().trust()
    stranger = TestAuthority("CA lạ")
    pdf = issuing.draft_pdf(draft, actor=people["leader"])
    from danvan.documents import signing

    signed = signing.sign_pdf(
        pdf,
        p12=stranger.pkcs12("Nguyễn Thị Lan Anh"),
        passphrase=PASSPHRASE,
        field_name="NguoiKy",
        label="Ký bởi",
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("documents:signing", args=[draft.pk])
    response = _login(client, people["leader"]).post(
        url,
        {"action": "upload", "signed_pdf": SimpleUploadedFile("ky.pdf", signed, "application/pdf")},
    )
    assert response.status_code == 200
    assert "trusts" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "awaiting_signature"
    assert AuditEntry.objects.filter(
        action="documents.document.signature_refused", target_id=str(draft.pk)
    ).exists()
    not_pdf = SimpleUploadedFile("ky.pdf", b"hello", "application/pdf")
    response = client.post(url, {"action": "upload", "signed_pdf": not_pdf})
    assert response.status_code == 400
    assert "not a PDF" in response.content.decode()
