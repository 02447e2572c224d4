"""Finding a letter by a document number (``letters.search.exact_arms``): the number of the
forwarding document it came with, and the number and symbol of a document issued about it or
its case, typed as written or in lower case, "Đ" typed as "D"."""

from __future__ import annotations

import pytest

from danvan.documents.models import IssuedDocument
from danvan.documents.testing import issue_drafts_about
from danvan.letters.choices import Channel, LetterKind
from danvan.letters.search import EXACT, _number_variants
from danvan.letters.selectors import LetterFilters, letter_list
from danvan.letters.tests import factories as lf

pytestmark = pytest.mark.django_db


def found(viewer, q: str) -> set[int]:
    return set(letter_list(viewer=viewer, filters=LetterFilters(q=q)).values_list("pk", flat=True))


def test_the_forwarding_documents_number(office, make_letter):
    letter = make_letter(
        channel=Channel.FORWARDED,
        forwarded_by_body="Ban Dân vận Huyện ủy",
        forwarded_by_number="45/CV-BDV",
    )
    make_letter()
    assert found(office.receiver, "45/CV-BDV") == {letter.pk}
    assert found(office.receiver, "45/cv-bdv") == {letter.pk}
    assert found(office.receiver, "45 / CV-BDV") == {letter.pk}
    assert found(office.receiver, "46/CV-BDV") == set()
    ranks = letter_list(viewer=office.receiver, filters=LetterFilters(q="45/CV-BDV"))
    assert list(ranks.values_list("search_rank", flat=True)) == [EXACT]


def test_the_number_of_a_document_issued_about_the_letter_or_its_case(office, make_letter):
    letter = make_letter()
    make_letter(subject="Kiến nghị khác", kind=LetterKind.PETITION, content="Khác.")
    case = lf.accept(letter, office.leader)
    issued = issue_drafts_about(case) + issue_drafts_about(letter)
    symbols = [d.symbol for d in issued if d.symbol]
    assert symbols, "accepting the letter issues a notice"
    for symbol in symbols:
        assert found(office.receiver, symbol) == {letter.pk}
        assert found(office.receiver, symbol.lower().replace("đ", "d")) == {letter.pk}
    # A number no document of the letter has finds nothing.
    assert found(office.receiver, "999/TB-XYZ") == set()


def test_documents_of_other_units_letters_are_not_found(office, make_letter):
    world = lf.make_world()
    theirs = lf.receive(world.office.unit, world.office.receiver).letter
    case = lf.accept(theirs, world.office.leader)
    issue_drafts_about(case)
    symbol = IssuedDocument.objects.filter(target_id=str(case.pk)).exclude(symbol="")[0].symbol
    assert found(office.receiver, symbol) == set()
    assert found(world.office.receiver, symbol) == {theirs.pk}


def test_the_variants_a_number_is_looked_up_as():
    assert "12/QĐ-UBND" in _number_variants("12/qd-ubnd")
    assert "12/QD-UBND" in _number_variants("12/qd-ubnd")
    assert _number_variants("khieu nai") == []
    assert _number_variants("") == []
