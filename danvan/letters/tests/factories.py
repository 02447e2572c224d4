"""Test data for the letters context, made through its own services.

Letters are received with ``intake.letter_receive`` (so they get a register number, a deadline,
signers kept apart and a redacted copy, exactly as in production) and moved on with the handling
services. People and units come from the organisations factories. Every person is fictional.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from danvan.accounts.models import User
from danvan.core import calendar
from danvan.letters.choices import Channel, LetterKind, SignatureMethod
from danvan.letters.models import Case, Letter
from danvan.letters.services import handling, intake
from danvan.organizations.matters import MatterType
from danvan.organizations.models import Unit
from danvan.organizations.roles import Position, Role
from danvan.organizations.tests import factories as org

#: A denouncer whose details must never reach a page for someone not allowed to read them.
DENOUNCER = intake.SignerInput(
    full_name="Đoàn Thị Mỹ Hạnh",
    id_number="036188009911",
    phone="0903111222",
    email="myhanh.dt@example.invalid",
    address="Số 7 ngõ 15 phố Lò Đúc",
)
COMPLAINANT = intake.SignerInput(
    full_name="Kiều Văn Thắng",
    id_number="001077004455",
    phone="0977333444",
    email="thang.kv@example.invalid",
    address="Xóm Trại, xã Thử nghiệm",
)


def identity_strings(signer: intake.SignerInput) -> list[str]:
    """The strings of a signer that must not appear where the identity is protected."""
    fields = (signer.full_name, signer.id_number, signer.phone, signer.email, signer.address)
    return [s for s in fields if s]


def png_bytes(colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A small valid PNG picture (the attachment checks decode every picture)."""
    out = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(out, format="PNG")
    return out.getvalue()


