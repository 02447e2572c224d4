"""The one place that reads the process environment.

Every setting that a deployment may change is read here, validated, and handed to ``settings.py``
as a typed value. Nothing else in the project touches ``os.environ`` (the ``danvan`` command only
sets ``DJANGO_SETTINGS_MODULE``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import environ
from django.core.exceptions import ImproperlyConfigured

# Used only where nothing is configured (development, demo, tests). Production refuses it.
DEFAULT_SECRET_KEY = "django-insecure-danvan-development-key-never-use-in-production"  # noqa: S105
MIN_SECRET_KEY_LENGTH = 50
ENVIRONMENTS = ("development", "test", "production")
SUPPORTED_ENGINES = ("django.db.backends.postgresql", "django.db.backends.sqlite3")
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


class ConfigurationError(ImproperlyConfigured):
    """A setting is missing or unsafe; the message says which and how to fix it."""


@dataclass(frozen=True)
class Config:
    environment: str
    debug: bool
    secret_key: str
    allowed_hosts: list[str]
    csrf_trusted_origins: list[str]
    database: dict[str, Any]
    email: dict[str, Any]
    redis_url: str | None
    time_zone: str
    language_code: str
    data_dir: Path
    audit_ip_key: str
    staff_otp_required: bool
    sms_backend: str
    trusted_proxy_count: int
    operator: dict[str, str]
    security_contact: str
    security_encryption: str
    public_url: str
    default_intake_unit: str
    open311_jurisdiction: str
    letter_max_file_mb: int
    letter_max_files: int
    soffice: str
    pdf_timeout: int

    @property
    def is_production(self) -> bool:
        return self.environment == "production"


def _host_of(url: str) -> str:
    """The host name of an address (``https://danvan.example.vn/`` gives ``danvan.example.vn``)."""
    return urlsplit(url.strip() or "http://127.0.0.1:8000").hostname or "127.0.0.1"


def _sqlite_database(data_dir: Path) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(data_dir / "danvan.sqlite3"),
        # Persistent connections: reconnecting per request cost ~3x insert throughput.
        "CONN_MAX_AGE": None,
        "OPTIONS": {
            # WAL lets readers proceed during a write; IMMEDIATE takes the write lock at BEGIN
            # so concurrent writers queue on busy_timeout instead of failing with "locked".
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        "TEST": {"NAME": None},
    }


def _database(env: environ.Env, data_dir: Path) -> dict[str, Any]:
    url = env.str("DATABASE_URL", default="")
    if not url:
        return _sqlite_database(data_dir)
    try:
        db: dict[str, Any] = env.db_url_config(url)
    except Exception as exc:  # environ raises bare exceptions for unknown schemes
        raise ConfigurationError(
            f"DATABASE_URL is not a database URL ({exc}). "
            "Example: postgres://user:password@127.0.0.1:5432/danvan"
        ) from exc
    if db["ENGINE"] not in SUPPORTED_ENGINES:
        raise ConfigurationError(
            f"DATABASE_URL scheme is not supported ({url.split(':', 1)[0]}). "
            "Use postgres://... (production) or sqlite:///path/to/file.sqlite3."
        )
    if db["ENGINE"] == "django.db.backends.sqlite3":
        sqlite = _sqlite_database(data_dir)
        sqlite["NAME"] = db["NAME"] or sqlite["NAME"]
        return sqlite
    db.setdefault("CONN_MAX_AGE", 60)
    db["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's JIT compiles a query whose estimated cost is high before running it: for the
    # grouped counts of a dashboard over a province's letters it spent 280 ms compiling a query
    # that then ran in 200 ms (bench/letters_bench.py). None of our queries runs long enough to
    # win that back, so it is off on our connections unless the URL sets ``options`` itself.
    db.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    return db


def _email(env: environ.Env) -> dict[str, Any]:
    url = env.str("EMAIL_URL", default="consolemail://")
    try:
        return dict(env.email_url_config(url))
    except Exception as exc:
        raise ConfigurationError(
            f"EMAIL_URL is not an e-mail URL ({exc}). Example: smtp+tls://user:pass@mail.gov.vn:587"
        ) from exc


def _bool(source: Mapping[str, str], name: str, default: bool) -> bool:
    """A strict boolean: a typo such as DEBUG=flase must not silently mean something."""
    raw = source.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigurationError(f"{name} must be true or false (got {raw!r}).")


def _int(source: Mapping[str, str], name: str, default: int, minimum: int = 0) -> int:
    raw = source.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number (got {raw!r}).") from None
    if value < minimum:
        raise ConfigurationError(f"{name} must be at least {minimum} (got {value}).")
    return value


def _check_production(config: Config) -> None:
    problems: list[str] = []
    if config.debug:
        problems.append("DEBUG is on; set DEBUG=false.")
    if config.secret_key == DEFAULT_SECRET_KEY or len(config.secret_key) < MIN_SECRET_KEY_LENGTH:
        problems.append(
            f"SECRET_KEY is the development default or shorter than {MIN_SECRET_KEY_LENGTH} "
            "characters; set a long random SECRET_KEY (python -c 'import secrets; "
            "print(secrets.token_urlsafe(64))')."
        )
    if not config.allowed_hosts or "*" in config.allowed_hosts:
        problems.append("ALLOWED_HOSTS must list the site's host names (no '*').")
    if not config.public_url.startswith("https://") or "127.0.0.1" in config.public_url:
        problems.append(
            "DANVAN_PUBLIC_URL must be the portal's public https:// address (links in messages "
            "to citizens use it)."
        )
    if config.database["ENGINE"] == "django.db.backends.sqlite3":
        problems.append("DATABASE_URL must point at PostgreSQL in production.")
    if problems:
        raise ConfigurationError(
            "Refusing to start with DANVAN_ENV=production:\n- " + "\n- ".join(problems)
        )


def load(environ_map: Mapping[str, str] | None = None) -> Config:
    """Read and validate the configuration. ``environ_map`` defaults to the process environment."""
    source = os.environ if environ_map is None else environ_map
    env = environ.Env()
    env.ENVIRON = source

    environment = env.str("DANVAN_ENV", default="development").strip().lower()
    if environment not in ENVIRONMENTS:
        raise ConfigurationError(
            f"DANVAN_ENV={environment!r} is not one of: {', '.join(ENVIRONMENTS)}."
        )
    production = environment == "production"
    debug = _bool(source, "DEBUG", default=not production and environment != "test")

    data_dir = Path(env.str("DANVAN_DATA_DIR", default="var")).expanduser().resolve()
    time_zone = env.str("TIME_ZONE", default="Asia/Ho_Chi_Minh")
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigurationError(f"TIME_ZONE={time_zone!r} is not a known time zone.") from exc
    language_code = env.str("LANGUAGE_CODE", default="vi")
    if language_code not in ("vi", "en"):
        raise ConfigurationError("LANGUAGE_CODE must be 'vi' or 'en'.")

    default_hosts = [] if production else ["127.0.0.1", "localhost", "[::1]", "testserver"]
    secret_key = env.str("SECRET_KEY", default=DEFAULT_SECRET_KEY)
    config = Config(
        environment=environment,
        debug=debug,
        secret_key=secret_key,
        allowed_hosts=env.list("ALLOWED_HOSTS", default=default_hosts),
        csrf_trusted_origins=env.list("CSRF_TRUSTED_ORIGINS", default=[]),
        database=_database(env, data_dir),
        email=_email(env),
        redis_url=env.str("REDIS_URL", default="") or None,
        time_zone=time_zone,
        language_code=language_code,
        data_dir=data_dir,
        # Keyed hash of public actors' IP addresses in the audit trail; separate from
        # SECRET_KEY so that rotating one does not silently change the other.
        audit_ip_key=env.str("DANVAN_AUDIT_IP_KEY", default=secret_key),
        # Level-3 information systems require a second factor for staff (COMPLIANCE.md §2.4):
        # production always requires it; elsewhere it is optional unless switched on.
        staff_otp_required=production or _bool(source, "DANVAN_STAFF_OTP_REQUIRED", default=False),
        sms_backend=env.str("DANVAN_SMS_BACKEND", default="logging"),
        # How many reverse proxies stand in front of the application and append to
        # X-Forwarded-For; the client address is read that many hops from the right.
        trusted_proxy_count=_int(source, "DANVAN_TRUSTED_PROXY_COUNT", default=int(production)),
        # The body that runs this installation, shown on public pages.
        operator={
            key: source.get(f"DANVAN_OPERATOR_{key.upper()}", "").strip()
            for key in ("name", "address", "phone", "email")
            if source.get(f"DANVAN_OPERATOR_{key.upper()}", "").strip()
        },
        # Where vulnerability reports go (/.well-known/security.txt, RFC 9116).
        security_contact=env.str("DANVAN_SECURITY_CONTACT", default=""),
        security_encryption=env.str("DANVAN_SECURITY_ENCRYPTION", default=""),
        # The public address of the portal, for links in e-mail and SMS (no trailing slash).
        public_url=env.str("DANVAN_PUBLIC_URL", default="http://127.0.0.1:8000").rstrip("/"),
        # The unit (its code) that receives public letters no competence matches.
        default_intake_unit=env.str("DANVAN_DEFAULT_INTAKE_UNIT", default=""),
        # The Open311 GeoReport v2 jurisdiction_id this installation answers for (a request
        # naming another is refused); by default the host name of the public address.
        open311_jurisdiction=env.str(
            "DANVAN_OPEN311_JURISDICTION", default=_host_of(source.get("DANVAN_PUBLIC_URL", ""))
        ).strip(),
        letter_max_file_mb=_int(source, "DANVAN_LETTER_MAX_FILE_MB", default=10, minimum=1),
        letter_max_files=_int(source, "DANVAN_LETTER_MAX_FILES", default=5, minimum=1),
        # LibreOffice, which turns the DOCX documents into PDF: a command on the PATH or a path.
        soffice=env.str("DANVAN_SOFFICE", default="soffice"),
        pdf_timeout=_int(source, "DANVAN_PDF_TIMEOUT", default=60, minimum=1),
    )
    if production:
        _check_production(config)
    return config
