"""Form fields every form of the platform uses instead of Django's plain ones.

- ``CleanCharField``: text people type, with invisible and direction-override characters
  removed and NFC applied (``danvan.core.text.clean_line`` for one line, ``clean_text`` for a
  ``Textarea``); a password is left exactly as typed.
- ``BoundedIntegerField``: an integer bounded by the 32-bit column it feeds unless told
  otherwise, so "99999999999999999999" is a form error and never reaches the database.
- ``BoundedModelMultipleChoiceField``: refuses a primary key outside the 64-bit range before
  the query (SQLite raises ``OverflowError`` on such a parameter; Django's single-choice field
  already turns it into "not one of the choices").

A test walks every form of the project and fails when a field is a plain ``CharField`` or an
``IntegerField`` without a ``max_value`` inside its column's range.
"""

from __future__ import annotations

from typing import Any, Final

from django import forms
from django.core.exceptions import ValidationError

from danvan.core.text import clean_line, clean_text

__all__ = [
    "INT16_MAX",
    "INT32_MAX",
    "INT32_MIN",
    "INT64_MAX",
    "INT64_MIN",
    "BoundedIntegerField",
    "BoundedModelMultipleChoiceField",
    "CleanCharField",
    "query_int",
]

INT32_MAX = 2**31 - 1
INT32_MIN = -(2**31)
INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)
INT16_MAX = 2**15 - 1


class CleanCharField(forms.CharField):
    """A ``CharField`` whose value is cleaned of invisible characters (Cf), control characters
    and non-NFC forms; one line for any widget but a ``Textarea``, which keeps its line breaks."""

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        if not isinstance(text, str) or not text or isinstance(self.widget, forms.PasswordInput):
            return text
        cleaned = clean_text(text) if isinstance(self.widget, forms.Textarea) else clean_line(text)
        return cleaned or self.empty_value


class BoundedIntegerField(forms.IntegerField):
    """An ``IntegerField`` between ``INT32_MIN`` and ``INT32_MAX`` unless narrower bounds are
    given (a wider one, up to the 64-bit range, only for a ``BigIntegerField`` column)."""

    def __init__(
        self, *, max_value: int | None = None, min_value: int | None = None, **kwargs: Any
    ) -> None:
        max_value = INT32_MAX if max_value is None else max_value
        min_value = INT32_MIN if min_value is None else min_value
        if not INT64_MIN <= min_value <= max_value <= INT64_MAX:
            raise ValueError("bounds outside the 64-bit range of a database column")
        super().__init__(max_value=max_value, min_value=min_value, **kwargs)


_INTEGER_TYPES: Final = {
    "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
    "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}  # fmt: skip


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A ``ModelMultipleChoiceField`` that refuses a key outside the 64-bit range as an invalid
    choice instead of sending it to the database."""

    def clean(self, value: Any) -> Any:
        if self.queryset is not None and isinstance(value, list | tuple):
            self._refuse_out_of_range(value)
        return super().clean(value)

    def _refuse_out_of_range(self, values: list[Any] | tuple[Any, ...]) -> None:
        assert self.queryset is not None  # noqa: S101 - checked by the caller
        meta = self.queryset.model._meta
        field = meta.pk if not self.to_field_name else meta.get_field(self.to_field_name)
        if field is None or field.get_internal_type() not in _INTEGER_TYPES:
            return
        for item in values:
            try:
                number = int(str(item))
            except ValueError:
                continue  # Django's own check names it as not a valid value
            if not INT64_MIN <= number <= INT64_MAX:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": str(item)[:40]},
                )


def query_int(value: object, *, minimum: int = 1, maximum: int = INT64_MAX) -> int | None:
    """An integer read from a query string or another raw input, or ``None`` when it is
    missing, not a number or outside ``minimum``..``maximum`` (by default a valid id of a
    64-bit key), so that no lookup ever receives a number its column cannot hold."""
    try:
        number = int(str(value).strip()) if value not in (None, "") else None
    except ValueError:  # also the digits past Python's int-string conversion limit
        return None
    return number if number is not None and minimum <= number <= maximum else None
