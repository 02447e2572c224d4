"""Removing a person's identity from texts (Luật Tố cáo Arts. 8(3), 47, 56).

Nothing that identifies a denouncer may be revealed, so the known identity strings of a person
(name, identity number, telephone, e-mail, address) are found however a letter writes them and
replaced by a marker:

- numbers (CCCD, CMND, passport) with any spaces, dots or dashes between groups; a telephone
  also with its prefix written 0, 84, +84, (+84) or 0084;
- names in any case, with or without diacritics, any two or more of their words adjacent in any
  order (joined by spaces, line breaks or hyphens), and the given name alone when it is written
  as a capitalised word ("Bà Xuyến": the title stays, the name goes);
- the house number with the street name, however the address is rewritten ("số nhà 14 Lò Sũ",
  "14, P. Lò Sũ", "số 14/5 ngõ 20 Lò Sũ"); a street or ward alone does not identify and stays;
- e-mail addresses in any case.

Invisible characters (zero-width spaces and joiners, soft hyphens, bidi controls: Unicode
category Cf) are ignored when matching and go with the span they sit in.

The strings come without their kind (callers pass the flat list of every signer's strings), so
the kind is read from the string's shape. No library does Vietnamese diacritic-insensitive
replacement that keeps the rest of the text intact, so the matching runs on a folded copy of the
text whose positions map back onto the original. The patterns for one set of strings are built
once (``Redactor``, cached by ``redactor``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from django.utils.translation import gettext as _

from danvan.core.text import fold

MIN_LENGTH: Final = 3

#: Separators people put between the groups of a number: spaces, dots, dashes.
_NUM_SEP: Final = r"[\s.\-\u2010-\u2013]{0,3}"
#: What joins the words of a name: spaces, line breaks, hyphens.
_NAME_SEP: Final = r"[\s\-\u2010-\u2013]+"
_WORD_START: Final = r"(?<![^\W_])"
_WORD_CHAR: Final = r"[^\W_]"
_WORD_END: Final = r"(?![^\W_])"

#: Surnames and middle names so common that a run made only of them ("Nguyễn Thị") names half
#: the country, and is often the start of the name of the person denounced: such a run stays
#: unless it is the whole name.
COMMON_NAME_WORDS: Final = frozenset(
    {
        "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui",
        "do", "ho", "ngo", "duong", "ly", "thi", "van",
    }
)  # fmt: skip

#: Titles and kinship words written before a name ("bà Xuyến", "đ/c Tuấn"). Folded they
#: collide with common words ("chí" in "Hồ Chí Minh", "có"), so the text must spell them so, or
#: be written without any diacritics.
TITLES: Final = (
    "đồng chí", "đ/c", "đ.c", "ông", "bà", "chị", "anh", "cô", "chú", "bác", "em", "cháu", "cụ",
)  # fmt: skip
_FOLDED_TITLES: Final = {fold(t): t for t in TITLES}

#: Words that introduce or type a house number, a lane or a street, folded ("số nhà", "ngõ",
#: "P." for phố, "Đ." for đường).
_ADDRESS_WORDS: Final = (
    "so", "nha", "sn", "can", "ho", "pho", "duong", "dg", "d", "p", "ngo", "ngach", "hem",
    "kiet", "ng", "to", "dan", "khu", "kp", "thon", "xom", "ap",
)  # fmt: skip
#: Of those, the ones that may start a street's own name ("Hồ Tùng Mậu", "Tô Hiến Thành") once
#: the diacritics are gone: dropped before a street name only when a number follows them.
_AMBIGUOUS_ADDRESS_WORDS: Final = frozenset({"can", "ho", "to", "dan", "khu"})
#: Words that end a street name: the administrative units after it.
_UNIT_WORDS: Final = frozenset({"phuong", "xa", "quan", "huyen", "tinh", "tp"})
_HOUSE_NUMBER: Final = re.compile(r"(?<![\w/])(\d+[a-z]?(?:\s*/\s*\d+[a-z]?)*)(?![\w/])")


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if ch.isspace():
        return " "
    if unicodedata.category(ch) == "Cf":
        return ""  # zero-width characters, soft hyphen, bidi controls
    return "".join(c for c in fold(ch) if not unicodedata.combining(c))


def _fold_with_positions(text: str) -> tuple[str, Sequence[int]]:
    """The folded text and, for each folded character, the index of its source character."""
    pieces = [_fold_char(ch) for ch in text]
    folded = "".join(pieces)
    if len(folded) == len(text) and all(len(p) == 1 for p in pieces):
        return folded, range(len(text))  # one folded character for each: the usual case
    positions = [i for i, piece in enumerate(pieces) for _ in piece]
    return folded, positions


def _clean(value: str) -> str:
    """``value`` folded, without invisible characters."""
    return fold("".join(_fold_char(ch) for ch in value))


def _lead(first: str, before: str) -> str:
    """``first`` not preceded by a character of the class ``before``. The guard comes after the
    literal, not before it: a pattern starting with a look-behind loses the regular expression
    engine's fast scan for its first characters (about a hundred times slower on a letter)."""
    e = re.escape(first)
    return rf"{e}(?<!{before}{e})"


