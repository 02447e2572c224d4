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
from typing import Final

from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from danvan.core import audit
from danvan.core.actors import Viewer
from danvan.core.text import fold
from danvan.letters.audit_actions import AuditAction
from danvan.letters.models import Letter
from danvan.letters.policies import LetterPolicy
from danvan.letters.signer_keys import typed_identifier_digests

# "07/2026", "7 / 2026": register number and year.
_REGISTER: Final = re.compile(r"^0*(\d{1,9})\s*/\s*(\d{4})$")
# Letters found by an identifier checked one by one against the identity rule; a phone or an
# identity number names few letters, and this bounds the checks.
IDENTITY_CANDIDATES: Final = 200


def text_q(text: str) -> Q:
    """Every folded word of ``text`` within the letter's folded search text."""
    condition = Q()
    for word in fold(text).split():
        condition &= Q(search_folded__contains=word)
    return condition


def exact_q(text: str) -> Q:
    """Register number, tracking code or case number equal to ``text``."""
    condition = Q(tracking_code__iexact=text) | Q(case__number__iexact=text)
    code = Letter.normalise_tracking_code(text)
    if code:
        condition |= Q(tracking_code=code)
    match = _REGISTER.match(text)
    if match:
        condition |= Q(register_number=int(match[1]), register_year=int(match[2]))
    return condition


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
    condition = text_q(text) | exact_q(text)
    ids = identity_matches(viewer=viewer, text=text, visible=visible)
    if ids:
        condition |= Q(pk__in=ids)
    return condition


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


def highlight(text: str, query: str) -> SafeString:
    """``text`` as HTML, escaped, with every place one of the folded words of ``query`` is found
    (as the search finds it: diacritics, đ/Đ and case aside, anywhere in a word) wrapped in
    ``<mark>``: ``highlight("Khiếu nại đất đai", "dat dai")`` gives
    ``Khiếu nại <mark>đất đai</mark>``."""
    words = set(fold(query).split())
    folded, origins = _folded_with_origins(text)
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
