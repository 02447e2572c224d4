"""Public tracking on the kit's test module (permits): codes and PINs, the lockout that tells the
minutes left and never tells whether a code exists, the public timeline, and the tracking page
built on ``PublicTrackView``."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from danvan.core.models import AuditEntry
from danvan.organizations.tests import factories as org
from danvan.workflow import tracking
from danvan.workflow.models import tracking as tracked
from danvan.workflow.tests.kitapp.models import Permit, PermitStatusChange
from danvan.workflow.tracking_views import ADDRESS_THROTTLE

pytestmark = pytest.mark.django_db

PIN = "246810"
WRONG = "135790"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()  # the unknown codes' counts and the address throttle live in the cache


@pytest.fixture
def permit(db: Any) -> Permit:
    permit = Permit(unit=org.UnitFactory(), title="Giấy phép sửa nhà số 12 ngõ Hoa Sen")
    permit.tracking_code = Permit.unique_tracking_code()
    permit.pin_hash = tracked.pin_hash(PIN)
    permit.save()
    return permit


def _track(code: str, pin: str) -> Permit:
    with translation.override("en"):
        return tracking.track(Permit, code=code, pin=pin)


def _refusal(code: str, pin: str) -> tracking.TrackingError:
    with translation.override("en"), pytest.raises(tracking.TrackingError) as refused:
        tracking.track(Permit, code=code, pin=pin)
    return refused.value


# --- Codes and PINs ---


def test_a_code_has_the_module_prefix_and_an_unambiguous_alphabet() -> None:
    code = Permit.new_tracking_code()
    assert code.startswith("GP-")
    assert len(code) == 12
    assert not set(code.replace("GP-", "").replace("-", "")) - set(tracked.CODE_ALPHABET)
    assert not set("01IO") & set(tracked.CODE_ALPHABET)
    assert Permit.normalise_tracking_code(" gp 7k3m 9q2x ") == "GP-7K3M-9Q2X"
    assert Permit.normalise_tracking_code("7k3m-9q2x") == "GP-7K3M-9Q2X"
    assert Permit.normalise_tracking_code("GPGP7K3M9Q") == "GP-GP7K-3M9Q"  # a body may start GP
    assert Permit.normalise_tracking_code("DV-7K3M-9Q2X") == ""  # another module's prefix
    assert Permit.normalise_tracking_code("GP-7K3M") == ""


def test_set_tracking_gives_a_code_and_a_pin_kept_only_as_a_keyed_hash(db: Any) -> None:
    permit = Permit(unit=org.UnitFactory(), title="Giấy phép")
    pin = permit.set_tracking()
    permit.save()
    assert len(pin) == 6
    assert pin.isdigit()
    assert pin not in permit.pin_hash
    assert permit.pin_matches(pin)
    assert not permit.pin_matches(WRONG if pin != WRONG else PIN)
    assert permit.tracking_code.startswith("GP-")


def test_a_pin_hashed_by_the_letters_scheme_before_the_kit_still_matches() -> None:
    key = hashlib.sha256(f"danvan.letters.pin:{settings.SECRET_KEY}".encode()).digest()
    digest = hmac.new(key, f"a1b2c3d4e5f60718:{PIN}".encode(), hashlib.sha256).hexdigest()
    stored = f"hmac$a1b2c3d4e5f60718${digest}"
    assert tracked.pin_matches(stored, PIN)
    assert not tracked.pin_matches(stored, WRONG)
    assert not tracked.pin_matches("pbkdf2$x$y", PIN)
    assert not tracked.pin_matches("", PIN)


# --- The lockout ---


def test_the_right_code_and_pin_give_the_object(permit: Permit) -> None:
    assert _track(permit.tracking_code.lower().replace("-", " "), PIN).pk == permit.pk


def test_a_wrong_pin_is_counted_and_answered_like_an_unknown_code(permit: Permit) -> None:
    wrong = _refusal(permit.tracking_code, WRONG)
    unknown = _refusal("GP-ZZZZ-ZZZZ", PIN)
    assert not isinstance(wrong, tracking.TrackingLockedError)
    assert str(wrong) == str(unknown) == "The tracking code or the PIN is wrong."
    permit.refresh_from_db()
    assert permit.pin_failures == 1
    _track(permit.tracking_code, PIN)
    permit.refresh_from_db()
    assert permit.pin_failures == 0  # a good PIN clears the count


def test_malformed_input_is_a_wrong_answer_and_counts_nothing(permit: Permit) -> None:
    for code, pin in ((permit.tracking_code, "12345"), (permit.tracking_code, "abcdef"), ("", PIN)):
        assert str(_refusal(code, pin)) == "The tracking code or the PIN is wrong."
    permit.refresh_from_db()
    assert permit.pin_failures == 0


def test_five_wrong_pins_lock_the_code_and_the_message_counts_the_minutes_down(
    permit: Permit,
) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(tracking.MAX_FAILURES - 1):
            refusal = _refusal(permit.tracking_code, WRONG)
            assert not isinstance(refusal, tracking.TrackingLockedError)
        locked = _refusal(permit.tracking_code, WRONG)
        assert isinstance(locked, tracking.TrackingLockedError)
        assert str(locked) == "Too many wrong PINs. Please try again in 15 minutes."
        permit.refresh_from_db()
        assert permit.pin_locked_until == timezone.now() + dt.timedelta(minutes=15)
        entry = AuditEntry.objects.get(action="workflow.tracking.locked")
        assert (entry.target_type, entry.target_id) == ("kitapp.permit", str(permit.pk))

        traveller.shift(dt.timedelta(minutes=3, seconds=10))
        assert str(_refusal(permit.tracking_code, PIN)) == (
            "Too many wrong PINs. Please try again in 12 minutes."
        )  # the good PIN does not open it either
        traveller.shift(dt.timedelta(minutes=11, seconds=20))
        assert str(_refusal(permit.tracking_code, PIN)) == (
            "Too many wrong PINs. Please try again in 1 minute."
        )
        with translation.override("vi"), pytest.raises(tracking.TrackingLockedError) as refused:
            tracking.track(Permit, code=permit.tracking_code, pin=PIN)
        assert str(refused.value) == "Quá nhiều lần nhập sai mã PIN. Vui lòng thử lại sau 1 phút."
        assert AuditEntry.objects.filter(action="workflow.tracking.locked").count() == 1


def test_the_lock_expires_and_the_good_pin_opens_again(permit: Permit) -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(tracking.MAX_FAILURES):
            _refusal(permit.tracking_code, WRONG)
        traveller.shift(dt.timedelta(minutes=15, seconds=1))
        assert _track(permit.tracking_code, PIN).pk == permit.pk
        # After the lock, a wrong PIN counts from zero again.
        assert not isinstance(_refusal(permit.tracking_code, WRONG), tracking.TrackingLockedError)


def test_an_unknown_code_is_locked_the_same_way(permit: Permit) -> None:
    code = "GP-ZZZZ-ZZZZ"
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        answers = [_refusal(code, PIN) for _ in range(tracking.MAX_FAILURES)]
        assert [isinstance(a, tracking.TrackingLockedError) for a in answers] == [
            False, False, False, False, True,
        ]  # fmt: skip
        assert str(answers[-1]) == "Too many wrong PINs. Please try again in 15 minutes."
        traveller.shift(dt.timedelta(minutes=5))
        assert str(_refusal(code, PIN)) == "Too many wrong PINs. Please try again in 10 minutes."
        # Another code, and the real one, are not affected.
        assert _track(permit.tracking_code, PIN).pk == permit.pk
        traveller.shift(dt.timedelta(minutes=10, seconds=1))
        assert str(_refusal(code, PIN)) == "The tracking code or the PIN is wrong."
    assert not AuditEntry.objects.filter(action="workflow.tracking.locked").exists()


def test_a_queryset_limits_what_can_be_tracked(permit: Permit) -> None:
    others = Permit.objects.exclude(pk=permit.pk)
    with translation.override("en"), pytest.raises(tracking.TrackingError, match="wrong"):
        tracking.track(others, code=permit.tracking_code, pin=PIN)
    assert tracking.track(Permit.objects.all(), code=permit.tracking_code, pin=PIN) == permit


# --- The public timeline ---


def _step(permit: Permit, to: str, at: dt.datetime, *, public: bool = True) -> None:
    row = PermitStatusChange.objects.create(
        permit=permit, to_status=to, public=public, reason="ghi chú nội bộ"
    )
    PermitStatusChange.objects.filter(pk=row.pk).update(at=at)


def test_the_timeline_shows_only_the_public_changes_oldest_first(permit: Permit) -> None:
    now = timezone.now()
    _step(permit, "granted", now)
    _step(permit, "submitted", now - dt.timedelta(days=3))
    _step(permit, "draft", now - dt.timedelta(days=2), public=False)
    assert [r.to_status for r in tracking.public_history(permit)] == ["submitted", "granted"]
    steps = tracking.public_timeline(permit, str.upper)
    assert [s.text for s in steps] == ["SUBMITTED", "GRANTED"]
    html = render_to_string(
        "workflow/public_timeline.html", {"steps": steps, "caption": "Các bước của hồ sơ"}
    )
    assert "<caption" in html
    assert "Các bước của hồ sơ" in html
    assert html.count('scope="col"') == 2
    assert "SUBMITTED" in html
    assert "ghi chú nội bộ" not in html
    assert render_to_string("workflow/public_timeline.html", {"steps": []}).strip() == ""


# --- The tracking page ---

pytestmark_urls = pytest.mark.urls("danvan.workflow.tests.kitapp.urls")


@pytestmark_urls
def test_the_page_opens_the_permit_for_a_while_and_forgets_it(permit: Permit) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    url = reverse("kitapp-track")
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="pin"' in form.content.decode()
    assert form["Cache-Control"] == "no-store, private"
    PermitStatusChange.objects.create(permit=permit, to_status="submitted")
    client.get(url)
    before = client.session.session_key
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        response = client.post(url, {"code": permit.tracking_code, "pin": PIN})
        assert response.status_code == 302
        assert response["Location"] == url
        assert client.session.session_key != before  # a new session key after a good PIN
        html = client.get(url).content.decode()
        assert permit.title in html
        assert "Đã nộp, đang xem xét." in html
        traveller.shift(dt.timedelta(minutes=14))
        assert permit.title in client.get(url).content.decode()
        client.post(url, {"action": "forget"})
        assert permit.title not in client.get(url).content.decode()
        client.post(url, {"code": permit.tracking_code, "pin": PIN})
        traveller.shift(dt.timedelta(minutes=15, seconds=1))
        html = client.get(url).content.decode()
        assert permit.title not in html
        assert 'name="pin"' in html


@pytestmark_urls
def test_the_page_tells_a_wrong_pin_and_the_lock(permit: Permit) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    url = reverse("kitapp-track")
    answers = [client.post(url, {"code": permit.tracking_code, "pin": WRONG}) for _ in range(5)]
    assert {a.status_code for a in answers} == {200}
    assert "The tracking code or the PIN is wrong." in answers[0].content.decode()
    assert "Please try again in 15 minutes." in answers[-1].content.decode()
    assert "kitapp.tracked" not in client.session
    bad = client.post(url, {"code": "", "pin": "12"})
    assert bad.status_code == 200
    assert "The PIN has exactly 6 digits." in bad.content.decode()


@pytestmark_urls
def test_the_page_throttles_one_address_with_429_and_the_minutes_left(permit: Permit) -> None:
    url = reverse("kitapp-track")
    client = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="203.0.113.7")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for i in range(ADDRESS_THROTTLE.limit):
            assert client.post(url, {"code": f"GP-AAAA-{i:04d}", "pin": PIN}).status_code == 200
        traveller.shift(dt.timedelta(minutes=6))
        refused = client.post(url, {"code": permit.tracking_code, "pin": PIN})
        assert refused.status_code == 429
        assert refused["Retry-After"] == str(9 * 60)
        assert refused["Cache-Control"] == "no-store, private"
        assert "Please wait 9 minutes and try again." in refused.content.decode()
        other = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR="198.51.100.20")
        assert other.post(url, {"code": permit.tracking_code, "pin": PIN}).status_code == 302
        traveller.shift(dt.timedelta(minutes=9, seconds=1))  # the window has ended
        assert client.post(url, {"code": permit.tracking_code, "pin": PIN}).status_code == 302
