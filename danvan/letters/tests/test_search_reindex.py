"""``danvan search_reindex`` (``letters.search_index.reindex``): the letters' search text and
the signers' name index rebuilt for letters already stored, in batches."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from danvan.letters.models import Letter, SignerName
from danvan.letters.search_index import letter_search_text
from danvan.letters.selectors import LetterFilters, letter_list
from danvan.letters.services import intake
from danvan.letters.tests import factories as lf

pytestmark = pytest.mark.django_db

AN = intake.SignerInput(full_name="Nguyễn Văn An", phone="0971000111")


def found(viewer, q: str) -> set[int]:
    return set(letter_list(viewer=viewer, filters=LetterFilters(q=q)).values_list("pk", flat=True))


def test_letters_stored_before_the_index_are_found_after_the_command(office, make_letter):
    letters = [
        make_letter(signers=[AN], subject=f"Kiến nghị số {n}", place="Đường Nguyễn Trãi")
        for n in range(5)
    ]
    denunciation = lf.denunciation(office.unit, office.receiver)
    expected = {pk: Letter.objects.get(pk=pk).search_folded for pk in [x.pk for x in letters]}
    # As if stored by an older version: no search text, no name index.
    Letter.objects.update(search_folded="")
    SignerName.objects.all().delete()
    assert found(office.receiver, "nguyen trai") == set()
    assert found(office.receiver, "nguyen van an") == set()

    out = StringIO()
    call_command("search_reindex", batch=2, stdout=out)
    assert "6 letters reindexed" in out.getvalue()

    ids = {x.pk for x in letters}
    assert found(office.receiver, "nguyen trai") == ids
    assert found(office.receiver, "nguyen van an") == ids
    for pk, text in expected.items():
        assert Letter.objects.get(pk=pk).search_folded == text
    # A protected letter's text is rebuilt from its copy without the identity.
    rebuilt = Letter.objects.get(pk=denunciation.pk).search_folded
    assert "hanh" not in rebuilt
    assert "0903111222" not in rebuilt
    assert found(office.handler, "doan thi my hanh") == set()
    assert found(office.receiver, "doan thi my hanh") == {denunciation.pk}


def test_the_command_goes_on_from_a_letter_id_and_is_idempotent(office, make_letter):
    first = make_letter(signers=[AN])
    second = make_letter(signers=[AN])
    SignerName.objects.all().delete()
    call_command("search_reindex", after=first.pk, stdout=StringIO())
    assert set(SignerName.objects.values_list("letter_id", flat=True)) == {second.pk}
    call_command("search_reindex", stdout=StringIO())
    call_command("search_reindex", stdout=StringIO())
    assert SignerName.objects.filter(letter=first).count() == 1
    assert letter_search_text(Letter.objects.get(pk=first.pk)) == first.search_folded


def test_classifying_adds_whom_the_letter_is_about_to_its_search_text(office):
    denunciation = lf.denunciation(office.unit, office.receiver)
    lf.classify(
        denunciation, office.leader, denounced_name="Phạm Quốc Bảo", about="Cán bộ địa chính"
    )
    text = Letter.objects.get(pk=denunciation.pk).search_folded
    assert "pham quoc bao" in text
    assert "can bo dia chinh" in text
    assert found(office.handler, "pham quoc bao") == {denunciation.pk}
