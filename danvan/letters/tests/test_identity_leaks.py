"""The leak matrix: a denouncer's identity reaches nobody the law does not allow (Luật Tố cáo
2018 Arts. 8(3), 9(1)(b), 47, 56; NĐ 31/2019 Arts. 5, 10).

Scenarios are built with the real services, each with a fictional denouncer of a distinctive name,
and with staff-written texts that name the denouncer (a case note, a verification report, the
conclusion's findings and measures, a handling note, a proposal's reasons). Every page of the URL
conf under the staff area, the public site, the document downloads, the case file, the proposals,
the audit views and the admin site is generated from ``django.urls.get_resolver()``, its keyword
arguments filled from the scenario objects by name, and read by one viewer per role and relation.
Exports, issued documents and the case file are opened (openpyxl, python-docx, pypdf) and their text
searched; the messages queued and the e-mails sent are searched too.

Who may read the identity is computed here from the law's rule, from the viewer's relation to the
case, not by asking ``policies.can_view_identity``: the receiving officers (and the leaders, who
register letters too) while the letter is being registered and classified; then the handlers
assigned to the case, its active verifiers and the head who resolves it; never the person
denounced; no one for being a superuser or an administrator. The denouncer themselves may read it.

The page crawl runs once per module (a module-scoped fixture inside one rolled-back transaction);
each test asserts one kind of failure and reports every failure at once.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.core import mail
from django.db import transaction
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from danvan.accounts.models import User
from danvan.core import calendar
from danvan.core.models import AuditEntry
from danvan.core.text import fold
from danvan.documents.models import IssuedDocument
from danvan.letters import policies
from danvan.letters.choices import (
    AnonymousOutcome,
    Channel,
    LetterKind,
    NoteKind,
    PublicationForm,
    Tie,
)
from danvan.letters.models import Attachment, Case, Letter
from danvan.letters.services import cases, denunciations, handling, intake, verification
from danvan.letters.services.paperwork import addressee_signer
from danvan.letters.states import OPEN_LETTER_STATUSES
from danvan.letters.tests import factories as lf
from danvan.letters.views.public import CONFIRMED_KEY
from danvan.notifications.models import Message
from danvan.organizations.models.units import UnitKind
from danvan.organizations.roles import Position, Role
from danvan.organizations.tests import factories as org
from danvan.workflow import proposals
from danvan.workflow.models import Proposal, ProposalAttachment, StaffNotification

TODAY = calendar.today_local

# The marker makes pytest-django create the test database the module fixture builds on.
pytestmark = pytest.mark.django_db


# --- the denouncers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A fictional denouncer; ``title`` is how staff write of them ("bà Xuyến")."""

    full_name: str
    title: str
    id_number: str
    phone: str
    address: str
    email: str

    def signer(self, user: User | None = None) -> intake.SignerInput:
        """As registered: the telephone without its spaces (the intake refuses "0912 345 678"
        with ``AddressInvalid`` from the notifications when it sends the receipt); the texts
        write it spaced, as people do."""
        return intake.SignerInput(
            full_name=self.full_name, id_number=self.id_number, phone=_digits(self.phone),
            email=self.email, address=self.address, user_id=user.pk if user else None,
        )  # fmt: skip

    def needles(self) -> dict[str, str]:
        """The identifiers searched for, folded (numbers as bare digits)."""
        given = self.full_name.split()[-1]
        street = self.address.split(",")[0]
        return {
            "name": fold(self.full_name),
            "titled given name": fold(f"{self.title} {given}"),
            "CCCD": _digits(self.id_number),
            "phone": _digits(self.phone),
            "address": fold(street),
        }


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


#: The telephones avoid 0912345678, the example the public form gives.
PEOPLE = {
    "a": Person("Lò Thị Xuyến", "bà", "001085012345", "0912 345 687",
                "Số 14 phố Lò Sũ, phường Hoàn Kiếm", "xuyen.lt@example.invalid"),
    "a2": Person("Hà Văn Khuyên", "ông", "002086023456", "0913 456 789",
                 "Số 27 ngõ Tạm Thương, phường Hàng Bông", "khuyen.hv@example.invalid"),
    "b1": Person("Đinh Thị Quyên", "bà", "003087034567", "0914 567 890",
                 "Số 9 phố Hàng Chĩnh, phường Hoàn Kiếm", "quyen.dt@example.invalid"),
    "b2": Person("Vi Văn Thoòng", "ông", "004088045678", "0915 678 901",
                 "Số 33 phố Ngõ Gạch, phường Hoàn Kiếm", "thoong.vv@example.invalid"),
    "c": Person("Lương Thị Nhâm", "bà", "005089056789", "0916 789 012",
                "Số 5 phố Hàng Vải, phường Hoàn Kiếm", "nham.lt@example.invalid"),
    "d": Person("Triệu Văn Sáng", "ông", "006090067890", "0917 890 123",
                "Số 18 phố Gia Ngư, phường Hoàn Kiếm", "sang.tv@example.invalid"),
    "e": Person("Mông Thị Dìn", "bà", "007091078901", "0918 901 234",
                "Số 41 phố Hàng Thiếc, phường Hoàn Kiếm", "din.mt@example.invalid"),
}  # fmt: skip

SCENARIOS = {
    "a": "denunciation walked to its conclusion and publication",
    "a2": "denunciation under verification",
    "b1": "mixed letter with a denunciation part, before its split",
    "b2": "mixed letter with a denunciation part, after its split",
    "c": "feedback re-classified as a denunciation",
    "d": "denunciation marked duplicate of the same person's earlier named feedback",
    "e": "anonymous information with denunciation content, routed",
}


