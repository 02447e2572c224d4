"""Default texts of the notices and decisions the letters context issues (documents context).

The texts follow the structure of the legal forms (Luật Khiếu nại 2011 and its implementing
forms, Luật Tố cáo 2018 with NĐ 31/2019, TT 05/2021/TT-TTCP on processing letters), written in
our own words; administrators adjust them in the admin (Document templates). Every value is a
plain string supplied by the letters context; dates are already written dd/mm/yyyy. The fields
``{issuer}``, ``{issuing_authority}``, ``{place}`` and ``{issued_on}`` are filled by the documents
context.

Nothing addressed to anyone but the denouncer may identify them: the transfer slip and the
denunciation conclusion have no field for the letter's signer.
"""

from __future__ import annotations

from typing import Final

from danvan.documents.templates import TemplateDefault
from danvan.documents.types import DocumentType

ACCEPTANCE = TemplateDefault(
    key="letters.acceptance",
    doc_type=DocumentType.NOTICE,
    title="THÔNG BÁO",
    summary="Về việc thụ lý giải quyết {letter_kind}",
    body=(
        "Kính gửi: {recipient}\n"
        "Ngày {received_on}, {issuer} nhận được đơn {letter_kind} của {recipient}, địa chỉ: "
        "{recipient_address}, với nội dung: {letter_summary}.\n"
        "Sau khi xem xét nội dung đơn và các điều kiện thụ lý theo quy định tại {legal_basis}, "
        "{issuer} thấy đơn đủ điều kiện thụ lý và thuộc thẩm quyền giải quyết của mình.\n"
        "{issuer} đã thụ lý giải quyết đơn nêu trên từ ngày {accepted_on} (vụ việc số "
        "{case_number}). Thời hạn giải quyết theo quy định đến hết ngày {due_on}; trường hợp "
        "thời hạn được gia hạn, {issuer} sẽ thông báo bằng văn bản.\n"
        "Trong quá trình giải quyết, đề nghị {recipient} phối hợp, cung cấp thông tin, tài liệu, "
        "bằng chứng liên quan khi được yêu cầu.\n"
        "{issuer} thông báo để {recipient} biết./."
    ),
    placeholders=(
        "recipient",
        "recipient_address",
        "letter_kind",
        "received_on",
        "letter_summary",
        "case_number",
        "accepted_on",
        "due_on",
        "legal_basis",
        "legal_basis_lines",
    ),
    recipients=("{recipient}", "Thanh tra cùng cấp (để theo dõi)"),
)

NON_ACCEPTANCE = TemplateDefault(
    key="letters.non_acceptance",
    doc_type=DocumentType.NOTICE,
    title="THÔNG BÁO",
    summary="Về việc không thụ lý giải quyết {letter_kind}",
    body=(
        "Kính gửi: {recipient}\n"
        "Ngày {received_on}, {issuer} nhận được đơn {letter_kind} của {recipient}, địa chỉ: "
        "{recipient_address}, với nội dung: {letter_summary}.\n"
        "Sau khi xem xét, {issuer} thấy đơn không đủ điều kiện thụ lý giải quyết vì lý do sau: "
        "{ground}.\n"
        "Việc không thụ lý được thực hiện theo quy định tại {legal_basis}.\n"
        "{issuer} thông báo để {recipient} biết./."
    ),
    placeholders=(
        "recipient",
        "recipient_address",
        "letter_kind",
        "received_on",
        "letter_summary",
        "ground",
        "legal_basis",
        "legal_basis_lines",
    ),
    recipients=("{recipient}", "Thanh tra cùng cấp (để theo dõi)"),
)

TRANSFER = TemplateDefault(
    key="letters.transfer",
    doc_type=DocumentType.TRANSFER_SLIP,
    title="PHIẾU CHUYỂN ĐƠN",
    summary="",
    body=(
        "Kính gửi: {to_unit}\n"
        "Ngày {received_on}, {issuer} nhận được đơn {letter_kind} với nội dung: "
        "{letter_summary}.\n"
        "Sau khi xem xét, {issuer} thấy nội dung đơn thuộc thẩm quyền giải quyết của {to_unit}. "
        "Lý do chuyển đơn: {reason}.\n"
        "Thực hiện quy định tại {legal_basis}, {issuer} chuyển đơn nêu trên, kèm theo tài liệu "
        "liên quan, đến {to_unit} để xem xét, giải quyết theo thẩm quyền và thông báo kết quả "
        "theo quy định./."
    ),
    placeholders=(
        "to_unit",
        "letter_kind",
        "received_on",
        "letter_summary",
        "reason",
        "legal_basis",
        "legal_basis_lines",
    ),
    recipients=("{to_unit}",),
)

