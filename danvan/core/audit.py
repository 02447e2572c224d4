"""Writing and verifying the append-only audit trail.

Services call ``record(...)`` inside their own transaction; nothing else writes ``AuditEntry``
rows. An entry names the actor, the time, the object (type and id), the names of the changed
fields, a reason and a few non-personal details. It never holds personal data values or secrets:
no names, phone numbers, e-mail or postal addresses, identity numbers, passwords, tokens or OTP
codes, not even in ``extra`` or ``reason``. A public (not signed-in) actor is kept as an HMAC of
the client IP keyed with ``settings.DANVAN_AUDIT_IP_KEY``.

Entries form a hash chain: ``entry_hash`` is SHA-256 over a canonical JSON serialisation of the
entry's content and ``prev_hash`` (the previous entry's ``entry_hash``, ``GENESIS_HASH`` for the
first). ``verify_chain()`` finds the first entry whose content or link no longer matches. The
chain shows changes and deletions in the middle; removing the newest entries leaves a shorter but
valid chain, so operators note the head hash printed by ``danvan audit_verify`` (or ship entries to
a SIEM) and pass it back with ``--expect-hash``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models, router, transaction
from django.http import HttpRequest
from django.utils import timezone

from danvan.core.actors import SYSTEM, PublicActor, SystemActor
from danvan.core.actors import Actor as BaseActor
from danvan.core.models import AuditEntry
from danvan.core.models.audit import GENESIS_HASH, AuditTrailImmutableError

__all__ = [
    "GENESIS_HASH",
    "SYSTEM",
    "AuditTrailImmutableError",
    "ChainBreak",
    "ChainReport",
    "SystemActor",
    "check_chain",
    "client_ip",
    "compute_entry_hash",
    "hash_ip",
    "record",
    "verify_chain",
]


#: Whoever an entry names (``None``: the request's user, else the system).
Actor = BaseActor | None

#: Key of the PostgreSQL advisory lock that serialises appends to the chain.
_CHAIN_LOCK_KEY: Final = 0x64616E76_61756474  # "danvaudt"

_ACTION_RE: Final = re.compile(r"[A-Za-z][A-Za-z0-9_.:\-]{0,79}")
_FIELD_RE: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_.]{0,99}")
_MAX_REASON: Final = 2000
_MAX_EXTRA_JSON: Final = 4000

# ``extra`` keys (split into words) that suggest personal data or secrets. The guard is a safety
# net, not a proof: callers must put only ids, codes and statuses in ``extra``.
_DENIED_KEY_WORDS: Final = frozenset(
    {
        "password", "passwd", "pwd", "passphrase", "secret", "token", "otp", "totp", "pin",
        "credential", "credentials", "cookie", "session", "phone", "mobile", "tel", "email",
        "mail", "name", "fullname", "username", "address", "addr", "ip", "cccd", "cmnd",
        "passport", "dob", "birthday", "birthdate",
    }
)  # fmt: skip
_DENIED_KEY_PHRASES: Final = (
    "idnumber", "idcard", "identitynumber", "apikey", "privatekey", "secretkey", "accesskey",
    "phonenumber", "dateofbirth", "fullname", "username",
)  # fmt: skip
_WORD_SPLIT_RE: Final = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")


def hash_ip(ip: str) -> str:
    """Keyed hash (HMAC-SHA256) of an IP address: stable for one key, useless without it."""
    key = getattr(settings, "DANVAN_AUDIT_IP_KEY", "")
    if not key:
        raise ImproperlyConfigured("DANVAN_AUDIT_IP_KEY must be set to record public actors.")
    return hmac.new(key.encode(), ip.encode(), hashlib.sha256).hexdigest()


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind N trusted reverse proxies, the Nth address from the right."""
    proxies = int(getattr(settings, "DANVAN_TRUSTED_PROXY_COUNT", 0))
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return str(forwarded[-proxies])
    return str(request.META.get("REMOTE_ADDR", ""))


def _is_str(value: object) -> bool:
    """Runtime guard for callers that do not pass the annotated types."""
    return isinstance(value, str)