def _names_text(p: Person) -> str:
    """A sentence of the kind staff write, naming the denouncer by every identifier."""
    given = p.full_name.split()[-1]
    return (
        f"Làm việc với người tố cáo là {p.title} {p.full_name} (CCCD {p.id_number}, điện thoại "
        f"{p.phone}, trú tại {p.address}); {p.title} {given} cung cấp thêm chứng từ."
    )


def _letter_text(p: Person) -> str:
    return (
        f"Tôi là {p.full_name}, số điện thoại {p.phone}, địa chỉ {p.address}, tố cáo ông cán bộ "
        "địa chính xã đã nhận tiền khi làm thủ tục cấp giấy chứng nhận."
    )


# --- the world ------------------------------------------------------------------------------------


@dataclass
class Scenario:
    key: str
    person: Person
    letters: list[Letter]  # every letter carrying this denouncer's identity
    main: Letter  # the letter whose page an allowed reader opens
    case: Case | None = None
    handlers: set[int] = field(default_factory=set)
    verifiers: set[int] = field(default_factory=set)  # on an active team of an open case
    excluded_pks: set[int] = field(default_factory=set)  # letters that may show the identity
    link_needles: dict[str, str] = field(default_factory=dict)  # checked on ``excluded_pks``
    not_built: list[str] = field(default_factory=list)
    tracking: tuple[str, str] | None = None


@dataclass
class World:
    viewers: dict[str, User | None]
    scenarios: dict[str, Scenario]
    roles: dict[str, set[str]]  # viewer -> the roles they hold in the letters' unit


def _intake_viewers(world: World) -> set[str]:
    """Those who register and classify the unit's letters (Role.RECEIVING_OFFICER; the unit's
    leaders enter letters too)."""
    return {
        v for v, roles in world.roles.items()
        if roles & {Role.RECEIVING_OFFICER, Role.UNIT_LEADER}
    }  # fmt: skip


def allowed(world: World, viewer: str, s: Scenario) -> bool | None:
    """Whether ``viewer`` may read the identity of ``s`` (None: the denouncer themselves)."""
    if viewer == "signer":
        return None
    user = world.viewers[viewer]
    if user is None or viewer == "denounced":
        return False
    if s.case is None:
        if s.main.status in OPEN_LETTER_STATUSES:
            return viewer in _intake_viewers(world)
        return False  # filed or routed: nobody reads it for having read it before
    return viewer == "head" or user.pk in s.handlers or user.pk in s.verifiers


