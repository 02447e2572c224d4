"""Which letters belong on the party track (DOMAIN.md §9, §12.5).

A party matter (a party member's breach of party rules, party discipline) received by a party
body that resolves such matters (the party committee, its standing committee, its inspection
committee, a party cell for its own members: QĐ 22-QĐ/TW Art. 19 as reported) is resolved on
the party track. These predicates read only the letter and its unit; the workflows import them.
"""

from __future__ import annotations

from typing import Final

from django.utils.translation import gettext_lazy as _

from danvan.letters.choices import LetterKind
from danvan.letters.models import Letter, Signer
from danvan.organizations.matters import MatterType
from danvan.organizations.models.units import UnitKind

#: The party bodies that resolve denunciations and discipline matters of party members.
PARTY_CASE_UNIT_KINDS: Final = frozenset(
    {
        UnitKind.PARTY_COMMITTEE,
        UnitKind.INSPECTION_COMMITTEE,
        UnitKind.PARTY_ORGANISATION,
        UnitKind.PARTY_CELL,
    }
)
PARTY_MATTERS: Final = frozenset({MatterType.PARTY, MatterType.BOTH})
#: The kinds of letter the party track resolves: denunciations of party members and
#: complaints about party discipline.
PARTY_KINDS: Final = frozenset({LetterKind.DENUNCIATION, LetterKind.COMPLAINT})

#: Why an anonymous party letter is never accepted (the text the refusal cites).
ANONYMOUS_PARTY_REFUSAL: Final = _(
    "An anonymous, unnamed, false-name or no-address letter on a party matter is not resolved "
    "(QĐ 22-QĐ/TW Art. 20(7); QĐ 296-QĐ/TW Art. 19): it goes to the inspection-information "
    "queue, where it may serve an inspection on signs of a violation."
)


def is_party_letter(letter: Letter) -> bool:
    """A party matter at a party body that resolves party matters."""
    return letter.matter in PARTY_MATTERS and letter.unit.kind in PARTY_CASE_UNIT_KINDS


def has_named_address(letter: Letter) -> bool:
    """Whether a signer who has not withdrawn gives both a name and an address (read without
    showing anyone the identity)."""
    return (
        Signer.objects.filter(letter_id=letter.pk, withdrawn_on__isnull=True)
        .exclude(full_name="")
        .exclude(address="")
        .exists()
    )


def anonymous_party_letter(letter: Letter) -> bool:
    """A party letter that is anonymous, unnamed, in a false name or without an address: it is
    not resolved (QĐ 22-QĐ/TW Art. 20(7) as reported [S])."""
    return (
        letter.matter in PARTY_MATTERS
        and letter.unit.kind in PARTY_CASE_UNIT_KINDS
        and (letter.anonymous or letter.pseudonymous or not has_named_address(letter))
    )