def _word(word: str) -> str:
    """``word`` as a whole word."""
    return _lead(word[0], _WORD_CHAR) + re.escape(word[1:]) + _WORD_END


def _words(words: Iterable[str], sep: str) -> str:
    return sep.join(_word(w) for w in words)


def _digits_pattern(digits: str, before: str | None = None) -> str:
    first = _lead(digits[0], before) if before else re.escape(digits[0])
    return _NUM_SEP.join([first, *(re.escape(d) for d in digits[1:])])


def _phone_number(digits: str) -> str | None:
    """The national number (without the leading 0) if ``digits`` is a Vietnamese telephone: a
    10-digit mobile or 11-digit fixed line, written 0…, 84…, or 0084…"""
    if digits.startswith("0084") and len(digits) in (13, 14):
        digits = "0" + digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if re.fullmatch(r"0[1-9]\d{8,9}", digits):
        return digits[1:]
    return None


_PHONE_SEP: Final = r"[\s.\-]*"
#: The prefix written before a telephone's national number, matched backwards from it.
_PHONE_PREFIX: Final = re.compile(
    rf"(?<!\d)(?:(?:\(\s*\+?\s*(?:00)?84\s*\)|\+\s*84|0084|84){_PHONE_SEP}"
    rf"(?:\(0\){_PHONE_SEP}|0{_PHONE_SEP})?|0{_PHONE_SEP})\Z"
)
_PHONE_PREFIX_MAX: Final = 24


def _phone_pattern(national: str) -> str:
    """The national number; its prefix is looked for before it (``_PHONE_PREFIX``)."""
    return rf"{_digits_pattern(national)}(?!\d)"


def _street_words(text: str) -> list[str]:
    """The street name at the start of ``text`` (folded), without the words and numbers that
    type it ("phố", "ngõ 20") and up to the administrative unit after it."""
    tokens = [t for t in re.split(r"[\s.]+", text) if t]

    def number(token: str) -> bool:
        return re.fullmatch(r"[\d/]+[a-z]?", token) is not None

    while tokens:
        first = tokens[0]
        if first in _AMBIGUOUS_ADDRESS_WORDS:
            if len(tokens) > 1 and (number(tokens[1]) or tokens[1] in _ADDRESS_WORDS):
                tokens.pop(0)
                continue
            break
        if first in _ADDRESS_WORDS or number(first):
            tokens.pop(0)
            continue
        break
    words: list[str] = []
    for token in tokens:
        if token in _UNIT_WORDS or not re.fullmatch(r"[a-z]+", token):
            break
        words.append(token)
    return words


def address_keys(address: str) -> list[tuple[str, tuple[str, ...]]]:
    """(house number, street words) pairs of an address, folded: ``"Số 14 phố Lò Sũ, Hà Nội"``
    gives ``[("14", ("lo", "su"))]``. The pair identifies the person however it is written."""
    parts = [p.strip() for p in _clean(address).split(",")]
    keys: list[tuple[str, tuple[str, ...]]] = []
    for i, part in enumerate(parts):
        m = _HOUSE_NUMBER.search(part)
        if not m:
            continue
        street = _street_words(part[m.end() :])
        if not street and i + 1 < len(parts):
            street = _street_words(parts[i + 1])  # "Số 14, phố Lò Sũ", "Số 14 ngõ 5, phố Huế"
        if street:
            keys.append((re.sub(r"\s+", "", m.group(1)), tuple(street)))
    return keys


