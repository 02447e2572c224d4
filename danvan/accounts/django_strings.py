"""Vietnamese for Django's own messages that Django's ``vi`` catalogue lacks.

Django 5.2 changed the msgid of ``MinimumLengthValidator``'s error (``%(min_length)d`` became
``%d``) and its Vietnamese catalogue still has only the old one, so people saw it in English.
``danvan.accounts`` comes before ``django.contrib.auth`` in INSTALLED_APPS, so a translation in
this app's catalogue wins; naming the msgid here keeps ``makemessages`` from dropping it.
"""

from __future__ import annotations

from django.utils.translation import ngettext


def _catalogue_only() -> None:  # pragma: no cover - never called, read by makemessages only
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        0,
    )
