"""How numbers, symbols and date lines are written (DOMAIN.md §5), as pure functions.

- State (NĐ 30/2020): ``Số: 05/TB-UBND``; a công văn ``Số: 05/UBND-TCD`` (issuer - drafting
  unit); numbers run from 01 each 1 January.
- Party (36-HD/VPTW): ``Số 05-TB/TU``: no colon, a hyphen before the type, a slash before the
  issuer; numbers run from 01 per type through one committee term.
- Numbers below 10 get a leading zero in both.
- Date line: ``Hà Nội, ngày 05 tháng 02 năm 2026``: days below 10 and the months 1 and 2 get a
  leading zero (the state rule; party bodies may switch it off).
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from danvan.core.sequences import series_key
from danvan.documents.types import DocumentType, abbreviation
from danvan.organizations.models import DocumentFormat

#: Shown in previews where the number will go once the document is issued.
PREVIEW_NUMBER: Final = "     "


def padded(number: int) -> str:
    """``5`` → ``"05"``; numbers from 10 up unchanged."""
    if number < 1:
        raise ValueError("Document numbers start at 1.")
    return f"{number:02d}"


def symbol(
    *,
    number_text: str,
    doc_type: DocumentType,
    fmt: DocumentFormat,
    issuer_symbol: str,
    drafting_symbol: str = "",
) -> str:
    """The number and symbol without "Số": ``05/TB-UBND``, ``05/UBND-TCD``, ``05-TB/TU``."""
    abbr = abbreviation(doc_type, fmt)
    if fmt == DocumentFormat.HD36:
        return f"{number_text}-{abbr}/{issuer_symbol}"
    if abbr:
        return f"{number_text}/{abbr}-{issuer_symbol}"
    tail = f"-{drafting_symbol}" if drafting_symbol else ""
    return f"{number_text}/{issuer_symbol}{tail}"


def number_line(symbol_text: str, fmt: DocumentFormat) -> str:
    """The line printed in the header: ``Số: 05/TB-UBND`` or ``Số 05-TB/TU``."""
    return f"Số {symbol_text}" if fmt == DocumentFormat.HD36 else f"Số: {symbol_text}"


def date_line(place: str, day: dt.date, *, zero_pad: bool = True) -> str:
    """``Hà Nội, ngày 05 tháng 02 năm 2026``; without ``place`` only the date part."""
    day_text, month_text = date_parts(day, zero_pad=zero_pad)
    text = f"ngày {day_text} tháng {month_text} năm {day.year}"
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


#: The blanks the clerk fills when issuing: the day and month of "ngày      tháng      năm".
DATE_BLANK: Final = "     "


def draft_date_line(place: str, year: int) -> str:
    """The date line of a draft awaiting signature: ``Hà Nội, ngày      tháng      năm 2026``;
    the day and month are given when the document is issued (NĐ 30/2020 Art. 15)."""
    text = f"ngày {DATE_BLANK} tháng {DATE_BLANK} năm {year}"
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def date_parts(day: dt.date, *, zero_pad: bool = True) -> tuple[str, str]:
    """The day and month as printed in a date line (see ``date_line``)."""
    if zero_pad:
        return f"{day.day:02d}", (f"{day.month:02d}" if day.month <= 2 else str(day.month))
    return str(day.day), str(day.month)


def period_key(*, fmt: DocumentFormat, issued_on: dt.date, term_id: int | None) -> str:
    """The part of a series key that resets: the year (state) or the party term."""
    if fmt == DocumentFormat.HD36:
        if term_id is None:
            raise ValueError("A party series needs a term.")
        return f"term-{term_id}"
    return f"year-{issued_on.year}"


def document_series_key(
    *,
    unit_id: int,
    fmt: DocumentFormat,
    doc_type: DocumentType,
    period: str,
    confidential: bool,
) -> str:
    """Series key (issuer unit, format rule, type, year or term, confidential), e.g.
    ``documents:12:nd30:thong_bao:year-2026:open``; confidential documents have their own series
    (NĐ 30/2020 Art. 15)."""
    return series_key(
        "documents",
        unit_id,
        str(fmt),
        str(doc_type),
        period,
        "secret" if confidential else "open",
    )
