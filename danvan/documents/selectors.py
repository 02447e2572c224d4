"""Reads of the documents context: who issues (header, symbol, signer), terms, templates, the
outgoing register."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Final

from django.db.models import Q, QuerySet

from danvan.documents import policies, templates
from danvan.documents.models import (
    DEFAULT_MARGINS_MM,
    DocumentStatus,
    DocumentTemplate,
    IssuedDocument,
    IssuerProfile,
    PartyTerm,
)
from danvan.documents.rendering import Signer
from danvan.documents.types import DocumentType
from danvan.organizations import selectors as org_selectors
from danvan.organizations.models import DocumentFormat, Unit
from danvan.organizations.policies import AnyUser

_PLACE_PREFIXES: Final = ("thành phố ", "tỉnh ")


@dataclass(frozen=True)
class Issuer:
    """Everything about the issuing unit that a document prints, profile or fallbacks resolved."""

    unit: Unit
    fmt: DocumentFormat
    symbol: str
    drafting_symbol: str
    place: str
    parent_body_line: str
    body_line: str
    issuing_authority: str
    signer: Signer
    margins_mm: tuple[int, int, int, int]
    date_zero_pad: bool
    archive_line: str
    has_profile: bool


def _strip_marks(text: str) -> str:
    """Diacritics removed, đ/Đ kept (they are letters of their own: "ĐU", "QĐ")."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


def derive_symbol(unit: Unit) -> str:
    """A symbol from the unit's short name ("UBND") or, for a name of several words, from their
    initials ("Thanh tra thành phố Hà Nội" → "TTTPHN"). Set a profile for the real one."""
    source = (unit.short_name or unit.name).strip()
    words = [w for w in source.split() if any(ch.isalnum() for ch in w)]
    if len(words) == 1:
        return "".join(ch for ch in _strip_marks(words[0]) if ch.isalnum())[:30] or "DV"
    initials = "".join(_strip_marks(w)[0] for w in words if w[0].isalnum())
    return initials.upper()[:30] or "DV"


def derive_place(unit: Unit) -> str:
    """The province's name without "Thành phố"/"Tỉnh" ("Hà Nội"), or "" when unknown."""
    province = unit.province
    if province is None and unit.ward_id is not None:
        province = unit.ward.province if unit.ward else None
    if province is None:
        return ""
    name = province.name.strip()
    for prefix in _PLACE_PREFIXES:
        if name.lower().startswith(prefix):
            return name[len(prefix) :].strip()
    return name


def derive_parent_line(unit: Unit, on: dt.date) -> str:
    """The unit above, in capitals, when it heads documents of the same family at the same level
    (a board under its committee, an office under its people's committee); "" otherwise."""
    parent = org_selectors.parent(unit, on)
    if parent is None:
        return ""
    if parent.resolved_document_format != unit.resolved_document_format:
        return ""
    if parent.level != unit.level:
        return ""
    return parent.name.upper()


def archive_line(drafting_symbol: str = "") -> str:
    """The last line of "Nơi nhận": the clerical office (VT) and the drafting unit, e.g.
    "Lưu: VT, TCD" (NĐ 30/2020 Phụ lục I §II.9)."""
    return f"Lưu: VT, {drafting_symbol}" if drafting_symbol else "Lưu: VT"


