"""Settings come from the environment, read in one place, and production refuses unsafe ones."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from danvan import env

STRONG_KEY = "k" * 20 + "Zx9-" * 10  # 60 characters, not the default
PRODUCTION = {
    "DANVAN_ENV": "production",
    "DEBUG": "false",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "danvan.example.gov.vn",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/danvan",
    "DANVAN_PUBLIC_URL": "https://danvan.example.gov.vn",
}


def test_with_nothing_set_it_runs_on_sqlite_in_the_data_folder(tmp_path):
    config = env.load({"DANVAN_DATA_DIR": str(tmp_path)})
    db = config.database
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "danvan.sqlite3")
    assert db["CONN_MAX_AGE"] is None  # persistent connections
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config.time_zone == "Asia/Ho_Chi_Minh"
    assert config.language_code == "vi"
    assert config.environment == "development"
    assert config.debug is True
    assert config.secret_key == env.DEFAULT_SECRET_KEY
    assert config.staff_otp_required is False
    assert config.redis_url is None


def test_default_data_folder_is_var_in_the_working_directory(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert env.load({}).data_dir == tmp_path / "var"


def test_database_url_is_parsed():
    config = env.load({"DATABASE_URL": "postgres://app:pw@db.internal:5433/danvan"})
    db = config.database
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == (
        "db.internal",
        5433,
        "danvan",
        "app",
    )
    assert db["CONN_HEALTH_CHECKS"] is True


def test_email_url_is_parsed():
    config = env.load({"EMAIL_URL": "smtp+tls://mailer:secret@mail.example.gov.vn:587"})
    assert config.email["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config.email["EMAIL_HOST"] == "mail.example.gov.vn"
    assert config.email["EMAIL_PORT"] == 587
    assert config.email["EMAIL_USE_TLS"] is True


def test_default_email_goes_to_the_console():
    backend = env.load({}).email["EMAIL_BACKEND"]
    assert backend == "django.core.mail.backends.console.EmailBackend"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DANVAN_ENV": "staging"}, "DANVAN_ENV"),
        ({"TIME_ZONE": "Mars/Olympus"}, "TIME_ZONE"),
        ({"LANGUAGE_CODE": "fr"}, "LANGUAGE_CODE"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL"),
    ],
)
def test_bad_values_are_refused_with_a_message_naming_the_variable(variables, message):
    with pytest.raises(env.ConfigurationError, match=message):
        env.load(variables)


def test_production_starts_with_safe_settings():
    config = env.load(PRODUCTION)
    assert config.is_production
    assert config.debug is False
    assert config.staff_otp_required is True  # second factor always required in production


def test_production_ignores_an_attempt_to_switch_the_second_factor_off():
    config = env.load({**PRODUCTION, "DANVAN_STAFF_OTP_REQUIRED": "false"})
    assert config.staff_otp_required is True


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"DEBUG": "true"}, "DEBUG is on"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": env.DEFAULT_SECRET_KEY}, "SECRET_KEY"),
        ({"SECRET_KEY": "short-but-not-default"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": ""}, "PostgreSQL"),
        ({"DANVAN_PUBLIC_URL": ""}, "DANVAN_PUBLIC_URL"),
        ({"DANVAN_PUBLIC_URL": "http://danvan.example.gov.vn"}, "DANVAN_PUBLIC_URL"),
    ],
)
def test_production_refuses_unsafe_settings(override, message):
    variables = {**PRODUCTION, **override}
    variables = {k: v for k, v in variables.items() if not (k == "SECRET_KEY" and v == "")}
    with pytest.raises(env.ConfigurationError, match="Refusing to start") as excinfo:
        env.load(variables)
    assert message in str(excinfo.value)


def test_production_without_a_secret_key_is_refused():
    variables = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    with pytest.raises(env.ConfigurationError, match="SECRET_KEY"):
        env.load(variables)


def _run_danvan(
    args: list[str], extra_env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess:
    child_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DANVAN_", "DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"))
    }
    child_env.pop("DJANGO_SETTINGS_MODULE", None)
    child_env.update(extra_env)
    return subprocess.run(
        [sys.executable, "-m", "danvan", *args],
        env=child_env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_danvan_command_refuses_production_with_debug_on(tmp_path):
    result = _run_danvan(["check"], {**PRODUCTION, "DEBUG": "true"}, tmp_path)
    assert result.returncode == 2
    assert "Refusing to start with DANVAN_ENV=production" in result.stderr
    assert "DEBUG is on" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_danvan_command_refuses_production_with_the_default_secret_key(tmp_path):
    result = _run_danvan(["check"], {**PRODUCTION, "SECRET_KEY": env.DEFAULT_SECRET_KEY}, tmp_path)
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr


def test_the_embedded_default_creates_a_wal_sqlite_database(tmp_path):
    result = _run_danvan(
        ["migrate", "--noinput", "-v0"], {"DANVAN_DATA_DIR": str(tmp_path / "data")}, tmp_path
    )
    assert result.returncode == 0, result.stderr
    database = tmp_path / "data" / "danvan.sqlite3"
    assert database.exists()
    with sqlite3.connect(database) as connection:
        (mode,) = connection.execute("PRAGMA journal_mode").fetchone()
    assert mode == "wal"


def test_production_settings_turn_on_hsts_secure_cookies_and_https(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.DEBUG, s.DANVAN_STAFF_OTP_REQUIRED)"
    )
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("DANVAN_")}
    child_env.update({**PRODUCTION, "DJANGO_SETTINGS_MODULE": "danvan.settings"})
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=child_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True", "True", "False", "True"]


def test_redis_url_switches_the_cache_to_redis(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'])"
    )
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("DANVAN_")}
    child_env.update(
        {
            "DJANGO_SETTINGS_MODULE": "danvan.settings",
            "REDIS_URL": "redis://127.0.0.1:6379/3",
            "DANVAN_DATA_DIR": str(tmp_path),
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=child_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/3",
    ]


def test_proxy_count_defaults_to_one_proxy_in_production_and_none_elsewhere():
    assert env.load({}).trusted_proxy_count == 0
    assert env.load(PRODUCTION).trusted_proxy_count == 1
    assert env.load({"DANVAN_TRUSTED_PROXY_COUNT": "2"}).trusted_proxy_count == 2
    with pytest.raises(env.ConfigurationError, match="DANVAN_TRUSTED_PROXY_COUNT"):
        env.load({"DANVAN_TRUSTED_PROXY_COUNT": "-1"})
    with pytest.raises(env.ConfigurationError, match="whole number"):
        env.load({"DANVAN_TRUSTED_PROXY_COUNT": "two"})


def test_operator_details_come_from_the_environment():
    config = env.load(
        {"DANVAN_OPERATOR_NAME": "UBND phường Hoàn Kiếm", "DANVAN_OPERATOR_PHONE": "024 0000 0000"}
    )
    assert config.operator == {"name": "UBND phường Hoàn Kiếm", "phone": "024 0000 0000"}
