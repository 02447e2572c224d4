"""Django settings for Dân Vận Số. Values that a deployment changes come from ``danvan.env``."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from danvan import env

CONFIG = env.load()

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
DATA_DIR = CONFIG.data_dir
DANVAN_ENV = CONFIG.environment

SECRET_KEY = CONFIG.secret_key
DEBUG = CONFIG.debug
ALLOWED_HOSTS = CONFIG.allowed_hosts
CSRF_TRUSTED_ORIGINS = CONFIG.csrf_trusted_origins

INSTALLED_APPS = [
    "danvan.core",
    "danvan.accounts",
    "danvan.notifications",
    "danvan.organizations",
    "danvan.documents",
    "danvan.workflow",
    "danvan.letters",
    "danvan.reports",
    "danvan.api",
    "danvan.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language chosen with the switcher (cookie), else the one the request asks for
    # (Accept-Language: vi or en), else Vietnamese.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "danvan.accounts.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must come last: it turns a lockout raised during authentication into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "danvan.urls"
WSGI_APPLICATION = "danvan.wsgi.application"
ASGI_APPLICATION = "danvan.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "danvan.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": CONFIG.database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if CONFIG.redis_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CONFIG.redis_url,
            "KEY_PREFIX": "danvan",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Accounts and authentication -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out username/IP before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Grants permissions from a person's active unit roles (danvan/organizations/roles.py).
    "danvan.organizations.backends.RoleBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "organizations:staff-home"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email", "phone")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
DANVAN_STAFF_OTP_REQUIRED = CONFIG.staff_otp_required
OTP_TOTP_ISSUER = "Dân Vận Số"

# Lockout after repeated failures (TCVN 14423: lock the account after 5 failed logins).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours: a locked account unlocks after 15 minutes
# Lock per account, not per IP address: officers of a whole province often reach the system
# through one government NAT address, and locking that address would lock all of them out after
# five typos by anyone. Axes warns about this (axes.W006, "rotating User-Agents or Cookies"), which
# does not apply: the username count ignores both. Spraying one password over many accounts from
# one address is left to the reverse proxy's per-IP rate limit (nginx limit_req).
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# The lockout ends 15 minutes after it began: attempts during it neither extend it nor let an
# attacker keep an officer locked out indefinitely with one request every few minutes.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A Vietnamese page (HTTP 429) saying when to try again.
AXES_LOCKOUT_CALLABLE = "danvan.accounts.views.locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
AXES_IPWARE_PROXY_COUNT = CONFIG.trusted_proxy_count
DANVAN_TRUSTED_PROXY_COUNT = CONFIG.trusted_proxy_count

# Staff sessions: idle timeout of 15 minutes in production (TCVN 14423 suggestion).
SESSION_COOKIE_AGE = 15 * 60 if CONFIG.is_production else 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = CONFIG.is_production
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Security headers ------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if CONFIG.is_production:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # "__Host-" cookies are only accepted over HTTPS, for this exact host, on path "/":
    # a sibling sub-domain cannot plant or overwrite them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False  # preloading is the deployer's decision for the whole domain

# Everything is served from our own host: no fonts, scripts or maps from third parties.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = CONFIG.language_code
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]  # project-wide strings; each app keeps its own locale/
TIME_ZONE = CONFIG.time_zone
FORMAT_MODULE_PATH = ["danvan.formats"]
USE_I18N = True
USE_TZ = True

# --- Static and media files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"  # private: never served directly, only through views that check
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if CONFIG.is_production
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not CONFIG.is_production

# --- E-mail, SMS -----------------------------------------------------------------------------
_email = CONFIG.email
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = "Dân Vận Số <no-reply@localhost>"
DANVAN_SMS_BACKEND = CONFIG.sms_backend
DANVAN_OPERATOR = CONFIG.operator
DANVAN_SECURITY_CONTACT = CONFIG.security_contact
DANVAN_SECURITY_ENCRYPTION = CONFIG.security_encryption

# --- Audit trail -----------------------------------------------------------------------------
DANVAN_AUDIT_IP_KEY = CONFIG.audit_ip_key
DANVAN_PUBLIC_URL = CONFIG.public_url
DANVAN_DEFAULT_INTAKE_UNIT = CONFIG.default_intake_unit
# The jurisdiction_id of the Open311 GeoReport v2 endpoint (/open311/v2/, docs/api.md).
DANVAN_OPEN311_JURISDICTION = CONFIG.open311_jurisdiction
DANVAN_LETTER_MAX_FILE_MB = CONFIG.letter_max_file_mb
DANVAN_LETTER_MAX_FILES = CONFIG.letter_max_files

# --- PDF (documents/pdf.py) ------------------------------------------------------------------
DANVAN_SOFFICE = CONFIG.soffice  # the LibreOffice command that converts DOCX to PDF
DANVAN_PDF_TIMEOUT = CONFIG.pdf_timeout  # seconds one conversion may take

# --- The API (danvan/api, docs/api.md) ----------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "danvan.api.authentication.ApiKeyAuthentication",
        "danvan.api.authentication.CsrfSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["danvan.api.permissions.ReadScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "danvan.api.pagination.IdCursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "danvan.api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "danvan.api.schema.ProblemAutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Dân Vận Số API",
    "DESCRIPTION": (
        "Letters (feedback, petitions), their tracking by code and PIN, and the reference data "
        "of the platform. Every failure is an RFC 9457 problem document (application/problem+json)."
    ),
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LetterKindEnum": "danvan.letters.choices.LetterKind.choices",
        "UnitKindEnum": "danvan.organizations.models.units.UnitKind.choices",
        "LetterStatusEnum": "danvan.letters.states.LetterStatus.choices",
        "CaseStatusEnum": "danvan.letters.states.CaseStatus.choices",
        "DocumentStatusEnum": "danvan.documents.models.DocumentStatus.choices",
        "LetterFilterStatusEnum": "danvan.api.serializers.LETTER_FILTER_STATUS_CHOICES",
        "CaseFilterStatusEnum": "danvan.api.serializers.CASE_FILTER_STATUS_CHOICES",
        "PublicLetterKindEnum": "danvan.api.serializers.PUBLIC_KIND_CHOICES",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        # Django's own default handler would print every record a second time.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # its start-up banner on every command is noise
    },
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
if not CONFIG.is_production:
    # WhiteNoise expects STATIC_ROOT to exist; in development it serves from the finders.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
