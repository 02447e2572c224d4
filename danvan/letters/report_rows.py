"""Rows of letters for the statutory register book (sổ theo dõi đơn) and the national database
export (NĐ 55/2022 Art. 6), one mapping per letter.

The identity follows the register export (``letters.exports``): a protected letter's signers
are never written (the cell says the identity is protected) and its subject and summary are
redacted again with its signers' identity strings; other letters show the signer's name and
address, as their pages do to the same readers. The national rows never hold a protected
letter's signers at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Final

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from danvan.letters.exports import signers_cell
from danvan.letters.models import Case, Letter, Signer
from danvan.letters.redaction import redact
from danvan.letters.states import CaseStatus, LetterStatus

__all__ = [
    "NATIONAL_FIELDS",
    "REGISTER_FIELDS",
    "field_labels",
    "national_rows",
    "register_rows",
]

#: The values a register book column may show (``reports.RegisterColumn.key``).
REGISTER_FIELDS: Final = {
    "register_number": gettext_lazy("Register number"),
    "received_on": gettext_lazy("Received on"),
    "channel": gettext_lazy("Channel"),
    "unit": gettext_lazy("Unit"),
    "signers": gettext_lazy("Signers (name, address)"),
    "subject": gettext_lazy("Subject"),
    "summary": gettext_lazy("Summary"),
    "kind": gettext_lazy("Kind of letter"),
    "field": gettext_lazy("Field"),
    "competence": gettext_lazy("Competence"),
    "status": gettext_lazy("Handling"),
    "handled_on": gettext_lazy("Handled on"),
    "due_on": gettext_lazy("Due on"),
    "case_number": gettext_lazy("Case number"),
    "decided_on": gettext_lazy("Decided on"),
    "outcome": gettext_lazy("Outcome"),
}

#: NĐ 55/2022 Art. 6 fields of a letter, in export order (docs/national-database.md).
NATIONAL_FIELDS: Final = (
    "reference", "unit", "received_on", "channel", "kind", "subject", "field", "province",
    "signer_count", "sender_name", "sender_address", "identity_protected", "eligible",
    "within_competence", "forwarded", "forwarded_to", "guided", "filed", "withdrawn", "status",
    "handled_on", "case_number", "accepted_on", "due_on", "decided_on", "outcome",
)  # fmt: skip

_KIND_CODES: Final = {"complaint": "KN", "denunciation": "TC", "petition": "KNPA",
                      "feedback": "KNPA", "mixed": "HH"}  # fmt: skip
_WITHDRAWN: Final = ("kn10", "tc34.3a")


def _prepared(letters: QuerySet[Letter]) -> tuple[list[Letter], dict[int, list[Signer]]]:
    rows = list(
        letters.select_related("unit", "field", "province", "case", "competent_unit").order_by(
            "received_on", "unit_id", "register_year", "register_number"
        )
    )
    signers: dict[int, list[Signer]] = {}
    ids = [r.pk for r in rows]
    for signer in Signer.objects.filter(letter_id__in=ids).order_by("letter_id", "position"):
        signers.setdefault(signer.letter_id, []).append(signer)
    return rows, signers


def _case_of(letter: Letter) -> Case | None:
    try:
        return letter.case
    except Case.DoesNotExist:
        return None


def _texts(letter: Letter, signers: list[Signer]) -> tuple[str, str]:
    if not letter.identity_protected:
        return letter.subject, letter.summary
    identity = [x for s in signers for x in s.identity_strings()]
    return redact(letter.subject, identity), redact(letter.summary, identity)


def register_rows(letters: QuerySet[Letter]) -> list[dict[str, object]]:
    """One mapping of ``REGISTER_FIELDS`` per letter of ``letters`` (already scoped to the
    reader), in the register's order; three queries."""
    rows, signers = _prepared(letters)
    out = []
    for letter in rows:
        case = _case_of(letter)
        subject, summary = _texts(letter, signers.get(letter.pk, []))
        out.append({
            "register_number": letter.register_label,
            "received_on": letter.received_on,
            "channel": str(letter.get_channel_display()),
            "unit": letter.unit.name,
            "signers": signers_cell(letter, signers.get(letter.pk, [])),
            "subject": subject,
            "summary": summary,
            "kind": str(letter.get_kind_display()),
            "field": letter.field.name if letter.field else "",
            "competence": str(letter.get_competence_display()) if letter.competence else "",
            "status": str(letter.get_status_display()),
            "handled_on": letter.handled_on,
            "due_on": case.due_on if case else letter.due_on,
            "case_number": case.number if case else "",
            "decided_on": case.decided_on if case else None,
            "outcome": str(case.get_outcome_display()) if case and case.outcome else "",
        })  # fmt: skip
    return out


def national_rows(letters: QuerySet[Letter]) -> list[dict[str, object]]:
    """One mapping of ``NATIONAL_FIELDS`` per letter; a protected letter's signers are never
    included (name and address empty, ``identity_protected`` true)."""
    rows, signers = _prepared(letters)
    out = []
    for letter in rows:
        case = _case_of(letter)
        own = signers.get(letter.pk, [])
        subject, _summary = _texts(letter, own)
        protected = letter.identity_protected
        first = own[0] if own and not protected else None
        forwarded = letter.status == LetterStatus.FORWARDED
        out.append({
            "reference": f"{letter.unit_id}:{letter.register_label}",
            "unit": letter.unit.name,
            "received_on": letter.received_on.isoformat(),
            "channel": letter.channel,
            "kind": _KIND_CODES.get(letter.kind, letter.kind),
            "subject": subject,
            "field": letter.field.name if letter.field else "",
            "province": letter.province.name if letter.province else "",
            "signer_count": letter.signer_count,
            "sender_name": first.full_name if first else "",
            "sender_address": first.address if first else "",
            "identity_protected": protected,
            "eligible": letter.eligible,
            "within_competence": (letter.competence == "own") if letter.competence else None,
            "forwarded": forwarded,
            "forwarded_to": (
                (letter.competent_unit.name if letter.competent_unit else letter.competent_body)
                if forwarded else ""
            ),
            "guided": letter.status == LetterStatus.GUIDED,
            "filed": letter.status == LetterStatus.ARCHIVED,
            "withdrawn": bool(case and case.status == CaseStatus.TERMINATED
                              and case.end_ground in _WITHDRAWN),
            "status": letter.status,
            "handled_on": _iso(letter.handled_on),
            "case_number": case.number if case else "",
            "accepted_on": _iso(case.accepted_on) if case else None,
            "due_on": _iso(case.due_on if case else letter.due_on),
            "decided_on": _iso(case.decided_on) if case else None,
            "outcome": case.outcome if case else "",
        })  # fmt: skip
    return out


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def field_labels(keys: Iterable[str]) -> list[str]:
    return [str(REGISTER_FIELDS.get(k, k)) for k in keys]
