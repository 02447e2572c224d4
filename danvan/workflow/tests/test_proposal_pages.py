"""The proposal pages through the Django client: the two lists, a proposal's page and its
forms, the downloads, proposing a role grant and proposing a move from the object's page; the
refusals (404 for who may not see, 403 for who may not act) and bad input (never a 500)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfWriter

from danvan.organizations.models import Membership
from danvan.organizations.roles import Role
from danvan.organizations.tests import factories as org
from danvan.workflow import proposals
from danvan.workflow.models import Proposal, ProposalState
from danvan.workflow.tests.kitapp.models import PermitStatus, PermitStatusChange

pytestmark = [pytest.mark.django_db, pytest.mark.urls("danvan.workflow.tests.kitapp.urls")]


def _pdf() -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile("to-trinh.pdf", buffer.getvalue(), content_type="application/pdf")


def _as(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def _url(name: str, proposal: Proposal) -> str:
    return reverse(f"workflow:proposal-{name}", args=[proposal.pk])


def test_the_lists_show_each_person_their_own_work(client: Client, office: Any) -> None:
    proposal = office.propose_grant()
    awaiting = reverse("workflow:proposals-awaiting")
    page = _as(client, office.head).get(awaiting)
    assert page.status_code == 200
    assert proposal.title in page.content.decode()
    assert proposal.title not in _as(client, office.other_head).get(awaiting).content.decode()
    assert proposal.title not in _as(client, office.officer).get(awaiting).content.decode()

    proposals.return_with_comments(proposal=proposal, actor=office.head, comments="Bổ sung.")
    returned = reverse("workflow:proposals-returned")
    assert proposal.title in _as(client, office.officer).get(returned).content.decode()
    assert proposal.title not in _as(client, office.head).get(returned).content.decode()


def test_the_lists_refuse_anonymous_visitors_and_citizens(client: Client, office: Any) -> None:
    awaiting = reverse("workflow:proposals-awaiting")
    assert client.get(awaiting).status_code == 302
    assert _as(client, office.citizen).get(awaiting).status_code == 403


def test_a_proposal_page_shows_content_and_only_the_forms_open_now(
    client: Client, office: Any
) -> None:
    proposal = office.propose_grant(files=[_pdf()])
    page = _as(client, office.head).get(_url("detail", proposal)).content.decode()
    assert "Cấp giấy phép cho Hội Nông dân xã." in page
    assert "Hồ sơ đầy đủ, đúng quy định." in page
    assert f'action="{_url("approve", proposal)}"' in page
    assert f'action="{_url("return", proposal)}"' in page
    assert f'action="{_url("withdraw", proposal)}"' not in page
    mine = _as(client, office.officer).get(_url("detail", proposal)).content.decode()
    assert f'action="{_url("approve", proposal)}"' not in mine
    assert f'action="{_url("withdraw", proposal)}"' in mine
    for outsider in (office.other_head, office.colleague):
        assert _as(client, outsider).get(_url("detail", proposal)).status_code == 404
    assert _as(client, office.head).get("/staff/proposals/999999/").status_code == 404


def test_approving_needs_the_confirmation_and_then_grants_once(client: Client, office: Any) -> None:
    permit = office.permit()
    proposal = office.propose_grant(permit)
    _as(client, office.head)
    response = client.post(_url("approve", proposal), {"approve-version": proposal.version})
    assert response.status_code == 200
    assert "Hãy đánh dấu vào ô để xác nhận phê duyệt." in response.content.decode()
    permit.refresh_from_db()
    assert permit.status == PermitStatus.SUBMITTED

    response = client.post(
        _url("approve", proposal),
        {"approve-version": proposal.version, "approve-confirm": "on", "approve-comment": "Đồng ý"},
    )
    assert response.status_code == 302
    permit.refresh_from_db()
    assert permit.status == PermitStatus.GRANTED
    again = client.post(
        _url("approve", proposal), {"approve-version": proposal.version, "approve-confirm": "on"}
    )
    assert again.status_code == 200  # the page says it changed, with the current state
    assert PermitStatusChange.objects.filter(permit=permit).count() == 1


def test_refusals_on_the_action_urls(client: Client, office: Any) -> None:
    proposal = office.propose_grant()
    data = {"approve-version": proposal.version, "approve-confirm": "on"}
    assert _as(client, office.other_head).post(_url("approve", proposal), data).status_code == 404
    assert _as(client, office.officer).post(_url("approve", proposal), data).status_code == 403
    assert _as(client, office.head).get(_url("approve", proposal)).status_code == 405
    assert _as(client, office.head).post(_url("withdraw", proposal), {}).status_code == 403
    junk = _as(client, office.head).post(_url("approve", proposal), {"approve-version": "x"})
    assert junk.status_code == 200
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING


def test_return_propose_again_and_withdraw_through_the_pages(client: Client, office: Any) -> None:
    proposal = office.propose_grant()
    _as(client, office.head)
    empty = client.post(_url("return", proposal), {"return-version": 1, "return-comments": ""})
    assert empty.status_code == 200
    done = client.post(
        _url("return", proposal), {"return-version": 1, "return-comments": "Bổ sung sơ đồ."}
    )
    assert done.status_code == 302
    proposal.refresh_from_db()
    page = _as(client, office.officer).get(_url("detail", proposal)).content.decode()
    assert "Bổ sung sơ đồ." in page
    assert f'action="{_url("again", proposal)}"' in page
    missing = client.post(_url("again", proposal), {"again-version": proposal.version})
    assert missing.status_code == 200
    sent = client.post(
        _url("again", proposal),
        {"again-version": proposal.version, "again-answer": "Đã bổ sung.",
         "again-reasons": "Đủ hồ sơ.", "again-attachments": _pdf()},
    )  # fmt: skip
    assert sent.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.state, proposal.revision) == (ProposalState.PENDING, 2)
    bad_file = client.post(
        _url("withdraw", proposal),
        {"withdraw-version": proposal.version, "withdraw-confirm": "on", "withdraw-reason": ""},
    )
    assert bad_file.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.WITHDRAWN


def test_a_bad_file_is_refused_beside_the_form(client: Client, office: Any) -> None:
    proposal = office.propose_grant()
    proposals.return_with_comments(proposal=proposal, actor=office.head, comments="Sửa.")
    proposal.refresh_from_db()
    fake = SimpleUploadedFile("x.pdf", b"not a pdf at all", content_type="application/pdf")
    response = _as(client, office.officer).post(
        _url("again", proposal),
        {"again-version": proposal.version, "again-answer": "Đã sửa.", "again-reasons": "Lý do",
         "again-attachments": fake},
    )  # fmt: skip
    assert response.status_code == 200
    assert "x.pdf" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.RETURNED


def test_files_are_downloaded_only_by_who_may_see_the_proposal(client: Client, office: Any) -> None:
    proposal = office.propose_grant(files=[_pdf()])
    attachment = proposal.versions.get().attachments.get()
    url = reverse("workflow:proposal-file", args=[proposal.pk, attachment.pk])
    response = _as(client, office.head).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    assert _as(client, office.other_head).get(url).status_code == 404
    other = office.propose_grant(office.permit())
    wrong = reverse("workflow:proposal-file", args=[other.pk, attachment.pk])
    assert _as(client, office.head).get(wrong).status_code == 404


def test_proposing_a_grant_from_the_permits_page(client: Client, office: Any) -> None:
    permit = office.permit()
    page_url = reverse("kitapp:permit-detail", args=[permit.pk])
    grant_url = reverse("kitapp:permit-grant", args=[permit.pk])
    page = _as(client, office.officer).get(page_url).content.decode()
    assert f'action="{grant_url}"' in page
    no_reason = client.post(grant_url, {"grant-version": 1, "grant-reasons": ""})
    assert no_reason.status_code == 200
    response = client.post(
        grant_url, {"grant-version": 1, "grant-reasons": "Đủ điều kiện.", "grant-note": "Ban ngày"}
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.arguments == {"note": "Ban ngày"}
    permit.refresh_from_db()
    assert permit.status == PermitStatus.SUBMITTED
    history = _as(client, office.head).get(page_url).content.decode()
    assert 'class="proposal-event"' in history
    assert _as(client, office.clerk).post(grant_url, {"grant-version": 1}).status_code == 403


def test_the_role_grant_page(client: Client, office: Any) -> None:
    admin = org.MembershipFactory(unit=office.unit, role=Role.ADMINISTRATOR).user
    second = org.MembershipFactory(unit=office.unit, role=Role.ADMINISTRATOR).user
    person = org.UserFactory(username="nguyen.van.moi", full_name="Nguyễn Văn Mới")
    url = reverse("workflow:proposal-role-grant")
    assert _as(client, office.head).get(url).status_code == 403
    assert _as(client, office.citizen).get(url).status_code == 403
    assert _as(client, admin).get(url).status_code == 200

    unknown = client.post(url, {"unit": office.unit.pk, "username": "khong.co",
                                "role": Role.HANDLING_OFFICER, "reasons": "Điều động"})  # fmt: skip
    assert unknown.status_code == 200
    outside = client.post(url, {"unit": office.other_unit.pk, "username": person.username,
                                "role": Role.HANDLING_OFFICER, "reasons": "Điều động"})  # fmt: skip
    assert outside.status_code == 200
    reversed_dates = client.post(url, {
        "unit": office.unit.pk, "username": person.username, "role": Role.HANDLING_OFFICER,
        "reasons": "Điều động", "effective_from": "2026-05-01", "effective_to": "2026-04-01",
    })  # fmt: skip
    assert reversed_dates.status_code == 200
    assert not Proposal.objects.exists()

    sent = client.post(url, {"unit": office.unit.pk, "username": person.username,
                             "role": Role.HANDLING_OFFICER, "reasons": "Điều động"})  # fmt: skip
    assert sent.status_code == 302
    proposal = Proposal.objects.get()
    assert not Membership.objects.filter(user=person).exists()
    approve = _url("approve", proposal)
    data = {"approve-version": proposal.version, "approve-confirm": "on"}
    assert client.post(approve, data).status_code == 403  # the proposer
    assert _as(client, second).post(approve, data).status_code == 302
    assert Membership.objects.filter(user=person, unit=office.unit).exists()


def test_the_awaiting_list_is_a_work_list_paged_by_keyset(
    client: Client, office: Any, settings: Any
) -> None:
    from danvan.workflow.proposal_views import AWAITING

    settings.LANGUAGE_CODE = "vi"
    made = [office.propose_grant() for _ in range(AWAITING.page_size + 2)]
    awaiting = reverse("workflow:proposals-awaiting")
    response = _as(client, office.head).get(awaiting)
    assert "workflow/worklist.html" in [t.name for t in response.templates]
    first = response.content.decode()
    assert 'aria-sort="ascending"' in first  # the oldest first
    assert _url("detail", made[0]) in first
    assert _url("detail", made[-1]) not in first
    # The next page by its keyset link has the rest, oldest first after the first page's.
    next_url = response.context["work"].next_url
    assert next_url
    assert "page=" not in next_url
    second = client.get(next_url if next_url.startswith("/") else awaiting + next_url)
    html = second.content.decode()
    assert _url("detail", made[-1]) in html
    assert _url("detail", made[0]) not in html
    # Another approver of another unit sees none of them.
    other = _as(client, office.other_head).get(awaiting).content.decode()
    assert all(_url("detail", p) not in other for p in made)