GUIDANCE = TemplateDefault(
    key="letters.guidance",
    doc_type=DocumentType.OFFICIAL_LETTER,
    title="",
    summary="V/v hướng dẫn gửi đơn đến cơ quan có thẩm quyền",
    body=(
        "Kính gửi: {recipient}\n"
        "Ngày {received_on}, {issuer} nhận được đơn {letter_kind} của {recipient}, địa chỉ: "
        "{recipient_address}, với nội dung: {letter_summary}.\n"
        "Sau khi xem xét, {issuer} thấy nội dung đơn không thuộc thẩm quyền giải quyết của mình. "
        "Theo quy định tại {legal_basis}, {issuer} hướng dẫn {recipient} gửi đơn đến {to_unit} "
        "để được xem xét, giải quyết theo thẩm quyền.\n"
        "{guidance}\n"
        "{issuer} trả lời để {recipient} biết và thực hiện./."
    ),
    placeholders=(
        "recipient",
        "recipient_address",
        "letter_kind",
        "received_on",
        "letter_summary",
        "to_unit",
        "guidance",
        "legal_basis",
        "legal_basis_lines",
    ),
    recipients=("{recipient}",),
)

EXTENSION = TemplateDefault(
    key="letters.extension",
    doc_type=DocumentType.DECISION,
    title="QUYẾT ĐỊNH",
    summary="Về việc gia hạn giải quyết tố cáo",
    body=(
        "{issuing_authority}\n"
        "{legal_basis_lines}\n"
        "Căn cứ hồ sơ vụ việc số {case_number}, thụ lý giải quyết ngày {accepted_on};\n"
        "Xét thấy cần gia hạn thời hạn giải quyết vì: {grounds}.\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Gia hạn thời hạn giải quyết tố cáo đối với vụ việc số {case_number}, thụ lý "
        "ngày {accepted_on}. Thời gian gia hạn là {extension_days} ngày; thời hạn giải quyết "
        "được tính đến hết ngày {new_due_on}.\n"
        "Điều 2. Việc gia hạn được thông báo bằng văn bản đến người tố cáo và người bị tố cáo "
        "theo quy định.\n"
        "Điều 3. Người được giao xác minh nội dung tố cáo, các cơ quan, tổ chức, cá nhân có liên "
        "quan chịu trách nhiệm thi hành Quyết định này./."
    ),
    placeholders=(
        "case_number",
        "accepted_on",
        "extension_days",
        "new_due_on",
        "grounds",
        "legal_basis",
        "legal_basis_lines",
    ),
    recipients=("Như Điều 3", "Thanh tra cùng cấp (để theo dõi)"),
)

SUSPENSION = TemplateDefault(
    key="letters.suspension",
    doc_type=DocumentType.DECISION,
    title="QUYẾT ĐỊNH",
    summary="Về việc tạm đình chỉ việc giải quyết vụ việc số {case_number}",
    body=(
        "{issuing_authority}\n"
        "{legal_basis_lines}\n"
        "Căn cứ hồ sơ vụ việc số {case_number};\n"
        "Xét thấy có căn cứ tạm đình chỉ việc giải quyết: {grounds}.\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Tạm đình chỉ việc giải quyết vụ việc số {case_number} kể từ ngày "
        "{suspended_on}. Thời gian tạm đình chỉ không tính vào thời hạn giải quyết.\n"
        "Điều 2. Khi lý do tạm đình chỉ không còn, việc giải quyết được tiếp tục theo quyết định "
        "của người có thẩm quyền.\n"
        "Điều 3. Các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định "
        "này./."
    ),
    placeholders=("case_number", "grounds", "suspended_on", "legal_basis", "legal_basis_lines"),
    recipients=("Như Điều 3",),
)