def issuer_for(unit: Unit, on: dt.date) -> Issuer:
    """How ``unit`` heads, numbers and signs its documents on ``on``."""
    fmt = unit.resolved_document_format
    profile = IssuerProfile.objects.filter(unit_id=unit.pk).first()
    if profile is None:
        body = unit.name.upper()
        return Issuer(
            unit=unit,
            fmt=fmt,
            symbol=derive_symbol(unit),
            drafting_symbol="",
            place=derive_place(unit),
            parent_body_line=derive_parent_line(unit, on),
            body_line=body,
            issuing_authority=body,
            signer=Signer(position="", name=""),
            margins_mm=DEFAULT_MARGINS_MM[fmt],
            date_zero_pad=True,
            archive_line=archive_line(),
            has_profile=False,
        )
    profile.unit = unit  # margins_mm() reads the unit's format: no second query for the unit
    body = profile.body_line or unit.name.upper()
    return Issuer(
        unit=unit,
        fmt=fmt,
        symbol=profile.symbol,
        drafting_symbol=profile.drafting_symbol,
        place=profile.place,
        parent_body_line=profile.parent_body_line,
        body_line=body,
        issuing_authority=profile.issuing_authority or body,
        signer=Signer(
            position=profile.signer_position,
            name=profile.signer_name,
            authority=profile.signer_authority,
        ),
        margins_mm=profile.margins_mm(),
        date_zero_pad=profile.party_date_zero_pad if fmt == DocumentFormat.HD36 else True,
        archive_line=profile.archive_line or archive_line(profile.drafting_symbol),
        has_profile=True,
    )


def party_term_for(unit: Unit, on: dt.date) -> PartyTerm | None:
    """The term that numbers ``unit``'s party documents on ``on``: its own, else the nearest one
    above it in the tree on that date (a board numbers through its committee's term)."""
    chain = [unit, *org_selectors.ancestors(unit, on)]
    terms = {
        term.unit_id: term
        for term in PartyTerm.objects.filter(unit_id__in=[u.pk for u in chain])
        .filter(starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
    }
    for candidate in chain:
        if candidate.pk in terms:
            return terms[candidate.pk]
    return None


def effective_template(key: str) -> templates.EffectiveTemplate:
    """The text that applies for ``key``: an administrator's active, customised version, else
    the registered default. Raises ``templates.TemplateError`` for an unknown key."""
    default = templates.get_default(key)
    row = DocumentTemplate.objects.filter(key=key).first()
    if row is not None and row.active and (row.customised or default is None):
        return templates.EffectiveTemplate(
            key=key,
            doc_type=DocumentType(row.doc_type),
            title=row.title,
            summary=row.summary,
            body=row.body,
            recipients=row.recipient_lines(),
            placeholders=row.allowed_placeholders(),
            customised=True,
        )
    if default is None:
        raise templates.TemplateError(templates.unknown_template_message(key))
    return templates.EffectiveTemplate.from_default(default)


@dataclass(frozen=True)
class RegisterFilters:
    unit_id: int | None = None
    year: int | None = None
    doc_type: str = ""


def document_list_for_viewer(
    *, viewer: AnyUser, filters: RegisterFilters | None = None
) -> QuerySet[IssuedDocument]:
    """The outgoing register as ``viewer`` may see it, newest first: issued documents only
    (a draft enters the register when the clerk numbers and issues it)."""
    qs = policies.visible_documents(viewer).filter(status=DocumentStatus.ISSUED)
    qs = qs.select_related("unit")
    f = filters or RegisterFilters()
    if f.unit_id is not None:
        qs = qs.filter(unit_id=f.unit_id)
    if f.year is not None:
        qs = qs.filter(issued_on__year=f.year)
    if f.doc_type:
        qs = qs.filter(doc_type=f.doc_type)
    return qs.order_by("-issued_on", "-created_at", "-pk")


def documents_about(target_type: str, target_id: str) -> QuerySet[IssuedDocument]:
    """Documents issued about one object of another context ("letters.case", "42"), oldest
    first. No permission filter: the owning context checks who may see them."""
    return IssuedDocument.objects.filter(target_type=target_type, target_id=target_id).order_by(
        "drafted_on", "created_at", "pk"
    )


def is_issued(document_id: int) -> bool:
    """Whether the document is issued (signed, numbered and dated), read from the register
    rather than from a copy a caller may hold."""
    return IssuedDocument.objects.filter(pk=document_id, status=DocumentStatus.ISSUED).exists()
