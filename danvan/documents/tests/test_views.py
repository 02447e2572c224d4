"""The outgoing register page and its downloads: who sees what, junk input, restricted files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from danvan.core.models import AuditEntry
from danvan.documents import services, testing
from danvan.documents.tests.conftest import NOTICE_CONTEXT
from danvan.organizations.roles import Role
from danvan.organizations.tests.factories import MembershipFactory, UnitFactory

pytestmark = pytest.mark.django_db

REGISTER = "documents:register"
TODAY = dt.datetime(2026, 2, 5, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def issued(state_unit, party_tree, superuser):
    """A plain, a restricted and a confidential state document; one party document."""
    with time_machine.travel(TODAY, tick=False):

        def issue(unit, **kwargs):
            return testing.issue_now(
                unit=unit,
                template_key="documents_tests.notice",
                context=NOTICE_CONTEXT,
                actor=superuser,
                **kwargs,
            )

        return {
            "plain": issue(state_unit),
            "restricted": issue(state_unit, restricted=True),
            "confidential": issue(state_unit, confidential=True),
            "party": issue(party_tree["committee"]),
        }


def test_anonymous_visitors_are_sent_to_the_login_page(client, issued):
    for url in (reverse(REGISTER), reverse("documents:download", args=[issued["plain"].pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_a_citizen_gets_the_friendly_403(client, issued):
    from danvan.organizations.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse(REGISTER)).status_code == 403
    url = reverse("documents:download", args=[issued["plain"].pk])
    assert client.get(url).status_code == 403


def test_an_officer_sees_the_register_of_their_unit_only(
    client, issued, officer, django_assert_max_num_queries
):
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(REGISTER))
    assert response.status_code == 200
    page = response.content.decode()
    assert "01/TB-VP" in page
    assert "02/TB-VP" in page
    assert "TB/TU" not in page  # the party committee's register is not theirs
    assert "Confidential" in page
    plain, restricted, confidential = issued["plain"], issued["restricted"], issued["confidential"]
    assert reverse("documents:download", args=[plain.pk]) in page
    assert reverse("documents:download", args=[restricted.pk]) not in page
    assert reverse("documents:download", args=[confidential.pk]) not in page
    assert "With the case file" in page


def test_an_outsider_sees_nothing_of_other_units(client, issued, make_member):
    outsider = make_member(Role.ADMINISTRATOR, UnitFactory(name="Ủy ban nhân dân xã Khác")).user
    client.force_login(outsider)
    page = client.get(reverse(REGISTER)).content.decode()
    assert "TB-VP" not in page
    assert "TB/TU" not in page
    assert "No documents match" in page
    # Asking for another unit by id does not reveal it either.
    other = issued["plain"].unit_id
    page = client.get(reverse(REGISTER), {"unit": other}).content.decode()
    assert "TB-VP" not in page
    for doc in issued.values():
        assert client.get(reverse("documents:download", args=[doc.pk])).status_code == 404


def test_filters_by_unit_year_and_type(client, issued, superuser):
    # A superuser sees a unit's register only by holding a role there, like anyone else.
    for unit in {doc.unit for doc in issued.values()}:
        MembershipFactory(user=superuser, unit=unit, role=Role.EDITOR)
    client.force_login(superuser)
    page = client.get(
        reverse(REGISTER), {"unit": issued["party"].unit_id, "year": 2026, "doc_type": "thong_bao"}
    ).content.decode()
    assert "01-TB/TU" in page
    assert "TB-VP" not in page
    page = client.get(reverse(REGISTER), {"year": 2025}).content.decode()
    assert "No documents match" in page
    page = client.get(reverse(REGISTER), {"doc_type": "quyet_dinh"}).content.decode()
    assert "No documents match" in page


@pytest.mark.parametrize(
    "query",
    [
        "?unit=abc&year=nam-nay&doc_type=%00",
        "?unit=-1&year=-5&page=-1",
        "?unit=99999999999999999999999999&year=99999999999999999999&page=abc",
        "?year=1e9&doc_type=" + "x" * 3000,
        "?unit=%ff%fe&year=%C3%28",
    ],
)
def test_junk_parameters_show_the_page_with_errors_not_a_500(client, issued, superuser, query):
    client.force_login(superuser)
    response = client.get(reverse(REGISTER) + query)
    assert response.status_code == 200
    assert "Please correct the errors below." in response.content.decode()


def test_a_plain_document_downloads_and_the_download_is_audited(client, issued, officer):
    client.force_login(officer)
    doc = issued["plain"]
    response = client.get(reverse("documents:download", args=[doc.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == services.DOCX_CONTENT_TYPE
    assert 'filename="01-TB-VP.docx"' in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content[:2] == b"PK"
    assert AuditEntry.objects.filter(
        action="documents.document.downloaded", target_id=str(doc.pk), actor=officer
    ).exists()


def test_restricted_and_confidential_files_are_not_served_by_the_register(client, issued, officer):
    client.force_login(officer)
    for key in ("restricted", "confidential"):
        url = reverse("documents:download", args=[issued[key].pk])
        assert client.get(url).status_code == 403


def test_a_file_changed_on_disk_is_refused(client, issued, officer, settings):
    doc = issued["plain"]
    path = Path(settings.MEDIA_ROOT) / doc.file.name
    path.write_bytes(path.read_bytes() + b"tampered")
    client.force_login(officer)
    response = client.get(reverse("documents:download", args=[doc.pk]), follow=True)
    assert response.status_code == 200
    assert "has been altered" in response.content.decode()


def test_a_missing_file_is_a_404(client, issued, officer, settings):
    doc = issued["plain"]
    (Path(settings.MEDIA_ROOT) / doc.file.name).unlink()
    client.force_login(officer)
    assert client.get(reverse("documents:download", args=[doc.pk])).status_code == 404


def test_the_staff_home_lists_the_register(client, officer):
    client.force_login(officer)
    page = client.get(reverse("organizations:staff-home")).content.decode()
    assert reverse(REGISTER) in page


def test_the_register_speaks_vietnamese(client, issued, officer, settings):
    settings.LANGUAGE_CODE = "vi"
    client.force_login(officer)
    page = client.get(reverse(REGISTER), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Sổ văn bản đi" in page
