"""Nothing in the application can change or delete the trail; on PostgreSQL, nor can raw SQL."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from danvan.core import audit
from danvan.core.models import AuditEntry
from danvan.core.models.audit import AuditTrailImmutableError

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return audit.record(action="letters.case.accepted", fields=["status"])


def test_saving_a_stored_entry_again_is_refused(entry):
    entry.reason = "sửa lại"
    with pytest.raises(AuditTrailImmutableError, match="append-only"):
        entry.save()
    with pytest.raises(AuditTrailImmutableError):
        AuditEntry.objects.get(pk=entry.pk).save(update_fields=["reason"])
    entry.refresh_from_db()
    assert entry.reason == ""


def test_entries_not_made_by_record_are_refused():
    with pytest.raises(ValueError, match=r"audit\.record\(\)"):
        AuditEntry.objects.create(
            action="tests.entry.forged", actor_kind="system", prev_hash="0" * 64
        )
    assert not AuditEntry.objects.exists()


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(AuditTrailImmutableError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    "operation",
    [
        lambda qs: qs.update(reason="x"),
        lambda qs: qs.delete(),
        lambda qs: qs.filter(action="letters.case.accepted").delete(),
        lambda qs: qs.bulk_update(list(qs), ["reason"]),
        lambda qs: qs.update_or_create(id=1, defaults={"reason": "x"}),
        lambda qs: qs.bulk_create([AuditEntry(action="x", prev_hash="1", entry_hash="2")]),
    ],
)
def test_queryset_bulk_operations_are_refused(entry, operation):
    with pytest.raises(AuditTrailImmutableError):
        operation(AuditEntry.objects.all())
    assert audit.verify_chain() is None
    assert AuditEntry.objects.count() == 1


def _auditor():
    """A person who may read the trail and open the admin (the permission as a role gives it)."""
    user = get_user_model().objects.create_user(
        username="kiemtra", password="x-Pw-12345", is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="core", codename="view_auditentry")
    )
    return get_user_model().objects.get(pk=user.pk)


def test_the_admin_is_read_only(entry):
    request = RequestFactory().get("/admin/core/auditentry/")
    request.user = _auditor()
    model_admin = admin.site._registry[AuditEntry]
    assert model_admin.has_view_permission(request, entry)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    assert not model_admin.get_actions(request)


def test_admin_pages_show_but_do_not_change(client, entry):
    client.force_login(_auditor())
    assert client.get("/admin/core/auditentry/").status_code == 200
    assert client.get(f"/admin/core/auditentry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/core/auditentry/add/").status_code == 403
    response = client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.postgres
def test_postgresql_refuses_a_raw_update(entry):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditentry SET reason = 'x' WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.reason == ""


@pytest.mark.postgres
def test_postgresql_refuses_a_raw_delete(entry):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.postgres
def test_postgresql_refuses_an_unfiltered_update_and_delete(entry):
    for sql in ("UPDATE core_auditentry SET action = 'x'", "DELETE FROM core_auditentry"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert audit.verify_chain() is None
