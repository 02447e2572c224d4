"""The register export: the same scope as the pages, and no denouncer in it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danvan.letters.choices import LetterKind
from danvan.letters.tests.conftest import COMPLAINANT, DENOUNCER, MakeLetter, Office, make_office

pytestmark = pytest.mark.django_db


def _rows(response: Any) -> list[tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def test_export_lists_the_units_letters_and_never_a_denouncer(
    client: Any, make_letter: MakeLetter, office: Office
) -> None:
    make_letter()
    make_letter(
        kind=LetterKind.DENUNCIATION,
        signers=[DENOUNCER],
        subject="Tố cáo cán bộ",
        content=f"Tôi là {DENOUNCER.full_name}, tố cáo ông X.",
    )
    other = make_office("UBND xã Bên cạnh")
    make_letter(
        unit=other.unit,
        actor=other.receiver,
        subject="Đơn của xã khác",
        content="Nội dung thuộc xã khác hoàn toàn.",
    )
    client.force_login(office.receiver)
    response = client.get(reverse("letters:staff-letter-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _rows(response)
    assert len(rows) == 3  # header + the two letters of this unit
    blob = repr(rows)
    for value in (DENOUNCER.full_name, DENOUNCER.phone, DENOUNCER.email, DENOUNCER.address):
        assert value not in blob
    assert COMPLAINANT.full_name in blob
    assert "Đơn của xã khác" not in blob


def test_export_ignores_junk_filters_and_is_refused_to_citizens(
    client: Any, make_letter: MakeLetter, office: Office
) -> None:
    make_letter()
    client.force_login(office.inspector)
    rows = _rows(client.get(reverse("letters:staff-letter-export") + "?unit=x&status=%00&q=%00"))
    assert len(rows) == 2  # junk filters are ignored, not an error
    client.force_login(office.citizen)
    assert client.get(reverse("letters:staff-letter-export")).status_code == 403
    client.logout()
    assert client.get(reverse("letters:staff-letter-export")).status_code == 302