def png_upload(name: str = "anh-chup.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


@dataclass
class Office:
    """A unit with one person in each role that matters for letters."""

    unit: Unit
    receiver: User
    handler: User
    other_handler: User
    leader: User
    inspector: User
    people: dict[str, User] = field(default_factory=dict)


def member(unit: Unit, role: Role, user: User | None = None, **fields: Any) -> User:
    person = user or org.UserFactory()
    if fields.get("position") in (Position.HEAD, Position.DEPUTY):
        # A leader's title is the unit's (Chủ tịch, Chủ nhiệm…): empty, the signature block
        # derives it from the kind of unit.
        fields.setdefault("position_title", "")
    org.MembershipFactory(user=person, unit=unit, role=role, **fields)
    return org.fresh(person)


def make_office(name: str = "Ủy ban nhân dân xã Thử nghiệm Đông", **unit_fields: Any) -> Office:
    unit = org.UnitFactory(name=name, **unit_fields)
    return Office(
        unit=unit,
        receiver=member(unit, Role.RECEIVING_OFFICER),
        handler=member(unit, Role.HANDLING_OFFICER),
        other_handler=member(unit, Role.HANDLING_OFFICER),
        leader=member(unit, Role.UNIT_LEADER, position=Position.HEAD),
        inspector=member(unit, Role.INSPECTOR),
    )


def receive(
    unit: Unit,
    actor: Any,
    *,
    kind: str = LetterKind.COMPLAINT,
    signers: list[intake.SignerInput] | None = None,
    subject: str = "Khiếu nại quyết định thu hồi đất",
    content: str = "Đề nghị xem xét lại quyết định thu hồi đất số 15/QĐ-UBND của xã.",
    signed: bool = True,
    received_on: dt.date | None = None,
    **extra: Any,
) -> intake.IntakeResult:
    """A letter received in person and entered by ``actor`` (tracking code and PIN returned)."""
    data = intake.LetterInput(
        unit=unit,
        channel=extra.pop("channel", Channel.IN_PERSON),
        kind=kind,
        subject=subject,
        content=content,
        signers=[COMPLAINANT] if signers is None else signers,
        received_on=received_on,
        signature_method=SignatureMethod.HANDWRITTEN if signed else SignatureMethod.NONE,
        **extra,
    )
    return intake.letter_receive(data=data, actor=actor)


_SURNAMES = ["Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
_PLACES = ["Đông", "Tây", "Nam", "Bắc", "Thượng", "Hạ", "Trung", "Ngoài", "Trong", "Giữa"]
_counter = iter(range(10_000))


def receive_distinct(unit: Unit, actor: Any, n: int, **kwargs: Any) -> list[Letter]:
    """``n`` letters from different (fictional) people about different matters."""
    letters = []
    for _i in range(n):
        i = next(_counter)
        who = intake.SignerInput(
            full_name=f"{_SURNAMES[i % 10]} Văn Thử {i}",
            phone=f"09{i:08d}",
            address=f"Thôn {_PLACES[i % 10]} {i}, xã Thử nghiệm",
        )
        letters.append(
            receive(
                unit,
                actor,
                signers=[who],
                subject=f"Khiếu nại việc số {i}",
                content=f"Hộ gia đình ở thôn {_PLACES[i % 10]} {i} đề nghị xem xét việc số {i}.",
                **kwargs,
            ).letter
        )
    return letters


def denunciation(unit: Unit, actor: Any, **extra: Any) -> Letter:
    """A signed denunciation naming ``DENOUNCER`` in its text (so redaction has work to do)."""
    return receive(
        unit,
        actor,
        kind=LetterKind.DENUNCIATION,
        signers=[DENOUNCER],
        subject="Tố cáo cán bộ địa chính nhận tiền",
        content=(
            "Tôi là Đoàn Thị Mỹ Hạnh, số điện thoại 0903111222, tố cáo ông cán bộ địa chính "
            "xã đã nhận tiền khi làm thủ tục cấp giấy chứng nhận."
        ),
        **extra,
    ).letter


def classify(letter: Letter, actor: Any, **overrides: Any) -> Letter:
    """Classify ``letter`` as within its own unit's competence and eligible."""
    values: dict[str, Any] = {
        "kind": letter.kind,
        "matter": MatterType.STATE,
        "competent_unit": letter.unit,
        "override_reason": "Thuộc thẩm quyền của đơn vị.",
        "summary": "Tóm tắt nội dung đơn.",
    }
    values.update(overrides)
    return handling.letter_classify(
        letter=letter, actor=actor, data=handling.Classification(**values)
    )


def accept(letter: Letter, actor: Any, **kwargs: Any) -> Case:
    """Classify (if needed) and accept ``letter``; returns its case."""
    if letter.status == "received":
        letter = classify(letter, actor)
    kwargs.setdefault("accepted_on", calendar.today_local())
    return handling.letter_accept(letter=letter, actor=actor, **kwargs)


@dataclass
class World:
    """Two unrelated units (``office`` and ``elsewhere``) and a citizen."""

    office: Office
    elsewhere: Office
    citizen: User


def make_world() -> World:
    return World(
        office=make_office(),
        elsewhere=make_office("Ủy ban nhân dân xã Thử nghiệm Tây"),
        citizen=org.UserFactory(),
    )


def docx_text(document: Any) -> str:
    """The text of an issued document's DOCX file: its paragraphs and table cells."""
    from docx import Document

    document.file.open("rb")
    try:
        doc = Document(io.BytesIO(document.file.read()))
    finally:
        document.file.close()
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def copies(letter: Letter, n: int) -> int:
    """``n`` more letters like ``letter`` (the next register numbers of its unit and year, each
    with copies of its signers), written in bulk for the tests that need a long list: they do
    not pass through intake, so they have no deadline, case or search words of their own.
    Returns the highest register number used."""
    from danvan.letters.models import Signer

    row = Letter.objects.filter(pk=letter.pk).values().get()
    signers = list(Signer.objects.filter(letter=letter).values())
    top = (
        Letter.objects.filter(unit_id=letter.unit_id, register_year=letter.register_year)
        .order_by("-register_number")
        .values_list("register_number", flat=True)
        .first()
    ) or 0
    made: list[Letter] = []
    for i in range(1, n + 1):
        fields = {k: v for k, v in row.items() if k != "id"}
        fields.update(register_number=top + i, tracking_code=f"DVT{top + i:010d}")
        made.append(Letter(**fields))
    made = Letter.objects.bulk_create(made, batch_size=2_000)
    Signer.objects.bulk_create(
        [
            Signer(**{**{k: v for k, v in s.items() if k != "id"}, "letter_id": copy.pk})
            for copy in made
            for s in signers
        ],
        batch_size=2_000,
    )
    return top + n
