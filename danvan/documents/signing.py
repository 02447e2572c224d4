"""Signed PDFs (PAdES): fields for the number and date, signing, and checking signatures.

pyHanko does the PDF signature work (signing, appearance stamps, incremental updates and the
validation of each signature with the changes made after it); ``cryptography`` reads
certificates and PKCS#12 files. Written here is only what is specific to Vietnamese documents:

- The draft is signed before it has a number or a date of issue (NĐ 30/2020 Art. 15): its PDF
  carries empty, read-only text fields over the blanks of "Số:      /TB-UBND" and of "ngày
  tháng". When the clerk issues it, the fields are filled and the organisation's signature
  (NĐ 30/2020 Phụ lục I, Mục II) is added in the same incremental update. Filling a form
  field is a change a PDF signature allows, so the signer's signature stays valid; no other
  change is (pyHanko's difference analysis).
- The positions of the blanks are found from the text of the first page (pypdf) and the
  advance widths of the font the DOCX asks for (fontTools on the server's metric-compatible
  font), since no library places a field "after this text".
- A signature is accepted only when its file is intact, nothing but form filling or later
  signatures came after it, and its certificate chains, at the time of checking, to a
  certification authority on the deployment's trust list. Nothing is fetched from the network.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import datetime as dt
import functools
import io
import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko import stamp
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from danvan.documents.errors import DocumentError

__all__ = [
    "DATE_FIELDS",
    "NUMBER_FIELD",
    "CertificateInfo",
    "SignatureCheck",
    "SigningError",
    "add_issue_fields",
    "certificate_info",
    "check_signatures",
    "fill_and_seal",
    "load_pkcs12",
    "sign_pdf",
]

logger = logging.getLogger(__name__)
_T = TypeVar("_T")

NUMBER_FIELD: Final = "danvan_number"
DATE_FIELDS: Final = ("danvan_day", "danvan_month")
#: Where the blanks are: "Số:" / "Số" then spaces; "ngày", spaces, "tháng", spaces, "năm".
_NUMBER_RE: Final = re.compile(r"^(Số:?\s?)(\s+)\S")
_DATE_RE: Final = re.compile(r"^(.*ngày\s?)(\s+)(\s?tháng\s?)(\s+)\s?năm")
_FIELD_HEIGHT_PT: Final = 15.0
_FONT_FILES: Final = {
    "regular": "LiberationSerif-Regular.ttf",
    "italic": "LiberationSerif-Italic.ttf",
}


class SigningError(DocumentError):
    """A PDF could not be signed or prepared (bad key file, wrong passphrase, unreadable PDF)."""


def _outside_event_loop(function: Callable[[], _T]) -> _T:
    """Run ``function`` where no asyncio loop runs: pyHanko's synchronous calls start their own
    loop, which a thread already running one (an async caller, a browser driver) refuses."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


# --- certificates ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class CertificateInfo:
    subject: str
    fingerprint: str
    not_before: dt.datetime
    not_after: dt.datetime
    is_ca: bool


def _info(cert: x509.Certificate) -> CertificateInfo:
    try:
        is_ca = bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        is_ca = False
    return CertificateInfo(
        subject=cert.subject.rfc4514_string()[:500],
        fingerprint=cert.fingerprint(hashes.SHA256()).hex(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        is_ca=is_ca,
    )


def _load_certificate(data: bytes) -> x509.Certificate:
    """A certificate in PEM or DER. Raises ``SigningError`` when it is neither."""
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise SigningError(_("This is not a certificate in PEM or DER form.")) from exc


def certificate_info(data: bytes) -> CertificateInfo:
    """Read a certificate in PEM or DER. Raises ``SigningError`` when it is neither."""
    return _info(_load_certificate(data))


def certificate_pem(data: bytes) -> str:
    """The certificate as PEM text (from PEM or DER). Raises ``SigningError``."""
    return _load_certificate(data).public_bytes(serialization.Encoding.PEM).decode("ascii")


def load_pkcs12(data: bytes, passphrase: str) -> CertificateInfo:
    """Open a PKCS#12 file to check its passphrase; returns its certificate's details. Raises
    ``SigningError`` for a wrong passphrase or a file without a key and certificate."""
    try:
        key, cert, _extra = pkcs12.load_key_and_certificates(data, passphrase.encode("utf-8"))
    except ValueError as exc:
        raise SigningError(
            _("The key file cannot be opened: the passphrase is wrong or the file is damaged.")
        ) from exc
    if key is None or cert is None:
        raise SigningError(_("The key file holds no certificate with its private key."))
    return _info(cert)


def _trust_roots(pems: Sequence[str]) -> list[asn1_x509.Certificate]:
    roots = []
    for pem_text in pems:
        cert = x509.load_pem_x509_certificate(pem_text.encode("ascii"))
        roots.append(asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)))
    return roots


