"""How letters are classified for competence and routing: the letter kind and the matter type.

Routing data (competences) lives in this context, so the letters context reuses these choices
rather than defining its own.
"""

from __future__ import annotations

from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    """A letter's (đơn) kind: the four kinds the law distinguishes (DOMAIN.md §1), or mixed
    content that must be split into separate letters (Luật Tiếp công dân Art. 25(3)). A
    competence names only the four (``LEGAL_KINDS``)."""

    FEEDBACK = "feedback", _("Feedback")  # phản ánh
    PETITION = "petition", _("Petition")  # kiến nghị
    COMPLAINT = "complaint", _("Complaint")  # khiếu nại
    DENUNCIATION = "denunciation", _("Denunciation")  # tố cáo
    MIXED = "mixed", _("Mixed content (to be split)")


#: The four legal kinds, without mixed content (which is split before it is routed).
LEGAL_KINDS: Final = tuple(k for k in LetterKind if k != LetterKind.MIXED)
LEGAL_KIND_CHOICES: Final = [(k.value, k.label) for k in LEGAL_KINDS]


class MatterType(models.TextChoices):
    """Whether a matter belongs to the Party's or the State's system (DOMAIN.md §9)."""

    PARTY = "party", _("Party matter")
    STATE = "state", _("State matter")
    BOTH = "both", _("Party and State matters")