RESUMPTION = TemplateDefault(
    key="letters.resumption",
    doc_type=DocumentType.DECISION,
    title="QUYẾT ĐỊNH",
    summary="Về việc tiếp tục giải quyết vụ việc số {case_number}",
    body=(
        "{issuing_authority}\n"
        "{legal_basis_lines}\n"
        "Căn cứ hồ sơ vụ việc số {case_number};\n"
        "Xét thấy lý do tạm đình chỉ việc giải quyết vụ việc không còn.\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Tiếp tục giải quyết vụ việc số {case_number} kể từ ngày {resumed_on}. Thời hạn "
        "giải quyết được tính đến hết ngày {new_due_on}.\n"
        "Điều 2. Các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định "
        "này./."
    ),
    placeholders=("case_number", "resumed_on", "new_due_on", "legal_basis", "legal_basis_lines"),
    recipients=("Như Điều 2",),
)

TERMINATION = TemplateDefault(
    key="letters.termination",
    doc_type=DocumentType.DECISION,
    title="QUYẾT ĐỊNH",
    summary="Về việc đình chỉ việc giải quyết vụ việc số {case_number}",
    body=(
        "{issuing_authority}\n"
        "{legal_basis_lines}\n"
        "Căn cứ hồ sơ vụ việc số {case_number};\n"
        "Xét thấy có căn cứ đình chỉ việc giải quyết: {grounds}.\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Đình chỉ việc giải quyết vụ việc số {case_number}.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký. Các cơ quan, tổ chức, cá nhân có liên "
        "quan chịu trách nhiệm thi hành Quyết định này./."
    ),
    placeholders=("case_number", "grounds", "legal_basis", "legal_basis_lines"),
    recipients=("Như Điều 2",),
)

_COMPLAINT_DECISION_BODY = (
    "{issuing_authority}\n"
    "{legal_basis_lines}\n"
    "Xét đơn khiếu nại của {recipient} (vụ việc số {case_number}) với nội dung: "
    "{letter_summary}.\n"
    "{complainants}"
    "Kết quả xác minh nội dung khiếu nại như sau:\n"
    "{findings}\n"
    "Kết quả đối thoại:\n"
    "{dialogue_result}\n"
    "Căn cứ pháp luật để giải quyết khiếu nại:\n"
    "{legal_grounds}\n"
    "Kết luận: nội dung khiếu nại là {outcome_label}.\n"
    "{conclusion}\n"
    "QUYẾT ĐỊNH:\n"
    "Điều 1. {measure}. {decision_text}\n"
    "Điều 2. Bồi thường thiệt hại (nếu có): {compensation}\n"
    "Điều 3. {appeal_rights}\n"
    "Điều 4. {recipient} và các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi "
    "hành Quyết định này./."
)
_COMPLAINT_DECISION_FIELDS = (
    "recipient",
    "round",
    "case_number",
    "letter_summary",
    "complainants",
    "findings",
    "dialogue_result",
    "legal_grounds",
    "outcome_label",
    "conclusion",
    "measure",
    "decision_text",
    "compensation",
    "appeal_rights",
    "legal_basis",
    "legal_basis_lines",
)

#: Luật Khiếu nại Art. 31(2), 40; TT 07/2013/TT-TTCP Art. 22, Mẫu 15-KN.
COMPLAINT_DECISION = TemplateDefault(
    key="letters.complaint_decision",
    doc_type=DocumentType.DECISION,
    title="QUYẾT ĐỊNH",
    summary="Về việc giải quyết khiếu nại ({round})",
    body=_COMPLAINT_DECISION_BODY,
    placeholders=_COMPLAINT_DECISION_FIELDS,
    recipients=("Như Điều 4", "Thanh tra cùng cấp (để theo dõi)"),
)

#: Luật Khiếu nại Art. 56(2): a disciplinary complaint's decision goes to the complainant, the
#: first-time resolver and the interested parties.
DISCIPLINE_DECISION = TemplateDefault(
    key="letters.discipline_decision",
    doc_type=DocumentType.DECISION,
    title="QUYẾT ĐỊNH",
    summary="Về việc giải quyết khiếu nại quyết định kỷ luật ({round})",
    body=_COMPLAINT_DECISION_BODY,
    placeholders=_COMPLAINT_DECISION_FIELDS,
    recipients=(
        "{recipient}",
        "Người giải quyết khiếu nại lần đầu",
        "Cơ quan, tổ chức, cá nhân có quyền, nghĩa vụ liên quan",
    ),
)