# --- positions of the blanks -----------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _font(style: str) -> Any:
    from fontTools.ttLib import TTFont

    folder = Path(getattr(settings, "DANVAN_FONT_DIR", "/usr/share/fonts/truetype/liberation2"))
    return TTFont(str(folder / _FONT_FILES[style]), lazy=True)


def _advance(text: str, size: float, style: str) -> float:
    font = _font(style)
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    units = font["head"].unitsPerEm
    total = 0
    for char in text:
        glyph = cmap.get(ord(char))
        total += metrics[glyph][0] if glyph in metrics else units // 2
    return total * size / units


@dataclasses.dataclass(frozen=True)
class _Run:
    text: str
    x: float
    y: float
    size: float


def _runs(pdf: bytes) -> list[_Run]:
    from pypdf import PdfReader

    runs: list[_Run] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], _font: Any, size: float) -> None:
        if not text.strip():
            return
        # The text matrix times the current transformation matrix gives the page position.
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 or 1.0
        runs.append(_Run(text=text, x=x, y=y, size=size * scale))

    reader = PdfReader(io.BytesIO(pdf))
    reader.pages[0].extract_text(visitor_text=visit)
    return runs


@dataclasses.dataclass(frozen=True)
class _Box:
    x1: float
    y1: float
    x2: float
    y2: float
    size: float

    def rect(self) -> tuple[int, int, int, int]:
        return (round(self.x1), round(self.y1), round(self.x2), round(self.y2))


def _blank_boxes(pdf: bytes) -> dict[str, _Box]:
    boxes: dict[str, _Box] = {}
    for run in _runs(pdf):
        text = run.text.rstrip("\n")
        number = _NUMBER_RE.match(text)
        if number and NUMBER_FIELD not in boxes:
            x1 = run.x + _advance(number.group(1), run.size, "regular")
            x2 = x1 + _advance(number.group(2), run.size, "regular")
            boxes[NUMBER_FIELD] = _Box(x1, run.y - 3, max(x2, x1 + 18), run.y - 3 + 15, run.size)
            continue
        date = _DATE_RE.match(text)
        if date and DATE_FIELDS[0] not in boxes:
            day_x = run.x + _advance(date.group(1), run.size, "italic")
            day_end = day_x + _advance(date.group(2), run.size, "italic")
            month_x = day_end + _advance(date.group(3), run.size, "italic")
            month_end = month_x + _advance(date.group(4), run.size, "italic")
            top = run.y - 3 + _FIELD_HEIGHT_PT
            boxes[DATE_FIELDS[0]] = _Box(day_x, run.y - 3, day_end, top, run.size)
            boxes[DATE_FIELDS[1]] = _Box(month_x, run.y - 3, month_end, top, run.size)
    return boxes


# --- fields for the number and date ----------------------------------------------------------


def _writer(pdf: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError) as exc:
        raise SigningError(_("This PDF cannot be read.")) from exc


def _acroform(writer: IncrementalPdfFileWriter) -> generic.DictionaryObject:
    root = writer.root
    if "/AcroForm" not in root:
        root[generic.NameObject("/AcroForm")] = writer.add_object(
            generic.DictionaryObject({generic.NameObject("/Fields"): generic.ArrayObject()})
        )
        writer.update_root()
    form = root["/AcroForm"]
    return form.get_object() if hasattr(form, "get_object") else form


