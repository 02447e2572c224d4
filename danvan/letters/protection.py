"""What a reader may see of the texts about a protected letter (Luật Tố cáo Arts. 8(3), 47, 56).

A letter holding denunciation content keeps its signers' identity from everyone the law does
not allow (``policies.LetterPolicy.can_view_identity``). The letter's own text has a redacted
copy the officer reviews (``Letter.content_redacted``); every other text — what staff write in
notes, records, reasons and decisions, the "about" and "place" fields, the proposals about the
letter — is shown to such readers through a ``Shield``: the same text with every identity string
of the signers removed (``redaction.redact``).

Building a shield reads the signers to know what to remove, never to show it: it is not an
identity read and is not audited as one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from danvan.letters.models import Case, Letter, PartyCase, Signer
from danvan.letters.policies import LetterPolicy
from danvan.letters.redaction import redact, self_identifiers


def letter_identity(letter: Letter) -> list[str]:
    """Every string that identifies one of the letter's signers, and for a protected letter
    what its text says of its writer, for redaction (read once per loaded letter: a page asks
    for it for each of its forms)."""
    known: list[str] | None = getattr(letter, "_identity_strings", None)
    if known is None:
        known = []
        for signer in Signer.objects.filter(letter=letter):
            known.extend(signer.identity_strings())
        if letter.identity_protected:
            # What the text says of its writer, signed or not (an unsigned denunciation that
            # names its writer protects them all the same).
            known.extend(self_identifiers(letter.content))
        letter._identity_strings = known  # type: ignore[attr-defined]
    return list(known)


@dataclass(frozen=True)
class Shield:
    """Removes the identity from texts; the open shield shows them as they are.

    An active shield removes the signers' identity strings and, by content, whatever identity
    the text itself gives (a self-introduced name, a telephone, an identity number, an e-mail,
    an address with a house number: ``redaction.self_identifiers``), so that a note naming the
    denouncer by a number the letter never gave is shown without it too."""

    identity: tuple[str, ...] = field(default=())
    active: bool = False

    def text(self, value: Any) -> Any:
        """``value`` without the identity, when it is a text and the shield is active."""
        if not self.active or not isinstance(value, str) or not value:
            return value
        return redact(value, [*self.identity, *self_identifiers(value)])


def shield_of(viewer: Any, obj: Letter | Case | PartyCase) -> Shield:
    """The shield for ``viewer`` reading about a letter, or a case or party case made from one
    (registered with ``core.shields`` for the kit's and core's own pages)."""
    letter = obj if isinstance(obj, Letter) else obj.letter
    if not letter.identity_protected:
        return OPEN
    return shield_for(
        letter=letter, may_read_identity=LetterPolicy(viewer).can_view_identity(letter)
    )


#: What everyone who may read the identity, and every reader of an unprotected letter, gets.
OPEN = Shield()


def shield_for(*, letter: Letter, may_read_identity: bool) -> Shield:
    """The shield for a reader of ``letter``: open unless the letter is protected and the reader
    may not read its identity."""
    if not letter.identity_protected or may_read_identity:
        return OPEN
    return Shield(tuple(letter_identity(letter)), active=True)


def public_shields(letter_ids: Iterable[int]) -> dict[int, Shield]:
    """The shield of each letter for the public, who never read a signer (one query)."""
    ids = list(letter_ids)
    strings: dict[int, list[str]] = {pk: [] for pk in ids}
    for signer in Signer.objects.filter(letter_id__in=ids):
        strings[signer.letter_id].extend(signer.identity_strings())
    return {pk: Shield(tuple(values), active=True) for pk, values in strings.items()}
