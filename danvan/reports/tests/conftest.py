from __future__ import annotations

import datetime as dt

import pytest

from danvan.letters import statistics as st
from danvan.letters.models import CaseAssignment, Letter
from danvan.reports.tests.dashboard_support import case, make_office, rate


@pytest.fixture
def counted():
    """Eight letters of 2026: three accepted (a on time, b late, c running and overdue, c
    handled by the office's handler), five ratings of which four satisfied."""
    office, made = make_office("Ủy ban nhân dân xã Thử nghiệm Đông", 8)
    a, b, c, d, e = made[:5]
    case(a, office, accepted=dt.date(2026, 3, 9), due=dt.date(2026, 5, 4),
         decided=dt.date(2026, 3, 16))  # fmt: skip
    case(b, office, accepted=dt.date(2026, 3, 9), due=dt.date(2026, 4, 6),
         decided=dt.date(2026, 6, 1))  # fmt: skip
    c_case = case(c, office, accepted=dt.date(2026, 3, 10), due=dt.date(2026, 6, 1),
                  decided=None)  # fmt: skip
    # The only deadline still running is c's case's, passed on 1/6/2026.
    Letter.objects.filter(pk__in=[x.pk for x in made]).update(running_due=None)
    Letter.objects.filter(pk=c.pk).update(running_due=dt.date(2026, 6, 1))
    CaseAssignment.objects.create(case=c_case, user=office.handler, assigned_by=office.leader)
    for letter, score in ((a, 5), (b, 2), (c, 4), (d, 4), (e, 4)):
        rate(letter, score)
    st.invalidate()
    return office, {"a": a, "b": b, "c": c, "d": d, "e": e}
