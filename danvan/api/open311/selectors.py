"""What Open311 shows: the services (the fields that feedback and petitions are about) and the
service requests (those letters), with only what the public may read of them.

* ``GET requests`` lists the feedback and petitions whose answer is public: a publication on
  the portal in its period (``letters.selectors.current_publications``).
* ``GET requests/{id}`` answers for any feedback or petition: its status, the unit that handles
  it, its dates. Its own words (description, address, position, photo) are shown only when the
  citizen agreed to publication (``Letter.publish_consent``) and its answer is public; every
  text shown goes through the public shield (``letters.protection.public_shields``), which
  removes the signers' identity.
* A letter holding denunciation content (``Letter.protected_q``), a complaint and a
  denunciation are never shown, whatever their id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.api.open311 import ids
from danvan.api.open311.formats import iso
from danvan.core import calendar
from danvan.letters import selectors as letter_selectors
from danvan.letters.choices import LetterKind
from danvan.letters.models import Case, Letter, Publication
from danvan.letters.protection import Shield, public_shields
from danvan.letters.states import (
    FINISHED_CASE_STATUSES,
    HANDLED_LETTER_STATUSES,
    CaseStatus,
    LetterStatus,
)
from danvan.organizations.models import Field

__all__ = [
    "OPEN311_KINDS",
    "RequestFilters",
    "attribute_definitions",
    "open311_letters",
    "request_rows",
    "service_for_code",
    "service_rows",
    "services",
]

#: What Open311 carries: feedback and petitions, which need no signature.
OPEN311_KINDS: Final = (LetterKind.FEEDBACK, LetterKind.PETITION)
#: Closed for Open311: the letter handled without a case, or its case finished here.
_CLOSED_LETTER: Final = HANDLED_LETTER_STATUSES
_CLOSED_CASE: Final = FINISHED_CASE_STATUSES
#: At most this many requests in one answer (the standard's suggestion).
MAX_REQUESTS: Final = 1000
#: The default window of ``GET requests`` and the widest one asked.
WINDOW: Final = dt.timedelta(days=90)


# --- services ---------------------------------------------------------------------------------


def services() -> QuerySet[Field]:
    """The fields a citizen may choose: active, under an active group (or none), and not a group
    with fields of its own (its fields are the services)."""
    children = Field.objects.filter(parent_id=OuterRef("pk"), active=True)
    return (
        Field.objects.filter(active=True)
        .filter(Q(parent__isnull=True) | Q(parent__active=True))
        .exclude(Exists(children))
        .select_related("parent")
        .order_by("parent__position", "parent_id", "position", "pk")
    )


def service_for_code(code: str) -> Field | None:
    if not code or len(code) > 60:
        return None
    return services().filter(code=code).first()


def service_rows(fields: Iterable[Field]) -> list[dict[str, Any]]:
    """``GET services``: each field as the standard's service."""
    rows = []
    for field in fields:
        group = field.parent.name if field.parent is not None else ""
        rows.append(
            {
                "service_code": field.code,
                "service_name": field.name,
                "description": _(
                    "Feedback or a petition about “%(field)s” to the competent authority."
                )
                % {"field": field.name},
                "metadata": True,
                "type": "realtime",
                "keywords": _("feedback, petition"),
                "group": group,
            }
        )
    return rows


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str
    required: bool
    description: str
    values: tuple[tuple[str, str], ...] = ()
    datatype_description: str = ""


def attribute_definitions() -> list[Attribute]:
    """The questions of every service (``GET services/{code}``), in order."""
    return [
        Attribute(
            code="kind",
            datatype="singlevaluelist",
            required=False,
            description=_(
                "Feedback (the default) reports a problem; a petition also proposes a solution "
                "and must give the sender's full name."
            ),
            values=(
                (LetterKind.FEEDBACK.value, str(LetterKind.FEEDBACK.label)),
                (LetterKind.PETITION.value, str(LetterKind.PETITION.label)),
            ),
        ),
        Attribute(
            code="title",
            datatype="string",
            required=False,
            description=_("A short subject; by default the beginning of the description."),
            datatype_description=_("At most 255 characters."),
        ),
        Attribute(
            code="sender_address",
            datatype="string",
            required=False,
            description=_("The sender's address, where the answer can be sent."),
            datatype_description=_("At most 255 characters."),
        ),
        Attribute(
            code="publish_consent",
            datatype="singlevaluelist",
            required=False,
            description=_(
                "Whether the sender agrees that the text of the letter and its answer are "
                "published, without personal data."
            ),
            values=(("false", _("No (the default)")), ("true", _("Yes"))),
        ),
    ]


def definition_body(field: Field) -> dict[str, Any]:
    """``GET services/{code}``: the service definition with its attributes."""
    return {
        "service_code": field.code,
        "attributes": [
            {
                "variable": True,
                "code": a.code,
                "datatype": a.datatype,
                "required": a.required,
                "datatype_description": a.datatype_description,
                "order": order,
                "description": a.description,
                "values": [{"key": key, "name": name} for key, name in a.values],
            }
            for order, a in enumerate(attribute_definitions(), start=1)
        ],
    }


# --- service requests -------------------------------------------------------------------------


def open311_letters() -> QuerySet[Letter]:
    """Every letter Open311 may name: feedback and petitions without denunciation content."""
    return Letter.objects.filter(kind__in=OPEN311_KINDS).exclude(Letter.protected_q())


def _closed_q() -> Q:
    return Q(status__in=_CLOSED_LETTER) | Q(
        status=LetterStatus.ACCEPTED, case__status__in=_CLOSED_CASE
    )


