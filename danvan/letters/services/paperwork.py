"""The notices the law requires, issued through the documents context (numbered, DOCX).

Contexts are built here from the letter and case; values that could identify a denouncer are
never put into a document meant for anyone but the denouncer, and a notice addressed to the
denouncer is issued ``restricted`` so that only the people who may read the identity can open it.

Every notice is laid out as NĐ 30/2020 Phụ lục I (state bodies) or 36-HD/VPTW (party bodies)
ask (DOMAIN.md §5, §12.6):

- the legal basis as "Căn cứ" lines, one act per line ending ";" (``{legal_basis_lines}``), and
  cited "Điều 27 Luật Khiếu nại 2011" in sentences (``{legal_basis}``);
- the signature block of the person who signs on the date (``document_signer``): the head, or
  a deputy under the head's assignment with "KT. <head>" ("K/T" for a party body), below
  "TM. <collective>" ("T/M") where the body is a collective one, then the full name;
- "Nơi nhận" naming only bodies that exist (``notice_recipients``): the same-level state
  inspectorate only where the tree has one, never on the inspectorate's own documents or a
  party body's; the decisions on a case's course name both parties.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any, Final

from django.utils import translation
from django.utils.translation import gettext as _

from danvan.accounts.actors import signed_in_user
from danvan.accounts.models import User
from danvan.core import calendar
from danvan.core.actors import Actor
from danvan.documents import selectors as document_selectors
from danvan.documents import templates as document_templates
from danvan.documents.rendering import Signer as DocumentSigner
from danvan.documents.rendering import authority_lines
from danvan.documents.services import document_draft
from danvan.documents.types import DocumentType
from danvan.letters.choices import Channel
from danvan.letters.errors import CaseError
from danvan.letters.models import Case, CitizenNotice, Letter, PartyCase, Signer
from danvan.letters.protection import Shield, letter_identity
from danvan.organizations import selectors as org_selectors
from danvan.organizations.models import DocumentFormat, Unit
from danvan.organizations.models.units import UnitKind

#: Documents are written in Vietnamese whatever language the officer's pages use.
DOCUMENT_LANGUAGE = "vi"


def vi(value: Any) -> str:
    """A (lazy) translatable text rendered in the documents' language."""
    with translation.override(DOCUMENT_LANGUAGE):
        return str(value)