def _build(world_out: dict[str, Any]) -> World:
    province = lf.make_office("Ủy ban nhân dân tỉnh Thử nghiệm Rò rỉ")
    unit = org.UnitFactory(name="Ủy ban nhân dân xã Thử nghiệm Rò rỉ")
    org.UnitLinkFactory(parent=province.unit, child=unit)
    inspectorate = org.UnitFactory(name="Thanh tra xã Thử nghiệm Rò rỉ", kind=UnitKind.INSPECTORATE)
    org.UnitLinkFactory(parent=unit, child=inspectorate)

    roles: dict[str, set[str]] = {}

    def person(name: str, *memberships: tuple[Any, Role, str]) -> User:
        user = org.UserFactory()
        for u, role, position in memberships:
            org.MembershipFactory(user=user, unit=u, role=role, position=position)
            if u == unit:
                roles.setdefault(name, set()).add(role)
        roles.setdefault(name, set())
        return org.fresh(user)

    staff = Position.STAFF
    viewers: dict[str, User | None] = {
        f"role:{r.value}": person(f"role:{r.value}", (unit, r, staff)) for r in Role
    }
    viewers["head"] = person("head", (unit, Role.UNIT_LEADER, Position.HEAD))
    viewers["assigned handler"] = person("assigned handler", (unit, Role.HANDLING_OFFICER, staff))
    viewers["verifier"] = person("verifier", (inspectorate, Role.INSPECTOR, staff))
    second_verifier = person("second verifier", (inspectorate, Role.INSPECTOR, staff))
    roles.pop("second verifier")
    viewers["inspector above"] = person("inspector above", (province.unit, Role.INSPECTOR, staff))
    viewers["denounced"] = person("denounced", (unit, Role.HANDLING_OFFICER, staff))
    superuser = org.UserFactory()
    superuser.is_superuser = True
    superuser.is_staff = True
    superuser.save()
    viewers["superuser"] = org.fresh(superuser)
    roles["superuser"] = set()
    viewers["citizen"] = person("citizen")
    viewers["signer"] = person("signer")
    viewers["anonymous"] = None
    roles["anonymous"] = set()
    world = World(viewers=viewers, scenarios={}, roles=roles)

    receiver = viewers[f"role:{Role.RECEIVING_OFFICER.value}"]
    head = viewers["head"]
    handler = viewers["assigned handler"]
    verifier = viewers["verifier"]
    denounced = viewers["denounced"]
    assert receiver is not None
    assert head is not None
    assert handler is not None
    assert verifier is not None
    assert denounced is not None

    def receive(p: Person, kind: str, *, user: User | None = None, **extra: Any) -> Any:
        extra.setdefault("subject", "Tố cáo cán bộ địa chính nhận tiền")
        extra.setdefault("content", _letter_text(p))
        return lf.receive(unit, receiver, kind=kind, signers=[p.signer(user)], **extra)

    def classify(letter: Letter, **overrides: Any) -> Letter:
        overrides.setdefault("denounced_name", "Ông Phạm Văn Địa")
        overrides.setdefault("denounced_position", "Công chức địa chính")
        overrides.setdefault("denounced_user", denounced)
        overrides.setdefault("about_unit", unit)
        # A denunciation's summary naming the denouncer is refused by the classification.
        overrides.setdefault("summary", "Tố cáo cán bộ địa chính nhận tiền.")
        return lf.classify(letter, receiver, **overrides)

    def open_case(letter: Letter, p: Person) -> Case:
        case = handling.letter_accept(
            letter=letter, actor=head, accepted_on=TODAY(), new_facts=True
        )
        case = cases.case_assign(case=case, actor=head, handler_ids=[handler.pk])
        cases.case_note_add(
            case=case, actor=handler, kind=NoteKind.VERIFICATION, occurred_on=TODAY(),
            text=_names_text(p), participants=f"{p.title} {p.full_name}",
        )  # fmt: skip
        return case

    def verify(case: Case, p: Person) -> Case:
        """The handler proposes verification (reasons naming the denouncer), the head approves;
        the team declares and its leader reports, naming the denouncer."""
        proposal = proposals.propose(
            actor=handler, reasons=f"Cần xác minh thêm. {_names_text(p)}", obj=case,
            move_key="verify", files=[lf.png_upload("bien-ban.png")],
            changes={
                "unit": inspectorate.pk, "leader": verifier.pk, "members": [second_verifier.pk],
                "assigned_on": TODAY().isoformat(), "due_on": case.due_on.isoformat(),
            },
        )  # fmt: skip
        proposals.approve(proposal=proposal, actor=head)
        case = Case.objects.get(pk=case.pk)
        verification.case_declare(case=case, actor=verifier, tie=Tie.NONE)
        case = Case.objects.get(pk=case.pk)
        verification.case_declare(case=case, actor=second_verifier, tie=Tie.NONE)
        case = Case.objects.get(pk=case.pk)
        verification.case_report(
            case=case, actor=verifier, subject="Nội dung tố cáo cán bộ địa chính",
            verified_from=TODAY(), verified_to=TODAY(), content=_names_text(p),
            result=f"Có việc nhận tiền như {p.title} {p.full_name.split()[-1]} trình bày.",
            conclusion="Tố cáo đúng một phần.", recommendation="Kiến nghị xử lý kỷ luật.",
        )  # fmt: skip
        return Case.objects.get(pk=case.pk)

    def step(s: Scenario, what: str, fn: Any) -> Any:
        """A step the services may refuse today: the refusal is noted, the data kept."""
        try:
            with transaction.atomic():
                return fn()
        except Exception as exc:
            s.not_built.append(f"{what}: {type(exc).__name__}: {exc}")
            return None

    # (a) received, classified, accepted, assigned, verified, concluded, measures, published.
    p = PEOPLE["a"]
    got = receive(p, LetterKind.DENUNCIATION, user=viewers["signer"],
                  attachments=[lf.png_upload("don-to-cao.png")])  # fmt: skip
    letter = classify(got.letter)
    s = Scenario("a", p, [letter], letter, tracking=(got.tracking_code, got.pin))
    case = open_case(letter, p)
    s.case, s.handlers = case, {handler.pk}
    case = step(s, "verification", lambda: verify(case, p)) or case
    decided = step(s, "conclusion", lambda: cases.case_decide(
        case=Case.objects.get(pk=case.pk), actor=head, outcome="upheld",
        findings=f"Đã xác minh tại xã. {_names_text(p)}", conclusion="Nội dung tố cáo là đúng.",
        measures=f"Bảo vệ vị trí công tác của {p.title} {p.full_name}.",
    ))  # fmt: skip
    if decided is not None:
        case = decided
        step(s, "measure", lambda: denunciations.measure_add(
            case=case, actor=head, what=f"Kiểm điểm; thông báo cho {p.title} {p.full_name}",
            responsible="Chủ tịch UBND xã",
        ))  # fmt: skip
        step(s, "publication", lambda: cases.publication_create(
            case=Case.objects.get(pk=case.pk), actor=head, title="Kết luận nội dung tố cáo",
            text="Nội dung tố cáo là đúng.", starts_on=TODAY(), form=PublicationForm.PORTAL,
        ))  # fmt: skip
    s.case = Case.objects.get(pk=case.pk)
    world.scenarios["a"] = s

    # (a2) the same walk stopped while the team verifies: the verifier reads the identity.
    p = PEOPLE["a2"]
    got = receive(p, LetterKind.DENUNCIATION, subject="Tố cáo cán bộ tư pháp xã nhận tiền")
    letter = classify(got.letter)
    s = Scenario("a2", p, [letter], letter, tracking=(got.tracking_code, got.pin))
    case = open_case(letter, p)
    s.case, s.handlers = case, {handler.pk}
    if step(s, "verification", lambda: verify(case, p)) is not None:
        s.verifiers = {verifier.pk, second_verifier.pk}
    s.case = Case.objects.get(pk=case.pk)
    world.scenarios["a2"] = s

    # (b1) a mixed letter, received and classified, not split yet.
    p = PEOPLE["b1"]
    got = receive(p, LetterKind.MIXED, subject="Khiếu nại và tố cáo về đất đai",
                  content=f"Khiếu nại quyết định thu hồi đất; {_letter_text(p)}")  # fmt: skip
    s = Scenario("b1", p, [got.letter], got.letter, tracking=(got.tracking_code, got.pin))
    # A mixed letter is protected from registration: its summary may name no signer (the
    # classification refuses one that does), so the officer's summary is written without.
    letter = step(s, "classification of the mixed letter", lambda: lf.classify(
        got.letter, receiver, summary="Khiếu nại và tố cáo về đất đai",
    ))  # fmt: skip
    s.letters = [Letter.objects.get(pk=got.letter.pk)]
    s.main = s.letters[0]
    world.scenarios["b1"] = s

    # (b2) a mixed letter split into its complaint and its denunciation.
    p = PEOPLE["b2"]
    got = receive(p, LetterKind.MIXED, subject="Khiếu nại và tố cáo về xây dựng",
                  content=f"Khiếu nại quyết định xử phạt; {_letter_text(p)}")  # fmt: skip
    s = Scenario("b2", p, [got.letter], got.letter, tracking=(got.tracking_code, got.pin))
    parts = step(s, "split", lambda: handling.letter_split(
        letter=got.letter, actor=receiver, parts=[
            handling.Part(
                LetterKind.COMPLAINT, "Khiếu nại", f"Khiếu nại quyết định. {_names_text(p)}"
            ),
            handling.Part(LetterKind.DENUNCIATION, "Tố cáo", f"Tố cáo cán bộ. {_names_text(p)}"),
        ],
    ))  # fmt: skip
    s.letters = [Letter.objects.get(pk=got.letter.pk), *(parts or [])]
    part = next((x for x in parts or [] if x.kind == LetterKind.DENUNCIATION), None)
    if part is not None:
        classified = step(s, "classification of the denunciation part", lambda: classify(part))
        s.main = classified or part
        s.letters = [Letter.objects.get(pk=x.pk) for x in s.letters]
    world.scenarios["b2"] = s

    # (c) registered as feedback, then re-classified as a denunciation and accepted.
    p = PEOPLE["c"]
    got = receive(p, LetterKind.FEEDBACK, subject="Phản ánh cán bộ địa chính",
                  content=f"Tôi là {p.full_name}, điện thoại {p.phone}, phản ánh và tố cáo cán bộ "
                  "địa chính xã nhận tiền của dân.")  # fmt: skip
    s = Scenario("c", p, [got.letter], got.letter, tracking=(got.tracking_code, got.pin))
    letter = step(s, "re-classification as a denunciation", lambda: classify(
        Letter.objects.get(pk=got.letter.pk), kind=LetterKind.DENUNCIATION,
    ))  # fmt: skip
    if letter is not None:
        opened = step(s, "acceptance", lambda: open_case(letter, p))
        if opened is not None:
            s.case, s.handlers = opened, {handler.pk}
    s.letters = [Letter.objects.get(pk=got.letter.pk)]
    s.main = s.letters[0]
    world.scenarios["c"] = s

    # (d) the same person's named feedback, then a denunciation marked as its duplicate.
    p = PEOPLE["d"]
    text = (
        f"Tôi là {p.full_name}, điện thoại {p.phone}, địa chỉ {p.address}: cán bộ địa chính "
        "xã Thử nghiệm nhận tiền khi làm thủ tục cấp giấy chứng nhận quyền sử dụng đất."
    )
    earlier = receive(p, LetterKind.FEEDBACK, subject="Cán bộ địa chính nhận tiền", content=text)
    got = receive(p, LetterKind.DENUNCIATION, subject="Cán bộ địa chính nhận tiền", content=text)
    s = Scenario("d", p, [got.letter], got.letter, tracking=(got.tracking_code, got.pin))
    s.excluded_pks = {earlier.letter.pk}
    s.link_needles = {
        "tracking code of the denunciation": fold(got.tracking_code),
        "link to the denunciation": reverse("letters:staff-letter-detail", args=[got.letter.pk]),
    }
    # The intake no longer pairs a denunciation with the same person's unprotected letter
    # (test_protection); the link is recorded by hand here, as one made before that rule was,
    # so that what the pages show of such a link is walked too.
    if got.letter.duplicate_of_id is not None:
        s.not_built.append(
            f"the intake linked the denunciation to letter {got.letter.duplicate_of_id}"
        )
    Letter.objects.filter(pk=got.letter.pk).update(duplicate_of=earlier.letter)
    step(s, "classification", lambda: classify(Letter.objects.get(pk=got.letter.pk)))
    s.letters = [Letter.objects.get(pk=got.letter.pk)]
    s.main = s.letters[0]
    world.scenarios["d"] = s

    # (e) information with denunciation content, unsigned and without a signer's block, whose
    # sender names themselves in the text; checked under the unit's own powers (Art. 25).
    p = PEOPLE["e"]
    got = lf.receive(
        unit, receiver, kind=LetterKind.DENUNCIATION, signers=[], signed=False,
        channel=Channel.POST, subject="Thông tin về cán bộ địa chính nhận tiền",
        content=_letter_text(p),
    )  # fmt: skip
    s = Scenario("e", p, [got.letter], got.letter, tracking=(got.tracking_code, got.pin))
    if not got.letter.anonymous:
        s.not_built.append("the unsigned letter without a signer was not taken as anonymous")
    letter = step(s, "classification", lambda: lf.classify(
        got.letter, receiver, summary="Thông tin về cán bộ địa chính",
    ))  # fmt: skip
    if letter is not None:
        step(s, "routing under the unit's own powers", lambda: handling.letter_route_anonymous(
            letter=Letter.objects.get(pk=got.letter.pk), actor=head,
            outcome=AnonymousOutcome.INSPECT, reason=f"Kiểm tra theo thẩm quyền. {_names_text(p)}",
        ))  # fmt: skip
    s.letters = [Letter.objects.get(pk=got.letter.pk)]
    s.main = s.letters[0]
    world.scenarios["e"] = s

    world_out["unit"] = unit
    return world


