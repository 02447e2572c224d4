"""Staff pages of the audit trail: who may see them, filters, pagination, query count."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.core import audit, modules, policies
from danvan.core.models import AuditEntry

pytestmark = pytest.mark.django_db

LIST_URL = "/staff/audit/"
TZ = timezone.get_default_timezone()


def _user(username: str, *, can_view: bool = False, **extra):
    user = get_user_model().objects.create_user(username=username, password=None, **extra)
    if can_view:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="core", codename="view_auditentry")
        )
    return get_user_model().objects.get(pk=user.pk)  # fresh: no cached permissions


@pytest.fixture
def inspector():
    return _user("kiemtra.vien", can_view=True)


@pytest.fixture
def officer():
    # Staff: the trail names staff, never a citizen (who may be a denouncer).
    return _user("chuyenvien.xuly", is_staff=True)


@pytest.fixture
def entry(officer):
    return audit.record(
        action="letters.case.assigned",
        actor=officer,
        target=officer,
        fields=["assignee"],
        reason="Phân công xử lý",
        extra={"unit": 3},
    )


# --- policies ----------------------------------------------------------------------------------


def test_can_view_audit_needs_the_permission(inspector, officer):
    superuser = get_user_model().objects.create_superuser(username="quantri", password="x-Pw-12")
    inactive = _user("nghi.viec", can_view=True, is_active=False)
    assert policies.can_view_audit(inspector)
    # The flag alone opens no trail: it records who read which denouncer's identity (Luật Tố
    # cáo 2018 Arts. 8(3), 47); a superuser reads it through a role like anyone else.
    assert not policies.can_view_audit(superuser)
    assert not policies.can_view_audit(officer)
    assert not policies.can_view_audit(inactive)
    assert not policies.can_view_audit(AnonymousUser())


def test_visible_entries_are_all_or_nothing(inspector, officer, entry):
    assert list(policies.visible_audit_entries(inspector)) == [entry]
    assert not policies.visible_audit_entries(officer).exists()


def test_module_is_registered_for_those_who_may_view(inspector, officer):
    assert "core.audit" in {m.key for m in modules.modules_for(inspector)}
    assert "core.audit" not in {m.key for m in modules.modules_for(officer)}
    module = next(m for m in modules.all_modules() if m.key == "core.audit")
    assert reverse(module.url_name) == LIST_URL


# --- list page ---------------------------------------------------------------------------------


def test_list_url_name():
    assert reverse("core:audit-list") == LIST_URL


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_staff_without_the_permission_is_forbidden(client, officer, entry):
    client.force_login(officer)
    response = client.get(LIST_URL)
    assert response.status_code == 403
    assert "letters.case.assigned" not in response.content.decode()


def test_inspector_sees_entries_newest_first_in_an_accessible_table(client, inspector, entry):
    newer = audit.record(action="letters.case.resolved", actor=inspector, fields=["status"])
    client.force_login(inspector)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<caption id="audit-table-caption">' in html
    assert 'scope="col"' in html
    assert html.index(f"/staff/audit/{newer.pk}/") < html.index(f"/staff/audit/{entry.pk}/")
    assert "Phân công xử lý vụ việc" in html  # the action by its label
    assert "<td>letters.case.assigned</td>" not in html
    assert "chuyenvien.xuly" in html
    for name in ("q", "action", "date_from", "date_to"):
        assert f'<label for="id_{name}">' in html


def test_a_superuser_without_the_permission_gets_403(client, entry):
    """Being a superuser is no reason to read the trail (Luật Tố cáo 2018 Arts. 8(3), 47)."""
    client.force_login(get_user_model().objects.create_superuser(username="qt", password="x-Pw-12"))
    assert client.get(LIST_URL).status_code == 403
    assert client.get(f"{LIST_URL}{entry.pk}/").status_code == 403


def _shown_ids(response) -> list[int]:
    return [e.pk for e in response.context["entries"]]


def _shown_of(response, entries) -> list[int]:
    """The ids of ``entries`` that the page shows, in the page's order.

    Other contexts write entries too (signing in records one), so the tests look only at theirs.
    """
    ids = {e.pk for e in entries}
    return [pk for pk in _shown_ids(response) if pk in ids]


@pytest.fixture
def varied_entries(officer):
    leader = _user("lanhdao.donvi", is_staff=True, full_name="Trần Thị Lãnh")
    with time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=TZ), tick=False):
        a = audit.record(action="letters.case.opened", actor=officer, target=officer)
    with time_machine.travel(dt.datetime(2026, 3, 12, 23, 30, tzinfo=TZ), tick=False):
        b = audit.record(action="letters.case.assigned", actor=leader, target=leader)
    with time_machine.travel(dt.datetime(2026, 3, 15, 8, 0, tzinfo=TZ), tick=False):
        c = audit.record(action="accounts.user.updated", actor=audit.SYSTEM, target=officer)
    return a, b, c


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "letters.case.assigned"}, "b"),
        ({"action": "letters.case.opened"}, "a"),
        ({"target_type": "accounts.user"}, "cba"),
        ({"target_type": "organizations.unit"}, ""),
        ({"q": "LANHDAO.DONVI"}, "b"),
        ({"q": "tran thi lanh"}, "b"),  # a name, accents and case aside
        ({"q": "Lãnh"}, "b"),
        ({"date_from": "2026-03-12"}, "cb"),
        ({"date_to": "2026-03-12"}, "ba"),  # 23:30 local time on the 12th is still the 12th
        ({"date_from": "2026-03-11", "date_to": "2026-03-14"}, "b"),
        ({"q": "chuyenvien", "date_to": "2026-03-11"}, "a"),
    ],
)
def test_filters_narrow_the_list(client, inspector, varied_entries, query, expected):
    by_letter = dict(zip("abc", varied_entries, strict=True))
    client.force_login(inspector)
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    assert _shown_of(response, varied_entries) == [by_letter[ch].pk for ch in expected]


def test_action_filter_finds_entries_written_under_names_from_before_the_scheme(
    client, inspector, monkeypatch
):
    new = audit.record(action="organizations.unit.created", actor=inspector)
    with monkeypatch.context() as m:  # the trail keeps the names it was given back then
        m.setattr(audit, "is_action_name", lambda name: True)
        old = audit.record(action="organizations.unit_created", actor=inspector)
        other = audit.record(action="organizations.unit_updated", actor=inspector)
    audit.record(action="organizations.membership.granted", actor=inspector)
    entries = [new, old, other]
    client.force_login(inspector)
    cases = {
        "organizations.unit.created": [old.pk, new.pk],
        "organizations.unit.updated": [other.pk],
        "organizations.unit.dissolved": [],
    }
    for query, expected in cases.items():
        response = client.get(LIST_URL, {"action": query})
        assert _shown_of(response, entries) == expected, query


def test_names_matching_gives_the_other_spellings():
    assert audit.names_matching("accounts.login.failed") == {"accounts.login_failed"}
    assert audit.names_matching("accounts.login_failed") == {"accounts.login.failed"}
    assert audit.names_matching("accounts.login.") == {
        "accounts.login_succeeded",
        "accounts.login_failed",
        "accounts.login_locked_out",
    }
    assert audit.names_matching("letters.case.assigned") == frozenset()
    assert audit.names_matching("") == frozenset()


def test_filter_by_object_id(client, inspector, officer, varied_entries):
    client.force_login(inspector)
    response = client.get(LIST_URL, {"target_type": "accounts.user", "target_id": officer.pk})
    a, _b, c = varied_entries
    assert _shown_of(response, varied_entries) == [c.pk, a.pk]


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "không phải ngày"},
        {"date_from": "0001-01-01"},
        {"date_to": "9999-12-31"},
        {"date_from": "2026-03-14", "date_to": "2026-03-11"},
        {"page": "abc"},
        {"page": "99999"},
        {"action": "x" * 500},
        {"action": "letters."},  # a code prefix is no action
        {"q": "x" * 500},
    ],
)
def test_bad_filters_give_a_message_not_an_error(client, inspector, varied_entries, query):
    client.force_login(inspector)
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    if "page" not in query:
        assert response.context["form"].errors


def test_list_is_paginated_by_fifty(client, inspector):
    for i in range(51):
        audit.record(action="core.calendar_day.changed", extra={"i": i})
    client.force_login(inspector)
    query = {"action": "core.calendar_day.changed"}
    first = client.get(LIST_URL, query)
    assert len(first.context["entries"]) == 50
    html = first.content.decode()
    assert "page=2" in html
    assert "action=core.calendar_day.changed" in html  # the filter is kept when paging
    second = client.get(LIST_URL, {**query, "page": 2})
    assert len(second.context["entries"]) == 1
    assert second.context["entries"][0].entry.extra == {"i": 0}


def test_list_query_count_does_not_grow_with_entries(
    client, inspector, officer, django_assert_max_num_queries
):
    client.force_login(inspector)
    audit.record(action="tests.entry.one", actor=officer, target=officer)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST_URL)
    for i in range(40):
        user = _user(f"nguoi.dung{i}")
        audit.record(action="tests.entry.many", actor=user, target=user)
    with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as many:
        response = client.get(LIST_URL)
    assert response.context["page_obj"].paginator.count == AuditEntry.objects.count()
    assert len(response.context["entries"]) > 40
    assert len(many) == len(few)


# --- detail page -------------------------------------------------------------------------------


def test_detail_shows_the_entry(client, inspector, entry):
    following = audit.record(action="letters.case.resolved", actor=inspector)
    client.force_login(inspector)
    response = client.get(reverse("core:audit-detail", args=[following.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert following.entry_hash in html
    assert following.prev_hash in html
    assert f'href="/staff/audit/{entry.pk}/"' in html  # link to the previous entry
    response = client.get(reverse("core:audit-detail", args=[entry.pk]))
    html = response.content.decode()
    assert "Phân công xử lý" in html
    assert "assignee" in html
    assert '<dl class="summary-list">' in html


def test_detail_is_forbidden_without_the_permission(client, officer, entry):
    url = reverse("core:audit-detail", args=[entry.pk])
    assert client.get(url).status_code == 302
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 403
    assert entry.entry_hash not in response.content.decode()


def test_detail_of_a_missing_entry_is_404(client, inspector):
    client.force_login(inspector)
    assert client.get(reverse("core:audit-detail", args=[424242])).status_code == 404


def test_public_actor_shows_as_public_not_a_name(client, inspector, rf):
    request = rf.get("/", REMOTE_ADDR="203.0.113.7")
    request.user = AnonymousUser()
    public = audit.record(action="letters.letter.submitted", request=request)
    client.force_login(inspector)
    html = client.get(reverse("core:audit-detail", args=[public.pk])).content.decode()
    assert public.actor_ip_hash in html
    assert "203.0.113.7" not in html
    assert AuditEntry.objects.get(pk=public.pk).actor_kind == AuditEntry.ActorKind.PUBLIC