def add_issue_fields(pdf: bytes) -> bytes:
    """The draft's PDF with empty, read-only text fields over its number and date blanks, for
    the clerk to fill when issuing. Raises ``SigningError`` when the blanks cannot be found
    (the draft was not made with them)."""
    boxes = _blank_boxes(pdf)
    if NUMBER_FIELD not in boxes:
        raise SigningError(_("The number line with its blank was not found on the first page."))
    writer = _writer(pdf)
    page_ref = writer.root["/Pages"]["/Kids"].raw_get(0)  # the reference, not a copy
    page = page_ref.get_object()
    form = _acroform(writer)
    annots = page.get("/Annots")
    annot_list = annots.get_object() if annots is not None else generic.ArrayObject()
    for name, box in boxes.items():
        field = generic.DictionaryObject(
            {
                generic.NameObject("/FT"): generic.NameObject("/Tx"),
                generic.NameObject("/T"): generic.TextStringObject(name),
                generic.NameObject("/Ff"): generic.NumberObject(1),  # read-only
                generic.NameObject("/Type"): generic.NameObject("/Annot"),
                generic.NameObject("/Subtype"): generic.NameObject("/Widget"),
                generic.NameObject("/Rect"): generic.ArrayObject(
                    [generic.FloatObject(v) for v in box.rect()]
                ),
                generic.NameObject("/F"): generic.NumberObject(4),  # printed
                generic.NameObject("/P"): page_ref,
                generic.NameObject("/DA"): generic.TextStringObject(f"/TiRo {box.size:.1f} Tf 0 g"),
            }
        )
        ref = writer.add_object(field)
        annot_list.append(ref)
        form["/Fields"].append(ref)
    if annots is None:
        page[generic.NameObject("/Annots")] = annot_list
    form[generic.NameObject("/DA")] = generic.TextStringObject("/TiRo 13 Tf 0 g")
    writer.update_container(page)
    writer.update_container(form)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _appearance(
    writer: IncrementalPdfFileWriter, rect: Sequence[float], text: str, size: float
) -> Any:
    width = float(rect[2]) - float(rect[0])
    height = float(rect[3]) - float(rect[1])
    # Base-14 Times: the values are digits only ("05", "12"), which WinAnsi covers.
    text_width = _advance(text, size, "regular")
    x = max((width - text_width) / 2, 0.0)
    stream = generic.StreamObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/XObject"),
            generic.NameObject("/Subtype"): generic.NameObject("/Form"),
            generic.NameObject("/BBox"): generic.ArrayObject(
                [
                    generic.FloatObject(0),
                    generic.FloatObject(0),
                    generic.FloatObject(width),
                    generic.FloatObject(height),
                ]
            ),
            generic.NameObject("/Resources"): generic.DictionaryObject(
                {
                    generic.NameObject("/Font"): generic.DictionaryObject(
                        {
                            generic.NameObject("/TiRo"): generic.DictionaryObject(
                                {
                                    generic.NameObject("/Type"): generic.NameObject("/Font"),
                                    generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
                                    generic.NameObject("/BaseFont"): generic.NameObject(
                                        "/Times-Roman"
                                    ),
                                    generic.NameObject("/Encoding"): generic.NameObject(
                                        "/WinAnsiEncoding"
                                    ),
                                }
                            )
                        }
                    )
                }
            ),
        },
        stream_data=(
            f"/Tx BMC q BT /TiRo {size:.1f} Tf 0 g {x:.2f} 3 Td ({text}) Tj ET Q EMC".encode(
                "ascii"
            )
        ),
    )
    return writer.add_object(stream)


def _fill(writer: IncrementalPdfFileWriter, values: dict[str, str]) -> None:
    form = writer.root.get("/AcroForm")
    if form is None:
        raise SigningError(_("This PDF has no fields for the number and date."))
    found = set()
    for ref in form.get_object()["/Fields"]:
        field = ref.get_object()
        name = str(field.get("/T", ""))
        if name not in values:
            continue
        if not re.fullmatch(r"[0-9]{1,6}", values[name]):
            raise ValueError("Field values are digits only.")
        field[generic.NameObject("/V")] = generic.TextStringObject(values[name])
        size = 13.0
        da = str(field.get("/DA", ""))
        match = re.search(r"([0-9.]+) Tf", da)
        if match:
            size = float(match.group(1))
        field[generic.NameObject("/AP")] = generic.DictionaryObject(
            {generic.NameObject("/N"): _appearance(writer, field["/Rect"], values[name], size)}
        )
        writer.update_container(field)
        found.add(name)
    missing = set(values) - found
    if missing:
        raise SigningError(_("This PDF has no fields for the number and date."))


