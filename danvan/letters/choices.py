"""The enumerations the law gives for letters and cases (DOMAIN.md §1), with their legal grounds.

Codes are stored; labels are translated. A refusal always carries one ``IneligibilityGround``
code, so notices and statistics name the legal ground rather than free text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.organizations.matters import LetterKind

__all__ = [
    "GROUNDS_BY_KIND",
    "GROUND_BASIS",
    "PROTECTED_INTEREST_BASIS",
    "PROTECTED_KINDS",
    "SIGNED_KINDS",
    "SUSPENSION_GROUNDS",
    "TERMINATION_GROUNDS",
    "AnonymousOutcome",
    "CaseNoticeKind",
    "CaseOutcome",
    "Channel",
    "Competence",
    "Complexity",
    "ComplexityGround",
    "ContestedKind",
    "ContestedMeasure",
    "CourseGround",
    "CrimeBody",
    "DecisionScope",
    "DenouncedStanding",
    "IneligibilityGround",
    "LetterKind",
    "NoteKind",
    "ProtectedInterest",
    "ProtectionMeans",
    "PublicationForm",
    "ReResolutionGround",
    "ReviewOutcome",
    "RuleKey",
    "SignatureMethod",
    "SuspensionGround",
    "TerminationGround",
    "WithdrawalScope",
    "grounds_for",
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
    # TT 07/2013/TT-TTCP Art. 21: the complainant ignored the second written invitation.
    DIALOGUE_ENDED = "dialogue_ended", _("Minutes ending the dialogue (no-show)")
    OTHER = "other", _("Other note")


class ContestedMeasure(models.TextChoices):
    """What a complaint decision does with what was complained of (Luật Khiếu nại Art. 31(2),
    40; TT 07/2013/TT-TTCP Art. 22, Mẫu 15-KN)."""

    KEEP = "keep", _("Keep the contested decision")
    AMEND = "amend", _("Amend the contested decision")
    CANCEL = "cancel", _("Cancel the contested decision")
    STOP_ACT = "stop_act", _("Stop the contested act")
    NONE = "none", _("Nothing to change (the act is over)")


class DecisionScope(models.TextChoices):
    """Several complainants with the same content (Luật Khiếu nại Art. 31(3)): one decision for
    each of them, or one decision with the list of complainants attached."""

    EACH = "each", _("One decision per complainant")
    LIST = "list", _("One decision with the list of complainants attached")


class SuspensionGround(models.TextChoices):
    """The grounds the law lists for suspending (tạm đình chỉ) a resolution; ``SUSPENSION_RULES``
    says for which kind and since when each applies."""

    TC_WAITING = "tc34.1a", _("Waiting for another body's result or a related case")
    TC_EXPERTISE = "tc34.1b", _("Waiting for a supplementary or repeat expert examination")
    KN_OBSTACLE = "kn11a.1a", _("Force majeure or an objective obstacle stops the complainant")
    KN_WAITING = "kn11a.1b", _("Waiting for a competent body's result on a linked issue")
    OTHER = "other", _("Other ground (feedback and petitions only)")


class TerminationGround(models.TextChoices):
    """The grounds the law lists for ending (đình chỉ) a resolution."""

    KN_WITHDRAWN = "kn10", _("The complainant withdrew the whole complaint")
    KN_DIED = "kn11a.2b", _("The complainant died and nobody inherits the rights at stake")
    KN_DISSOLVED = (
        "kn11a.2c",
        _("The complaining organisation ceased to exist and nobody inherits its rights"),
    )
    TC_WITHDRAWN = "tc34.3a", _("The denouncer withdrew the whole denunciation")
    TC_DIED = "tc34.3b", _("The person denounced died and the matter concerns only them")
    TC_SETTLED = "tc34.3c", _("Already settled by an effective judgment or competent decision")
    OTHER = "other", _("Other ground (feedback and petitions only)")


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
    ARCHIVE_CASE_FILE = "archive.case_file", _("Hand a closed case file to the archive")
    SEND_CONCLUSION_DENUNCIATION = (
        "send_conclusion.denunciation",
        _("Send a denunciation conclusion and notify the denouncer"),
    )
    HANDLE_CONCLUSION_DENUNCIATION = (
        "handle_conclusion.denunciation",
        _("Handle a denunciation conclusion"),
    )
    REPORT_MEASURE_DENUNCIATION = (
        "report_measure.denunciation",
        _("Report on a measure ordered by a denunciation conclusion"),
    )
    PUBLISH_DUE_DENUNCIATION = (
        "publish_due.denunciation",
        _("Start publishing a denunciation conclusion"),
    )
    REVIEW_DENUNCIATION = "review.denunciation", _("Review a further denunciation")
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
    TIME_BAR_COMPLAINT = "time_bar.complaint", _("Make a complaint (time bar)")
    TIME_BAR_DISCIPLINE = "time_bar.discipline", _("Complain of a disciplinary decision")
    APPEAL_WINDOW_DISCIPLINE = (
        "appeal_window.discipline",
        _("Complain a second time of a disciplinary decision"),
    )
    APPEAL_WINDOW_DISMISSAL = (
        "appeal_window.discipline.dismissal",
        _("Complain a second time of a dismissal"),
    )
    LAWSUIT_ADMINISTRATIVE = (
        "lawsuit.administrative",
        _("Sue in the administrative court over a complaint decision"),
    )
    FINAL_COMPLAINT_1 = "final.complaint.1", _("A first-time decision becomes final")
    EFFECT_DISCIPLINE = "effect.discipline", _("A disciplinary complaint decision takes effect")
    CONTINUE_WINDOW_COMPLAINT = (
        "continue_window.complaint",
        _("Ask to continue a complaint after its termination"),
    )
    RESOLUTION_DISCIPLINE_1 = (
        "resolution.discipline.1",
        _("Resolve a first-time disciplinary complaint"),
    )
    RESOLUTION_DISCIPLINE_2 = (
        "resolution.discipline.2",
        _("Resolve a second-time disciplinary complaint"),
    )
    SEND_DECISION_DISCIPLINE_2 = (
        "send_decision.discipline.2",
        _("Send a second-time disciplinary complaint decision"),
    )
    DIALOGUE_OPTIONAL_COMPLAINT_2 = (
        "dialogue_optional.complaint.2",
        _("A second-time decision may be issued without a dialogue"),
    )
    PUBLICATION_COMPLAINT_2 = "publication.complaint.2", _("Publish a second-time decision")
    PUBLICATION_MEETING_NOTICE = (
        "publication_notice.complaint.2",
        _("Announce a meeting publishing a second-time decision"),
    )
    PUBLICATION_POSTING_COMPLAINT_2 = (
        "publication_posting.complaint.2",
        _("Post or put online a second-time decision (minimum)"),
    )
    PUBLICATION_MEDIA_COMPLAINT_2 = (
        "publication_media.complaint.2",
        _("Announce a second-time decision in the media (minimum times)"),
    )
    PUBLICATION_MEDIA_DENUNCIATION = (
        "publication_media.denunciation",
        _("Announce a denunciation conclusion in the media (minimum times)"),
    )
    NOTIFY_TERMINATION_DENUNCIATION = (
        "notify_termination.denunciation",
        _("Notify the suspension or termination of a denunciation"),
    )
    SEND_COURSE_DECISION_COMPLAINT = (
        "send_course_decision.complaint",
        _("Send a complaint's suspension, termination or continuation decision"),
    )


class Tie(models.TextChoices):
    """What a verifier or the resolver declares about themselves and a denunciation's person
    denounced (NĐ 31/2019 Art. 10(1)): no tie, or the relation that bars them."""

    NONE = "none", _("No tie with the person denounced or the matter")
    SPOUSE = "spouse", _("Spouse of the person denounced (NĐ 31/2019 Art. 10(1))")
    PARENT = "parent", _("Birth or adoptive parent of the person denounced (NĐ 31/2019 Art. 10(1))")
    PARENT_IN_LAW = (
        "parent_in_law",
        _("Parent-in-law of the person denounced (NĐ 31/2019 Art. 10(1))"),
    )
    CHILD = "child", _("Child of the person denounced (NĐ 31/2019 Art. 10(1))")
    CHILD_IN_LAW = "child_in_law", _("Child-in-law of the person denounced (NĐ 31/2019 Art. 10(1))")
    SIBLING = "sibling", _("Sibling of the person denounced (NĐ 31/2019 Art. 10(1))")
    DIRECT_INTEREST = (
        "interest",
        _("A direct interest linked to the person denounced or the matter (NĐ 31/2019 Art. 10(1))"),
    )


class RecusalRole(models.TextChoices):
    """In which part a person stood down from a case."""

    VERIFIER = "verifier", _("Verifier")
    RESOLVER = "resolver", _("Head who resolves it")


class CaseNoticeKind(models.TextChoices):
    """What the law requires to be sent on a denunciation case, and to whom (Luật Tố cáo 2018
    Arts. 29(3), 35(3); NĐ 31/2019 Art. 9, Mẫu 05 and 06)."""

    ACCEPTANCE_TO_DENOUNCER = "acceptance", _("Notice of acceptance to the denouncer")
    CONTENT_TO_DENOUNCED = (
        "content",
        _("Notice of the denunciation's content to the person denounced"),
    )
    CONCLUSION_TO_DENOUNCED = "conclusion", _("Conclusion to the person denounced")
    CONCLUSION_TO_MANAGING_BODY = "conclusion_body", _("Conclusion to their managing body")
    CONCLUSION_NOTICE_TO_DENOUNCER = (
        "conclusion_notice",
        _("Notice of the conclusion to the denouncer"),
    )


class PublicationForm(models.TextChoices):
    """How a denunciation conclusion is made public (Luật Tố cáo 2018 Art. 40(2))."""

    MEETING = "meeting", _("Announced at a meeting of the body where the person works")
    POSTING = "posting", _("Posted at the office of the body")
    PORTAL = "portal", _("On the body's portal or intranet")
    MEDIA = "media", _("In the press, on radio or television")


class CrimeBody(models.TextChoices):
    """Where a file showing signs of a crime goes at once (Luật Tố cáo 2018 Arts. 27, 36(2))."""

    INVESTIGATION = "investigation", _("Investigating body (Cơ quan điều tra)")
    PROCURACY = "procuracy", _("Procuracy (Viện kiểm sát)")


class ReviewOutcome(models.TextChoices):
    """The superior head's review of a further denunciation (Luật Tố cáo 2018 Art. 37(2)-(3))."""

    LAWFUL = "lawful", _("The earlier resolution was lawful: refuse to resolve again")
    RE_RESOLVE = "re_resolve", _("Resolve again (giải quyết lại)")


