"""Language selection: Vietnamese unless the person chose another language with the switcher.

Django's ``LocaleMiddleware`` follows the browser's ``Accept-Language`` header. Many people in
Viet Nam use phones and computers set to English, and a public authority's portal speaks
Vietnamese first: English is shown only to someone who picked it (the language cookie set by the
``set_language`` view).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """``LocaleMiddleware`` without the ``Accept-Language`` negotiation."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        try:
            language = translation.get_supported_language_variant(chosen)
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        # No i18n URL patterns to redirect to, and no Vary: Accept-Language since it is not read.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
