"""Demo data: a realistic Vietnamese organisation tree with fictional people, one login per role.

Public bodies and places carry their real names; every person is fictional. Everything goes through
the contexts' own services, so the demo also fills the audit trail the way real use would. Running
it twice creates nothing new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from danvan.accounts.models import User
from danvan.core import calendar_services
from danvan.core.actors import SYSTEM
from danvan.core.calendar import today_local
from danvan.core.errors import ApplicationError
from danvan.demo import issuers, sample_letters
from danvan.documents.local_ca import LocalAuthority
from danvan.documents.models import TrustedCertificate
from danvan.organizations import areas, services
from danvan.organizations.fields_seed import seed_fields
from danvan.organizations.matters import LetterKind, MatterType
from danvan.organizations.models import (
    Competence,
    Delegation,
    Field,
    Membership,
    Province,
    Unit,
    Ward,
)
from danvan.organizations.models.units import UnitKind, UnitLevel
from danvan.organizations.roles import Position, Role

DEMO_PASSWORD = "DanVan@2026"  # noqa: S105 - published in the README for the demo only
DEMO_START = dt.date(2020, 1, 1)
# Dates of the 2025 reorganisation, as modelled in the demo tree (DOMAIN.md §8–9).
BOARDS_MERGED = dt.date(2025, 3, 1)
SECTOR_COMMITTEES_ENDED = dt.date(2025, 2, 1)
TWO_LEVEL_GOVERNMENT = dt.date(2025, 7, 1)
ROLES_FROM = dt.date(2025, 7, 1)
HANOI = "01"
HOAN_KIEM = "00070"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: Role | None
    unit_code: str
    position: str
    #: A unit leader's place: the head (Position.HEAD) or a deputy; empty for other roles.
    leadership: str = ""


LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("tiepnhan", "Nguyễn Thị Minh Anh", Role.RECEIVING_OFFICER, "hn-btcd", "Chuyên viên"),
    DemoLogin("xuly", "Trần Văn Bình", Role.HANDLING_OFFICER, "hn-thanh-tra", "Thanh tra viên"),
    DemoLogin("lanhdao", "Lê Quang Dũng", Role.UNIT_LEADER, "hn-btgdv", "Trưởng ban"),
    DemoLogin("kiemtra", "Phạm Thu Hà", Role.INSPECTOR, "hn-ubkt", "Kiểm tra viên"),
    DemoLogin("bientap", "Hoàng Ngọc Lan", Role.EDITOR, "hn-vp-ubnd", "Biên tập viên"),
    DemoLogin("quantri", "Đỗ Mạnh Hùng", Role.ADMINISTRATOR, "hn-thanh-uy", "Quản trị hệ thống"),
    DemoLogin("congdan", "Vũ Thị Mai", None, "", ""),
    # The Ban Tiếp công dân's head decides what its receiving officer proposes.
    DemoLogin("btcd_truongban", "Đinh Công Thành", Role.UNIT_LEADER, "hn-btcd", "Trưởng ban"),
    # A commune (phường Hoàn Kiếm): its receiving officer proposes, its chairman decides; the
    # deputy chairman decides feedback and petitions under the chairman's assignment ("KT.").
    DemoLogin(
        "phuong_tiepnhan", "Lương Thị Thảo", Role.RECEIVING_OFFICER, "hn-ubnd-hoan-kiem",
        "Công chức tiếp nhận đơn",
    ),
    DemoLogin(
        "phuong_xuly", "Mai Anh Tuấn", Role.HANDLING_OFFICER, "hn-ubnd-hoan-kiem",
        "Công chức địa chính - xây dựng",
    ),
    DemoLogin(
        "phuong_chutich", "Tạ Văn Hòa", Role.UNIT_LEADER, "hn-ubnd-hoan-kiem",
        "Chủ tịch Ủy ban nhân dân phường",
    ),
    DemoLogin(
        "phuong_phochutich", "Kiều Thị Nga", Role.UNIT_LEADER, "hn-ubnd-hoan-kiem",
        "Phó Chủ tịch Ủy ban nhân dân phường",
    ),
    # The city: the level directly above the commune since 01/7/2025 (no district level).
    DemoLogin(
        "thanhpho_tiepnhan", "Quách Minh Hiền", Role.RECEIVING_OFFICER, "hn-ubnd",
        "Chuyên viên tiếp nhận đơn",
    ),
    DemoLogin(
        "thanhpho_chutich", "Tôn Thất Bảo", Role.UNIT_LEADER, "hn-ubnd",
        "Chủ tịch Ủy ban nhân dân thành phố",
    ),
    # The city party committee's inspection committee: the party track (DOMAIN.md §12.5).
    DemoLogin(
        "ubkt_tiepnhan", "Đinh Thị Thu Trang", Role.RECEIVING_OFFICER, "hn-ubkt", "Chuyên viên"
    ),
    DemoLogin(
        "ubkt_chunhiem", "Lương Văn Khải", Role.UNIT_LEADER, "hn-ubkt",
        "Chủ nhiệm Ủy ban Kiểm tra",
    ),
)  # fmt: skip

#: A head's dated assignment of powers to a deputy (unit code, deputy, kinds, document).
DELEGATIONS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    (
        "hn-ubnd-hoan-kiem", "phuong_phochutich", (LetterKind.FEEDBACK, LetterKind.PETITION),
        "Quyết định số 05/QĐ-UBND ngày 01/7/2025 phân công nhiệm vụ",
    ),
)  # fmt: skip


@dataclass(frozen=True)
class DemoRole:
    """A second role of a demo login, so that one letter can be followed from intake to decision
    by the same few people: the city inspectorate (Thanh tra thành phố) is the demo's letters
    office, where the receiving officer also registers letters and the leader also resolves them;
    the inspector supervises the People's Committee and the bodies under it."""

    username: str
    role: Role
    unit_code: str
    position: str
    leadership: str = ""