def _check_extra_key(key: object, path: str) -> None:
    if not isinstance(key, str) or not key:
        raise ValueError(f"audit extra: key {path}{key!r} must be a non-empty string.")
    words = {w.lower() for w in _WORD_SPLIT_RE.split(key) if w}
    compact = "".join(ch for ch in key.lower() if ch.isalnum())
    if words & _DENIED_KEY_WORDS or any(p in compact for p in _DENIED_KEY_PHRASES):
        raise ValueError(
            f"audit extra: key {path}{key!r} suggests personal data or a secret; the audit "
            "trail stores only ids, codes and statuses."
        )


def _check_extra_value(value: object, path: str) -> None:
    # Floats are refused: PostgreSQL's jsonb may print them back differently (1e20 -> integer),
    # which would change the entry's hash. Decimals go in as strings.
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(f"audit extra: {path} contains a NUL character.")
        return
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_extra_value(item, f"{path}[{i}]")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            _check_extra_key(key, f"{path}.")
            _check_extra_value(item, f"{path}.{key}")
        return
    raise ValueError(
        f"audit extra: {path} is a {type(value).__name__}; only strings, integers, booleans, "
        "null, lists and objects of these are allowed."
    )


def _clean_extra(extra: Mapping[str, Any] | None) -> dict[str, Any]:
    if extra is None:
        return {}
    if not isinstance(extra, Mapping):
        raise ValueError("audit extra must be a mapping.")
    for key, value in extra.items():
        _check_extra_key(key, "")
        _check_extra_value(value, str(key))
    # Round-trip through JSON so that tuples become lists, as they will come back from the DB.
    cleaned: dict[str, Any] = json.loads(json.dumps(dict(extra)))
    if len(json.dumps(cleaned, ensure_ascii=False)) > _MAX_EXTRA_JSON:
        raise ValueError(f"audit extra is larger than {_MAX_EXTRA_JSON} characters.")
    return cleaned


def _clean_fields(fields: Iterable[str]) -> list[str]:
    if isinstance(fields, str):
        raise TypeError("audit fields must be a list of field names, not a single string.")
    names = sorted(set(fields))
    for name in names:
        if not _is_str(name) or not _FIELD_RE.fullmatch(name):
            raise ValueError(f"audit fields: {name!r} is not a field name.")
    return names


def _resolve_actor(
    actor: Actor, request: HttpRequest | None
) -> tuple[str, AbstractBaseUser | None, str]:
    """(actor_kind, user, ip_hash) for the given actor and request."""
    if actor is SYSTEM:
        return AuditEntry.ActorKind.SYSTEM, None, ""
    if actor is None and request is not None:
        # A service called from a request without naming the actor: the request's user acts.
        actor = getattr(request, "user", None) or AnonymousUser()
    if actor is None:
        return AuditEntry.ActorKind.SYSTEM, None, ""
    if isinstance(actor, PublicActor):
        ip_hash = actor.ip_hash or (hash_ip(client_ip(request)) if request is not None else "")
        return AuditEntry.ActorKind.PUBLIC, None, ip_hash
    if isinstance(actor, AbstractBaseUser) and actor.is_authenticated:
        if actor.pk is None:
            raise ValueError("audit actor must be a saved user.")
        return AuditEntry.ActorKind.USER, actor, ""
    if isinstance(actor, AbstractBaseUser | AnonymousUser):
        ip_hash = hash_ip(client_ip(request)) if request is not None else ""
        return AuditEntry.ActorKind.PUBLIC, None, ip_hash
    raise TypeError(f"audit actor must be a user, AnonymousUser, audit.SYSTEM or None: {actor!r}")


def compute_entry_hash(entry: AuditEntry) -> str:
    """SHA-256 of the entry's content fields and ``prev_hash`` (not of its id or own hash)."""
    return entry.compute_hash()


