"""The failures of the documents context (re-exported by ``services``)."""

from __future__ import annotations

from danvan.core.errors import ApplicationError


class DocumentError(ApplicationError):
    """A document cannot be issued or served (a rule refused it); the message is translated."""
