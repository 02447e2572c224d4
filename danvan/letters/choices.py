"""The enumerations the law gives for letters and cases (DOMAIN.md §1), with their legal grounds.

Codes are stored; labels are translated. A refusal always carries one ``IneligibilityGround``
code, so notices and statistics name the legal ground rather than free text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.organizations.matters import LetterKind

__all__ = [
    "GROUNDS_BY_KIND",
    "GROUND_BASIS",
    "SIGNED_KINDS",
    "AnonymousOutcome",
    "CaseOutcome",
    "Channel",
    "Competence",
    "Complexity",
    "ComplexityGround",
    "ContestedKind",
    "DenouncedStanding",
    "IneligibilityGround",
    "LetterKind",
    "NoteKind",
    "RuleKey",
    "SignatureMethod",
    "WithdrawalScope",
]


class Channel(models.TextChoices):
    WEB = "web", _("Public web form")
    IN_PERSON = "in_person", _("In person at the reception office")
    POST = "post", _("Post")
    HOTLINE = "hotline", _("Hotline")
    EMAIL = "email", _("E-mail")
    FORWARDED = "forwarded", _("Forwarded by another body")
    API = "api", _("Connected system (API)")


class Competence(models.TextChoices):
    OWN = "own", _("Within this unit's competence")
    OTHER = "other", _("Another body's competence")
    LOWER = "lower", _("A lower level's competence (sent above the competent level)")


class ContestedKind(models.TextChoices):
    """What a complaint is about (Luật Khiếu nại Arts. 2, 7, 47): its first-time resolver is the
    head of the body that issued it or whose official acted; a disciplinary decision's complaint
    goes to the head of the managing body."""

    DECISION = "decision", _("Administrative decision")  # quyết định hành chính
    ACT = "act", _("Administrative act")  # hành vi hành chính
    DISCIPLINE = "discipline", _("Disciplinary decision")  # quyết định kỷ luật cán bộ, công chức


class DenouncedStanding(models.TextChoices):
    """Who is denounced, as far as the resolver depends on it (Luật Tố cáo Art. 12(1), (6))."""

    STAFF = "staff", _("Official or employee")  # cán bộ, công chức, viên chức
    DEPUTY = "deputy", _("Deputy head of the body")
    HEAD = "head", _("Head of the body")
    ORGANISATION = "organisation", _("The body itself")


class IneligibilityGround(models.TextChoices):
    """Why a letter is not accepted (không thụ lý) or not processed."""

    # Luật Khiếu nại 02/2011 Art. 11: complaints not accepted.
    KN_OUT_OF_SCOPE = "kn11.1", _("Outside the scope of complaints")
    KN_NOT_AFFECTED = "kn11.2", _("The decision or act does not directly affect the complainant")
    KN_NO_CAPACITY = "kn11.3", _("No full civil capacity and no lawful representative")
    KN_UNLAWFUL_REPRESENTATIVE = "kn11.4", _("The representative is not lawful")
    KN_UNSIGNED = "kn11.5", _("The letter has no signature or fingerprint")
    KN_TIME_BARRED = "kn11.6", _("The time limit for complaining has passed without good reason")
    KN_SECOND_DECISION_ISSUED = "kn11.7", _("A second-time decision has already been issued")
    KN_DISCONTINUED = "kn11.8", _("Resolution was ended and not continued within 30 days")
    KN_COURT = "kn11.9", _("A court has accepted or decided the matter")
    # Luật Tố cáo 25/2018 Art. 29(1): conditions for accepting a denunciation.
    TC_FORM = "tc29.a", _("The denunciation does not meet the form of Art. 23")
    TC_NO_CAPACITY = "tc29.b", _("The denouncer has no civil capacity and no representative")
    TC_NO_BASIS = "tc29.d", _("No basis to identify the person denounced or the violation")
    TC_RESOLVED_NO_NEW_EVIDENCE = "tc29.e", _("Already resolved, and no new evidence is given")
    # NĐ 20/2008 Art. 7: feedback and petitions on administrative regulations.
    PA_MISSING_SENDER = "pa7", _("The sender's name, address or telephone is missing")
    # TT 05/2021/TT-TTCP Art. 6 and Luật Tố cáo Art. 24(3): letters not processed.
    XL_FOREIGN_LANGUAGE = "xl6.lang", _("Not in Vietnamese and without a notarised translation")
    XL_ILLEGIBLE = "xl6.illegible", _("Torn, erased, illegible or unclear")
    XL_OFFENSIVE = "xl6.offensive", _("Opposes the law or contains slander or insults")
    XL_SENT_TO_SEVERAL = "xl6.several", _("Sent to several bodies, one of them competent")
    XL_ALREADY_HANDLED = "xl6.handled", _("Same content already handled, no new facts")
    XL_ALREADY_GUIDED = "xl6.guided", _("Guidance was already given once on the same content")


GROUND_BASIS: Final[Mapping[str, str]] = {
    **{g.value: "Luật Khiếu nại 2011, Điều 11" for g in IneligibilityGround if g.startswith("kn")},
    **{g.value: "Luật Tố cáo 2018, Điều 29" for g in IneligibilityGround if g.startswith("tc")},
    IneligibilityGround.PA_MISSING_SENDER.value: "Nghị định 20/2008/NĐ-CP, Điều 7",
    IneligibilityGround.XL_FOREIGN_LANGUAGE.value: "Thông tư 05/2021/TT-TTCP, Điều 6",
    IneligibilityGround.XL_ILLEGIBLE.value: "Thông tư 05/2021/TT-TTCP, Điều 6",
    IneligibilityGround.XL_OFFENSIVE.value: "Thông tư 05/2021/TT-TTCP, Điều 6",
    IneligibilityGround.XL_SENT_TO_SEVERAL.value: "Luật Tố cáo 2018, Điều 24(3)",
    IneligibilityGround.XL_ALREADY_HANDLED.value: "Thông tư 05/2021/TT-TTCP, Điều 14(1)",
    IneligibilityGround.XL_ALREADY_GUIDED.value: "Thông tư 05/2021/TT-TTCP, Điều 6",
}

_GENERAL_GROUNDS = tuple(g for g in IneligibilityGround if g.startswith("xl"))

#: The grounds an officer may choose for each kind of letter.
GROUNDS_BY_KIND: Final[Mapping[str, tuple[IneligibilityGround, ...]]] = {
    LetterKind.COMPLAINT: (
        *(g for g in IneligibilityGround if g.startswith("kn")),
        *_GENERAL_GROUNDS,
    ),
    LetterKind.DENUNCIATION: (
        *(g for g in IneligibilityGround if g.startswith("tc")),
        *_GENERAL_GROUNDS,
    ),
    LetterKind.PETITION: (IneligibilityGround.PA_MISSING_SENDER, *_GENERAL_GROUNDS),
    LetterKind.FEEDBACK: (IneligibilityGround.PA_MISSING_SENDER, *_GENERAL_GROUNDS),
}


#: Kinds of letter the sender must sign, by signature or fingerprint (Luật Khiếu nại Art. 8,
#: 11(5); Luật Tố cáo Art. 23).
SIGNED_KINDS: Final = frozenset({LetterKind.COMPLAINT.value, LetterKind.DENUNCIATION.value})


class SignatureMethod(models.TextChoices):
    """How a letter was signed (Luật Khiếu nại Art. 8; Luật Tố cáo Art. 23)."""

    NONE = "none", _("Not signed")
    OTP_SMS = "otp_sms", _("One-time code sent to the telephone")
    OTP_EMAIL = "otp_email", _("One-time code sent to the e-mail address")
    SIGNED_SCAN = "signed_scan", _("Uploaded copy of the signed letter")
    HANDWRITTEN = "handwritten", _("Signed or fingerprinted on paper")


class ComplexityGround(models.TextChoices):
    """What makes a case complicated (NĐ 31/2019/NĐ-CP Art. 3(2)); two or more make a
    denunciation especially complicated (Art. 3(3))."""

    SEVERAL_PLACES = "places", _("Verification at two or more places")
    SEVERAL_CONTENTS = "contents", _("Two or more contents to verify")
    MANY_PEOPLE = "people", _("Many denouncers, or many people's interests affected")
    FOREIGN_ELEMENT = "foreign", _("A foreign element")
    SEVERAL_BODIES = "bodies", _("The management responsibility of several bodies")
    DISAGREEMENT = "disagreement", _("Disagreement among bodies")
    CONFLICTING_EVIDENCE = "evidence", _("Conflicting evidence needing expert review")


class Complexity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    COMPLEX = "complex", _("Complicated")
    ESPECIALLY_COMPLEX = "especially_complex", _("Especially complicated")


class WithdrawalScope(models.TextChoices):
    WHOLE = "whole", _("The whole letter")
    PARTIAL = "partial", _("Part of the content")


class AnonymousOutcome(models.TextChoices):
    """Information with denunciation content that cannot be processed as a denunciation
    (Luật Tố cáo Art. 25): filed, inspected or checked under the body's own powers, or forwarded
    for management purposes."""

    ARCHIVE = "file", _("File it")  # lưu đơn (the stored code keeps its first name)
    INSPECT = "inspect", _("Inspect or check it under our own powers")
    FORWARD = "forward", _("Forward it for management purposes")


class CaseOutcome(models.TextChoices):
    UPHELD = "upheld", _("Correct (upheld)")
    PARTLY_UPHELD = "partly", _("Partly correct")
    REJECTED = "rejected", _("Not correct")
    ANSWERED = "answered", _("Answered")  # feedback and petitions


class NoteKind(models.TextChoices):
    VERIFICATION = "verification", _("Verification note")
    DIALOGUE = "dialogue", _("Dialogue minutes")
    OTHER = "other", _("Other note")


class RuleKey(models.TextChoices):
    """The time limits the rule table holds (DOMAIN.md §1, §11.9)."""

    PROCESSING_FEEDBACK = "processing.feedback", _("Process a feedback letter")
    PROCESSING_PETITION = "processing.petition", _("Process a petition letter")
    PROCESSING_COMPLAINT = "processing.complaint", _("Accept or refuse a complaint")
    PROCESSING_DENUNCIATION = "processing.denunciation", _("Initial handling of a denunciation")
    FORWARD_FEEDBACK = "forward.feedback", _("Forward a feedback letter")
    FORWARD_PETITION = "forward.petition", _("Forward a petition letter")
    FORWARD_DENUNCIATION = "forward.denunciation", _("Forward a denunciation")
    RESOLUTION_FEEDBACK = "resolution.feedback", _("Answer feedback")
    RESOLUTION_PETITION = "resolution.petition", _("Answer a petition")
    RESOLUTION_COMPLAINT_1 = "resolution.complaint.1", _("Resolve a first-time complaint")
    RESOLUTION_COMPLAINT_2 = "resolution.complaint.2", _("Resolve a second-time complaint")
    RESOLUTION_DENUNCIATION = "resolution.denunciation", _("Resolve a denunciation")
    APPEAL_WINDOW_COMPLAINT = "appeal_window.complaint", _("File a second-time complaint")
    SEND_DECISION_COMPLAINT_1 = "send_decision.complaint.1", _("Send a first-time decision")
    SEND_DECISION_COMPLAINT_2 = "send_decision.complaint.2", _("Send a second-time decision")
    NOTIFY_ACCEPTANCE_DENUNCIATION = (
        "notify_acceptance.denunciation",
        _("Notify the acceptance of a denunciation"),
    )
    PUBLICATION_DENUNCIATION = "publication.denunciation", _("Publish a denunciation conclusion")
    # The party track (DOMAIN.md §12.5): every row unverified, QĐ 296-QĐ/TW not read.
    PARTY_DENUNCIATION_LOCAL = (
        "party.denunciation.local",
        _("Resolve a party denunciation (provincial level and below)"),
    )
    PARTY_DENUNCIATION_CENTRAL = (
        "party.denunciation.central",
        _("Resolve a party denunciation (central level)"),
    )
    PARTY_CENTRAL_TEAM = (
        "party.denunciation.central_team",
        _("Resolve a party denunciation by a central team"),
    )
    PARTY_DISCIPLINE_COMPLAINT = (
        "party.discipline_complaint",
        _("Complain about a party discipline decision"),
    )
    PARTY_STATE_INFORMS = (
        "party.state_informs_party",
        _("Inform the managing party organisation of a state measure"),
    )


class DisciplineMeasure(models.TextChoices):
    """The party's discipline of a member (Điều lệ Đảng Art. 35), or none proposed."""

    NONE = "none", _("No discipline")
    REPRIMAND = "reprimand", _("Reprimand")  # khiển trách
    WARNING = "warning", _("Warning")  # cảnh cáo
    REMOVAL = "removal", _("Removal from post")  # cách chức
    EXPULSION = "expulsion", _("Expulsion")  # khai trừ


class StateMeasure(models.TextChoices):
    """What a state body did to an official who is a party member (QĐ 296-QĐ/TW Art. 8(5))."""

    SUSPENSION = "suspension", _("Suspension from work")
    DISCIPLINE = "discipline", _("Discipline")
