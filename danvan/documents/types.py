"""Document types and their abbreviations, kept as data (DOMAIN.md §5.1, §5.2).

State bodies use the 29 types of administrative document of NĐ 30/2020 Art. 7 with the
abbreviations of its Phụ lục III (công văn and thư công have none). Party bodies use the
abbreviations of Guidance 36-HD/VPTW; where that list (as far as it was verified) names no
abbreviation for a type a party body still issues, e.g. a transfer slip, the NĐ 30 one is used.

Two types are outside NĐ 30 Art. 7 but are issued by the bodies this platform serves:
the conclusion (kết luận, "KL": inspection conclusions and denunciation conclusions, NĐ 31/2019
forms; a party type as well) and the party circular (thông tri, "TT", party only).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.organizations.models import DocumentFormat


class DocumentType(models.TextChoices):
    # The 29 types of NĐ 30/2020 Art. 7, in the order of the article.
    RESOLUTION = "nghi_quyet", _("Resolution")
    DECISION = "quyet_dinh", _("Decision")
    DIRECTIVE = "chi_thi", _("Directive")
    STATUTE = "quy_che", _("Statute (quy chế)")
    RULES = "quy_dinh", _("Rules (quy định)")
    COMMUNIQUE = "thong_cao", _("Communiqué")
    NOTICE = "thong_bao", _("Notice")
    GUIDANCE = "huong_dan", _("Guidance")
    PROGRAMME = "chuong_trinh", _("Programme")
    PLAN = "ke_hoach", _("Plan")
    OPTION = "phuong_an", _("Option (phương án)")
    SCHEME = "de_an", _("Scheme (đề án)")
    PROJECT = "du_an", _("Project (dự án)")
    REPORT = "bao_cao", _("Report")
    MINUTES = "bien_ban", _("Minutes")
    SUBMISSION = "to_trinh", _("Submission")
    CONTRACT = "hop_dong", _("Contract")
    OFFICIAL_LETTER = "cong_van", _("Official letter (công văn)")
    DISPATCH = "cong_dien", _("Official dispatch (công điện)")
    MEMORANDUM = "ban_ghi_nho", _("Memorandum of understanding")
    AGREEMENT = "ban_thoa_thuan", _("Agreement")
    AUTHORISATION = "giay_uy_quyen", _("Letter of authorisation")
    INVITATION = "giay_moi", _("Invitation")
    INTRODUCTION = "giay_gioi_thieu", _("Letter of introduction")
    LEAVE_PERMIT = "giay_nghi_phep", _("Leave permit")
    DISPATCH_SLIP = "phieu_gui", _("Dispatch slip")
    TRANSFER_SLIP = "phieu_chuyen", _("Transfer slip")
    NOTIFICATION_SLIP = "phieu_bao", _("Notification slip")
    PUBLIC_LETTER = "thu_cong", _("Public letter (thư công)")
    # Outside NĐ 30 Art. 7 (see the module docstring).
    CONCLUSION = "ket_luan", _("Conclusion")
    CIRCULAR = "thong_tri", _("Party circular (thông tri)")


#: The types of administrative document of NĐ 30/2020 Art. 7.
ND30_TYPES: Final = frozenset(
    {
        DocumentType.RESOLUTION,
        DocumentType.DECISION,
        DocumentType.DIRECTIVE,
        DocumentType.STATUTE,
        DocumentType.RULES,
        DocumentType.COMMUNIQUE,
        DocumentType.NOTICE,
        DocumentType.GUIDANCE,
        DocumentType.PROGRAMME,
        DocumentType.PLAN,
        DocumentType.OPTION,
        DocumentType.SCHEME,
        DocumentType.PROJECT,
        DocumentType.REPORT,
        DocumentType.MINUTES,
        DocumentType.SUBMISSION,
        DocumentType.CONTRACT,
        DocumentType.OFFICIAL_LETTER,
        DocumentType.DISPATCH,
        DocumentType.MEMORANDUM,
        DocumentType.AGREEMENT,
        DocumentType.AUTHORISATION,
        DocumentType.INVITATION,
        DocumentType.INTRODUCTION,
        DocumentType.LEAVE_PERMIT,
        DocumentType.DISPATCH_SLIP,
        DocumentType.TRANSFER_SLIP,
        DocumentType.NOTIFICATION_SLIP,
        DocumentType.PUBLIC_LETTER,
    }
)

#: NĐ 30/2020 Phụ lục III; công văn and thư công have no abbreviation. "KL" follows the forms of
#: NĐ 31/2019 (denunciation conclusions) and inspection practice.
STATE_ABBREVIATIONS: Final[Mapping[DocumentType, str]] = {
    DocumentType.RESOLUTION: "NQ",
    DocumentType.DECISION: "QĐ",
    DocumentType.DIRECTIVE: "CT",
    DocumentType.STATUTE: "QC",
    DocumentType.RULES: "QyĐ",
    DocumentType.COMMUNIQUE: "TC",
    DocumentType.NOTICE: "TB",
    DocumentType.GUIDANCE: "HD",
    DocumentType.PROGRAMME: "CTr",
    DocumentType.PLAN: "KH",
    DocumentType.OPTION: "PA",
    DocumentType.SCHEME: "ĐA",
    DocumentType.PROJECT: "DA",
    DocumentType.REPORT: "BC",
    DocumentType.MINUTES: "BB",
    DocumentType.SUBMISSION: "TTr",
    DocumentType.CONTRACT: "HĐ",
    DocumentType.DISPATCH: "CĐ",
    DocumentType.MEMORANDUM: "GN",
    DocumentType.AGREEMENT: "TTh",
    DocumentType.AUTHORISATION: "GUQ",
    DocumentType.INVITATION: "GM",
    DocumentType.INTRODUCTION: "GGT",
    DocumentType.LEAVE_PERMIT: "GNP",
    DocumentType.DISPATCH_SLIP: "PG",
    DocumentType.TRANSFER_SLIP: "PC",
    DocumentType.NOTIFICATION_SLIP: "PB",
    DocumentType.CONCLUSION: "KL",
}

#: Guidance 36-HD/VPTW (DOMAIN.md §5.2). The party writes QĐ for quyết định and QĐi for quy định;
#: its công văn carry "CV" (e.g. "Số 125-CV/TU").
PARTY_ABBREVIATIONS: Final[Mapping[DocumentType, str]] = {
    DocumentType.RESOLUTION: "NQ",
    DocumentType.DECISION: "QĐ",
    DocumentType.RULES: "QĐi",
    DocumentType.DIRECTIVE: "CT",
    DocumentType.CONCLUSION: "KL",
    DocumentType.STATUTE: "QC",
    DocumentType.GUIDANCE: "HD",
    DocumentType.NOTICE: "TB",
    DocumentType.REPORT: "BC",
    DocumentType.PLAN: "KH",
    DocumentType.PROGRAMME: "CTr",
    DocumentType.SUBMISSION: "TTr",
    DocumentType.SCHEME: "ĐA",
    DocumentType.CIRCULAR: "TT",
    DocumentType.OFFICIAL_LETTER: "CV",
    DocumentType.MINUTES: "BB",
}

#: The type's name as printed on the document (tên loại), when a template does not say otherwise.
TYPE_TITLES: Final[Mapping[DocumentType, str]] = {
    DocumentType.RESOLUTION: "NGHỊ QUYẾT",
    DocumentType.DECISION: "QUYẾT ĐỊNH",
    DocumentType.DIRECTIVE: "CHỈ THỊ",
    DocumentType.STATUTE: "QUY CHẾ",
    DocumentType.RULES: "QUY ĐỊNH",
    DocumentType.COMMUNIQUE: "THÔNG CÁO",
    DocumentType.NOTICE: "THÔNG BÁO",
    DocumentType.GUIDANCE: "HƯỚNG DẪN",
    DocumentType.PROGRAMME: "CHƯƠNG TRÌNH",
    DocumentType.PLAN: "KẾ HOẠCH",
    DocumentType.OPTION: "PHƯƠNG ÁN",
    DocumentType.SCHEME: "ĐỀ ÁN",
    DocumentType.PROJECT: "DỰ ÁN",
    DocumentType.REPORT: "BÁO CÁO",
    DocumentType.MINUTES: "BIÊN BẢN",
    DocumentType.SUBMISSION: "TỜ TRÌNH",
    DocumentType.CONTRACT: "HỢP ĐỒNG",
    DocumentType.OFFICIAL_LETTER: "",  # a công văn has no printed type name, only "V/v ..."
    DocumentType.DISPATCH: "CÔNG ĐIỆN",
    DocumentType.MEMORANDUM: "BẢN GHI NHỚ",
    DocumentType.AGREEMENT: "BẢN THỎA THUẬN",
    DocumentType.AUTHORISATION: "GIẤY ỦY QUYỀN",
    DocumentType.INVITATION: "GIẤY MỜI",
    DocumentType.INTRODUCTION: "GIẤY GIỚI THIỆU",
    DocumentType.LEAVE_PERMIT: "GIẤY NGHỈ PHÉP",
    DocumentType.DISPATCH_SLIP: "PHIẾU GỬI",
    DocumentType.TRANSFER_SLIP: "PHIẾU CHUYỂN",
    DocumentType.NOTIFICATION_SLIP: "PHIẾU BÁO",
    DocumentType.PUBLIC_LETTER: "",
    DocumentType.CONCLUSION: "KẾT LUẬN",
    DocumentType.CIRCULAR: "THÔNG TRI",
}

#: Types printed as a công văn: no type name, the summary ("V/v ...") under the number.
LETTER_LIKE_TYPES: Final = frozenset({DocumentType.OFFICIAL_LETTER, DocumentType.PUBLIC_LETTER})


def allowed_types(fmt: DocumentFormat) -> frozenset[DocumentType]:
    """The types a body using ``fmt`` may issue."""
    if fmt == DocumentFormat.HD36:
        return frozenset(DocumentType) - {DocumentType.PUBLIC_LETTER}
    return frozenset(DocumentType) - {DocumentType.CIRCULAR}


def abbreviation(doc_type: DocumentType, fmt: DocumentFormat) -> str:
    """The type's abbreviation in a number's symbol; "" for a state công văn or thư công.

    Raises ``ValueError`` for a type the format does not have (see ``allowed_types``).
    """
    if doc_type not in allowed_types(fmt):
        raise ValueError(f"{doc_type} is not a type of the {fmt} format.")
    if fmt == DocumentFormat.HD36:
        return PARTY_ABBREVIATIONS.get(doc_type) or STATE_ABBREVIATIONS[doc_type]
    return STATE_ABBREVIATIONS.get(doc_type, "")


class FileFormat(models.TextChoices):
    """The formats a document is served in: the stored DOCX, or a PDF made from it."""

    DOCX = "docx", _("DOCX")
    PDF = "pdf", _("PDF")
