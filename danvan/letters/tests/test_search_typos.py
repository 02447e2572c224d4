"""The letters search with a slip of a letter (``letters.search.one_slip_queries``): on
PostgreSQL, the words typed with one of them a letter changed, added, dropped or swapped, read
from the full-text index of the folded search text and ranked after the exact and the
every-word matches; SQLite finds the folded words only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from danvan.letters import search
from danvan.letters.choices import LetterKind
from danvan.letters.models import Letter, SignerName
from danvan.letters.search import ALL_WORDS, EXACT, SIMILAR
from danvan.letters.selectors import LetterFilters, letter_list

pytestmark = pytest.mark.django_db

ALL = Letter.objects.all()

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="typo tolerance reads the full-text index: SQLite finds the folded words only",
)
sqlite_only = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="what the search does without full-text search"
)


def found(viewer, q: str) -> list[int]:
    return list(letter_list(viewer=viewer, filters=LetterFilters(q=q)).values_list("pk", flat=True))


@pytest.fixture
def land(make_letter):
    return make_letter(
        subject="Khiếu nại đất đai",
        content="Gia đình tôi khiếu nại việc bồi thường khi thu hồi đất.",
        place="Số 5 đường Nguyễn Trãi",
        about="Ủy ban nhân dân xã Thử nghiệm",
    )


@pytest.fixture
def road(make_letter):
    return make_letter(
        kind=LetterKind.PETITION,
        subject="Kiến nghị làm đường",
        content="Con đường liên thôn bị hỏng nặng.",
        place="Thôn Bắc",
    )


def test_without_diacritics_on_every_database(office, land, road):
    assert found(office.receiver, "khieu nai dat dai") == [land.pk]
    assert found(office.receiver, "Nguyen Trai") == [land.pk]
    assert found(office.receiver, "KIEN NGHI") == [road.pk]


@postgresql_only
def test_a_slip_of_a_letter_still_finds_the_letter(office, land, road):
    assert found(office.receiver, "khieu nai dat dia") == [land.pk]
    assert found(office.receiver, "Nguyen Trsi") == [land.pk]
    assert found(office.receiver, "boi thuongg") == [land.pk]  # a long word on its own
    assert found(office.receiver, "kien nghi lam duogn") == [road.pk]


@postgresql_only
def test_what_is_not_close_is_not_found(office, land, road):
    assert found(office.receiver, "khieu nai lam duong") == []
    assert found(office.receiver, "tranh chap hop dong") == []
    assert found(office.receiver, "trai") == [land.pk]
    assert found(office.receiver, "trsi") == []  # one short word alone: too few trigrams


@postgresql_only
def test_exact_and_every_word_matches_come_before_the_close_ones(office, make_letter, land):
    close = make_letter(subject="Khiếu nại đất đia", content="Nội dung khác.", place="Thôn Nam")
    listed = letter_list(viewer=office.receiver, filters=LetterFilters(q="khieu nai dat dai"))
    ranks = dict(listed.values_list("pk", "search_rank"))
    assert ranks == {land.pk: ALL_WORDS, close.pk: SIMILAR}
    by_number = letter_list(viewer=office.receiver, filters=LetterFilters(q=land.tracking_code))
    assert list(by_number.values_list("search_rank", flat=True)) == [EXACT]


@postgresql_only
def test_the_list_page_shows_the_best_match_first(client, office, make_letter, land):
    close = make_letter(subject="Khiếu nại đất đia", content="Nội dung khác.", place="Thôn Nam")
    client.force_login(office.receiver)
    page = client.get(reverse("letters:staff-letter-list"), {"q": "khieu nai dat dai"})
    text = page.content.decode()
    assert page.status_code == 200
    assert text.index(land.register_label) < text.index(close.register_label)


@sqlite_only
def test_sqlite_finds_the_folded_words_only(office, land):
    assert found(office.receiver, "khieu nai dat dia") == []
    assert found(office.receiver, "khieu nai dat") == [land.pk]


@postgresql_only
def test_the_search_reads_the_full_text_indexes(office, land):
    """The words, their close matches and the name index are answered from the GIN full-text
    indexes (sequential scans ruled out: on a table this small the planner would rightly scan
    it; on the letters of one small unit it reads the unit's index instead)."""
    words = search.query_words("nguyen van trsi")
    every = search.FoldedMatch("search_folded", search.every_word_query(words))
    close_query = search.one_slip_queries(words, search.all_slips(words))[0]
    close = search.FoldedMatch("search_folded", close_query)
    names = search.name_condition("nguyen van trsi", postgresql=True)
    close_names = search.FoldedMatch("folded", close_query)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plans = {
            "every word": Letter.objects.filter(every).explain(),
            "close": Letter.objects.filter(close).explain(),
            "names": SignerName.objects.filter(names).explain(),
            "close names": SignerName.objects.filter(close_names).explain(),
        }
    assert "Bitmap Index Scan on letters_letter_search_fts" in plans["every word"]
    assert "Bitmap Index Scan on letters_letter_search_fts" in plans["close"]
    assert "Bitmap Index Scan on letters_signername_fts" in plans["names"]
    assert "Bitmap Index Scan on letters_signername_fts" in plans["close names"]
