"""Template context shared by every page."""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language_info


@cache
def _language_choices() -> tuple[tuple[str, str], ...]:
    """Each language named in itself ("Tiếng Việt", "English"), for the language switcher.

    Django's own name for Vietnamese uses combining accents; NFC keeps it identical to the same
    words typed anywhere else (search, tests, screen readers' dictionaries).
    """
    return tuple(
        (code, unicodedata.normalize("NFC", get_language_info(code)["name_local"]))
        for code, _name in settings.LANGUAGES
    )


def site(request: HttpRequest) -> dict[str, Any]:
    """The environment, the language choices and the contact details of the operating body.

    ``DANVAN_OPERATOR`` is an optional dict with ``name``, ``address``, ``phone`` and ``email``;
    templates show placeholders for the keys it lacks.
    """
    operator = getattr(settings, "DANVAN_OPERATOR", None) or {}
    return {
        "DANVAN_ENV": settings.DANVAN_ENV,
        "language_choices": _language_choices(),
        "site_operator": dict(operator),
    }
