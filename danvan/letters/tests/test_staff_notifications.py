"""Staff notifications: a handler told of a case assigned, the approvers of a proposal awaiting,
the proposer of a proposal returned — each once, in the back office and by one e-mail, never
the person who acted, never naming a denouncer; the header's count and the list page."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danvan.core import calendar
from danvan.core.models import AuditEntry
from danvan.letters.services import cases, verification
from danvan.letters.tests import factories as lf
from danvan.notifications.models import Message
from danvan.organizations.models import Delegation
from danvan.organizations.roles import Position, Role
from danvan.workflow import proposals, staff_notifications
from danvan.workflow.choices import NoticeKind
from danvan.workflow.models import StaffNotification

pytestmark = pytest.mark.django_db

EVENT = "workflow.staff_notification"
TABLE = StaffNotification._meta.db_table


def _told(user: Any, kind: str | None = None) -> list[StaffNotification]:
    rows = StaffNotification.objects.filter(recipient=user).order_by("id")
    return list(rows.filter(kind=kind) if kind else rows)


def _mails(user: Any) -> list[Message]:
    return list(Message.objects.filter(event=EVENT, address=user.email).order_by("id"))


def _client(user: Any, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def _delegated_deputy(office: lf.Office) -> Any:
    """A deputy head who decides every kind of letter under the head's assignment."""
    deputy = lf.member(office.unit, Role.UNIT_LEADER, position=Position.DEPUTY)
    Delegation.objects.create(
        unit=office.unit, deputy=deputy, letter_kinds=[],
        document="05/QĐ-UBND", effective_from=calendar.today_local() - dt.timedelta(days=30),
    )  # fmt: skip
    return deputy


_SEQUENCE = itertools.count(1)


def _letter(office: lf.Office, **kwargs: Any) -> Any:
    """A letter of its own content (not a duplicate of the others)."""
    n = next(_SEQUENCE)
    kwargs.setdefault("subject", f"Khiếu nại quyết định thu hồi đất số {n}")
    kwargs.setdefault("content", f"Đề nghị xem xét lại quyết định thu hồi đất số {n}/QĐ-UBND.")
    return lf.receive(office.unit, office.receiver, **kwargs).letter


def _case(office: lf.Office, **kwargs: Any) -> Any:
    letter = _letter(office, **kwargs)
    return lf.accept(letter, office.leader, resolver=office.leader, new_facts=True)


# -- who is told, once ---------------------------------------------------------------------


def test_each_newly_assigned_handler_is_told_once_and_the_actor_never() -> None:
    office = lf.make_office()
    case = _case(office)
    cases.case_assign(
        case=case,
        actor=office.leader,
        handler_ids=[office.handler.pk, office.other_handler.pk, office.leader.pk],
    )
    for person in (office.handler, office.other_handler):
        (told,) = _told(person)
        assert told.kind == NoticeKind.ASSIGNED
        assert told.url == f"/staff/cases/{case.pk}/"
        assert told.actor_id == office.leader.pk
        (mail,) = _mails(person)
        assert told.message_id == mail.pk
        assert case.number in mail.subject
        assert f"/staff/cases/{case.pk}/" in mail.body
    assert _told(office.leader) == []  # the leader assigned themselves: not told
    assert _mails(office.leader) == []

    # The same handlers again, then one of them alone: nobody is newly assigned.
    case.refresh_from_db()
    cases.case_assign(
        case=case, actor=office.leader, handler_ids=[office.handler.pk, office.other_handler.pk]
    )
    case.refresh_from_db()
    cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    assert len(_told(office.handler)) == 1
    assert len(_told(office.other_handler)) == 1
    assert len(_mails(office.handler)) == 1

    # Taken off and assigned again later: a new assignment, told again (once).
    case.refresh_from_db()
    cases.case_assign(
        case=case, actor=office.leader, handler_ids=[office.handler.pk, office.other_handler.pk]
    )
    assert len(_told(office.other_handler)) == 2
    assert len(_mails(office.other_handler)) == 2
    assert len(_told(office.handler)) == 1


def test_a_head_named_to_resolve_is_told_and_the_one_accepting_is_not() -> None:
    office = lf.make_office()
    deputy = _delegated_deputy(office)
    case = _case(office)
    assert _told(office.leader) == []
    cases.case_assign(
        case=case, actor=office.leader, handler_ids=[office.handler.pk], resolver_id=deputy.pk
    )
    (told,) = _told(deputy)
    assert told.kind == NoticeKind.ASSIGNED
    case.refresh_from_db()
    cases.case_assign(
        case=case, actor=office.leader, handler_ids=[office.handler.pk], resolver_id=deputy.pk
    )
    assert len(_told(deputy)) == 1  # the same resolver again: not told again