#: TT 07/2013/TT-TTCP Art. 5: a disciplinary complaint's acceptance goes to the complainant only.
ACCEPTANCE_DISCIPLINE = TemplateDefault(
    key="letters.acceptance_discipline",
    doc_type=DocumentType.NOTICE,
    title="THÔNG BÁO",
    summary="Về việc thụ lý giải quyết khiếu nại quyết định kỷ luật",
    body=(
        "Kính gửi: {recipient}\n"
        "Ngày {received_on}, {issuer} nhận được đơn khiếu nại quyết định kỷ luật của "
        "{recipient}, địa chỉ: {recipient_address}, với nội dung: {letter_summary}.\n"
        "Căn cứ {legal_basis}, {issuer} đã thụ lý giải quyết khiếu nại từ ngày {accepted_on} "
        "(vụ việc số {case_number}). Thời hạn giải quyết đến hết ngày {due_on}.\n"
        "{issuer} thông báo để {recipient} biết./."
    ),
    placeholders=(
        "recipient",
        "recipient_address",
        "received_on",
        "letter_summary",
        "case_number",
        "accepted_on",
        "due_on",
        "legal_basis",
        "legal_basis_lines",
    ),
    recipients=("{recipient}",),
)

#: Luật Khiếu nại Art. 35; TT 07/2013/TT-TTCP Art. 17, Mẫu 09-KN.
EXECUTION_SUSPENSION = TemplateDefault(
    key="letters.execution_suspension",
    doc_type=DocumentType.DECISION,
    title="QUYẾT ĐỊNH",
    summary="Về việc tạm đình chỉ việc thi hành quyết định hành chính bị khiếu nại",
    body=(
        "{issuing_authority}\n"
        "{legal_basis_lines}\n"
        "Xét thấy việc thi hành quyết định bị khiếu nại ({contested}) sẽ gây hậu quả khó khắc "
        "phục: {grounds}.\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Tạm đình chỉ việc thi hành quyết định nêu trên kể từ ngày {suspended_on}, "
        "chậm nhất đến ngày {ends_by}. Việc tạm đình chỉ được hủy bỏ ngay khi lý do không "
        "còn.\n"
        "Điều 2. Việc giải quyết khiếu nại (vụ việc số {case_number}) vẫn tiếp tục theo thời "
        "hạn đã định.\n"
        "Điều 3. Các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định "
        "này./."
    ),
    placeholders=(
        "contested",
        "grounds",
        "suspended_on",
        "ends_by",
        "case_number",
        "legal_basis",
        "legal_basis_lines",
    ),
    recipients=("Như Điều 3",),
)

#: Luật Khiếu nại Art. 35(3); Mẫu 10-KN.
EXECUTION_LIFT = TemplateDefault(
    key="letters.execution_lift",
    doc_type=DocumentType.DECISION,
    title="QUYẾT ĐỊNH",
    summary="Về việc hủy bỏ quyết định tạm đình chỉ việc thi hành quyết định hành chính",
    body=(
        "{issuing_authority}\n"
        "{legal_basis_lines}\n"
        "Xét thấy lý do tạm đình chỉ việc thi hành quyết định bị khiếu nại ({contested}) không "
        "còn: {reason}.\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Hủy bỏ việc tạm đình chỉ thi hành quyết định nêu trên kể từ ngày {lifted_on}.\n"
        "Điều 2. Các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định "
        "này./."
    ),
    placeholders=(
        "contested",
        "reason",
        "lifted_on",
        "case_number",
        "legal_basis",
        "legal_basis_lines",
    ),
    recipients=("Như Điều 2",),
)

#: Luật Khiếu nại Art. 11(8): the complainant asked to continue within 30 days.
CONTINUATION = TemplateDefault(
    key="letters.continuation",
    doc_type=DocumentType.DECISION,
    title="QUYẾT ĐỊNH",
    summary="Về việc tiếp tục giải quyết khiếu nại (vụ việc số {case_number})",
    body=(
        "{issuing_authority}\n"
        "{legal_basis_lines}\n"
        "Xét đề nghị tiếp tục giải quyết khiếu nại ngày {requested_on}, trong thời hạn kể từ "
        "ngày thông báo đình chỉ.\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Tiếp tục giải quyết vụ việc số {case_number} kể từ ngày {continued_on}. Thời "
        "hạn giải quyết được tính đến hết ngày {new_due_on}.\n"
        "Điều 2. Các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định "
        "này./."
    ),
    placeholders=(
        "case_number",
        "requested_on",
        "continued_on",
        "new_due_on",
        "legal_basis",
        "legal_basis_lines",
    ),
    recipients=("Như Điều 2",),
)

