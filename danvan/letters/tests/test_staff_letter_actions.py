"""Back office: the actions on a letter, posted from its page (classify, accept, not accept,
forward, guide, file, split, the anonymous route, clusters, redacted copies, notices)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.core import calendar
from danvan.core.models import AuditEntry
from danvan.letters.choices import AnonymousOutcome, IneligibilityGround, LetterKind
from danvan.letters.models import Attachment, Case, Cluster, Letter
from danvan.letters.states import LetterStatus
from danvan.letters.tests import factories as lf
from danvan.workflow.models import Proposal

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world() -> lf.World:
    return lf.make_world()


def url(name: str, letter: Letter, *args) -> str:
    return reverse(f"letters:staff-letter-{name}", args=[letter.pk, *args])


def detail(letter: Letter) -> str:
    return url("detail", letter)


def classify_data(letter: Letter, **overrides):
    data = {
        "classify-version": letter.version,
        "classify-kind": letter.kind,
        "classify-matter": "state",
        "classify-summary": "Khiếu nại quyết định thu hồi đất của xã.",
        "classify-competent_unit": letter.unit_id,
        "classify-eligible": "yes",
    }
    data.update({f"classify-{k}": v for k, v in overrides.items()})
    return data


# --- classify --------------------------------------------------------------------------------


def test_receiver_classifies_a_letter(client, world):
    office = world.office
    letter = lf.receive(office.unit, office.receiver).letter
    client.force_login(office.receiver)
    response = client.post(url("classify", letter), classify_data(letter))
    assert response.status_code == 302
    assert response["Location"] == detail(letter)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CLASSIFIED
    assert letter.competent_unit == office.unit
    assert letter.summary == "Khiếu nại quyết định thu hồi đất của xã."
    page = client.get(detail(letter)).content.decode()
    assert "The letter was classified." in page
    # Now the handling forms are offered.
    for name in ("accept", "not_accept", "guide", "archive"):
        assert url(name, letter) in page
    assert url("forward", letter) not in page  # a complaint is guided, never forwarded


def test_classify_refusal_is_shown_with_the_input_kept(client, world):
    office = world.office
    letter = lf.receive(office.unit, office.receiver).letter
    client.force_login(office.receiver)
    data = classify_data(letter, eligible="no", summary="Tóm tắt còn giữ lại")
    response = client.post(url("classify", letter), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A letter that is not eligible needs its legal ground." in page
    assert "Tóm tắt còn giữ lại" in page
    letter.refresh_from_db()
    assert letter.status == LetterStatus.RECEIVED


def test_classify_offers_only_the_grounds_of_the_kind(client, world):
    office = world.office
    letter = lf.receive(office.unit, office.receiver).letter
    client.force_login(office.receiver)
    page = client.get(detail(letter)).content.decode()
    assert f'value="{IneligibilityGround.KN_UNSIGNED.value}"' in page
    assert f'value="{IneligibilityGround.TC_NO_BASIS.value}"' not in page


def test_a_stale_form_says_someone_else_changed_the_letter(client, world):
    office = world.office
    letter = lf.receive(office.unit, office.receiver).letter
    old = letter.version
    lf.classify(letter, office.leader)  # someone else, meanwhile
    client.force_login(office.receiver)
    data = classify_data(letter, summary="Bản tóm tắt của tôi")
    data["classify-version"] = old
    response = client.post(url("classify", letter), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this letter" in page
    assert "Bản tóm tắt của tôi" in page
    letter.refresh_from_db()
    assert letter.summary == "Tóm tắt nội dung đơn."
    # The re-shown form carries the current version: sending it again now works.
    assert f'name="classify-version" value="{letter.version}"' in page
    data["classify-version"] = letter.version
    assert client.post(url("classify", letter), data).status_code == 302


@pytest.mark.parametrize("version", ["", "abc", "-1", "99999999999999"])
def test_a_missing_or_junk_version_is_a_form_error(client, world, version):
    office = world.office
    letter = lf.receive(office.unit, office.receiver).letter
    client.force_login(office.receiver)
    data = classify_data(letter)
    data["classify-version"] = version
    response = client.post(url("classify", letter), data)
    assert response.status_code == 200
    assert "This form is out of date" in response.content.decode()


def test_receiver_edits_the_redacted_copy_of_a_denunciation(client, world):
    office = world.office
    letter = lf.denunciation(office.unit, office.receiver)
    client.force_login(office.receiver)
    leaky = classify_data(letter, content_redacted="Bà Đoàn Thị Mỹ Hạnh tố cáo cán bộ địa chính.")
    response = client.post(url("classify", letter), leaky)
    assert response.status_code == 200
    assert "still contains a signer" in response.content.decode()
    clean = classify_data(
        letter, content_redacted="Người tố cáo phản ánh cán bộ địa chính nhận tiền."
    )
    assert client.post(url("classify", letter), clean).status_code == 302
    letter.refresh_from_db()
    assert letter.content_redacted == "Người tố cáo phản ánh cán bộ địa chính nhận tiền."


# --- handle ----------------------------------------------------------------------------------


def test_the_receiver_proposes_acceptance_and_the_head_approves_it(client, world):
    """The receiving officer proposes acceptance (TT 05/2021 Art. 13, Mẫu 01); the head of the
    unit decides it (Luật Khiếu nại Art. 27; DOMAIN.md §12.1d). Before this rule the receiving
    officer accepted the letter in the unit's name: this test posted the acceptance as the
    receiver and expected the case to open; it now expects a proposal, and the case to open
    only on the head's approval, with the head as its resolver."""
    office = world.office
    letter = lf.classify(lf.receive(office.unit, office.receiver).letter, office.receiver)
    client.force_login(office.receiver)
    page = client.get(detail(letter)).content.decode()
    assert "Propose for approval: Accept for resolution" in page
    today = calendar.today_local().isoformat()
    data = {"accept-version": letter.version, "accept-confirm": "on", "accept-accepted_on": today}
    response = client.post(url("accept", letter), data)
    assert response.status_code == 200  # the proposal needs its reasons
    assert "This field is required" in response.content.decode()
    data["accept-reasons"] = "Đơn đủ điều kiện thụ lý, thuộc thẩm quyền của UBND xã."
    response = client.post(url("accept", letter), data)
    assert response.status_code == 302
    assert not Case.objects.filter(letter=letter).exists()
    proposal = Proposal.objects.get(move_key="accept", object_id=str(letter.pk))
    assert proposal.arguments == {"accepted_on": today, "previous_case": None, "new_facts": False}
    # The receiver cannot approve their own proposal, nor can the handler.
    for person in (office.receiver, office.handler):
        client.force_login(person)
        approve = reverse("workflow:proposal-approve", args=[proposal.pk])
        answer = client.post(
            approve, {"approve-version": proposal.version, "approve-confirm": "on"}
        )
        assert answer.status_code in {403, 404}
    client.force_login(office.leader)
    awaiting = client.get(reverse("workflow:proposals-awaiting")).content.decode()
    assert reverse("workflow:proposal-detail", args=[proposal.pk]) in awaiting
    response = client.post(
        reverse("workflow:proposal-approve", args=[proposal.pk]),
        {"approve-version": proposal.version, "approve-confirm": "on"},
    )
    assert response.status_code == 302
    case = Case.objects.get(letter=letter)
    assert case.resolver == office.leader
    assert case.accepted_by == office.leader
    page = client.get(detail(letter)).content.decode()
    assert reverse("letters:staff-case-detail", args=[case.pk]) in page
    letter.refresh_from_db()
    document = letter.handling_document
    assert document is not None
    download = url("document", letter, document.pk)
    assert download in page
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_the_head_accepts_directly(client, world):
    """The head of the unit decides acceptance himself without a proposal (Luật Khiếu nại
    Art. 27)."""
    office = world.office
    letter = lf.classify(lf.receive(office.unit, office.receiver).letter, office.receiver)
    client.force_login(office.leader)
    page = client.get(detail(letter)).content.decode()
    assert "Propose for approval: Accept for resolution" not in page
    data = {
        "accept-version": letter.version,
        "accept-confirm": "on",
        "accept-accepted_on": calendar.today_local().isoformat(),
    }
    response = client.post(url("accept", letter), data)
    assert response.status_code == 302
    assert Case.objects.get(letter=letter).resolver == office.leader