class ReResolutionGround(models.TextChoices):
    """Grounds to resolve a denunciation again (Luật Tố cáo 2018 Art. 37(3))."""

    INACCURATE_VERIFICATION = "verification", _("The verification was inaccurate or biased")
    INACCURATE_CONCLUSION = "conclusion", _("The conclusion was inaccurate or biased")
    EVIDENCE_MISSED = "evidence", _("Key evidence was missed")
    LAW_MISAPPLIED = "law", _("The law was misapplied")


class ProtectedInterest(models.TextChoices):
    """What a denouncer asks to have protected (Luật Tố cáo 2018 Art. 47(1))."""

    CONFIDENTIALITY = "confidentiality", _("Confidentiality of their information")
    LIFE = "life", _("Life")
    HEALTH = "health", _("Health")
    PROPERTY = "property", _("Property")
    HONOUR = "honour", _("Honour")
    DIGNITY = "dignity", _("Dignity and reputation")
    JOB = "job", _("Position at work and job")


#: The article of the law for each protected interest.
PROTECTED_INTEREST_BASIS: Final[Mapping[str, str]] = {
    ProtectedInterest.CONFIDENTIALITY: "Luật Tố cáo 2018, Điều 47(1), 48",
    ProtectedInterest.LIFE: "Luật Tố cáo 2018, Điều 47(1), 48",
    ProtectedInterest.HEALTH: "Luật Tố cáo 2018, Điều 47(1), 48",
    ProtectedInterest.PROPERTY: "Luật Tố cáo 2018, Điều 47(1), 48",
    ProtectedInterest.HONOUR: "Luật Tố cáo 2018, Điều 47(1), 48",
    ProtectedInterest.DIGNITY: "Luật Tố cáo 2018, Điều 47(1), 48",
    ProtectedInterest.JOB: "Luật Tố cáo 2018, Điều 47(1), 48",
}