def test_the_same_event_twice_writes_one_notification_and_one_mail() -> None:
    office = lf.make_office()
    case = _case(office)
    for _ in range(2):
        staff_notifications.notify(
            kind=NoticeKind.ASSIGNED,
            key=f"letters.case#{case.pk}:assigned:test",
            recipients=[office.handler.pk, office.handler.pk],
            target=case,
            url="/staff/cases/",
            actor=office.leader,
        )
    assert len(_told(office.handler)) == 1
    assert len(_mails(office.handler)) == 1


def test_an_account_without_e_mail_is_told_in_the_back_office_only() -> None:
    office = lf.make_office()
    office.handler.email = ""
    office.handler.save(update_fields=["email"])
    case = _case(office)
    cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    (told,) = _told(office.handler)
    assert told.message_id is None
    assert Message.objects.filter(event=EVENT).count() == 0


def test_a_rolled_back_assignment_tells_nobody() -> None:
    office = lf.make_office()
    case = _case(office)
    with pytest.raises(Exception):  # noqa: B017, PT011 - the stale version's refusal
        cases.case_assign(
            case=case,
            actor=office.leader,
            handler_ids=[office.handler.pk],
            expected_version=case.version + 5,
        )
    assert _told(office.handler) == []
    assert Message.objects.filter(event=EVENT).count() == 0


def test_a_proposal_awaiting_tells_who_may_approve_and_a_return_tells_the_proposer() -> None:
    office = lf.make_office()
    deputy = _delegated_deputy(office)
    bystander = lf.member(office.unit, Role.UNIT_LEADER, position=Position.DEPUTY)  # no delegation
    letter = lf.classify(_letter(office), office.receiver)
    proposal = proposals.propose(
        actor=office.receiver,
        reasons="Đủ điều kiện thụ lý.",
        obj=letter,
        move_key="accept",
        changes={"accepted_on": calendar.today_local().isoformat()},
    )
    assert proposals.approvers_of(proposal) == sorted([office.leader.pk, deputy.pk])
    for approver in (office.leader, deputy):
        (awaiting,) = _told(approver)
        assert awaiting.kind == NoticeKind.AWAITING
        assert awaiting.proposal_id == proposal.pk
        assert awaiting.url == f"/staff/proposals/{proposal.pk}/"
        assert len(_mails(approver)) == 1
    for nobody in (office.receiver, bystander, office.handler, office.inspector):
        assert _told(nobody) == []

    proposals.return_with_comments(
        proposal=proposal, actor=office.leader, comments="Bổ sung biên bản."
    )
    (returned,) = _told(office.receiver)
    assert returned.kind == NoticeKind.RETURNED
    assert len(_mails(office.receiver)) == 1
    assert len(_told(office.leader)) == 1  # the one who returned it is not told
    assert len(_told(deputy)) == 1

    proposals.propose_again(
        proposal=proposal, actor=office.receiver, reasons="Đã bổ sung.", answer="Đã bổ sung."
    )
    assert [n.kind for n in _told(office.leader)] == [NoticeKind.AWAITING] * 2
    assert len(_mails(office.leader)) == 2
    assert len(_told(office.receiver)) == 1


def test_what_a_notification_says_never_names_the_denouncer() -> None:
    office = lf.make_office()
    letter = lf.denunciation(office.unit, office.receiver)
    case = lf.accept(letter, office.leader, resolver=office.leader)
    cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    page = _client(office.handler).get("/staff/notifications/").content.decode()
    (mail,) = _mails(office.handler)
    texts = [page, mail.subject, mail.body]
    for secret in lf.identity_strings(lf.DENOUNCER):
        for text in texts:
            assert secret not in text
    assert "Tố cáo cán bộ" not in page + mail.body  # nor the subject of the letter
    assert case.number in page
    assert case.number in mail.body


# -- the header and the list page ----------------------------------------------------------


def _notification_queries(context: CaptureQueriesContext) -> int:
    return sum(TABLE in q["sql"] for q in context.captured_queries)


def test_the_header_shows_the_unread_count_with_one_query() -> None:
    office = lf.make_office()
    for _ in range(2):
        case = _case(office)
        cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    client = _client(office.handler)
    for url in ("/staff/", "/staff/cases/", "/"):
        with CaptureQueriesContext(connection) as context:
            page = client.get(url).content.decode()
        assert 'data-unread="2"' in page, url
        assert "2 chưa đọc" in page, url
        assert _notification_queries(context) == 1, url
    # Nothing to read: the link without a count, still one query.
    with CaptureQueriesContext(connection) as context:
        page = _client(office.receiver).get("/staff/").content.decode()
    assert 'href="/staff/notifications/"' in page
    assert "data-unread" not in page
    assert _notification_queries(context) == 1
    # A visitor and a citizen: no link, no query.
    citizen = lf.org.UserFactory()
    for client in (Client(), _client(citizen)):
        with CaptureQueriesContext(connection) as context:
            page = client.get("/").content.decode()
        assert "/staff/notifications/" not in page
        assert _notification_queries(context) == 0