def record(
    *,
    action: str,
    actor: Actor = None,
    target: models.Model | None = None,
    fields: Iterable[str] = (),
    reason: str = "",
    extra: Mapping[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail and return it.

    - ``action``: a dotted identifier such as ``"letters.case.assigned"`` (no free text).
    - ``actor``: the signed-in user who acts; ``audit.SYSTEM`` for commands and tasks;
      ``AnonymousUser()`` (or None with a ``request``) for a public actor, recorded as a keyed hash
      of the client IP taken from ``request``. None without a request means the system.
    - ``target``: the saved object acted on (record before deleting it); stored as type, id and a
      neutral reference ``"app.model#pk"``, never its ``str()``.
    - ``fields``: the names of the changed fields, never their values.
    - ``reason``: why, as the actor gave it; it must not repeat personal data.
    - ``extra``: non-personal details (ids, codes, statuses) made of strings, integers,
      booleans, null, lists and objects. It must never carry personal data or secrets; keys that
      suggest them (password, token, secret, otp, phone, email, name, address, id_number, ...) raise
      ``ValueError``.

    Runs inside the caller's transaction (a savepoint when one is open): if the caller rolls back,
    the entry goes too. Appends are serialised: a transaction-scoped advisory lock on
    PostgreSQL; on SQLite the write lock of the IMMEDIATE transaction. Raises ``ValueError`` or
    ``TypeError`` on arguments that do not fit the rules above.
    """
    if not _is_str(action) or not _ACTION_RE.fullmatch(action):
        raise ValueError(f"audit action {action!r} must be a dotted identifier of up to 80 chars.")
    if not _is_str(reason):
        raise TypeError("audit reason must be a string.")
    if len(reason) > _MAX_REASON or "\x00" in reason:
        raise ValueError(f"audit reason must be at most {_MAX_REASON} characters of text.")
    clean_fields = _clean_fields(fields)
    clean_extra = _clean_extra(extra)
    actor_kind, user, ip_hash = _resolve_actor(actor, request)

    target_type = target_id = target_repr = ""
    if target is not None:
        if target.pk is None:
            raise ValueError("audit target must be saved (record a deletion before deleting).")
        target_type = f"{target._meta.app_label}.{target._meta.model_name}"
        target_id = str(target.pk)
        target_repr = f"{target_type}#{target_id}"

    using = router.db_for_write(AuditEntry)
    with transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        prev_hash = (
            AuditEntry.objects.using(using)
            .order_by("-id")
            .values_list("entry_hash", flat=True)
            .first()
        ) or GENESIS_HASH
        entry = AuditEntry(
            at=timezone.now(),  # taken under the lock, so times follow the chain's order
            actor_kind=actor_kind,
            actor_id=user.pk if user is not None else None,
            actor_ip_hash=ip_hash,
            action=action,
            target_type=target_type,
            target_id=target_id,
            target_repr=target_repr,
            fields=clean_fields,
            reason=reason,
            extra=clean_extra,
            prev_hash=prev_hash,
        )
        entry.entry_hash = compute_entry_hash(entry)
        entry.save(using=using)
    return entry


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain first fails: ``entry`` and why (``"hash"`` or ``"link"``)."""

    entry: AuditEntry
    kind: str
    expected_prev_hash: str

    def describe(self) -> str:
        if self.kind == "hash":
            return (
                f"audit entry #{self.entry.pk} ({self.entry.action}) was changed: its stored "
                "hash does not match its content."
            )
        return (
            f"audit entry #{self.entry.pk} ({self.entry.action}) does not follow the entry before "
            f"it: prev_hash {self.entry.prev_hash} != {self.expected_prev_hash} (an entry before "
            "it was deleted or changed)."
        )


@dataclass(frozen=True)
class ChainReport:
    count: int
    head_hash: str
    broken: ChainBreak | None


def check_chain(*, using: str | None = None) -> ChainReport:
    """Walk the whole trail in order and report its length, head hash and first break."""
    using = using or router.db_for_read(AuditEntry)
    expected_prev = GENESIS_HASH
    count = 0
    entries = AuditEntry.objects.using(using).order_by("id").iterator(chunk_size=2000)
    for entry in entries:
        if entry.prev_hash != expected_prev:
            return ChainReport(count, expected_prev, ChainBreak(entry, "link", expected_prev))
        if compute_entry_hash(entry) != entry.entry_hash:
            return ChainReport(count, expected_prev, ChainBreak(entry, "hash", expected_prev))
        expected_prev = entry.entry_hash
        count += 1
    return ChainReport(count, expected_prev, None)


def verify_chain(*, using: str | None = None) -> AuditEntry | None:
    """The first entry whose content or link to the previous entry is wrong, or None."""
    broken = check_chain(using=using).broken
    return broken.entry if broken else None
