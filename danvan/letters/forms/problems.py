"""Showing the service's refusals in a form, beside the inputs they concern."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django import forms

    from danvan.letters.services.intake_rules import Problem


def show_problems(
    form: forms.Form, problems: Iterable[Problem], *, unreadable: Iterable[str] = ()
) -> None:
    """Add each problem to the field it concerns (to the whole form when the form has no such
    field), leaving out those that judged an input in ``unreadable``: the form already says why
    it could not read that input, and the rule saw it empty."""
    skipped = set(unreadable)
    for problem in problems:
        if skipped.intersection(problem.inputs):
            continue
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)
