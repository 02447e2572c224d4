"""What every API view shares: ETags on reads, the language and caching headers."""

from __future__ import annotations

import hashlib
from typing import Any, cast

from django.http import HttpResponseBase
from django.utils.cache import patch_vary_headers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

__all__ = ["ApiView", "etag_of"]


def etag_of(content: bytes) -> str:
    """A strong ETag of a rendered body (the body is what a client compares)."""
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    wanted = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag in wanted


class EtagMixin:
    """A successful GET answers with an ``ETag``; ``If-None-Match`` with the same tag gets
    ``304 Not Modified`` and no body. Answers depend on the caller and the language, so they
    are private and vary on both."""

    def finalize_response(
        self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        response = cast(
            "HttpResponseBase",
            super().finalize_response(request, response, *args, **kwargs),  # type: ignore[misc]
        )
        patch_vary_headers(response, ("Accept-Language", "Authorization", "Cookie"))
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-cache"
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if not isinstance(response, Response) or response.streaming:
            return response
        response.render()
        etag = etag_of(response.content)
        response["ETag"] = etag
        header = request.META.get("HTTP_IF_NONE_MATCH", "")
        if header and _matches(header, etag):
            not_modified = Response(status=304, headers={"ETag": etag})
            not_modified.accepted_renderer = response.accepted_renderer
            not_modified.accepted_media_type = response.accepted_media_type
            not_modified.renderer_context = response.renderer_context
            for name in ("Vary", "Cache-Control", "Content-Language"):
                if response.has_header(name):
                    not_modified[name] = response[name]
            not_modified.render()
            return cast("HttpResponseBase", not_modified)
        return cast("HttpResponseBase", response)


class ApiView(EtagMixin, APIView):
    """The base of the API's views."""
