"""The figures of letters and cases, defined once (docs/glossary.md, "Counting").

Every number the platform shows about letters comes from here: the staff dashboards, the
periodic reports (``letters.report_counts`` builds its TT 01/2024 columns on these definitions)
and the open statistics of the portal. Each measure is a condition on ``Letter`` (``condition``),
so that a count and the list behind it (``LetterFilters.measure``) can never disagree.

What is counted (TT 01/2024/TT-TTCP, DOMAIN.md §12.7):

- a **letter** (đơn) is a registered letter, counted on the day it was received; the parts a
  letter was split into are not more letters (the letter they came from is counted);
- a **matter** (vụ việc) is what a letter asks to be resolved: a letter with the same content as
  an earlier one (``duplicate_of``), or a letter of a cluster other than its lead, is the same
  matter and not another; a letter split into parts counts as its parts, one matter each, and
  the letter itself as none; a letter sent to several bodies is received here once;
- **accepted** (thụ lý): the letter's case was accepted in the period;
- **resolved** (giải quyết xong): the case's decision was issued in the period; **on time**: on or
  before the case's due date (extensions and suspensions are in that date);
- **overdue**: on the day the figures are taken (the end of the period, or today when the
  period runs on), a deadline still running that has passed (``Letter.running_due``: the
  letter's own while it is being processed, its case's while it is being resolved);
- **ratings**: the citizens' satisfaction answers given in the period; **satisfied**: a score
  of 4 or 5 ("hài lòng", "rất hài lòng", as SIPAS counts them). A share resting on fewer than
  ``MIN_RATINGS`` ratings is not shown, so that no rater can be told apart (NĐ 224/2026).

Figures are grouped by a ``Dimension``: the receiving unit, the case's current handler, the
kind, the field, the province of the matter, the channel, or the month (each measure in the
month of its own event). ``figures`` costs one query for the counts and one for the median of
each grouping; ``cached_figures`` keeps the result until a letter, a case or a rating changes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core import calendar
from danvan.letters.choices import Channel, LetterKind
from danvan.letters.models import Case, CaseAssignment, Letter, Rating
from danvan.letters.states import LetterStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "MIN_RATINGS",
    "Dimension",
    "FigureRow",
    "Measure",
    "Period",
    "cached_figures",
    "condition",
    "figures",
    "matter_condition",
    "months_of",
]

#: Fewest ratings behind a satisfaction share that is shown.
MIN_RATINGS: Final = 5
#: The scores counted as satisfied ("hài lòng" and "rất hài lòng").
SATISFIED_SCORES: Final = (4, 5)


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    def as_of(self, today: dt.date | None = None) -> dt.date:
        """The day a stock (the overdue) is taken: the end, or today while the period runs."""
        today = today or calendar.today_local()
        return min(self.end, today)


def months_of(period: Period) -> list[Period]:
    """The calendar months of ``period``, the first and last cut to it."""
    months: list[Period] = []
    start = period.start
    while start <= period.end:
        following = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        months.append(Period(start, min(period.end, following - dt.timedelta(days=1))))
        start = following
    return months


class Measure(StrEnum):
    RECEIVED = "received"
    MATTERS = "matters"
    ACCEPTED = "accepted"
    RESOLVED = "resolved"
    ON_TIME = "on_time"
    OVERDUE = "overdue"
    #: The letters whose citizen answered the satisfaction question in the period, and those
    #: who answered satisfied (4 or 5).
    RATED = "ratings"
    SATISFIED = "satisfied"


_MEASURE_LABELS: Final = {
    Measure.RECEIVED: gettext_lazy("Letters received"),
    Measure.MATTERS: gettext_lazy("Matters received"),
    Measure.ACCEPTED: gettext_lazy("Accepted for resolution"),
    Measure.RESOLVED: gettext_lazy("Resolved"),
    Measure.ON_TIME: gettext_lazy("Resolved on time"),
    Measure.OVERDUE: gettext_lazy("Overdue"),
    Measure.RATED: gettext_lazy("Satisfaction answers"),
    Measure.SATISFIED: gettext_lazy("Satisfied"),
}


def measure_label(measure: Measure) -> StrOrPromise:
    """The measure's name on pages, tables and charts (translated when shown)."""
    return _MEASURE_LABELS[measure]


def _split_part() -> Q:
    # A subquery on the source's primary key, not a join: few letters have a source, and a join
    # made PostgreSQL hash the whole letters table for it.
    split = Letter.objects.filter(pk=OuterRef("source_letter_id"), status=LetterStatus.SPLIT)
    return Q(source_letter__isnull=False) & Q(Exists(split))


