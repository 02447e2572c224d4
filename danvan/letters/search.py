"""The staff letters list's search: what an officer types, matched the ways they mean it.

* exact: a register number as written on the letter ("07/2026" or "7/2026"), the tracking code,
  the case number;
* the folded text (``Letter.search_folded``: subject, content — redacted for protected letters —,
  place and whom the letter is about): every folded word typed must appear, in any order;
* a signer's telephone or identity number, through the keyed hashes of ``SignerKey`` (never the
  stored identity columns, so they can be encrypted), only on letters whose signers the viewer
  may read (``LetterPolicy.can_view_identity``): a protected letter the viewer may not read the
  identity of is never found this way, so the search tells nothing about who signed it.

``highlight`` marks, in a text the list shows, where the folded words typed are found.
"""

from __future__ import annotations

import re
from typing import Any, Final, NamedTuple

from django.contrib.postgres.lookups import TrigramStrictWordSimilar, TrigramWordSimilar
from django.contrib.postgres.search import TrigramStrictWordSimilarity
from django.db import connections
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz.distance import OSA

from danvan.core import audit
from danvan.core.actors import Viewer
from danvan.core.text import fold
from danvan.documents.models import IssuedDocument
from danvan.letters.audit_actions import AuditAction
from danvan.letters.models import Case as LetterCase
from danvan.letters.models import Letter, PartyCase, SignerName
from danvan.letters.policies import LetterPolicy
from danvan.letters.signer_keys import typed_identifier_digests

# "07/2026", "7 / 2026": register number and year.
_REGISTER: Final = re.compile(r"^0*(\d{1,9})\s*/\s*(\d{4})$")
# Letters found by an identifier checked one by one against the identity rule; a phone or an
# identity number names few letters, and this bounds the checks.
IDENTITY_CANDIDATES: Final = 200
# Letters found by a number or a name, the newest first, taken into one search.
MATCH_CANDIDATES: Final = 1000
# A word typed is found with a slip of a letter from this many letters on: shorter words have
# too few trigrams for a slip to leave them close (the words typed together still are).
FUZZY_WORD: Final = 5
# The strict word similarity from which words typed together are close to words written together.
PHRASE_SIMILARITY: Final = 0.55
# Each "D" of a document number typed may be a "Đ": at most this many are tried both ways.
SYMBOL_D_MAX: Final = 4


def text_q(text: str) -> Q:
    """Every folded word of ``text`` within the letter's folded search text."""
    condition = Q()
    for word in fold(text).split():
        condition &= Q(search_folded__contains=word)
    return condition


def exact_arms(text: str) -> list[Q]:
    """The ways ``text`` can be a number of the letter, each read through its own index: the
    register number as written, the tracking code typed loosely, the case number, the number of
    the forwarding document, and the number of a document issued about the letter, its case or
    its party case (or its handling document)."""
    arms: list[Q] = []
    code = Letter.normalise_tracking_code(text)
    if code:
        arms.append(Q(tracking_code=code))
    match = _REGISTER.match(text)
    if match:
        arms.append(Q(register_number=int(match[1]), register_year=int(match[2])))
    variants = _number_variants(text)
    if variants:
        arms.append(Q(pk__in=LetterCase.objects.filter(number__in=variants).values("letter_id")))
        arms.extend(_document_arms(variants))
    return arms


def _document_arms(variants: list[str]) -> list[Q]:
    documents = IssuedDocument.objects.filter(symbol__in=variants)
    ids = documents.annotate(as_int=Cast("target_id", IntegerField()))

    def about(target_type: str) -> QuerySet[Any]:
        return ids.filter(target_type=target_type).values("as_int")

    return [
        Q(forwarded_by_number__in=variants),
        Q(handling_document__in=documents),
        Q(pk__in=about("letters.letter")),
        Q(pk__in=LetterCase.objects.filter(pk__in=about("letters.case")).values("letter_id")),
        Q(pk__in=PartyCase.objects.filter(pk__in=about("letters.partycase")).values("letter_id")),
    ]


