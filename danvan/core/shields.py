"""Texts shown as the reader may see them: the hook through which a feature context keeps
protected personal data out of pages it does not render itself.

A context whose objects carry a protected identity (letters: the denouncer, Luật Tố cáo Arts.
8(3), 47, 56) registers a provider for its models. Generic pages — a proposal about a letter, the
audit trail of a case — ask ``shield_of(viewer, obj)`` and wrap what they render about ``obj`` in
``{% shielded shield %}…{% endshielded %}`` (``core.templatetags.shields``). Core imports no
feature: an object with no provider gets the open shield.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.apps import apps
from django.db.models import Model


class TextShield(Protocol):
    """Removes what the reader may not see from rendered text."""

    @property
    def active(self) -> bool: ...

    def text(self, value: Any) -> Any: ...


class _Open:
    active = False

    def text(self, value: Any) -> Any:
        return value


#: The shield of an object nobody protects, and of a reader who may see everything.
OPEN_SHIELD: TextShield = _Open()

Provider = Callable[[Any, Any], TextShield]
_PROVIDERS: dict[str, Provider] = {}


def register_shield(model: type[Model], provider: Provider) -> None:
    """``provider(viewer, obj)`` gives the shield for ``viewer`` reading about ``obj``."""
    _PROVIDERS[model._meta.label_lower] = provider


def shield_of(viewer: Any, obj: Any) -> TextShield:
    """The shield for ``viewer`` reading about ``obj`` (the open one when nothing protects it)."""
    if not isinstance(obj, Model):
        return OPEN_SHIELD
    provider = _PROVIDERS.get(obj._meta.label_lower)
    return provider(viewer, obj) if provider is not None else OPEN_SHIELD


def shield_of_target(viewer: Any, target_type: str, target_id: str) -> TextShield:
    """The shield for ``viewer`` reading about the object an audit entry names ("app.model"
    and its id): the open one for a model nobody protects or an object no longer there."""
    provider = _PROVIDERS.get(target_type.lower())
    if provider is None:
        return OPEN_SHIELD
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return OPEN_SHIELD
    obj = model._default_manager.filter(pk=target_id).first() if target_id.isdigit() else None
    return provider(viewer, obj) if obj is not None else OPEN_SHIELD
