"""The audit action names the api context writes (scheme: ``danvan.core.audit``)."""

from __future__ import annotations

from enum import unique

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditAction"]


@unique
class AuditAction(models.TextChoices):
    #: An administrator (or the ``apikey create`` command) made a key.
    KEY_CREATED = "api.key.created", _("API key created")
    #: A key was revoked: it is refused from then on.
    KEY_REVOKED = "api.key.revoked", _("API key revoked")
    #: A letter came through the Open311 endpoint (the letters context records its intake).
    OPEN311_REQUEST_RECEIVED = "api.open311_request.received", _("Letter received through Open311")
