"""Set-up shared by the tests of the citizens' pages: a receiving unit, a place, fields, real
files made in the test, and a reader of the HTML that checks labels and links."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from pypdf import PdfWriter

from danvan.accounts.models import User
from danvan.organizations.models import Field, Province, Unit, Ward
from danvan.organizations.roles import Role
from danvan.organizations.tests import factories as org

PHONE = "0912345678"
PHONE_NORMALISED = "+84912345678"
EMAIL = "nguyen.thi.hoa@example.invalid"
FULL_NAME = "Nguyễn Thị Hoà"
ADDRESS = "Số 9 ngõ 3 phố Thử Nghiệm"
ID_NUMBER = "001190099887"


def english_client(**defaults: Any) -> Client:
    """A browser that asks for English, so tests read the messages whatever the state of the
    Vietnamese catalogue."""
    return Client(HTTP_ACCEPT_LANGUAGE="en", **defaults)


@dataclass
class Setting:
    """A receiving unit (a root with a receiving officer), a province with two communes and
    a field group with one field."""

    unit: Unit
    receiver: User
    province: Province
    ward: Ward
    other_ward: Ward
    group: Field
    field: Field
    extra: dict[str, Any] = field(default_factory=dict)


def make_setting() -> Setting:
    unit = org.UnitFactory(name="Ban Tiếp công dân Tỉnh Thử nghiệm")
    receiver = org.UserFactory()
    org.MembershipFactory(user=receiver, unit=unit, role=Role.RECEIVING_OFFICER)
    province = org.ProvinceFactory(code="91", name="Tỉnh Thử nghiệm Một")
    ward = org.WardFactory(code="91001", province=province, name="Xã Hoa Sen")
    other_ward = org.WardFactory(code="91002", province=province, name="Phường Đông Hà")
    group = org.FieldFactory(code="administrative", name="Hành chính")
    child = org.FieldFactory(code="administrative-land", name="Đất đai", parent=group)
    return Setting(
        unit=unit,
        receiver=receiver,
        province=province,
        ward=ward,
        other_ward=other_ward,
        group=group,
        field=child,
    )


def letter_data(setting: Setting, **overrides: Any) -> dict[str, Any]:
    """A valid feedback letter as the form posts it."""
    data: dict[str, Any] = {
        "action": "send",
        "kind": "feedback",
        "field": str(setting.field.pk),
        "subject": "Cống thoát nước trước nhà số 12 bị tắc",
        "content": "Cống thoát nước trước nhà số 12 đường Hoa Sen bị tắc đã hai tuần, nước tràn.",
        "about": "",
        "letter_date": "",
        "province": setting.province.code,
        "ward": setting.ward.code,
        "place": "Trước nhà số 12 đường Hoa Sen",
        "latitude": "",
        "longitude": "",
        "full_name": FULL_NAME,
        "phone": PHONE,
        "email": "",
        "address": ADDRESS,
        "id_number": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def complaint_data(setting: Setting, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "complaint",
        "subject": "Khiếu nại quyết định xử phạt hành chính",
        "content": "Tôi khiếu nại quyết định xử phạt số 12/QĐ-XPHC ngày 01/11/2026 vì không đúng.",
        "about": "Chủ tịch Ủy ban nhân dân xã Hoa Sen",
        "id_number": ID_NUMBER,
    }
    values.update(overrides)
    return letter_data(setting, **values)


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def exe_bytes() -> bytes:
    """The start of a Windows executable (MZ header and the DOS stub's message)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + (
        b"\x00" * 48 + b"This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 200
    )


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


class StreamingUpload:
    """A ``wsgi.input`` that sends a multipart body with one huge file, made on the fly, so a
    test can send 200 MB without holding them in memory."""

    def __init__(
        self, boundary: str, fields: dict[str, str], file_field: str, name: str, size: int
    ) -> None:
        head = b""
        for key, value in fields.items():
            head += (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
            ).encode()
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
            f'filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        self.parts: Iterator[bytes] = self._parts(head, size, f"\r\n--{boundary}--\r\n".encode())
        self.length = len(head) + size + len(f"\r\n--{boundary}--\r\n")
        self.buffer = b""
        self.consumed = 0

    @staticmethod
    def _parts(head: bytes, size: int, tail: bytes) -> Iterator[bytes]:
        yield head
        block = b"%PDF-1.4\n" + b"0" * (1024 * 1024 - 9)
        sent = 0
        while sent < size:
            piece = block[: min(len(block), size - sent)]
            sent += len(piece)
            yield piece
        yield tail

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.buffer) < size:
            try:
                self.buffer += next(self.parts)
            except StopIteration:
                break
        if size < 0:
            data, self.buffer = self.buffer, b""
            self.consumed += len(data)
            return data
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        self.consumed += len(data)
        return data

    def readline(self, size: int = -1) -> bytes:  # pragma: no cover - not used by the parser
        return self.read(size)


class PageReader(HTMLParser):
    """Collects what the accessibility and no-other-host checks need from a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.urls: list[str] = []
        self.fieldsets = 0
        self.legends = 0
        self._label_depth = 0
        self.wrapped: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for key in ("src", "href", "action", "formaction", "data-wards-url"):
            if key in values:
                self.urls.append(values[key])
        if tag == "label":
            self._label_depth += 1
            if values.get("for"):
                self.label_for.add(values["for"])
        if tag == "fieldset":
            self.fieldsets += 1
        if tag == "legend":
            self.legends += 1
        if tag in ("input", "select", "textarea"):
            kind = values.get("type", "text" if tag == "input" else tag)
            if kind not in ("hidden", "submit", "button"):
                values["_tag"] = tag
                self.controls.append(values)
                if self._label_depth:
                    self.wrapped.append(values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label_depth:
            self._label_depth -= 1


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    return reader


def unlabelled_controls(html: str) -> list[dict[str, str]]:
    page = read_page(html)
    return [c for c in page.controls if c.get("id") not in page.label_for and c not in page.wrapped]


_OTHER_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def other_host_urls(html: str) -> list[str]:
    """URLs in the page that would make the browser ask another host for something."""
    page = read_page(html)
    found = [u for u in page.urls if _OTHER_HOST.match(u.strip())]
    found += re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)", html)
    return found
