"""``POST requests``: the standard's form read into a citizen's letter and sent through the
public form's service (``letters.services.public_intake``), with the API's channel.

The standard's fields become the letter's: ``service_code`` its field, ``description`` its
content (and subject, unless ``attribute[title]`` gives one), ``address_id`` a commune code
(its province follows), ``address_string`` the address of the matter, ``lat``/``long`` the
map position, ``first_name``/``last_name`` the sender's name (family name first, as written
in Vietnamese), ``email`` and ``phone`` the sender's contacts, ``media_url`` a link kept as
written and never fetched. A letter located by a map position or an address only names no
area: it goes to the default receiving unit, whose officer routes it by hand.
``device_id`` is not kept: it would tie a letter to a telephone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from danvan.api.open311.formats import Open311Error
from danvan.api.open311.selectors import attribute_definitions, service_for_code
from danvan.core import calendar
from danvan.letters.choices import Channel, LetterKind
from danvan.letters.services import intake, public_intake
from danvan.organizations.models import Ward
from danvan.organizations.models.dated import open_after_q

__all__ = ["Submitted", "request_submit"]

_ATTRIBUTE: Final = re.compile(r"attribute\[([A-Za-z0-9_.-]{1,60})\](\[\])?")
#: The standard's name of each input of the public form, for the error's description.
_PARAMETER: Final[Mapping[str, str]] = {
    "kind": "attribute[kind]",
    "subject": "attribute[title]",
    "content": "description",
    "field": "service_code",
    "province": "address_id",
    "ward": "address_id",
    "place": "address_string",
    "full_name": "first_name",
    "address": "attribute[sender_address]",
    "phone": "phone",
    "email": "email",
    "anonymous": "first_name",
    "media_url": "media_url",
}
_SUBJECT_LENGTH: Final = 120


@dataclass(frozen=True)
class Submitted:
    result: intake.IntakeResult
    account_id: str


def _one(data: QueryDict, name: str, limit: int = 20000) -> str:
    value = str(data.get(name) or "")
    if len(value) > limit:
        raise Open311Error(400, _("The parameter %(name)s is too long.") % {"name": name})
    return value.strip()


def attributes_of(data: QueryDict) -> dict[str, list[str]]:
    """``attribute[code]=value`` (and ``attribute[code][]=value``, repeated) by code."""
    found: dict[str, list[str]] = {}
    for key in data:
        match = _ATTRIBUTE.fullmatch(key)
        if match:
            found.setdefault(match.group(1), []).extend(v.strip() for v in data.getlist(key))
    return found


def _attribute_values(data: QueryDict) -> dict[str, str]:
    """The known attributes, checked against their definitions; unknown ones are ignored (a
    client may send those of another server)."""
    given = attributes_of(data)
    values: dict[str, str] = {}
    for definition in attribute_definitions():
        items = [v for v in given.get(definition.code, []) if v]
        if not items:
            if definition.required:
                raise Open311Error(
                    400,
                    _("The attribute %(code)s is required.") % {"code": definition.code},
                )
            continue
        value = items[0]
        keys = {key for key, _name in definition.values}
        if definition.values and value.lower() not in keys:
            raise Open311Error(
                400,
                _("The attribute %(code)s must be one of: %(values)s.")
                % {"code": definition.code, "values": ", ".join(sorted(keys))},
            )
        values[definition.code] = value.lower() if definition.values else value[:255]
    return values


def _position(data: QueryDict) -> tuple[str, str]:
    lat, long = _one(data, "lat", 40), _one(data, "long", 40)
    if not lat and not long:
        return "", ""
    if not lat or not long:
        raise Open311Error(400, _("Give both lat and long, or neither."))
    try:
        numbers = Decimal(lat), Decimal(long)
    except (InvalidOperation, ValueError):
        raise Open311Error(400, _("lat and long must be decimal degrees (WGS84).")) from None
    if not all(n.is_finite() for n in numbers) or abs(numbers[0]) > 90 or abs(numbers[1]) > 180:
        raise Open311Error(400, _("lat and long must be decimal degrees (WGS84)."))
    return lat, long


def _ward(data: QueryDict) -> Ward | None:
    code = _one(data, "address_id", 40)
    if not code:
        return None
    ward = (
        Ward.objects.filter(open_after_q(calendar.today_local()), pk=code).first()
        if code.isdigit() and len(code) == 5
        else None
    )
    if ward is None:
        raise Open311Error(
            400, _("address_id must be the code of a commune or ward in force (five digits).")
        )
    return ward


def _subject(title: str, description: str) -> str:
    if title:
        return title
    first = " ".join(description.split())
    if len(first) <= _SUBJECT_LENGTH:
        return first
    cut = first[:_SUBJECT_LENGTH].rsplit(" ", 1)[0]
    return f"{cut}…"


def letter_of(data: QueryDict) -> public_intake.PublicLetter:
    """The form as the citizen's letter, or ``Open311Error`` (400, 404) for a parameter missing
    or not valid."""
    code = _one(data, "service_code", 200)
    if not code:
        raise Open311Error(400, _("The parameter service_code is required."))
    field = service_for_code(code)
    if field is None:
        raise Open311Error(404, _("There is no service with this service_code."))
    lat, long = _position(data)
    ward = _ward(data)
    address = _one(data, "address_string", 1000)
    if not (lat and long) and not address and ward is None:
        raise Open311Error(400, _("Give the location: lat and long, address_string or address_id."))
    description = _one(data, "description")
    if not description:
        raise Open311Error(400, _("The parameter description is required."))
    attributes = _attribute_values(data)
    first, last = _one(data, "first_name", 150), _one(data, "last_name", 150)
    full_name = " ".join(part for part in (last, first) if part)
    media_url = _one(data, "media_url", 2000)
    return public_intake.PublicLetter(
        kind=attributes.get("kind", LetterKind.FEEDBACK.value),
        subject=_subject(attributes.get("title", ""), description),
        content=description,
        field_id=field.pk,
        province_code=ward.province_id if ward is not None else "",
        ward_code=ward.pk if ward is not None else "",
        place=address,
        latitude=lat,
        longitude=long,
        media_url=media_url,
        anonymous=not full_name,
        full_name=full_name,
        phone=_one(data, "phone", 40),
        email=_one(data, "email", 254),
        address=attributes.get("sender_address", ""),
        publish_consent=attributes.get("publish_consent", "") == "true",
    )


def _refused(exc: intake.IntakeError) -> Open311Error:
    """The letters' refusal, each problem named by the standard's parameter."""
    descriptions = []
    for problem in exc.problems:
        name = _PARAMETER.get(problem.field or "", "")
        text = str(problem.message)
        descriptions.append(f"{name}: {text}" if name else text)
    return Open311Error(400, *(descriptions or [str(exc.message)]))


def request_submit(*, data: QueryDict, request: HttpRequest) -> Submitted:
    """Send the letter of a ``POST requests`` form; raises ``Open311Error`` (400, 404, 503)."""
    letter = letter_of(data)
    account_id = _one(data, "account_id", 100)
    try:
        checked = public_intake.public_letter_check(letter, area_required=False)
        result = public_intake.public_letter_submit(
            letter=checked.letter, checked=checked, request=request, channel=Channel.API
        )
    except public_intake.IntakeNotConfiguredError as exc:
        raise Open311Error(503, str(exc.message)) from exc
    except intake.IntakeError as exc:
        raise _refused(exc) from exc
    return Submitted(result=result, account_id=account_id)