# --- the surfaces ---------------------------------------------------------------------------------

#: The parts of the URL conf walked (the accounts pages, the language switch and the design page
#: show no letter).
AREAS = ("staff/", "admin/letters/", "admin/documents/", "admin/workflow/", "admin/core/",
         "gui-don/", "tra-cuu/", "cong-khai-ket-qua/")  # fmt: skip


def _patterns(resolvers: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolvers:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, route)
        else:
            yield route, entry


_CONVERTER = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def _fill(route: str, values: dict[str, Any]) -> str:
    return "/" + _CONVERTER.sub(lambda m: str(values[m.group("name")]), route)


def _admin_objects(route: str, scenario_pks: dict[str, set[str]]) -> list[str]:
    """The object ids of an admin change page: the scenario's rows of that model, else one."""
    app, model_name = route.split("/")[1:3]
    model = next(
        (
            m
            for m in admin.site._registry
            if (m._meta.app_label, m._meta.model_name) == (app, model_name)
        ),
        None,
    )
    if model is None:
        return []
    label = f"{app}.{model_name}"
    if label in scenario_pks:
        return sorted(scenario_pks[label])
    first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return [str(first)] if first is not None else []


def _export_jobs(world: World) -> list[int]:
    """A finished CSV export of the whole letters list for each viewer with an account (the walk
    then reads every one's page, state and file as every viewer: the file in plain text, so a
    denouncer's identity in it would be found)."""
    from danvan.letters.models import ExportJob
    from danvan.letters.services import exports as export_services

    for user in world.viewers.values():
        if user is not None and not ExportJob.objects.filter(user=user).exists():
            job = ExportJob.objects.create(user=user, fmt="csv")
            export_services.run_export(job.pk)
    return sorted(ExportJob.objects.values_list("pk", flat=True))