def _current_publications(day: dt.date) -> QuerySet[Publication]:
    return letter_selectors.current_publications(day).select_related(None).order_by("-starts_on")


@dataclass(frozen=True)
class RequestFilters:
    """``GET requests`` as asked: ids (then nothing else counts), service codes, a period of
    ``requested_datetime`` and the statuses ("open", "closed")."""

    request_ids: Sequence[str] = ()
    service_codes: Sequence[str] = ()
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    statuses: Sequence[str] = ()


def requests_listed(filters: RequestFilters, now: dt.datetime | None = None) -> list[Letter]:
    """The requests ``GET requests`` lists: letters with a public answer, newest first, at most
    ``MAX_REQUESTS``. Without ids or dates, those of the last 90 days."""
    day = calendar.today_local()
    published = _current_publications(day).filter(letter_id=OuterRef("pk"))
    qs = open311_letters().filter(Exists(published))
    if filters.request_ids:
        pks = {pk for value in filters.request_ids if (pk := ids.letter_pk_of(value)) is not None}
        found = [
            letter
            for letter in _loaded(qs.filter(pk__in=pks), day)
            if any(ids.verify(value, letter) for value in filters.request_ids)
        ]
        return found[:MAX_REQUESTS]
    moment = now or timezone.now()
    start, end = filters.start, filters.end
    if start is None and end is None:
        start = moment - WINDOW
    elif start is None and end is not None:
        start = end - WINDOW
    if start is not None:
        qs = qs.filter(received_at__gte=start)
    if end is not None:
        qs = qs.filter(received_at__lte=end)
    if filters.service_codes:
        qs = qs.filter(field__code__in=list(filters.service_codes))
    wanted = set(filters.statuses)
    if wanted == {"open"}:
        qs = qs.exclude(_closed_q())
    elif wanted == {"closed"}:
        qs = qs.filter(_closed_q())
    return _loaded(qs.order_by("-received_at", "-pk")[:MAX_REQUESTS], day)


def request_for_id(value: str) -> Letter | None:
    """The feedback or petition named by a request id (or a token), or None."""
    pk = ids.letter_pk_of(value)
    if pk is None:
        return None
    found = _loaded(open311_letters().filter(pk=pk), calendar.today_local())
    if not found or not ids.verify(value, found[0]):
        return None
    return found[0]


def _loaded(qs: QuerySet[Letter], day: dt.date) -> list[Letter]:
    return list(
        qs.select_related("field", "unit", "case__unit").prefetch_related(
            Prefetch("publications", queryset=_current_publications(day), to_attr="public_now")
        )
    )


def _status(letter: Letter, case: Case | None) -> str:
    closed = letter.status in _CLOSED_LETTER or (
        case is not None and letter.status == LetterStatus.ACCEPTED and case.status in _CLOSED_CASE
    )
    return "closed" if closed else "open"


def _status_label(letter: Letter, case: Case | None) -> str:
    if case is not None:
        return str(case.get_status_display())
    return str(letter.get_status_display())


def _agency(letter: Letter, case: Case | None) -> str:
    if case is not None:
        return case.unit.name
    if letter.status == LetterStatus.FORWARDED and letter.competent_body:
        return letter.competent_body
    return letter.unit.name


def _expected(letter: Letter) -> str | None:
    """The statutory deadline that runs (the case's, else the letter's own), as the end of its
    day in local time; none once the letter is handled or while its case is suspended."""
    case = letter.case_or_none()
    if case is not None and case.status == CaseStatus.SUSPENDED:
        return None
    deadline = letter_selectors.letter_deadline(letter)
    if deadline is None:
        return None
    end = dt.datetime.combine(deadline.due_on, dt.time(23, 59, 59))
    return iso(timezone.make_aware(end))


def is_public(letter: Letter) -> bool:
    """Whether the letter's own words may be shown: its answer is published and the citizen
    agreed to publication."""
    return bool(getattr(letter, "public_now", None)) and letter.publish_consent


def _coordinate(value: Any) -> float | None:
    return float(value) if value is not None else None


def request_rows(letters: Sequence[Letter]) -> list[dict[str, Any]]:
    """The letters as the standard's service requests, in its field order."""
    shields = public_shields([letter.pk for letter in letters])
    rows = []
    for letter in letters:
        shield = shields.get(letter.pk, Shield(active=True))
        case = letter.case_or_none()
        public = is_public(letter)
        publications: list[Publication] = list(getattr(letter, "public_now", []))
        notes = _status_label(letter, case)
        if publications:
            notes = f"{notes}. {shield.text(publications[0].text)}"
        updated = max(
            filter(None, (letter.updated_at, case.updated_at if case is not None else None))
        )
        rows.append(
            {
                "service_request_id": ids.request_id(letter),
                "status": _status(letter, case),
                "status_notes": notes,
                "service_name": letter.field.name if letter.field is not None else "",
                "service_code": letter.field.code if letter.field is not None else "",
                "description": shield.text(letter.content) if public else "",
                "agency_responsible": _agency(letter, case),
                "service_notice": "",
                "requested_datetime": iso(letter.received_at),
                "updated_datetime": iso(updated),
                "expected_datetime": _expected(letter),
                "address": shield.text(letter.place) if public else "",
                "address_id": (letter.ward_id or "") if public else "",
                "zipcode": "",
                "lat": _coordinate(letter.latitude) if public else None,
                "long": _coordinate(letter.longitude) if public else None,
                "media_url": letter.media_url if public else "",
            }
        )
    return rows
