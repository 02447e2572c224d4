"""What the staff search reads, kept with the letters: the letter's folded search text
(``Letter.search_folded``) and the restricted index of its signers' names (``SignerName``).

The services write both when a letter is registered, classified, copied or split; ``reindex``
(the ``search_reindex`` command) rebuilds them for letters already stored, in batches, after a
change of what they hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from django.db import transaction

from danvan.core.text import fold
from danvan.letters.models import Letter, Signer, SignerName

#: Letters rebuilt per transaction by ``reindex``.
BATCH: Final = 2000


def search_text(
    *,
    subject: str,
    body: str,
    place: str = "",
    about: str = "",
    denounced_name: str = "",
    about_unit: str = "",
) -> str:
    """The folded search text of a letter: its subject and text (for a protected letter both
    without the identity, ``services.intake.protected_texts``), the matter's place, and the body
    or person it is about (the ``about`` line, the body named, the person denounced)."""
    parts = (subject, body, place, about, denounced_name, about_unit)
    return fold(" ".join(p for p in parts if p))


def letter_search_text(letter: Letter) -> str:
    """``search_text`` of a stored letter, from its fields as they are now."""
    unit = letter.about_unit
    return search_text(
        subject=letter.subject,
        body=letter.content_redacted if letter.identity_protected else letter.content,
        place=letter.place,
        about=letter.about,
        denounced_name=letter.denounced_name,
        about_unit=unit.name if unit is not None else "",
    )


def index_signer_names(letter: Letter, names: Iterable[str], *, new: bool = False) -> None:
    """The name index of ``letter``'s signers, replaced by ``names`` (the signers' full names);
    ``new``: the letter was just written and has none yet."""
    if not new:
        SignerName.objects.filter(letter=letter).delete()
    SignerName.objects.bulk_create(
        [SignerName(letter=letter, folded=fold(n)[:150]) for n in names if fold(n)]
    )


def reindex(*, batch: int = BATCH, after: int = 0) -> int:
    """Rebuild the search text and the name index of every letter with a primary key above
    ``after``, ``batch`` letters per transaction; the number of letters rebuilt."""
    done = 0
    last = after
    while True:
        with transaction.atomic():
            letters = list(
                Letter.objects.filter(pk__gt=last)
                .select_related("about_unit")
                .order_by("pk")[:batch]
            )
            if not letters:
                return done
            for letter in letters:
                letter.search_folded = letter_search_text(letter)
            Letter.objects.bulk_update(letters, ["search_folded"])
            ids = [letter.pk for letter in letters]
            SignerName.objects.filter(letter_id__in=ids).delete()
            SignerName.objects.bulk_create(
                [
                    SignerName(letter_id=letter_id, folded=fold(name)[:150])
                    for letter_id, name in Signer.objects.filter(letter_id__in=ids)
                    .exclude(full_name="")
                    .values_list("letter_id", "full_name")
                ]
            )
        done += len(letters)
        last = letters[-1].pk