# --- signing ---------------------------------------------------------------------------------


def _signer(p12: bytes, passphrase: str) -> signers.SimpleSigner:
    load_pkcs12(p12, passphrase)  # a clear message for a wrong passphrase
    signer = signers.SimpleSigner.load_pkcs12_data(p12, [], passphrase.encode("utf-8"))
    if signer is None:
        raise SigningError(_("The key file holds no certificate with its private key."))
    return signer


def _stamp_style(lines: Sequence[str], colour: tuple[int, int, int]) -> stamp.TextStampStyle:
    """A stamp drawn as an image (as a seal or signature image is, NĐ 30/2020 Phụ lục I, II):
    Pillow draws the Vietnamese text with the server's serif font, transparent around it."""
    from PIL import Image, ImageDraw, ImageFont
    from pyhanko.pdf_utils.images import PdfImage

    folder = Path(getattr(settings, "DANVAN_FONT_DIR", "/usr/share/fonts/truetype/liberation2"))
    font = ImageFont.truetype(str(folder / _FONT_FILES["regular"]), 40)
    image = Image.new("RGBA", (800, 60 + 56 * len(lines)), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    ink = (*colour, 255)
    draw.rectangle((2, 2, image.width - 3, image.height - 3), outline=ink, width=4)
    for index, line in enumerate(lines):
        draw.text((24, 28 + 56 * index), line, font=font, fill=ink)
    return stamp.TextStampStyle(
        stamp_text="", background=PdfImage(image), background_opacity=1, border_width=0
    )


def _signature_box(pdf: bytes, signer_name: str) -> tuple[int, int, int, int]:
    """Above the signer's printed name (where a signature goes), on the last page."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    page_index = len(reader.pages) - 1
    found: list[tuple[float, float]] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], _f: Any, _s: float) -> None:
        if signer_name and text.strip() == signer_name.strip():
            found.append(
                (tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
            )

    reader.pages[page_index].extract_text(visitor_text=visit)
    if found:
        x, y = found[-1]
        return (round(x), round(y) + 16, round(x) + 150, round(y) + 52)
    box = reader.pages[page_index].mediabox
    return (round(float(box.width)) - 250, 90, round(float(box.width)) - 60, 140)


def sign_pdf(
    pdf: bytes,
    *,
    p12: bytes,
    passphrase: str,
    field_name: str,
    label: str,
    box: tuple[int, int, int, int] | None = None,
    signer_name: str = "",
    values: dict[str, str] | None = None,
    colour: tuple[int, int, int] = (0, 40, 160),
) -> bytes:
    """Sign ``pdf`` in an incremental update with the key of a PKCS#12 file, with a visible
    stamp reading ``label``, the certificate's name and the time (ISO 8601, Vietnam's time).
    ``values`` fills the number and date fields in the same update (the clerk's issue).
    Raises ``SigningError``."""
    signer = _signer(p12, passphrase)
    writer = _writer(pdf)
    if values:
        _fill(writer, values)
    page_count = int(writer.root["/Pages"]["/Count"])
    on_page = 0 if box is not None and values else page_count - 1
    rect = box or _signature_box(pdf, signer_name)
    now = dt.datetime.now(dt.timezone(dt.timedelta(hours=7)))
    cert = signer.signing_cert
    subject = cert.subject.native.get("common_name", "") if cert is not None else ""
    lines = [
        f"{label}: {subject}" if label else str(subject),
        _("Time: %(time)s") % {"time": now.isoformat(timespec="seconds")},
    ]
    meta = signers.PdfSignatureMetadata(field_name=field_name, md_algorithm="sha256")
    pdf_signer = signers.PdfSigner(
        meta,
        signer,
        stamp_style=_stamp_style(lines, colour),
        new_field_spec=fields.SigFieldSpec(field_name, on_page=on_page, box=rect),
    )
    try:
        out = _outside_event_loop(lambda: pdf_signer.sign_pdf(writer))
    except (PdfError, ValueError) as exc:
        raise SigningError(_("The PDF could not be signed: %(error)s") % {"error": exc}) from exc
    return bytes(out.getvalue())


def fill_and_seal(
    pdf: bytes, *, values: dict[str, str], p12: bytes, passphrase: str, signer_name: str
) -> bytes:
    """The issued original: the number and date fields filled and the organisation's signature
    (its stamp in red, as a seal: the organisation's name and the time, NĐ 30/2020 Phụ lục I,
    II) over the whole file, in one incremental update after the signer's."""
    box = _signature_box(pdf, signer_name)
    # The seal overlaps the left third of the signer's signature (NĐ 30/2020 Phụ lục I, II).
    width, height = box[2] - box[0], box[3] - box[1]
    seal_box = (
        box[0] - (2 * width) // 3,
        box[1] - height + 8,
        box[0] + width // 3,
        box[3] - height + 8,
    )
    return sign_pdf(
        pdf,
        p12=p12,
        passphrase=passphrase,
        field_name="CoQuanToChuc",
        label="",
        box=seal_box,
        values=values,
        colour=(200, 0, 0),
    )


# --- checking --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SignatureCheck:
    """One signature of a PDF as checked: ``problem`` is empty when it is accepted."""

    field_name: str
    subject: str
    signing_time: dt.datetime | None
    covers_whole_file: bool
    problem: str

    @property
    def ok(self) -> bool:
        return not self.problem


def _problem(status: Any, *, now: dt.datetime) -> str:
    if not status.intact or not status.valid:
        return _("the file was altered after this signature: its content no longer matches it")
    if status.modification_level is not None and status.modification_level > (
        ModificationLevel.FORM_FILLING
    ):
        return _("the document was changed after this signature")
    if not getattr(status, "docmdp_ok", True):
        return _("the document was changed after this signature in a way it does not allow")
    cert = status.signing_cert
    not_after = cert["tbs_certificate"]["validity"]["not_after"].native
    not_before = cert["tbs_certificate"]["validity"]["not_before"].native
    if not_after < now or not_before > now:
        return _(
            "the signer's certificate is not valid today (it was valid from %(from)s to %(to)s)"
        ) % {
            "from": not_before.strftime("%d/%m/%Y"),
            "to": not_after.strftime("%d/%m/%Y"),
        }
    if not status.trusted:
        return _(
            "the signer's certificate was not issued by a certification authority this "
            "deployment trusts"
        )
    return ""


def check_signatures(pdf: bytes, *, trusted_pems: Sequence[str]) -> list[SignatureCheck]:
    """Every signature of ``pdf``, checked (see the module's note). Raises ``SigningError`` when
    the file is not a readable PDF."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError) as exc:
        raise SigningError(_("This PDF cannot be read.")) from exc
    now = dt.datetime.now(dt.UTC)
    context_args: dict[str, Any] = {
        "trust_roots": _trust_roots(trusted_pems),
        "allow_fetching": False,
        "revocation_mode": "soft-fail",
    }
    checks: list[SignatureCheck] = []
    for signature in embedded:
        try:
            status = _outside_event_loop(
                functools.partial(
                    validate_pdf_signature, signature, ValidationContext(**context_args)
                )
            )
        except Exception as exc:
            logger.info("Signature %s could not be validated: %s", signature.field_name, exc)
            checks.append(
                SignatureCheck(
                    field_name=signature.field_name,
                    subject="",
                    signing_time=None,
                    covers_whole_file=False,
                    problem=_("this signature cannot be read"),
                )
            )
            continue
        subject = status.signing_cert.subject.human_friendly
        checks.append(
            SignatureCheck(
                field_name=signature.field_name,
                subject=str(subject)[:500],
                signing_time=status.signer_reported_dt,
                covers_whole_file=str(status.coverage).endswith("ENTIRE_FILE"),
                problem=_problem(status, now=now),
            )
        )
    return checks