EXTRA_ROLES: tuple[DemoRole, ...] = (
    DemoRole("tiepnhan", Role.RECEIVING_OFFICER, "hn-thanh-tra", "Chuyên viên tiếp nhận đơn"),
    DemoRole("lanhdao", Role.UNIT_LEADER, "hn-thanh-tra", "Chánh Thanh tra"),
    DemoRole("kiemtra", Role.INSPECTOR, "hn-ubnd", "Kiểm tra viên"),
)


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    kind: UnitKind
    level: UnitLevel
    parent: str | None = None
    effective_from: dt.date = DEMO_START
    effective_to: dt.date | None = None
    ward: str | None = None
    short_name: str = ""


UNITS: tuple[DemoUnit, ...] = (
    DemoUnit("hn-thanh-uy", "Thành ủy Hà Nội", UnitKind.PARTY_COMMITTEE, UnitLevel.PROVINCIAL),
    DemoUnit(
        "hn-ban-tuyen-giao",
        "Ban Tuyên giáo Thành ủy Hà Nội",
        UnitKind.PARTY_BOARD,
        UnitLevel.PROVINCIAL,
        "hn-thanh-uy",
    ),
    DemoUnit(
        "hn-ban-dan-van",
        "Ban Dân vận Thành ủy Hà Nội",
        UnitKind.PARTY_BOARD,
        UnitLevel.PROVINCIAL,
        "hn-thanh-uy",
    ),
    DemoUnit(
        "hn-btgdv",
        "Ban Tuyên giáo và Dân vận Thành ủy Hà Nội",
        UnitKind.PARTY_BOARD,
        UnitLevel.PROVINCIAL,
        None,  # placed under the Thành ủy by the merger
        BOARDS_MERGED,
    ),
    DemoUnit(
        "hn-ubkt",
        "Ủy ban Kiểm tra Thành ủy Hà Nội",
        UnitKind.INSPECTION_COMMITTEE,
        UnitLevel.PROVINCIAL,
        "hn-thanh-uy",
    ),
    DemoUnit(
        "hn-vp-thanh-uy",
        "Văn phòng Thành ủy Hà Nội",
        UnitKind.PARTY_OFFICE,
        UnitLevel.PROVINCIAL,
        "hn-thanh-uy",
    ),
    DemoUnit(
        "hn-dukcq",
        "Đảng ủy Khối các cơ quan thành phố Hà Nội",
        UnitKind.SECTOR_PARTY_COMMITTEE,
        UnitLevel.PROVINCIAL,
        "hn-thanh-uy",
        DEMO_START,
        SECTOR_COMMITTEES_ENDED,
    ),
    DemoUnit("hn-ubnd", "UBND thành phố Hà Nội", UnitKind.PEOPLES_COMMITTEE, UnitLevel.PROVINCIAL),
    DemoUnit(
        "hn-vp-ubnd",
        "Văn phòng UBND thành phố Hà Nội",
        UnitKind.STATE_OFFICE,
        UnitLevel.PROVINCIAL,
        "hn-ubnd",
    ),
    DemoUnit(
        "hn-thanh-tra",
        "Thanh tra thành phố Hà Nội",
        UnitKind.INSPECTORATE,
        UnitLevel.PROVINCIAL,
        "hn-ubnd",
    ),
    DemoUnit(
        "hn-btcd",
        "Ban Tiếp công dân thành phố Hà Nội",
        UnitKind.STATE_OFFICE,
        UnitLevel.PROVINCIAL,
        "hn-ubnd",
    ),
    DemoUnit(
        "hn-so-nnmt",
        "Sở Nông nghiệp và Môi trường thành phố Hà Nội",
        UnitKind.STATE_DEPARTMENT,
        UnitLevel.PROVINCIAL,
        "hn-ubnd",
        BOARDS_MERGED,
    ),
    DemoUnit(
        "hn-mttq",
        "Ủy ban MTTQ Việt Nam thành phố Hà Nội",
        UnitKind.FRONT_COMMITTEE,
        UnitLevel.PROVINCIAL,
    ),
    DemoUnit(
        "hn-hoi-nong-dan",
        "Hội Nông dân thành phố Hà Nội",
        UnitKind.SOCIO_POLITICAL,
        UnitLevel.PROVINCIAL,
        "hn-mttq",
        TWO_LEVEL_GOVERNMENT,
    ),
    DemoUnit(
        "hn-dang-uy-hoan-kiem",
        "Đảng ủy phường Hoàn Kiếm",
        UnitKind.PARTY_COMMITTEE,
        UnitLevel.COMMUNE,
        "hn-thanh-uy",
        TWO_LEVEL_GOVERNMENT,
        ward=HOAN_KIEM,
    ),
    DemoUnit(
        "hn-ubnd-hoan-kiem",
        "UBND phường Hoàn Kiếm",
        UnitKind.PEOPLES_COMMITTEE,
        UnitLevel.COMMUNE,
        "hn-ubnd",
        TWO_LEVEL_GOVERNMENT,
        ward=HOAN_KIEM,
    ),
)


