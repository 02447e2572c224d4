"""The staff letters list's search (``letters.search``): exact numbers, every folded word, and a
signer's telephone or identity number only where the viewer may read the identity."""

from __future__ import annotations

import pytest
from django.db import connection

from danvan.core.models import AuditEntry
from danvan.letters.audit_actions import AuditAction
from danvan.letters.choices import LetterKind
from danvan.letters.models import Letter
from danvan.letters.selectors import LetterFilters, letter_list
from danvan.letters.tests import factories as lf
from danvan.letters.tests.conftest import COMPLAINANT, DENOUNCER

pytestmark = pytest.mark.django_db


def found(viewer, q: str) -> set[int]:
    return set(letter_list(viewer=viewer, filters=LetterFilters(q=q)).values_list("pk", flat=True))


def test_register_number_as_written_or_without_its_zero(office, make_letter):
    first = make_letter()
    Letter.objects.filter(pk=first.pk).update(register_number=7)
    other = make_letter()
    year = first.register_year
    assert found(office.receiver, f"07/{year}") == {first.pk}
    assert found(office.receiver, f"7/{year}") == {first.pk}
    assert found(office.receiver, f" 7 / {year} ") == {first.pk}
    assert found(office.receiver, f"7/{year + 1}") == set()
    assert other.pk not in found(office.receiver, f"07/{year}")


def test_tracking_code_typed_loosely_and_case_number(office, make_letter):
    letter = make_letter()
    make_letter()
    code = letter.tracking_code
    assert found(office.receiver, code) == {letter.pk}
    assert found(office.receiver, code.lower().replace("-", " ")) == {letter.pk}
    case = lf.accept(letter, office.leader)
    assert found(office.receiver, case.number) == {letter.pk}
    assert found(office.receiver, case.number.lower()) == {letter.pk}


def test_every_folded_word_in_any_order_over_subject_content_place_and_about(office, make_letter):
    land = make_letter(
        subject="Khiếu nại việc bồi thường",
        content="Về đất đai của gia đình tôi tại thôn Đông.",
        place="Số 5 đường Nguyễn Trãi",
        about="Ủy ban nhân dân xã Thử nghiệm",
    )
    road = make_letter(
        kind=LetterKind.PETITION, subject="Kiến nghị làm đường", content="Đường hỏng."
    )
    assert found(office.receiver, "khieu nai dat dai") == {land.pk}  # words not adjacent
    assert found(office.receiver, "DAT DAI khieu") == {land.pk}
    assert found(office.receiver, "Nguyen Trai") == {land.pk}  # the place
    assert found(office.receiver, "uy ban thu nghiem") == {land.pk}  # whom it is about
    assert found(office.receiver, "khieu nai lam duong") == set()  # every word must appear
    assert found(office.receiver, "kien nghi") == {road.pk}


def test_phone_and_identity_number_as_typed_find_the_signers_letter(office, make_letter):
    letter = make_letter(signers=[COMPLAINANT])
    other = make_letter(signers=[DENOUNCER], kind=LetterKind.PETITION, subject="Kiến nghị")
    assert found(office.receiver, "0987 654 321") == {letter.pk}
    assert found(office.receiver, "+84 987-654-321") == {letter.pk}
    assert found(office.receiver, "001190012345") == {other.pk}
    assert found(office.receiver, "0987654320") == set()
    assert found(office.handler, "0987 654 321") == {letter.pk}  # not protected: handler too


def test_identity_search_never_finds_a_protected_letter_for_those_who_may_not_read_it(
    office, make_letter
):
    denunciation = lf.denunciation(office.unit, office.receiver)
    plain = make_letter(signers=[lf.DENOUNCER], kind=LetterKind.PETITION, subject="Kiến nghị")
    # The handler sees both letters in the list, but may not read the denouncer's identity
    # while the denunciation is open (only the register may): the number finds the plain one.
    assert {denunciation.pk, plain.pk} <= found(office.handler, "")
    assert found(office.handler, lf.DENOUNCER.phone) == {plain.pk}
    assert found(office.handler, lf.DENOUNCER.id_number) == {plain.pk}
    # Neither does the name, which the protected letter's search text does not hold.
    assert denunciation.pk not in found(office.handler, "My Hanh")
    # The receiving officer may read it: found, and the read is audited.
    before = AuditEntry.objects.filter(action=AuditAction.IDENTITY_READ).count()
    assert found(office.receiver, lf.DENOUNCER.phone) == {denunciation.pk, plain.pk}
    assert AuditEntry.objects.filter(action=AuditAction.IDENTITY_READ).count() == before + 1


def test_letters_of_other_units_are_not_found_by_any_way(office, make_letter):
    world = lf.make_world()
    theirs = lf.receive(world.office.unit, world.office.receiver, signers=[COMPLAINANT]).letter
    assert theirs.pk not in found(office.receiver, COMPLAINANT.phone)
    assert theirs.pk not in found(office.receiver, theirs.tracking_code)
    assert theirs.pk not in found(office.receiver, "khieu nai")


def test_full_text_indexes_exist_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
            "('letters_letter_search_fts', 'letters_signername_fts')"
        )
        found = dict(cursor.fetchall())
    assert set(found) == {"letters_letter_search_fts", "letters_signername_fts"}
    letters = found["letters_letter_search_fts"]
    # The folded text's words and the letter's unit as a word of its own.
    assert "gin (((to_tsvector('simple'::regconfig, search_folded) ||" in letters
    assert "array_to_tsvector(ARRAY[('~u'::text || (unit_id)::text)])" in letters
    assert (
        "gin (to_tsvector('simple'::regconfig, (folded)::text))" in found["letters_signername_fts"]
    )
