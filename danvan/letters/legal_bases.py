"""The legal-basis texts the letters context prints in its notices, as keys of the workflow
kit's dated table (``workflow.LegalBasis``).

The texts below are only where each key starts: migration ``letters.0007`` seeds them, and from
then on administrators change them in the admin (a new dated version), never here. Services ask
``danvan.workflow.rules.legal_basis(key)`` for the text in force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Final

from django.utils.translation import gettext_lazy as _

from danvan.letters.choices import GROUND_BASIS, IneligibilityGround
from danvan.workflow.registry import LegalBasisDefault

FORWARD_DENUNCIATION: Final = "letters.forward.denunciation"
FORWARD_OTHER: Final = "letters.forward.other"
GUIDANCE: Final = "letters.guidance"
SUSPENSION: Final = "letters.suspension"
RESUMPTION: Final = "letters.resumption"
TERMINATION: Final = "letters.termination"
ACCEPTANCE_DENUNCIATION: Final = "letters.acceptance.denunciation"
CONCLUSION_DENUNCIATION: Final = "letters.conclusion.denunciation"
REPEAT_REVIEW: Final = "letters.repeat_review"
CRIME_REFERRAL: Final = "letters.crime_referral"
VERIFICATION: Final = "letters.verification"
ESCALATION: Final = "letters.escalation"
CONTINUATION: Final = "letters.continuation"
EXECUTION_SUSPENSION: Final = "letters.execution_suspension"
EXECUTION_LIFT: Final = "letters.execution_lift"
PARTY: Final = "letters.party"
# What each notice does, not the time limit it runs (DOMAIN.md §12.1d, §12.4): the acceptance of
# a complaint is Luật Khiếu nại Art. 27 (Art. 36 the second time), its decision Art. 31 (Art. 40).
ACCEPTANCE_COMPLAINT: Final = "letters.acceptance.complaint"
ACCEPTANCE_COMPLAINT_SECOND: Final = "letters.acceptance.complaint_second"
ACCEPTANCE_DISCIPLINE: Final = "letters.acceptance.discipline"
DECISION_COMPLAINT: Final = "letters.decision.complaint"
DECISION_COMPLAINT_SECOND: Final = "letters.decision.complaint_second"
DECISION_DISCIPLINE: Final = "letters.decision.discipline"
DECISION_DISCIPLINE_SECOND: Final = "letters.decision.discipline_second"
CONCLUSION_CONTENT: Final = "letters.conclusion.content"
VERIFICATION_COMPLAINT: Final = "letters.verification.complaint"
VERIFICATION_COMPLAINT_SECOND: Final = "letters.verification.complaint_second"
VERIFICATION_DENUNCIATION: Final = "letters.verification.denunciation"
RESUMPTION_DENUNCIATION: Final = "letters.resumption.denunciation"

_TCD_SINCE: Final = dt.date(2014, 7, 1)  # Luật Tiếp công dân 2013 in force
_KN_SINCE: Final = dt.date(2012, 7, 1)  # Luật Khiếu nại 2011 in force
_TC_SINCE: Final = dt.date(2019, 1, 1)  # Luật Tố cáo 2018 in force
_ND20_SINCE: Final = dt.date(2008, 3, 1)  # Nghị định 20/2008/NĐ-CP in force
_TT05_SINCE: Final = dt.date(2021, 11, 15)  # Thông tư 05/2021/TT-TTCP in force
_ART_11A_SINCE: Final = dt.date(2026, 7, 1)  # Art. 11a added by Law 136/2025/QH15
_QD22_SINCE: Final = dt.date(2021, 7, 28)  # Quy định 22-QĐ/TW


def ground_key(ground: str) -> str:
    """The legal-basis key of a ground for not accepting a letter ("letters.ground.kn11.6")."""
    return f"letters.ground.{ground}"


_GROUND_SINCE: Final[Mapping[str, dt.date]] = {"kn": _KN_SINCE, "tc": _TC_SINCE, "pa": _ND20_SINCE}


def _ground_since(ground: IneligibilityGround) -> dt.date:
    if ground == IneligibilityGround.XL_SENT_TO_SEVERAL:
        return _TC_SINCE
    return _GROUND_SINCE.get(ground.value[:2], _TT05_SINCE)


#: Each key with the text notices printed before the table existed, and when it applies from.
LEGAL_BASES: Final[Mapping[str, LegalBasisDefault]] = {
    FORWARD_DENUNCIATION: LegalBasisDefault(
        "Luật Tố cáo 2018, Điều 24(2); Thông tư 05/2021/TT-TTCP, Điều 14",
        _TT05_SINCE,
        _("Forwarding a denunciation"),
    ),
    FORWARD_OTHER: LegalBasisDefault(
        "Nghị định 20/2008/NĐ-CP, Điều 9; Luật Tiếp công dân 2013, Điều 26",
        _TCD_SINCE,
        _("Forwarding feedback or a petition"),
    ),
    GUIDANCE: LegalBasisDefault(
        "Luật Tiếp công dân 2013, Điều 26; Thông tư 05/2021/TT-TTCP",
        _TT05_SINCE,
        _("Guiding the citizen to the competent body"),
    ),
    SUSPENSION: LegalBasisDefault(
        "Luật Khiếu nại 2011 (sửa đổi 2025), Điều 11a; Luật Tố cáo 2018, Điều 34",
        _ART_11A_SINCE,
        _("Suspending the resolution of a case"),
    ),
    RESUMPTION: LegalBasisDefault(
        "Luật Khiếu nại 2011 (sửa đổi 2025), Điều 11a",
        _ART_11A_SINCE,
        _("Resuming the resolution of a case"),
    ),
    TERMINATION: LegalBasisDefault(
        "Luật Khiếu nại 2011 (sửa đổi 2025), Điều 10, 11a; Luật Tố cáo 2018, Điều 33, 34",
        _ART_11A_SINCE,
        _("Ending the resolution of a case"),
    ),
    VERIFICATION: LegalBasisDefault(
        "Luật Khiếu nại 2011, Điều 29, 38; Luật Tố cáo 2018, Điều 31, 32; "
        "Nghị định 31/2019/NĐ-CP, Điều 10",
        _TC_SINCE,
        _("Assigning verification"),
    ),
    ESCALATION: LegalBasisDefault(
        "Nghị định 31/2019/NĐ-CP, Điều 5", _TC_SINCE, _("The superior taking a denunciation over")
    ),
    ACCEPTANCE_DENUNCIATION: LegalBasisDefault(
        "Luật Tố cáo 2018, Điều 29; Nghị định 31/2019/NĐ-CP, Điều 9",
        _TC_SINCE,
        _("Accepting a denunciation"),
    ),
    CONCLUSION_DENUNCIATION: LegalBasisDefault(
        "Luật Tố cáo 2018, Điều 35(3), 36",
        _TC_SINCE,
        _("Sending a denunciation conclusion"),
    ),
    REPEAT_REVIEW: LegalBasisDefault(
        "Luật Tố cáo 2018, Điều 37; Nghị định 31/2019/NĐ-CP, Điều 17",
        _TC_SINCE,
        _("Reviewing a further denunciation"),
    ),
    CRIME_REFERRAL: LegalBasisDefault(
        "Luật Tố cáo 2018, Điều 27, 36(2)",
        _TC_SINCE,
        _("Sending a file showing signs of a crime"),
    ),
    CONTINUATION: LegalBasisDefault(
        "Luật Khiếu nại 2011, Điều 11(8)",
        _KN_SINCE,
        _("Continuing a complaint after its termination"),
    ),
    EXECUTION_SUSPENSION: LegalBasisDefault(
        "Luật Khiếu nại 2011, Điều 35; Thông tư 07/2013/TT-TTCP, Điều 17",
        _KN_SINCE,
        _("Suspending the execution of the contested decision"),
    ),
    EXECUTION_LIFT: LegalBasisDefault(
        "Luật Khiếu nại 2011, Điều 35(3); Thông tư 07/2013/TT-TTCP, Điều 17",
        _KN_SINCE,
        _("Lifting the suspension of the execution of the contested decision"),
    ),
    PARTY: LegalBasisDefault(
        "Điều lệ Đảng Cộng sản Việt Nam; Quy định 296-QĐ/TW ngày 30/5/2025 (thay thế Quy định "
        "22-QĐ/TW ngày 28/7/2021) về công tác kiểm tra, giám sát và kỷ luật của Đảng",
        _QD22_SINCE,
        _("Resolving a party denunciation or discipline matter"),
    ),
    ACCEPTANCE_COMPLAINT: LegalBasisDefault(
        "Luật Khiếu nại 2011, Điều 27; Thông tư 07/2013/TT-TTCP, Điều 5",
        _KN_SINCE,
        _("Accepting a first-time complaint"),
    ),
    ACCEPTANCE_COMPLAINT_SECOND: LegalBasisDefault(
        "Luật Khiếu nại 2011, Điều 36; Thông tư 07/2013/TT-TTCP, Điều 5",
        _KN_SINCE,
        _("Accepting a second-time complaint"),
    ),
    ACCEPTANCE_DISCIPLINE: LegalBasisDefault(
        "Luật Khiếu nại 2011, Điều 50; Thông tư 07/2013/TT-TTCP, Điều 5",
        _KN_SINCE,
        _("Accepting a complaint against a disciplinary decision"),
    ),
    DECISION_COMPLAINT: LegalBasisDefault(
        "Luật Khiếu nại 2011, Điều 31; Thông tư 07/2013/TT-TTCP, Điều 22",
        _KN_SINCE,
        _("Deciding a first-time complaint"),
    ),
    DECISION_COMPLAINT_SECOND: LegalBasisDefault(
        "Luật Khiếu nại 2011, Điều 40; Thông tư 07/2013/TT-TTCP, Điều 22",
        _KN_SINCE,
        _("Deciding a second-time complaint"),
    ),
    DECISION_DISCIPLINE: LegalBasisDefault(
        "Luật Khiếu nại 2011, Điều 51, 52",
        _KN_SINCE,
        _("Deciding a first-time complaint against a disciplinary decision"),
    ),
    DECISION_DISCIPLINE_SECOND: LegalBasisDefault(
        "Luật Khiếu nại 2011, Điều 51, 55, 56",
        _KN_SINCE,
        _("Deciding a second-time complaint against a disciplinary decision"),
    ),
    CONCLUSION_CONTENT: LegalBasisDefault(
        "Luật Tố cáo 2018, Điều 35; Nghị định 31/2019/NĐ-CP, Điều 17",
        _TC_SINCE,
        _("Concluding on the content of a denunciation"),
    ),
    VERIFICATION_COMPLAINT: LegalBasisDefault(
        "Luật Khiếu nại 2011, Điều 29; Thông tư 07/2013/TT-TTCP, Điều 7",
        _KN_SINCE,
        _("Assigning the verification of a first-time complaint"),
    ),
    VERIFICATION_COMPLAINT_SECOND: LegalBasisDefault(
        "Luật Khiếu nại 2011, Điều 38; Thông tư 07/2013/TT-TTCP, Điều 7",
        _KN_SINCE,
        _("Assigning the verification of a second-time complaint"),
    ),
    VERIFICATION_DENUNCIATION: LegalBasisDefault(
        "Luật Tố cáo 2018, Điều 31, 32; Nghị định 31/2019/NĐ-CP, Điều 10",
        _TC_SINCE,
        _("Assigning the verification of a denunciation"),
    ),
    RESUMPTION_DENUNCIATION: LegalBasisDefault(
        "Luật Tố cáo 2018, Điều 34(2)",
        _TC_SINCE,
        _("Resuming the resolution of a denunciation"),
    ),
    **{
        ground_key(g.value): LegalBasisDefault(GROUND_BASIS[g.value], _ground_since(g), g.label)
        for g in IneligibilityGround
    },
}


def acceptance_key(*, discipline: bool, round_: int) -> str:
    """The basis of a complaint's acceptance notice: Luật Khiếu nại Art. 27 the first time,
    Art. 36 the second, Art. 50 for a disciplinary decision (TT 07/2013 Art. 5 for the form)."""
    if discipline:
        return ACCEPTANCE_DISCIPLINE
    return ACCEPTANCE_COMPLAINT if round_ == 1 else ACCEPTANCE_COMPLAINT_SECOND


def decision_key(*, kind: str, discipline: bool, round_: int) -> str | None:
    """The basis of the decision closing a case of ``kind``: a complaint's decision (Luật Khiếu
    nại Art. 31, Art. 40 the second time; Arts. 51-56 for a disciplinary decision), the
    conclusion on a denunciation (Luật Tố cáo Art. 35); ``None`` for a petition (its time-limit
    rule's basis applies)."""
    if kind == "denunciation":
        return CONCLUSION_CONTENT
    if kind != "complaint":
        return None
    if discipline:
        return DECISION_DISCIPLINE if round_ == 1 else DECISION_DISCIPLINE_SECOND
    return DECISION_COMPLAINT if round_ == 1 else DECISION_COMPLAINT_SECOND


def verification_key(*, kind: str, round_: int) -> str:
    """Assigning verification: Luật Khiếu nại Art. 29 (Art. 38 the second time) for a
    complaint, Luật Tố cáo Arts. 31-32 with NĐ 31/2019 Art. 10 for a denunciation."""
    if kind == "denunciation":
        return VERIFICATION_DENUNCIATION
    if kind == "complaint":
        return VERIFICATION_COMPLAINT if round_ == 1 else VERIFICATION_COMPLAINT_SECOND
    return VERIFICATION


def resumption_key(*, kind: str) -> str:
    """Resuming after a suspension: Luật Tố cáo Art. 34(2), Luật Khiếu nại Art. 11a."""
    return RESUMPTION_DENUNCIATION if kind == "denunciation" else RESUMPTION