def _urls(world: World) -> tuple[list[str], list[str]]:
    """Every URL of the walked areas with its arguments filled, and the patterns left unfilled."""
    letters = sorted({x.pk for s in world.scenarios.values() for x in s.letters}
                     | {pk for s in world.scenarios.values() for pk in s.excluded_pks})  # fmt: skip
    case_pks = sorted({s.case.pk for s in world.scenarios.values() if s.case})
    targets = [("letters.letter", str(pk)) for pk in letters] + [
        ("letters.case", str(pk)) for pk in case_pks
    ]
    documents = IssuedDocument.objects.none()
    audit = AuditEntry.objects.none()
    for target_type, target_id in targets:
        documents |= IssuedDocument.objects.filter(target_type=target_type, target_id=target_id)
        audit |= AuditEntry.objects.filter(target_type=target_type, target_id=target_id)
    doc_pks = sorted(set(documents.values_list("pk", flat=True)))
    audit_pks = sorted(set(audit.values_list("pk", flat=True)))
    proposal_pks = sorted(Proposal.objects.values_list("pk", flat=True))
    proposal_files = list(
        ProposalAttachment.objects.values_list("version__proposal_id", "pk").order_by("pk")
    )
    scenario_pks = {
        "documents.issueddocument": {str(pk) for pk in doc_pks},
        "core.auditentry": {str(pk) for pk in audit_pks},
    }
    docs_of_letter: dict[int, list[int]] = {}
    for pk in letters:
        letter = Letter.objects.get(pk=pk)
        case = letter.case_or_none()
        refs = [("letters.letter", str(pk))] + ([("letters.case", str(case.pk))] if case else [])
        docs_of_letter[pk] = [
            d for t, i in refs for d in IssuedDocument.objects.filter(
                target_type=t, target_id=i).values_list("pk", flat=True)
        ]  # fmt: skip
    urls: list[str] = []
    unfilled: list[str] = []
    for route, _pattern in _patterns(get_resolver().url_patterns):
        if not route.startswith(AREAS) and route != "":
            continue
        names = [m.group("name") for m in _CONVERTER.finditer(route)]
        if not names:
            urls.append("/" + route)
            continue
        fillings: list[dict[str, Any]] = []
        if route.startswith("staff/letters/<int:pk>/"):
            for pk in letters:
                if "attachment_pk" in names:
                    files = Attachment.objects.filter(letter_id=pk).values_list("pk", flat=True)
                    fillings += [{"pk": pk, "attachment_pk": a} for a in files]
                elif "document_pk" in names:
                    fillings += [{"pk": pk, "document_pk": d} for d in docs_of_letter[pk]]
                else:
                    fillings.append({"pk": pk})
        elif route.startswith("staff/cases/<int:pk>/"):
            fillings = [{"pk": pk} for pk in case_pks]
        elif route.startswith("tra-cuu/van-ban/"):
            # A notice for the writer who confirmed a code: nobody here has confirmed one.
            fillings = [{"document_pk": pk} for pk in doc_pks]
        elif route.startswith(
            ("staff/documents/<int:pk>/", "admin/documents/issueddocument/<int:pk>")
        ):
            fillings = [{"pk": pk} for pk in doc_pks]
        elif route.startswith("staff/audit/<int:pk>/"):
            fillings = [{"pk": pk} for pk in audit_pks]
        elif route.startswith("staff/proposals/<int:pk>/files/"):
            fillings = [{"pk": pk, "file_id": f} for pk, f in proposal_files]
        elif route.startswith("staff/proposals/<int:pk>/") and names == ["pk"]:
            fillings = [{"pk": pk} for pk in proposal_pks]
        elif route.startswith("staff/saved-filters/<int:pk>/"):
            # A POST-only form (a GET is refused whoever asks, the row existing or not).
            fillings = [{"pk": 1}]
        elif route.startswith("staff/notifications/<int:pk>/"):
            fillings = [{"pk": pk} for pk in StaffNotification.objects.values_list("pk", flat=True)]
        elif route.startswith("staff/exports/<int:pk>/"):
            fillings = [{"pk": pk} for pk in _export_jobs(world)]
        elif route.startswith("staff/units/<int:pk>/"):
            fillings = [{"pk": world.scenarios["a"].main.unit_id}]
        elif route.startswith("admin/") and names == ["object_id"]:
            if not route.endswith("/change/"):
                continue  # the bare object URL redirects to the change page
            fillings = [{"object_id": pk} for pk in _admin_objects(route, scenario_pks)]
            if not fillings:
                continue  # no row of that model exists: there is no change page to read
        if not fillings:
            unfilled.append(route)
        urls += [_fill(route, values) for values in fillings]
    return sorted(set(urls)), unfilled


