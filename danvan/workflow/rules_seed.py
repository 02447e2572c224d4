"""The kit's own time limits seeded into the rule table: when an overdue work item escalates.

No law fixes the number: units set it in their internal working regulations (quy chế làm việc),
so the seeded row is the platform's default, marked unchecked, for administrators to confirm or
replace with a new dated row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from danvan.workflow.choices import WorkflowRuleKey

ESCALATION_BASIS: Final = (
    "Quy chế làm việc của cơ quan, đơn vị: báo cáo người đứng đầu cấp trên trực tiếp khi việc "
    "quá hạn giải quyết"
)

#: The legal basis of each of the kit's time-limit keys, as registered.
KEY_BASIS: Final[dict[str, str]] = {WorkflowRuleKey.ESCALATION.value: ESCALATION_BASIS}

RULES: Final[tuple[dict[str, Any], ...]] = (
    {
        "key": WorkflowRuleKey.ESCALATION.value,
        "amount": 3,
        "unit": "working_days",
        "start_event": "due",
        "legal_basis": ESCALATION_BASIS,
        "effective_from": dt.date(2000, 1, 1),
        "verified": False,
        "note": (
            "The platform's default: an item still overdue 3 working days after its due date "
            "goes to the leaders of the unit above. Set it from the unit's working regulation."
        ),
        "suspension_excluded": False,
    },
)


def seed_rules(model: Any) -> int:
    """Create the seeded rows that are missing (matched on key and start date); returns how many.

    ``model`` is the DeadlineRule class (the historical one inside a migration).
    """
    created = 0
    for row in RULES:
        defaults = {k: v for k, v in row.items() if k not in {"key", "effective_from"}}
        _, was_created = model.objects.get_or_create(
            key=row["key"], effective_from=row["effective_from"], defaults=defaults
        )
        created += int(was_created)
    return created