def matter_condition() -> Q:
    """The letters that each are one matter (vụ việc): not the same content as an earlier
    letter, not a cluster's letter other than its lead, not a letter split into parts."""
    not_member = Q(cluster__isnull=True) | Q(cluster__lead__isnull=True) | Q(cluster__lead=F("pk"))
    return Q(duplicate_of__isnull=True) & not_member & ~Q(status=LetterStatus.SPLIT)


def condition(measure: Measure, period: Period, *, today: dt.date | None = None) -> Q:
    """The letters a measure counts in ``period`` (the condition the list behind a number uses)."""
    if measure is Measure.RECEIVED:
        return Q(received_on__range=(period.start, period.end)) & ~_split_part()
    if measure is Measure.MATTERS:
        return Q(received_on__range=(period.start, period.end)) & matter_condition()
    if measure is Measure.ACCEPTED:
        return Q(case__accepted_on__range=(period.start, period.end))
    if measure is Measure.RESOLVED:
        return Q(case__decided_on__range=(period.start, period.end))
    if measure is Measure.ON_TIME:
        return Q(case__decided_on__range=(period.start, period.end)) & Q(
            case__decided_on__lte=F("case__due_on")
        )
    if measure is Measure.OVERDUE:
        return Q(running_due__lt=period.as_of(today))
    if measure is Measure.RATED:
        return _rated_in(period)
    if measure is Measure.SATISFIED:
        return _rated_in(period) & Q(rating__score__in=SATISFIED_SCORES)
    raise ValueError(f"No condition for the measure {measure}.")


def _rated_in(period: Period) -> Q:
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=calendar.DEADLINE_TZ)
    end = dt.datetime.combine(
        period.end + dt.timedelta(days=1), dt.time.min, tzinfo=calendar.DEADLINE_TZ
    )
    return Q(rating__created_at__gte=start, rating__created_at__lt=end)


class Dimension(StrEnum):
    UNIT = "unit"
    HANDLER = "handler"
    KIND = "kind"
    FIELD = "field"
    AREA = "area"
    CHANNEL = "channel"
    MONTH = "month"


_DIMENSION_LABELS: Final = {
    Dimension.UNIT: gettext_lazy("Unit"),
    Dimension.HANDLER: gettext_lazy("Handler"),
    Dimension.KIND: gettext_lazy("Kind"),
    Dimension.FIELD: gettext_lazy("Field"),
    Dimension.AREA: gettext_lazy("Province"),
    Dimension.CHANNEL: gettext_lazy("Channel"),
    Dimension.MONTH: gettext_lazy("Month"),
}


def dimension_label(dimension: Dimension) -> StrOrPromise:
    return _DIMENSION_LABELS[dimension]


#: The value a row of each grouping is keyed by (``Dimension.MONTH`` is grouped by periods).
_GROUP_BY: Final = {
    Dimension.UNIT: "unit_id",
    Dimension.HANDLER: "current_handler__user_id",
    Dimension.KIND: "kind",
    Dimension.FIELD: "field_id",
    Dimension.AREA: "province_id",
    Dimension.CHANNEL: "channel",
}


@dataclass(frozen=True)
class FigureRow:
    """The figures of one group (``key`` as the list filters take it; ``None``: none set)."""

    key: str | None
    label: str
    received: int = 0
    matters: int = 0
    accepted: int = 0
    resolved: int = 0
    on_time: int = 0
    overdue: int = 0
    #: Median working days from acceptance to decision of the cases resolved; None: none.
    median_days: float | None = None
    ratings: int = 0
    satisfied: int = 0
    #: The month's period when the rows are months.
    period: Period | None = field(default=None, compare=False)

    @property
    def satisfaction(self) -> float | None:
        """The share satisfied (0 to 1), or None when it rests on too few ratings to show."""
        if self.ratings < MIN_RATINGS:
            return None
        return self.satisfied / self.ratings

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.resolved if self.resolved else None

    def with_period(self, period: Period) -> FigureRow:
        return replace_row(self, period=period)

    def count(self, measure: Measure) -> int:
        value: int = getattr(self, measure.value)
        return value


def _counts(period: Period, today: dt.date | None) -> dict[str, Count]:
    return {
        m.value: Count("pk", filter=condition(m, period, today=today), distinct=True)
        for m in Measure
    }


def _relevant(period: Period, today: dt.date | None) -> Q:
    """The letters any measure may count: the rest of the scope is not read."""
    found = Q()
    for m in Measure:
        found |= condition(m, period, today=today)
    return found


