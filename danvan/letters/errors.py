"""The refusals of the letters context's handling and case services (their messages are
translated and shown beside the form)."""

from __future__ import annotations

from danvan.core.errors import ApplicationError


class HandlingError(ApplicationError):
    """A rule refused an action on a letter before it became a case."""


class CaseError(ApplicationError):
    """A rule refused an action on a case."""