def _number_variants(text: str) -> list[str]:
    """How a case or document number typed may be stored: as typed and in capitals, without
    spaces, with each D read either as D or as Đ (symbols are written in capitals: "QĐ-UBND",
    "07/2026/KN"); nothing unless it has a digit and a letter or a slash."""
    compact = "".join(text.split())
    if not (
        any(ch.isdigit() for ch in compact) and any(ch.isalpha() or ch == "/" for ch in compact)
    ):
        return []
    upper = compact.upper()
    found = {compact, upper}
    positions = [i for i, ch in enumerate(upper) if ch in "DĐ"][:SYMBOL_D_MAX]
    for choice in range(1 << len(positions)):
        chars = list(upper)
        for bit, index in enumerate(positions):
            chars[index] = "Đ" if choice >> bit & 1 else "D"
        found.add("".join(chars))
    return sorted(found)


def exact_matches(*, text: str, visible: QuerySet[Letter]) -> list[int]:
    """Ids of the letters in ``visible`` that ``text`` is a number of (``exact_arms``), one
    indexed query per way (a condition joining them all would scan the letters)."""
    found: set[int] = set()
    for arm in exact_arms(text):
        found.update(visible.filter(arm).order_by().values_list("pk", flat=True)[:MATCH_CANDIDATES])
    return sorted(found)


def word_matches(*, text: str, visible: QuerySet[Letter]) -> list[int]:
    """Ids of the letters in ``visible`` whose folded search text has every folded word of
    ``text`` (``text_q``), the newest ``MATCH_CANDIDATES``: read once as a list, so that the
    ranking and the page read only the letters found rather than test the words again on the
    whole scope."""
    if not fold(text).split():
        return []
    found = visible.filter(text_q(text)).order_by("-pk").values_list("pk", flat=True)
    return list(found[:MATCH_CANDIDATES])


def identity_matches(*, viewer: Viewer, text: str, visible: QuerySet[Letter]) -> list[int]:
    """Ids of the letters in ``visible`` one of whose signers has ``text`` as telephone or
    identity number, kept only where the viewer may read the signers. A match on a protected
    letter is a use of the denouncer's identity and is audited."""
    digests = typed_identifier_digests(text)
    if not digests:
        return []
    candidates = list(
        visible.filter(signer_keys__digest__in=digests)
        .select_related("case")
        .distinct()
        .order_by("-pk")[:IDENTITY_CANDIDATES]
    )
    return _readable(viewer, candidates)


def _on_postgresql(qs: QuerySet[Letter]) -> bool:
    return connections[qs.db].vendor == "postgresql"


def _phrase_similar(field: str, folded: str) -> Q:
    """``folded`` (several words) close to a run of words of ``field``: ``pg_trgm``'s strict word
    similarity, through its operator (``%>>``, which reads the trigram index, at the extension's
    threshold of 0.5) and then at ``PHRASE_SIMILARITY``."""
    return Q(TrigramStrictWordSimilar(F(field), folded)) & Q(
        GreaterThanOrEqual(TrigramStrictWordSimilarity(folded, field), PHRASE_SIMILARITY)
    )


def similar_q(text: str) -> Q:
    """PostgreSQL only: the folded search text close to what was typed, a slip of a letter
    aside. Every folded word is within the text, or, for a word of ``FUZZY_WORD`` letters or
    more, close to one of its words (``pg_trgm`` word similarity, ``%>``); or the words typed
    together are close to words written together ("khieu nai dat dia" for "khiếu nại đất
    đai", "Nguyen Trsi" for "Nguyễn Trãi")."""
    folded = fold(text)
    words = folded.split()
    if not words:
        return Q(pk__in=[])
    each = Q()
    for word in words:
        condition = Q(search_folded__contains=word)
        if len(word) >= FUZZY_WORD:
            condition |= Q(TrigramWordSimilar(F("search_folded"), word))
        each &= condition
    if len(words) < 2:
        return each
    return each | _phrase_similar("search_folded", folded)


