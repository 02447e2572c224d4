"""Document templates: defaults registered from code, safe ``{placeholder}`` substitution.

A template's texts (title, summary, body, recipient lines) hold plain ``{name}`` fields. A field is
replaced by the string given for ``name``; nothing else happens: no attribute or index access, no
format specs, no filters, no template engine, so an administrator who edits a text in the admin
cannot run code or read anything the calling context did not hand over. ``{{`` and ``}}`` stand for
literal braces. Every template declares the fields it may use (``TemplateDefault.placeholders``),
and the fields in ``BUILTIN_PLACEHOLDERS`` are filled by the documents context for every template.

Contexts register their defaults from their ``AppConfig.ready()`` with ``register_defaults``; an
administrator's saved version (``models.DocumentTemplate``) takes precedence over the default.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from django.utils.translation import gettext as _

from danvan.core.errors import ApplicationError
from danvan.documents.types import DocumentType

#: Fields the documents context fills for every template: the issuing body's name as written in
#: sentences and in capitals, the authority that issues decisions (e.g. "CHỦ TỊCH ỦY BAN NHÂN DÂN
#: THÀNH PHỐ HÀ NỘI"), the place name and the issue date (dd/mm/yyyy).
BUILTIN_PLACEHOLDERS: Final = frozenset(
    {"issuer", "issuer_upper", "issuing_authority", "place", "issued_on"}
)

_NAME_RE: Final = re.compile(r"[a-z][a-z0-9_]{0,49}")
_TOKEN_RE: Final = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
# Characters XML 1.0 (and so DOCX) cannot hold, and NUL, which PostgreSQL text refuses.
_UNSAFE_CHARS_RE: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_KEY_RE: Final = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")


class TemplateError(ApplicationError):
    """A template text is malformed, uses an unknown field, or lacks a value for a field."""


def _braced(name: str) -> str:
    return "{" + name + "}"


def clean_text(text: str) -> str:
    """``text`` without the control characters a document cannot hold (newlines and tabs stay)."""
    return _UNSAFE_CHARS_RE.sub("", text)


@dataclass(frozen=True)
class _Field:
    name: str


def parse(text: str) -> list[str | _Field]:
    """Split ``text`` into literal pieces and fields; raise ``TemplateError`` on bad braces."""
    parts: list[str | _Field] = []
    pos = 0
    for match in _TOKEN_RE.finditer(text):
        if match.start() > pos:
            parts.append(text[pos : match.start()])
        token = match.group(0)
        if token in ("{{", "}}"):
            parts.append(token[0])
        elif token in ("{", "}"):
            raise TemplateError(
                _(
                    "Unmatched brace “%(brace)s” at character %(position)s: write {{ or }} for "
                    "a literal brace."
                )
                % {"brace": token, "position": match.start() + 1}
            )
        else:
            name = match.group(1)
            if not _NAME_RE.fullmatch(name):
                raise TemplateError(
                    _(
                        "“%(field)s” is not a valid field: write a field as {name}, with "
                        "lower-case letters, digits and underscores only."
                    )
                    % {"field": token[:60]}
                )
            parts.append(_Field(name))
        pos = match.end()
    if pos < len(text):
        parts.append(text[pos:])
    return parts


def placeholders_in(text: str) -> set[str]:
    """The field names ``text`` uses (raises ``TemplateError`` if it is malformed)."""
    return {part.name for part in parse(text) if isinstance(part, _Field)}


def check(text: str, allowed: Iterable[str]) -> None:
    """Raise ``TemplateError`` unless ``text`` is well formed and uses only ``allowed`` fields
    (or built-in ones)."""
    permitted = set(allowed) | BUILTIN_PLACEHOLDERS
    unknown = sorted(placeholders_in(text) - permitted)
    if unknown:
        raise TemplateError(
            _("Unknown field(s): %(fields)s. This template may use: %(allowed)s.")
            % {
                "fields": ", ".join(_braced(n) for n in unknown),
                "allowed": ", ".join(_braced(n) for n in sorted(permitted)),
            }
        )


def substitute(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each ``{name}`` replaced by ``values[name]`` (a plain string).

    Raises ``TemplateError`` when a field has no value; ``TypeError`` for a value that is not a
    string. Values are inserted as they are (never parsed again), without unsafe control
    characters.
    """
    out: list[str] = []
    missing: list[str] = []
    for part in parse(text):
        if isinstance(part, str):
            out.append(part)
            continue
        if part.name not in values:
            missing.append(part.name)
            continue
        value = values[part.name]
        if not isinstance(value, str):
            raise TypeError(f"The value of {{{part.name}}} must be a string.")
        out.append(value)
    if missing:
        raise TemplateError(
            _("No value was given for: %(fields)s.")
            % {"fields": ", ".join(_braced(n) for n in sorted(set(missing)))}
        )
    return clean_text("".join(out))


