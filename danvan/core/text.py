"""Vietnamese text folding for search and duplicate detection.

``fold("Phường Bến Nghé, Đà Nẵng")`` gives ``"phuong ben nghe, da nang"``: lower case, diacritics
removed, whitespace collapsed. Unicode NFD does not decompose đ/Đ (they are letters of their own,
not d with a mark), so they are mapped first. Written here rather than with ``unidecode`` because
that package is GPL-2.0+ only and transliterates far more than Vietnamese needs; the standard
library's ``unicodedata`` does the rest.
"""

from __future__ import annotations

import re
import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, diacritic-free, single-spaced form of ``text``; fold(fold(x)) == fold(x)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped)).strip().casefold()


# Characters that show nothing but change what is shown or compared: zero-width spaces and
# joiners, the word joiner, the byte-order mark, the soft hyphen, and the bidirectional embedding,
# override and isolate controls that can make "gpj.exe" read as "exe.jpg". All of them are
# Unicode category Cf ("format"), which is what is removed, so newer ones are caught as well.
_LINE_BREAKS = {"\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"}


def _visible(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category != "Cf" and (category != "Cc" or ch in "\t\n")


def clean_line(value: str) -> str:
    """One line as a person meant to type it: NFC-normalised, without invisible (category Cf)
    or control characters, line breaks and tabs turned into spaces, runs of spaces collapsed
    and the ends trimmed. ``clean_line(clean_line(x)) == clean_line(x)``."""
    text = "".join(" " if ch in _LINE_BREAKS or ch == "\t" else ch for ch in value)
    text = unicodedata.normalize("NFC", "".join(ch for ch in text if _visible(ch)))
    return _SPACES.sub(" ", text).strip()


def clean_text(value: str) -> str:
    """Several lines: the same as ``clean_line`` on each line (invisible and control
    characters removed, NFC), but line breaks are kept (as ``\\n``) and spaces inside a line
    are left as typed; the whole text is trimmed."""
    text = "".join("\n" if ch in _LINE_BREAKS else ch for ch in value.replace("\r\n", "\n"))
    return unicodedata.normalize("NFC", "".join(ch for ch in text if _visible(ch))).strip()
