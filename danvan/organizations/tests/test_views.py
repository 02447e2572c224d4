"""Staff home, unit directory and unit page: happy and forbidden paths, query bounds."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.organizations.roles import Role
from danvan.organizations.tests.factories import CompetenceFactory

pytestmark = pytest.mark.django_db

HOME = "organizations:staff-home"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def test_staff_home_shows_units_roles_and_modules(
    client, small_tree, make_member, django_assert_max_num_queries
):
    m = make_member(Role.ADMINISTRATOR, small_tree["own"], position_title="Phó Trưởng ban")
    make_member(Role.EDITOR, small_tree["own"], user=m.user)
    make_member(Role.INSPECTOR, small_tree["sibling"], user=m.user)
    client.force_login(m.user)
    client.get(reverse(HOME))  # the first use of a year seeds its working-day calendar
    # 8 for the page, 6 for the letters' deadlines block (the person's scope: the units, the
    # cases assigned to them and those they verify; two counts), 2 for the letters' queues (two
    # counts on the same scope), 2 for the proposals' queues, 1 for the header's count of
    # unread notifications, 1 for the reference data's cache tokens (``core.stamps``), 1 for the
    # reports' modules (the units below the person's inspector unit, asked once for the three).
    with django_assert_max_num_queries(21):
        response = client.get(reverse(HOME))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy" in page
    assert "Ủy ban Kiểm tra Tỉnh ủy" in page
    assert "Phó Trưởng ban" in page
    assert "Administrator" in page
    assert "Editor" in page
    assert reverse("organizations:unit-list") in page
    assert reverse("admin:index") in page  # administrators see the administration module


def test_staff_home_hides_administration_from_other_roles(client, small_tree, make_member):
    m = make_member(Role.RECEIVING_OFFICER, small_tree["own"])
    client.force_login(m.user)
    page = client.get(reverse(HOME)).content.decode()
    assert reverse("organizations:unit-list") in page
    assert reverse("admin:index") not in page


def test_citizen_gets_a_friendly_403(client, citizen):
    client.force_login(citizen)
    response = client.get(reverse(HOME))
    assert response.status_code == 403
    assert "staff of the agencies" in response.content.decode()
    assert client.get(reverse("organizations:unit-list")).status_code == 403


def test_citizen_sees_vietnamese_403(client, citizen, settings):
    settings.LANGUAGE_CODE = "vi"
    client.force_login(citizen)
    response = client.get(reverse(HOME))
    assert response.status_code == 403
    assert "cán bộ" in response.content.decode()


@pytest.mark.parametrize("name", [HOME, "organizations:unit-list"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_directory_shows_the_visible_subtree(
    client, small_tree, make_member, unit_link_factory, django_assert_max_num_queries
):
    for _ in range(10):  # breadth does not add queries; each level of depth adds one
        unit_link_factory(parent=small_tree["child"])
    m = make_member(Role.ADMINISTRATOR, small_tree["own"])
    client.force_login(m.user)
    # session, user, OTP devices, 2 for ModelBackend, memberships, 3 levels of descendants,
    # units, links, the header's count of unread notifications
    with django_assert_max_num_queries(12):
        page = client.get(reverse("organizations:unit-list")).content.decode()
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy" in page
    assert "Phòng Dân vận" in page
    assert "Ủy ban Kiểm tra Tỉnh ủy" not in page
    assert page.index("Ban Tuyên giáo và Dân vận Tỉnh ủy") < page.index("Phòng Dân vận")


def test_unit_page_shows_members_only_to_those_allowed(client, small_tree, make_member):
    CompetenceFactory(unit=small_tree["sibling"], legal_basis="Điều lệ Đảng")
    insider = make_member(
        Role.HANDLING_OFFICER, small_tree["sibling"], position_title="Kiểm tra viên"
    )
    outsider = make_member(Role.HANDLING_OFFICER, small_tree["own"])
    url = reverse("organizations:unit-detail", args=[small_tree["sibling"].pk])

    client.force_login(insider.user)
    page = client.get(url).content.decode()
    assert "Kiểm tra viên" in page
    assert "Điều lệ Đảng" in page

    client.force_login(outsider.user)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Điều lệ Đảng" in page  # competences are routing data, open to staff
    assert "Kiểm tra viên" not in page


def test_unknown_unit_is_404(client, small_tree, make_member):
    client.force_login(make_member(Role.EDITOR, small_tree["own"]).user)
    assert client.get(reverse("organizations:unit-detail", args=[999999])).status_code == 404