def _address_patterns(house: str, street: tuple[str, ...]) -> list[str]:
    rest = "".join(r"\s*/\s*" if c == "/" else re.escape(c) for c in house[1:])
    number = _lead(house[0], r"[\w/]") + rest + r"(?![\w]|\s*/\s*\d)"
    name = _words(street, _NAME_SEP)
    typed = "|".join(re.escape(w) for w in _ADDRESS_WORDS)
    lane = r"\d+[a-z]?(?:/\d+[a-z]?)*(?![\w/])"
    gap = rf"(?:[\s,.:\-]|{_WORD_START}(?:{typed}){_WORD_END}|{lane}){{0,24}}?"
    introduced = r"[\s,.]{0,3}(?:so|sn|so nha|nha so)[\s.:]*"
    return [number + gap + name, name + introduced + number]


@dataclass(frozen=True)
class _NameRule:
    words: frozenset[str]
    #: Each folded word's spellings (its marks): "Hưng" in a text is not "Hùng", but "Hung" is.
    spellings: dict[str, frozenset[tuple[tuple[str, ...], int]]]
    run: re.Pattern[str] | None
    given: re.Pattern[str] | None
    titled: re.Pattern[str] | None


def _marks(word: str) -> tuple[tuple[str, ...], int]:
    """The diacritics of ``word``, in any order (tone marks sit on either vowel: "Thủy",
    "Thuỷ"), and how many đ it has."""
    visible = "".join(c for c in word if unicodedata.category(c) != "Cf")
    marks = sorted(c for c in unicodedata.normalize("NFD", visible) if unicodedata.combining(c))
    return tuple(marks), sum(c in "đĐ" for c in visible)


_PLAIN: Final = ((), 0)


def _name_words(name: str) -> tuple[str, ...]:
    """The folded words of a name, as ``_name_rule`` reads them: every match of its patterns
    holds one of them."""
    visible = "".join(c for c in name if unicodedata.category(c) != "Cf")
    written = re.split(_NAME_SEP, unicodedata.normalize("NFC", visible))
    return tuple(folded for w in written if (folded := _clean(w)))


def _name_rule(name: str) -> _NameRule:
    visible = "".join(c for c in name if unicodedata.category(c) != "Cf")
    written = [w for w in re.split(_NAME_SEP, unicodedata.normalize("NFC", visible)) if _clean(w)]
    words = [_clean(w) for w in written]
    spellings: dict[str, set[tuple[tuple[str, ...], int]]] = {}
    for original, folded_word in zip(written, words, strict=True):
        spellings.setdefault(folded_word, set()).add(_marks(original))
    word = "(?:" + "|".join(_word(w) for w in sorted(set(words), key=len, reverse=True)) + ")"
    run = re.compile(rf"{word}(?:{_NAME_SEP}{word})+") if len(words) > 1 else None
    given_name = words[-1]
    given = re.compile(_word(given_name)) if len(given_name) >= 2 else None
    rare = sorted({w for w in words if w not in COMMON_NAME_WORDS}, key=len, reverse=True)
    titled = re.compile("|".join(_word(w) for w in rare)) if rare else None
    return _NameRule(
        frozenset(words), {w: frozenset(m) for w, m in spellings.items()}, run, given, titled
    )


def _spelt_as_title(written: str) -> bool:
    """Whether ``written`` (a title and a name word) starts with a title spelt as one, or is
    written without diacritics at all."""
    visible = "".join(c for c in written if unicodedata.category(c) != "Cf")
    spaced = re.sub(r"\s+", " ", unicodedata.normalize("NFC", visible)).strip()
    title = spaced.rsplit(" ", 1)[0].casefold()
    return title in _FOLDED_TITLES.values() or spaced.isascii()


