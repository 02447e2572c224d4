"""The rows of a work list as HTML, written in Python: a page shows 25 rows of 6–8 cells, and
an ``{% include %}`` per cell (and per deadline badge) was most of the page's rendering time.

The markup is the one of ``workflow/includes/worklist_cell.html`` and
``workflow/includes/deadline_badge.html`` (which other pages still include): the work list's
tests compare the two, so they cannot drift apart. Every value is escaped, except a
``SafeString`` a work list gave on purpose (the search's marked subject).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from danvan.workflow.rules import DeadlineView, Urgency
from danvan.workflow.worklists import Cell, CellKind, Row, WorkListPage


def _escaped(value: Any) -> str:
    """``conditional_escape``, without the cost of its lazy-string wrapper: what has an
    ``__html__`` (a ``SafeString``) as it gives it, anything else as text with ``& < > " '``
    escaped (``html.escape``, as Django's ``escape``)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


__all__ = ["cell_html", "deadline_html", "rows_html"]

_DASH = "—"


def _local(value: Any) -> Any:
    """An aware date and time in the current time zone, as a template shows it."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _show(value: Any) -> str:
    """``{{ value }}`` in a template: localized, then escaped unless already safe."""
    value = formats.localize(_local(value))
    return _escaped(value)


def _date(value: dt.date) -> str:
    """``<time datetime="{{ value|date:'Y-m-d' }}">{{ value|date:"d/m/Y" }}</time>``."""
    if type(value) is dt.date and value.year >= 1000:  # the filter's output, without its parsing
        return f'<time datetime="{value.isoformat()}">{value.strftime("%d/%m/%Y")}</time>'
    local = _local(value)  # the filter expects local time
    return (
        f'<time datetime="{formats.date_format(local, "Y-m-d")}">'
        f"{formats.date_format(local, 'd/m/Y')}</time>"
    )


def deadline_html(deadline: DeadlineView | None, late: int) -> SafeString:
    """What ``workflow/includes/deadline_badge.html`` shows: the due date and its urgency in
    words and colour (``late``: the working days it is overdue)."""
    if not deadline:
        return mark_safe(_DASH)  # noqa: S308 — a constant
    parts = [_date(deadline.due_on), "\n"]
    urgency = deadline.urgency
    if urgency is Urgency.STOPPED:
        parts.append(f'<span class="badge badge-muted">{escape(gettext("Clock stopped"))}</span>')
    elif urgency is Urgency.OVERDUE:
        days = ngettext("%(days)s working day late", "%(days)s working days late", late) % {
            "days": _show(late)
        }
        parts.append(
            f'<span class="badge badge-error">{escape(gettext("Overdue"))}</span> '
            f'<span class="muted">{days}</span>'
        )
    else:
        left = deadline.working_days_left
        days = ngettext("%(days)s working day left", "%(days)s working days left", left) % {
            "days": _show(left)
        }
        if urgency is Urgency.DUE_SOON:
            badge = f'<span class="badge badge-warning">{escape(gettext("Due soon"))}</span>'
        else:
            badge = f'<span class="badge badge-success">{escape(gettext("On time"))}</span>'
        parts.append(f'{badge} <span class="muted">{days}</span>')
    parts.append("\n")
    return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped


def cell_html(cell: Cell) -> str:
    """What ``workflow/includes/worklist_cell.html`` shows of one cell."""
    kind = cell.column.kind
    value = cell.value
    if kind == CellKind.DEADLINE:
        shown = str(deadline_html(value, cell.working_days_late))
    elif value is None or value == "":
        shown = _DASH
    elif kind == CellKind.LINK:
        shown = f'<a href="{_show(cell.url)}">{_show(value)}</a>'
    elif kind == CellKind.DATE:
        shown = _date(value)
    elif kind == CellKind.BADGE:
        tone = f" badge-{_show(cell.tone)}" if cell.tone else ""
        shown = f'<span class="badge{tone}">{_show(value)}</span>'
    else:
        shown = _show(value)
    if cell.note:
        shown += f' <span class="badge badge-muted">{_show(cell.note)}</span>'
    return shown


def _row(row: Row, work: WorkListPage, list_id: str, out: list[str]) -> None:
    out.append("    <tr>\n    ")
    sel = work.selection
    if sel is not None:
        pk = _show(row.obj.pk)
        pick = f"{_show(list_id)}-pick-{pk}"
        label = gettext("Select %(row)s") % {"row": _show(row.label)}
        out.append(
            f'<td><input type="checkbox" name="{_show(sel.name)}" value="{pk}" id="{pick}">'
            f'<label for="{pick}" class="visually-hidden">{label}</label>'
            f'<input type="hidden" name="{_show(sel.page_name)}" value="{pk}"></td>'
        )
    out.append("\n    ")
    for cell in row.cells:
        column = cell.column
        if column.row_header:
            out.append(f'<th scope="row">{cell_html(cell)}</th>\n    ')
        else:
            numeric = ' class="numeric"' if column.numeric else ""
            out.append(f"<td{numeric}>{cell_html(cell)}</td>\n    ")
    out.append("\n    </tr>\n  ")


def rows_html(work: WorkListPage, list_id: str) -> SafeString:
    """The ``<tr>`` of every row of the page (its checkbox for bulk work, its cells), or the
    row saying the list is empty."""
    out: list[str] = []
    for row in work.rows:
        _row(row, work, list_id, out)
    if not out:
        out.append(
            f'    <tr><td colspan="{work.colspan}">{_show(work.work_list.empty_text)}</td></tr>\n  '
        )
    return mark_safe("".join(out))  # noqa: S308 — every value is escaped in _row and cell_html
