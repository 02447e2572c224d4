"""The time limits seeded into the rule table (DOMAIN.md §1.1-1.3, §11.1.3 and §11.9).

Values follow the 2011/2013/2018 laws as amended; Law 136/2025 is not reported to change them.
Rows marked ``verified=False`` come from practice or from unread texts: administrators confirm or
correct them in the admin. The candidate "thụ lý in 7 working days" of NĐ 155/2026 is seeded
switched off (``active=False``) until its official text is read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

CAL = "calendar_days"
WORK = "working_days"
SINCE: Final = dt.date(2012, 7, 1)  # Luật Khiếu nại 2011 in force
TC_SINCE: Final = dt.date(2019, 1, 1)  # Luật Tố cáo 2018 in force
TTHC_SINCE: Final = dt.date(2016, 7, 1)  # Luật Tố tụng hành chính 2015 in force
QD22_SINCE: Final = dt.date(2021, 7, 28)  # Quy định 22-QĐ/TW
QD296_SINCE: Final = dt.date(2025, 5, 30)  # Quy định 296-QĐ/TW, replacing QĐ 22-QĐ/TW
QD164_SINCE: Final = dt.date(2024, 6, 6)  # Quy định 164-QĐ/TW (central level)
DIEU_LE_SINCE: Final = dt.date(2011, 1, 19)  # Điều lệ Đảng as adopted by the XI Congress
#: Every party row is unverified: the figures are reported for QĐ 22-QĐ/TW by secondary
#: sources, and QĐ 296-QĐ/TW, which replaces it, is not read (DOMAIN.md §12.5).
QD296_NOT_READ: Final = (
    "Reported for QĐ 22-QĐ/TW by secondary sources; QĐ 296-QĐ/TW (30/5/2025), which replaces "
    "it, is not read. Whether the days are working days is not verified."
)

RULES: Final[tuple[dict[str, Any], ...]] = (
    {
        "key": "processing.complaint", "amount": 10, "unit": WORK, "start_event": "receipt",
        "legal_basis": "Luật Khiếu nại 2011, Điều 27; Thông tư 07/2013/TT-TTCP, Điều 5",
        "effective_from": SINCE,
    },
    {
        "key": "processing.complaint", "amount": 7, "unit": WORK, "start_event": "receipt",
        "legal_basis": "Nghị định 155/2026/NĐ-CP (chưa đối chiếu văn bản chính thức)",
        "effective_from": dt.date(2026, 7, 1), "active": False, "verified": False,
        "note": "Candidate: switch on only after reading the official text.",
    },
    {
        "key": "processing.denunciation", "amount": 7, "complex_amount": 10, "unit": WORK,
        "start_event": "receipt", "legal_basis": "Luật Tố cáo 2018, Điều 24(1)",
        "effective_from": TC_SINCE,
    },
    {
        "key": "processing.feedback", "amount": 10, "unit": WORK, "start_event": "receipt",
        "legal_basis": "Luật Tiếp công dân 2013, Điều 28(1); thực tiễn xử lý đơn",
        "effective_from": dt.date(2014, 7, 1), "verified": False,
    },
    {
        "key": "processing.petition", "amount": 10, "unit": WORK, "start_event": "receipt",
        "legal_basis": "Luật Tiếp công dân 2013, Điều 28(1); thực tiễn xử lý đơn",
        "effective_from": dt.date(2014, 7, 1), "verified": False,
    },
    {
        "key": "forward.denunciation", "amount": 5, "unit": WORK, "start_event": "receipt",
        "legal_basis": "Luật Tố cáo 2018, Điều 24(2)", "effective_from": TC_SINCE,
    },
    {
        "key": "forward.feedback", "amount": 5, "unit": WORK, "start_event": "receipt",
        "legal_basis": "Nghị định 20/2008/NĐ-CP, Điều 9", "effective_from": dt.date(2008, 3, 1),
    },
    {
        "key": "forward.petition", "amount": 5, "unit": WORK, "start_event": "receipt",
        "legal_basis": "Nghị định 20/2008/NĐ-CP, Điều 9", "effective_from": dt.date(2008, 3, 1),
    },
    {
        "key": "resolution.complaint.1", "amount": 30, "complex_amount": 45,
        "remote_amount": 45, "remote_complex_amount": 60, "unit": CAL,
        "start_event": "acceptance", "legal_basis": "Luật Khiếu nại 2011, Điều 28",
        "effective_from": SINCE, "suspension_excluded": True,
    },
    {
        "key": "resolution.complaint.2", "amount": 45, "complex_amount": 60,
        "remote_amount": 60, "remote_complex_amount": 70, "unit": CAL,
        "start_event": "acceptance", "legal_basis": "Luật Khiếu nại 2011, Điều 37",
        "effective_from": SINCE, "suspension_excluded": True,
    },
    {
        "key": "resolution.denunciation", "amount": 30, "unit": CAL, "extension_amount": 30,
        "max_extensions_complex": 1, "max_extensions_especially_complex": 2,
        "start_event": "acceptance",
        "legal_basis": "Luật Tố cáo 2018, Điều 30; Nghị định 31/2019/NĐ-CP, Điều 3",
        "effective_from": TC_SINCE, "suspension_excluded": True,
    },
    {
        "key": "resolution.feedback", "amount": 30, "unit": CAL, "start_event": "acceptance",
        "legal_basis": "Nghị định 20/2008/NĐ-CP, Điều 14 (thời hạn theo quy chế của cơ quan)",
        "effective_from": dt.date(2008, 3, 1), "verified": False,
    },
    {
        "key": "resolution.petition", "amount": 30, "unit": CAL, "start_event": "acceptance",
        "legal_basis": "Nghị định 20/2008/NĐ-CP, Điều 14 (thời hạn theo quy chế của cơ quan)",
        "effective_from": dt.date(2008, 3, 1), "verified": False,
    },
    {
        "key": "appeal_window.complaint", "amount": 30, "remote_amount": 45, "unit": CAL,
        "start_event": "decision_received", "legal_basis": "Luật Khiếu nại 2011, Điều 33",
        "effective_from": SINCE,
    },
    {
        "key": "send_decision.complaint.1", "amount": 3, "unit": WORK, "start_event": "decision",
        "legal_basis": "Luật Khiếu nại 2011, Điều 32", "effective_from": SINCE,
    },
    {
        "key": "send_decision.complaint.2", "amount": 7, "unit": CAL, "start_event": "decision",
        "legal_basis": "Luật Khiếu nại 2011, Điều 41(1)", "effective_from": SINCE,
    },
    {
        "key": "notify_acceptance.denunciation", "amount": 5, "unit": WORK,
        "start_event": "acceptance", "legal_basis": "Luật Tố cáo 2018, Điều 29(3)",
        "effective_from": TC_SINCE,
    },
    {
        "key": "publication.denunciation", "amount": 15, "unit": CAL, "start_event": "publication",
        "legal_basis": "Nghị định 31/2019/NĐ-CP, Điều 6", "effective_from": TC_SINCE,
    },
    {
        # Counted from the day the file is closed (the decision sent and published); the kit
        # has no start event for closing, the nearest is the decision.
        "key": "archive.case_file", "amount": 30, "unit": CAL, "start_event": "decision",
        "legal_basis": "Thông tư 07/2013/TT-TTCP, Điều 23", "effective_from": SINCE,
        "note": "Counted from the day the case file is closed.",
    },
    {
        "key": "send_conclusion.denunciation", "amount": 5, "unit": WORK, "start_event": "decision",
        "legal_basis": "Luật Tố cáo 2018, Điều 35(3)", "effective_from": TC_SINCE,
    },
    {
        "key": "handle_conclusion.denunciation", "amount": 7, "unit": WORK,
        "start_event": "decision", "legal_basis": "Luật Tố cáo 2018, Điều 36(1)",
        "effective_from": TC_SINCE,
    },
    {
        "key": "report_measure.denunciation", "amount": 5, "unit": WORK,
        "start_event": "measure_done", "legal_basis": "Luật Tố cáo 2018, Điều 36",
        "effective_from": TC_SINCE,
    },
    {
        "key": "publish_due.denunciation", "amount": 7, "unit": WORK, "start_event": "decision",
        "legal_basis": "Luật Tố cáo 2018, Điều 40(1)", "effective_from": TC_SINCE,
    },
    {
        "key": "review.denunciation", "amount": 20, "unit": CAL, "start_event": "receipt",
        "legal_basis": "Luật Tố cáo 2018, Điều 37(1)-(2); Nghị định 31/2019/NĐ-CP, Điều 17",
        "effective_from": TC_SINCE,
    },
    # The complaint steps (DOMAIN.md §1.1, §12.0 rows 3-4, §12.1c, §12.4).
    {
        "key": "time_bar.complaint", "amount": 90, "unit": CAL,
        "start_event": "decision_received",
        "legal_basis": "Luật Khiếu nại 2011, Điều 9", "effective_from": SINCE,
        "note": "From the day the complainant received or learned of the decision or act; "
                "time lost to objective obstacles is not counted.",
    },
    {
        "key": "time_bar.discipline", "amount": 15, "unit": CAL,
        "start_event": "decision_received",
        "legal_basis": "Luật Khiếu nại 2011, Điều 48", "effective_from": SINCE,
    },
    {
        "key": "appeal_window.discipline", "amount": 10, "unit": CAL,
        "start_event": "decision_received",
        "legal_basis": "Luật Khiếu nại 2011, Điều 48", "effective_from": SINCE,
    },
    {
        "key": "appeal_window.discipline.dismissal", "amount": 30, "unit": CAL,
        "start_event": "decision_received",
        "legal_basis": "Luật Khiếu nại 2011, Điều 48 (kỷ luật buộc thôi việc)",
        "effective_from": SINCE,
    },
    {
        # DOMAIN.md §1.1 and §12.1a say only that the complainant may sue instead of
        # complaining again; the one-year limit is not in DOMAIN.md and was not read.
        "key": "lawsuit.administrative", "amount": 365, "unit": CAL,
        "start_event": "decision_received",
        "legal_basis": "Luật Tố tụng hành chính 2015, Điều 116(3)(a) (chưa đối chiếu văn bản)",
        "effective_from": TTHC_SINCE, "verified": False,
        "note": "01 năm from receiving the first- or second-time complaint decision, as "
                "remembered, not read. The table has no year unit: 365 days, which ends one day "
                "before the anniversary when a 29 February falls in the year (the Civil Code, "
                "Art. 148, ends a period in years on the same day and month).",
    },
    {
        "key": "final.complaint.1", "amount": 30, "remote_amount": 45, "unit": CAL,
        "start_event": "decision", "legal_basis": "Luật Khiếu nại 2011, Điều 44",
        "effective_from": SINCE, "note": "Counted from the issue, not the receipt.",
    },
    {
        "key": "effect.discipline", "amount": 30, "unit": CAL, "start_event": "decision",
        "legal_basis": "Luật Khiếu nại 2011, Điều 57", "effective_from": SINCE,
    },
    {
        "key": "continue_window.complaint", "amount": 30, "unit": CAL, "start_event": "decision",
        "legal_basis": "Luật Khiếu nại 2011, Điều 11(8)", "effective_from": SINCE,
        "note": "From the termination notice.",
    },
    {
        "key": "resolution.discipline.1", "amount": 30, "complex_amount": 45, "unit": CAL,
        "start_event": "acceptance", "legal_basis": "Luật Khiếu nại 2011, Điều 50",
        "effective_from": SINCE, "suspension_excluded": True,
    },
    {
        "key": "resolution.discipline.2", "amount": 30, "complex_amount": 45, "unit": CAL,
        "start_event": "acceptance", "legal_basis": "Luật Khiếu nại 2011, Điều 50",
        "effective_from": SINCE, "suspension_excluded": True,
    },
    {
        "key": "send_decision.discipline.2", "amount": 7, "unit": CAL, "start_event": "decision",
        "legal_basis": "Luật Khiếu nại 2011, Điều 56(2)", "effective_from": SINCE,
    },
    {
        "key": "dialogue_optional.complaint.2", "amount": 0, "unit": CAL,
        "start_event": "acceptance",
        "legal_basis": "Luật Khiếu nại 2011 (sửa đổi 2025) (chưa đối chiếu văn bản chính thức)",
        "effective_from": dt.date(2026, 7, 1), "active": False, "verified": False,
        "note": "Candidate: from 2026 the resolver may proceed without a dialogue (press "
                "reports only). Switch on only after reading the official text; never for "
                "disciplinary complaints (Art. 55).",
    },
    {
        "key": "publication.complaint.2", "amount": 15, "unit": CAL, "start_event": "decision",
        "legal_basis": "Luật Khiếu nại 2011, Điều 41; Nghị định 75/2012/NĐ-CP, Điều 12 "
                       "(nay Nghị định 124/2020/NĐ-CP, chưa đối chiếu)",
        "effective_from": SINCE, "verified": False,
    },
    {
        "key": "publication_notice.complaint.2", "amount": 3, "unit": WORK,
        "start_event": "publication",
        "legal_basis": "Nghị định 75/2012/NĐ-CP, Điều 12 (nay Nghị định 124/2020/NĐ-CP, chưa "
                       "đối chiếu)",
        "effective_from": SINCE, "verified": False,
        "note": "Days before the meeting that the participants are told of it.",
    },
    {
        "key": "publication_posting.complaint.2", "amount": 15, "unit": CAL,
        "start_event": "publication",
        "legal_basis": "Nghị định 75/2012/NĐ-CP, Điều 12 (nay Nghị định 124/2020/NĐ-CP, chưa "
                       "đối chiếu)",
        "effective_from": SINCE, "verified": False,
        "note": "Posting at the seat or the reception place, and e-press or portal: at least "
                "this many days.",
    },
    {
        "key": "publication_media.complaint.2", "amount": 2, "unit": CAL,
        "start_event": "publication",
        "legal_basis": "Nghị định 75/2012/NĐ-CP, Điều 12 (nay Nghị định 124/2020/NĐ-CP, chưa "
                       "đối chiếu)",
        "effective_from": SINCE, "verified": False,
        "note": "The amount counts broadcasts or issues, not days.",
    },
    {
        "key": "publication_media.denunciation", "amount": 2, "unit": CAL,
        "start_event": "publication", "legal_basis": "Nghị định 31/2019/NĐ-CP, Điều 6",
        "effective_from": TC_SINCE,
        "note": "The amount counts broadcasts or issues, not days.",
    },
    {
        "key": "notify_termination.denunciation", "amount": 5, "unit": WORK,
        "start_event": "decision", "legal_basis": "Luật Tố cáo 2018, Điều 34(4)",
        "effective_from": TC_SINCE,
    },
    {
        "key": "send_course_decision.complaint", "amount": 3, "unit": WORK,
        "start_event": "decision",
        "legal_basis": "Nghị định 155/2026/NĐ-CP (chưa đối chiếu văn bản chính thức)",
        "effective_from": dt.date(2026, 7, 1), "active": False, "verified": False,
        "note": "Candidate (forms 14a/14b): switch on only after reading the official text.",
    },
    # -- the party track (DOMAIN.md §12.5) -----------------------------------------------------
    {
        "key": "party.denunciation.local", "amount": 90, "unit": CAL, "start_event": "receipt",
        "legal_basis": "Quy định 22-QĐ/TW, Điều 20 (cấp tỉnh, cấp huyện và cấp cơ sở)",
        "effective_from": QD22_SINCE, "verified": False, "note": QD296_NOT_READ,
    },
    {
        "key": "party.denunciation.local", "amount": 90, "unit": CAL, "start_event": "receipt",
        "legal_basis": (
            "Quy định 296-QĐ/TW (thay thế Quy định 22-QĐ/TW, Điều 20; cấp tỉnh và cấp cơ sở)"
        ),
        "effective_from": QD296_SINCE, "verified": False, "note": QD296_NOT_READ,
    },
    {
        "key": "party.denunciation.central", "amount": 180, "unit": CAL,
        "start_event": "receipt", "legal_basis": "Quy định 22-QĐ/TW, Điều 20 (cấp Trung ương)",
        "effective_from": QD22_SINCE, "verified": False, "note": QD296_NOT_READ,
    },
    {
        "key": "party.denunciation.central", "amount": 180, "unit": CAL,
        "start_event": "receipt",
        "legal_basis": "Quy định 296-QĐ/TW (thay thế Quy định 22-QĐ/TW, Điều 20; cấp Trung ương)",
        "effective_from": QD296_SINCE, "verified": False, "note": QD296_NOT_READ,
    },
    {
        "key": "party.denunciation.central_team", "amount": 180, "unit": CAL,
        "start_event": "decision",
        "legal_basis": "Quy định 164-QĐ/TW (từ ngày quyết định thành lập đoàn)",
        "effective_from": QD164_SINCE, "verified": False,
        "note": "Reported by a secondary source; QĐ 296-QĐ/TW is not read.",
    },
    {
        "key": "party.discipline_complaint", "amount": 30, "unit": CAL,
        "start_event": "decision_received", "legal_basis": "Điều lệ Đảng, Điều 39(7), (9)",
        "effective_from": DIEU_LE_SINCE, "verified": False,
        "note": (
            "One month from receiving the decision, per a secondary source, counted here as 30 "
            "days (the table has no month unit); QĐ 296-QĐ/TW is not read."
        ),
    },
    {
        "key": "party.state_informs_party", "amount": 5, "unit": CAL, "start_event": "decision",
        "legal_basis": "Quy định 296-QĐ/TW, Điều 8(5)",
        "effective_from": QD296_SINCE, "verified": False,
        "note": "Reported by a secondary source; QĐ 296-QĐ/TW is not read.",
    },
)  # fmt: skip


#: The legal basis of each time-limit key, as registered with the workflow kit: the citation of
#: its first seeded version in use.
KEY_BASIS: Final[dict[str, str]] = {
    **{row["key"]: row["legal_basis"] for row in reversed(RULES)},  # candidate-only keys
    **{row["key"]: row["legal_basis"] for row in reversed(RULES) if row.get("active", True)},
}


def seed_rules(model: Any) -> int:
    """Create the seeded rows that are missing (matched on key and start date); returns how many.

    ``model`` is the DeadlineRule class (the historical one inside a migration). Existing rows,
    including an administrator's corrections, are left as they are.
    """
    created = 0
    for row in RULES:
        defaults = {k: v for k, v in row.items() if k not in {"key", "effective_from"}}
        _, was_created = model.objects.get_or_create(
            key=row["key"], effective_from=row["effective_from"], defaults=defaults
        )
        created += int(was_created)
    return created


#: Signature methods that count as signing when the platform is installed.
SIGNATURE_METHODS: Final = ("otp_sms", "otp_email", "signed_scan", "handwritten")


def seed_signature_methods(model: Any) -> int:
    """Create the missing ``AcceptedSignatureMethod`` rows (accepted); returns how many."""
    created = 0
    for code in SIGNATURE_METHODS:
        _, was_created = model.objects.get_or_create(method=code, defaults={"accepted": True})
        created += int(was_created)
    return created
