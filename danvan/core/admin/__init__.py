"""Admin registrations of the core context, one module per concern."""

from danvan.core.admin import audit, calendar

__all__ = ["audit", "calendar"]