def _grouped(
    letters: QuerySet[Letter], by: Dimension | None
) -> tuple[QuerySet[Letter], str | None]:
    if by is None:
        return letters, None
    if by is Dimension.HANDLER:
        letters = letters.annotate(
            current_handler=FilteredRelation(
                "case__assignments", condition=Q(case__assignments__ended_at__isnull=True)
            )
        )
    return letters, _GROUP_BY[by]


def _median(pairs: Iterable[tuple[dt.date, dt.date, int]]) -> float | None:
    """The median working days of (accepted, decided, how many) pairs."""
    values: list[tuple[int, int]] = sorted(
        (calendar.working_days_between(start, end) if end > start else 0, n)
        for start, end, n in pairs
    )
    total = sum(n for _days, n in values)
    if not total:
        return None
    cumulative: list[int] = []
    running = 0
    for _days, n in values:
        running += n
        cumulative.append(running)

    def nth(k: int) -> int:  # the k-th value (0-based) of the expanded list
        return values[bisect.bisect_right(cumulative, k)][0]

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def _medians(
    letters: QuerySet[Letter], group: str | None, period: Period
) -> dict[Any, float | None]:
    resolved = letters.filter(condition(Measure.RESOLVED, period))
    keys = [group] if group else []
    rows = (
        resolved.values(*keys, "case__accepted_on", "case__decided_on")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    pairs: dict[Any, list[tuple[dt.date, dt.date, int]]] = defaultdict(list)
    for row in rows:
        key = row[group] if group else None
        pairs[key].append((row["case__accepted_on"], row["case__decided_on"], row["n"]))
    return {key: _median(found) for key, found in pairs.items()}


def _labels(by: Dimension, keys: Iterable[Any]) -> dict[Any, str]:
    from danvan.accounts.models import User
    from danvan.organizations.models import Field, Province, Unit

    wanted = [k for k in keys if k is not None]
    if by is Dimension.UNIT:
        return dict(Unit.objects.filter(pk__in=wanted).values_list("pk", "name"))
    if by is Dimension.FIELD:
        return dict(Field.objects.filter(pk__in=wanted).values_list("pk", "name"))
    if by is Dimension.AREA:
        return dict(Province.objects.filter(pk__in=wanted).values_list("pk", "name"))
    if by is Dimension.HANDLER:
        return {
            u.pk: u.get_full_name() or u.get_username() for u in User.objects.filter(pk__in=wanted)
        }
    if by is Dimension.KIND:
        return {k: str(LetterKind(k).label) for k in wanted if k in LetterKind.values}
    if by is Dimension.CHANNEL:
        return {k: str(Channel(k).label) for k in wanted if k in Channel.values}
    return {}


def _none_label(by: Dimension) -> str:
    if by is Dimension.HANDLER:
        return _("No handler")
    return _("Not set")


def _row(key: Any, label: str, counts: dict[str, Any], median: float | None) -> FigureRow:
    return FigureRow(
        key=None if key is None else str(key),
        label=label,
        received=counts.get("received", 0),
        matters=counts.get("matters", 0),
        accepted=counts.get("accepted", 0),
        resolved=counts.get("resolved", 0),
        on_time=counts.get("on_time", 0),
        overdue=counts.get("overdue", 0),
        median_days=median,
        ratings=counts.get("ratings", 0),
        satisfied=counts.get("satisfied", 0),
    )


#: The groupings read from the letter's own columns: counted together in one query, by the
#: combinations of their values, and summed up in Python for each.
_PLAIN: Final = (Dimension.UNIT, Dimension.KIND, Dimension.FIELD, Dimension.AREA, Dimension.CHANNEL)
_COUNTED: Final = tuple(m.value for m in Measure)


def _sum_rows(found: Iterable[dict[str, Any]], group: str | None) -> dict[Any, dict[str, int]]:
    sums: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_COUNTED, 0))
    for row in found:
        target = sums[row[group] if group else None]
        for name in _COUNTED:
            target[name] += row[name]
    return sums


def _medians_of(pairs: Iterable[dict[str, Any]], group: str | None) -> dict[Any, float | None]:
    found: dict[Any, list[tuple[dt.date, dt.date, int]]] = defaultdict(list)
    for row in pairs:
        found[row[group] if group else None].append(
            (row["case__accepted_on"], row["case__decided_on"], row["n"])
        )
    return {key: _median(values) for key, values in found.items()}


