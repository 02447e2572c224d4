"""The notices the law requires, issued through the documents context (numbered, DOCX).

Contexts are built here from the letter and case; values that could identify a denouncer are
never put into a document meant for anyone but the denouncer, and a notice addressed to the
denouncer is issued ``restricted`` so that only the people who may read the identity can open it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from danvan.core.actors import Actor
from danvan.documents.rendering import Signer as DocumentSigner
from danvan.documents.services import document_issue
from danvan.letters.choices import Channel
from danvan.letters.models import Case, CitizenNotice, Letter, PartyCase, Signer
from danvan.letters.protection import Shield, letter_identity

#: Documents are written in Vietnamese whatever language the officer's pages use.
DOCUMENT_LANGUAGE = "vi"


def vi(value: Any) -> str:
    """A (lazy) translatable text rendered in the documents' language."""
    with translation.override(DOCUMENT_LANGUAGE):
        return str(value)


def fmt(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


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
) -> Any:
    """Issue notice ``key`` for ``letter``; returns the IssuedDocument. ``signer`` None: the
    unit's default signature block (a party decision passes its "T/M" or "K/T" block)."""
    restricted = addressed_to_citizen and letter.identity_protected
    if letter.identity_protected and not addressed_to_citizen:
        # A document for anyone but the denouncer — the person denounced, the verifiers, the
        # bodies it is sent to — never names the denouncer, whatever an officer wrote in it
        # (Luật Tố cáo Arts. 8(3), 47): every value is put in without the identity.
        shield = Shield(tuple(letter_identity(letter)), active=True)
        context = {name: shield.text(value) for name, value in context.items()}
    document = document_issue(
        unit=target.unit,
        template_key=key,
        context=context,
        actor=actor,
        target=target,
        restricted=restricted,
        signer=signer,
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


def issue_case_decision(*, case: Case, key: str, values: dict[str, str], actor: Actor) -> Any:
    """A decision on the course of a case (extension, suspension, resumption, ending), sent to
    the parties: the case's fields, the letter's summary and ``values``; no signer in it."""
    context = case_context(case) | {"letter_summary": case.letter.summary or case.letter.subject}
    return issue(
        letter=case.letter,
        key=key,
        context=context | values,
        actor=actor,
        target=case,
        addressed_to_citizen=False,
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
