"""Removing a person's identity from texts (Luật Tố cáo Art. 8(3), 56).

Known identity strings (name, identity number, telephone, e-mail, address) are found ignoring
case, diacritics and the spacing or punctuation inside numbers, and replaced by a marker. No
library does Vietnamese diacritic-insensitive replacement that keeps the rest of the text intact,
so the matching maps positions of the folded text back onto the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from django.utils.translation import gettext as _

from danvan.core.text import fold

MIN_LENGTH: Final = 3


def _fold_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, the index of its source character."""
    folded: list[str] = []
    positions: list[int] = []
    for i, ch in enumerate(text):
        for out in " " if ch.isspace() else fold(ch):
            folded.append(out)
            positions.append(i)
    return "".join(folded), positions


def _pattern(needle: str) -> re.Pattern[str] | None:
    folded = fold(needle).strip()
    if len(folded) < MIN_LENGTH:
        return None
    digits = re.sub(r"\D", "", folded)
    if digits and len(digits) >= 6 and len(digits) >= len(re.sub(r"[\s+]", "", folded)) - 1:
        if digits.startswith("84") and len(digits) >= 11:
            digits = digits[2:]  # +84 912... is 0912... written the international way
        # A number (telephone, identity number): allow spaces, dots and dashes between digits,
        # and +84 for a leading 0.
        body = r"[\s.\-]?".join(re.escape(d) for d in digits.lstrip("0"))
        return re.compile(rf"(?<!\d)(?:\+?84[\s.\-]?|0)?{body}(?!\d)")
    words = [re.escape(w) for w in re.split(r"\s+", folded) if w]
    return re.compile(r"(?<!\w)" + r"[\s,.]+".join(words) + r"(?!\w)")


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
    mark = marker if marker is not None else _("[identity removed]")
    folded, positions = _fold_with_positions(text)
    spans: list[tuple[int, int]] = []
    for needle in sorted({s for s in identity_strings if s}, key=len, reverse=True):
        pattern = _pattern(needle)
        if pattern is None:
            continue
        for m in pattern.finditer(folded):
            if m.end() > m.start():
                spans.append((positions[m.start()], positions[m.end() - 1] + 1))
    if not spans:
        return text
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out: list[str] = []
    last = 0
    for start, end in merged:
        out.append(text[last:start])
        out.append(mark)
        last = end
    out.append(text[last:])
    return "".join(out)


def contains_identity(text: str, identity_strings: Iterable[str]) -> bool:
    """Whether any identity string still appears in ``text``."""
    return redact(text, identity_strings, marker="\x00") != text