#: The lists searched, and the term that matches nothing (the control of a search).
SEARCHED = ("letters:staff-letter-list", "letters:staff-case-list", "letters:staff-letter-export",
            "documents:register", "core:audit-list")  # fmt: skip
NO_MATCH = "zzqx khong co ket qua"


@dataclass(frozen=True)
class Search:
    url: str
    control: str
    scenario: str
    field: str
    term: str


def _searches(world: World) -> list[Search]:
    """The staff lists and the export asked for each denouncer's name, identity number and
    telephone."""
    out = []
    for s in world.scenarios.values():
        for what, term in (("name", s.person.full_name), ("CCCD", s.person.id_number),
                           ("phone", s.person.phone)):  # fmt: skip
            for name in SEARCHED:
                base = reverse(name)
                url = f"{base}?{urlencode({'q': term})}"
                control = f"{base}?{urlencode({'q': NO_MATCH})}"
                out.append(Search(url, control, s.key, what, term))
    return out


def _links(s: Scenario) -> set[str]:
    """The links that show a search found the scenario's protected letter or case."""
    links = {reverse("letters:staff-letter-detail", args=[x.pk]) for x in s.letters}
    if s.case is not None:
        links.add(reverse("letters:staff-case-detail", args=[s.case.pk]))
    return links


def _text(response: Any) -> str:
    """The text of a response: a page, or the text inside an xlsx, docx or pdf file."""
    body = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    kind = response.get("Content-Type", "")
    if body.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if body.startswith(b"PK"):
        if "spreadsheet" in kind or b"xl/" in body[:2000]:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(body), read_only=True)
            return "\n".join(
                str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                for c in row if c is not None
            )  # fmt: skip
        from docx import Document

        doc = Document(io.BytesIO(body))
        parts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        for section in doc.sections:
            parts.extend(p.text for p in section.header.paragraphs)
            parts.extend(p.text for p in section.footer.paragraphs)
        return "\n".join(parts)
    return body.decode("utf-8", errors="replace")


def _normalised(text: str) -> tuple[str, str]:
    """The folded text, and the same with the separators inside numbers removed."""
    folded = fold(text)
    return folded, re.sub(r"(?<=\d)[\s.\-]+(?=\d)", "", folded)


def _found(text: str, needles: dict[str, str], echo: str = "") -> list[str]:
    """The identifiers of ``needles`` in ``text``; ``echo`` (the search term the viewer typed,
    which the page shows back) does not count."""
    folded, joined = _normalised(text)
    if echo:
        folded_echo, joined_echo = _normalised(echo)
        folded, joined = folded.replace(folded_echo, " "), joined.replace(joined_echo, " ")
    hits = []
    for what, needle in needles.items():
        if needle.isdigit():
            if re.search(rf"(?<!\d){needle}(?!\d)", joined):
                hits.append(what)
        elif re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", folded):
            hits.append(what)
    return hits


@dataclass
class Results:
    world: World
    leaks: list[str] = field(default_factory=list)
    unseen: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cross: list[str] = field(default_factory=list)
    unfilled: list[str] = field(default_factory=list)
    not_built: list[str] = field(default_factory=list)
    requests: int = 0
    timing: dict[str, float] = field(default_factory=dict)


def _check(
    res: Results,
    viewer: str,
    surface: str,
    text: str,
    *,
    about_pks: set[int] | None,
    echo: str = "",
) -> None:
    """Record a leak for every scenario whose identity ``viewer`` may not read and ``text`` shows.
    ``about_pks``: the letters the surface is about (None: many); ``echo``: the search term."""
    for s in res.world.scenarios.values():
        if allowed(res.world, viewer, s) is not False:
            continue
        if about_pks is not None and about_pks & s.excluded_pks:
            needles = s.link_needles  # the earlier named letter: only the link is a leak
        elif about_pks is None and s.excluded_pks:
            continue  # a list also shows the earlier named letter, legitimately
        else:
            needles = s.person.needles()
        for what in _found(text, needles, echo):
            res.leaks.append(f"[{s.key}: {SCENARIOS[s.key]}] {viewer} — {surface} — {what}")