def fmt(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


# --- "Căn cứ" -------------------------------------------------------------------------------

_ARTICLE_TAIL_RE: Final = re.compile(r"^(?P<act>.+?),\s*(?P<articles>Điều\s.+)$")


def basis_items(text: str) -> list[str]:
    """The acts of a legal-basis text, each cited article first: "Luật Khiếu nại 2011, Điều 27;
    Thông tư 07/2013/TT-TTCP, Điều 5" → ["Điều 27 Luật Khiếu nại 2011", "Điều 5 Thông tư
    07/2013/TT-TTCP"]. A text that names no article stays as it is."""
    items = []
    for raw in text.split(";"):
        item = " ".join(raw.split()).strip(" .,")
        if not item:
            continue
        match = _ARTICLE_TAIL_RE.match(item)
        items.append(f"{match['articles']} {match['act']}" if match else item)
    return items


def cited(text: str) -> str:
    """``text`` as cited in a sentence: "Điều 27 Luật Khiếu nại 2011; Điều 5 Thông tư …"."""
    return "; ".join(basis_items(text))


def basis_lines(text: str) -> str:
    """``text`` as the "Căn cứ" lines of NĐ 30/2020 Phụ lục I §II.6: one act per line, each
    ending ";" (the line after them, "Xét …", ends the preamble with ".")."""
    return "\n".join(f"Căn cứ {item};" for item in basis_items(text))


def with_basis(context: dict[str, str]) -> dict[str, str]:
    """``context`` with its ``legal_basis`` cited for sentences and as "Căn cứ" lines."""
    if "legal_basis" not in context:
        return context
    basis = context["legal_basis"]
    return context | {"legal_basis": cited(basis), "legal_basis_lines": basis_lines(basis)}


# --- who signs ---------------------------------------------------------------------------------

#: Collective bodies and how their signature block names them: "TM. ỦY BAN NHÂN DÂN" (state),
#: "T/M BAN THƯỜNG VỤ" (party). A party collective signs "T/M" whoever of its leaders signs.
_COLLECTIVES: Final[dict[str, str]] = {
    UnitKind.PEOPLES_COMMITTEE: "ỦY BAN NHÂN DÂN",
    UnitKind.PEOPLES_COUNCIL: "THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN",
    UnitKind.FRONT_COMMITTEE: "BAN THƯỜNG TRỰC",
    UnitKind.INSPECTION_COMMITTEE: "ỦY BAN KIỂM TRA",
    UnitKind.PARTY_COMMITTEE: "BAN THƯỜNG VỤ",
    UnitKind.SECTOR_PARTY_COMMITTEE: "BAN THƯỜNG VỤ",
    UnitKind.PARTY_ORGANISATION: "ĐẢNG ỦY",
    UnitKind.PARTY_CELL: "CHI BỘ",
}
#: The head's title when the membership does not give one.
_HEAD_TITLES: Final[dict[str, str]] = {
    UnitKind.PEOPLES_COMMITTEE: "CHỦ TỊCH",
    UnitKind.PEOPLES_COUNCIL: "CHỦ TỊCH",
    UnitKind.FRONT_COMMITTEE: "CHỦ TỊCH",
    UnitKind.INSPECTORATE: "CHÁNH THANH TRA",
    UnitKind.STATE_DEPARTMENT: "GIÁM ĐỐC",
    UnitKind.STATE_OFFICE: "CHÁNH VĂN PHÒNG",
    UnitKind.INSPECTION_COMMITTEE: "CHỦ NHIỆM",
    UnitKind.PARTY_COMMITTEE: "BÍ THƯ",
    UnitKind.SECTOR_PARTY_COMMITTEE: "BÍ THƯ",
    UnitKind.PARTY_ORGANISATION: "BÍ THƯ",
    UnitKind.PARTY_CELL: "BÍ THƯ",
    UnitKind.PARTY_BOARD: "TRƯỞNG BAN",
    UnitKind.PARTY_OFFICE: "CHÁNH VĂN PHÒNG",
}
#: What the head decides in person (the decision, the conclusion on a denunciation: Luật Khiếu nại
#: Art. 31, Luật Tố cáo Art. 35): signed with the head's title, no "TM." line.
PERSONAL_ACTS: Final = frozenset({DocumentType.DECISION, DocumentType.CONCLUSION})
_DEPUTY_PREFIX_RE: Final = re.compile(r"^PHÓ\s+", re.IGNORECASE)


def _upper(text: str) -> str:
    return " ".join(text.split()).upper()


def _chosen(deciders: Sequence[Any], *, actor: Actor | None, user_id: int | None) -> Any:
    """``user_id`` (or the actor) among the unit's deciders, else the first (its head)."""
    if not deciders:
        return None
    wanted = user_id
    if wanted is None and actor is not None:
        user = signed_in_user(actor)
        wanted = user.pk if user is not None else None
    return next((d for d in deciders if d.user_id == wanted), deciders[0])


def signing_user(
    *, unit: Unit, kind: str, actor: Actor | None, on: dt.date, user_id: int | None = None
) -> User | None:
    """The person who signs what ``document_signer`` lays out: the draft waits for them."""
    chosen = _chosen(org_selectors.deciders(unit.pk, kind, on), actor=actor, user_id=user_id)
    return User.objects.filter(pk=chosen.user_id).first() if chosen is not None else None


def document_signer(
    *,
    unit: Unit,
    kind: str,
    actor: Actor | None,
    on: dt.date | None = None,
    decision: bool = False,
    user_id: int | None = None,
) -> DocumentSigner | None:
    """The signature block of a document ``unit`` issues on ``on`` about a letter of ``kind``.

    The signer is ``user_id`` (or the actor) when they decide for the unit that day, else its
    head (``organizations.selectors.deciders``: the head first, then the deputies assigned the
    kind). A deputy signs "KT. <head's title>" above their own title ("K/T" in a party body);
    a collective body's documents carry "TM. <collective>" above ("T/M"); a state decision or
    conclusion (``decision``, see ``PERSONAL_ACTS``) is the head's own act (it names "CHỦ TỊCH
    ỦY BAN NHÂN DÂN …" as its author), so it has no "TM." line. ``None`` when nobody decides
    for the unit that day: the issuer profile's default block applies."""
    day = on or calendar.today_local()
    deciders = org_selectors.deciders(unit.pk, kind, day)
    chosen = _chosen(deciders, actor=actor, user_id=user_id)
    if chosen is None:
        return None
    head = next((d for d in deciders if not d.is_deputy), None)
    fmt = unit.resolved_document_format
    head_title = _upper(head.position_title) if head and head.position_title else ""
    if not head_title and chosen.is_deputy and chosen.position_title:
        head_title = _DEPUTY_PREFIX_RE.sub("", _upper(chosen.position_title))
    head_title = head_title or _HEAD_TITLES.get(unit.kind, "THỦ TRƯỞNG")
    if chosen.is_deputy:
        position = _upper(chosen.position_title) or f"PHÓ {head_title}"
    else:
        position = _upper(chosen.position_title) or head_title
    collective = _COLLECTIVES.get(unit.kind, "")
    if decision and fmt == DocumentFormat.ND30:
        collective = ""
    party_collective = fmt == DocumentFormat.HD36 and bool(collective)
    lines = authority_lines(
        fmt,
        collective=collective,
        # In a party collective every leader signs "T/M" with their own title (36-HD/VPTW).
        deputy=chosen.is_deputy and not party_collective,
        head_title=head_title,
    )
    name = User.objects.filter(pk=chosen.user_id).values_list("full_name", flat=True).first() or ""
    return DocumentSigner(authority="\n".join(lines), position=position, name=name)


# --- "Nơi nhận" --------------------------------------------------------------------------------

_SAME_LEVEL_INSPECTORATE_RE: Final = re.compile(r"^\s*-?\s*thanh tra cùng cấp", re.IGNORECASE)


def same_level_inspectorate(unit: Unit, on: dt.date) -> Unit | None:
    """The state inspectorate at ``unit``'s level on ``on``: one under the unit (Thanh tra tỉnh
    under the provincial people's committee), or, for a department, one beside it under the
    same people's committee. ``None`` at commune level, where the tree has none."""
    found = org_selectors.children(unit, on).filter(kind=UnitKind.INSPECTORATE).first()
    if found is not None:
        return found
    parent = org_selectors.parent(unit, on)
    if parent is not None and parent.level == unit.level and unit.kind != UnitKind.INSPECTORATE:
        return org_selectors.children(parent, on).filter(kind=UnitKind.INSPECTORATE).first()
    return None


def notice_recipients(
    *,
    key: str,
    unit: Unit,
    context: dict[str, str],
    on: dt.date | None = None,
    extra: Sequence[str] = (),
) -> list[str]:
    """The "Nơi nhận" lines of notice ``key`` (its template's, values filled in) for ``unit``:
    "Thanh tra cùng cấp" becomes the same-level inspectorate's name, or goes where there is
    none, on the inspectorate's own documents and in party documents; ``extra`` lines (the
    parties to a case) follow the template's; the archive line is added by the documents
    context ("Lưu: VT, <drafting unit>")."""
    day = on or calendar.today_local()
    template = document_selectors.effective_template(key)
    values = {
        "issuer": unit.name,
        "issuer_upper": unit.name.upper(),
        "issuing_authority": unit.name.upper(),
        "place": "",
        "issued_on": fmt(day),
        **context,
    }
    lines: list[str] = []
    inspectorate: Unit | bool | None = False  # not looked up yet
    for raw in template.recipients:
        line = document_templates.substitute(raw, values).strip()
        if _SAME_LEVEL_INSPECTORATE_RE.match(line):
            if unit.resolved_document_format != DocumentFormat.ND30:
                continue
            if unit.kind == UnitKind.INSPECTORATE:
                continue
            if inspectorate is False:
                inspectorate = same_level_inspectorate(unit, day)
            if not isinstance(inspectorate, Unit):
                continue
            line = _SAME_LEVEL_INSPECTORATE_RE.sub(inspectorate.name, line, count=1)
        if line and line not in lines:
            lines.append(line)
    for line in extra:
        if line and line not in lines:
            lines.append(line)
    return lines


def case_parties(letter: Letter) -> list[str]:
    """Both sides of a case, for the "Nơi nhận" of the decisions on its course (extension,
    suspension, resumption, ending: Luật Tố cáo Arts. 30, 34(4); Luật Khiếu nại Art. 11a): the
    complainant or denouncer — never by name when their identity is protected — and the person
    or body complained of or denounced."""
    with translation.override(DOCUMENT_LANGUAGE):
        if letter.kind == "denunciation":
            if letter.identity_protected:
                first = _("The denouncer")
            else:
                first = _addressee(letter)[0] or _("The denouncer")
            account = letter.denounced_user
            denounced = letter.denounced_name or (account.get_full_name() if account else "")
            second = (
                _("Mr/Ms %(name)s (the person denounced)") % {"name": denounced}
                if denounced
                else _("The person denounced")
            )
        else:
            name = "" if letter.identity_protected else _addressee(letter)[0]
            first = (
                _("%(name)s (the complainant)") % {"name": name} if name else _("The complainant")
            )
            about_unit = letter.about_unit
            about = letter.contested_issuer or (about_unit.name if about_unit else "")
            second = (
                _("%(name)s (complained of)") % {"name": about}
                if about
                else _("The person or body complained of")
            )
        return [str(first), str(second)]


def addressee_signer(letter: Letter) -> Signer | None:
    """The signer the notices to the citizen are addressed to: the representative, else the
    first signer who has not withdrawn."""
    return (
        Signer.objects.filter(letter=letter, withdrawn_on__isnull=True)
        .order_by("-is_representative", "position")
        .first()
    )


def _addressee(letter: Letter) -> tuple[str, str]:
    signer = addressee_signer(letter)
    if signer is None or not signer.full_name:
        return "", ""
    return _("Mr/Ms %(name)s") % {"name": signer.full_name}, signer.address


@translation.override(DOCUMENT_LANGUAGE)
def letter_context(letter: Letter, *, with_addressee: bool) -> dict[str, str]:
    recipient, address = _addressee(letter) if with_addressee else ("", "")
    return {
        "recipient": recipient,
        "recipient_address": address,
        "letter_kind": str(letter.get_kind_display()).lower(),
        "received_on": fmt(letter.received_on),
        "letter_summary": letter.summary or letter.subject,
        "unit_name": letter.unit.name,
    }


@translation.override(DOCUMENT_LANGUAGE)
def case_context(case: Case) -> dict[str, str]:
    return {
        "case_number": case.number,
        "accepted_on": fmt(case.accepted_on),
        "due_on": fmt(case.due_on),
        "round": _("first time") if case.round == 1 else _("second time"),
    }


def issue(
    *,
    letter: Letter,
    key: str,
    context: dict[str, str],
    actor: Actor,
    target: Letter | Case | PartyCase,
    addressed_to_citizen: bool,
    signer: DocumentSigner | None = None,
    parties: Sequence[str] = (),
) -> Any:
    """Issue notice ``key`` for ``letter``; returns the IssuedDocument. ``signer`` None: the
    block of who decides for the unit that day (``document_signer``; a party decision passes its
    "T/M" or "K/T" block), else the unit's default. ``parties``: lines added to "Nơi nhận"."""
    restricted = addressed_to_citizen and letter.identity_protected
    unit = target.unit
    day = calendar.today_local()
    context = with_basis(context)
    if letter.identity_protected and not addressed_to_citizen:
        # A document for anyone but the denouncer — the person denounced, the verifiers, the
        # bodies it is sent to — never names the denouncer, whatever an officer wrote in it
        # (Luật Tố cáo Arts. 8(3), 47): every value is put in without the identity.
        shield = Shield(tuple(letter_identity(letter)), active=True)
        context = {name: shield.text(value) for name, value in context.items()}
    template = document_selectors.effective_template(key)
    signer_user: User | None = None
    if signer is None:
        resolver_id = getattr(target, "resolver_id", None)
        signer = document_signer(
            unit=unit,
            kind=letter.kind,
            actor=actor,
            on=day,
            decision=template.doc_type in PERSONAL_ACTS,
            user_id=resolver_id,
        )
        if signer is not None:
            # The draft waits for the person its signature block names.
            signer_user = signing_user(
                unit=unit, kind=letter.kind, actor=actor, on=day, user_id=resolver_id
            )
    recipients = notice_recipients(key=key, unit=unit, context=context, on=day, extra=parties)
    document = document_draft(
        unit=unit,
        template_key=key,
        context=context,
        actor=actor,
        target=target,
        restricted=restricted,
        signer=signer,
        signer_user=signer_user,
        recipients=recipients,
    )
    if addressed_to_citizen:
        record_citizen_notice(letter=letter, document=document)
    return document


def record_citizen_notice(*, letter: Letter, document: Any) -> CitizenNotice | None:
    """Keep ``document`` in the list of notices addressed to the letter's citizen (the tracking
    page offers it to them); it goes by post when the letter came by post or its addressee left
    no telephone or e-mail. A letter nobody signed has no one to address it to: ``None``."""
    addressee = addressee_signer(letter)
    if addressee is None:
        return None
    by_post = letter.channel == Channel.POST or not (addressee.email or addressee.phone)
    notice, _created = CitizenNotice.objects.get_or_create(
        letter=letter, document=document, defaults={"by_post": by_post}
    )
    return notice


#: The decisions on a case's course that go to both sides (Luật Tố cáo Arts. 30(2), 34(4);
#: Luật Khiếu nại Art. 11a).
_SENT_TO_BOTH_PARTIES: Final = frozenset(
    {"letters.extension", "letters.suspension", "letters.resumption", "letters.termination"}
)


def issue_case_decision(*, case: Case, key: str, values: dict[str, str], actor: Actor) -> Any:
    """A decision on the course of a case (extension, suspension, resumption, ending), sent to
    the parties: the case's fields, the letter's summary and ``values``; no signer of the letter
    in it."""
    context = case_context(case) | {"letter_summary": case.letter.summary or case.letter.subject}
    return issue(
        letter=case.letter,
        key=key,
        context=context | values,
        actor=actor,
        target=case,
        addressed_to_citizen=False,
        parties=case_parties(case.letter) if key in _SENT_TO_BOTH_PARTIES else (),
    )


def issue_letter_notice(
    *, letter: Letter, key: str, values: dict[str, str], actor: Actor, to_citizen: bool
) -> Any:
    """The notice of how a letter was handled (refusal, transfer slip, guidance), kept as the
    letter's ``handling_document``. A transfer slip (``to_citizen=False``) names no signer."""
    context = letter_context(letter, with_addressee=to_citizen) | values
    document = issue(
        letter=letter,
        key=key,
        context=context,
        actor=actor,
        target=letter,
        addressed_to_citizen=to_citizen,
    )
    Letter.objects.filter(pk=letter.pk).update(handling_document=document)
    return document


def require_issued(document: Any, what: str) -> None:
    """Refuse a step that needs ``document`` issued (signed, then numbered and dated by the
    clerk: NĐ 30/2020 Art. 15) while it is not; None passes (no such document)."""
    if document is None:
        return
    if not document_selectors.is_issued(document.pk):
        raise CaseError(
            _(
                "This step needs %(what)s issued first: it is signed, then the clerk numbers "
                "and issues it (Documents to sign and issue)."
            )
            % {"what": what}
        )
