"""What every action form shares: the version of the object the person saw."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.form_fields import BoundedIntegerField

MAX_VERSION = 2_147_483_647

_STALE = _("This form is out of date: reload the page and try again.")


class VersionedForm(forms.Form):
    """An action on an object: carries the version the person saw, so that a change made by
    someone else in the meantime is refused instead of overwritten."""

    version = BoundedIntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=MAX_VERSION,
        error_messages={
            "required": _STALE,
            "invalid": _STALE,
            "min_value": _STALE,
            "max_value": _STALE,
        },
    )

    def expected_version(self) -> int:
        return int(self.cleaned_data["version"])


def sent_version(form: forms.Form) -> int | None:
    """The version a bound form was sent with, or ``None`` when it is missing or junk (the
    form's own validation then says so)."""
    raw = form.data.get(form.add_prefix("version")) if form.is_bound else None
    try:
        value = int(str(raw))
    except (TypeError, ValueError):
        return None
    return value if 0 < value <= MAX_VERSION else None


class IrreversibleConfirm(forms.Form):
    """Added to the form of a move that cannot be undone (``Move.irreversible``): the person
    ticks that they have checked it, and a form sent without the tick is refused by the server
    (no script needed to ask)."""

    confirm = forms.BooleanField(
        label=_("I have checked what I entered: this step cannot be undone."),
        required=True,
        error_messages={
            "required": _(
                "This step cannot be undone: tick the box to confirm it, then send again."
            )
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # The confirmation comes last, just above the button.
        self.order_fields([name for name in self.fields if name != "confirm"] + ["confirm"])