def test_accept_of_a_second_time_complaint_names_the_first_case_by_number(client, world):
    office = world.office
    superior = lf.make_office("Ủy ban nhân dân tỉnh Thử nghiệm")
    from danvan.organizations.tests import factories as org

    org.UnitLinkFactory(parent=superior.unit, child=office.unit)
    first = lf.accept(lf.receive(office.unit, office.receiver).letter, office.leader)
    Case.objects.filter(pk=first.pk).update(appeal_until=calendar.today_local())
    appeal = lf.receive(
        superior.unit,
        superior.receiver,
        subject="Khiếu nại lần hai",
        content="Tôi không đồng ý với quyết định giải quyết lần đầu, đề nghị cấp tỉnh xem xét.",
    ).letter
    second = lf.classify(appeal, superior.receiver)
    client.force_login(superior.leader)  # the head decides (DOMAIN.md §12.1d)
    page = client.get(detail(second)).content.decode()
    assert first.number in page  # offered: same person, first-time complaint of a unit below
    data = {
        "accept-version": second.version,
        "accept-confirm": "on",
        "accept-accepted_on": calendar.today_local().isoformat(),
        "accept-previous_case_number": "99/1999/KN",
    }
    response = client.post(url("accept", second), data)
    assert response.status_code == 200
    assert "No single first-time complaint case" in response.content.decode()
    data["accept-previous_case_number"] = first.number
    assert client.post(url("accept", second), data).status_code == 302
    assert Case.objects.get(letter=second).previous == first