#: Luật Tố cáo Art. 34(4): the person denounced is told of the termination too, never of who
#: denounced them.
TERMINATION_DENOUNCED = TemplateDefault(
    key="letters.termination_denounced",
    doc_type=DocumentType.NOTICE,
    title="THÔNG BÁO",
    summary="Về việc đình chỉ việc giải quyết tố cáo (vụ việc số {case_number})",
    body=(
        "Kính gửi: {denounced}\n"
        "Căn cứ {legal_basis}, {issuer} thông báo việc giải quyết tố cáo đối với vụ việc số "
        "{case_number} đã được đình chỉ. Lý do: {grounds}.\n"
        "{issuer} thông báo để {denounced} biết./."
    ),
    placeholders=("denounced", "case_number", "grounds", "legal_basis", "legal_basis_lines"),
    recipients=("{denounced}",),
)

DENUNCIATION_CONCLUSION = TemplateDefault(
    key="letters.denunciation_conclusion",
    doc_type=DocumentType.CONCLUSION,
    title="KẾT LUẬN",
    summary="Nội dung tố cáo (vụ việc số {case_number})",
    body=(
        "{issuer} đã thụ lý giải quyết tố cáo và tiến hành xác minh nội dung tố cáo đối với vụ "
        "việc số {case_number}. Nội dung tố cáo: {letter_summary}.\n"
        "Theo quy định tại {legal_basis} và trên cơ sở kết quả xác minh, {issuer} kết luận nội "
        "dung tố cáo như sau:\n"
        "1. Kết quả xác minh nội dung tố cáo\n"
        "{findings}\n"
        "2. Kết luận về nội dung tố cáo\n"
        "{conclusion}\n"
        "3. Biện pháp xử lý theo thẩm quyền và kiến nghị\n"
        "{measures}\n"
        "Kết luận này được gửi và công khai theo quy định; thông tin về người tố cáo được giữ bí "
        "mật theo quy định của pháp luật./."
    ),
    placeholders=(
        "case_number",
        "letter_summary",
        "findings",
        "conclusion",
        "measures",
        "legal_basis",
        "legal_basis_lines",
    ),
    recipients=("Người bị tố cáo", "Cơ quan, tổ chức có liên quan"),
)

ANSWER = TemplateDefault(
    key="letters.answer",
    doc_type=DocumentType.OFFICIAL_LETTER,
    title="",
    summary="V/v trả lời phản ánh, kiến nghị",
    body=(
        "Kính gửi: {recipient}\n"
        "Ngày {received_on}, {issuer} nhận được phản ánh, kiến nghị của {recipient}, địa chỉ: "
        "{recipient_address}, với nội dung: {letter_summary}.\n"
        "Sau khi xem xét, theo quy định tại {legal_basis}, {issuer} trả lời như sau:\n"
        "{answer}\n"
        "{issuer} trả lời để {recipient} được biết./."
    ),
    placeholders=(
        "recipient",
        "recipient_address",
        "received_on",
        "letter_summary",
        "answer",
        "legal_basis",
        "legal_basis_lines",
    ),
    recipients=("{recipient}",),
)

VERIFICATION = TemplateDefault(
    key="letters.verification",
    doc_type=DocumentType.DECISION,
    title="QUYẾT ĐỊNH",
    summary="Về việc giao xác minh nội dung vụ việc số {case_number}",
    body=(
        "{issuing_authority}\n"
        "{legal_basis_lines}\n"
        "Căn cứ hồ sơ vụ việc số {case_number}, thụ lý ngày {accepted_on};\n"
        "Xét thấy cần xác minh nội dung: {letter_summary}.\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Giao {verifying_unit} xác minh nội dung vụ việc số {case_number}. Tổ xác minh "
        "gồm: {team_leader}, tổ trưởng; {team_members}.\n"
        "Điều 2. Tổ xác minh có trách nhiệm xác minh, báo cáo kết quả, kết luận và kiến nghị "
        "bằng văn bản trước ngày {verification_due_on}; thời hạn xác minh không vượt quá thời "
        "hạn giải quyết vụ việc ({due_on}).\n"
        "Điều 3. Các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định "
        "này./."
    ),
    placeholders=(
        "case_number", "accepted_on", "letter_summary", "verifying_unit", "team_leader",
        "team_members", "verification_due_on", "due_on", "legal_basis",
        "legal_basis_lines",
    ),
    recipients=("Như Điều 3",),
)  # fmt: skip

