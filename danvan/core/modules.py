"""The registry of modules: what each installed context shows on the staff home and the portal.

Each context registers from its ``AppConfig.ready()``:

- ``Module``: a back-office entry on the staff home, listed to those who hold its permission;
- ``HomeBlock``: a card or block on the public home (``Place.PORTAL``) or the staff home
  (``Place.STAFF``). A card is a title, a description and a link; a block has a template of its
  own and a selector that gives that template its context for the request (or ``None`` when it
  has nothing to show, and the block is left out).

The home pages render what is registered and nothing else, so they list only the modules that are
installed and whose pages are mounted; they never name another context's URLs. A block that fails
is left out and logged instead of breaking the home page. Lower layers never import the contexts
that register here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

#: The template of a plain card: a heading with the link, and the description.
CARD_TEMPLATE = "includes/home_card.html"


@dataclass(frozen=True)
class Module:
    key: str
    title: str | Promise
    description: str | Promise
    url_name: str
    permission: str  # "app_label.codename", checked with user.has_perm()
    #: Who sees the module, when not simply the holders of ``permission``.
    allowed: Callable[[Any], bool] | None = None


class Place(StrEnum):
    PORTAL = "portal"
    STAFF = "staff"


#: A block's selector: the request in, the template's context out (None: nothing to show).
Selector = Callable[[HttpRequest], Mapping[str, Any] | None]


@dataclass(frozen=True)
class HomeBlock:
    """A card or block a context shows on a home page.

    - ``url_name``: the page the card's heading links to; when it is not mounted in this
      deployment the block is left out.
    - ``template_name``: the block's own template (a ``<li>`` inside the home's list); the card
      template by default. It gets ``block``, ``url`` and what ``selector`` returns.
    - ``permission``: for a staff block, the permission a person needs to see it.
    - ``order``: lower first; blocks of the same order keep the order they were registered in.
    """

    key: str
    place: Place
    title: str | Promise
    description: str | Promise = ""
    url_name: str = ""
    template_name: str = CARD_TEMPLATE
    selector: Selector | None = None
    permission: str = ""
    order: int = 100
    url_args: tuple[Any, ...] = field(default_factory=tuple)


_REGISTRY: dict[str, Module] = {}
_BLOCKS: dict[str, HomeBlock] = {}


def register(module: Module) -> None:
    _REGISTRY[module.key] = module


def register_block(block: HomeBlock) -> None:
    """Add (or replace, by key) a block of a home page."""
    _BLOCKS[block.key] = block


def modules_for(user: PermissionsMixin | AnonymousUser) -> list[Module]:
    # Several modules of a context share one ``allowed`` test (the reports' three pages ask
    # whether the person reads any report): each test is asked once.
    answers: dict[Callable[[Any], bool], bool] = {}

    def allowed(m: Module) -> bool:
        if m.allowed is None:
            return user.has_perm(m.permission)
        if m.allowed not in answers:
            answers[m.allowed] = m.allowed(user)
        return answers[m.allowed]

    return [m for m in _REGISTRY.values() if allowed(m)]


def all_modules() -> list[Module]:
    return list(_REGISTRY.values())


def blocks_of(place: Place) -> list[HomeBlock]:
    """The registered blocks of ``place``, in their order."""
    found = [b for b in _BLOCKS.values() if b.place == place]
    return sorted(found, key=lambda b: b.order)  # sorted() is stable: registration order


def _render_block(block: HomeBlock, request: HttpRequest) -> str | None:
    if block.permission and not request.user.has_perm(block.permission):
        return None
    url = ""
    if block.url_name:
        try:
            url = reverse(block.url_name, args=block.url_args)
        except NoReverseMatch:  # the module's pages are not mounted in this deployment
            return None
    context: dict[str, Any] = {"block": block, "url": url}
    if block.selector is not None:
        extra = block.selector(request)
        if extra is None:
            return None
        context.update(extra)
    return render_to_string(block.template_name, context, request=request)


def render_blocks(place: Place, request: HttpRequest) -> SafeString:
    """The HTML of the blocks of ``place`` this request may see; a failing block is left out."""
    parts: list[str] = []
    for block in blocks_of(place):
        try:
            html = _render_block(block, request)
        except Exception:  # a module's fault must not take the home page down
            logger.exception("The home block %s could not be rendered", block.key)
            continue
        if html:
            parts.append(html)
    return mark_safe("".join(parts))  # noqa: S308 - rendered by the template engine, escaped there