@dataclass(frozen=True)
class DemoCompetence:
    unit_code: str
    kind: LetterKind | None
    matter: MatterType
    field_codes: tuple[str, ...] = ()
    legal_basis: str = ""


COMPETENCES: tuple[DemoCompetence, ...] = (
    DemoCompetence("hn-btcd", LetterKind.FEEDBACK, MatterType.STATE, (), "Luật Tiếp công dân 2013"),
    DemoCompetence("hn-btcd", LetterKind.PETITION, MatterType.STATE, (), "Luật Tiếp công dân 2013"),
    DemoCompetence(
        "hn-thanh-tra",
        LetterKind.COMPLAINT,
        MatterType.STATE,
        ("administrative",),
        "Luật Khiếu nại 2011",
    ),
    DemoCompetence(
        "hn-thanh-tra",
        LetterKind.DENUNCIATION,
        MatterType.STATE,
        ("administrative", "corruption"),
        "Luật Tố cáo 2018",
    ),
    DemoCompetence(
        "hn-ubkt",
        LetterKind.DENUNCIATION,
        MatterType.PARTY,
        ("party-and-mass-organisations",),
        "Quy định kỷ luật đảng; TT 05/2021/TT-TTCP Điều 15",
    ),
    DemoCompetence(
        "hn-btgdv", LetterKind.PETITION, MatterType.PARTY, (), "Quy chế công tác dân vận"
    ),
    DemoCompetence(
        "hn-mttq", LetterKind.PETITION, MatterType.BOTH, (), "Hiến pháp 2013 (sửa đổi 2025), Điều 9"
    ),
    # The commune's chairman resolves complaints against the commune's decisions and
    # denunciations against the staff the chairman manages (Luật Khiếu nại Art. 17; Luật Tố cáo
    # Art. 13(1)); the city's chairman those of the city and the second complaints against the
    # communes (Luật Khiếu nại Art. 21; DOMAIN.md §12.1a).
    DemoCompetence(
        "hn-ubnd-hoan-kiem",
        LetterKind.COMPLAINT,
        MatterType.STATE,
        ("administrative",),
        "Luật Khiếu nại 2011",
    ),
    DemoCompetence(
        "hn-ubnd-hoan-kiem",
        LetterKind.DENUNCIATION,
        MatterType.STATE,
        ("administrative", "corruption"),
        "Luật Tố cáo 2018",
    ),
    DemoCompetence(
        "hn-ubnd",
        LetterKind.COMPLAINT,
        MatterType.STATE,
        ("administrative",),
        "Luật Khiếu nại 2011",
    ),
    DemoCompetence(
        "hn-ubnd",
        LetterKind.DENUNCIATION,
        MatterType.STATE,
        ("administrative", "corruption"),
        "Luật Tố cáo 2018",
    ),
    DemoCompetence("hn-ubnd-hoan-kiem", LetterKind.FEEDBACK, MatterType.STATE),
    DemoCompetence("hn-ubnd-hoan-kiem", LetterKind.PETITION, MatterType.STATE),
    # Feedback on how civil servants do their work goes to the inspectorate.
    DemoCompetence(
        "hn-thanh-tra",
        LetterKind.FEEDBACK,
        MatterType.STATE,
        ("administrative-civil-service",),
        "Luật Thanh tra 2022; Nghị định 20/2008/NĐ-CP, Điều 9",
    ),
    DemoCompetence(
        "hn-btgdv", LetterKind.FEEDBACK, MatterType.PARTY, (), "Quy chế công tác dân vận"
    ),
    # Whatever no competence above fits: the city's citizen reception board for State matters and
    # the Party committee's office for Party matters (Luật Tiếp công dân Art. 12(4)); they
    # classify the letter and forward it or guide the citizen. Without them a letter of the public
    # form in, say, the judicial field would find no unit at all.
    DemoCompetence(
        "hn-btcd", None, MatterType.STATE, (), "Luật Tiếp công dân 2013, Điều 12(4), 26"
    ),
    DemoCompetence(
        "hn-vp-thanh-uy", None, MatterType.PARTY, (), "Luật Tiếp công dân 2013, Điều 12(4)"
    ),
)