def require_values(texts: Iterable[str], values: Mapping[str, str]) -> None:
    """Raise ``TemplateError`` naming every field of ``texts`` that has no value."""
    used: set[str] = set()
    for text in texts:
        used |= placeholders_in(text)
    missing = sorted(used - set(values))
    if missing:
        raise TemplateError(
            _("No value was given for: %(fields)s.")
            % {"fields": ", ".join(_braced(n) for n in missing)}
        )


@dataclass(frozen=True)
class TemplateDefault:
    """A template as the code ships it. ``placeholders`` lists the fields the calling context
    supplies; ``recipients`` the default "Nơi nhận" lines (fields allowed there too)."""

    key: str
    doc_type: DocumentType | str
    title: str
    summary: str
    body: str
    placeholders: tuple[str, ...]
    recipients: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not _KEY_RE.fullmatch(self.key) or len(self.key) > 100:
            raise ValueError(f"Template key {self.key!r} must look like 'context.name'.")
        if self.doc_type not in DocumentType.values:
            raise ValueError(f"Template {self.key}: unknown document type {self.doc_type!r}.")
        for name in self.placeholders:
            if not _NAME_RE.fullmatch(name):
                raise ValueError(f"Template {self.key}: bad placeholder name {name!r}.")
        for text in (self.title, self.summary, self.body, *self.recipients):
            try:
                check(text, self.placeholders)
            except TemplateError as exc:
                raise ValueError(f"Template {self.key}: {exc.message}") from exc


_DEFAULTS: dict[str, TemplateDefault] = {}


def register_defaults(defaults: Iterable[TemplateDefault]) -> None:
    """Register templates shipped by a context (call it from ``AppConfig.ready()``).

    Registering the same default again is harmless; registering a different one under a key
    already taken raises ``ValueError``.
    """
    for default in defaults:
        existing = _DEFAULTS.get(default.key)
        if existing is not None and existing != default:
            raise ValueError(f"Another template is already registered as {default.key!r}.")
        _DEFAULTS[default.key] = default


def registered_defaults() -> tuple[TemplateDefault, ...]:
    """Every registered default, by key."""
    return tuple(_DEFAULTS[key] for key in sorted(_DEFAULTS))


def get_default(key: str) -> TemplateDefault | None:
    return _DEFAULTS.get(key)


@dataclass(frozen=True)
class EffectiveTemplate:
    """The texts that apply to a template key (an administrator's version or the default)."""

    key: str
    doc_type: DocumentType
    title: str
    summary: str
    body: str
    recipients: tuple[str, ...]
    placeholders: tuple[str, ...]
    customised: bool

    @classmethod
    def from_default(cls, default: TemplateDefault) -> EffectiveTemplate:
        return cls(
            key=default.key,
            doc_type=DocumentType(default.doc_type),
            title=default.title,
            summary=default.summary,
            body=default.body,
            recipients=default.recipients,
            placeholders=default.placeholders,
            customised=False,
        )


def unknown_template_message(key: str) -> str:
    return _("There is no document template “%(key)s”.") % {"key": key[:100]}
