"""The bodies of the Open311 answers, in JSON and in XML, and the standard's error lists.

An answer is built as plain values (dicts in the standard's field order, lists, strings,
numbers, booleans, None) and written once per format. XML is written with the standard
library's ElementTree (it only writes: nothing is parsed), every text stripped of the
characters XML 1.0 cannot hold.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

__all__ = [
    "FORMATS",
    "Open311Error",
    "error_response",
    "iso",
    "render",
]

#: The formats and their media types (the standard requires XML; JSON is offered too).
FORMATS: Final[Mapping[str, str]] = {
    "xml": "text/xml; charset=utf-8",
    "json": "application/json; charset=utf-8",
}

#: The tag of a list's items in XML, by the list's tag (the standard's examples).
_ITEM_TAGS: Final[Mapping[str, str]] = {
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
    "services": "service",
    "service_requests": "request",
    "errors": "error",
}
#: What XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Open311Error(Exception):
    """A refused request, answered with the standard's error list (``code``, ``description``).

    ``status`` is the HTTP status and each error's ``code``: 400 (a parameter missing or not
    valid), 403 (no ``api_key`` or a key that may not send), 404 (no such service, request or
    jurisdiction), 405, 503 (the installation receives no letters yet)."""

    def __init__(self, status: int, *descriptions: str) -> None:
        super().__init__(" ".join(descriptions))
        self.status = status
        self.descriptions = [str(d) for d in descriptions] or [""]


def iso(moment: dt.datetime | None) -> str | None:
    """A date and time as the standard writes it (w3c ISO 8601, with the offset), in local
    time: ``2026-12-04T09:15:30+07:00``."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def _xml_fill(parent: ET.Element, tag: str, value: Any) -> None:
    element = ET.SubElement(parent, tag)
    if isinstance(value, Mapping):
        for key, item in value.items():
            _xml_fill(element, str(key), item)
    elif isinstance(value, (list, tuple)):
        child = _ITEM_TAGS.get(tag, "item")
        for item in value:
            _xml_fill(element, child, item)
    else:
        element.text = _text(value)


def _xml(root: str, body: Any) -> bytes:
    top = ET.Element(root)
    if isinstance(body, Mapping):
        for key, item in body.items():
            _xml_fill(top, str(key), item)
    else:
        child = _ITEM_TAGS.get(root, "item")
        for item in body:
            _xml_fill(top, child, item)
    written: bytes = ET.tostring(top, encoding="utf-8", xml_declaration=True)
    return written


def render(
    fmt: str, root: str, body: Sequence[Any] | Mapping[str, Any], status: int = 200
) -> HttpResponse:
    """``body`` as the answer in ``fmt`` ("json" or "xml"); ``root`` is the XML root element
    (``services``, ``service_requests``, ``service_definition``, ``discovery``, ``errors``),
    whose items are written with their tag (``service``, ``request``, ``error``)."""
    if fmt == "json":
        content = json.dumps(_json_value(body), ensure_ascii=False).encode("utf-8")
    else:
        fmt = "xml"
        content = _xml(root, body)
    response = HttpResponse(content, status=status, content_type=FORMATS[fmt])
    patch_vary_headers(response, ("Accept-Language",))
    response["X-Content-Type-Options"] = "nosniff"
    return response


def error_response(fmt: str, error: Open311Error) -> HttpResponse:
    """The standard's error list: ``[{"code": 400, "description": "..."}]`` in JSON,
    ``<errors><error><code>400</code><description>…</description></error></errors>`` in XML."""
    body = [{"code": error.status, "description": d} for d in error.descriptions]
    response = render(fmt, "errors", body, status=error.status)
    response["Cache-Control"] = "no-store"
    return response
