"""Work lists: the dense tables of objects an officer works through, declared once per list.

A module declares a ``WorkList`` (its columns, which of them sort and on which fields, the page
size) and a view renders ``work_list.page(request.GET, queryset, form=form)`` with the shared
template ``workflow/worklist.html``. The queryset comes from the module's selector with the
permission scope and the filters already applied; the work list adds the sort, the page and the
cells.

Pages are found by keyset: the link to the next page carries the sort key values of the last row
shown (signed, so a changed link is recognised and gives the first page with a notice), and the
query asks for the rows after them with ``LIMIT``, never ``OFFSET``, so a page deep in a long
list costs what the first does. Every sort ends with the primary key, so rows that tie on the
sorted field keep one order. The number of rows is counted only up to ``count_cap``.

The legacy ``?page=N`` links (page numbers) still work up to the capped count.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Final, Self, cast

from django import forms
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Model, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core import calendar
from danvan.workflow.rules import DeadlineView
from danvan.workflow.widget_html import FastWidgets

__all__ = [
    "CURSOR_PARAM",
    "SORT_PARAM",
    "CellKind",
    "Column",
    "FilterForm",
    "ListedChoiceField",
    "Selection",
    "SortKey",
    "WorkList",
    "WorkListPage",
    "badge",
    "date",
    "deadline",
    "declared",
    "display",
    "link",
    "text",
]

#: Query parameters the work list reads (the filters are the form's own).
CURSOR_PARAM: Final = "cursor"
SORT_PARAM: Final = "sort"
PAGE_PARAM: Final = "page"  # the legacy page number

Label = str | Promise


class CellKind(enum.StrEnum):
    TEXT = "text"
    LINK = "link"
    DATE = "date"
    BADGE = "badge"
    DEADLINE = "deadline"


@dataclass(frozen=True)
class SortKey:
    """One field of an order: a model field path (``"unit__name"``) or an annotation of the
    queryset. ``nullable=None`` asks the model; an annotation that can be NULL says so."""

    field: str
    descending: bool = False
    nullable: bool | None = None

    def flipped(self) -> SortKey:
        return SortKey(self.field, not self.descending, self.nullable)


@dataclass(frozen=True)
class Column:
    """A column of a work list: its header, how a cell shows, and how it sorts.

    ``value`` is an attribute path (``"letter.subject"``; a method without arguments is called,
    so ``"get_status_display"`` works) or a function of the object. For a ``deadline`` column
    it is a function of the object and today giving a ``DeadlineView`` or ``None``. ``sort`` is
    the order the column sorts by, ascending (descending reverses every key); a column without
    it does not sort. The sort parameter is the column's key for that order and ``-key`` for
    it reversed; the header and caption say which way the values actually run.
    """

    key: str
    label: Label
    value: str | Callable[..., Any]
    kind: CellKind = CellKind.TEXT
    url: Callable[[Any], str] | None = None
    sort: tuple[SortKey, ...] = ()
    row_header: bool = False
    #: A second, small badge in the cell (e.g. "second time"), or None.
    note: Callable[[Any], Label | None] | None = None
    #: For a badge column: the badge's tone ("success", "warning", "error", "muted" or "").
    tone: Callable[[Any], str] | None = None
    #: What the caption says of the order, ascending and descending (default: "sorted by …").
    sort_text: tuple[Label, Label] | None = None
    numeric: bool = False

    @property
    def sortable(self) -> bool:
        return bool(self.sort)

    def read(self, obj: Any, today: dt.date) -> Any:
        if self.kind == CellKind.DEADLINE:
            if not callable(self.value):
                raise TypeError(f"The deadline column {self.key} needs a function as its value.")
            return self.value(obj, today)
        if callable(self.value):
            return self.value(obj)
        found: Any = obj
        for part in self.value.split("."):
            found = getattr(found, part, None) if found is not None else None
        return found() if callable(found) else found

    def describe_order(self, descending: bool) -> str:
        if self.sort_text is not None:
            return str(self.sort_text[1 if descending else 0])
        if descending:
            return _("sorted by %(column)s, descending") % {"column": self.label}
        return _("sorted by %(column)s, ascending") % {"column": self.label}


def _keys(sort: str | Sequence[str | SortKey] | None) -> tuple[SortKey, ...]:
    if sort is None:
        return ()
    items: list[str | SortKey] = [sort] if isinstance(sort, str) else list(sort)
    keys: list[SortKey] = []
    for item in items:
        if isinstance(item, SortKey):
            keys.append(item)
        else:
            keys.append(SortKey(item.removeprefix("-"), descending=item.startswith("-")))
    return tuple(keys)


def text(
    key: str,
    label: Label,
    value: str | Callable[[Any], Any],
    *,
    sort: str | Sequence[str | SortKey] | None = None,
    **options: Any,
) -> Column:
    return Column(key, label, value, CellKind.TEXT, sort=_keys(sort), **options)


def link(
    key: str,
    label: Label,
    value: str | Callable[[Any], Any],
    *,
    url: Callable[[Any], str],
    sort: str | Sequence[str | SortKey] | None = None,
    **options: Any,
) -> Column:
    return Column(key, label, value, CellKind.LINK, url=url, sort=_keys(sort), **options)


def date(
    key: str,
    label: Label,
    value: str | Callable[[Any], Any],
    *,
    sort: str | Sequence[str | SortKey] | None = None,
    **options: Any,
) -> Column:
    return Column(key, label, value, CellKind.DATE, sort=_keys(sort), **options)


def badge(
    key: str,
    label: Label,
    value: str | Callable[[Any], Any],
    *,
    tone: Callable[[Any], str] | None = None,
    sort: str | Sequence[str | SortKey] | None = None,
    **options: Any,
) -> Column:
    return Column(key, label, value, CellKind.BADGE, tone=tone, sort=_keys(sort), **options)


def deadline(
    key: str,
    label: Label,
    value: Callable[[Any, dt.date], DeadlineView | None],
    *,
    sort: str | Sequence[str | SortKey] | None = None,
    **options: Any,
) -> Column:
    """The due date with a badge of the working days left: overdue, due soon, on time (or the
    clock stopped), in words as well as in colour."""
    return Column(key, label, value, CellKind.DEADLINE, sort=_keys(sort), **options)


def display(field_name: str) -> Callable[[Any], Any]:
    """A cell value: the label of the object's choice in ``field_name`` (what
    ``get_<field>_display()`` gives, from a table of the field's choices made once per model
    rather than on every call); a value outside the choices shows as it is."""
    labels: dict[type[Model], dict[Any, Any]] = {}

    def label(obj: Any) -> Any:
        model = type(obj)
        found = labels.get(model)
        if found is None:
            found = labels[model] = dict(model._meta.get_field(field_name).flatchoices)
        value = getattr(obj, field_name)
        try:
            return found.get(value, value)
        except TypeError:  # an unhashable value is no choice
            return value

    return label


# --- Filters ----------------------------------------------------------------------------------

#: One renderer for every filter form (its template engine is built once per process).
_WIDGETS: Final = FastWidgets()


class _ListedIterator(ModelChoiceIterator):
    """The choices of a ``ListedChoiceField``: its rows, read once."""

    def __iter__(self) -> Any:
        field = cast("ListedChoiceField", self.field)
        if field.empty_label is not None:
            yield ("", field.empty_label)
        for obj in field.listed():
            yield self.choice(obj)

    def __len__(self) -> int:
        field = cast("ListedChoiceField", self.field)
        return len(field.listed()) + (field.empty_label is not None)

    def __bool__(self) -> bool:
        field = cast("ListedChoiceField", self.field)
        return field.empty_label is not None or bool(field.listed())


class ListedChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A ``ModelChoiceField`` whose rows are read once per form, in one query: the select's
    options and the check of a chosen value both use them (Django's field reads the rows for
    the options through a database cursor and asks the database again for the value chosen).
    Meant for a filter's choices, limited to the viewer's scope."""

    iterator = _ListedIterator

    def listed(self) -> list[Any]:
        queryset = self.queryset
        if getattr(self, "_listed_for", None) is not queryset:
            self._listed = list(queryset) if queryset is not None else []
            self._listed_for = queryset
        return self._listed

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        if isinstance(value, Model):
            value = getattr(value, self.to_field_name or "pk")
        model = self.queryset.model if self.queryset is not None else None
        if model is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        key = self.to_field_name or model._meta.pk.name
        try:
            wanted = model._meta.get_field(key).to_python(value)
        except ValidationError as exc:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from exc
        for obj in self.listed():
            if getattr(obj, key) == wanted:
                return obj
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class FilterForm(forms.Form):
    """The filters of a work list: every field optional, an invalid value filters nothing and
    is named beside its field (the page still shows, with the valid filters applied).

    ``lookups`` maps a field to the queryset lookup it filters on (``{"status": "status",
    "q": "title__icontains"}``); ``apply(queryset)`` uses them. A module whose selector takes
    the filters itself reads ``valid()`` instead.
    """

    lookups: Mapping[str, str] = {}
    default_renderer = _WIDGETS
    #: Fields used less often, shown under "More filters" (open when one of them is set).
    more: tuple[str, ...] = ()

    @classmethod
    def from_query(cls, data: QueryDict, **kwargs: Any) -> Self:
        """The form bound to the request's query (unbound when it has none) and validated."""
        own = {k for k in data if k not in (CURSOR_PARAM, SORT_PARAM, PAGE_PARAM)}
        form = cls(data if own else None, **kwargs)
        if form.is_bound:
            form.is_valid()
        return form

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.more]

    def more_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name in self.more]

    def more_in_use(self) -> bool:
        """A field under "More filters" has a value or an error (so the section opens)."""
        if not self.is_bound:
            return False
        return any(self.data.get(self.add_prefix(name)) for name in self.more) or any(
            name in self.errors for name in self.more
        )

    def valid(self) -> dict[str, Any]:
        """The filters that were understood, without the empty ones."""
        data = getattr(self, "cleaned_data", None) if self.is_bound else None
        return {k: v for k, v in (data or {}).items() if v not in (None, "", [], ())}

    def apply(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        for name, value in self.valid().items():
            lookup = self.lookups.get(name)
            if lookup is not None:
                if isinstance(value, str):
                    value = value.replace("\x00", "").strip()
                queryset = queryset.filter(**{lookup: value})
        return queryset

    @property
    def is_filtered(self) -> bool:
        if not self.is_bound:
            return False
        return any(str(v).strip() for k, v in self.data.items() if k in self.fields)


# --- Cursors ----------------------------------------------------------------------------------


class BadCursorError(Exception):
    pass


def _encode(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return ["b", value]
    if isinstance(value, int):
        return ["i", value]
    if isinstance(value, str):
        return ["s", value]
    if isinstance(value, dt.datetime):
        return ["t", value.isoformat()]
    if isinstance(value, dt.date):
        return ["d", value.isoformat()]
    if isinstance(value, Decimal):
        return ["n", str(value)]
    if isinstance(value, uuid.UUID):
        return ["u", str(value)]
    raise TypeError(f"A work list cannot sort on a value of type {type(value).__name__}.")


def _decode(item: Any) -> Any:
    if item is None:
        return None
    if not (isinstance(item, list) and len(item) == 2):
        raise BadCursorError
    tag, raw = item
    decoders: dict[str, Callable[[Any], Any]] = {
        "b": lambda v: v if isinstance(v, bool) else _bad(),
        "i": lambda v: v if isinstance(v, int) and not isinstance(v, bool) else _bad(),
        "s": lambda v: v if isinstance(v, str) else _bad(),
        "t": lambda v: dt.datetime.fromisoformat(v),
        "d": lambda v: dt.date.fromisoformat(v),
        "n": lambda v: Decimal(v),
        "u": lambda v: uuid.UUID(v),
    }
    if tag not in decoders:
        raise BadCursorError
    try:
        return decoders[tag](raw)
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise BadCursorError from exc


def _bad() -> Any:
    raise BadCursorError


@dataclass(frozen=True)
class Cursor:
    sort: str
    backward: bool
    number: int
    values: tuple[Any, ...]


# --- Selection for bulk work --------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The rows of a page may be ticked for bulk work: the table is wrapped in one POST form
    to ``url`` with a checkbox per row (``name``, the object's pk), "select all on this page"
    (``all_name``, which takes the page's ids sent in ``page_name``: it works without
    JavaScript), a choice of ``actions`` (value, label) in ``action_name`` and a submit.
    ``chosen_ids`` reads the ids back; the module's bulk view validates them."""

    url: str
    actions: tuple[tuple[str, Label], ...]
    name: str = "ids"
    page_name: str = "page_ids"
    all_name: str = "all_on_page"
    action_name: str = "action"
    #: The heading of the bulk controls (for the form's accessible name).
    label: Label = field(default=gettext_lazy("With the selected rows"))

    def chosen_ids(self, data: QueryDict) -> list[str]:
        """The ids ticked, and those of the whole page when "select all" was ticked, in order."""
        chosen = list(data.getlist(self.name))
        if data.get(self.all_name):
            chosen += data.getlist(self.page_name)
        return chosen


# --- The list ---------------------------------------------------------------------------------

#: Every work list declared, by name (the saved filters name the list they belong to).
_DECLARED: dict[str, WorkList] = {}


def declared(name: str) -> WorkList | None:
    """The work list declared under ``name``, if any."""
    return _DECLARED.get(name)


@dataclass(frozen=True)
class Cell:
    column: Column
    value: Any
    url: str = ""
    note: Label | None = None
    tone: str = ""

    @property
    def kind(self) -> str:
        return self.column.kind.value

    @property
    def working_days_late(self) -> int:
        """For a deadline cell: the working days the due date has passed."""
        return max(0, -self.value.working_days_left) if isinstance(self.value, DeadlineView) else 0


@dataclass(frozen=True)
class Row:
    obj: Any
    cells: tuple[Cell, ...]

    @property
    def label(self) -> str:
        """What names the row (its row header's value), e.g. for its checkbox's label."""
        for cell in self.cells:
            if cell.column.row_header:
                return str(cell.value or "")
        return str(self.obj)


@dataclass(frozen=True)
class Header:
    column: Column
    #: "ascending", "descending" or "" (the value of ``aria-sort`` on the sorted column).
    aria_sort: str
    url: str
    #: What following the link does, for the link's hidden text.
    action: str


@dataclass
class WorkListPage:
    """What the template shows: headers, rows, caption, notices and the page links."""

    work_list: WorkList
    form: forms.Form | None
    headers: list[Header]
    rows: list[Row]
    caption: str
    number: int
    total_pages: int | None
    count: int
    count_capped: bool
    next_url: str = ""
    previous_url: str = ""
    first_url: str = ""
    notices: list[str] = field(default_factory=list)
    is_filtered: bool = False
    #: The sort to keep when the filters change ("" for the list's usual order).
    sort_param: str = ""
    #: Rows may be ticked for bulk work (None: they may not).
    selection: Selection | None = None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_url or self.previous_url)

    @property
    def colspan(self) -> int:
        return len(self.headers) + (1 if self.selection is not None else 0)


@dataclass(frozen=True)
class WorkList:
    """A declared work list. ``name`` keeps the cursors of one list from opening another."""

    name: str
    columns: tuple[Column, ...]
    default_sort: str
    #: "%(count)s letter" / "%(count)s letters": the caption's count of the rows.
    noun: Callable[[int], str]
    empty_text: Label = field(default=gettext_lazy("Nothing matches these filters."))
    page_size: int = 25
    count_cap: int = 1000
    template_name: str = "workflow/worklist.html"
    #: The list whose saved filters this one shows and keeps (a variant of a list, such as the
    #: same list sorted by relevance while searching, shares the person's saved filters).
    filters_key: str = ""

    @property
    def saved_filters_key(self) -> str:
        return self.filters_key or self.name

    def __post_init__(self) -> None:
        keys = [c.key for c in self.columns]
        if len(set(keys)) != len(keys):
            raise ValueError(f"Work list {self.name}: two columns have the same key.")
        if self.default_sort.removeprefix("-") not in self._sortable():
            raise ValueError(f"Work list {self.name}: the default sort is not a sortable column.")
        _DECLARED[self.name] = self

    def _sortable(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns if c.sortable}

    # The order ------------------------------------------------------------------------------

    def order_keys(self, model: type[Model], sort: str) -> tuple[SortKey, ...]:
        """The keys of ``sort`` (a column key, ``-`` for descending), ending with the pk."""
        column = self._sortable()[sort.removeprefix("-")]
        keys = [k.flipped() if sort.startswith("-") else k for k in column.sort]
        pk_names = {"pk", model._meta.pk.name}
        if not any(k.field in pk_names for k in keys):
            keys.append(SortKey("pk", descending=bool(keys) and keys[-1].descending))
        return tuple(SortKey(k.field, k.descending, _nullable(model, k)) for k in keys)

    # The page -------------------------------------------------------------------------------

    def page(
        self,
        params: QueryDict,
        queryset: QuerySet[Any],
        *,
        form: forms.Form | None = None,
        today: dt.date | None = None,
        values: Mapping[str, Callable[[Any], Any]] | None = None,
        selection: Selection | None = None,
    ) -> WorkListPage:
        """The page the query ``params`` asks for of ``queryset`` (scoped and filtered).

        ``values`` gives, for this page only, a column's value (by the column's key) as a
        function of the object, in place of the declared one: e.g. the subject with the words
        searched for marked. A ``SafeString`` value is shown as the HTML it is; anything else is
        escaped. ``selection`` lets the person tick rows for bulk work."""
        notices: list[str] = []
        if form is not None and form.is_bound and form.errors:
            notices.append(_("Some filters were not understood and were left out."))
        sort = params.get(SORT_PARAM, "") or self.default_sort
        if sort.removeprefix("-") not in self._sortable():
            notices.append(_("The list cannot be sorted that way; it is shown in its usual order."))
            sort = self.default_sort
        keys = self.order_keys(queryset.model, sort)
        cursor: Cursor | None = None
        raw_cursor = params.get(CURSOR_PARAM, "")
        if raw_cursor:
            try:
                cursor = self._read_cursor(raw_cursor, sort, len(keys))
            except BadCursorError:
                notices.append(
                    _(
                        "The page link was not valid (it may be old or changed): the first "
                        "page is shown."
                    )
                )
        count, capped = self._count(queryset)
        last_known = max(1, math.ceil(count / self.page_size))
        annotated = queryset.annotate(**{f"wlkey{i}": F(k.field) for i, k in enumerate(keys)})

        offset = 0
        number = 1
        if cursor is not None:
            number = cursor.number
            condition = _beyond(keys, cursor.values, before=cursor.backward)
            if cursor.backward:
                found = _rows(
                    annotated.filter(condition).order_by(*_ordering(keys, reverse=True)),
                    0,
                    self.page_size + 1,
                )
                has_previous = len(found) > self.page_size
                objects = list(reversed(found[: self.page_size]))
                has_next = True
            else:
                found = _rows(
                    annotated.filter(condition).order_by(*_ordering(keys)), 0, self.page_size + 1
                )
                has_next = len(found) > self.page_size
                objects = found[: self.page_size]
                has_previous = True
        else:
            number = _page_number(params.get(PAGE_PARAM), last_known) if not raw_cursor else 1
            offset = (number - 1) * self.page_size
            ordered = annotated.order_by(*_ordering(keys))
            found = _rows(ordered, offset, offset + self.page_size + 1)
            has_next = len(found) > self.page_size
            objects = found[: self.page_size]
            has_previous = number > 1
        if not objects:
            has_next = False
            has_previous = number > 1

        day = today or calendar.today_local()
        unknown = set(values or {}) - {c.key for c in self.columns}
        if unknown:
            raise ValueError(f"Work list {self.name}: no column {', '.join(sorted(unknown))}.")
        columns = tuple(
            replace(c, value=values[c.key]) if values and c.key in values else c
            for c in self.columns
        )
        rows = [Row(obj, tuple(self._cell(c, obj, day) for c in columns)) for obj in objects]
        base = params.copy()
        for name in (CURSOR_PARAM, PAGE_PARAM):
            base.pop(name, None)
        if sort == self.default_sort:
            base.pop(SORT_PARAM, None)
        else:
            base[SORT_PARAM] = sort
        page = WorkListPage(
            work_list=self,
            form=form,
            headers=self._headers(sort, base),
            rows=rows,
            caption=self._caption(sort, count, capped),
            number=number,
            total_pages=None if capped else last_known,
            count=count,
            count_capped=capped,
            notices=notices,
            is_filtered=bool(getattr(form, "is_filtered", False)),
            sort_param="" if sort == self.default_sort else sort,
            selection=selection,
        )
        if number > 1 or has_previous:
            page.first_url = _url(base)
        if has_next and objects:
            page.next_url = _url(base, self._cursor(sort, False, number + 1, keys, objects[-1]))
        if has_previous and objects:
            if number <= 2:
                page.previous_url = page.first_url
            else:
                page.previous_url = _url(
                    base, self._cursor(sort, True, number - 1, keys, objects[0])
                )
        elif has_previous:
            page.previous_url = page.first_url
        return page

    def _count(self, queryset: QuerySet[Any]) -> tuple[int, bool]:
        """The number of rows, counted up to ``count_cap`` (more is shown as "more than")."""
        counted = queryset.order_by()[: self.count_cap + 1].count()
        if counted > self.count_cap:
            return self.count_cap, True
        return counted, False

    def _cell(self, column: Column, obj: Any, today: dt.date) -> Cell:
        return Cell(
            column=column,
            value=column.read(obj, today),
            url=column.url(obj) if column.url is not None else "",
            note=column.note(obj) if column.note is not None else None,
            tone=column.tone(obj) if column.tone is not None else "",
        )

    def _headers(self, sort: str, base: QueryDict) -> list[Header]:
        headers = []
        current = sort.removeprefix("-")
        for column in self.columns:
            if not column.sortable:
                headers.append(Header(column, "", "", ""))
                continue
            query = base.copy()
            query.pop(SORT_PARAM, None)
            if column.key == current:
                # The sorted column's link reverses it.
                target = column.key if sort.startswith("-") else f"-{column.key}"
                aria = "descending" if _descending(column, sort) else "ascending"
            else:
                target, aria = column.key, ""
            if target != self.default_sort:
                query[SORT_PARAM] = target
            action = column.describe_order(_descending(column, target))
            headers.append(
                Header(column, aria, _url(query), _("Sort: %(order)s") % {"order": action})
            )
        return headers

    def _caption(self, sort: str, count: int, capped: bool) -> str:
        column = self._sortable()[sort.removeprefix("-")]
        shown = self.noun(count)
        if capped:
            shown = _("more than %(count)s") % {"count": shown}
        return _("%(count)s, %(order)s") % {
            "count": shown,
            "order": column.describe_order(_descending(column, sort)),
        }

    # Cursors --------------------------------------------------------------------------------

    def _salt(self) -> str:
        return f"danvan.workflow.worklist.{self.name}"

    def _cursor(
        self, sort: str, backward: bool, number: int, keys: Sequence[SortKey], obj: Any
    ) -> str:
        values = [_encode(getattr(obj, f"wlkey{i}")) for i in range(len(keys))]
        payload = {"s": sort, "b": int(backward), "n": number, "k": values}
        return signing.dumps(payload, salt=self._salt(), compress=True)

    def _read_cursor(self, raw: str, sort: str, size: int) -> Cursor:
        try:
            payload = signing.loads(raw, salt=self._salt())
        except (signing.BadSignature, ValueError, UnicodeError) as exc:
            raise BadCursorError from exc
        if not isinstance(payload, dict):
            raise BadCursorError
        values = payload.get("k")
        number = payload.get("n")
        if (
            payload.get("s") != sort
            or payload.get("b") not in (0, 1)
            or not isinstance(number, int)
            or isinstance(number, bool)
            or number < 1
            or not isinstance(values, list)
            or len(values) != size
        ):
            raise BadCursorError
        return Cursor(sort, bool(payload["b"]), number, tuple(_decode(v) for v in values))


# --- Query building ---------------------------------------------------------------------------


def _descending(column: Column, sort: str) -> bool:
    """Whether ``sort`` (the column's key, ``-`` for its order reversed) shows the column's
    values descending: its first key's own direction, reversed by ``-``."""
    return column.sort[0].descending != sort.startswith("-")


def _nullable(model: type[Model], key: SortKey) -> bool:
    """Whether the key's value may be NULL (an unknown path, such as an annotation, may)."""
    if key.nullable is not None:
        return key.nullable
    if key.field == "pk":
        return False
    current: Any = model
    nullable = False
    for part in key.field.split("__"):
        try:
            found = current._meta.get_field(part)
        except (FieldDoesNotExist, AttributeError):
            return True
        nullable = nullable or bool(getattr(found, "null", False))
        if found.is_relation:
            if found.many_to_many or found.one_to_many:
                return True
            current = found.related_model
    return nullable


def _rows(ordered: QuerySet[Any], start: int, stop: int) -> list[Any]:
    """The rows ``start`` to ``stop`` of ``ordered``, in one query: the page's primary keys are
    chosen in a subquery that reads the filtered table alone, in the list's order (an index on
    the scope and the sort keys serves it without reading the rows), and only those rows are
    then read with what the page shows (the joined tables, the annotations). Sorting the joined
    rows of the whole scope to keep a page of them is what this avoids. An order on an
    annotation reads the page in one plain query."""
    annotated = set(ordered.query.annotations)
    names = {getattr(getattr(t, "expression", t), "name", "") for t in ordered.query.order_by}
    if names & annotated:
        # Sorted on a computed value (a search's rank): a subquery selecting the primary key
        # alone cannot sort on it, and no index would serve it anyway.
        return list(ordered[start:stop])
    page = ordered.values("pk")[start:stop]
    return list(ordered.filter(pk__in=page))


def _ordering(keys: Sequence[SortKey], *, reverse: bool = False) -> list[OrderBy]:
    """ORDER BY for ``keys``: NULLs always last in the list's own order (so first when read
    backwards); a key that cannot be NULL says nothing of them, which lets an index serve."""
    terms = []
    for k in keys:
        descending = k.descending != reverse
        expression = F(k.field)
        if k.nullable:
            nulls = {"nulls_first": True} if reverse else {"nulls_last": True}
            terms.append(expression.desc(**nulls) if descending else expression.asc(**nulls))
        else:
            terms.append(expression.desc() if descending else expression.asc())
    return terms


def _beyond(keys: Sequence[SortKey], values: Sequence[Any], *, before: bool) -> Q:
    """The rows strictly after (or before) the row whose keys are ``values``, in the order of
    ``keys`` with NULLs last: ``k0 > v0 OR (k0 = v0 AND (k1 > v1 OR (k1 = v1 AND …)))``."""
    condition = Q(pk__in=[])  # nothing beyond the last key: the row itself is excluded
    for k, v in reversed(list(zip(keys, values, strict=True))):
        after = _strictly(k, v, before=before)
        same = Q(**{f"{k.field}__isnull": True}) if v is None else Q(**{k.field: v})
        condition = after | (same & condition)
    first, value = keys[0], values[0]
    if not first.nullable and value is not None:
        # A redundant bound on the first key, so the database can start an index scan there.
        ascending = first.descending == before
        condition &= Q(**{f"{first.field}__{'gte' if ascending else 'lte'}": value})
    return condition


def _strictly(k: SortKey, v: Any, *, before: bool) -> Q:
    """Rows strictly beyond ``v`` on key ``k`` alone (NULLs sort last)."""
    greater = k.descending == before  # going up the values
    if v is None:
        # NULLs are last: nothing is after a NULL, every non-NULL is before it.
        return Q(**{f"{k.field}__isnull": False}) if before else Q(pk__in=[])
    beyond = Q(**{f"{k.field}__{'gt' if greater else 'lt'}": v})
    if k.nullable and not before:
        beyond |= Q(**{f"{k.field}__isnull": True})
    return beyond


def _page_number(raw: str | None, last: int) -> int:
    """A legacy page number: not a number gives the first page, out of range the last."""
    try:
        number = int(str(raw or "1"))
    except ValueError:
        return 1
    if number < 1 or number > last:
        return last
    return number


def _url(query: QueryDict, cursor: str = "") -> str:
    query = query.copy()
    if cursor:
        query[CURSOR_PARAM] = cursor
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