def name_condition(text: str, postgresql: bool) -> Q | None:
    """The ``SignerName`` rows whose folded name has every folded word typed at the start of one
    of its words, or, on PostgreSQL, is close to the words typed."""
    folded = fold(text)
    words = folded.split()
    if not words or not any(ch.isalpha() for ch in folded):
        return None
    condition = Q()
    for word in words:
        condition &= Q(folded__startswith=word) | Q(folded__contains=f" {word}")
    if postgresql and len(words) >= 2:
        condition |= _phrase_similar("folded", folded)
    return condition


def name_matches(*, viewer: Viewer, text: str, visible: QuerySet[Letter]) -> list[int]:
    """Ids of the letters in ``visible`` one of whose signers' names is what was typed
    (diacritics aside; on PostgreSQL a slip of a letter too), the newest
    ``MATCH_CANDIDATES``, only where the viewer may read the signers
    (``LetterPolicy.can_view_identity``), from the restricted index ``SignerName``:

    * a letter outside the denouncer-protection regime: whoever sees it in the list may read
      who signed it, so the index is read in the query itself;
    * a protected letter: the letters found (at most ``IDENTITY_CANDIDATES``) are checked one by
      one, kept only where the viewer may read the identity, and each match is audited as a
      read of the denouncer's identity."""
    condition = name_condition(text, _on_postgresql(visible))
    if condition is None:
        return []
    named = SignerName.objects.filter(condition).values("letter_id")
    plain = visible.filter(~Letter.protected_q(), pk__in=named).order_by("-pk")
    found = list(plain.values_list("pk", flat=True)[:MATCH_CANDIDATES])
    candidates = list(
        visible.filter(Letter.protected_q(), pk__in=named)
        .select_related("case")
        .order_by("-pk")[:IDENTITY_CANDIDATES]
    )
    return found + _readable(viewer, candidates)


def _readable(viewer: Viewer, candidates: list[Letter]) -> list[int]:
    """The ids of ``candidates`` whose signers the viewer may read; a protected one found is a
    use of the denouncer's identity and is audited."""
    policy = LetterPolicy(viewer)
    found = [letter for letter in candidates if policy.can_view_identity(letter)]
    for letter in found:
        if letter.identity_protected:
            audit.record(
                action=AuditAction.IDENTITY_READ,
                actor=viewer,
                target=letter,
                extra={"purpose": "search"},
            )
    return [letter.pk for letter in found]


def letter_search_q(*, viewer: Viewer, text: str, visible: QuerySet[Letter]) -> Q:
    """The condition ``selectors.letter_list`` filters on for the search box's ``text``."""
    return search_letters(viewer=viewer, text=text, letters=visible, ranked=False).condition


class Search(NamedTuple):
    """The condition a search filters on, and how well each letter found matches: ``rank``
    (``EXACT`` a number or an identifier, ``ALL_WORDS`` every word or the signer's name,
    ``SIMILAR`` close to what was typed) and ``score`` (0–1000, the trigram similarity of the
    words typed to the letter's text; 0 where the database has no ``pg_trgm``)."""

    condition: Q
    rank: Any
    score: Any


EXACT: Final = 0
ALL_WORDS: Final = 1
SIMILAR: Final = 2


def search_letters(
    *, viewer: Viewer, text: str, letters: QuerySet[Letter], ranked: bool = True
) -> Search:
    """The search for ``text`` among ``letters`` (the viewer's visible letters).

    The numbers, identifiers and names are looked up first, each through its own index, and
    come in as lists of ids; the words are a condition on the folded text alone, so that on
    PostgreSQL the whole condition is read from the trigram index and the primary key (a
    bitmap of each, OR-ed), never by scanning the letters. On PostgreSQL the words are also
    found with a slip of a letter (``similar_q``); SQLite, which has no trigram similarity,
    finds the folded words only."""
    postgresql = _on_postgresql(letters)
    exact = exact_matches(text=text, visible=letters)
    exact += identity_matches(viewer=viewer, text=text, visible=letters)
    found = word_matches(text=text, visible=letters)
    names = name_matches(viewer=viewer, text=text, visible=letters)
    words = Q(pk__in=found + names)
    condition = Q(pk__in=exact) | words if exact else words
    if postgresql and len(found) < MATCH_CANDIDATES and any(ch.isalpha() for ch in text):
        # Close matches only for words (a number or an identifier is found as typed), and
        # only while the words as typed find fewer letters than one search takes: each is a
        # trigram comparison with a letter's whole text, and they all rank after the letters
        # the words find. Never on a protected letter: its redacted text still holds words
        # written near the denouncer's name (the title, the street), close enough to a name
        # typed for a trigram match, so a close match would confirm a guessed name; a protected
        # letter is found by its words as typed, as on SQLite.
        condition |= similar_q(text) & ~Letter.protected_q()
    rank: Any = Value(SIMILAR)
    score: Any = Value(0)
    if ranked:
        rank = Case(
            When(Q(pk__in=exact), then=Value(EXACT)),
            When(words, then=Value(ALL_WORDS)),
            default=Value(SIMILAR),
            output_field=IntegerField(),
        )
        if postgresql and fold(text):
            similarity = TrigramStrictWordSimilarity(fold(text), "search_folded")
            score = Cast(similarity * 1000, IntegerField())
    return Search(condition, rank, score)


