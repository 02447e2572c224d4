"""Who sees what in the back office: the denouncer's identity never reaches a page of someone
the law does not allow, whatever the page; ids and parameters that do not fit never fail."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.core.models import AuditEntry
from danvan.letters.models import Case, Letter
from danvan.letters.services import cases
from danvan.letters.tests import factories as lf

pytestmark = pytest.mark.django_db

SECRETS = lf.identity_strings(lf.DENOUNCER)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world() -> lf.World:
    return lf.make_world()


def letter_page(letter: Letter) -> str:
    return reverse("letters:staff-letter-detail", args=[letter.pk])


def case_page(case: Case) -> str:
    return reverse("letters:staff-case-detail", args=[case.pk])


def pages_of(letter: Letter, case: Case | None = None) -> list[str]:
    urls = [
        reverse("letters:staff-letter-list"),
        reverse("letters:staff-letter-list") + "?q=Hanh",
        letter_page(letter),
        reverse("letters:staff-case-list"),
    ]
    if case is not None:
        urls.append(case_page(case))
    return urls


def assert_no_identity(client, urls: list[str]) -> None:
    for address in urls:
        response = client.get(address)
        assert response.status_code in {200, 404}, address
        html = response.content.decode()
        for secret in SECRETS:
            assert secret not in html, (address, secret)


@pytest.fixture
def accepted(world):
    """A denunciation accepted by the leader (its resolver) and assigned to ``handler``, with
    a file and its redacted copy."""
    office = world.office
    letter = lf.denunciation(office.unit, office.receiver, attachments=[lf.png_upload()])
    case = lf.accept(letter, office.leader, resolver=office.leader)
    case = cases.case_assign(case=case, actor=office.leader, handler_ids=[office.handler.pk])
    letter.refresh_from_db()
    return letter, case


def test_receiving_officer_reads_the_identity_while_the_letter_is_open(client, world):
    office = world.office
    letter = lf.denunciation(office.unit, office.receiver)
    client.force_login(office.receiver)
    page = client.get(letter_page(letter)).content.decode()
    assert lf.DENOUNCER.full_name in page
    assert lf.DENOUNCER.phone in page
    assert AuditEntry.objects.filter(
        action="letters.identity.read", target_id=str(letter.pk)
    ).exists()


def test_nobody_else_sees_the_identity_of_an_open_denunciation(client, world):
    office = world.office
    letter = lf.denunciation(office.unit, office.receiver)
    lf.classify(letter, office.receiver)
    for person in (office.inspector, office.handler):
        client.force_login(person)
        page = client.get(letter_page(letter)).content.decode()
        assert "The identity of the signers is protected" in page
        assert_no_identity(client, pages_of(letter))


def test_receiving_officer_loses_the_identity_once_the_letter_is_accepted(client, world, accepted):
    letter, case = accepted
    client.force_login(world.office.receiver)
    page = client.get(letter_page(letter)).content.decode()
    assert "The identity of the signers is protected" in page
    assert_no_identity(client, pages_of(letter, case))


def test_assigned_handler_and_resolver_see_the_identity(client, world, accepted):
    letter, case = accepted
    for person in (world.office.handler, world.office.leader):
        client.force_login(person)
        page = client.get(letter_page(letter)).content.decode()
        assert lf.DENOUNCER.full_name in page
        assert client.get(case_page(case)).status_code == 200


def test_unassigned_handler_and_inspector_never_see_the_identity(client, world, accepted):
    letter, case = accepted
    for person in (world.office.other_handler, world.office.inspector):
        client.force_login(person)
        assert client.get(case_page(case)).status_code == 200
        assert_no_identity(client, pages_of(letter, case))


def test_other_units_get_404_and_no_identity(client, world, accepted):
    letter, case = accepted
    client.force_login(world.elsewhere.receiver)
    assert client.get(letter_page(letter)).status_code == 404
    assert client.get(case_page(case)).status_code == 404
    assert_no_identity(client, pages_of(letter, case))


def test_restricted_notice_is_refused_to_those_without_identity(client, world, accepted):
    letter, _case = accepted
    document = letter.handling_document
    assert document is not None
    assert document.restricted
    download = reverse("letters:staff-letter-document", args=[letter.pk, document.pk])
    client.force_login(world.office.inspector)
    page = client.get(letter_page(letter)).content.decode()
    assert download not in page
    assert document.symbol in page
    assert client.get(download).status_code == 403
    client.force_login(world.office.leader)
    assert client.get(download).status_code == 200


def test_original_file_of_a_denunciation_is_kept_from_the_inspector(client, world, accepted):
    letter, _case = accepted
    original = letter.attachments.get()
    url = reverse("letters:staff-letter-attachment", args=[letter.pk, original.pk])
    client.force_login(world.office.inspector)
    assert client.get(url).status_code == 404
    client.force_login(world.office.handler)
    assert client.get(url).status_code == 200
    assert AuditEntry.objects.filter(action="letters.identity.read", target_id=str(letter.pk))


@pytest.mark.parametrize(
    "path",
    [
        "/staff/letters/0/",
        "/staff/letters/999999/",
        "/staff/letters/99999999999999999999/",
        "/staff/letters/abc/",
        "/staff/letters/999999/files/1/",
        "/staff/letters/999999/documents/1/",
        "/staff/cases/0/",
        "/staff/cases/999999/",
        "/staff/cases/99999999999999999999/",
    ],
)
def test_unknown_or_junk_ids_are_not_found(client, world, path):
    client.force_login(world.office.leader)
    assert client.get(path).status_code == 404


def test_junk_ids_of_files_and_documents_of_a_visible_letter(client, world):
    letter = lf.receive(world.office.unit, world.office.receiver).letter
    client.force_login(world.office.receiver)
    for path in (
        f"/staff/letters/{letter.pk}/files/99999999999999999999/",
        f"/staff/letters/{letter.pk}/documents/99999999999999999999/",
        f"/staff/letters/{letter.pk}/files/0/redact/",
    ):
        assert client.get(path).status_code in {404, 405}
    # Redacting is for protected letters only; an unknown file of one is not found.
    assert client.post(f"/staff/letters/{letter.pk}/files/12345/redact/", {}).status_code == 403
    denunciation = lf.denunciation(world.office.unit, world.office.receiver)
    path = f"/staff/letters/{denunciation.pk}/files/12345/redact/"
    assert client.post(path, {}).status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"classify-version": "1", "classify-kind": "\x00", "classify-competent_unit": "x"},
        {"classify-version": "1", "classify-field": "99999999999999999999"},
        {"classify-version": "1", "classify-summary": "a" * 10_000},
    ],
)
def test_junk_posts_are_form_errors(client, world, data):
    letter = lf.receive(world.office.unit, world.office.receiver).letter
    client.force_login(world.office.receiver)
    response = client.post(reverse("letters:staff-letter-classify", args=[letter.pk]), data)
    assert response.status_code == 200


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("accept", {"accept-resolver": HUGE, "accept-previous_case": HUGE}),
        ("accept", {"accept-accepted_on": "31/02/2026", "accept-previous_case_number": "\x00"}),
        ("not_accept", {"not_accept-ground": "\x00"}),
        ("guide", {"guide-to_unit": HUGE, "guide-guidance": "x" * 3000}),
        ("split", {"split-kind_1": "mixed", "split-kind_2": HUGE}),
        ("cluster", {"cluster-letters": [HUGE, "abc"], "cluster-title": "Cụm"}),
        ("anonymous", {"anonymous-outcome": "burn", "anonymous-to_unit": HUGE}),
    ],
)
def test_junk_letter_action_posts_are_form_errors(client, world, action, data):
    office = world.office
    letter = lf.classify(lf.receive(office.unit, office.receiver).letter, office.receiver)
    client.force_login(office.receiver)
    data = {f"{action}-version": letter.version, f"{action}-confirm": "on", **data}
    response = client.post(reverse(f"letters:staff-letter-{action}", args=[letter.pk]), data)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("assign", {"assign-handlers": [HUGE, "x"], "assign-resolver": HUGE}),
        ("note", {"note-kind": "diary", "note-occurred_on": "2026-99-99", "note-text": "\x00"}),
        ("complexity", {"complexity-grounds": ["nope", HUGE]}),
        ("extend", {"extend-days": HUGE, "extend-decided_on": "x"}),
        ("suspend", {"suspend-started_on": "0000-00-00"}),
        ("withdraw", {"withdraw-signers": [HUGE, "abc"], "withdraw-scope": "most"}),
        ("decide", {"decide-outcome": "maybe", "decide-decided_on": "yesterday"}),
        ("publish", {"publish-starts_on": "2026-12-01", "publish-ends_on": "2026-11-01"}),
    ],
)
def test_junk_case_action_posts_are_form_errors(client, world, action, data):
    office = world.office
    letter = lf.receive(office.unit, office.receiver).letter
    case = lf.accept(letter, office.leader, resolver=office.leader)
    client.force_login(office.leader)
    data = {f"{action}-version": case.version, f"{action}-confirm": "on", **data}
    response = client.post(reverse(f"letters:staff-case-{action}", args=[case.pk]), data)
    assert response.status_code == 200
