"""The outbox in the admin: a read-only list with masked addresses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.notifications.models import Message
from danvan.notifications.tests.conftest import EMAIL, PHONE

pytestmark = pytest.mark.django_db


@pytest.fixture
def messages():
    return [
        Message.objects.create(
            channel="email", address=EMAIL, body="x", event="letters.letter.received"
        ),
        Message.objects.create(
            channel="sms", address=PHONE, body="y", event="letters.letter.received"
        ),
    ]


def test_list_shows_addresses_masked(admin_client, messages):
    response = admin_client.get(reverse("admin:notifications_message_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "n***@example.vn" in page
    assert "*********678" in page
    assert EMAIL not in page
    assert PHONE not in page


def test_messages_cannot_be_added_or_changed(admin_client, messages):
    assert admin_client.get(reverse("admin:notifications_message_add")).status_code == 403
    url = reverse("admin:notifications_message_change", args=[messages[0].pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    response = admin_client.post(url, {"address": "other@example.vn", "body": "z"})
    assert response.status_code == 403
    messages[0].refresh_from_db()
    assert messages[0].address == EMAIL


def test_a_messages_own_page_shows_the_address_masked_too(admin_client, messages):
    for message in messages:
        url = reverse("admin:notifications_message_change", args=[message.pk])
        page = admin_client.get(url).content.decode()
        assert EMAIL not in page
        assert PHONE not in page
    assert (
        "n***@example.vn"
        in admin_client.get(
            reverse("admin:notifications_message_change", args=[messages[0].pk])
        ).content.decode()
    )
