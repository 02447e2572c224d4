"""Sample letters for the demo, each taken to its stage through the letters context's services.

Every person is fictional. Dates are counted back from today (services refuse dates in the
future), so the work lists always show one letter overdue and one due soon. The city
inspectorate (``hn-thanh-tra``) is the demo's letters office: ``tiepnhan`` registers and
classifies, ``lanhdao`` accepts and decides, ``xuly`` handles the cases; the citizen reception
board (``hn-btcd``) receives feedback and petitions, forwards what belongs elsewhere and splits
mixed letters; ``kiemtra`` supervises both and sees denunciations only without their signers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from django.contrib.auth.models import AnonymousUser

from danvan.accounts.models import User
from danvan.core import calendar
from danvan.core.actors import SYSTEM
from danvan.documents import issuing, pdf
from danvan.documents.errors import DocumentError
from danvan.documents.local_ca import PASSPHRASE
from danvan.documents.models import IssuedDocument
from danvan.letters import deadlines
from danvan.letters.choices import (
    AnonymousOutcome,
    CaseOutcome,
    Channel,
    ComplexityGround,
    ContestedKind,
    IneligibilityGround,
    LetterKind,
    NoteKind,
    SignatureMethod,
)
from danvan.letters.models import Case, Letter
from danvan.letters.services import cases, handling, intake, party
from danvan.organizations.matters import MatterType
from danvan.organizations.models import Field, Province, Unit, Ward

HANOI = "01"
HOAN_KIEM = "00070"

#: The subject of the first sample: when a letter with it exists, the samples were loaded.
MARKER_SUBJECT = "Phản ánh thái độ phục vụ tại bộ phận một cửa"


@dataclass
class SampleResult:
    created: int = 0
    tracking_code: str = ""
    tracking_pin: str = ""


@dataclass
class _World:
    units: dict[str, Unit]
    receiver: User
    handler: User
    leader: User
    today: dt.date
    province: Province | None
    ward: Ward | None
    fields: dict[str, Field]
    people: dict[str, User]

    def issue(self, document: Any, on: dt.date) -> None:
        """The leader signs ``document`` with their key and the clerk issues it with the unit's
        (on paper when LibreOffice, which makes the PDF, is not installed)."""
        if document is None or document.status == "issued":
            return
        if pdf.converter_available() and document.status == "awaiting_signature":
            try:
                issuing.sign_with_key(document, actor=self.leader, passphrase=PASSPHRASE)
            except DocumentError:
                issuing.sign_on_paper(document, actor=SYSTEM)
        elif document.status == "awaiting_signature":
            issuing.sign_on_paper(document, actor=SYSTEM)
        issuing.release(
            IssuedDocument.objects.get(pk=document.pk),
            actor=SYSTEM,
            passphrase=PASSPHRASE,
            issued_on=on,
        )

    def day(self, days_ago: int) -> dt.date:
        """The working day on or before ``days_ago`` days before today."""
        day = self.today - dt.timedelta(days=days_ago)
        while not calendar.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def receive(
        self,
        *,
        unit: str,
        kind: str,
        subject: str,
        content: str,
        received_on: dt.date,
        signers: list[intake.SignerInput],
        channel: str = Channel.IN_PERSON,
        field: str = "",
        in_ward: bool = False,
        signed: bool = True,
        about: str = "",
        publish_consent: bool = False,
    ) -> intake.IntakeResult:
        public = channel == Channel.WEB
        # Paper letters are signed by hand; feedback and petitions from the web need no signature.
        paper_signed = signed and bool(signers) and not public
        method = SignatureMethod.HANDWRITTEN if paper_signed else SignatureMethod.NONE
        result = intake.letter_receive(
            data=intake.LetterInput(
                unit=self.units[unit],
                channel=channel,
                kind=kind,
                subject=subject,
                content=content,
                signers=signers,
                received_on=received_on,
                letter_date=received_on - dt.timedelta(days=2),
                matter=MatterType.STATE,
                field=self.fields.get(field),
                about=about,
                province=self.province,
                ward=self.ward if in_ward else None,
                signature_method=method,
                publish_consent=publish_consent,
            ),
            actor=AnonymousUser() if public else self.receiver,
        )
        return result

    def classify(self, letter: Letter, *, receiver: User | None = None, **changes: Any) -> Letter:
        data = handling.Classification(
            kind=changes.pop("kind", letter.kind),
            matter=letter.matter,
            field=letter.field,
            about=letter.about,
            **changes,
        )
        return handling.letter_classify(letter=letter, actor=receiver or self.receiver, data=data)

    def accept(
        self,
        letter: Letter,
        on: dt.date,
        *,
        redacted: str | None = None,
        receiver: User | None = None,
        head: User | None = None,
        handler: User | None = None,
        **classification: Any,
    ) -> Case:
        """Classify (with the officer's copy without identity, for a denunciation); the head of
        the unit accepts it (DOMAIN.md §12.1d) and assigns the handling officer."""
        head = head or self.leader
        letter = self.classify(
            letter, receiver=receiver, content_redacted=redacted, **classification
        )
        case = handling.letter_accept(letter=letter, actor=head, accepted_on=on)
        return cases.case_assign(case=case, actor=head, handler_ids=[(handler or self.handler).pk])


def _person(name: str, address: str) -> intake.SignerInput:
    """A fictional person known by name and postal address only: the demo sends no messages."""
    return intake.SignerInput(full_name=name, address=address)


#: The logins the samples act as, besides the city inspectorate's three.
_PEOPLE: Final = (
    "btcd_truongban", "phuong_tiepnhan", "phuong_xuly", "phuong_chutich", "thanhpho_tiepnhan",
    "thanhpho_chutich",
)  # fmt: skip


def load_letters(*, units: dict[str, Unit]) -> SampleResult:
    """Create the sample letters unless they exist; returns how many letters were registered and
    the tracking code and PIN of the complaint being resolved."""
    if Letter.objects.filter(subject=MARKER_SUBJECT).exists():
        return SampleResult()
    before = Letter.objects.count()
    world = _World(
        units=units,
        receiver=User.objects.get(username="tiepnhan"),
        handler=User.objects.get(username="xuly"),
        leader=User.objects.get(username="lanhdao"),
        today=calendar.today_local(),
        province=Province.objects.filter(code=HANOI).first(),
        ward=Ward.objects.filter(code=HOAN_KIEM).first(),
        fields={f.code: f for f in Field.objects.all()},
        people={u.username: u for u in User.objects.filter(username__in=_PEOPLE)},
    )
    _feedback_answered_and_rated(world)
    tracked = _complaint_in_progress(world)
    _complaint_unsigned(world)
    _denunciation_extended(world)
    _anonymous_referred(world)
    _complaint_overdue(world)
    _denunciation_published(world)
    _petition_forwarded(world)
    _petition_due_soon(world)
    _mixed_split(world)
    return SampleResult(
        created=Letter.objects.count() - before,
        tracking_code=tracked.tracking_code,
        tracking_pin=tracked.pin,
    )


def _feedback_answered_and_rated(w: _World) -> None:
    result = w.receive(
        unit="hn-thanh-tra",
        kind=LetterKind.FEEDBACK,
        subject=MARKER_SUBJECT,
        content=(
            "Ngày làm thủ tục đăng ký thường trú, tôi phải chờ hơn ba giờ tại bộ phận một cửa "
            "và được yêu cầu nộp thêm giấy tờ không có trong danh mục thủ tục đã niêm yết. "
            "Đề nghị kiểm tra và chấn chỉnh thái độ phục vụ của công chức tiếp nhận hồ sơ."
        ),
        received_on=w.day(45),
        signers=[_person("Hà Minh Tuấn", "Số 21 phố Hàng Bạc, phường Hoàn Kiếm")],
        channel=Channel.WEB,
        field="administrative-civil-service",
        about="Bộ phận một cửa",
        publish_consent=True,
    )
    case = w.accept(result.letter, w.day(43))
    case = cases.case_decide(
        case=case,
        actor=w.leader,
        outcome=CaseOutcome.ANSWERED,
        findings=(
            "Kiểm tra sổ theo dõi và camera tại bộ phận một cửa cho thấy thời gian chờ kéo dài "
            "do thiếu người trực; việc yêu cầu giấy tờ ngoài danh mục là không đúng quy định."
        ),
        conclusion=(
            "Phản ánh là đúng. Đơn vị đã nhắc nhở công chức liên quan, bổ sung người trực vào "
            "giờ cao điểm và niêm yết lại danh mục giấy tờ. Cảm ơn ông đã phản ánh."
        ),
        decided_on=w.day(25),
    )
    w.issue(case.decision_document, w.day(25))
    cases.case_send(case=case, actor=w.handler, sent_on=w.day(24))
    letter = Letter.objects.get(pk=result.letter.pk)
    cases.rating_submit(
        letter=letter, score=4, comment="Trả lời rõ ràng, lần sau tôi được phục vụ nhanh hơn."
    )


def _complaint_in_progress(w: _World) -> intake.IntakeResult:
    result = w.receive(
        unit="hn-ubnd-hoan-kiem",
        kind=LetterKind.COMPLAINT,
        subject="Khiếu nại quyết định thu hồi đất để mở rộng ngõ",
        content=(
            "Tôi không đồng ý với quyết định thu hồi 18 m² đất ở của gia đình để mở rộng ngõ vì "
            "diện tích thu hồi vượt quá chỉ giới đã công bố và mức bồi thường thấp hơn giá đất "
            "cụ thể của khu vực. Đề nghị xem xét lại quyết định và phương án bồi thường."
        ),
        received_on=w.day(14),
        signers=[_person("Nguyễn Văn Khải", "Số 5 ngõ Tạm Thương, phường Hoàn Kiếm")],
        field="administrative-land",
        in_ward=True,
        about="UBND phường Hoàn Kiếm",
    )
    # A complaint against the commune's decision: the commune's chairman resolves it the first
    # time (Luật Khiếu nại Art. 7(1), 17), on the proposal of the commune's receiving officer.
    commune = w.units["hn-ubnd-hoan-kiem"]
    case = w.accept(
        result.letter, w.day(9),
        receiver=w.people["phuong_tiepnhan"], head=w.people["phuong_chutich"],
        handler=w.people["phuong_xuly"], about_unit=commune, competent_unit=commune,
        contested_kind=ContestedKind.DECISION, contested_number="125/QĐ-UBND",
        contested_date=w.day(40), contested_issuer="Chủ tịch UBND phường Hoàn Kiếm",
    )  # fmt: skip
    cases.case_note_add(
        case=case,
        actor=w.people["phuong_xuly"],
        kind=NoteKind.VERIFICATION,
        occurred_on=w.day(3),
        place="Ngõ Tạm Thương, phường Hoàn Kiếm",
        participants="Đoàn xác minh; cán bộ địa chính phường; người khiếu nại",
        text=(
            "Đo đạc lại hiện trạng: phần đất bị thu hồi là 18 m², trong đó 3 m² nằm ngoài chỉ "
            "giới mở đường đã công bố. Đề nghị phường cung cấp hồ sơ định giá bồi thường."
        ),
    )
    # The same person writes again about the same decision: linked as a duplicate and filed.
    again = w.receive(
        unit="hn-ubnd-hoan-kiem",
        kind=LetterKind.COMPLAINT,
        subject="Khiếu nại quyết định thu hồi đất để mở rộng ngõ (gửi lại)",
        content=(
            "Tôi không đồng ý với quyết định thu hồi 18 m² đất ở của gia đình để mở rộng ngõ vì "
            "diện tích thu hồi vượt quá chỉ giới đã công bố và mức bồi thường thấp hơn giá đất "
            "cụ thể của khu vực. Đề nghị xem xét lại quyết định và phương án bồi thường. "
            "Tôi gửi lại đơn để đề nghị giải quyết sớm."
        ),
        received_on=w.day(4),
        signers=[_person("Nguyễn Văn Khải", "Số 5 ngõ Tạm Thương, phường Hoàn Kiếm")],
        field="administrative-land",
        in_ward=True,
        channel=Channel.POST,
    )
    handling.letter_archive(
        letter=again.letter,
        actor=w.people["phuong_chutich"],
        reason=(
            f"Trùng nội dung với đơn số {result.letter.register_label} đang được giải quyết, "
            "không có tình tiết mới."
        ),
    )
    return result


def _complaint_unsigned(w: _World) -> None:
    result = w.receive(
        unit="hn-thanh-tra",
        kind=LetterKind.COMPLAINT,
        subject="Khiếu nại việc xử phạt vi phạm hành chính về trật tự xây dựng",
        content=(
            "Đề nghị hủy quyết định xử phạt vì công trình cơi nới ban công của gia đình đã có từ "
            "trước khi ban hành quy định hiện hành."
        ),
        received_on=w.day(20),
        signers=[_person("Phan Thị Hồng", "Số 40 phố Hàng Gai, phường Hoàn Kiếm")],
        channel=Channel.POST,
        field="administrative-construction",
        signed=False,
    )
    letter = w.classify(
        result.letter,
        eligible=False,
        ineligibility_ground=IneligibilityGround.KN_UNSIGNED,
    )
    handling.letter_not_accept(
        letter=letter,
        actor=w.leader,
        ground=IneligibilityGround.KN_UNSIGNED,
        note="Đơn gửi qua bưu điện, không có chữ ký hoặc điểm chỉ của người khiếu nại.",
    )


def _denunciation_extended(w: _World) -> None:
    result = w.receive(
        unit="hn-thanh-tra",
        kind=LetterKind.DENUNCIATION,
        subject="Tố cáo cán bộ nhận tiền khi cấp phép sửa chữa nhà",
        content=(
            "Tôi là Đặng Quốc Lực, trú tại số 9 phố Hàng Mành. Tôi tố cáo một cán bộ phụ trách "
            "cấp phép xây dựng đã yêu cầu gia đình tôi và hai hộ lân cận đưa tiền mới giải quyết "
            "hồ sơ sửa chữa nhà. Tôi có ghi âm và tin nhắn làm bằng chứng."
        ),
        received_on=w.day(50),
        signers=[_person("Đặng Quốc Lực", "Số 9 phố Hàng Mành, phường Hoàn Kiếm")],
        field="corruption",
        about="Cán bộ phụ trách cấp phép xây dựng",
    )
    case = w.accept(
        result.letter,
        w.day(42),
        redacted=(
            "Tôi là [đã xóa thông tin], trú tại [đã xóa]. Tôi tố cáo một cán bộ phụ trách cấp "
            "phép xây dựng đã yêu cầu gia đình tôi và hai hộ lân cận đưa tiền mới giải quyết hồ "
            "sơ sửa chữa nhà. Tôi có ghi âm và tin nhắn làm bằng chứng."
        ),
    )
    case = cases.case_set_complexity(
        case=case,
        actor=w.leader,
        grounds=[ComplexityGround.SEVERAL_PLACES],
        reason="Phải xác minh tại ba hộ gia đình và tại bộ phận cấp phép.",
    )
    cases.case_extend(
        case=case,
        actor=w.leader,
        days=30,
        decided_on=w.day(14),
        reason="Cần thêm thời gian giám định bản ghi âm và làm việc với các hộ liên quan.",
    )


def _anonymous_referred(w: _World) -> None:
    result = w.receive(
        unit="hn-thanh-tra",
        kind=LetterKind.DENUNCIATION,
        subject="Thông tin về việc chia thầu gói sửa chữa trường học",
        content=(
            "Gói thầu sửa chữa mái và nhà vệ sinh một trường tiểu học trong phường được chia nhỏ "
            "để chỉ định thầu cho cùng một công ty. Có thể đối chiếu hồ sơ các gói thầu năm nay."
        ),
        received_on=w.day(16),
        signers=[],
        channel=Channel.POST,
        field="corruption",
        about="Ban quản lý dự án của phường",
    )
    letter = w.classify(result.letter, anonymous=True)
    handling.letter_route_anonymous(
        letter=letter,
        actor=w.leader,
        outcome=AnonymousOutcome.INSPECT,
        reason=(
            "Đơn không ký tên nhưng nêu cụ thể gói thầu và có thể kiểm tra được: đưa vào kế "
            "hoạch kiểm tra việc đấu thầu (Luật Tố cáo 2018, Điều 25)."
        ),
    )


def _complaint_overdue(w: _World) -> None:
    result = w.receive(
        unit="hn-thanh-tra",
        kind=LetterKind.COMPLAINT,
        subject="Khiếu nại việc từ chối cấp giấy phép kinh doanh hộ cá thể",
        content=(
            "Hồ sơ đăng ký hộ kinh doanh của tôi bị trả lại mà không nêu lý do bằng văn bản. "
            "Đề nghị xem xét lại việc từ chối."
        ),
        received_on=w.day(35),
        signers=[_person("Lương Thị Thu", "Số 3 phố Hàng Đào, phường Hoàn Kiếm")],
        field="administrative-procedures",
    )
    w.classify(result.letter)  # classified, then left waiting: its deadline has passed


def _denunciation_published(w: _World) -> None:
    result = w.receive(
        unit="hn-thanh-tra",
        kind=LetterKind.DENUNCIATION,
        subject="Tố cáo việc thu tiền trông giữ xe trái quy định",
        content=(
            "Tôi là Trịnh Thị Loan, ở số 14 phố Lò Sũ. Bãi trông giữ xe cạnh chợ thu giá cao gấp "
            "đôi mức giá được duyệt, không đưa vé. Tôi đề nghị thanh tra và xử lý."
        ),
        received_on=w.day(90),
        signers=[_person("Trịnh Thị Loan", "Số 14 phố Lò Sũ, phường Hoàn Kiếm")],
        field="corruption",
        about="Đơn vị trông giữ xe cạnh chợ",
    )
    case = w.accept(
        result.letter,
        w.day(84),
        redacted=(
            "Tôi là [đã xóa thông tin], ở [đã xóa]. Bãi trông giữ xe cạnh chợ thu giá cao gấp "
            "đôi mức giá được duyệt, không đưa vé. Tôi đề nghị thanh tra và xử lý."
        ),
    )
    cases.case_note_add(
        case=case,
        actor=w.handler,
        kind=NoteKind.VERIFICATION,
        occurred_on=w.day(70),
        text="Kiểm tra đột xuất bãi xe: thu 10.000 đồng mỗi lượt xe máy, giá duyệt 5.000 đồng.",
    )
    conclusion = (
        "Nội dung tố cáo là đúng một phần: đơn vị trông giữ xe thu giá cao hơn mức được duyệt và "
        "không giao vé. Yêu cầu hoàn trả tiền thu sai, xử phạt vi phạm hành chính và chấm dứt "
        "hợp đồng nếu tái phạm."
    )
    case = cases.case_decide(
        case=case,
        actor=w.leader,
        outcome=CaseOutcome.PARTLY_UPHELD,
        findings="Kiểm tra đột xuất và đối chiếu hợp đồng cho thuê bãi xe.",
        conclusion=conclusion,
        decided_on=w.day(60),
    )
    w.issue(case.decision_document, w.day(60))
    cases.case_send(case=case, actor=w.handler, sent_on=w.day(59))
    starts = w.day(7)
    cases.publication_create(
        case=case,
        actor=w.leader,
        title="Kết luận nội dung tố cáo về việc thu tiền trông giữ xe cạnh chợ",
        text=conclusion,
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=30),
    )


def _petition_forwarded(w: _World) -> None:
    result = w.receive(
        unit="hn-btcd",
        kind=LetterKind.PETITION,
        subject="Kiến nghị lắp đèn chiếu sáng ngõ Hội Vũ",
        content=(
            "Ngõ dài khoảng 200 m nhưng chỉ có hai bóng đèn, buổi tối rất tối và đã xảy ra trộm "
            "cắp. Kiến nghị lắp thêm đèn chiếu sáng công cộng."
        ),
        received_on=w.day(6),
        signers=[_person("Cao Văn Hiếu", "Số 2 ngõ Hội Vũ, phường Hoàn Kiếm")],
        channel=Channel.WEB,
        field="administrative-construction",
        in_ward=True,
    )
    letter = w.classify(result.letter)  # routing proposes the ward's People's Committee
    handling.letter_forward(
        letter=letter,
        actor=w.people["btcd_truongban"],
        to_unit=letter.competent_unit,
        reason="Chiếu sáng ngõ, phố thuộc thẩm quyền quản lý của Ủy ban nhân dân phường.",
    )


def _petition_due_soon(w: _World) -> None:
    rule = deadlines.rule_in_effect("processing.petition", w.today)
    limit = calendar.add_working_days(w.today, 2)
    received = w.today
    while deadlines.due_date(rule, received) > limit:
        received -= dt.timedelta(days=1)
    w.receive(
        unit="hn-btcd",
        kind=LetterKind.PETITION,
        subject="Kiến nghị bố trí thêm điểm thu gom rác thải tái chế",
        content=(
            "Khu phố chưa có điểm thu gom riêng rác thải tái chế. Kiến nghị bố trí thêm thùng "
            "phân loại và thông báo lịch thu gom."
        ),
        received_on=received,
        signers=[_person("Tạ Thị Bình", "Số 17 phố Hàng Chiếu")],
        channel=Channel.POST,
        field="administrative-environment",
    )


def _mixed_split(w: _World) -> None:
    result = w.receive(
        unit="hn-btcd",
        kind=LetterKind.MIXED,
        subject="Đơn phản ánh tiếng ồn và khiếu nại quyết định xử phạt",
        content=(
            "Thứ nhất, quán karaoke đầu ngõ hoạt động quá 23 giờ, gây ồn. Thứ hai, tôi khiếu nại "
            "quyết định xử phạt tôi vì để xe trên vỉa hè trước nhà mình."
        ),
        received_on=w.day(2),
        signers=[_person("Mạc Văn Đông", "Số 11 phố Hàng Buồm")],
    )
    handling.letter_split(
        letter=result.letter,
        actor=w.receiver,
        parts=[
            handling.Part(
                kind=LetterKind.FEEDBACK,
                subject="Phản ánh tiếng ồn từ quán karaoke sau 23 giờ",
                content="Quán karaoke đầu ngõ hoạt động quá 23 giờ, gây ồn.",
            ),
            handling.Part(
                kind=LetterKind.COMPLAINT,
                subject="Khiếu nại quyết định xử phạt để xe trên vỉa hè",
                content="Khiếu nại quyết định xử phạt vì để xe trên vỉa hè trước nhà mình.",
            ),
        ],
    )


#: The subject of the party track's first sample: when it exists, they were loaded.
PARTY_MARKER_SUBJECT = "Tố cáo đảng viên nhận tiền khi xét duyệt hồ sơ"


def load_party_letters(*, units: dict[str, Unit]) -> int:
    """The party track's samples at the city party committee's inspection committee: a signed
    party denunciation, accepted by the chairman and being verified, and an anonymous party
    letter in the inspection-information queue (DOMAIN.md §12.5). Returns how many letters."""
    if Letter.objects.filter(subject=PARTY_MARKER_SUBJECT).exists():
        return 0
    unit = units["hn-ubkt"]
    receiver = User.objects.get(username="ubkt_tiepnhan")
    chairman = User.objects.get(username="ubkt_chunhiem")
    today = calendar.today_local()
    day = today - dt.timedelta(days=12)
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)

    def receive(subject: str, content: str, signers: list[intake.SignerInput]) -> Letter:
        return intake.letter_receive(
            data=intake.LetterInput(
                unit=unit, channel=Channel.POST, kind=LetterKind.DENUNCIATION, subject=subject,
                content=content, signers=signers, received_on=day,
                letter_date=day - dt.timedelta(days=2), matter=MatterType.PARTY,
                signature_method=(
                    SignatureMethod.HANDWRITTEN if signers else SignatureMethod.NONE
                ),
            ),
            actor=receiver,
        ).letter  # fmt: skip

    def classify(letter: Letter, summary: str, denounced: str = "") -> Letter:
        return handling.letter_classify(
            letter=letter, actor=receiver,
            data=handling.Classification(
                kind=LetterKind.DENUNCIATION, matter=MatterType.PARTY, competent_unit=unit,
                summary=summary, denounced_name=denounced, anonymous=letter.anonymous,
            ),
        )  # fmt: skip

    named = receive(
        PARTY_MARKER_SUBJECT,
        "Tôi tố cáo một đảng viên là cán bộ phòng chuyên môn đã nhận tiền của người dân khi "
        "xét duyệt hồ sơ, vi phạm quy định về những điều đảng viên không được làm.",
        [_person("Tạ Minh Phúc", "Số 21 phố Thử Nghiệm, phường Hoàn Kiếm")],
    )
    named = classify(named, "Tố cáo đảng viên nhận tiền khi xét duyệt hồ sơ", "Đảng viên N.V.T.")
    party_case = party.letter_to_party_track(letter=named, actor=receiver)
    party_case = party.party_accept(party_case=party_case, actor=chairman, accepted_on=day)
    party.party_verify(
        party_case=party_case, actor=chairman, team="Tổ xác minh của Ủy ban Kiểm tra Thành ủy",
        started_on=today,
    )  # fmt: skip
    anonymous = receive(
        "Thông tin về đảng viên sử dụng xe công vào việc riêng",
        "Một đảng viên lãnh đạo phòng thường dùng xe công đưa đón người nhà vào cuối tuần; có "
        "thể đối chiếu sổ theo dõi xe.",
        [],
    )
    anonymous = classify(anonymous, "Thông tin về việc sử dụng xe công")
    party.letter_to_party_track(letter=anonymous, actor=receiver)
    return 2