def _about(url: str) -> set[int] | None:
    m = re.match(r"/staff/letters/(\d+)/", url)
    if m:
        return {int(m.group(1))}
    m = re.match(r"/staff/cases/(\d+)/", url)
    if m:
        case = Case.objects.filter(pk=int(m.group(1))).first()
        return {case.letter_id} if case else set()
    return None


def _crawl(world: World) -> Results:
    res = Results(world)
    urls, res.unfilled = _urls(world)
    client = Client(raise_request_exception=True)
    searches = _searches(world)
    converted: dict[tuple[str, int], str | None] = {}

    def get(viewer: str, url: str) -> str | None:
        """The text of ``url`` read by ``viewer`` (None unless 200); a 500 is recorded."""
        res.requests += 1
        started = time.perf_counter()
        try:
            with transaction.atomic():
                response = client.get(url)
                text = _text(response) if response.status_code == 200 else None
                transaction.set_rollback(True)
        except Exception as exc:
            res.errors.append(f"{viewer} — GET {url} — {type(exc).__name__}: {exc}"[:400])
            return None
        finally:
            route = re.sub(r"\d+", "<n>", url.split("?")[0])
            res.timing[route] = res.timing.get(route, 0.0) + time.perf_counter() - started
        if response.status_code >= 500:
            res.errors.append(f"{viewer} — GET {url} — HTTP {response.status_code}")
        return text

    for viewer, user in world.viewers.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        read: dict[str, str | None] = {}
        for url in urls:
            # A PDF is its DOCX (or page) converted by LibreOffice, seconds each: one already
            # converted from the same source text is not converted again for this viewer.
            source = read.get(url.removesuffix("pdf/")) if url.endswith("/pdf/") else None
            key = (url, hash(source)) if source is not None else None
            if key is not None and key in converted:
                text = converted[key]
            else:
                text = get(viewer, url)
                if key is not None:
                    converted[key] = text
            read[url] = text
            if text is not None:
                _check(res, viewer, url, text, about_pks=_about(url))
        controls: dict[str, str] = {}
        for search in searches:
            s = world.scenarios[search.scenario]
            if user is None or allowed(world, viewer, s) is not False:
                continue  # the search of one who may read the identity finds it, rightly
            text = get(viewer, search.url)
            if text is None:
                continue
            _check(res, viewer, search.url, text, about_pks=None, echo=search.term)
            if search.control not in controls:
                controls[search.control] = get(viewer, search.control) or ""
            for link in sorted(_links(s)):
                if f'"{link}"' in text and f'"{link}"' not in controls[search.control]:
                    res.leaks.append(
                        f"[{s.key}: {SCENARIOS[s.key]}] {viewer} — {search.url} — the search "
                        f"by the denouncer's {search.field} finds {link}"
                    )
        # Public tracking with a letter's code and PIN, by whoever holds them.
        for s in world.scenarios.values():
            if s.tracking is None or viewer not in {"signer", "citizen", "anonymous"}:
                continue
            code, pin = s.tracking
            tracker = Client()
            response = tracker.post(reverse("letters:track"), {"code": code, "pin": pin})
            if response.status_code >= 500:
                res.errors.append(f"{viewer} — tracking {s.key} — HTTP {response.status_code}")
            if response.status_code == 302:
                response = tracker.get(response["Location"])
            # The holder of the code and PIN is the signer: other scenarios must not show.
            pages = {"tracking page": response.content.decode()}
            # The signer who confirmed a code sent to their own contact reads their own letter
            # in full: still nothing of another scenario's signer.
            tracked = Letter.objects.get(tracking_code=code)
            addressee = addressee_signer(tracked)
            if addressee is not None:
                session = tracker.session
                session[CONFIRMED_KEY] = {
                    "letter": tracked.pk,
                    "signer": addressee.pk,
                    "until": time.time() + 600,
                }
                session.save()
                confirmed = tracker.get(reverse("letters:track"))
                if confirmed.status_code >= 500:
                    res.errors.append(f"{viewer} — confirmed tracking {s.key} — HTTP 500")
                pages["confirmed tracking page"] = confirmed.content.decode()
            for other in world.scenarios.values():
                if other.key != s.key and not other.excluded_pks:
                    for title, html in pages.items():
                        for what in _found(html, other.person.needles()):
                            res.leaks.append(
                                f"[{other.key}: {SCENARIOS[other.key]}] holder of {s.key}'s "
                                f"code — {title} — {what}"
                            )
    return res


def _check_positive(res: Results) -> None:
    """Those the law allows do read the name on the letter's page (the test fails both ways)."""
    client = Client()
    for viewer, user in res.world.viewers.items():
        if user is None:
            continue
        client.force_login(user)
        for s in res.world.scenarios.values():
            expected = allowed(res.world, viewer, s)
            policy = policies.can_view_identity(user, s.main)
            if expected is not None and expected != policy:
                res.cross.append(
                    f"[{s.key}] {viewer}: the law's rule says {expected}, can_view_identity says "
                    f"{policy} (letter status {s.main.status})"
                )
            if expected:
                url = reverse("letters:staff-letter-detail", args=[s.main.pk])
                response = client.get(url)
                if response.status_code != 200 or "name" not in _found(
                    response.content.decode(), s.person.needles()
                ):
                    res.unseen.append(
                        f"[{s.key}: {SCENARIOS[s.key]}] {viewer} — {url} — HTTP "
                        f"{response.status_code}, name not shown"
                    )


