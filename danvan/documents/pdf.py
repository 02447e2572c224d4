"""PDF copies of the documents: DOCX bytes in, PDF bytes out, through LibreOffice headless.

Only this subprocess wrapper is written here, because no maintained Python library converts
DOCX to PDF faithfully (tables without borders, paragraph borders drawn as rules, the first-page
header, justified Vietnamese text): the libraries that exist either drive Word on Windows or
LibreOffice again, or re-lay the text out themselves. LibreOffice's own Writer does the layout.

- The command is ``settings.DANVAN_SOFFICE`` (``soffice`` on the PATH by default) and a
  conversion may take ``settings.DANVAN_PDF_TIMEOUT`` seconds; after that the whole process
  group is killed.
- Each running conversion has a private LibreOffice profile (``-env:UserInstallation``): two
  conversions at once, in threads or processes, never share one, which LibreOffice does not
  allow. A profile is kept for the next conversion of this process (LibreOffice need not write
  a new one; ``bench/pdf_bench.py`` measures cold against warm); one whose conversion failed is
  thrown away.
- Fonts: the DOCX asks for Times New Roman. On the server, fontconfig's metric alias gives
  Liberation Serif (Debian's ``fonts-liberation2``), with the same widths, so the lines break
  where Word breaks them; DejaVu (``fonts-dejavu-core``) covers what Liberation lacks. Every
  font is embedded in the PDF.

Raises ``PdfConversionError`` (a ``DocumentError``: the views show its message) when LibreOffice
is missing, fails, takes too long or gives no PDF.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from danvan.documents.errors import DocumentError

__all__ = [
    "PDF_CONTENT_TYPE",
    "PdfConversionError",
    "converter_available",
    "converter_command",
    "docx_to_pdf",
    "docxs_to_pdfs",
    "forget_profiles",
]

PDF_CONTENT_TYPE: Final = "application/pdf"
_PDF_MAGIC: Final = b"%PDF-"

logger = logging.getLogger(__name__)


class PdfConversionError(DocumentError):
    """LibreOffice could not turn a document into PDF; the message says so to the person, the
    log says why."""


_MISSING = _(
    "The PDF copy cannot be made: the converter (LibreOffice) is not installed on the server. "
    "Download the DOCX file, or ask the administrator to install LibreOffice."
)
_FAILED = _(
    "The PDF copy of this document could not be made. Try again later, or download the DOCX file."
)
_TIMED_OUT = _(
    "Making the PDF copy took too long and was stopped. Try again later, or download the DOCX file."
)


def converter_command() -> str | None:
    """The full path of the LibreOffice command of the settings, or None when there is none."""
    configured = str(getattr(settings, "DANVAN_SOFFICE", "soffice") or "soffice")
    return shutil.which(configured)


def converter_available() -> bool:
    return converter_command() is not None


# --- private profiles ------------------------------------------------------------------------

_pool_lock = threading.Lock()
_idle_profiles: list[Path] = []
_all_profiles: set[Path] = set()


def _take_profile() -> Path:
    """A profile directory no other conversion is using (a used one if there is one idle)."""
    with _pool_lock:
        if _idle_profiles:
            return _idle_profiles.pop()
        profile = Path(tempfile.mkdtemp(prefix="danvan-soffice-profile-"))
        _all_profiles.add(profile)
        return profile


def _give_back(profile: Path, *, healthy: bool) -> None:
    with _pool_lock:
        if healthy:
            _idle_profiles.append(profile)
            return
        _all_profiles.discard(profile)
    shutil.rmtree(profile, ignore_errors=True)


@atexit.register
def forget_profiles() -> None:
    """Remove the kept profiles: the next conversion starts LibreOffice cold."""
    with _pool_lock:
        profiles = list(_all_profiles)
        _all_profiles.clear()
        _idle_profiles.clear()
    for profile in profiles:
        shutil.rmtree(profile, ignore_errors=True)


# --- conversion ------------------------------------------------------------------------------


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` in its own process group, so that a timeout ends LibreOffice's children
    (oosplash starts soffice.bin) as well, not just the launcher."""
    with subprocess.Popen(  # noqa: S603 (a fixed argument list; no shell)
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def docx_to_pdf(content: bytes, *, timeout: float | None = None) -> bytes:
    """The PDF of the DOCX ``content``. ``timeout`` in seconds, ``settings.DANVAN_PDF_TIMEOUT``
    by default. Raises ``PdfConversionError``."""
    return docxs_to_pdfs([content], timeout=timeout)[0]


def docxs_to_pdfs(contents: Sequence[bytes], *, timeout: float | None = None) -> list[bytes]:
    """The PDFs of several DOCX files, in their order, made by one LibreOffice run (starting
    LibreOffice takes most of a conversion's time: a file of many documents is made in one go).
    ``timeout`` is for the whole run, ``settings.DANVAN_PDF_TIMEOUT`` by default plus half of it
    for each further file. Raises ``PdfConversionError`` when any of them cannot be made."""
    if not contents:
        return []
    soffice = converter_command()
    if soffice is None:
        logger.error("PDF conversion: no LibreOffice command %r", settings.DANVAN_SOFFICE)
        raise PdfConversionError(_MISSING)
    base = float(timeout if timeout is not None else settings.DANVAN_PDF_TIMEOUT)
    limit = base if timeout is not None else base * (1 + (len(contents) - 1) / 2)
    profile = _take_profile()
    healthy = False
    try:
        with tempfile.TemporaryDirectory(prefix="danvan-pdf-") as work:
            sources = []
            for index, content in enumerate(contents):
                source = Path(work) / f"document-{index:04d}.docx"
                source.write_bytes(content)
                sources.append(source)
            outdir = Path(work) / "out"
            command = [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--invisible",
                "--nologo",
                "--nodefault",
                "--nolockcheck",
                "--norestore",
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                str(outdir),
                *(str(source) for source in sources),
            ]
            try:
                result = _run(command, limit)
            except subprocess.TimeoutExpired as exc:
                logger.error("PDF conversion: LibreOffice took more than %s s", limit)
                raise PdfConversionError(_TIMED_OUT) from exc
            except OSError as exc:  # not executable, vanished since which()
                logger.error("PDF conversion: LibreOffice could not start: %s", exc)
                raise PdfConversionError(_MISSING) from exc
            pdfs = []
            for source in sources:
                produced = outdir / f"{source.stem}.pdf"
                pdfs.append(produced.read_bytes() if produced.is_file() else b"")
            if result.returncode != 0 or not all(p.startswith(_PDF_MAGIC) for p in pdfs):
                logger.error(
                    "PDF conversion failed (exit %s): %s",
                    result.returncode,
                    (result.stderr or result.stdout).decode("utf-8", "replace")[-2000:],
                )
                raise PdfConversionError(_FAILED)
            healthy = True
            return pdfs
    finally:
        _give_back(profile, healthy=healthy)
