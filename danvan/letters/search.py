"""The staff letters list's search: what an officer types, matched the ways they mean it.

* exact: a register number as written on the letter ("07/2026" or "7/2026"), the tracking code,
  the case number;
* the folded text (``Letter.search_folded``: subject, content — redacted for protected letters —,
  place and whom the letter is about): every folded word typed must appear, in any order (on
  PostgreSQL as a whole word, through the ``simple`` full-text index; on SQLite anywhere); on
  PostgreSQL also with a slip of a letter in one word;
* a signer's telephone or identity number, through the keyed hashes of ``SignerKey`` (never the
  stored identity columns, so they can be encrypted), only on letters whose signers the viewer
  may read (``LetterPolicy.can_view_identity``): a protected letter the viewer may not read the
  identity of is never found this way, so the search tells nothing about who signed it.

``highlight`` marks, in a text the list shows, where the folded words typed are found.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any, Final, NamedTuple

from django.db import connections
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, StrIndex
from django.db.models.lookups import GreaterThan
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz.distance import OSA

from danvan.core import audit
from danvan.core.actors import Viewer
from danvan.core.text import fold
from danvan.documents.models import IssuedDocument
from danvan.letters.audit_actions import AuditAction
from danvan.letters.models import Case as LetterCase
from danvan.letters.models import Letter, PartyCase, SearchWord, SignerName
from danvan.letters.policies import LetterPolicy
from danvan.letters.signer_keys import typed_identifier_digests

# "07/2026", "7 / 2026": register number and year.
_REGISTER: Final = re.compile(r"^0*(\d{1,9})\s*/\s*(\d{4})$")
# Letters found by an identifier checked one by one against the identity rule; a phone or an
# identity number names few letters, and this bounds the checks.
IDENTITY_CANDIDATES: Final = 200
# Letters found by a number or a name, the newest first, taken into one search.
MATCH_CANDIDATES: Final = 1000
# Close matches are looked for while the words and names as typed find fewer letters than this.
CLOSE_BELOW: Final = 100
# A word typed is found with a slip of a letter from this many letters on: shorter words have
# too few trigrams for a slip to leave them close (the words typed together still are).
FUZZY_WORD: Final = 5
# The words of a search looked up (more say no more of a letter).
MAX_WORDS: Final = 8
_ALNUM: Final = re.compile(r"[^\W_]")
# The vocabularies of ``SearchWord``: the words of the search texts, of the signers' names.
TEXT: Final = "text"
NAME: Final = "name"
# The letters a slip of a letter may bring into a folded word.
_ALPHABET: Final = "abcdefghijklmnopqrstuvwxyz"
# Each "D" of a document number typed may be a "Đ": at most this many are tried both ways.
SYMBOL_D_MAX: Final = 4


def text_q(text: str) -> Q:
    """Every folded word of ``text`` within the letter's folded search text, as a substring
    (where the database has no full-text search: SQLite)."""
    condition = Q()
    for word in fold(text).split():
        condition &= Q(search_folded__contains=word)
    return condition


class FoldedMatch(Func):
    """PostgreSQL: the folded text ``field`` matches the ``tsquery`` ``query``
    (``to_tsquery('simple', …)``; see ``every_word_query``), through the GIN index of migration
    0023 on its ``simple`` text-search vector.

    The letters' index (``field`` "search_folded") also holds the letter's unit, as a lexeme
    of its own (``~u`` and the unit's id, which no text typed can give: the parser drops the
    ``~``); with ``units``, only the letters of those units match, so the index intersects the
    words' posting lists with the units' instead of reading them whole for the country."""

    output_field = BooleanField()

    def __init__(self, field: str, query: str, units: Collection[int] | None = None) -> None:
        self.letters = field == "search_folded"
        self.units = " | ".join(f"'~u{int(u)}'" for u in sorted(units)) if units else ""
        super().__init__(F(field), Value(query), *([F("unit_id")] if self.letters else []))

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        compiled = [compiler.compile(e) for e in self.get_source_expressions()]
        params = [p for _sql, ps in compiled for p in ps]
        field, query = compiled[0][0], compiled[1][0]
        vector = f"to_tsvector('simple'::regconfig, {field})"
        if self.letters:
            vector = f"({vector} || {UNIT_LEXEME.format(unit=compiled[2][0])})"
        tsquery = f"to_tsquery('simple'::regconfig, {query})"
        if self.units:
            tsquery = f"({tsquery} && %s::tsquery)"
            params.append(self.units)
        return f"({vector} @@ {tsquery})", params


#: The unit of a letter as a lexeme of its search index (migration 0023), ``{unit}`` its id.
UNIT_LEXEME: Final = "array_to_tsvector(ARRAY['~u' || {unit}::text])"
#: Scopes of more units than this are searched without them (most of the letters anyway).
SCOPED_UNITS: Final = 100


def scope_units(policy: LetterPolicy) -> frozenset[int] | None:
    """The units of the letters ``policy``'s person sees (``LetterPolicy.visible_letters``: the
    units they read, and those of the letters whose case they work on), for ``FoldedMatch``;
    ``None`` for a scope wider than ``SCOPED_UNITS``."""
    units = set(policy.reading_unit_ids())
    assigned = policy.assigned_letter_ids()
    if assigned:
        units |= set(Letter.objects.filter(pk__in=assigned).values_list("unit_id", flat=True))
    return frozenset(units) if len(units) <= SCOPED_UNITS else None


def query_words(text: str) -> list[str]:
    """The folded words of ``text`` that hold a letter or a digit (a lone sign is no word)."""
    return [w for w in fold(text).split() if _ALNUM.search(w)][:MAX_WORDS]


def _lexeme(word: str, *, prefix: bool) -> str:
    """``word`` as one operand of ``to_tsquery``: quoted (the parser splits it as it splits
    the text: "qd-ubnd", "07/2026", "trai," are found as written), ``:*`` for a prefix."""
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    return f"{quoted}:*" if prefix else quoted


def every_word_query(words: list[str], *, prefix: bool = False) -> str:
    """The ``tsquery`` of every word of ``words``, in any order: each a whole word of the text,
    or with ``prefix`` the start of one ("an" finds "An" and "Anh"). Whole words are what the
    GIN index intersects fastest (a prefix reads every posting list it begins)."""
    return " & ".join(_lexeme(w, prefix=prefix) for w in words)


def slips(word: str) -> set[str]:
    """The words one slip of a letter from ``word`` (a letter changed, added, dropped, or two
    next to each other swapped: optimal string alignment distance 1) that begin with its first
    letter and have three letters or more: what ``highlight`` marks as found (``_close_words``)."""
    found: set[str] = set()
    n = len(word)
    for i in range(1, n):
        found.add(word[:i] + word[i + 1 :])
        for ch in _ALPHABET:
            found.add(word[:i] + ch + word[i + 1 :])
    for i in range(1, n - 1):
        found.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    for i in range(1, n + 1):
        for ch in _ALPHABET:
            found.add(word[:i] + ch + word[i:])
    found.discard(word)
    return {w for w in found if len(w) >= 3}


def _may_slip(word: str, alone: bool) -> bool:
    """Whether a slip of a letter in ``word`` is looked for: a word of letters of three or more
    typed with others, or of ``FUZZY_WORD`` or more alone (a short word alone is too short for
    a slip to leave it recognisable)."""
    return word.isascii() and word.isalpha() and len(word) >= (FUZZY_WORD if alone else 3)


def all_slips(words: list[str]) -> dict[str, set[str]]:
    """For each word of ``words`` that may slip (``_may_slip``), every word one slip from it."""
    alone = len(words) == 1
    return {w: slips(w) for w in words if _may_slip(w, alone)}


def known_slips(words: list[str], using: str, kind: str = TEXT) -> dict[str, set[str]]:
    """``all_slips`` narrowed to the words some letter's search text holds (``SearchWord`` of
    ``kind``: ``TEXT`` or ``NAME``, the signers' names): the words typed that none holds are
    the ones that slipped, so while there are any only they are looked up close; when every
    word typed is written somewhere, any may be."""
    candidates = all_slips(words)
    if not candidates:
        return {}
    wanted = {w for close in candidates.values() for w in close} | set(words)
    known = set(
        SearchWord.objects.using(using)
        .filter(kind=kind, word__in=sorted(wanted))
        .values_list("word", flat=True)
    )
    unknown = [w for w in candidates if w not in known]
    return {w: candidates[w] & known for w in unknown or candidates if candidates[w] & known}


def one_slip_queries(words: list[str], close: dict[str, set[str]]) -> list[str]:
    """The ``tsquery`` of the words typed with a slip of a letter in one of them, one for each
    word of ``close`` (the words it may be instead): that word or one of those, and every other
    word as typed, whole ("khieu nai dat dia" finds "khiếu nại đất đai", "Nguyen Trsi"
    "Nguyễn Trãi"). One query for each word, so that the index intersects each one's posting
    lists on their own (an ``OR`` of them in one query would read every list whole)."""
    queries = []
    for i, word in enumerate(words):
        if not close.get(word):
            continue
        either = " | ".join(_lexeme(w, prefix=False) for w in sorted(close[word] | {word}))
        others = [_lexeme(w, prefix=False) for j, w in enumerate(words) if j != i]
        queries.append(" & ".join([f"( {either} )", *others]))
    return queries


def _any_of(field: str, queries: list[str], units: Collection[int] | None = None) -> Q | None:
    """``field`` matching any of the ``tsquery`` ``queries`` (each its own index scan)."""
    if not queries:
        return None
    condition = Q()
    for query in queries:
        condition |= Q(FoldedMatch(field, query, units))
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


def word_matches(
    *, text: str, visible: QuerySet[Letter], units: Collection[int] | None = None
) -> list[int]:
    """Ids of the letters in ``visible`` whose folded search text has every folded word of
    ``text`` (on PostgreSQL through the full-text index, ``every_word_query``; elsewhere as
    substrings, ``text_q``), the newest ``MATCH_CANDIDATES``: read once as a list, so that the
    ranking and the page read only the letters found rather than test the words again on the
    whole scope. ``units``: those of the scope (``scope_units``), read in the index."""
    words = query_words(text)
    if not words:
        return []
    if _on_postgresql(visible):
        condition: Q = Q(FoldedMatch("search_folded", every_word_query(words), units))
    else:
        condition = text_q(text)
    found = visible.filter(condition).order_by("-pk").values_list("pk", flat=True)
    return list(found[:MATCH_CANDIDATES])


def close_matches(
    *, text: str, visible: QuerySet[Letter], units: Collection[int] | None = None
) -> list[int]:
    """PostgreSQL only: ids of the letters in ``visible`` whose folded search text has the
    words typed with a slip of a letter in one of them (``one_slip_queries``, the slips some
    text holds: ``known_slips``), the newest ``MATCH_CANDIDATES``; never a protected letter
    (see ``search_letters``)."""
    if not _on_postgresql(visible):
        return []
    words = query_words(text)
    queries = one_slip_queries(words, known_slips(words, visible.db))
    condition = _any_of("search_folded", queries, units)
    if condition is None:
        return []
    found = visible.filter(~Letter.protected_q(), condition)
    return list(found.order_by("-pk").values_list("pk", flat=True)[:MATCH_CANDIDATES])


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


def _on_postgresql(qs: QuerySet[Any]) -> bool:
    return connections[qs.db].vendor == "postgresql"


def name_condition(
    text: str, postgresql: bool, *, slip: bool = False, using: str = "default"
) -> Q | None:
    """The ``SignerName`` rows whose folded name has every folded word typed at the start of one
    of its words; with ``slip`` (PostgreSQL only), the words typed whole with a slip of a letter
    in one of them (``one_slip_queries``)."""
    words = query_words(text)
    if not words or not any(ch.isalpha() for ch in "".join(words)):
        return None
    if postgresql:
        if slip:
            close = known_slips(words, using, NAME)
            return _any_of("folded", one_slip_queries(words, close))
        return Q(FoldedMatch("folded", every_word_query(words, prefix=True)))
    if slip:
        return None
    condition = Q()
    for word in words:
        condition &= Q(folded__startswith=word) | Q(folded__contains=f" {word}")
    return condition


def name_matches(
    *, viewer: Viewer, text: str, visible: QuerySet[Letter], slip: bool = False
) -> list[int]:
    """Ids of the letters in ``visible`` one of whose signers' names is what was typed
    (diacritics aside; with ``slip``, on PostgreSQL, a slip of a letter in one word), the newest
    ``MATCH_CANDIDATES``, only where the viewer may read the signers
    (``LetterPolicy.can_view_identity``), from the restricted index ``SignerName``:

    * a letter outside the denouncer-protection regime: whoever sees it in the list may read
      who signed it, so the index is read in the query itself;
    * a protected letter: the letters found (at most ``IDENTITY_CANDIDATES``) are checked one by
      one, kept only where the viewer may read the identity, and each match is audited as a
      read of the denouncer's identity."""
    condition = name_condition(text, _on_postgresql(visible), slip=slip, using=visible.db)
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
    ``SIMILAR`` close to what was typed) and ``score`` (1000 where the folded text holds the
    words as typed, next to each other and in order, else 0: a comparison of the letters found
    only, cheap enough for all of them)."""

    condition: Q
    rank: Any
    score: Any


EXACT: Final = 0
ALL_WORDS: Final = 1
SIMILAR: Final = 2


class _AmongIds(Func):
    """PostgreSQL: the primary key is one of ``ids``, passed as one array (``= ANY``): a
    thousand ids are one parameter to bind and one constant for the planner, not a thousand."""

    output_field = BooleanField()

    def __init__(self, ids: list[int]) -> None:
        self.ids = [int(i) for i in ids]
        super().__init__(F("pk"))

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"({sql} = ANY(%s::bigint[]))", [*params, self.ids]


def _among(ids: list[int], postgresql: bool) -> Q:
    """The letters whose primary key is one of ``ids``."""
    return Q(_AmongIds(ids)) if postgresql else Q(pk__in=ids)


def search_letters(
    *,
    viewer: Viewer,
    text: str,
    letters: QuerySet[Letter],
    ranked: bool = True,
    units: Collection[int] | None = None,
) -> Search:
    """The search for ``text`` among ``letters`` (the viewer's visible letters).

    Every way is looked up first, each through its own index, and comes in as a list of ids
    (the newest ``MATCH_CANDIDATES`` of each), so that the page and its count read the letters
    found by primary key, never the scope: the numbers and identifiers (exact), the words
    (on PostgreSQL the full-text index of the folded text, on SQLite its substrings) and the
    signers' names. On PostgreSQL, while these find fewer letters than ``CLOSE_BELOW``, the
    words and names are also looked for with a slip of a letter (``one_slip_queries``); SQLite
    finds the folded words only. ``units``: the units of the scope (``scope_units``), which
    the full-text index reads with the words."""
    postgresql = _on_postgresql(letters)
    exact = exact_matches(text=text, visible=letters)
    exact += identity_matches(viewer=viewer, text=text, visible=letters)
    found = word_matches(text=text, visible=letters, units=units)
    names = name_matches(viewer=viewer, text=text, visible=letters)
    words = found + names
    close: list[int] = []
    if postgresql and len(words) < CLOSE_BELOW:
        # Close matches only while the words as typed find few letters: they all rank after
        # the letters the words find, which beyond that fill the first pages. Never on a
        # protected letter's text: its redacted text still holds words written near the
        # denouncer's name (the title, the street), close enough to a name typed to confirm a
        # guessed name; a protected letter is found by its words as typed, as on SQLite (its
        # signers' names are read under the identity rule, ``name_matches``).
        close = close_matches(text=text, visible=letters, units=units)
        close += name_matches(viewer=viewer, text=text, visible=letters, slip=True)
    condition = _among(sorted({*exact, *words, *close}), postgresql)
    rank: Any = Value(SIMILAR)
    score: Any = Value(0)
    if ranked:
        rank = Case(
            When(_among(exact, postgresql), then=Value(EXACT)),
            When(_among(words, postgresql), then=Value(ALL_WORDS)),
            default=Value(SIMILAR),
            output_field=IntegerField(),
        )
        phrase = " ".join(query_words(text))
        if phrase:
            # The words typed found as typed, next to each other and in order, first.
            score = Case(
                When(GreaterThan(StrIndex("search_folded", Value(phrase)), 0), then=Value(1000)),
                default=Value(0),
                output_field=IntegerField(),
            )
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