def _rows_of(
    by: Dimension, sums: dict[Any, dict[str, int]], medians: dict[Any, float | None]
) -> list[FigureRow]:
    labels = _labels(by, sums)
    rows = [
        _row(
            key,
            labels.get(key, _none_label(by) if key is None else str(key)),
            counts,
            medians.get(key),
        )
        for key, counts in sums.items()
        if any(counts[name] for name in _COUNTED)
    ]
    return sorted(rows, key=lambda r: (r.key is None, r.label.casefold()))


def _by_month(scoped: QuerySet[Letter], period: Period, today: dt.date | None) -> list[FigureRow]:
    """Every month's figures in one query (each measure counted in its own month), and the
    medians from one more (a case resolved in a month is that month's)."""
    months = months_of(period)
    counts: dict[str, Count] = {}
    for i, month in enumerate(months):
        for name, aggregate in _counts(month, today).items():
            counts[f"m{i}_{name}"] = aggregate
    found = scoped.aggregate(**counts)
    pairs = (
        scoped.filter(condition(Measure.RESOLVED, period))
        .values("case__accepted_on", "case__decided_on")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    by_month: dict[int, list[tuple[dt.date, dt.date, int]]] = defaultdict(list)
    for row in pairs:
        decided = row["case__decided_on"]
        index = next(i for i, m in enumerate(months) if m.start <= decided <= m.end)
        by_month[index].append((row["case__accepted_on"], decided, row["n"]))
    return [
        _row(
            month.start.strftime("%Y-%m"),
            month.start.strftime("%m/%Y"),
            {name: found[f"m{i}_{name}"] for name in _COUNTED},
            _median(by_month.get(i, [])),
        ).with_period(month)
        for i, month in enumerate(months)
    ]


def figures_by(
    letters: QuerySet[Letter],
    period: Period,
    groupings: Iterable[Dimension | None],
    *,
    today: dt.date | None = None,
) -> dict[Dimension | None, list[FigureRow]]:
    """The figures of ``letters`` (a scope from ``LetterPolicy.visible_letters``) in ``period``
    for each of ``groupings``: ``None`` gives the one total row, a dimension one row a group
    with any figure, by label (months: every month, in order). Whatever the letters: two
    queries for the total and every grouping on the letter's own columns together, two for
    the handlers, two for the months."""
    wanted = list(dict.fromkeys(groupings))
    scoped = letters.filter(_relevant(period, today)).order_by()
    out: dict[Dimension | None, list[FigureRow]] = {}
    plain = [d for d in wanted if d is None or d in _PLAIN]
    if plain:
        columns = sorted({_GROUP_BY[d] for d in plain if d is not None})
        found = list(scoped.values(*columns).annotate(**_counts(period, today)).order_by())
        if columns:
            pairs = list(
                scoped.filter(condition(Measure.RESOLVED, period))
                .values(*columns, "case__accepted_on", "case__decided_on")
                .annotate(n=Count("pk", distinct=True))
                .order_by()
            )
        else:  # only the total: ``values()`` of no column would read every field
            found = [scoped.aggregate(**_counts(period, today))]
            pairs = list(
                scoped.filter(condition(Measure.RESOLVED, period))
                .values("case__accepted_on", "case__decided_on")
                .annotate(n=Count("pk", distinct=True))
                .order_by()
            )
        for d in plain:
            group = _GROUP_BY[d] if d is not None else None
            sums, medians = _sum_rows(found, group), _medians_of(pairs, group)
            if d is None:
                total = sums.get(None, dict.fromkeys(_COUNTED, 0))
                out[None] = [_row(None, _("Total"), total, medians.get(None))]
            else:
                out[d] = _rows_of(d, sums, medians)
    if Dimension.HANDLER in wanted:
        handled, group = _grouped(scoped, Dimension.HANDLER)
        group = group or _GROUP_BY[Dimension.HANDLER]
        found = list(handled.values(group).annotate(**_counts(period, today)).order_by())
        out[Dimension.HANDLER] = _rows_of(
            Dimension.HANDLER, _sum_rows(found, group), _medians(handled, group, period)
        )
    if Dimension.MONTH in wanted:
        out[Dimension.MONTH] = _by_month(scoped, period, today)
    return out


def figures(
    letters: QuerySet[Letter],
    period: Period,
    by: Dimension | None = None,
    *,
    today: dt.date | None = None,
) -> list[FigureRow]:
    """The figures of one grouping (``figures_by``)."""
    return figures_by(letters, period, [by], today=today)[by]


def replace_row(row: FigureRow, **changes: Any) -> FigureRow:
    values = {**{f: getattr(row, f) for f in row.__dataclass_fields__}, **changes}
    return FigureRow(**values)


def totals(rows: Iterable[FigureRow], label: str = "") -> FigureRow:
    """The sum of ``rows`` of disjoint groups (months), without a median or the overdue (a
    stock on a day, not a sum)."""
    sums: dict[str, int] = defaultdict(int)
    for row in rows:
        for name in _SUMMED:
            sums[name] += getattr(row, name)
    return _row(None, label or _("Total"), {**sums, "overdue": 0}, None)


_SUMMED: Final = ("received", "matters", "accepted", "resolved", "on_time", "ratings", "satisfied")


# -- caching --------------------------------------------------------------------------------

_VERSION_KEY: Final = "letters:statistics:version"
#: How long figures stay cached at most, even if nothing changed (the overdue moves with days).
CACHE_SECONDS: Final = 15 * 60


def version() -> int:
    """The figures' version: it changes whenever cached figures are dropped, so anything built
    from them (a rendered chart) may be cached under it."""
    value = cache.get(_VERSION_KEY)
    if value is None:
        cache.add(_VERSION_KEY, 1, timeout=None)
        value = cache.get(_VERSION_KEY, 1)
    return int(value)


def invalidate() -> None:
    """Drop every cached figure (a letter, a case or a rating changed)."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:  # not set yet (or evicted): a new version either way
        cache.set(_VERSION_KEY, 2, timeout=None)


def changed(*_args: Any, **_kwargs: Any) -> None:
    """A letter, a case or a rating changed: drop the cached figures now, so that this
    transaction's own reads do not see old figures, and again once it commits, so that no other
    process keeps figures it computed before the commit."""
    invalidate()
    transaction.on_commit(invalidate)


T = TypeVar("T")


def after_write(store: Callable[[T], None]) -> Callable[[T], None]:
    """``store`` (what the gate runs after each write of a letter or a case, which it writes
    with an UPDATE and no ``post_save``), then ``changed``."""

    def written(obj: T) -> None:
        store(obj)
        changed()

    return written


for _model in (Letter, Case, CaseAssignment, Rating):
    post_save.connect(changed, sender=_model, dispatch_uid=f"statistics-{_model.__name__}")
    post_delete.connect(changed, sender=_model, dispatch_uid=f"statistics-del-{_model.__name__}")


def _rows_to_cache(rows: list[FigureRow]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        data = asdict(row)
        data["period"] = (
            (row.period.start.isoformat(), row.period.end.isoformat()) if row.period else None
        )
        out.append(data)
    return out


def _rows_from_cache(data: list[dict[str, Any]]) -> list[FigureRow]:
    rows = []
    for item in data:
        period = item.pop("period")
        rows.append(
            FigureRow(
                **item,
                period=Period(dt.date.fromisoformat(period[0]), dt.date.fromisoformat(period[1]))
                if period
                else None,
            )
        )
    return rows


def cached_figures_by(
    scope_key: str,
    letters: Callable[[], QuerySet[Letter]],
    period: Period,
    groupings: Iterable[Dimension | None],
    *,
    today: dt.date | None = None,
) -> dict[Dimension | None, list[FigureRow]]:
    """``figures_by`` kept in the cache under ``scope_key`` (what identifies the scope of
    ``letters``: the same key must always mean the same letters) until a letter, a case, an
    assignment or a rating is saved or deleted, and at most ``CACHE_SECONDS``."""
    today = today or calendar.today_local()
    wanted = list(dict.fromkeys(groupings))
    raw = json.dumps(
        [scope_key, period.start.isoformat(), period.end.isoformat(),
         [str(g) for g in wanted], today.isoformat(), _("Total")],
        default=str,
    )  # fmt: skip
    key = f"letters:statistics:{version()}:{hashlib.sha256(raw.encode()).hexdigest()}"
    found = cache.get(key)
    if found is not None:
        return {
            (Dimension(name) if name else None): _rows_from_cache(rows)
            for name, rows in found.items()
        }
    computed = figures_by(letters(), period, wanted, today=today)
    cache.set(
        key,
        {(g.value if g else ""): _rows_to_cache(rows) for g, rows in computed.items()},
        timeout=CACHE_SECONDS,
    )
    return computed


def cached_figures(
    scope_key: str,
    letters: Callable[[], QuerySet[Letter]],
    period: Period,
    by: Dimension | None = None,
    *,
    today: dt.date | None = None,
) -> list[FigureRow]:
    """One grouping of ``cached_figures_by``."""
    return cached_figures_by(scope_key, letters, period, [by], today=today)[by]
