"""The audit trail of letters as people read it: who reads which entries (a unit's leader
reads their units' letters' entries; inspectors and administrators read all), how entries are
found (register number, tracking code, case number, person) and how they read (Vietnamese
labels, names with roles, local time, states by their labels)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from danvan.core import audit, audit_present, policies
from danvan.core.models import AuditEntry
from danvan.letters.audit_actions import AuditAction
from danvan.letters.models import Case, Letter
from danvan.letters.services import intake
from danvan.letters.states import CaseStatus
from danvan.letters.tests import factories as lf
from danvan.organizations.audit_actions import AuditAction as OrgAction
from danvan.organizations.roles import Role

pytestmark = pytest.mark.django_db

LIST = "/staff/audit/"


@pytest.fixture
def world() -> dict[str, Any]:
    w = lf.make_world()
    a, b = w.office, w.elsewhere
    a.leader.full_name = "Hoàng Văn Lãnh"
    a.leader.save()
    letter_a = lf.receive(a.unit, a.receiver, subject="Khiếu nại ở xã Đông").letter
    case_a = lf.accept(letter_a, a.leader, resolver=a.leader)
    other = intake.SignerInput(
        full_name="Phạm Văn Tây", phone="0977000111", address="Thôn Tây, xã Thử nghiệm Tây"
    )
    # The other unit's first letter (its number 01 is the first unit's number too) is filed
    # aside: the one followed is its second.
    b_first = lf.receive(
        b.unit, b.receiver, subject="Phản ánh khác", signers=[other], content="Khác."
    ).letter
    letter_b = lf.receive(
        b.unit, b.receiver, subject="Khiếu nại ở xã Tây", signers=[other],
        content="Đề nghị xem xét lại việc cấp phép xây dựng tại thôn Tây.",
    ).letter  # fmt: skip
    case_b = lf.accept(letter_b, b.leader, resolver=b.leader)
    unit_entry = audit.record(action=OrgAction.UNIT_UPDATED, actor=audit.SYSTEM, target=a.unit)
    admin = lf.member(a.unit, Role.ADMINISTRATOR)
    return {
        "w": w, "a": a, "b": b, "b_first": b_first, "admin": admin, "unit_entry": unit_entry,
        "letter_a": Letter.objects.get(pk=letter_a.pk), "case_a": Case.objects.get(pk=case_a.pk),
        "letter_b": Letter.objects.get(pk=letter_b.pk), "case_b": Case.objects.get(pk=case_b.pk),
    }  # fmt: skip


def _about(*objects: Any) -> set[int]:
    pks: set[int] = set()
    for obj in objects:
        label = f"{obj._meta.app_label}.{obj._meta.model_name}"
        pks |= set(
            AuditEntry.objects.filter(target_type=label, target_id=str(obj.pk)).values_list(
                "pk", flat=True
            )
        )
    return pks


def _shown(client: Client, query: dict[str, str] | None = None) -> set[int]:
    response = client.get(LIST, query or {})
    assert response.status_code == 200
    return {row.pk for row in response.context["entries"]}


# --- scopes ----------------------------------------------------------------------------------


def test_a_units_leader_reads_their_units_letters_entries_only(world):
    leader = world["a"].leader
    mine = _about(world["letter_a"], world["case_a"])
    theirs = _about(world["letter_b"], world["case_b"])
    assert mine
    assert theirs
    visible = set(policies.visible_audit_entries(leader).values_list("pk", flat=True))
    assert mine <= visible
    assert not visible & theirs
    assert world["unit_entry"].pk not in visible  # another context's entry about their unit
    assert visible == mine
    assert policies.can_open_trail(leader)
    assert not policies.can_view_audit(leader)  # the whole trail stays with the permission


def test_inspectors_and_administrators_read_everything(world):
    everything = set(AuditEntry.objects.values_list("pk", flat=True))
    for person in (world["a"].inspector, world["admin"]):
        assert set(policies.visible_audit_entries(person).values_list("pk", flat=True)) == (
            everything
        )


def test_officers_and_citizens_read_no_entry(client, world):
    for person in (world["a"].handler, world["a"].receiver, world["w"].citizen):
        assert not policies.visible_audit_entries(person).exists()
        assert not policies.can_open_trail(person)
        client.force_login(person)
        assert client.get(LIST).status_code == 403


def test_the_leader_opens_the_list_and_the_entries_of_their_unit_only(client, world):
    client.force_login(world["a"].leader)
    assert _shown(client) == _about(world["letter_a"], world["case_a"])
    own = min(_about(world["letter_a"]))
    other = min(_about(world["letter_b"]))
    assert client.get(reverse("core:audit-detail", args=[own])).status_code == 200
    assert client.get(reverse("core:audit-detail", args=[other])).status_code == 404
    assert client.get(reverse("core:audit-detail", args=[world["unit_entry"].pk])).status_code == (
        404
    )
    home = client.get(reverse("organizations:staff-home")).content.decode()
    assert LIST in home  # the trail is on the leader's home


def test_a_leader_does_not_read_the_entries_of_a_letter_denouncing_them(world):
    a = world["a"]
    letter = lf.denunciation(a.unit, a.receiver)
    Letter.objects.filter(pk=letter.pk).update(denounced_user=a.leader)
    visible = set(policies.visible_audit_entries(a.leader).values_list("pk", flat=True))
    assert not visible & _about(letter)


# --- search ----------------------------------------------------------------------------------


def test_search_by_register_number_tracking_code_and_case_number(client, world):
    client.force_login(world["a"].inspector)
    letter, case = world["letter_a"], world["case_a"]
    expected = _about(letter, case)
    number = f"{letter.register_number}/{letter.register_year}"
    # The register number is the unit's: the other unit's letter 01 is found too.
    same_number = _about(world["b_first"])
    assert world["b_first"].register_label == letter.register_label
    for term in (letter.register_label, number):
        assert _shown(client, {"q": term}) == expected | same_number, term
    assert _shown(client, {"q": letter.tracking_code.lower()}) == expected
    # So is a case number: the other unit's case of the same number is found too.
    case_b = world["case_b"]
    assert case_b.number == case.number
    both = expected | _about(world["letter_b"], case_b)
    assert _shown(client, {"q": case.number.lower()}) == both
    assert _shown(client, {"q": "99/1999"}) == set()


def test_search_by_a_person_finds_what_they_did(client, world):
    client.force_login(world["a"].inspector)
    leader = world["a"].leader
    by_leader = set(AuditEntry.objects.filter(actor=leader).values_list("pk", flat=True))
    assert by_leader
    for term in ("Hoàng Văn Lãnh", "hoang van lanh", "LÃNH", leader.username):
        assert _shown(client, {"q": term}) >= by_leader, term
        assert all(
            AuditEntry.objects.get(pk=pk).actor_id == leader.pk
            for pk in _shown(client, {"q": term})
            if pk not in _about(world["letter_a"], world["case_a"])
        )


def test_search_never_finds_a_citizen_by_name(client, world):
    citizen = world["w"].citizen
    citizen.full_name = "Đặng Thị Công Dân"
    citizen.save()
    audit.record(action=AuditAction.LETTER_RATED, actor=citizen, target=world["letter_a"])
    client.force_login(world["a"].inspector)
    assert _shown(client, {"q": "Đặng Thị Công Dân"}) == set()


def test_a_leaders_search_stays_in_their_scope(client, world):
    client.force_login(world["a"].leader)
    assert _shown(client, {"q": world["letter_b"].register_label}) == set()
    assert _shown(client, {"q": world["letter_a"].register_label}) == _about(
        world["letter_a"], world["case_a"]
    )


def test_action_and_date_filters(client, world):
    client.force_login(world["a"].inspector)
    opened = set(
        AuditEntry.objects.filter(action=AuditAction.CASE_OPENED).values_list("pk", flat=True)
    )
    assert len(opened) == 2
    assert _shown(client, {"action": AuditAction.CASE_OPENED}) == opened
    today = audit_present.local_date(AuditEntry.objects.latest("id").at)
    day = today.isoformat()
    assert _shown(client, {"action": AuditAction.CASE_OPENED, "date_from": day}) == opened
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert _shown(client, {"date_from": tomorrow}) == set()
    # The select offers actions by their labels.
    html = client.get(LIST).content.decode()
    assert f'<option value="{AuditAction.CASE_OPENED.value}">Thụ lý vụ việc</option>' in html


# --- how entries read ------------------------------------------------------------------------


def test_an_entry_reads_in_vietnamese_with_names_labels_and_local_time(world):
    a, letter, case = world["a"], world["letter_a"], world["case_a"]
    with translation.override("vi"):
        opened = AuditEntry.objects.filter(
            action=AuditAction.CASE_OPENED, target_id=str(case.pk)
        ).get()
        row = audit_present.present_entry(opened)
        assert row.action == "Thụ lý vụ việc"
        assert row.object == f"Vụ việc số {case.number}"
        assert row.actor.startswith("Hoàng Văn Lãnh (Lãnh đạo đơn vị")
        assert a.unit.name in row.actor
        assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", row.when)
        assert row.when == opened.at.astimezone(audit_present.LOCAL_ZONE).strftime("%d/%m/%Y %H:%M")
        received = AuditEntry.objects.filter(
            action=AuditAction.LETTER_RECEIVED, target_id=str(letter.pk)
        ).get()
        row = audit_present.present_entry(received)
        assert row.object == f"Đơn số {letter.register_label} — {a.unit.name}"
        assert ("Kênh", str(letter.get_channel_display())) in row.details
        assert ("Số vào sổ", letter.register_label) in row.details


def test_a_status_move_shows_its_states_and_fields_by_their_labels(world):
    case = world["case_a"]
    entry = audit.record(
        action=AuditAction.CASE_STATUS, actor=world["a"].leader, target=case,
        fields=["status", "resolver"], reason="Chuyển bước",
        extra={"from": CaseStatus.IN_PROGRESS, "to": CaseStatus.SUSPENDED},
    )  # fmt: skip
    with translation.override("vi"):
        row = audit_present.present_entry(entry)
        resolver = str(Case._meta.get_field("resolver").verbose_name)
        assert row.fields == (resolver[0].upper() + resolver[1:], "Trạng thái")
        assert ("Từ", str(CaseStatus.IN_PROGRESS.label)) in row.details
        assert ("Sang", str(CaseStatus.SUSPENDED.label)) in row.details
        assert row.reason == "Chuyển bước"


def test_a_citizen_is_named_by_account_number_only(world):
    citizen = world["w"].citizen
    citizen.full_name = "Đặng Thị Công Dân"
    citizen.save()
    entry = audit.record(action=AuditAction.LETTER_RATED, actor=citizen, target=world["letter_a"])
    with translation.override("vi"):
        row = audit_present.present_entry(entry)
    assert row.actor == f"Công dân (tài khoản số {citizen.pk})"


def test_the_list_page_reads_without_codes(client, world):
    client.force_login(world["a"].leader)
    with translation.override("vi"):
        html = client.get(LIST, {"q": world["letter_a"].register_label}).content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert "Thụ lý vụ việc" in body
    assert "Tiếp nhận đơn" in body
    assert "Hoàng Văn Lãnh" in body
    assert not re.search(r"\bletters\.[a-z_]+\.[a-z_]+\b", body)  # no action code
    assert "letters.case#" not in body


def test_the_letter_pages_history_reads_through_the_presenter(client, world):
    a, letter = world["a"], world["letter_a"]
    client.force_login(a.leader)
    with translation.override("vi"):
        html = client.get(reverse("letters:staff-letter-detail", args=[letter.pk])).content.decode()
    history = html[html.index('id="history-title"') :]
    history = history[: history.index("</table>")]
    assert "Hoàng Văn Lãnh (Lãnh đạo đơn vị" in history
    assert str(CaseStatus.IN_PROGRESS.label) in history
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", history)


def test_a_long_reason_naming_the_denouncer_is_shielded_before_it_is_shortened(client, world):
    a = world["a"]
    letter = lf.denunciation(a.unit, a.receiver)
    lf.accept(letter, a.leader, resolver=a.leader)
    # A second leader of the unit, neither resolver nor handler: may not read the identity now.
    deputy = lf.member(a.unit, Role.UNIT_LEADER)
    name = lf.DENOUNCER.full_name
    audit.record(
        action=AuditAction.CASE_NOTE, actor=a.leader, target=Letter.objects.get(pk=letter.pk),
        # The list shows 159 characters of a reason: the cut falls inside the name.
        reason=f"{('Ghi chú dài về việc xác minh. ' * 5)[:145]} bà {name} tại trụ sở.",
    )  # fmt: skip
    client.force_login(deputy)
    html = client.get(LIST, {"q": letter.register_label}).content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert "Ghi chú dài" in body
    assert name not in body
    assert " ".join(name.split()[:2]) not in body  # not even cut short
