"""Which keys the dated rule tables may hold, and the law behind each one.

Modules register their keys from their ``AppConfig.ready()``: the time limits they compute due
dates with, the duties they count per period and the legal-basis texts their notices print. The
tables store only the key; the registry gives its label, its owner and its legal basis, and an
administrator can only enter keys that some module registered. This module is plain Python so
that models, forms and migrations can read it without importing any model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Final, NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.functional import Promise

__all__ = [
    "DEFAULT_SINCE",
    "LegalBasisDefault",
    "RegisteredKey",
    "duty_key",
    "duty_keys",
    "legal_basis_defaults",
    "legal_basis_key",
    "legal_basis_keys",
    "register_duty_keys",
    "register_legal_bases",
    "register_rule_keys",
    "rule_key",
    "rule_keys",
]

#: The start of a seeded legal-basis text when its module gives no date.
DEFAULT_SINCE: Final = dt.date(2000, 1, 1)


class Kind(Enum):
    RULE = "time limit"
    DUTY = "duty"
    LEGAL_BASIS = "legal basis"


@dataclass(frozen=True)
class RegisteredKey:
    """A key a module may store in a rule table, with its label and its legal basis."""

    key: str
    module: str
    label: str | Promise
    legal_basis: str


class LegalBasisDefault(NamedTuple):
    """The text a legal-basis key starts with (seeded once; administrators change it later)."""

    text: str
    effective_from: dt.date = DEFAULT_SINCE
    label: str | Promise = ""


_REGISTRY: dict[Kind, dict[str, RegisteredKey]] = {kind: {} for kind in Kind}
_DEFAULTS: dict[str, LegalBasisDefault] = {}


def _add(kind: Kind, entries: list[RegisteredKey]) -> None:
    """Add all of ``entries`` or, when one clashes with another module's key, none."""
    for entry in entries:
        known = _REGISTRY[kind].get(entry.key)
        if known is not None and known.module != entry.module:
            raise ImproperlyConfigured(
                f"The {kind.value} key {entry.key!r} of {entry.module!r} is already registered "
                f"by {known.module!r}."
            )
    _REGISTRY[kind].update((entry.key, entry) for entry in entries)


def _register_choices(
    kind: Kind, module: str, keys: type[models.TextChoices], legal_bases: Mapping[str, str]
) -> None:
    missing = [str(k.value) for k in keys if not legal_bases.get(str(k.value), "").strip()]
    if missing:
        raise ImproperlyConfigured(
            f"{module!r} registers {kind.value} keys without a legal basis: {', '.join(missing)}."
        )
    _add(
        kind,
        [RegisteredKey(str(m.value), module, m.label, legal_bases[str(m.value)]) for m in keys],
    )


def register_rule_keys(
    module: str, keys: type[models.TextChoices], legal_bases: Mapping[str, str]
) -> None:
    """Register ``module``'s time-limit keys (an enum), each with the legal basis that sets it.

    Registering the same keys again is harmless; a key another module registered is an error.
    """
    _register_choices(Kind.RULE, module, keys, legal_bases)


def register_duty_keys(
    module: str, keys: type[models.TextChoices], legal_bases: Mapping[str, str]
) -> None:
    """Register ``module``'s duties per period (an enum), each with the legal basis that sets it."""
    _register_choices(Kind.DUTY, module, keys, legal_bases)


def register_legal_bases(
    module: str, texts: Mapping[str, LegalBasisDefault | tuple[object, ...] | str]
) -> None:
    """Register the legal-basis keys ``module`` prints, each with the text it starts with.

    A value is a ``LegalBasisDefault``, a tuple ``(text, effective_from, label)`` whose last items
    may be left out, or just the text. Keys are namespaced by the module ("letters.forward…").
    """
    defaults: dict[str, LegalBasisDefault] = {}
    for key, value in texts.items():
        if not key.startswith(f"{module}."):
            raise ImproperlyConfigured(f"The legal-basis key {key!r} must start with {module!r}.")
        if isinstance(value, str):
            default = LegalBasisDefault(value)
        elif isinstance(value, LegalBasisDefault):
            default = value
        else:
            default = LegalBasisDefault(*value)  # type: ignore[arg-type]
        if not default.text.strip():
            raise ImproperlyConfigured(f"The legal-basis key {key!r} has no text.")
        defaults[key] = default
    _add(
        Kind.LEGAL_BASIS,
        [RegisteredKey(k, module, d.label or k, d.text) for k, d in defaults.items()],
    )
    _DEFAULTS.update(defaults)


def _find(kind: Kind, key: str) -> RegisteredKey | None:
    return _REGISTRY[kind].get(str(key))


def rule_key(key: str) -> RegisteredKey | None:
    return _find(Kind.RULE, key)


def duty_key(key: str) -> RegisteredKey | None:
    return _find(Kind.DUTY, key)


def legal_basis_key(key: str) -> RegisteredKey | None:
    return _find(Kind.LEGAL_BASIS, key)


def rule_keys() -> tuple[RegisteredKey, ...]:
    return tuple(_REGISTRY[Kind.RULE].values())


def duty_keys() -> tuple[RegisteredKey, ...]:
    return tuple(_REGISTRY[Kind.DUTY].values())


def legal_basis_keys() -> tuple[RegisteredKey, ...]:
    return tuple(_REGISTRY[Kind.LEGAL_BASIS].values())


def legal_basis_defaults(module: str | None = None) -> dict[str, LegalBasisDefault]:
    """The starting texts of the registered legal-basis keys (of one module, or all)."""
    return {
        key: default
        for key, default in _DEFAULTS.items()
        if module is None or _REGISTRY[Kind.LEGAL_BASIS][key].module == module
    }