class ProtectionMeans(models.TextChoices):
    """How the request for protection was made (Luật Tố cáo 2018 Art. 48)."""

    WRITING = "writing", _("In writing")
    IN_PERSON = "in_person", _("In person (recorded in minutes)")
    ELECTRONIC = "electronic", _("Electronically")
    OTHER = "other", _("Other means")


class CourseGround:
    """Where a suspension or termination ground applies: the kind of letter, the first day it
    is law, its article, and whether DOMAIN.md read the article itself (``verified``)."""

    __slots__ = ("basis", "kinds", "since", "verified")

    def __init__(
        self, kinds: frozenset[str], since: dt.date, basis: str, *, verified: bool = True
    ) -> None:
        self.kinds = kinds
        self.since = since
        self.basis = basis
        self.verified = verified


_KN: Final = frozenset({LetterKind.COMPLAINT.value})
_TC: Final = frozenset({LetterKind.DENUNCIATION.value})
_PA: Final = frozenset({LetterKind.FEEDBACK.value, LetterKind.PETITION.value})
_KN_2011: Final = dt.date(2012, 7, 1)  # Luật Khiếu nại 2011 in force
_KN_11A: Final = dt.date(2026, 7, 1)  # Art. 11a added by Law 136/2025/QH15
_TC_2018: Final = dt.date(2019, 1, 1)  # Luật Tố cáo 2018 in force
_ND20: Final = dt.date(2008, 3, 1)

