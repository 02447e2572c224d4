"""Finding a letter by its signer's name (``letters.search.name_matches``): through the
restricted index ``SignerName`` only, typed without diacritics, and only for those who may read
who signed the letter — never a denouncer's name for anyone the law does not allow."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from danvan.core.models import AuditEntry
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import LetterKind
from danvan.letters.models import Letter, SignerName
from danvan.letters.selectors import LetterFilters, letter_list
from danvan.letters.services import intake
from danvan.letters.tests import factories as lf

pytestmark = pytest.mark.django_db

AN = intake.SignerInput(full_name="Nguyễn Văn An", phone="0971000111")
OTHER = intake.SignerInput(full_name="Nguyễn Văn Anh Tuấn", phone="0971000222")


def found(viewer, q: str) -> set[int]:
    return set(letter_list(viewer=viewer, filters=LetterFilters(q=q)).values_list("pk", flat=True))


def test_a_name_typed_without_diacritics_finds_the_signers_letter(office, make_letter):
    letter = make_letter(signers=[AN], subject="Kiến nghị", content="Nội dung.")
    other = make_letter(signers=[OTHER], subject="Kiến nghị", content="Nội dung.")
    assert found(office.receiver, "nguyen van an") == {letter.pk, other.pk}  # "An", "Anh"…
    assert other.pk in found(office.receiver, "nguyen van anh")
    if connection.vendor != "postgresql":  # where a slip of a letter is not found
        assert found(office.receiver, "nguyen van anh") == {other.pk}
    assert found(office.receiver, "van an nguyen") == {letter.pk, other.pk}  # any order
    assert found(office.handler, "NGUYỄN VĂN AN") == {letter.pk, other.pk}
    assert found(office.receiver, "tuan") == {other.pk}
    assert found(office.receiver, "uan") == set()  # a word begins where a name's word begins
    # The name is not in the letter's own search text: only the restricted index holds it.
    assert "nguyen" not in Letter.objects.get(pk=letter.pk).search_folded
    assert list(SignerName.objects.filter(letter=letter).values_list("folded", flat=True)) == [
        "nguyen van an"
    ]


def test_a_denouncers_name_is_found_only_by_those_who_may_read_the_identity(office):
    denunciation = lf.denunciation(office.unit, office.receiver)
    name = "doan thi my hanh"
    assert SignerName.objects.filter(letter=denunciation, folded=name).exists()
    # The handler sees the letter in the list but may not read who denounced while it is open.
    assert denunciation.pk in found(office.handler, "")
    assert found(office.handler, name) == set()
    assert found(office.handler, "Đoàn Thị Mỹ Hạnh") == set()
    before = AuditEntry.objects.filter(action=AuditAction.IDENTITY_READ).count()
    assert found(office.handler, name) == set()
    assert AuditEntry.objects.filter(action=AuditAction.IDENTITY_READ).count() == before
    # The receiving officer, who registers it, may: found, and the read is audited.
    assert found(office.receiver, name) == {denunciation.pk}
    entry = AuditEntry.objects.filter(action=AuditAction.IDENTITY_READ).latest("pk")
    assert entry.target_id == str(denunciation.pk)
    assert entry.extra["purpose"] == "search"


def test_the_name_search_of_the_list_page_follows_the_same_rule(client, office, make_letter):
    plain = make_letter(signers=[AN], kind=LetterKind.PETITION, subject="Kiến nghị làm đường")
    denunciation = lf.denunciation(office.unit, office.receiver)
    url = reverse("letters:staff-letter-list")
    client.force_login(office.handler)
    page = client.get(url, {"q": "nguyen van an"}).content.decode()
    assert plain.register_label in page
    page = client.get(url, {"q": "doan thi my hanh"}).content.decode()
    assert denunciation.register_label not in page
    client.force_login(office.receiver)
    page = client.get(url, {"q": "doan thi my hanh"}).content.decode()
    assert denunciation.register_label in page


def test_letters_of_other_units_are_not_found_by_name(office, make_letter):
    world = lf.make_world()
    theirs = lf.receive(world.office.unit, world.office.receiver, signers=[AN]).letter
    assert theirs.pk not in found(office.receiver, "nguyen van an")
    assert theirs.pk in found(world.office.receiver, "nguyen van an")


def test_a_copy_forwarded_carries_its_signers_names(office, make_letter):
    other = lf.make_office("Sở Tài nguyên và Môi trường")
    kind = LetterKind.PETITION
    letter = make_letter(signers=[AN], kind=kind, subject="Kiến nghị", content="Nội dung.")
    letter = lf.classify(letter, office.leader, kind=kind, competent_unit=other.unit)
    from danvan.letters.services import handling

    handling.letter_forward(letter=letter, actor=office.leader, to_unit=other.unit, reason="Sở")
    copy = Letter.objects.get(source_letter=letter)
    assert found(other.receiver, "nguyen van an") == {copy.pk}


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a slip of a letter in a name reads the full-text index: SQLite has none",
)
def test_a_name_with_a_slip_of_a_letter_on_postgresql(office, make_letter):
    letter = make_letter(signers=[AN], subject="Kiến nghị", content="Nội dung.")
    denunciation = lf.denunciation(office.unit, office.receiver)
    assert found(office.receiver, "nguyen vsn an") == {letter.pk}
    assert found(office.receiver, "doan thi my hsnh") == {denunciation.pk}
    assert found(office.handler, "doan thi my hsnh") == set()
