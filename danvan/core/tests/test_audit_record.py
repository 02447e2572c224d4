"""audit.record(): who, what, which fields, why; and what it refuses to store."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import RequestFactory

from danvan.core import audit
from danvan.core.audit_actions import AuditAction
from danvan.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return get_user_model().objects.create_user(
        username="canbo.tiepnhan", password="x-unused-Pw-123", full_name="Nguyễn Văn Hư Cấu"
    )


def test_signed_in_user_is_recorded_with_object_and_field_names(officer):
    entry = audit.record(
        action="accounts.user.updated",
        actor=officer,
        target=officer,
        fields=["phone", "full_name", "phone"],
        reason="Cập nhật theo đề nghị của cán bộ",
        extra={"unit": 7, "status": "active"},
    )
    entry.refresh_from_db()
    assert entry.actor_kind == AuditEntry.ActorKind.USER
    assert entry.actor == officer
    assert entry.actor_ip_hash == ""
    assert entry.target_type == "accounts.user"
    assert entry.target_id == str(officer.pk)
    assert entry.target_repr == f"accounts.user#{officer.pk}"
    assert entry.fields == ["full_name", "phone"]
    assert entry.extra == {"unit": 7, "status": "active"}
    assert entry.at is not None
    assert entry.at.tzinfo is not None


def test_entry_never_contains_the_person_s_name_or_field_values(officer):
    officer.phone = "0901234567"
    officer.save()
    entry = audit.record(
        action="accounts.user.updated", actor=officer, target=officer, fields=["phone"]
    )
    stored = " ".join(
        str(v) for v in AuditEntry.objects.filter(pk=entry.pk).values().first().values()
    )
    assert "Nguyễn" not in stored
    assert "0901234567" not in stored
    assert str(officer) not in stored


def test_public_actor_is_a_keyed_hash_of_the_ip_never_a_name(settings):
    settings.DANVAN_AUDIT_IP_KEY = "test-audit-key"
    request = RequestFactory().post("/gop-y/", REMOTE_ADDR="203.0.113.9")
    request.user = AnonymousUser()
    entry = audit.record(action="letters.letter.submitted", actor=AnonymousUser(), request=request)
    expected = hmac.new(b"test-audit-key", b"203.0.113.9", hashlib.sha256).hexdigest()
    assert entry.actor_kind == AuditEntry.ActorKind.PUBLIC
    assert entry.actor_id is None
    assert entry.actor_ip_hash == expected
    assert "203.0.113.9" not in entry.actor_ip_hash
    # A plain (unkeyed) SHA-256 of the address would be guessable; the keyed one is different.
    assert entry.actor_ip_hash != hashlib.sha256(b"203.0.113.9").hexdigest()


def test_public_actor_inferred_from_an_anonymous_request(settings):
    settings.DANVAN_AUDIT_IP_KEY = "k"
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.4")
    request.user = AnonymousUser()
    entry = audit.record(action="letters.letter.viewed", request=request)
    assert entry.actor_kind == AuditEntry.ActorKind.PUBLIC
    assert entry.actor_ip_hash == audit.hash_ip("198.51.100.4")


def test_signed_in_request_user_is_the_actor_when_none_is_given(officer):
    request = RequestFactory().get("/")
    request.user = officer
    entry = audit.record(action="letters.letter.viewed", request=request)
    assert entry.actor_kind == AuditEntry.ActorKind.USER
    assert entry.actor_id == officer.pk


def test_behind_a_trusted_proxy_the_forwarded_address_is_hashed(settings):
    settings.DANVAN_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.55"
    )
    request.user = AnonymousUser()
    entry = audit.record(action="letters.letter.viewed", request=request)
    assert entry.actor_ip_hash == audit.hash_ip("192.0.2.55")


def test_commands_and_tasks_record_the_system_actor():
    entry = audit.record(action="core.calendar_year.seeded", actor=audit.SYSTEM)
    assert entry.actor_kind == AuditEntry.ActorKind.SYSTEM
    assert entry.actor_id is None
    assert (
        audit.record(action="core.calendar_year.seeded").actor_kind == AuditEntry.ActorKind.SYSTEM
    )


@pytest.mark.parametrize(
    "key",
    [
        "password",
        "new_password",
        "api_token",
        "secret",
        "otp_code",
        "phone",
        "phoneNumber",
        "email",
        "full_name",
        "name",
        "username",
        "address",
        "ip_address",
        "id_number",
        "idNumber",
        "cccd",
    ],
)
def test_extra_refuses_keys_that_suggest_personal_data_or_secrets(key):
    with pytest.raises(ValueError, match="personal data or a secret"):
        audit.record(action="tests.entry.checked", extra={key: "anything"})
    assert not AuditEntry.objects.exists()


def test_extra_refuses_denied_keys_nested_too():
    with pytest.raises(ValueError, match="personal data or a secret"):
        audit.record(
            action="tests.entry.checked", extra={"changes": [{"email": "a@example.invalid"}]}
        )


@pytest.mark.parametrize("value", [1.5, object(), {1, 2}, b"bytes"])
def test_extra_accepts_only_simple_json_values(value):
    with pytest.raises(ValueError, match="only strings, integers"):
        audit.record(action="tests.entry.checked", extra={"value": value})


def test_extra_accepts_ids_codes_statuses_and_nested_lists():
    entry = audit.record(
        action="letters.case.assigned",
        extra={"assignee": 4, "status": "accepted", "units": (1, 2), "flags": {"urgent": True}},
    )
    entry.refresh_from_db()
    assert entry.extra == {
        "assignee": 4,
        "status": "accepted",
        "units": [1, 2],
        "flags": {"urgent": True},
    }
    assert audit.verify_chain() is None


@pytest.mark.parametrize(
    "action",
    [
        "",
        "has spaces",
        "Nguyễn",
        "x" * 81,
        "1starts.with.digit",
        "letters.case",  # two parts
        "organizations.unit_created",  # a name from before the scheme
        "letters.case.assigned.again",  # four parts
        "Letters.case.assigned",
        "letters.case.Assigned",
        "letters..assigned",
        "letters.case_.assigned",
        "letters.case.assigned-now",
        "letters.case:assigned",
        "letters.case.assigned ",
        "a." + "b" * 77 + ".c",  # 81 characters
    ],
)
def test_action_must_fit_the_naming_scheme(action):
    with pytest.raises(ValueError, match="audit action"):
        audit.record(action=action)
    assert not AuditEntry.objects.exists()


def test_action_of_up_to_eighty_characters_in_three_snake_case_parts_is_kept():
    name = "a." + "b_2" * 25 + "x.c"
    assert len(name) == 80
    assert audit.record(action=name).action == name
    assert audit.record(action="accounts.totp.setup_failed").action == "accounts.totp.setup_failed"


def test_a_context_s_action_member_is_stored_as_its_plain_name():
    entry = audit.record(action=AuditAction.CALENDAR_DAY_CHANGED)
    assert type(entry.action) is str
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.action == "core.calendar_day.changed"
    assert audit.verify_chain() is None


def test_fields_must_be_a_list_of_names_not_a_string():
    with pytest.raises(TypeError):
        audit.record(action="tests.entry.checked", fields="status")
    with pytest.raises(ValueError, match="not a field name"):
        audit.record(action="tests.entry.checked", fields=["status = 'closed'"])


def test_unsaved_target_is_refused():
    with pytest.raises(ValueError, match="must be saved"):
        audit.record(action="tests.entry.checked", target=get_user_model()(username="chua.luu"))


def test_entry_is_rolled_back_with_the_caller_s_transaction(officer):
    class CallerFailedError(Exception):
        pass

    def failing_service():
        with transaction.atomic():
            audit.record(action="accounts.user.updated", actor=officer, target=officer)
            raise CallerFailedError

    with pytest.raises(CallerFailedError):
        failing_service()
    assert not AuditEntry.objects.exists()
    # The chain continues from the last committed entry.
    first = audit.record(action="accounts.user.updated", actor=officer, target=officer)
    assert first.prev_hash == audit.GENESIS_HASH
