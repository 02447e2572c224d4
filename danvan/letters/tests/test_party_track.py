"""The party track (DOMAIN.md §9, §12.5, §12.6 "Party: HD 36-HD/VPTW", §5.2): a party matter at
a party body is resolved as a party case on its own workflow, with its own time limits, notices
in the party format, and never as a state case."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document

from danvan.core import calendar
from danvan.core.gate import InvalidTransitionError
from danvan.documents.testing import issue_drafts_about
from danvan.documents.tests.factories import PartyTermFactory
from danvan.letters import deadlines
from danvan.letters.choices import DisciplineMeasure, LetterKind, RuleKey, StateMeasure
from danvan.letters.errors import CaseError, HandlingError
from danvan.letters.models import Letter, LetterStatusChange, PartyCase
from danvan.letters.party_workflow import PARTY_WORKFLOW
from danvan.letters.services import handling, party
from danvan.letters.states import LetterStatus, PartyCaseStatus
from danvan.letters.tests import factories as lf
from danvan.letters.workflows import CASE_WORKFLOW, LETTER_WORKFLOW
from danvan.organizations.matters import MatterType
from danvan.organizations.models.units import UnitKind, UnitLevel
from danvan.organizations.roles import Position, Role
from danvan.organizations.tests import factories as org
from danvan.workflow.models import DeadlineRule

pytestmark = pytest.mark.django_db

TODAY = calendar.today_local


@dataclass
class PartyWorld:
    committee: lf.Office
    ubkt: lf.Office


@pytest.fixture
def world() -> PartyWorld:
    """A city party committee and its inspection committee (UBKT), whose head is the
    chairman, with a party term so that its documents can be numbered."""
    committee = lf.make_office(
        "Thành ủy Thử nghiệm", kind=UnitKind.PARTY_COMMITTEE, level=UnitLevel.PROVINCIAL
    )
    ubkt = lf.make_office(
        "Ủy ban Kiểm tra Thành ủy Thử nghiệm",
        kind=UnitKind.INSPECTION_COMMITTEE,
        level=UnitLevel.PROVINCIAL,
    )
    org.UnitLinkFactory(parent=committee.unit, child=ubkt.unit)
    PartyTermFactory(
        unit=committee.unit, name="2025-2030", starts_on=dt.date(2025, 10, 1), ends_on=None
    )
    return PartyWorld(committee=committee, ubkt=ubkt)


def _party_letter(office: lf.Office, **extra: Any) -> Letter:
    letter = lf.denunciation(office.unit, office.receiver, **extra)
    return lf.classify(
        letter, office.receiver, matter=MatterType.PARTY, summary="Tố cáo đảng viên vi phạm",
        denounced_name="Đảng viên Lã Văn Thử",
    )  # fmt: skip


def _anonymous_party_letter(office: lf.Office) -> Letter:
    letter = lf.receive(
        office.unit,
        office.receiver,
        kind=LetterKind.DENUNCIATION,
        signers=[],
        signed=False,
        subject="Phản ánh đảng viên vi phạm",
        content="Đảng viên ở chi bộ khu phố nhận tiền của người dân, có chứng từ kèm.",
    ).letter
    assert letter.anonymous
    return lf.classify(
        letter, office.receiver, matter=MatterType.PARTY, summary="Thông tin về đảng viên"
    )


def docx_text(document: Any) -> str:
    document.file.open("rb")
    doc = Document(io.BytesIO(document.file.read()))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)


def test_party_rule_rows_exist_and_are_unverified() -> None:
    """QĐ 22-QĐ/TW Art. 20 as reported (90 days provincial and below, 180 central, from
    receipt), QĐ 164-QĐ/TW (180 days from the team decision), Điều lệ Đảng Art. 39 (one
    month) and QĐ 296-QĐ/TW Art. 8(5) (5 days): seeded, every row unverified, QĐ 296 not read."""
    keys = [str(k) for k in RuleKey if str(k).startswith("party.")]
    assert len(keys) == 5
    rows = DeadlineRule.objects.filter(key__startswith="party.")
    assert set(rows.values_list("key", flat=True)) == set(keys)
    assert not rows.filter(verified=True).exists()
    assert all("296" in r.note for r in rows)
    local = rows.get(key="party.denunciation.local", effective_from=dt.date(2025, 5, 30))
    assert (local.amount, local.start_event) == (90, "receipt")
    assert "296-QĐ/TW" in local.legal_basis
    assert (
        rows.get(key="party.denunciation.central", effective_from=dt.date(2025, 5, 30)).amount
        == 180
    )
    assert rows.get(key="party.denunciation.central_team").start_event == "decision"
    assert rows.get(key="party.state_informs_party").amount == 5


def test_party_walk_from_acceptance_to_conclusion_in_the_party_format(world: PartyWorld) -> None:
    """QĐ 22-QĐ/TW Art. 19–20 (the UBKT resolves, ≤90 days at provincial level from receipt);
    HD 36-HD/VPTW (T/M signing, no state inspectorate among the recipients); the denouncer is
    never named in what the member denounced receives."""
    ubkt = world.ubkt
    letter = _party_letter(ubkt)
    # The state track refuses it: a party matter at a party body goes to the party track.
    with pytest.raises(HandlingError, match="QĐ 296"):
        handling.letter_accept(letter=letter, actor=ubkt.leader)
    pc = party.letter_to_party_track(letter=letter, actor=ubkt.receiver)
    assert pc.status == PartyCaseStatus.RECEIVED
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.PARTY
    # An officer proposes; only the chairman (head) decides.
    with pytest.raises(PermissionDenied):
        party.party_accept(party_case=pc, actor=ubkt.receiver)
    pc = party.party_accept(party_case=pc, actor=ubkt.leader)
    assert pc.status == PartyCaseStatus.ACCEPTED
    assert pc.due_rule is not None
    assert pc.due_rule.key == "party.denunciation.local"
    assert pc.due_rule.amount == 90
    assert pc.due_on == deadlines.due_date(pc.due_rule, pc.received_on)
    acceptance = pc.acceptance_document
    assert acceptance is not None
    assert acceptance.restricted
    assert acceptance.document_format == "hd36"
    assert acceptance.symbol == ""  # a draft: numbered once signed, when the clerk issues it
    issue_drafts_about(pc)
    acceptance.refresh_from_db()
    assert "-TB/" in acceptance.symbol
    pc = party.party_verify(party_case=pc, actor=ubkt.leader, team="Tổ xác minh của UBKT")
    party.party_note_add(
        party_case=pc, actor=ubkt.handler, occurred_on=TODAY(), text="Làm việc với chi bộ."
    )
    pc = PartyCase.objects.get(pk=pc.pk)
    pc = party.party_conclude(
        party_case=pc, actor=ubkt.leader, findings="Có nhận tiền.", conclusion="Tố cáo đúng.",
        discipline=DisciplineMeasure.WARNING,
    )  # fmt: skip
    assert pc.status == PartyCaseStatus.CONCLUDED
    text = docx_text(pc.conclusion_document)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "T/M ỦY BAN KIỂM TRA" in text
    assert "CHỦ NHIỆM" in text
    assert "Thanh tra cùng cấp" not in text
    assert "cảnh cáo" in text
    for identity in lf.identity_strings(lf.DENOUNCER):
        assert identity not in text
    issue_drafts_about(pc)
    pc = party.party_discipline(
        party_case=pc, actor=ubkt.leader, measure=DisciplineMeasure.WARNING, text="Cảnh cáo."
    )
    # One month, as 30 days (the period ends on the next working day if it falls on a day off).
    assert pc.complaint_rule is not None
    assert pc.complaint_rule.amount == 30
    assert pc.complaint_until == deadlines.due_date(pc.complaint_rule, pc.discipline_decided_on)
    discipline_text = docx_text(pc.discipline_document)
    assert "T/M ỦY BAN KIỂM TRA" in discipline_text
    assert "Thanh tra cùng cấp" not in discipline_text
    for identity in lf.identity_strings(lf.DENOUNCER):
        assert identity not in discipline_text
    issue_drafts_about(pc)
    pc = party.party_close(party_case=pc, actor=ubkt.receiver, sent_on=TODAY())
    assert pc.status == PartyCaseStatus.CLOSED
    history = list(pc.status_changes.values_list("to_status", flat=True))
    assert history == ["received", "accepted", "verifying", "concluded", "closed"]
    # Its own history rows: none of them is written in the letters' table.
    assert not LetterStatusChange.objects.filter(
        letter=letter, to_status__in=["verifying", "concluded"]
    ).exists()


def test_a_deputy_under_assignment_signs_k_t(world: PartyWorld) -> None:
    """HD 36-HD/VPTW: a deputy signs "K/T" for the head (DOMAIN.md §11.4)."""
    ubkt = world.ubkt
    deputy = lf.member(ubkt.unit, Role.UNIT_LEADER, position=Position.DEPUTY)
    org_delegation(ubkt, deputy)
    pc = party.letter_to_party_track(letter=_party_letter(ubkt), actor=ubkt.receiver)
    pc = party.party_accept(party_case=pc, actor=deputy)
    text = docx_text(pc.acceptance_document)
    # A collective body: every leader signs on its behalf, with their own title (36-HD/VPTW).
    assert "T/M ỦY BAN KIỂM TRA" in text
    assert "K/T" not in text
    assert "PHÓ CHỦ NHIỆM" in text


def org_delegation(office: lf.Office, deputy: Any) -> None:
    from danvan.organizations.models import Delegation

    Delegation.objects.create(
        unit=office.unit, deputy=deputy, document="05-QĐ/UBKTTU, 05/01/2026",
        assigned_by=office.leader, effective_from=dt.date(2020, 1, 1),
    )  # fmt: skip


def test_anonymous_party_letter_goes_to_the_queue_and_is_never_accepted(
    world: PartyWorld,
) -> None:
    """QĐ 22-QĐ/TW Art. 20(7): anonymous, unnamed, false-name or no-address letters are not
    resolved; QĐ 296-QĐ/TW Art. 19: concrete content may serve an inspection on signs of a
    violation."""
    ubkt = world.ubkt
    letter = _anonymous_party_letter(ubkt)
    with pytest.raises(HandlingError, match=r"QĐ 22-QĐ/TW (Art\.|Điều) 20\(7\)"):
        handling.letter_accept(letter=letter, actor=ubkt.leader)
    pc = party.letter_to_party_track(letter=letter, actor=ubkt.receiver)
    assert pc.status == PartyCaseStatus.INSPECTION_INFO
    assert PARTY_WORKFLOW.guard_failures("accept", pc)
    # In the queue, acceptance is not a move at all (the gate refuses the status first).
    with pytest.raises(InvalidTransitionError):
        party.party_accept(party_case=pc, actor=ubkt.leader)
    pc.status = PartyCaseStatus.RECEIVED  # even if it were still received: refused
    with pytest.raises(CaseError, match=r"20\(7\)"):
        party.party_accept(party_case=pc, actor=ubkt.leader)
    pc = PartyCase.objects.get(pk=pc.pk)
    pc = party.party_use_for_inspection(
        party_case=pc, actor=ubkt.receiver, note="Dùng cho kiểm tra khi có dấu hiệu vi phạm.",
        recorded_on=TODAY(),
    )  # fmt: skip
    assert pc.status == PartyCaseStatus.USED
    assert pc.accepted_on is None
    assert pc.acceptance_document is None


def test_a_letter_without_address_is_treated_as_anonymous(world: PartyWorld) -> None:
    """QĐ 22-QĐ/TW Art. 20(7): a letter with no address is not resolved either."""
    ubkt = world.ubkt
    nameless_address = lf.intake.SignerInput(full_name="Người gửi không địa chỉ")
    letter = lf.receive(
        ubkt.unit, ubkt.receiver, kind=LetterKind.DENUNCIATION, signers=[nameless_address],
        content="Đảng viên vi phạm quy định.",
    ).letter  # fmt: skip
    letter = lf.classify(letter, ubkt.receiver, matter=MatterType.PARTY, summary="Đảng viên")
    pc = party.letter_to_party_track(letter=letter, actor=ubkt.receiver)
    assert pc.status == PartyCaseStatus.INSPECTION_INFO


def test_a_state_matter_does_not_go_to_the_party_track(world: PartyWorld) -> None:
    """DOMAIN.md §9: only party matters at party bodies go to the party track."""
    office = lf.make_office()
    letter = lf.classify(lf.denunciation(office.unit, office.receiver), office.receiver)
    with pytest.raises(HandlingError):
        party.letter_to_party_track(letter=letter, actor=office.receiver)
    assert not LETTER_WORKFLOW.is_open_to(LETTER_WORKFLOW.policy(office.receiver), "party", letter)


def test_both_tracks_linked_and_the_state_body_informs_the_party(world: PartyWorld) -> None:
    """A party member who is a civil servant: a state case (Luật Tố cáo) and a party case
    (QĐ 296-QĐ/TW) on the same facts, each on its own track, linked; the state body records
    that it informed the managing party organisation within 5 days (QĐ 296-QĐ/TW Art. 8(5))."""
    state = lf.make_office()
    case = lf.accept(lf.denunciation(state.unit, state.receiver), state.leader)
    ubkt = world.ubkt
    pc = party.letter_to_party_track(letter=_party_letter(ubkt), actor=ubkt.receiver)
    pc = party.party_link_state_case(party_case=pc, actor=ubkt.receiver, case_number=case.number)
    assert pc.state_case == case
    assert list(case.party_cases.all()) == [pc]
    with pytest.raises(CaseError):
        party.party_link_state_case(party_case=pc, actor=ubkt.receiver, case_number="99/1/XX")
    measure_on = TODAY() - dt.timedelta(days=3)
    notice = party.case_inform_party(
        case=case, actor=state.leader, measure=StateMeasure.DISCIPLINE, measure_on=measure_on,
        informed_on=TODAY(), party_unit=ubkt.unit, reference="Công văn 12/UBND",
    )  # fmt: skip
    assert notice.due_rule.amount == 5
    assert notice.due_on == deadlines.due_date(notice.due_rule, measure_on)
    assert notice.on_time
    assert notice.due_rule.key == "party.state_informs_party"
    assert not notice.due_rule.verified
    assert CASE_WORKFLOW.is_open_to(CASE_WORKFLOW.policy(state.leader), "inform_party", case)
    # Each stays on its own track.
    assert case.status == "in_progress"
    assert pc.status == PartyCaseStatus.RECEIVED


def test_party_pages_for_the_party_body_only(world: PartyWorld, client: Any) -> None:
    """QĐ 22-QĐ/TW Art. 19: the party body's people see its party cases (and the inspection
    committee above, by the inspectors' scope); another unit's people do not. The page shows the
    state, the next step and only the actions the person may take now."""
    from django.urls import reverse

    ubkt = world.ubkt
    pc = party.letter_to_party_track(letter=_party_letter(ubkt), actor=ubkt.receiver)
    anonymous = party.letter_to_party_track(
        letter=_anonymous_party_letter(ubkt), actor=ubkt.receiver
    )
    url = reverse("letters:staff-party-detail", args=[pc.pk])
    client.force_login(ubkt.leader)
    page = client.get(url).content.decode()
    assert pc.number in page
    assert 'id="next-step"' in page
    assert reverse("letters:staff-party-accept", args=[pc.pk]) in page
    letter_page = client.get(reverse("letters:staff-letter-detail", args=[pc.letter_id]))
    assert url in letter_page.content.decode()
    queue = client.get(reverse("letters:staff-party-inspection")).content.decode()
    assert anonymous.number in queue
    assert pc.number not in queue
    client.force_login(ubkt.receiver)
    page = client.get(url).content.decode()
    assert "Trình duyệt" in page  # an officer proposes the acceptance
    outsider = lf.make_office()
    client.force_login(outsider.leader)
    assert client.get(url).status_code == 404
    assert (
        anonymous.number
        not in client.get(reverse("letters:staff-party-inspection")).content.decode()
    )
    # The head accepts through the page.
    client.force_login(ubkt.leader)
    response = client.post(
        reverse("letters:staff-party-accept", args=[pc.pk]),
        {
            "accept-version": pc.version,
            "accept-confirm": "on",
            "accept-accepted_on": TODAY().isoformat(),
        },
    )
    assert response.status_code == 302
    assert PartyCase.objects.get(pk=pc.pk).status == PartyCaseStatus.ACCEPTED
