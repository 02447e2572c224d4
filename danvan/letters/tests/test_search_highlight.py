"""The search's marks in the letters list (``letters.search.highlight``): the folded words typed,
found diacritics-insensitively, marked in the subject as written, everything else escaped."""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse
from django.utils.safestring import SafeString

from danvan.letters.search import highlight
from danvan.letters.tests import factories as lf


def test_words_typed_without_diacritics_mark_the_accented_words():
    marked = highlight("Khiếu nại về đất đai", "dat dai")
    assert isinstance(marked, SafeString)
    assert marked == "Khiếu nại về <mark>đất đai</mark>"


def test_d_with_stroke_and_case_either_way():
    assert highlight("ĐẤT ĐAI ở Đông Anh", "dong") == "ĐẤT ĐAI ở <mark>Đông</mark> Anh"
    assert highlight("đường làng", "DUONG") == "<mark>đường</mark> làng"
    assert highlight("Duong lang", "đường") == "<mark>Duong</mark> lang"


def test_several_words_in_any_order_each_marked_every_time():
    marked = highlight("Bồi thường đất, khiếu nại đất ở", "khieu dat")
    assert marked == "Bồi thường <mark>đất</mark>, <mark>khiếu</mark> nại <mark>đất</mark> ở"


def test_a_word_found_inside_a_longer_one_is_marked_as_the_search_finds_it():
    assert highlight("Nguyễn Trãi", "trai") == "Nguyễn <mark>Trãi</mark>"
    assert highlight("Nguyễn Trãi", "ngu") == "<mark>Ngu</mark>yễn Trãi"


def test_decomposed_text_keeps_its_marks_inside_the_highlight():
    def nfd(value: str) -> str:
        return unicodedata.normalize("NFD", value)

    assert highlight(nfd("đất đai"), "dat") == f"<mark>{nfd('đất')}</mark> {nfd('đai')}"


def test_everything_is_escaped_marked_or_not():
    marked = highlight('<script>alert("đất")</script> & đất', "dat")
    assert "<script>" not in marked
    assert marked == (
        "&lt;script&gt;alert(&quot;<mark>đất</mark>&quot;)&lt;/script&gt; &amp; <mark>đất</mark>"
    )
    # A query cannot bring markup in either.
    assert highlight("a <b> c", "<b>") == "a <mark>&lt;b&gt;</mark> c"


def test_nothing_found_or_nothing_typed_gives_the_text_escaped():
    assert highlight("Kiến nghị <x>", "dat dai") == "Kiến nghị &lt;x&gt;"
    assert highlight("Kiến nghị", "   ") == "Kiến nghị"
    assert highlight("", "dat") == ""


@pytest.mark.django_db
def test_the_letters_list_marks_the_subject_for_a_search(client, office, make_letter):
    make_letter(subject="Khiếu nại về đất đai <b>gấp</b>", content="Nội dung.")
    make_letter(subject="Kiến nghị làm đường", content="Đường hỏng.")
    client.force_login(office.receiver)
    page = client.get(reverse("letters:staff-letter-list"), {"q": "dat dai"}).content.decode()
    assert "Khiếu nại về <mark>đất đai</mark> &lt;b&gt;gấp&lt;/b&gt;" in page
    assert "<b>gấp</b>" not in page
    assert "Kiến nghị làm đường" not in page  # not found
    # Without a search, nothing is marked.
    plain = client.get(reverse("letters:staff-letter-list")).content.decode()
    assert "<mark>" not in plain
    assert "Khiếu nại về đất đai &lt;b&gt;gấp&lt;/b&gt;" in plain


@pytest.mark.django_db
def test_a_protected_letter_shows_only_the_subject_the_list_shows(client, office, make_letter):
    letter = lf.denunciation(office.unit, office.receiver)
    client.force_login(office.handler)
    shown = client.get(reverse("letters:staff-letter-list")).content.decode()
    words = letter.subject.split()[:1]
    page = client.get(reverse("letters:staff-letter-list"), {"q": words[0]}).content.decode()
    assert f"<mark>{words[0]}</mark>" in page
    # The marked page carries nothing of the letter the plain list does not.
    assert page.replace("<mark>", "").replace("</mark>", "").count(letter.content) == shown.count(
        letter.content
    )


def test_a_word_found_with_a_slip_of_a_letter_is_marked_where_it_was_found():
    assert highlight("Khiếu nại đất đai của gia đình", "khieu nai dat dia") == (
        "<mark>Khiếu nại đất đai</mark> của gia đình"
    )
    assert (
        highlight("Số 5 đường Nguyễn Trãi", "Nguyen Trsi") == "Số 5 đường <mark>Nguyễn Trãi</mark>"
    )
    # Two letters off, or another first letter, is not close: nothing is marked.
    assert highlight("Kiến nghị làm đường", "kien ngji lam duogn") == (
        "<mark>Kiến</mark> <mark>nghị</mark> <mark>làm</mark> <mark>đường</mark>".replace(
            "</mark> <mark>", " "
        )
    )
    assert highlight("Đất đai", "xat") == "Đất đai"
    assert highlight("Đất đai", "dxyz") == "Đất đai"


@pytest.mark.django_db
def test_the_list_marks_the_register_number_searched_for(client, office, make_letter):
    letter = make_letter()
    other = make_letter()
    client.force_login(office.receiver)
    url = reverse("letters:staff-letter-list")
    page = client.get(url, {"q": letter.register_label}).content.decode()
    assert f"<mark>{letter.register_label}</mark>" in page
    assert other.register_label not in page
    words = client.get(url, {"q": "thu hoi dat"}).content.decode()
    assert f"<mark>{letter.register_label}</mark>" not in words
    assert "<mark>thu hồi đất</mark>" in words