ESCALATION = TemplateDefault(
    key="letters.escalation",
    doc_type=DocumentType.OFFICIAL_LETTER,
    title="",
    summary="V/v dừng giải quyết và chuyển hồ sơ vụ việc số {case_number}",
    body=(
        "Kính gửi: {resolving_unit}\n"
        "{legal_basis_lines}\n"
        "Xét thấy: {grounds}.\n"
        "{issuer} yêu cầu {resolving_unit} dừng việc giải quyết vụ việc số {case_number} "
        "(nội dung: {letter_summary}) và chuyển toàn bộ hồ sơ, tài liệu cho {issuer} để giải "
        "quyết theo thẩm quyền. Thời hạn giải quyết được tính lại từ ngày {issuer} thụ lý./."
    ),
    placeholders=(
        "case_number",
        "letter_summary",
        "resolving_unit",
        "grounds",
        "legal_basis",
        "legal_basis_lines",
    ),
    recipients=("{resolving_unit}",),
)

# --- the steps of a denunciation (Luật Tố cáo 2018; NĐ 31/2019/NĐ-CP Art. 9 and its forms) ---
# Only the notices addressed to the denouncer (Mẫu 05, the notice of the conclusion, the
# refusal to resolve again) have a field for them; what the person denounced, their body, the
# investigators and the public receive has none.

DENUNCIATION_ACCEPTANCE_DECISION = TemplateDefault(
    key="letters.denunciation_acceptance",
    doc_type=DocumentType.DECISION,
    title="QUYẾT ĐỊNH",
    summary="Về việc thụ lý tố cáo",
    body=(
        "{legal_basis_lines}\n"
        "Căn cứ kết quả xem xét đơn tố cáo tiếp nhận ngày {received_on};\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Thụ lý tố cáo (vụ việc số {case_number}) kể từ ngày {accepted_on} đối với "
        "{denounced}.\n"
        "Nội dung tố cáo được thụ lý: {letter_summary}.\n"
        "Điều 2. Thời hạn giải quyết tố cáo đến hết ngày {due_on}.\n"
        "Điều 3. Các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định "
        "này./."
    ),
    placeholders=(
        "legal_basis",
        "legal_basis_lines",
        "received_on",
        "case_number",
        "accepted_on",
        "denounced",
        "letter_summary",
        "due_on",
    ),
    recipients=("Như Điều 3",),
)

DENUNCIATION_ACCEPTANCE_NOTICE = TemplateDefault(
    key="letters.denunciation_acceptance_notice",
    doc_type=DocumentType.NOTICE,
    title="THÔNG BÁO",
    summary="Về việc thụ lý tố cáo",
    body=(
        "Kính gửi: {recipient}\n"
        "Ngày {received_on}, {issuer} nhận được đơn tố cáo của {recipient}, địa chỉ: "
        "{recipient_address}.\n"
        "Căn cứ {legal_basis}, ngày {accepted_on} {issuer} đã ban hành quyết định thụ lý tố cáo "
        "(vụ việc số {case_number}) với nội dung: {letter_summary}. Thời hạn giải quyết đến hết "
        "ngày {due_on}.\n"
        "Thông tin về người tố cáo được giữ bí mật theo quy định của pháp luật.\n"
        "{issuer} thông báo để {recipient} biết./."
    ),
    placeholders=(
        "recipient",
        "recipient_address",
        "received_on",
        "legal_basis",
        "accepted_on",
        "case_number",
        "letter_summary",
        "due_on",
    ),
    recipients=("{recipient}",),
)

DENUNCIATION_CONTENT_NOTICE = TemplateDefault(
    key="letters.denunciation_content_notice",
    doc_type=DocumentType.NOTICE,
    title="THÔNG BÁO",
    summary="Về nội dung tố cáo",
    body=(
        "Kính gửi: {denounced}\n"
        "Căn cứ {legal_basis}, ngày {accepted_on} {issuer} đã thụ lý giải quyết tố cáo (vụ việc "
        "số {case_number}).\n"
        "Nội dung tố cáo:\n"
        "{content}\n"
        "Đề nghị {denounced} giải trình bằng văn bản về nội dung bị tố cáo, cung cấp thông tin, "
        "tài liệu, chứng cứ liên quan khi được yêu cầu./."
    ),
    placeholders=("denounced", "legal_basis", "accepted_on", "case_number", "content"),
    recipients=("{denounced}",),
)