def test_refuse_names_the_legal_ground(client, world):
    office = world.office
    letter = lf.classify(lf.receive(office.unit, office.receiver).letter, office.receiver)
    client.force_login(office.leader)  # the head decides (DOMAIN.md §12.1d)
    data = {
        "not_accept-version": letter.version,
        "not_accept-confirm": "on",
        "not_accept-ground": IneligibilityGround.KN_TIME_BARRED.value,
        "not_accept-note": "Quá thời hiệu khiếu nại.",
    }
    assert client.post(url("not_accept", letter), data).status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.NOT_ACCEPTED
    assert letter.ineligibility_ground == IneligibilityGround.KN_TIME_BARRED
    # A ground of another kind is refused by the form.
    other = lf.classify(lf.receive(office.unit, office.receiver).letter, office.receiver)
    data = {
        "not_accept-version": other.version,
        "not_accept-confirm": "on",
        "not_accept-ground": IneligibilityGround.TC_NO_BASIS,
    }
    assert client.post(url("not_accept", other), data).status_code == 200


def test_forward_to_another_unit_registers_a_copy_there(client, world):
    office = world.office
    letter = lf.receive(office.unit, office.receiver, kind=LetterKind.PETITION).letter
    letter = lf.classify(letter, office.receiver, competent_unit=world.elsewhere.unit)
    client.force_login(office.leader)  # the head decides (DOMAIN.md §12.1d)
    response = client.post(
        url("forward", letter),
        {
            "forward-version": letter.version,
            "forward-confirm": "on",
            "forward-reason": "Không thuộc thẩm quyền",
        },
    )
    assert response.status_code == 200
    assert "Choose a unit or name the competent body." in response.content.decode()
    response = client.post(
        url("forward", letter),
        {
            "forward-version": letter.version,
            "forward-confirm": "on",
            "forward-to_unit": world.elsewhere.unit.pk,
            "forward-reason": "Không thuộc thẩm quyền",
        },
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.FORWARDED
    copy = Letter.objects.get(source_letter=letter)
    assert copy.unit == world.elsewhere.unit
    page = client.get(detail(letter)).content.decode()
    assert copy.register_label in page
    assert detail(copy) not in page  # the other unit's register is not ours to open


def test_guide_and_file(client, world):
    office = world.office
    client.force_login(office.leader)  # the head decides (DOMAIN.md §12.1d)
    letter = lf.classify(lf.receive(office.unit, office.receiver).letter, office.receiver)
    response = client.post(
        url("guide", letter),
        {
            "guide-version": letter.version,
            "guide-confirm": "on",
            "guide-to_body": "Tòa án nhân dân khu vực 1",
            "guide-guidance": "Đề nghị ông gửi đơn đến Tòa án nhân dân khu vực 1.",
        },
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.GUIDED
    other = lf.receive(office.unit, office.receiver).letter
    response = client.post(
        url("archive", other),
        {"archive-version": other.version, "archive-confirm": "on", "archive-reason": ""},
    )
    assert response.status_code == 200
    response = client.post(
        url("archive", other),
        {"archive-version": other.version, "archive-confirm": "on", "archive-reason": "Đơn trùng"},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == LetterStatus.ARCHIVED


def test_split_mixed_content_into_parts(client, world):
    office = world.office
    letter = lf.receive(office.unit, office.receiver, kind=LetterKind.MIXED).letter
    client.force_login(office.receiver)
    page = client.get(detail(letter)).content.decode()
    assert url("split", letter) in page
    one_part = {
        "split-version": letter.version,
        "split-confirm": "on",
        "split-kind_1": LetterKind.COMPLAINT,
        "split-subject_1": "Khiếu nại thu hồi đất",
        "split-content_1": "Nội dung khiếu nại.",
    }
    response = client.post(url("split", letter), one_part)
    assert response.status_code == 200
    assert "Give at least two parts." in response.content.decode()
    two_parts = one_part | {
        "split-kind_2": LetterKind.PETITION,
        "split-subject_2": "Kiến nghị sửa đường",
        "split-content_2": "Nội dung kiến nghị.",
    }
    assert client.post(url("split", letter), two_parts).status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SPLIT
    assert letter.derived_letters.count() == 2


def test_anonymous_denunciation_content_takes_its_own_route(client, world):
    office = world.office
    letter = lf.receive(
        office.unit,
        office.receiver,
        kind=LetterKind.DENUNCIATION,
        signers=[],
        signed=False,
        subject="Thông tin phản ánh cán bộ nhận tiền",
    ).letter
    letter = lf.classify(letter, office.receiver, anonymous=True)
    client.force_login(office.leader)  # the head decides (DOMAIN.md §12.1d)
    page = client.get(detail(letter)).content.decode()
    assert url("anonymous", letter) in page
    assert url("accept", letter) not in page
    response = client.post(
        url("anonymous", letter),
        {
            "anonymous-version": letter.version,
            "anonymous-confirm": "on",
            "anonymous-outcome": AnonymousOutcome.INSPECT,
            "anonymous-reason": "Thông tin cụ thể, có cơ sở kiểm tra.",
        },
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.REFERRED


# --- clusters and redacted copies ----------------------------------------------------------


def test_letters_are_grouped_into_a_cluster(client, world):
    from danvan.organizations.tests import factories as org

    office = world.office
    ward = org.WardFactory()
    lead = lf.receive(office.unit, office.receiver, ward=ward, subject="Ngập úng ngõ 12").letter
    other = lf.receive(
        office.unit,
        office.receiver,
        ward=ward,
        subject="Ngập nước ngõ 12",
        signers=[lf.DENOUNCER],
    ).letter
    client.force_login(office.receiver)
    page = client.get(detail(lead)).content.decode()
    assert url("cluster", lead) in page
    assert other.subject in page
    response = client.post(
        url("cluster", lead),
        {"cluster-version": lead.version, "cluster-title": "", "cluster-letters": [other.pk]},
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    response = client.post(
        url("cluster", lead),
        {
            "cluster-version": lead.version,
            "cluster-title": "Ngập úng ngõ 12",
            "cluster-letters": [other.pk],
        },
    )
    assert response.status_code == 302
    cluster = Cluster.objects.get()
    assert cluster.lead == lead
    assert set(cluster.letters.values_list("pk", flat=True)) == {lead.pk, other.pk}
    assert AuditEntry.objects.filter(action="letters.cluster.created").exists()
    page = client.get(detail(other)).content.decode()
    assert "Ngập úng ngõ 12" in page


def test_cluster_refuses_a_letter_that_is_not_a_candidate(client, world):
    office = world.office
    lead = lf.receive(office.unit, office.receiver).letter
    theirs = lf.receive(world.elsewhere.unit, world.elsewhere.receiver).letter
    client.force_login(office.receiver)
    response = client.post(
        url("cluster", lead),
        {"cluster-version": lead.version, "cluster-title": "Cụm", "cluster-letters": [theirs.pk]},
    )
    assert response.status_code == 200
    assert not Cluster.objects.exists()


def test_receiver_uploads_a_redacted_copy_that_inspectors_then_see(client, world):
    office = world.office
    letter = lf.denunciation(office.unit, office.receiver, attachments=[lf.png_upload()])
    original = letter.attachments.get()
    client.force_login(office.receiver)
    redact = url("redact", letter, original.pk)
    assert redact in client.get(detail(letter)).content.decode()
    response = client.post(
        redact,
        {
            f"redact-{original.pk}-version": letter.version,
            f"redact-{original.pk}-file": lf.png_upload("ban-che.png"),
        },
    )
    assert response.status_code == 302
    copy = Attachment.objects.get(redacted_copy_of=original)
    assert copy.original_name == f"ban-da-che-{original.pk}.png"
    client.force_login(office.inspector)
    page = client.get(detail(letter)).content.decode()
    assert url("attachment", letter, copy.pk) in page
    assert url("attachment", letter, original.pk) not in page
    assert client.get(url("attachment", letter, copy.pk)).status_code == 200
    assert client.post(redact, {}).status_code == 403


def test_a_file_that_is_not_a_picture_or_document_is_refused_as_redacted_copy(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    office = world.office
    letter = lf.denunciation(office.unit, office.receiver, attachments=[lf.png_upload()])
    original = letter.attachments.get()
    client.force_login(office.receiver)
    response = client.post(
        url("redact", letter, original.pk),
        {
            f"redact-{original.pk}-version": letter.version,
            f"redact-{original.pk}-file": SimpleUploadedFile("x.png", b"MZ not a picture"),
        },
    )
    assert response.status_code == 200
    assert "whatever its name says" in response.content.decode()
    assert not Attachment.objects.filter(redacted_copy_of=original).exists()


# --- who may act -----------------------------------------------------------------------------


ACTIONS = [
    "classify",
    "accept",
    "not_accept",
    "forward",
    "guide",
    "archive",
    "split",
    "anonymous",
    "cluster",
]


@pytest.mark.parametrize("action", ACTIONS)
def test_inspectors_and_handling_officers_may_not_act_on_letters(client, world, action):
    office = world.office
    letter = lf.classify(lf.receive(office.unit, office.receiver).letter, office.receiver)
    for person in (office.inspector, office.handler):
        client.force_login(person)
        assert client.get(detail(letter)).status_code == 200
        assert url(action, letter) not in client.get(detail(letter)).content.decode()
        response = client.post(url(action, letter), {f"{action}-version": letter.version})
        assert response.status_code == 403


@pytest.mark.parametrize("action", ACTIONS)
def test_letter_actions_of_another_unit_are_not_found(client, world, action):
    letter = lf.receive(world.office.unit, world.office.receiver).letter
    client.force_login(world.elsewhere.receiver)
    response = client.post(url(action, letter), {f"{action}-version": letter.version})
    assert response.status_code == 404


@pytest.mark.parametrize("action", ACTIONS)
def test_letter_actions_need_a_staff_login(client, world, action):
    letter = lf.receive(world.office.unit, world.office.receiver).letter
    response = client.post(url(action, letter), {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(world.citizen)
    assert client.post(url(action, letter), {}).status_code == 403


def test_actions_are_posts(client, world):
    letter = lf.receive(world.office.unit, world.office.receiver).letter
    client.force_login(world.office.receiver)
    assert client.get(url("classify", letter)).status_code == 405
