"""How the demo units head, number and sign their documents (issuer profiles) and the city
Party committee's terms, through the documents context's own services.

The symbols, header lines and signing authorities follow NĐ 30/2020 (state bodies) and
Hướng dẫn 36-HD/VPTW (party bodies) as the Hà Nội bodies use them; the signers are left empty
(every person in the demo is fictional, and a real name does not belong on a sample document).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from danvan.accounts.models import User
from danvan.documents.models import IssuerProfile, PartyTerm
from danvan.documents.services import issuer_profile_save, party_term_save
from danvan.organizations.models import Unit

HANOI_PLACE = "Hà Nội"
HOAN_KIEM_PLACE = "Hoàn Kiếm"  # a commune-level body prints its own commune's name (NĐ 30)
CITY_COMMITTEE = "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI"
CITY_PARTY = "THÀNH ỦY HÀ NỘI"
CITY_STATE = "UBND THÀNH PHỐ HÀ NỘI"


@dataclass(frozen=True)
class DemoIssuer:
    unit_code: str
    symbol: str
    place: str
    parent_body_line: str
    body_line: str
    issuing_authority: str = ""
    signer_authority: str = ""
    signer_position: str = ""
    drafting_symbol: str = ""


ISSUERS: tuple[DemoIssuer, ...] = (
    DemoIssuer(
        "hn-thanh-uy",
        "TU",
        HANOI_PLACE,
        CITY_COMMITTEE,
        "THÀNH ỦY HÀ NỘI",
        signer_authority="T/M BAN THƯỜNG VỤ",
        signer_position="BÍ THƯ",
    ),
    DemoIssuer(
        "hn-btgdv",
        "BTGDVTU",
        HANOI_PLACE,
        CITY_PARTY,
        "BAN TUYÊN GIÁO VÀ DÂN VẬN",
        signer_position="PHÓ TRƯỞNG BAN",
        signer_authority="K/T TRƯỞNG BAN",
    ),
    DemoIssuer(
        "hn-ubkt",
        "UBKTTU",
        HANOI_PLACE,
        CITY_PARTY,
        "ỦY BAN KIỂM TRA",
        signer_authority="T/M ỦY BAN KIỂM TRA",
        signer_position="CHỦ NHIỆM",
    ),
    DemoIssuer(
        "hn-vp-thanh-uy",
        "VPTU",
        HANOI_PLACE,
        CITY_PARTY,
        "VĂN PHÒNG",
        signer_position="CHÁNH VĂN PHÒNG",
    ),
    DemoIssuer(
        "hn-ubnd",
        "UBND",
        HANOI_PLACE,
        "",
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        issuing_authority="CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        signer_authority="TM. ỦY BAN NHÂN DÂN",
        signer_position="CHỦ TỊCH",
    ),
    DemoIssuer(
        "hn-vp-ubnd",
        "VP",
        HANOI_PLACE,
        CITY_STATE,
        "VĂN PHÒNG",
        signer_position="CHÁNH VĂN PHÒNG",
    ),
    DemoIssuer(
        "hn-thanh-tra",
        "TTr",
        HANOI_PLACE,
        CITY_STATE,
        "THANH TRA THÀNH PHỐ",
        issuing_authority="CHÁNH THANH TRA THÀNH PHỐ HÀ NỘI",
        signer_authority="KT. CHÁNH THANH TRA",
        signer_position="PHÓ CHÁNH THANH TRA",
    ),
    DemoIssuer(
        "hn-btcd",
        "BTCD",
        HANOI_PLACE,
        CITY_STATE,
        "BAN TIẾP CÔNG DÂN",
        signer_position="TRƯỞNG BAN",
    ),
    DemoIssuer(
        "hn-so-nnmt",
        "SNNMT",
        HANOI_PLACE,
        CITY_STATE,
        "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
        signer_position="GIÁM ĐỐC",
    ),
    DemoIssuer(
        "hn-mttq",
        "MTTQ",
        HANOI_PLACE,
        "",
        "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM THÀNH PHỐ HÀ NỘI",
        signer_authority="T/M BAN THƯỜNG TRỰC",
        signer_position="CHỦ TỊCH",
    ),
    DemoIssuer(
        "hn-hoi-nong-dan",
        "HND",
        HANOI_PLACE,
        "",
        "HỘI NÔNG DÂN THÀNH PHỐ HÀ NỘI",
        signer_authority="T/M BAN THƯỜNG VỤ",
        signer_position="CHỦ TỊCH",
    ),
    DemoIssuer(
        "hn-dang-uy-hoan-kiem",
        "ĐU",
        HOAN_KIEM_PLACE,
        CITY_COMMITTEE,
        "ĐẢNG ỦY PHƯỜNG HOÀN KIẾM",
        signer_authority="T/M ĐẢNG ỦY",
        signer_position="BÍ THƯ",
    ),
    DemoIssuer(
        "hn-ubnd-hoan-kiem",
        "UBND",
        HOAN_KIEM_PLACE,
        "",
        "ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM",
        issuing_authority="CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM",
        signer_authority="TM. ỦY BAN NHÂN DÂN",
        signer_position="CHỦ TỊCH",
    ),
)


@dataclass(frozen=True)
class DemoTerm:
    unit_code: str
    name: str
    starts_on: dt.date
    ends_on: dt.date | None


#: The city Party committee's terms: each runs from the day after its congress closes to the
#: closing day of the next (XVII congress 9-13/10/2020, XVIII congress 16-18/10/2025). The boards,
#: the office and the inspection committee number through these terms; administrators check
#: the dates against the congresses' resolutions.
TERMS: tuple[DemoTerm, ...] = (
    DemoTerm("hn-thanh-uy", "2020-2025", dt.date(2020, 10, 14), dt.date(2025, 10, 18)),
    DemoTerm("hn-thanh-uy", "2025-2030", dt.date(2025, 10, 19), None),
)


def load_issuers(*, actor: User, units: dict[str, Unit]) -> tuple[int, int]:
    """Create the missing issuer profiles and party terms; returns how many of each."""
    have = set(IssuerProfile.objects.values_list("unit_id", flat=True))
    profiles = 0
    for spec in ISSUERS:
        unit = units.get(spec.unit_code)
        if unit is None or unit.pk in have:
            continue
        issuer_profile_save(
            actor=actor,
            profile=IssuerProfile(
                unit=unit,
                symbol=spec.symbol,
                drafting_symbol=spec.drafting_symbol,
                place=spec.place,
                parent_body_line=spec.parent_body_line,
                body_line=spec.body_line,
                issuing_authority=spec.issuing_authority,
                signer_authority=spec.signer_authority,
                signer_position=spec.signer_position,
            ),
        )
        profiles += 1
    terms = 0
    for term in TERMS:
        unit = units[term.unit_code]
        if PartyTerm.objects.filter(unit=unit, name=term.name).exists():
            continue
        party_term_save(
            actor=actor,
            term=PartyTerm(
                unit=unit, name=term.name, starts_on=term.starts_on, ends_on=term.ends_on
            ),
        )
        terms += 1
    return profiles, terms
