"""Keyset (cursor) pagination: pages that stay stable while letters arrive, each read with an
indexed ``WHERE`` instead of an ``OFFSET``. The cursor is opaque; follow ``next``."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import CursorPagination

__all__ = ["IdCursorPagination"]


class IdCursorPagination(CursorPagination):
    """Newest first by id (unique, so no row is seen twice or skipped); a view may allow
    other orderings through ``OrderingFilter``, each ending on the id."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = "cursor"

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": ["string", "null"], "format": "uri"},
                "previous": {"type": ["string", "null"], "format": "uri"},
                "results": schema,
            },
        }