DENUNCIATION_CONCLUSION_NOTICE = TemplateDefault(
    key="letters.denunciation_conclusion_notice",
    doc_type=DocumentType.NOTICE,
    title="THÔNG BÁO",
    summary="Về kết luận nội dung tố cáo",
    body=(
        "Kính gửi: {recipient}\n"
        "Căn cứ {legal_basis}, ngày {decided_on} {issuer} đã ban hành kết luận nội dung tố cáo "
        "(vụ việc số {case_number}) mà {recipient} đã tố cáo.\n"
        "Kết luận nội dung tố cáo:\n"
        "{conclusion}\n"
        "{issuer} thông báo để {recipient} biết./."
    ),
    placeholders=("recipient", "legal_basis", "decided_on", "case_number", "conclusion"),
    recipients=("{recipient}",),
)

REPEAT_REFUSAL = TemplateDefault(
    key="letters.denunciation_repeat_refusal",
    doc_type=DocumentType.NOTICE,
    title="THÔNG BÁO",
    summary="Về việc không giải quyết lại tố cáo",
    body=(
        "Kính gửi: {recipient}\n"
        "Ngày {received_on}, {issuer} nhận được đơn tố cáo tiếp của {recipient} đối với vụ việc "
        "số {earlier_case} đã được {earlier_unit} giải quyết.\n"
        "Căn cứ {legal_basis}, sau khi xem xét hồ sơ giải quyết tố cáo trước, {issuer} thấy việc "
        "giải quyết tố cáo trước đó là đúng pháp luật, vì: {reasons}\n"
        "Do đó {issuer} không giải quyết lại tố cáo và thông báo để {recipient} biết./."
    ),
    placeholders=(
        "recipient",
        "received_on",
        "earlier_case",
        "earlier_unit",
        "legal_basis",
        "reasons",
    ),
    recipients=("{recipient}",),
)

CRIME_REFERRAL = TemplateDefault(
    key="letters.crime_referral",
    doc_type=DocumentType.OFFICIAL_LETTER,
    title="",
    summary="V/v chuyển hồ sơ vụ việc tố cáo có dấu hiệu tội phạm",
    body=(
        "Kính gửi: {body_name}\n"
        "{legal_basis_lines}\n"
        "Trong quá trình {stage} (hồ sơ số {reference}), {issuer} phát hiện hành vi bị tố cáo "
        "có dấu hiệu tội phạm: {signs}\n"
        "{issuer} chuyển hồ sơ, tài liệu của vụ việc đến {body_name} để giải quyết theo quy định "
        "của pháp luật về tố tụng hình sự. Thông tin về người tố cáo được giữ bí mật theo quy "
        "định./."
    ),
    placeholders=("body_name", "legal_basis", "legal_basis_lines", "stage", "reference", "signs"),
    recipients=("{body_name}",),
)

# -- the party track (HD 36-HD/VPTW format; DOMAIN.md §5.2, §12.5) --------------------------
# Issued by a party body, so the documents context prints them in the party format: the
# "ĐẢNG CỘNG SẢN VIỆT NAM" line, "Số n-TB/..." numbers, "T/M" / "K/T" signing. Their recipients
# name no state inspectorate. Only the acceptance notice is addressed to the denouncer; the
# conclusion and the discipline decision, which the member denounced receives, have no field
# for a signer of the letter.

PARTY_ACCEPTANCE = TemplateDefault(
    key="letters.party_acceptance",
    doc_type=DocumentType.NOTICE,
    title="THÔNG BÁO",
    summary="Về việc thụ lý giải quyết {letter_kind} đối với đảng viên",
    body=(
        "Kính gửi: {recipient}\n"
        "Ngày {received_on}, {issuer} nhận được đơn {letter_kind} của {recipient}, địa chỉ: "
        "{recipient_address}, với nội dung: {letter_summary}.\n"
        "Căn cứ {legal_basis}, {issuer} đã thụ lý giải quyết đơn nêu trên từ ngày {accepted_on} "
        "(vụ việc số {case_number}). Thời hạn giải quyết đến hết ngày {due_on}.\n"
        "Đề nghị {recipient} phối hợp, cung cấp thông tin, tài liệu liên quan khi được yêu cầu. "
        "Thông tin về người tố cáo được giữ bí mật theo quy định của Đảng.\n"
        "{issuer} thông báo để {recipient} biết./."
    ),
    placeholders=(
        "recipient",
        "recipient_address",
        "letter_kind",
        "received_on",
        "letter_summary",
        "case_number",
        "accepted_on",
        "due_on",
        "legal_basis",
        "legal_basis_lines",
    ),
    recipients=("{recipient}",),
)

