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
