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

Action names follow one scheme, ``<context>.<object>.<event>``: three dot-separated parts, each
lower-case ``snake_case`` (a letter first, then letters, digits and single underscores), at most
80 characters in all.

- ``context``: the app that writes the entry (``letters``, ``organizations``, ``core``...).
- ``object``: the kind of thing the entry is about, in the singular, normally the target's model
  (``unit``, ``unit_link``, ``calendar_day``, ``template``), also for an event that touches many
  rows (``documents.template.synced``).
- ``event``: what happened, a past participle (``created``, ``changed``, ``locked_out``,
  ``setup_failed``, ``letters_added``) or a noun (``status`` for status moves, ``note``,
  ``withdrawal``).

Examples: ``organizations.unit.created``, ``accounts.login.failed``, ``letters.case.assigned``,
``letters.letter.status``. Each context declares its names in one module,
``danvan/<context>/audit_actions.py`` (an ``AuditAction`` string enum, one line on when each
is written), and passes those members to ``record``, never a literal; ``record`` refuses a name
that does not fit (``ValueError``). Entries written before the scheme keep their old names (the
trail is append-only); ``LEGACY_NAMES`` maps each old name to its current one, and the staff
page's action filter finds both.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
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
    "LEGACY_NAMES",
    "SYSTEM",
    "AuditTrailImmutableError",
    "ChainBreak",
    "ChainReport",
    "SystemActor",
    "check_chain",
    "client_ip",
    "compute_entry_hash",
    "hash_ip",
    "is_action_name",
    "names_matching",
    "record",
    "verify_chain",
]


#: Whoever an entry names (``None``: the request's user, else the system).
Actor = BaseActor | None

#: Key of the PostgreSQL advisory lock that serialises appends to the chain.
_CHAIN_LOCK_KEY: Final = 0x64616E76_61756474  # "danvaudt"

_ACTION_PART: Final = r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*"
#: ``<context>.<object>.<event>``, each part lower-case snake_case (see the module docstring).
_ACTION_RE: Final = re.compile(rf"{_ACTION_PART}\.{_ACTION_PART}\.{_ACTION_PART}")
_MAX_ACTION: Final = 80
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


#: Names written before the scheme (old name -> current name). Stored entries keep the old name;
#: the staff page's action filter looks both up. Only ever add to it.
LEGACY_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "core.calendar.year_seeded": "core.calendar_year.seeded",
        "core.calendar.day_created": "core.calendar_day.created",
        "core.calendar.day_changed": "core.calendar_day.changed",
        "core.calendar.day_deleted": "core.calendar_day.deleted",
        "notifications.messages.purged": "notifications.message.purged",
        "accounts.login_succeeded": "accounts.login.succeeded",
        "accounts.login_failed": "accounts.login.failed",
        "accounts.login_locked_out": "accounts.login.locked_out",
        "accounts.logout": "accounts.user.logged_out",
        "accounts.citizen_registered": "accounts.citizen.registered",
        "accounts.password_changed": "accounts.password.changed",
        "accounts.totp_setup_failed": "accounts.totp.setup_failed",
        "accounts.totp_confirmed": "accounts.totp.confirmed",
        "accounts.totp_verified": "accounts.totp.verified",
        "accounts.totp_failed": "accounts.totp.failed",
        "accounts.totp_disabled": "accounts.totp.disabled",
        "organizations.unit_created": "organizations.unit.created",
        "organizations.unit_updated": "organizations.unit.updated",
        "organizations.unit_dissolved": "organizations.unit.dissolved",
        "organizations.unit_merged": "organizations.unit.merged",
        "organizations.unit_linked": "organizations.unit.linked",
        "organizations.unit_link_closed": "organizations.unit_link.closed",
        "organizations.competence_created": "organizations.competence.created",
        "organizations.competence_updated": "organizations.competence.updated",
        "organizations.ward_updated": "organizations.ward.updated",
        "organizations.field_created": "organizations.field.created",
        "organizations.field_updated": "organizations.field.updated",
        "organizations.fields_seeded": "organizations.field.seeded",
        "organizations.admin_units_imported": "organizations.admin_unit.imported",
        "organizations.admin_site_access_changed": "organizations.admin_site_access.changed",
        "organizations.membership_granted": "organizations.membership.granted",
        "organizations.membership_updated": "organizations.membership.updated",
        "organizations.membership_revoked": "organizations.membership.revoked",
        "documents.issued": "documents.document.issued",
        "documents.replaced": "documents.document.replaced",
        "documents.downloaded": "documents.document.downloaded",
        "documents.orphan_files_purged": "documents.orphan_file.purged",
        "documents.issuer_profile_created": "documents.issuer_profile.created",
        "documents.issuer_profile_changed": "documents.issuer_profile.changed",
        "documents.party_term_created": "documents.party_term.created",
        "documents.party_term_changed": "documents.party_term.changed",
        "documents.template_changed": "documents.template.changed",
        "documents.template_reset": "documents.template.reset",
        "documents.templates_synced": "documents.template.synced",
    }
)


def is_action_name(name: object) -> bool:
    """Whether ``name`` fits the scheme ``<context>.<object>.<event>``."""
    return isinstance(name, str) and len(name) <= _MAX_ACTION and bool(_ACTION_RE.fullmatch(name))


def names_matching(prefix: str) -> frozenset[str]:
    """The other spellings of the names that begin with ``prefix``: the old names of the current
    names it begins, and the current names of the old ones it begins."""
    if not prefix:
        return frozenset()
    return frozenset(
        other
        for old, new in LEGACY_NAMES.items()
        for name, other in ((new, old), (old, new))
        if name.startswith(prefix)
    )


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

    - ``action``: a name of the scheme ``<context>.<object>.<event>`` (module docstring), a
      member of the context's ``AuditAction`` such as ``"letters.case.assigned"``.
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
    if not is_action_name(action):
        raise ValueError(
            f"audit action {action!r} must be <context>.<object>.<event>: three lower-case "
            f"snake_case parts, at most {_MAX_ACTION} characters."
        )
    action = str(action)  # a context's ``AuditAction`` member is stored as its plain value
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
