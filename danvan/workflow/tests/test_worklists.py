"""Work lists on the kit's test module (permits): keyset pages over a long list, forward to the
end and back, with ties on the sorted field; filters and sort kept across pages; a changed page
link; the deadline badges in working days across a weekend and Tết 2027; the table's markup."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django import forms
from django.core import signing
from django.db import connection
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.safestring import mark_safe

from danvan.organizations.tests import factories as org
from danvan.workflow import worklists
from danvan.workflow.rules import Urgency, deadline_view
from danvan.workflow.tests.kitapp.models import Permit, PermitStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Any:
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


MANY = 10_500
TODAY = dt.date(2027, 2, 3)  # Wednesday before Tết: 4-10 February 2027 are days off


def _due(permit: Permit, today: dt.date) -> Any:
    return deadline_view(permit.due_on, today) if permit.due_on else None


PERMITS = worklists.WorkList(
    name="kitapp.permits",
    columns=(
        worklists.link(
            "title",
            "Title",
            "title",
            url=lambda p: f"/permits/{p.pk}/",
            row_header=True,
            sort="title",
        ),
        worklists.badge(
            "status",
            "Status",
            "get_status_display",
            tone=lambda p: "success" if p.status == PermitStatus.GRANTED else "",
        ),
        worklists.date("submitted", "Submitted on", "submitted_on", sort="-submitted_on"),
        worklists.text("unit", "Unit", "unit.name", sort="unit__name"),
        worklists.deadline("due", "Due", _due, sort="due_on"),
    ),
    default_sort="due",
    noun=lambda n: f"{n} permits",
    empty_text="No permits match these filters.",
    page_size=100,
)


class PermitFilters(worklists.FilterForm):
    lookups = {"status": "status", "q": "title__icontains"}

    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any"), *PermitStatus.choices]
    )
    q = forms.CharField(label="Search", required=False, max_length=50)


@pytest.fixture
def many() -> list[Permit]:
    """10,500 permits on 20 due dates (and some with none), so most rows tie on the date."""
    units = [org.UnitFactory(name=f"Phường {i}") for i in range(3)]
    statuses = [PermitStatus.SUBMITTED, PermitStatus.GRANTED, PermitStatus.DRAFT]
    Permit.objects.bulk_create(
        [
            Permit(
                unit=units[i % 3],
                title=f"Giấy phép {i % 997:04d}",
                status=statuses[i % 3] if i % 7 else PermitStatus.SUBMITTED,
                submitted_on=dt.date(2026, 1, 1) + dt.timedelta(days=i % 31),
                due_on=None if i % 11 == 0 else TODAY + dt.timedelta(days=i % 20),
            )
            for i in range(MANY)
        ],
        batch_size=2000,
    )
    return list(Permit.objects.all())


def _query(url: str) -> QueryDict:
    assert url.startswith("?")
    return QueryDict(url[1:])


def _walk(params: QueryDict, queryset: Any, *, backward_from_end: bool = True) -> dict[str, Any]:
    """Follow "next" to the end, then "previous" back to the start."""
    forward: list[list[int]] = []
    queries: list[list[str]] = []
    numbers = []
    PERMITS.page(params, queryset, today=TODAY)  # warm the working-day calendar's cache
    page = None
    while True:
        form = PermitFilters.from_query(params)
        with CaptureQueriesContext(connection) as seen:
            page = PERMITS.page(params, form.apply(queryset), form=form, today=TODAY)
        queries.append([q["sql"] for q in seen.captured_queries])
        forward.append([row.obj.pk for row in page.rows])
        numbers.append(page.number)
        assert page.notices == []
        if not page.next_url:
            break
        params = _query(page.next_url)
    backward: list[list[int]] = [forward[-1]]
    while backward_from_end and page.previous_url:
        params = _query(page.previous_url)
        form = PermitFilters.from_query(params)
        with CaptureQueriesContext(connection) as seen:
            page = PERMITS.page(params, form.apply(queryset), form=form, today=TODAY)
        queries.append([q["sql"] for q in seen.captured_queries])
        backward.append([row.obj.pk for row in page.rows])
    return {
        "forward": forward,
        "backward": list(reversed(backward)),
        "queries": queries,
        "numbers": numbers,
        "last": page,
    }


def _expected(permits: list[Permit], key: Any) -> list[int]:
    return [p.pk for p in sorted(permits, key=key)]


def test_keyset_pages_walk_forward_and_back_seeing_every_row_once_in_order(many):
    walked = _walk(QueryDict(""), Permit.objects.select_related("unit"))
    expected = _expected(many, lambda p: (p.due_on is None, p.due_on or TODAY, p.pk))
    forward = [pk for page in walked["forward"] for pk in page]
    assert forward == expected  # every row once, in order, ties broken by pk, NULLs last
    assert [pk for page in walked["backward"] for pk in page] == expected
    assert walked["backward"] == walked["forward"]  # the same pages coming back
    assert walked["numbers"] == list(range(1, len(walked["forward"]) + 1))
    assert [len(p) for p in walked["forward"]] == [100] * (MANY // 100)  # no empty last page
    # Each page: one capped count and one page query, LIMIT and no OFFSET, however deep.
    assert {len(sqls) for sqls in walked["queries"]} == {2}
    for sqls in walked["queries"]:
        page_sql = sqls[-1].upper()
        assert "LIMIT" in page_sql
        assert "OFFSET" not in page_sql
        assert "COUNT(" in sqls[0].upper()


def test_a_page_deep_in_the_list_reads_no_more_rows_than_the_first(many):
    walked = _walk(
        QueryDict("sort=submitted"), Permit.objects.select_related("unit"), backward_from_end=False
    )
    assert {len(sqls) for sqls in walked["queries"]} == {2}
    first, deep = walked["queries"][0][-1], walked["queries"][-2][-1]
    assert re.search(r"LIMIT 101\b", first)
    assert re.search(r"LIMIT 101\b", deep)
    expected = _expected(many, lambda p: (-p.submitted_on.toordinal(), -p.pk))
    assert [pk for page in walked["forward"] for pk in page] == expected


def test_filters_and_sort_are_kept_across_pages(many):
    params = QueryDict("status=submitted&q=phép 00&sort=-title")
    walked = _walk(params, Permit.objects.all())
    chosen = [p for p in many if p.status == PermitStatus.SUBMITTED and "phép 00" in p.title]
    assert len(chosen) > 200  # several pages
    expected = _expected(chosen, lambda p: p.pk)
    expected = sorted(expected, key=lambda pk: -pk)
    titles = {p.pk: p.title for p in chosen}
    expected = sorted(expected, key=lambda pk: titles[pk], reverse=True)
    assert [pk for page in walked["forward"] for pk in page] == expected
    assert walked["backward"] == walked["forward"]
    page = PERMITS.page(params, PermitFilters.from_query(params).apply(Permit.objects.all()))
    nxt = _query(page.next_url)
    assert nxt["status"] == "submitted"
    assert nxt["q"] == "phép 00"
    assert nxt["sort"] == "-title"
    assert page.sort_param == "-title"
    assert page.caption == f"{len(chosen)} permits, sorted by Title, descending"


def test_the_count_is_capped(many):
    page = PERMITS.page(QueryDict(""), Permit.objects.all())
    assert page.count_capped
    assert page.total_pages is None
    assert page.caption.startswith(f"more than {PERMITS.count_cap} permits")


def test_a_changed_or_foreign_page_link_gives_the_first_page_with_a_notice(many):
    qs = Permit.objects.all()
    first = PERMITS.page(QueryDict(""), qs)
    second = _query(first.next_url)
    cursor = second["cursor"]
    tampered = cursor[:-3] + ("AAA" if cursor[-3:] != "AAA" else "BBB")
    forged = signing.dumps(
        {"s": "due", "b": 0, "n": 2, "k": [["x", 1], ["i", 1]]},
        salt="danvan.workflow.worklist.kitapp.permits",
        compress=True,
    )
    other_list = signing.dumps(
        {"s": "due", "b": 0, "n": 2, "k": [["d", "2027-02-05"], ["i", 5]]},
        salt="danvan.workflow.worklist.letters.letters",
        compress=True,
    )
    for bad in (
        {"cursor": tampered},
        {"cursor": "x"},
        {"cursor": "\x00"},
        {"cursor": forged},
        {"cursor": other_list},
        {"cursor": cursor, "sort": "title"},  # a cursor of another order
    ):
        query = QueryDict(mutable=True)
        query.update(bad)
        page = PERMITS.page(query, qs)
        assert page.number == 1
        assert [r.obj.pk for r in page.rows] == [r.obj.pk for r in first.rows] or bad.get("sort")
        assert any("page link was not valid" in n for n in page.notices)
    # The untouched link works.
    page = PERMITS.page(second, qs)
    assert page.notices == []
    assert page.number == 2


def test_bad_filters_and_sorts_are_reported_not_fatal(many):
    params = QueryDict("status=zzz&q=" + "x" * 80 + "&sort=note")
    form = PermitFilters.from_query(params)
    page = PERMITS.page(params, form.apply(Permit.objects.all()), form=form)
    assert set(form.errors) == {"status", "q"}
    assert "Some filters were not understood and were left out." in page.notices
    assert any("cannot be sorted that way" in n for n in page.notices)
    assert len(page.rows) == 100  # nothing filtered by the values that were not understood
    assert page.headers[-1].aria_sort == "ascending"  # the usual order


def test_legacy_page_numbers_still_work(many):
    qs = Permit.objects.filter(status=PermitStatus.GRANTED)
    by_keyset = PERMITS.page(_query(PERMITS.page(QueryDict(""), qs).next_url), qs)
    by_number = PERMITS.page(QueryDict("page=2"), qs)
    assert [r.obj.pk for r in by_number.rows] == [r.obj.pk for r in by_keyset.rows]
    assert by_number.number == 2
    for junk in ("NaN", "-1", "99999999999999999999999"):
        assert PERMITS.page(QueryDict(f"page={junk}"), qs).rows


def test_deadline_badges_count_working_days_across_tet_and_a_weekend():
    unit = org.UnitFactory()
    make = Permit.objects.create
    late = make(unit=unit, title="Quá hạn", status="submitted", due_on=dt.date(2027, 2, 3))
    after_tet = make(unit=unit, title="Sau Tết", status="submitted", due_on=dt.date(2027, 2, 11))
    later = make(unit=unit, title="Còn hạn", status="submitted", due_on=dt.date(2027, 2, 16))
    monday = make(unit=unit, title="Thứ hai", status="submitted", due_on=dt.date(2027, 2, 22))
    # Before Tết: 11 February is 8 calendar days away but the first working day after Tết.
    view = deadline_view(after_tet.due_on, TODAY)
    assert (view.working_days_left, view.calendar_days_left, view.urgency) == (
        1,
        8,
        Urgency.DUE_SOON,
    )
    assert deadline_view(later.due_on, TODAY).urgency == Urgency.ON_TIME  # 11, 12, 15, 16
    # On Thursday after Tết, a permit due the day before Tết is 8 days but 1 working day late.
    page = PERMITS.page(QueryDict(""), Permit.objects.all(), today=dt.date(2027, 2, 11))
    html = render_to_string(
        "workflow/worklist.html",
        {"work": page, "list_id": "permits"},
        request=RequestFactory().get("/permits/"),
    )
    cells = {row.obj.pk: row.cells[-1] for row in page.rows}
    assert cells[late.pk].value.urgency == Urgency.OVERDUE
    assert cells[late.pk].working_days_late == 1
    assert "1 working day late" in html
    assert cells[after_tet.pk].value.working_days_left == 0
    assert cells[later.pk].value.working_days_left == 3
    assert cells[later.pk].value.urgency == Urgency.DUE_SOON
    # On Friday 19 February a permit due on Monday 22 is 3 calendar days but 1 working day away.
    friday = PERMITS.page(QueryDict(""), Permit.objects.all(), today=dt.date(2027, 2, 19))
    cell = next(r.cells[-1] for r in friday.rows if r.obj.pk == monday.pk)
    assert (cell.value.working_days_left, cell.value.urgency) == (1, Urgency.DUE_SOON)
    on_time = PERMITS.page(QueryDict(""), Permit.objects.all(), today=dt.date(2027, 2, 12))
    html = render_to_string("workflow/worklist.html", {"work": on_time, "list_id": "p"})
    # Words as well as colour: every state says what it is.
    assert '<span class="badge badge-error">Overdue</span>' in html
    assert '<span class="badge badge-warning">Due soon</span>' in html
    assert '<span class="badge badge-success">On time</span>' in html
    assert "6 working days left" in html  # 12 → 22 February: 15-19 and 22


def test_the_table_is_accessible_and_sorts_without_javascript():
    unit = org.UnitFactory(name="Phường Thử")
    for i in range(3):
        Permit.objects.create(
            unit=unit,
            title=f"Giấy phép {i}",
            status="granted",
            due_on=TODAY,
            submitted_on=TODAY,
        )
    params = QueryDict("sort=submitted&status=granted")
    form = PermitFilters.from_query(params)
    page = PERMITS.page(params, form.apply(Permit.objects.all()), form=form, today=TODAY)
    html = render_to_string(
        "workflow/worklist.html",
        {"work": page, "list_id": "permits", "filter_title": "Filter permits"},
        request=RequestFactory().get("/permits/", params),
    )
    assert (
        '<caption id="permits-caption">3 permits, sorted by Submitted on, descending</caption>'
        in html
    )
    assert html.count('scope="col"') == len(PERMITS.columns)
    assert html.count('scope="row"') == 3
    assert html.count("aria-sort=") == 1
    assert 'aria-sort="descending"' in html
    # Sort links are plain links keeping the filters; the sorted column's link reverses it.
    links = re.findall(r'<th scope="col"[^>]*><a href="([^"]+)"', html)
    assert len(links) == 4  # title, submitted, unit, due; status does not sort
    assert all("status=granted" in link for link in links)
    assert "?status=granted&amp;sort=-submitted" in html  # reversed: oldest first
    assert '<div class="table-wrap" role="region" aria-labelledby="permits-caption"' in html
    assert '<input type="hidden" name="sort" value="submitted">' in html
    assert '<span class="badge badge-success">Granted</span>' in html
    assert "Clear filters" in html
    # An empty list says so in one row across every column.
    empty = PERMITS.page(QueryDict("q=nothing"), Permit.objects.filter(title="nothing"))
    html = render_to_string("workflow/worklist.html", {"work": empty, "list_id": "e"})
    assert f'<td colspan="{len(PERMITS.columns)}">No permits match these filters.</td>' in html
    assert "Pagination" not in html


def test_a_work_list_refuses_a_default_sort_that_is_not_a_sortable_column():
    with pytest.raises(ValueError, match="default sort"):
        worklists.WorkList(
            name="x", columns=(worklists.text("a", "A", "a"),), default_sort="a", noun=str
        )


def test_a_page_may_show_a_columns_value_its_own_way_and_only_safe_strings_as_html():
    unit = org.UnitFactory(name="Phường <Thử>")
    Permit.objects.create(unit=unit, title="Giấy <phép>", status="granted", due_on=TODAY)
    page = PERMITS.page(
        QueryDict(""),
        Permit.objects.all(),
        today=TODAY,
        values={
            "title": lambda p: mark_safe(f"<mark>{p.pk}</mark>"),  # noqa: S308
            "unit": lambda p: f"<i>{p.unit.name}</i>",
        },
    )
    html = render_to_string("workflow/worklist.html", {"work": page, "list_id": "p"})
    permit = Permit.objects.get()
    assert f'<a href="/permits/{permit.pk}/"><mark>{permit.pk}</mark></a>' in html
    assert "&lt;i&gt;Phường &lt;Thử&gt;&lt;/i&gt;" in html
    # The declared list is unchanged for the next page.
    plain = PERMITS.page(QueryDict(""), Permit.objects.all(), today=TODAY)
    assert plain.rows[0].cells[0].value == "Giấy <phép>"
    with pytest.raises(ValueError, match="no column"):
        PERMITS.page(QueryDict(""), Permit.objects.all(), values={"nope": str})


def test_the_rows_written_in_python_are_the_cell_and_badge_templates_markup():
    """``workflow.worklist_html`` writes the rows; its markup is the templates' (which other
    pages still include), for every kind of cell and every urgency, escaped the same way."""
    from danvan.workflow.rules import DeadlineView
    from danvan.workflow.worklist_html import cell_html, deadline_html
    from danvan.workflow.worklists import Cell, CellKind, Column

    due = dt.date(2027, 2, 22)
    views = [
        None,
        *(DeadlineView(due, days, days, urgency) for urgency in Urgency for days in (-3, 1, 6)),
    ]
    for view in views:
        late = max(0, -view.working_days_left) if view else 0
        template = render_to_string(
            "workflow/includes/deadline_badge.html", {"deadline": view, "late": late}
        )
        assert template == deadline_html(view, late) + "\n"
    columns = {kind: Column("c", "C", "c", kind) for kind in CellKind}
    cells = [
        Cell(columns[CellKind.LINK], "Giấy <phép>", url="/permits/1/?a=1&b=2"),
        Cell(columns[CellKind.LINK], mark_safe("<mark>07</mark>/2027"), url="/p/"),
        Cell(columns[CellKind.DATE], due),
        Cell(columns[CellKind.DATE], dt.datetime(2027, 2, 22, 23, 30, tzinfo=dt.UTC)),
        Cell(columns[CellKind.BADGE], "Đã cấp", tone="success", note="lần 2"),
        Cell(columns[CellKind.BADGE], "Chờ", note=None),
        Cell(columns[CellKind.TEXT], "<b>Phường</b> & xã"),
        Cell(columns[CellKind.TEXT], 12345),
        Cell(columns[CellKind.TEXT], None),
        Cell(columns[CellKind.TEXT], "", note="mới"),
        *(Cell(columns[CellKind.DEADLINE], view) for view in views),
    ]
    for cell in cells:
        template = render_to_string("workflow/includes/worklist_cell.html", {"cell": cell})
        # The same markup, but for the newlines the included files end with.
        assert template.rstrip("\n") == cell_html(cell).rstrip("\n"), cell


def _without_blank_lines(html: str) -> str:
    return re.sub(r"\n\s*\n", "\n", html)


def test_the_filter_forms_widgets_written_in_python_are_djangos_markup():
    from django.forms.renderers import get_default_renderer

    class Filters(worklists.FilterForm):
        q = forms.CharField(label="Search", required=False, max_length=50, help_text="Words")
        status = forms.ChoiceField(
            label="Status", required=False, choices=[("", "Any"), *PermitStatus.choices]
        )
        grouped = forms.ChoiceField(
            required=False, choices=[("", "—"), ("Nhóm <1>", [("a", "A & B"), ("b", "B")])]
        )
        on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
        mine = forms.BooleanField(required=False)
        many = forms.MultipleChoiceField(required=False, choices=[("x", "X"), ("y", "Y")])
        kind = forms.ChoiceField(required=False, choices=[("1", "1")], widget=forms.RadioSelect)

    for data in ("", "q=a%22b&status=granted&grouped=a&on=2027-02-30&mine=on&many=x&many=y"):
        fast = Filters.from_query(QueryDict(data))
        django = Filters.from_query(QueryDict(data), renderer=get_default_renderer())
        assert fast.renderer is not django.renderer
        for name in Filters.base_fields:
            assert _without_blank_lines(str(fast[name])) == _without_blank_lines(
                str(django[name])
            ), name
    bound = Filters.from_query(QueryDict("status=granted"))
    assert '<option value="granted" selected>' in str(bound["status"])


def test_a_listed_choice_field_reads_its_rows_once_for_the_options_and_the_check():
    first, second = org.UnitFactory(name="Phường A"), org.UnitFactory(name="Phường B")
    outside = org.UnitFactory(name="Phường C")

    class Filters(worklists.FilterForm):
        unit = worklists.ListedChoiceField(queryset=None, required=False, empty_label="All")

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.fields["unit"].queryset = (
                type(first)
                .objects.filter(  # type: ignore[attr-defined]
                    pk__in=[first.pk, second.pk]
                )
                .order_by("name")
            )

    with CaptureQueriesContext(connection) as ctx:
        form = Filters.from_query(QueryDict(f"unit={second.pk}"))
        html = str(form["unit"])
    assert len(ctx.captured_queries) == 1
    assert form.cleaned_data["unit"] == second
    assert f'<option value="{second.pk}" selected>Phường B</option>' in html
    assert html.count("<option") == 3
    for bad in (str(outside.pk), "abc", "1.5", "9" * 30):
        form = Filters.from_query(QueryDict(f"unit={bad}"))
        assert "unit" in form.errors, bad
    assert Filters.from_query(QueryDict("unit=")).cleaned_data["unit"] is None
