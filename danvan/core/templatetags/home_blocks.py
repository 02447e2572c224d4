"""``{% home_blocks "portal" as blocks %}``: the blocks the installed modules registered for a
home page, rendered for the request (empty when none is open to it)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from danvan.core.modules import Place, render_blocks

register = template.Library()


@register.simple_tag(takes_context=True)
def home_blocks(context: Any, place: str) -> SafeString:
    request = context.get("request")
    if request is None:
        return SafeString("")
    return render_blocks(Place(place), request)