def _folded_with_origins(text: str) -> tuple[str, list[int]]:
    """``text`` folded one character at a time as ``fold`` folds it, and for each folded
    character the index of the character of ``text`` it comes from. A whitespace character
    stays one space; a combining mark folds to nothing."""
    folded: list[str] = []
    origins: list[int] = []
    for index, ch in enumerate(text):
        part = " " if ch.isspace() else fold(ch)
        folded.append(part)
        origins.extend([index] * len(part))
    return "".join(folded), origins


_WORD: Final = re.compile(r"\w+")


def _close_words(words: set[str], folded: str) -> set[str]:
    """The words of ``folded`` one slip of a letter (a letter changed, added, dropped or two
    swapped) from a word typed that is not in ``folded`` as it is: what the search found it by
    (``similar_q``). Both begin with the same letter and have three letters or more."""
    missing = [w for w in words if len(w) >= 3 and w not in folded]
    if not missing:
        return set()
    close: set[str] = set()
    for token in set(_WORD.findall(folded)):
        if len(token) >= 3 and any(
            token[0] == w[0] and OSA.distance(token, w, score_cutoff=1) <= 1 for w in missing
        ):
            close.add(token)
    return close


def highlight_number(label: str, letter: Letter, query: str) -> SafeString:
    """The register number ``label`` as HTML, marked whole when ``query`` is that number."""
    match = _REGISTER.match(query.strip())
    if match and (int(match[1]), int(match[2])) == (letter.register_number, letter.register_year):
        return mark_safe(f"<mark>{escape(label)}</mark>")  # noqa: S308 - escaped
    return mark_safe(escape(label))  # noqa: S308 - escaped


def highlight(text: str, query: str) -> SafeString:
    """``text`` as HTML, escaped, with every place one of the folded words of ``query`` is found
    (as the search finds it: diacritics, đ/Đ and case aside, anywhere in a word) wrapped in
    ``<mark>``: ``highlight("Khiếu nại đất đai", "dat dai")`` gives
    ``Khiếu nại <mark>đất đai</mark>``."""
    words = set(fold(query).split())
    folded, origins = _folded_with_origins(text)
    words |= _close_words(words, folded)
    spans: list[tuple[int, int]] = []
    for word in words:
        start = folded.find(word)
        while start != -1:
            first = origins[start]
            end = origins[start + len(word) - 1] + 1
            # Take along the marks written after the last letter (text not in NFC).
            while end < len(text) and not fold(text[end]) and not text[end].isspace():
                end += 1
            spans.append((first, end))
            start = folded.find(word, start + 1)
    merged: list[tuple[int, int]] = []
    for first, end in sorted(spans):
        # Words found one after another, with only spaces between, are one mark.
        if merged and (first <= merged[-1][1] or text[merged[-1][1] : first].isspace()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((first, end))
    pieces: list[str] = []
    shown = 0
    for first, end in merged:
        pieces.append(escape(text[shown:first]))
        pieces.append(f"<mark>{escape(text[first:end])}</mark>")
        shown = end
    pieces.append(escape(text[shown:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of the text is escaped