#: A title just before a name word, matched backwards from the word.
_TITLE_BEFORE: Final = re.compile(
    _WORD_START + "(?:" + "|".join(re.escape(t) for t in _FOLDED_TITLES) + r")\s+\Z"
)


def _kind(value: str) -> str:
    """ "email", "phone", "number", "address", "name" or "phrase", from the shape of ``value``."""
    folded = _clean(value)
    if "@" in folded:
        return "email"
    if re.fullmatch(r"[\d\s.\-+()/]+", folded):
        digits = re.sub(r"\D", "", folded)
        if _phone_number(digits):
            return "phone"
        return "number" if len(digits) >= 6 else "phrase"
    compact = re.sub(r"[\s.\-]", "", folded)
    if re.fullmatch(r"[a-z]{1,3}\d{6,12}|(?=.*\d)(?=.*[a-z])[a-z0-9]{6,15}", compact) and (
        " " not in folded.strip() or re.fullmatch(r"[a-z]{1,3}[\s.\-]?\d{6,12}", folded)
    ):
        return "number"  # passport and other letter-and-digit numbers
    if any(ch.isdigit() for ch in folded):
        return "address"
    words = folded.split()
    if "," in folded or len(words) > 6:
        return "phrase"
    return "name"


def _source_end(text: str, positions: Sequence[int], end: int) -> int:
    """The end in ``text`` of a span ending at folded ``end``, with the marks of a decomposed
    last letter."""
    stop = positions[end - 1] + 1
    while stop < len(text) and unicodedata.combining(text[stop]):
        stop += 1
    return stop


#: The separators ``_digits_pattern`` allows between the characters of a number: with them
#: taken out of a text, a number it holds is one run of characters.
_NUM_SEP_CHARS: Final = re.compile(r"[\s.\-\u2010-\u2013]")


