"""The generated walk of the letters and cases workflows: every role in every relation to a
letter or case (its own unit, a unit above that supervises it, another unit, the handler
assigned to the case, the head who resolves it, a citizen) × every status × every declared
move, each move sent through the page's own form. The page offers a move if and only if the
service accepts it, and every move is accepted by someone somewhere."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from danvan.core import calendar
from danvan.letters.choices import GROUNDS_BY_KIND, AnonymousOutcome, LetterKind
from danvan.letters.models import Case, Letter
from danvan.letters.services import cases, handling, intake
from danvan.letters.tests import factories as lf
from danvan.letters.views.staff.case_actions import CASE_ACTIONS
from danvan.letters.views.staff.letter_actions import LETTER_ACTIONS
from danvan.letters.workflows import CASE_WORKFLOW, LETTER_WORKFLOW
from danvan.organizations.roles import Role
from danvan.organizations.tests import factories as org
from danvan.workflow.testing import Outcome, walk

pytestmark = pytest.mark.django_db

TODAY = calendar.today_local


@pytest.fixture
def world() -> dict[str, Any]:
    """A commune's office (the letters' unit) under a city body that supervises it, another
    commune, and one person per role and relation."""
    above = org.UnitFactory(name="Ủy ban nhân dân thành phố Thử nghiệm")
    office = lf.make_office()
    org.UnitLinkFactory(parent=above, child=office.unit)
    elsewhere = lf.make_office("Ủy ban nhân dân xã Thử nghiệm Tây")
    people = {
        ("receiving officer", "same_unit"): office.receiver,
        ("handling officer", "same_unit"): office.other_handler,
        ("handling officer", "assigned"): office.handler,
        ("unit leader", "same_unit"): office.leader,
        ("inspector", "same_unit"): office.inspector,
        ("administrator", "same_unit"): lf.member(office.unit, Role.ADMINISTRATOR),
        ("receiving officer", "unit_above"): lf.member(above, Role.RECEIVING_OFFICER),
        ("unit leader", "unit_above"): lf.member(above, Role.UNIT_LEADER),
        ("inspector", "unit_above"): lf.member(above, Role.INSPECTOR),
        ("receiving officer", "other_unit"): elsewhere.receiver,
        ("unit leader", "other_unit"): elsewhere.leader,
        ("inspector", "other_unit"): elsewhere.inspector,
        ("citizen", "none"): org.UserFactory(),
    }
    # The head who resolves the cases is a second leader of the unit, named on each case.
    people[("unit leader", "resolver")] = lf.member(office.unit, Role.UNIT_LEADER)
    return {"office": office, "people": people}


_SIGNERS = iter(range(1, 10_000))


def _someone() -> intake.SignerInput:
    """A different person for each letter, so that no letter duplicates another."""
    n = next(_SIGNERS)
    return intake.SignerInput(
        full_name=f"Người Thử Nghiệm Số {n}", id_number=f"0010770{n:05d}",
        phone=f"09773{n:05d}", address=f"Số {n} xóm Trại",
    )  # fmt: skip


def _letters(office: lf.Office) -> dict[str, Letter]:
    unit, clerk = office.unit, office.receiver

    def received(kind: str = LetterKind.COMPLAINT, **extra: Any) -> Letter:
        return lf.receive(unit, clerk, kind=kind, signers=[_someone()], **extra).letter

    def classified(kind: str = LetterKind.COMPLAINT, **extra: Any) -> Letter:
        return lf.classify(received(kind), clerk, **extra)

    complaint = classified()
    letters = {
        "received complaint": received(),
        "received mixed letter": received(LetterKind.MIXED),
        "classified complaint": complaint,
        "classified feedback": classified(LetterKind.FEEDBACK),
        "classified mixed letter": classified(LetterKind.MIXED),
        "classified anonymous denunciation": classified(LetterKind.DENUNCIATION, anonymous=True),
        "classified complaint of another body": classified(
            competent_unit=None, competent_body="Sở Xây dựng"
        ),
    }
    letters["accepted"] = lf.accept(classified(), clerk).letter
    refused = classified()
    letters["not accepted"] = handling.letter_not_accept(
        letter=refused, actor=clerk, ground=GROUNDS_BY_KIND["complaint"][0]
    )
    letters["forwarded"] = handling.letter_forward(
        letter=classified(LetterKind.FEEDBACK), actor=clerk, to_body="Sở Xây dựng"
    )
    letters["guided"] = handling.letter_guide(
        letter=classified(), actor=clerk, guidance="Gửi Sở Xây dựng.", to_body="Sở Xây dựng"
    )
    letters["filed"] = handling.letter_archive(letter=received(), actor=clerk, reason="Đơn trùng")
    letters["split"] = handling.letter_split(
        letter=received(LetterKind.MIXED),
        actor=clerk,
        parts=[
            handling.Part(LetterKind.COMPLAINT, "Khiếu nại", "Nội dung khiếu nại"),
            handling.Part(LetterKind.FEEDBACK, "Phản ánh", "Nội dung phản ánh"),
        ],
    )[0].source_letter
    letters["referred"] = handling.letter_route_anonymous(
        letter=classified(LetterKind.DENUNCIATION, anonymous=True),
        actor=clerk,
        outcome=AnonymousOutcome.INSPECT,
        reason="Kiểm tra theo thẩm quyền",
    )
    return letters


_COMPLAINT_GROUNDS = GROUNDS_BY_KIND["complaint"]


def _letter_data(key: str, letter: Letter) -> dict[str, Any]:
    today = TODAY().isoformat()
    data: dict[str, Any] = {
        "classify": {
            "kind": letter.kind, "matter": "state", "summary": "Tóm tắt nội dung đơn.",
            "competent_unit": letter.unit_id, "eligible": "yes",
            "override_reason": "Thuộc thẩm quyền.", "content_redacted": letter.content_redacted,
        },
        "split": {
            "kind_1": "complaint", "subject_1": "Khiếu nại", "content_1": "Nội dung khiếu nại",
            "kind_2": "feedback", "subject_2": "Phản ánh", "content_2": "Nội dung phản ánh",
        },
        "accept": {"accepted_on": today, "new_facts": "on"},
        "not_accept": {"ground": GROUNDS_BY_KIND.get(letter.kind, _COMPLAINT_GROUNDS)[0]},
        "forward": {"to_body": "Sở Xây dựng", "reason": "Không thuộc thẩm quyền."},
        "guide": {"guidance": "Gửi Sở Xây dựng.", "to_body": "Sở Xây dựng"},
        "anonymous": {"outcome": AnonymousOutcome.ARCHIVE, "reason": "Không đủ căn cứ."},
        "archive": {"reason": "Đơn trùng nội dung."},
        "cluster": {"title": "Cụm đơn", "letters": []},
        "party": {"note": ""},
    }[key]  # fmt: skip
    return {f"{key}-{name}": value for name, value in {**data, "version": letter.version}.items()}


def _cases(office: lf.Office, resolver: Any) -> dict[str, Case]:
    clerk, leader = office.receiver, office.leader

    def open_case(kind: str = LetterKind.COMPLAINT) -> Case:
        letter = (
            lf.denunciation(office.unit, clerk)
            if kind == LetterKind.DENUNCIATION
            else lf.receive(office.unit, clerk, kind=kind, signers=[_someone()]).letter
        )
        case = lf.accept(letter, clerk, resolver=resolver, new_facts=True)
        return cases.case_assign(case=case, actor=leader, handler_ids=[office.handler.pk])

    found = {"complaint in progress": open_case()}
    denunciation = open_case(LetterKind.DENUNCIATION)
    found["complicated denunciation in progress"] = cases.case_set_complexity(
        case=denunciation, actor=resolver, grounds=["places"], reason="Xác minh nhiều nơi"
    )
    found["denunciation in progress, not complicated"] = open_case(LetterKind.DENUNCIATION)
    found["suspended"] = cases.case_suspend(
        case=open_case(), actor=resolver, ground="Chờ giám định", started_on=TODAY()
    )
    decided = cases.case_decide(
        case=open_case(), actor=resolver, outcome="rejected", findings="Kết quả xác minh.",
        conclusion="Khiếu nại không đúng.", decided_on=TODAY(),
    )  # fmt: skip
    # The citizen agreed to the publication of the answer (the public form's consent).
    Letter.objects.filter(pk=decided.letter_id).update(publish_consent=True)
    found["decided"] = decided
    closed = cases.case_decide(
        case=open_case(), actor=resolver, outcome="rejected", findings="Kết quả xác minh.",
        conclusion="Khiếu nại không đúng.", decided_on=TODAY(),
    )  # fmt: skip
    found["closed"] = cases.case_send(case=closed, actor=resolver, sent_on=TODAY())
    found["terminated"] = cases.case_terminate(
        case=open_case(), actor=resolver, ground="Người khiếu nại rút đơn."
    )
    return found


def _case_data(key: str, case: Case, people: dict[str, Any]) -> dict[str, Any]:
    today = TODAY().isoformat()
    signer = case.letter.signers.order_by("position").values_list("pk", flat=True).first()
    data: dict[str, Any] = {
        "assign": {"handlers": [people[("handling officer", "assigned")].pk]},
        "note": {"kind": "verification", "occurred_on": today, "text": "Đã xác minh tại chỗ."},
        "complexity": {"grounds": ["places", "contents"], "reason": "Nhiều nơi, nhiều nội dung"},
        "extend": {"days": 10, "decided_on": today, "reason": "Cần thêm thời gian xác minh."},
        "suspend": {"ground": "Chờ kết quả giám định.", "started_on": today},
        "resume": {"resumed_on": today},
        "withdraw": {"scope": "partial", "signers": [signer], "received_on": today,
                     "content": "Rút một phần nội dung."},
        "decide": {"outcome": "rejected", "decided_on": today, "findings": "Kết quả xác minh.",
                   "conclusion": "Không đúng."},
        "terminate": {"ground": "Người khiếu nại rút toàn bộ đơn."},
        "send": {"sent_on": today},
        "publish": {"title": "Công khai kết quả", "text": "Kết quả giải quyết.",
                    "starts_on": today},
        "inform_party": {"measure": "discipline", "measure_on": today, "informed_on": today,
                         "party_body": "Chi bộ cơ quan"},
    }[key]  # fmt: skip
    return {f"{key}-{name}": value for name, value in {**data, "version": case.version}.items()}


def _check(outcomes: list[Outcome], declared: set[str]) -> None:
    disagreements = [str(o) for o in outcomes if o.offered != o.accepted]
    assert not disagreements, "\n".join(disagreements)
    accepted = {o.move for o in outcomes if o.accepted}
    assert declared - accepted == set(), f"never accepted: {sorted(declared - accepted)}"


def test_every_letter_move_is_offered_exactly_when_the_service_accepts_it(client, world):
    office = world["office"]
    letters = _letters(office)
    outcomes = list(
        walk(
            client,
            people=world["people"],
            objects=letters,
            actions=LETTER_ACTIONS,
            page_url=lambda letter: reverse("letters:staff-letter-detail", args=[letter.pk]),
            data_for=_letter_data,
        )
    )
    # The party track needs a party body (this world's office is a people's committee): its
    # own tests walk it (test_party_track).
    assert {o.status for o in outcomes} == set(LETTER_WORKFLOW.states.values) - {"party"}
    # Clustering needs letters from one commune and field, and redacting a file needs a file:
    # their own tests walk them (test_staff_letter_actions).
    _check(outcomes, {a.key for a in LETTER_ACTIONS} - {"cluster", "party"})


def test_every_case_move_is_offered_exactly_when_the_service_accepts_it(client, world):
    office, people = world["office"], world["people"]
    found = _cases(office, people[("unit leader", "resolver")])
    outcomes = list(
        walk(
            client,
            people=people,
            objects=found,
            actions=CASE_ACTIONS,
            page_url=lambda case: reverse("letters:staff-case-detail", args=[case.pk]),
            data_for=lambda key, case: _case_data(key, case, people),
        )
    )
    assert {o.status for o in outcomes} == set(CASE_WORKFLOW.states.values)
    _check(outcomes, {a.key for a in CASE_ACTIONS})
