"""Writing to the append-only audit trail (interface; hash chain completed in core/audit work).

Services call ``record(...)``; nothing else writes ``AuditEntry`` rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from danvan.core.models import AuditEntry


def record(
    *,
    action: str,
    actor: Any = None,
    target: models.Model | None = None,
    fields: Iterable[str] = (),
    reason: str = "",
    extra: Mapping[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Append one entry. ``actor`` is a user, or None for a public/system action.

    ``fields`` names the changed fields (never their values); ``extra`` holds non-personal details
    (ids, codes, statuses). ``request`` lets a public actor be recorded by a keyed hash of the IP.
    """
    target_type = f"{target._meta.app_label}.{target._meta.model_name}" if target else ""
    entry = AuditEntry(
        at=timezone.now(),
        actor_kind=AuditEntry.ActorKind.USER if actor is not None else AuditEntry.ActorKind.PUBLIC,
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=str(target.pk) if target is not None else "",
        target_repr="",
        fields=sorted(fields),
        reason=reason,
        extra=dict(extra or {}),
        prev_hash="",
    )
    entry.entry_hash = hashlib.sha256(f"{entry.at}{action}{target_type}".encode()).hexdigest()
    entry.save()
    return entry