class Redactor:
    """The patterns of one set of identity strings, each compiled the first time a text holds
    every literal part of it (a pattern whose words or digits a text does not hold cannot
    match it, and compiling the patterns costs far more than looking for those parts)."""

    def __init__(self, identity_strings: Iterable[str]) -> None:
        self.strings = tuple(sorted({s for s in identity_strings if s and s.strip()}))
        # (pattern, the literal parts every match holds): searched in the folded text, or,
        # for numbers, in the folded text without the separators of numbers.
        patterns: list[tuple[str, tuple[str, ...]]] = []
        numbers: list[tuple[str, tuple[str, ...]]] = []
        phones: list[tuple[str, tuple[str, ...]]] = []
        self._names: list[tuple[str, tuple[str, ...]]] = []
        for value in self.strings:
            folded = _clean(value)
            if len(folded) < MIN_LENGTH:
                continue
            kind = _kind(value)
            if kind == "email":
                compact = folded.replace(" ", "")
                first = _lead(compact[0], r"[\w.+\-]")
                rest = r"\s*@\s*".join(re.escape(p) for p in compact[1:].split("@"))
                needs = tuple(p for p in compact.split("@") if p)
                patterns.append((rf"{first}{rest}(?![\w\-])", needs))
            elif kind == "phone":
                national = _phone_number(re.sub(r"\D", "", folded)) or ""
                phones.append((_phone_pattern(national), (national,)))
            elif kind == "number":
                alnum = re.sub(r"[^0-9a-z]", "", folded)
                pattern = rf"{_digits_pattern(alnum, '[0-9a-z]')}(?![0-9a-z])"
                numbers.append((pattern, (alnum,)))
            elif kind == "name":
                self._names.append((value, _name_words(value)))
            else:
                if kind == "address":
                    for house, street in address_keys(value):
                        needs = (*street, *(p for p in house.split("/") if p))
                        patterns.extend((p, needs) for p in _address_patterns(house, street))
                words = [w for w in re.split(r"[\s,.]+", folded) if w]
                if words:
                    patterns.append((_words(words, r"[\s,.\-]+"), tuple(words)))
        # Each pattern is searched on its own: in one alternation a shorter match would hide a
        # longer one that overlaps it.
        self._patterns = list(dict(patterns).items())
        self._numbers = list(dict(numbers).items())
        self._phones = list(dict(phones).items())
        self._compiled: dict[str, re.Pattern[str]] = {}
        self._rules: dict[str, _NameRule] = {}

    def _pattern(self, source: str) -> re.Pattern[str]:
        pattern = self._compiled.get(source)
        if pattern is None:
            pattern = self._compiled[source] = re.compile(source)
        return pattern

    def _rule(self, name: str) -> _NameRule:
        rule = self._rules.get(name)
        if rule is None:
            rule = self._rules[name] = _name_rule(name)
        return rule

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) spans of ``text`` that identify someone, sorted and merged."""
        if not text or not (self._patterns or self._numbers or self._phones or self._names):
            return []
        folded, positions = _fold_with_positions(text)
        joined = _NUM_SEP_CHARS.sub("", folded) if self._numbers or self._phones else ""
        found: list[tuple[int, int]] = []
        for source, needs in self._patterns:
            if all(part in folded for part in needs):
                pattern = self._pattern(source)
                found += [m.span() for m in pattern.finditer(folded) if m.end() > m.start()]
        for source, needs in self._numbers:
            if all(part in joined for part in needs):
                pattern = self._pattern(source)
                found += [m.span() for m in pattern.finditer(folded) if m.end() > m.start()]
        for source, needs in self._phones:
            if not all(part in joined for part in needs):
                continue
            for m in self._pattern(source).finditer(folded):
                start = m.start()
                prefix = _PHONE_PREFIX.search(folded, max(0, start - _PHONE_PREFIX_MAX), start)
                if prefix:
                    start = prefix.start()
                elif start and folded[start - 1].isdigit():
                    continue  # part of a longer number
                found.append((start, m.end()))
        rules = [self._rule(name) for name, words in self._names if any(w in folded for w in words)]
        for rule in rules:

            def spelt(start: int, end: int, rule: _NameRule = rule) -> bool:
                """Whether the name words at folded [start, end) are spelt as the name's, or
                without diacritics."""
                source = text[positions[start] : _source_end(text, positions, end)]
                written = [w for w in re.split(_NAME_SEP, source) if w.strip()]
                keys = re.split(_NAME_SEP, folded[start:end])
                if len(written) != len(keys):
                    return True  # cannot pair them: redact rather than reveal
                return all(
                    _marks(w) == _PLAIN or _marks(w) in rule.spellings.get(k, ())
                    for w, k in zip(written, keys, strict=True)
                )

            if rule.run is not None:
                for m in rule.run.finditer(folded):
                    run = re.split(_NAME_SEP, m.group())
                    if (
                        set(run) == rule.words or any(w not in COMMON_NAME_WORDS for w in run)
                    ) and spelt(*m.span()):
                        found.append(m.span())
            if rule.given is not None:
                found += [
                    m.span()
                    for m in rule.given.finditer(folded)
                    if text[positions[m.start()]].isupper() and spelt(*m.span())
                ]
            if rule.titled is not None:
                for m in rule.titled.finditer(folded):
                    title = _TITLE_BEFORE.search(folded, max(0, m.start() - 12), m.start())
                    if (
                        title
                        and text[positions[m.start()]].isupper()
                        and spelt(*m.span())
                        and _spelt_as_title(
                            text[positions[title.start()] : positions[m.end() - 1] + 1]
                        )
                    ):
                        found.append(m.span())
        if not found:
            return []
        spans: list[tuple[int, int]] = []
        for start, end in sorted(found):
            begin, stop = positions[start], _source_end(text, positions, end)
            if spans and begin <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(stop, spans[-1][1]))
            else:
                spans.append((begin, stop))
        return spans

    def redact(self, text: str, marker: str | None = None) -> str:
        """``text`` with every identifying span replaced by ``marker``."""
        spans = self.spans(text)
        if not spans:
            return text
        mark = marker if marker is not None else _("[identity removed]")
        out: list[str] = []
        last = 0
        for start, end in spans:
            out.append(text[last:start])
            out.append(mark)
            last = end
        out.append(text[last:])
        return "".join(out)

    def contains(self, text: str) -> bool:
        return bool(self.spans(text))


@lru_cache(maxsize=256)
def _cached(strings: tuple[str, ...]) -> Redactor:
    return Redactor(strings)


def redactor(identity_strings: Iterable[str]) -> Redactor:
    """The ``Redactor`` of these identity strings, built once per set."""
    return _cached(tuple(sorted({s for s in identity_strings if s})))


def identity_strings(
    *, full_name: str = "", id_number: str = "", phone: str = "", email: str = "", address: str = ""
) -> list[str]:
    """Every string that identifies a person, for redaction: the values themselves, and the part
    of the address with a house number ("Số 14 phố Lò Sũ"), which identifies the person even
    when the letter writes the rest of the address differently."""
    values = [s for s in (full_name, id_number, phone, email, address) if s]
    values += [
        part.strip()
        for part in address.split(",")
        if any(ch.isdigit() for ch in part) and len(part.strip()) >= 6
    ]
    return values


def redact(text: str, identity_strings: Iterable[str], marker: str | None = None) -> str:
    """``text`` with every occurrence of the identity strings replaced by ``marker``."""
    if not text:
        return text
    return redactor(identity_strings).redact(text, marker)


def contains_identity(text: str, identity_strings: Iterable[str]) -> bool:
    """Whether any identity string still appears in ``text``."""
    return bool(text) and redactor(identity_strings).contains(text)


# -- what a text says of its own writer --------------------------------------------------------
#
# An unsigned letter (or one whose signer block is empty) may still name its writer in its text:
# "Tôi là Mông Thị Dìn, số điện thoại 0918 901 234, địa chỉ số 41 phố Hàng Thiếc". The law
# protects that person as it protects a signer (Luật Tố cáo Art. 47), so the identity the text
# gives of its writer is read from it. No library reads Vietnamese self-introductions; these
# patterns are deliberately narrow (a phrase of self-introduction before a name; a telephone,
# identity number or e-mail anywhere in the text, which in a denunciation identifies its writer
# or someone close to them; an address after "địa chỉ", "trú tại"...).

_NAME_WORD = r"[^\W\d_][^\W\d_]*"
_SELF_NAME = re.compile(
    r"(?:\b(?:tôi|em|cháu|con)\s+(?:tên\s+)?là|\btên\s+(?:tôi|em|cháu)\s+là|\btôi\s+tên)\s+"
    rf"((?:{_NAME_WORD}\s+){{1,4}}{_NAME_WORD})",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\d.])(?:\(?\+?84\)?|0)[\s.\-]?\d(?:[\s.\-]?\d){7,9}(?![\s.\-]?\d)")
# A 12-digit CCCD in any grouping; a 9-digit CMND written without dots (with dots in threes it
# is an amount of money: "150.000.000 đồng").
_ID_NUMBER = re.compile(
    r"(?<![\d.])(?:\d(?:[\s.\-]?\d){11}|\d(?:[\s\-]?\d){8})(?![\d.])(?!\s*(?:đồng|đ\b|vnđ|vnd))",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_SELF_ADDRESS = re.compile(
    r"\b(?:địa\s+chỉ|trú\s+tại|cư\s+trú\s+tại|ở\s+tại|nhà\s+ở|thường\s+trú)\s*:?\s*([^.;\n]{4,120})",
    re.IGNORECASE,
)


def _capitalised_run(words: str) -> str:
    """The leading words of ``words`` written with a capital (a name ends where they stop)."""
    kept: list[str] = []
    for word in words.split():
        if not word[:1].isupper():
            break
        kept.append(word)
    return " ".join(kept)


def self_identifiers(text: str) -> list[str]:
    """The identity strings ``text`` gives of its writer (see the comment above)."""
    if not text:
        return []
    found: list[str] = []
    for match in _SELF_NAME.finditer(text):
        name = _capitalised_run(match.group(1))
        if len(name.split()) >= 2:
            found.append(name)
    found += [m.group(0) for m in _PHONE.finditer(text)]
    found += [m.group(0) for m in _ID_NUMBER.finditer(text)]
    found += [m.group(0) for m in _EMAIL.finditer(text)]
    for match in _SELF_ADDRESS.finditer(text):
        found += identity_strings(address=match.group(1))[1:]  # the parts with a house number
    return list(dict.fromkeys(s.strip() for s in found if s.strip()))
