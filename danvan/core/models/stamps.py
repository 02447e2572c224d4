"""The stamps that tell every process when shared reference data changed (``core.stamps``)."""

from __future__ import annotations

from django.db import models

from danvan.core.retention import Retention, RetentionClass


class CacheStamp(models.Model):
    """One kind of reference data (``name``: ``"calendar"``, ``"deadline_rules"``) and the token
    its last change set. A process keeps what it read of that data while the token it read
    with it is still the one stored; ``core.stamps`` is the one writer."""

    retention = Retention(
        RetentionClass.NONE, not_personal={"name": "the kind of reference data, a fixed key"}
    )

    name = models.CharField(max_length=50, unique=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"
