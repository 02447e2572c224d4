from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from danvan.accounts.models import User
from danvan.core.models import AuditEntry, CalendarYear
from danvan.documents.models import IssuedDocument, IssuerProfile, PartyTerm
from danvan.letters.models import Case, Letter, Publication, Rating
from danvan.organizations import policies
from danvan.organizations.models import Competence, Membership, Province, Unit, Ward
from danvan.organizations.roles import Role

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            User,
            Unit,
            Membership,
            Competence,
            Province,
            Ward,
            IssuerProfile,
            PartyTerm,
            Letter,
            Case,
            Publication,
            Rating,
            IssuedDocument,
        )
    }


def test_load_demo_is_idempotent_and_prints_one_login_per_role():
    first = StringIO()
    call_command("load_demo", stdout=first)
    after_first = _counts()
    second = StringIO()
    call_command("load_demo", stdout=second)

    assert _counts() == after_first
    assert after_first["Province"] == 34
    assert after_first["Ward"] == 3321
    assert "thêm 0 đơn vị, 0 người dùng, 0 vai trò và 0 thẩm quyền" in second.getvalue()
    assert "0 thông tin cơ quan ban hành, 0 nhiệm kỳ và 0 đơn mẫu" in second.getvalue()
    assert "/tra-cuu/" not in second.getvalue()
    assert after_first["Letter"] >= 12
    output = first.getvalue()
    for username in ("tiepnhan", "xuly", "lanhdao", "kiemtra", "bientap", "quantri", "congdan"):
        assert username in output
    assert "DanVan@2026" in output


def test_every_demo_login_works_and_holds_its_role():
    call_command("load_demo", stdout=StringIO())
    expected = {
        "tiepnhan": Role.RECEIVING_OFFICER,
        "xuly": Role.HANDLING_OFFICER,
        "lanhdao": Role.UNIT_LEADER,
        "kiemtra": Role.INSPECTOR,
        "bientap": Role.EDITOR,
        "quantri": Role.ADMINISTRATOR,
    }
    for username, role in expected.items():
        user = authenticate(RequestFactory().post("/"), username=username, password="DanVan@2026")
        assert user is not None, username
        assert Membership.objects.filter(user=user, role=role).active_on().exists()
        assert user.has_perm("accounts.access_staff_area")
    citizen = authenticate(RequestFactory().post("/"), username="congdan", password="DanVan@2026")
    assert citizen is not None
    assert not citizen.has_perm("accounts.access_staff_area")
    assert not policies.is_official(citizen)


def test_demo_tree_records_the_2025_merger_and_reference_data():
    call_command("load_demo", stdout=StringIO())
    merged = Unit.objects.get(code="hn-btgdv")
    for old in Unit.objects.filter(code__in=["hn-ban-tuyen-giao", "hn-ban-dan-van"]):
        assert old.effective_to == merged.effective_from
    assert CalendarYear.objects.exists()
    assert AuditEntry.objects.filter(action__startswith="organizations.").exists()


def test_load_demo_refuses_a_production_deployment_and_writes_nothing(settings):
    settings.DANVAN_ENV = "production"
    before = _counts()
    with pytest.raises(CommandError, match="DANVAN_ENV=production"):
        call_command("load_demo", stdout=StringIO())
    assert _counts() == before