def test_the_list_shows_only_ones_own_and_marks_them_read() -> None:
    office = lf.make_office()
    case = _case(office)
    cases.case_assign(
        case=case, actor=office.leader, handler_ids=[office.handler.pk, office.other_handler.pk]
    )
    mine = _told(office.handler)[0]
    theirs = _told(office.other_handler)[0]
    client = _client(office.handler)
    page = client.get("/staff/notifications/").content.decode()
    assert f'id="notification-{mine.pk}"' in page
    assert f'id="notification-{theirs.pk}"' not in page
    assert f'href="/staff/cases/{case.pk}/"' in page
    assert f"Vụ việc số {case.number} đã được giao cho bạn." in page

    # Someone else's notification (or none at all): 404, untouched.
    for pk in (theirs.pk, theirs.pk + 1000):
        assert client.post(f"/staff/notifications/{pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get(f"/staff/notifications/{mine.pk}/read/").status_code == 405

    response = client.post(f"/staff/notifications/{mine.pk}/read/")
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert AuditEntry.objects.filter(action="workflow.notification.read").count() == 1
    assert 'data-unread="' not in client.get("/staff/").content.decode()

    # Mark all: only one's own.
    other = _client(office.other_handler)
    assert other.post("/staff/notifications/read-all/").status_code == 302
    theirs.refresh_from_db()
    assert theirs.read_at is not None
    assert other.post("/staff/notifications/read-all/").status_code == 302  # nothing left: fine


def test_the_forms_need_the_csrf_token_and_a_staff_member() -> None:
    office = lf.make_office()
    case = _case(office)
    cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    mine = _told(office.handler)[0]
    strict = _client(office.handler, enforce_csrf_checks=True)
    assert strict.post(f"/staff/notifications/{mine.pk}/read/").status_code == 403
    assert strict.post("/staff/notifications/read-all/").status_code == 403
    mine.refresh_from_db()
    assert mine.read_at is None
    assert Client().get("/staff/notifications/").status_code == 302  # to the login page
    assert _client(lf.org.UserFactory()).get("/staff/notifications/").status_code == 403


def test_a_bad_link_to_older_notifications_gives_a_message_not_an_error() -> None:
    office = lf.make_office()
    client = _client(office.handler)
    for junk in ("abc", "-1", "99999999999999999999999"):
        response = client.get(f"/staff/notifications/?before={junk}")
        assert response.status_code == 200
        assert "không hợp lệ" in response.content.decode()


def test_the_list_page_reads_in_a_fixed_number_of_queries() -> None:
    office = lf.make_office()
    deputy = _delegated_deputy(office)

    def grow(n: int) -> None:
        for _ in range(n):
            case = _case(office)
            cases.case_assign(
                case=case, actor=office.leader, handler_ids=[deputy.pk], resolver_id=deputy.pk
            )
            letter = lf.classify(_letter(office), office.receiver)
            proposals.propose(
                actor=office.receiver, reasons="Đủ điều kiện thụ lý.", obj=letter,
                move_key="accept", changes={"accepted_on": calendar.today_local().isoformat()},
            )  # fmt: skip

    client = _client(deputy)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get("/staff/notifications/")
        assert response.status_code == 200
        return len(context.captured_queries)

    grow(1)
    few = count()
    grow(3)
    many = count()
    assert len(_told(deputy)) == 4 * 3  # each round: handler, resolver, an awaiting proposal
    assert many == few


def test_the_list_pages_older_notifications() -> None:
    office = lf.make_office()
    case = _case(office)
    for i in range(staff_notifications.PAGE_SIZE + 2):
        staff_notifications.notify(
            kind=NoticeKind.ASSIGNED, key=f"test:{i}", recipients=[office.handler.pk],
            target=case, url=f"/staff/cases/{case.pk}/",
        )  # fmt: skip
    client = _client(office.handler)
    first = client.get("/staff/notifications/").content.decode()
    assert first.count('id="notification-') == staff_notifications.PAGE_SIZE
    rows = _told(office.handler)
    oldest_shown = rows[2]
    assert f'href="?before={oldest_shown.pk}"' in first
    second = client.get(f"/staff/notifications/?before={oldest_shown.pk}").content.decode()
    assert second.count('id="notification-') == 2
    assert 'href="?before=' not in second


def test_a_verification_team_is_told_the_case_is_theirs_to_verify() -> None:
    office = lf.make_office()
    first = lf.member(office.unit, Role.INSPECTOR)
    second = lf.member(office.unit, Role.INSPECTOR)
    case = _case(office)
    verification.case_verify(
        case=case, actor=office.leader, unit=office.unit, leader_id=first.pk,
        member_ids=[second.pk, office.leader.pk], due_on=case.due_on,
    )  # fmt: skip
    for person in (first, second):
        (told,) = _told(person)
        assert told.kind == NoticeKind.ASSIGNED
        assert told.url == f"/staff/cases/{case.pk}/"
        assert len(_mails(person)) == 1
    assert _told(office.leader) == []
