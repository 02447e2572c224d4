"""Statuses of letters and cases.

The moves between them are declared in ``workflows.py``, the only code that changes a status.
A letter (đơn) is registered, classified and then handled once; a case (vụ việc) exists only
after the letter is accepted (thụ lý), DOMAIN.md §1.5 and DESIGN.md §3.
"""

from __future__ import annotations

from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterStatus(models.TextChoices):
    RECEIVED = "received", _("Received, awaiting classification")
    CLASSIFIED = "classified", _("Classified, awaiting handling")
    ACCEPTED = "accepted", _("Accepted for resolution")  # thụ lý: a case is open
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    FORWARDED = "forwarded", _("Forwarded to the competent body")
    GUIDED = "guided", _("Guidance sent")
    ARCHIVED = "filed", _("Filed")  # lưu đơn (the stored code keeps its first name)
    SPLIT = "split", _("Split into separate letters")
    REFERRED = "referred", _("Referred for inspection or checking")  # anonymous content, Art. 25
    # A party matter at a party body: its life goes on as a party case (QĐ 296-QĐ/TW).
    PARTY = "party", _("On the party track")


class CaseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("Being resolved")
    SUSPENDED = "suspended", _("Suspended")  # tạm đình chỉ: the clock stops
    DECIDED = "decided", _("Decision issued")
    CLOSED = "closed", _("Closed, decision sent")
    TERMINATED = "terminated", _("Resolution ended")  # đình chỉ (e.g. full withdrawal)
    # The superior head took the case over (NĐ 31/2019 Art. 5): it goes on at the superior unit.
    TRANSFERRED = "transferred", _("Transferred to the superior")


#: Letter statuses in which the letter is still being worked on at the receiving unit.
OPEN_LETTER_STATUSES: Final = frozenset({LetterStatus.RECEIVED, LetterStatus.CLASSIFIED})
#: Case statuses in which the resolution clock may run.
OPEN_CASE_STATUSES: Final = frozenset({CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED})
#: Letter statuses in which the receiving unit is done with the letter without a case of its
#: own (not accepted, forwarded, guided, filed, split into parts, referred).
HANDLED_LETTER_STATUSES: Final = frozenset(
    {
        LetterStatus.NOT_ACCEPTED,
        LetterStatus.FORWARDED,
        LetterStatus.GUIDED,
        LetterStatus.ARCHIVED,
        LetterStatus.SPLIT,
        LetterStatus.REFERRED,
    }
)
#: Case statuses in which the resolution is over here (a transferred case goes on above).
FINISHED_CASE_STATUSES: Final = frozenset(
    {CaseStatus.DECIDED, CaseStatus.CLOSED, CaseStatus.TERMINATED}
)


class PartyCaseStatus(models.TextChoices):
    """The party track (DOMAIN.md §12.5): its own states, none shared with the state track."""

    RECEIVED = "received", _("Received by the party body")
    # Anonymous, unnamed, false-name or no-address letters are not resolved (QĐ 22-QĐ/TW Art.
    # 20(7)); they may serve an inspection on signs of a violation (QĐ 296-QĐ/TW Art. 19).
    INSPECTION_INFO = "inspection_info", _("Information for inspection")
    USED = "used_for_inspection", _("Used as input to an inspection")
    FILED = "filed", _("Filed")
    ACCEPTED = "accepted", _("Accepted for resolution")
    VERIFYING = "verifying", _("Being verified")
    CONCLUDED = "concluded", _("Concluded")
    CLOSED = "closed", _("Closed, conclusion sent")


#: Party case statuses in which the resolution clock runs.
OPEN_PARTY_STATUSES: Final = frozenset({PartyCaseStatus.ACCEPTED, PartyCaseStatus.VERIFYING})