#: Suspension grounds (DOMAIN.md §12.3): a complaint's resolution can be suspended only from
#: 01/7/2026 (Luật Khiếu nại Art. 11a, known from secondary sources).
SUSPENSION_GROUNDS: Final[Mapping[str, CourseGround]] = {
    SuspensionGround.TC_WAITING: CourseGround(_TC, _TC_2018, "Luật Tố cáo 2018, Điều 34(1)(a)"),
    SuspensionGround.TC_EXPERTISE: CourseGround(_TC, _TC_2018, "Luật Tố cáo 2018, Điều 34(1)(b)"),
    SuspensionGround.KN_OBSTACLE: CourseGround(
        _KN, _KN_11A, "Luật Khiếu nại 2011 (sửa đổi 2025), Điều 11a(1)", verified=False
    ),
    SuspensionGround.KN_WAITING: CourseGround(
        _KN, _KN_11A, "Luật Khiếu nại 2011 (sửa đổi 2025), Điều 11a(1)", verified=False
    ),
    SuspensionGround.OTHER: CourseGround(_PA, _ND20, "Nghị định 20/2008/NĐ-CP"),
}

#: Termination grounds (DOMAIN.md §12.3). Before 01/7/2026 a complaint ends only on withdrawal
#: (Art. 10); the Art. 11a list was read only in part (the grounds seeded are DOMAIN's).
TERMINATION_GROUNDS: Final[Mapping[str, CourseGround]] = {
    TerminationGround.KN_WITHDRAWN: CourseGround(_KN, _KN_2011, "Luật Khiếu nại 2011, Điều 10"),
    TerminationGround.KN_DIED: CourseGround(
        _KN, _KN_11A, "Luật Khiếu nại 2011 (sửa đổi 2025), Điều 11a(2)", verified=False
    ),
    TerminationGround.KN_DISSOLVED: CourseGround(
        _KN, _KN_11A, "Luật Khiếu nại 2011 (sửa đổi 2025), Điều 11a(2)", verified=False
    ),
    TerminationGround.TC_WITHDRAWN: CourseGround(
        _TC, _TC_2018, "Luật Tố cáo 2018, Điều 34(3)(a), 33"
    ),
    TerminationGround.TC_DIED: CourseGround(_TC, _TC_2018, "Luật Tố cáo 2018, Điều 34(3)(b)"),
    TerminationGround.TC_SETTLED: CourseGround(_TC, _TC_2018, "Luật Tố cáo 2018, Điều 34(3)(c)"),
    TerminationGround.OTHER: CourseGround(_PA, _ND20, "Nghị định 20/2008/NĐ-CP"),
}


def grounds_for(table: Mapping[str, CourseGround], kind: str, on: dt.date) -> tuple[str, ...]:
    """The codes of ``table`` that apply to a case of ``kind`` on ``on``."""
    return tuple(code for code, g in table.items() if kind in g.kinds and g.since <= on)


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


#: Kinds whose signers are under the denouncer-protection regime from the moment the letter is
#: registered (Luật Tố cáo Arts. 8(3), 47, 56): a denunciation, and a letter of mixed content,
#: which may hold a denunciation part until it is split (``Letter.identity_protected``).
PROTECTED_KINDS: Final[frozenset[str]] = frozenset({LetterKind.DENUNCIATION, LetterKind.MIXED})