@dataclass
class DemoResult:
    units_created: int = 0
    users_created: int = 0
    memberships_created: int = 0
    competences_created: int = 0
    issuer_profiles_created: int = 0
    party_terms_created: int = 0
    letters_created: int = 0
    #: The tracking code and PIN of one sample letter, when the samples were made by this run
    #: (only a hash of the PIN is kept, so it cannot be shown again later).
    tracking_code: str = ""
    tracking_pin: str = ""
    notes: list[str] = field(default_factory=list)


def _administrator() -> tuple[User, bool]:
    spec = next(login for login in LOGINS if login.role == Role.ADMINISTRATOR)
    user, created = User.objects.get_or_create(
        username=spec.username,
        defaults={
            "full_name": spec.full_name,
            "email": f"{spec.username}@demo.danvan.invalid",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user, created


def _units(actor: User, result: DemoResult) -> dict[str, Unit]:
    provinces = {p.code: p for p in Province.objects.filter(code=HANOI)}
    wards = {w.code: w for w in Ward.objects.filter(code=HOAN_KIEM)}
    units = {u.code: u for u in Unit.objects.filter(code__in=[spec.code for spec in UNITS])}
    for spec in UNITS:
        if spec.code in units:
            continue
        units[spec.code] = services.unit_create(
            actor=actor,
            name=spec.name,
            code=spec.code,
            kind=spec.kind,
            level=spec.level,
            short_name=spec.short_name,
            effective_from=spec.effective_from,
            effective_to=spec.effective_to,
            parent=units[spec.parent] if spec.parent else None,
            province=provinces.get(HANOI),
            ward=wards.get(spec.ward) if spec.ward else None,
            reason="Dữ liệu minh họa",
        )
        result.units_created += 1
    merged = [units["hn-ban-tuyen-giao"], units["hn-ban-dan-van"]]
    if any(unit.effective_to is None for unit in merged):
        services.unit_merge(
            actor=actor,
            units=merged,
            into=units["hn-btgdv"],
            on=BOARDS_MERGED,
            reason="Hợp nhất Ban Tuyên giáo và Ban Dân vận (dữ liệu minh họa)",
        )
        result.notes.append("merged the propaganda and mass-mobilisation boards")
    return units


def _competences(actor: User, units: dict[str, Unit], result: DemoResult) -> None:
    fields = {f.code: f for f in Field.objects.all()}
    for spec in COMPETENCES:
        unit = units[spec.unit_code]
        existing = Competence.objects.filter(
            unit=unit, letter_kind=spec.kind or "", matter=spec.matter
        )
        if existing.exists():
            continue
        competence = Competence(
            unit=unit,
            letter_kind=spec.kind or "",
            matter=spec.matter,
            legal_basis=spec.legal_basis,
            effective_from=unit.effective_from,
        )
        services.competence_save(actor=actor, competence=competence, reason="Dữ liệu minh họa")
        chosen = [fields[code] for code in spec.field_codes if code in fields]
        if chosen:
            competence.fields.set(chosen)
        result.competences_created += 1


def _people(actor: User, units: dict[str, Unit], result: DemoResult) -> None:
    today = today_local()
    for spec in LOGINS:
        user = actor if spec.username == actor.username else None
        if user is None:
            user, created = User.objects.get_or_create(
                username=spec.username,
                defaults={
                    "full_name": spec.full_name,
                    "email": f"{spec.username}@demo.danvan.invalid",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                result.users_created += 1
        if spec.role is None:
            continue
        unit = units[spec.unit_code]
        current = Membership.objects.filter(user=user, unit=unit, role=spec.role)
        if current.active_on(today).exists():
            continue
        _grant(user, unit, spec.role, spec.position, spec.leadership)
        result.memberships_created += 1
    for extra in EXTRA_ROLES:
        user = User.objects.get(username=extra.username)
        unit = units[extra.unit_code]
        held = Membership.objects.filter(user=user, unit=unit, role=extra.role)
        if held.active_on(today).exists():
            continue
        _grant(user, unit, extra.role, extra.position, extra.leadership)
        result.memberships_created += 1


def _delegations(actor: User, units: dict[str, Unit]) -> None:
    for unit_code, username, kinds, document in DELEGATIONS:
        unit = units[unit_code]
        deputy = User.objects.get(username=username)
        if Delegation.objects.filter(unit=unit, deputy=deputy).exists():
            continue
        services.delegation_save(
            actor=actor,
            delegation=Delegation(
                unit=unit, deputy=deputy, letter_kinds=list(kinds), document=document,
                effective_from=max(unit.effective_from, ROLES_FROM),
            ),
            reason="Dữ liệu minh họa",
        )  # fmt: skip


def _grant(user: User, unit: Unit, role: Role, position: str, leadership: str = "") -> None:
    # A leader whose title begins "Phó" is a deputy head; any other leader heads the unit.
    if role == Role.UNIT_LEADER and not leadership:
        leadership = Position.DEPUTY if position.startswith("Phó") else Position.HEAD
    # The platform itself gives the demo organisation its roles: no person, not even the demo
    # superuser, gives a role that reads denouncers' identities without a second approval.
    services.membership_grant(
        actor=SYSTEM,
        user=user,
        unit=unit,
        role=role,
        effective_from=max(unit.effective_from, ROLES_FROM),
        position_title=position,
        position=leadership,
        reason="Dữ liệu minh họa",
    )


class DemoRefusedError(ApplicationError):
    """The demo data was about to be loaded into a production deployment."""


#: The demo's own certification authority, on its trust list (never used in production).
DEMO_CA_NAME = "CA thử nghiệm của dữ liệu mẫu"


def _signing_keys(units: dict[str, Unit]) -> None:
    """A local CA on the trust list, an organisation key for each issuing unit and a key for
    each leader, so that the demo's documents are signed and issued as a real deployment's
    are (their passphrase: ``local_ca.PASSPHRASE``)."""
    if TrustedCertificate.objects.filter(name=DEMO_CA_NAME).exists():
        return
    authority = LocalAuthority(DEMO_CA_NAME)
    trusted = authority.trust()
    TrustedCertificate.objects.filter(pk=trusted.pk).update(name=DEMO_CA_NAME)
    issuing_units = Unit.objects.filter(issuer_profile__isnull=False)
    for unit in issuing_units:
        authority.signing_key(unit=unit)
    leaders = Membership.objects.filter(
        role=Role.UNIT_LEADER, unit__in=issuing_units
    ).select_related("user", "unit")
    for membership in leaders:
        authority.signing_key(unit=membership.unit, user=membership.user)


def load_demo() -> DemoResult:
    """Load reference data (administrative units, fields, calendar) and the demo organisation.

    Refused with ``DANVAN_ENV=production``: the demo's logins share one published password and
    its fictional letters would mix with the people's own."""
    if settings.DANVAN_ENV == "production":
        raise DemoRefusedError(
            _(
                "The demo data is never loaded with DANVAN_ENV=production: its logins share a "
                "published password and its letters are fictional."
            )
        )
    result = DemoResult()
    areas.import_admin_units()
    seed_fields()
    this_year = today_local().year
    for year in range(this_year - 1, this_year + 2):
        calendar_services.calendar_year_seed(year=year)
    with transaction.atomic():
        actor, created = _administrator()
        result.users_created += int(created)
        units = _units(actor, result)
        _competences(actor, units, result)
        _people(actor, units, result)
        _delegations(actor, units)
        profiles, terms = issuers.load_issuers(actor=actor, units=units)
        _signing_keys(units)
        result.issuer_profiles_created += profiles
        result.party_terms_created += terms
        samples = sample_letters.load_letters(units=units)
        result.letters_created += samples.created
        result.letters_created += sample_letters.load_party_letters(units=units)
        result.tracking_code = samples.tracking_code
        result.tracking_pin = samples.tracking_pin
    return result
