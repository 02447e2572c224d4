"""How letters are classified for competence and routing: the letter kind and the matter type.

Routing data (competences) lives in this context, so the letters context reuses these choices
rather than defining its own.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    """The four kinds of letter (đơn) the law distinguishes (DOMAIN.md §1)."""

    FEEDBACK = "feedback", _("Feedback")  # phản ánh
    PETITION = "petition", _("Petition")  # kiến nghị
    COMPLAINT = "complaint", _("Complaint")  # khiếu nại
    DENUNCIATION = "denunciation", _("Denunciation")  # tố cáo


class MatterType(models.TextChoices):
    """Whether a matter belongs to the Party's or the State's system (DOMAIN.md §9)."""

    PARTY = "party", _("Party matter")
    STATE = "state", _("State matter")
    BOTH = "both", _("Party and State matters")
