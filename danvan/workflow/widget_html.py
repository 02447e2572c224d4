"""A form renderer that writes Django's ``<input>`` and ``<select>`` widgets in Python.

A work list's filter form has a dozen fields and selects of every unit, handler, field and
province in the viewer's scope; Django renders each widget, and each option of a select, from
its own template (an ``{% include %}`` per option), which was a third of a work list page's time.
``FastWidgets`` writes the same markup as Django's templates (``django/forms/widgets/input.html``,
``attrs.html``, ``select.html``, ``select_option.html``) from the widget's context, the
attributes in the same order; any other template (a radio list, a form layout) is rendered by
Django as before. The work list's tests compare the two renderings.
"""

from __future__ import annotations

import html
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils import formats
from django.utils.functional import Promise
from django.utils.safestring import mark_safe


def _escaped(value: Any) -> str:
    """``conditional_escape``, without the cost of its lazy-string wrapper: what has an
    ``__html__`` (a ``SafeString``) as it gives it, anything else as text with ``& < > " '``
    escaped (``html.escape``, as Django's ``escape``)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


__all__ = ["FastWidgets"]

_WIDGETS = "django/forms/widgets/"
#: The widget templates that only include ``input.html``.
_INPUTS = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "date",
        "datetime",
        "time",
        "email",
        "number",
        "search",
        "tel",
        "url",
        "password",
        "hidden",
        "checkbox",
    )
)
_SELECT = f"{_WIDGETS}select.html"
_OPTION = f"{_WIDGETS}select_option.html"


def _text(value: Any) -> str:
    """``{{ value }}``: localized, then escaped unless already safe."""
    shown = formats.localize(value)
    return _escaped(shown)


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``."""
    return _escaped("%s" % (value,))  # noqa: UP031 — the filter's own format


def _attrs(attrs: dict[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {_text(name)}")
        else:
            out.append(f' {_text(name)}="{_formatted(value)}"')
    return "".join(out)


def _input(widget: dict[str, Any]) -> str:
    value = widget.get("value")
    shown = f' value="{_formatted(value)}"' if value is not None else ""
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _option(option: dict[str, Any]) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>"
    )


def _select(widget: dict[str, Any]) -> str:
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            out.append(f"\n  {_option(option)}")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


class FastWidgets(DjangoTemplates):
    """Django's template renderer, with the input and select widgets written in Python."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict):
            if template_name in _INPUTS:
                return mark_safe(_input(widget))  # noqa: S308 — every value is escaped
            if template_name == _SELECT and all(
                option.get("template_name") == _OPTION
                for _name, group, _i in widget.get("optgroups", ())
                for option in group
            ):
                return mark_safe(_select(widget))  # noqa: S308 — every value is escaped
        return super().render(template_name, context, request=request)
