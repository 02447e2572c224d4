"""Reading a produced PDF back with a real PDF library (pypdf): its text, pages and fonts."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

from pypdf import PdfReader

#: 1 mm in PDF points.
MM = 72 / 25.4


@dataclass(frozen=True)
class Font:
    name: str
    embedded: bool


@dataclass(frozen=True)
class PdfFacts:
    text: str  # NFC, the pages' text joined
    pages_mm: list[tuple[float, float]]
    fonts: list[Font]

    def contains(self, *expected: str) -> list[str]:
        """The expected strings (NFC-normalised, whitespace collapsed) missing from the text."""
        flat = " ".join(self.text.split())
        return [s for s in expected if " ".join(nfc(s).split()) not in flat]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _descriptor(font):
    font = font.get_object()
    if "/FontDescriptor" in font:
        return font["/FontDescriptor"].get_object()
    for descendant in font.get("/DescendantFonts", []):
        descendant = descendant.get_object()
        if "/FontDescriptor" in descendant:
            return descendant["/FontDescriptor"].get_object()
    return None


def read_pdf(content: bytes) -> PdfFacts:
    reader = PdfReader(io.BytesIO(content), strict=True)
    texts, sizes, fonts = [], [], {}
    for page in reader.pages:
        texts.append(page.extract_text() or "")
        box = page.mediabox
        sizes.append((round(float(box.width) / MM, 1), round(float(box.height) / MM, 1)))
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            descriptor = _descriptor(font)
            embedded = descriptor is not None and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            name = str(font["/BaseFont"]).lstrip("/")
            fonts[name] = Font(name=name.split("+", 1)[-1], embedded=embedded)
    return PdfFacts(text=nfc("\n".join(texts)), pages_mm=sizes, fonts=list(fonts.values()))


def assert_a4_with_embedded_serif_fonts(facts: PdfFacts) -> None:
    """Every page A4 portrait; every font embedded and of the Liberation Serif family (Times
    New Roman's metric twin): no letter needed a fallback font, so none lacked a glyph."""
    assert facts.pages_mm, "no page"
    assert all(size == (210.0, 297.0) for size in facts.pages_mm), facts.pages_mm
    assert facts.fonts, "no font"
    assert all(font.embedded for font in facts.fonts), facts.fonts
    assert all(font.name.startswith("LiberationSerif") for font in facts.fonts), facts.fonts