def _check_messages(res: Results, outbox: list[Any]) -> None:
    """Messages queued and e-mails sent reach the denouncer, never someone else with the
    identity in them."""
    for s in res.world.scenarios.values():
        own = {fold(s.person.email), _digits(s.person.phone)}
        needles = s.person.needles()
        for message in Message.objects.all():
            address = fold(message.address)
            if address in own or _digits(address)[-9:] == _digits(s.person.phone)[-9:]:
                continue
            for what in _found(f"{message.subject}\n{message.body}", needles):
                res.leaks.append(
                    f"[{s.key}: {SCENARIOS[s.key]}] message {message.event} to "
                    f"{message.channel} recipient #{message.pk} — {what}"
                )
        for email in outbox:
            if {fold(a) for a in email.to} <= own:
                continue
            body = "\n".join([email.subject, email.body] + [
                alt[0] for alt in getattr(email, "alternatives", [])
            ])  # fmt: skip
            for what in _found(body, needles):
                res.leaks.append(
                    f"[{s.key}: {SCENARIOS[s.key]}] e-mail '{email.subject}' to another "
                    f"address — {what}"
                )


def _check_files(res: Results) -> None:
    """The files of the issued documents, opened directly: a document not restricted may go to
    anyone (the person denounced, the managing body), so it never names a denouncer."""
    for document in IssuedDocument.objects.all():
        if document.restricted or not document.file:
            continue
        document.file.open("rb")
        try:
            body = document.file.read()
        finally:
            document.file.close()

        class _Response:
            streaming = False
            content = body

            def get(self, key: str, default: str = "") -> str:
                return default

        text = _text(_Response())
        for s in res.world.scenarios.values():
            for what in _found(text, s.person.needles()):
                res.leaks.append(
                    f"[{s.key}: {SCENARIOS[s.key]}] unrestricted document "
                    f"{document.template_key} #{document.pk} — {what}"
                )


@pytest.fixture(scope="module")
def results(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[Results]:
    from django.conf import settings

    media = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("leaks-media"))
    mail.outbox = []
    try:
        with django_db_blocker.unblock(), translation.override("vi"), transaction.atomic():
            from danvan.letters.models import AcceptedSignatureMethod
            from danvan.letters.rules_seed import seed_rules, seed_signature_methods
            from danvan.workflow import registry
            from danvan.workflow.models import DeadlineRule, LegalBasis
            from danvan.workflow.rules import seed_legal_bases
            from danvan.workflow.rules_seed import seed_rules as seed_kit_rules

            if not DeadlineRule.objects.exists():
                seed_rules(DeadlineRule)
                seed_kit_rules(DeadlineRule)
            if not LegalBasis.objects.exists():
                seed_legal_bases(LegalBasis, registry.legal_basis_defaults("letters"))
            if not AcceptedSignatureMethod.objects.exists():
                seed_signature_methods(AcceptedSignatureMethod)
            calendar.clear_cache()
            out: dict[str, Any] = {}
            with TestCase.captureOnCommitCallbacks(execute=True):
                world = _build(out)
            with TestCase.captureOnCommitCallbacks(execute=True):
                res = _crawl(world)
            res.not_built = [
                f"[{s.key}: {SCENARIOS[s.key]}] {n}" for s in world.scenarios.values()
                for n in s.not_built
            ]  # fmt: skip
            _check_positive(res)
            _check_messages(res, list(mail.outbox))
            _check_files(res)
            transaction.set_rollback(True)
        calendar.clear_cache()
        yield res
    finally:
        settings.MEDIA_ROOT = media


def _report(title: str, rows: list[str]) -> str:
    return f"{len(rows)} {title}:\n" + "\n".join(sorted(set(rows)))


# --- the tests ------------------------------------------------------------------------------------


def test_no_surface_shows_a_denouncers_identity_to_one_the_law_does_not_allow(
    results: Results,
) -> None:
    """Luật Tố cáo 2018 Arts. 8(3), 9(1)(b), 47(1)(b), 56: the denouncer's name, identity
    number, telephone and address are kept secret from everyone but those who receive the letter
    and those who resolve it; the person denounced never learns them."""
    assert results.requests > 1000, results.requests  # the walk read the pages
    assert not results.leaks, _report(
        "leaks (scenario, viewer, surface, identifier)", results.leaks
    )


def test_those_the_law_allows_read_the_name_on_the_letters_page(results: Results) -> None:
    """Luật Tố cáo 2018 Arts. 26-31: those who receive and resolve the denunciation work with
    the denouncer; a page that hid the name from them would pass the leak test for nothing."""
    assert not results.unseen, _report("allowed readers who do not see the name", results.unseen)


def test_the_rule_of_the_policy_is_the_rule_of_the_law(results: Results) -> None:
    """Luật Tố cáo 2018 Arts. 8(3), 47; NĐ 31/2019 Arts. 5, 10: the cross-check of the
    expectation computed here against ``policies.can_view_identity``."""
    assert not results.cross, _report("disagreements", results.cross)


def test_no_surface_fails_for_any_viewer(results: Results) -> None:
    """Every page of the walk answers every viewer without a server error."""
    assert not results.errors, _report("server errors", results.errors)


def test_every_url_pattern_of_the_walked_areas_was_filled(results: Results) -> None:
    """The generated walk reaches every page; a pattern no scenario fills is named here (the
    party pages need a party matter, which no denunciation scenario has)."""
    unfilled = [r for r in results.unfilled if not r.startswith("staff/party/<int:pk>")]
    assert not unfilled, _report("patterns without arguments", unfilled)


def test_every_scenario_step_was_built(results: Results) -> None:
    """The steps the services refused today (each scenario is still walked up to them)."""
    assert not results.not_built, _report("steps not built", results.not_built)
