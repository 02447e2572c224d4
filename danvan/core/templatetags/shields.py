"""``{% shielded shield %}…{% endshielded %}``: what is rendered about an object, as the reader
may see it (``core.shields``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def _shield(value: Any) -> Any:
    if not hasattr(value, "active") or not hasattr(value, "text"):
        # A page that forgot its shield fails loudly rather than show the text whole.
        raise TypeError("The page has no shield for what it shows about a protected object.")
    return value


class ShieldedNode(template.Node):
    def __init__(self, shield: template.base.FilterExpression, nodelist: template.NodeList):
        self.shield = shield
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        shield = _shield(self.shield.resolve(context))
        rendered = self.nodelist.render(context)
        if not shield.active:
            return rendered
        # The part is the template's own escaped HTML: an identity is matched in its text (a
        # name never spans a tag) and the marker put in holds no markup.
        return mark_safe(str(shield.text(str(rendered))))  # noqa: S308


@register.tag("shielded")
def do_shielded(parser: template.base.Parser, token: template.base.Token) -> ShieldedNode:
    """Everything rendered inside, as the reader may see it. The pages of an object that may
    carry a protected identity wrap their whole content in it, so that no text written about
    it — a note, a record, a reason, a title — shows the identity to a reader without the
    right, whichever field it was written in."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("shielded takes one argument: the page's shield")
    nodelist = parser.parse(("endshielded",))
    parser.delete_first_token()
    return ShieldedNode(parser.compile_filter(bits[1]), nodelist)
