"""Message catalogues: every Vietnamese string translated, no fuzzy entry, .mo in step with .po;
and the interface really switches language."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[2]  # danvan/
VI_CATALOGUES = sorted(PACKAGE_DIR.glob("**/locale/vi/LC_MESSAGES/django.po"))
ALL_CATALOGUES = sorted(PACKAGE_DIR.glob("**/locale/*/LC_MESSAGES/django.po"))


# --- A small, strict .po parser ---------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f"}
_ESCAPE_RE = re.compile(r'\\(?:([ntr"\\abf])|([0-7]{1,3})|x([0-9a-fA-F]{1,2}))')
_FORMAT_RE = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")


def _unescape(quoted: str, where: str) -> str:
    if not (len(quoted) >= 2 and quoted[0] == '"' and quoted[-1] == '"'):
        raise ValueError(f"{where}: expected a quoted string, got {quoted!r}")

    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            return _ESCAPES[match.group(1)]
        if match.group(2):
            return chr(int(match.group(2), 8))
        return chr(int(match.group(3), 16))

    return _ESCAPE_RE.sub(replace, quoted[1:-1])


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> str:
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid


def parse_po(path: Path) -> list[Entry]:
    """Parse a .po file into entries (obsolete ``#~`` entries are skipped).

    Handles multi-line strings, msgctxt, plural forms and flags; raises ValueError on anything it
    does not understand, so a malformed catalogue fails loudly instead of passing silently.
    """
    entries: list[Entry] = []
    entry: Entry | None = None
    pending_flags: set[str] = set()
    target: tuple[str, int] | None = None  # which field a continuation line extends
    keyword = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$")

    def start(lineno: int) -> Entry:
        nonlocal entry, pending_flags
        if entry is not None:
            entries.append(entry)
        entry = Entry(flags=pending_flags, line=lineno)
        pending_flags = set()
        return entry

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path}:{lineno}"
        if not line or line.startswith("#~"):
            target = None
            continue
        if line.startswith("#,"):
            pending_flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue
        match = keyword.match(line)
        if match:
            name, index, quoted = match.group(1), match.group(2), match.group(3)
            value = _unescape(quoted, where)
            if name == "msgctxt" or (name == "msgid" and (entry is None or entry.msgstr)):
                current = start(lineno)
            elif entry is None:
                raise ValueError(f"{where}: {name} before msgid")
            else:
                current = entry
            if name == "msgctxt":
                current.msgctxt = value
                target = ("msgctxt", 0)
            elif name == "msgid":
                current.msgid = value
                target = ("msgid", 0)
            elif name == "msgid_plural":
                current.msgid_plural = value
                target = ("msgid_plural", 0)
            else:
                number = int(index) if index is not None else 0
                current.msgstr[number] = value
                target = ("msgstr", number)
            continue
        if line.startswith('"'):
            if entry is None or target is None:
                raise ValueError(f"{where}: continuation line outside an entry")
            value = _unescape(line, where)
            name, number = target
            if name == "msgstr":
                entry.msgstr[number] += value
            else:
                setattr(entry, name, (getattr(entry, name) or "") + value)
            continue
        raise ValueError(f"{where}: cannot parse {raw!r}")
    if entry is not None:
        entries.append(entry)
    return entries


def _placeholders(text: str) -> set[str]:
    return {m.group(0) for m in _FORMAT_RE.finditer(text)}


def _label(path: Path) -> str:
    return str(path.relative_to(PACKAGE_DIR))


# --- Catalogue tests ---------------------------------------------------------------------------


def test_the_project_has_vietnamese_catalogues() -> None:
    assert PACKAGE_DIR / "locale/vi/LC_MESSAGES/django.po" in VI_CATALOGUES


def test_the_parser_reads_multiline_plural_and_context_entries(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        '#, python-format\nmsgctxt "letter"\nmsgid ""\n"Line one "\n"and \\"two\\""\n'
        'msgstr "Dòng một và \\"hai\\""\n\n'
        'msgid "%(n)s day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "%(n)s ngày"\n\n'
        '#~ msgid "Old"\n#~ msgstr "Cũ"\n',
        encoding="utf-8",
    )
    header, with_context, plural = parse_po(po)
    assert header.msgstr == {0: "Language: vi\n"}
    assert with_context.key == 'letter\x04Line one and "two"'
    assert with_context.msgstr == {0: 'Dòng một và "hai"'}
    assert with_context.flags == {"python-format"}
    assert plural.msgid_plural == "%(n)s days"
    assert plural.msgstr == {0: "%(n)s ngày"}


@pytest.mark.parametrize("po_path", VI_CATALOGUES, ids=_label)
def test_every_vietnamese_entry_is_translated_and_not_fuzzy(po_path: Path) -> None:
    entries = parse_po(po_path)
    header, messages = entries[0], entries[1:]
    assert header.msgid == "", f"{po_path}: the first entry must be the header"
    assert "fuzzy" not in header.flags, f"{po_path}: the header is marked fuzzy"
    assert "Plural-Forms: nplurals=1; plural=0;" in header.msgstr[0]
    fuzzy = [e.msgid for e in messages if "fuzzy" in e.flags]
    untranslated = [e.msgid for e in messages if not all(e.msgstr.values()) or not e.msgstr]
    assert not fuzzy, f"{_label(po_path)}: fuzzy entries: {fuzzy}"
    assert not untranslated, f"{_label(po_path)}: untranslated entries: {untranslated}"


@pytest.mark.parametrize("po_path", VI_CATALOGUES, ids=_label)
def test_vietnamese_translations_keep_their_placeholders(po_path: Path) -> None:
    wrong = [
        (e.msgid, text)
        for e in parse_po(po_path)[1:]
        for text in e.msgstr.values()
        if _placeholders(text) != _placeholders(e.msgid)
    ]
    assert not wrong, f"{_label(po_path)}: placeholders differ: {wrong}"


@pytest.mark.parametrize("po_path", ALL_CATALOGUES, ids=_label)
def test_compiled_catalogue_matches_its_source(po_path: Path) -> None:
    """The committed .mo holds exactly the translated, non-fuzzy entries of the .po."""
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{_label(po_path)} is not compiled: run compilemessages"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog: dict[object, str] = dict(compiled._catalog)  # type: ignore[attr-defined]
    catalog.pop("", None)  # the header

    expected: dict[object, str] = {}
    for entry in parse_po(po_path)[1:]:
        if "fuzzy" in entry.flags or not entry.msgstr or not all(entry.msgstr.values()):
            continue  # msgfmt leaves these out
        if entry.msgid_plural is None:
            expected[entry.key] = entry.msgstr[0]
        else:
            for number, text in entry.msgstr.items():
                expected[(entry.key, number)] = text
    stale = {k: (catalog.get(k), v) for k, v in expected.items() if catalog.get(k) != v}
    extra = set(catalog) - set(expected)
    assert not stale, f"{_label(mo_path)} is out of date, recompile it: {stale}"
    assert not extra, f"{_label(mo_path)} has entries its .po lacks, recompile it: {extra}"


# --- The interface switches language ------------------------------------------------------------


@pytest.mark.django_db
def test_home_page_is_vietnamese_by_default_and_english_after_switching(client) -> None:
    page = client.get("/").content.decode()
    assert '<html lang="vi">' in page
    assert "Gửi ý kiến đến cơ quan có thẩm quyền và theo dõi kết quả trả lời" in page
    assert "Không cần tài khoản" in page
    assert "Chuyển đến nội dung chính" in page

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Send your views to the authorities and follow the answer" in page
    assert "No account needed" in page
    assert "Không cần tài khoản" not in page

    # and back again
    page = client.post("/i18n/setlang/", {"language": "vi", "next": "/"}, follow=True)
    assert "Không cần tài khoản" in page.content.decode()


@pytest.mark.django_db
def test_language_switcher_is_a_form_that_works_without_javascript(client) -> None:
    page = client.get("/accounts/login/?next=/staff/").content.decode()
    form = re.search(
        r'<form class="language-form" action="/i18n/setlang/" method="post">.*?</form>', page, re.S
    )
    assert form, "the language switcher form is missing"
    html = form.group(0)
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="next" value="/accounts/login/?next=/staff/"' in html
    assert '<label class="visually-hidden" for="language-select">Ngôn ngữ</label>' in html
    assert '<option value="vi" lang="vi" selected>Tiếng Việt</option>' in html
    assert '<option value="en" lang="en">English</option>' in html
    assert '<button type="submit"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("", "vi"),
        ("vi-VN,vi;q=0.9,en;q=0.8", "vi"),
        ("en-US,en;q=0.9", "en"),
        ("fr-FR,fr;q=0.9", "vi"),  # neither language asked for: Vietnamese
        ("zz;q=nonsense", "vi"),
    ],
)
def test_pages_speak_vietnamese_unless_the_request_asks_for_english(
    client, accept_language, expected
) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert f'<html lang="{expected}">' in response.content.decode()
    assert response["Content-Language"] == expected


@pytest.mark.django_db
def test_the_chosen_language_cookie_decides_and_a_bad_one_falls_back_to_vietnamese(
    client,
) -> None:
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx-nonsense"
    assert '<html lang="vi">' in client.get("/").content.decode()