PARTY_CONCLUSION = TemplateDefault(
    key="letters.party_conclusion",
    doc_type=DocumentType.CONCLUSION,
    title="KẾT LUẬN",
    summary="Về nội dung {letter_kind} đối với {denounced} (vụ việc số {case_number})",
    body=(
        "{legal_basis_lines}\n"
        "Trên cơ sở kết quả xác minh của {verification_team}, {issuer} kết luận như sau:\n"
        "1. Nội dung đơn: {letter_summary}\n"
        "2. Kết quả xác minh\n"
        "{findings}\n"
        "3. Kết luận\n"
        "{conclusion}\n"
        "4. Đề nghị thi hành kỷ luật\n"
        "{discipline}\n"
        "Thông tin về người tố cáo được giữ bí mật theo quy định của Đảng./."
    ),
    placeholders=(
        "letter_kind",
        "denounced",
        "case_number",
        "verification_team",
        "letter_summary",
        "findings",
        "conclusion",
        "discipline",
        "legal_basis",
        "legal_basis_lines",
    ),
    recipients=(
        "Đảng viên được kết luận",
        "Tổ chức đảng quản lý đảng viên",
        "Cấp ủy cùng cấp (để báo cáo)",
    ),
)

PARTY_DISCIPLINE = TemplateDefault(
    key="letters.party_discipline",
    doc_type=DocumentType.DECISION,
    title="QUYẾT ĐỊNH",
    summary="Về việc thi hành kỷ luật đảng viên {denounced}",
    body=(
        "{legal_basis_lines}\n"
        "Căn cứ Kết luận số {conclusion_number} về vụ việc số {case_number};\n"
        "{issuer_upper}\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Thi hành kỷ luật bằng hình thức {measure} đối với đảng viên {denounced}.\n"
        "{discipline_text}\n"
        "Điều 2. Đảng viên bị thi hành kỷ luật có quyền khiếu nại lên tổ chức đảng cấp trên "
        "trong thời hạn một tháng kể từ ngày nhận quyết định (đến hết ngày {complaint_until}); "
        "trong thời gian khiếu nại vẫn phải chấp hành quyết định (Điều lệ Đảng, Điều 39).\n"
        "Điều 3. Tổ chức đảng quản lý đảng viên và đảng viên có tên tại Điều 1 chịu trách "
        "nhiệm thi hành Quyết định này./."
    ),
    placeholders=(
        "denounced",
        "conclusion_number",
        "case_number",
        "measure",
        "discipline_text",
        "complaint_until",
        "legal_basis",
        "legal_basis_lines",
    ),
    recipients=(
        "Như Điều 3",
        "Cấp ủy cùng cấp (để báo cáo)",
    ),
)

NOTICE_DEFAULTS: Final[tuple[TemplateDefault, ...]] = (
    ACCEPTANCE,
    NON_ACCEPTANCE,
    TRANSFER,
    GUIDANCE,
    EXTENSION,
    SUSPENSION,
    RESUMPTION,
    TERMINATION,
    COMPLAINT_DECISION,
    DENUNCIATION_CONCLUSION,
    ANSWER,
    DENUNCIATION_ACCEPTANCE_DECISION,
    DENUNCIATION_ACCEPTANCE_NOTICE,
    DENUNCIATION_CONTENT_NOTICE,
    DENUNCIATION_CONCLUSION_NOTICE,
    REPEAT_REFUSAL,
    CRIME_REFERRAL,
    VERIFICATION,
    ESCALATION,
    DISCIPLINE_DECISION,
    ACCEPTANCE_DISCIPLINE,
    EXECUTION_SUSPENSION,
    EXECUTION_LIFT,
    CONTINUATION,
    TERMINATION_DENOUNCED,
    PARTY_ACCEPTANCE,
    PARTY_CONCLUSION,
    PARTY_DISCIPLINE,
)
