"""Every admin page an administrator can reach renders, on the demo data, without a server error."""

from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from danvan.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def _admin_urls():
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        yield reverse("admin:{}_{}_changelist".format(*info))
        yield reverse("admin:{}_{}_changelist".format(*info)) + "?q=Hà+Nội&o=1"
        try:
            add_url = reverse("admin:{}_{}_add".format(*info))
        except NoReverseMatch:  # read-only admins have no add page
            add_url = ""
        if add_url:
            yield add_url
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            yield reverse("admin:{}_{}_change".format(*info), args=[obj.pk])


def test_superuser_reaches_every_admin_page_without_a_server_error(demo, client):
    client.force_login(User.objects.get(username="quantri"))
    assert client.get("/admin/").status_code == 200
    failures = []
    for url in _admin_urls():
        status = client.get(url).status_code
        if status >= 500 or status == 404:
            failures.append((url, status))
    assert failures == []


def test_unit_administrator_without_superuser_rights_gets_no_server_error(demo, client):
    from danvan.organizations import services
    from danvan.organizations.models import Unit
    from danvan.organizations.roles import Role

    officer = User.objects.get(username="xuly")
    from danvan.core.actors import SYSTEM

    # The platform grants it: the demo superuser, a person, gives it only through a proposal.
    services.membership_grant(
        actor=SYSTEM,
        user=officer,
        unit=Unit.objects.get(code="hn-ubnd"),
        role=Role.ADMINISTRATOR,
    )
    officer.refresh_from_db()
    client.force_login(officer)
    assert client.get("/admin/").status_code == 200
    for url in _admin_urls():
        assert client.get(url).status_code < 500, url
