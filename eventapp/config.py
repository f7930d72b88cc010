"""Configuration: safe embedded defaults, overridden from the environment."""

from __future__ import annotations

import os
from pathlib import Path

DEV_SECRET_KEY = "dev-only-secret-key-change-me"  # noqa: S105 - the refusal below relies on it
MIN_SECRET_KEY_LENGTH = 16
# What mail says it is from when MAIL_SENDER is not set: fine on one's own machine, refused
# in production (its domain can receive nothing, so replies and bounces would be lost).
DEV_MAIL_SENDER = "eventapp <no-reply@eventapp.invalid>"

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The app cannot start with this configuration."""


def _normalise_database_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants an explicit driver.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _number(name: str, default: str, kind: type[int] | type[float]) -> int | float:
    raw = os.environ.get(name, default)
    try:
        return kind(raw)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ConfigError(f"{name} must be {what}, not {raw!r}.") from None


def check_database_url(url: str) -> None:
    """Refuse a DATABASE_URL that SQLAlchemy cannot parse, without echoing its password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise ConfigError(
            "DATABASE_URL is not a database URL; expected for example "
            "postgresql+psycopg://USER:PASSWORD@HOST:5432/eventapp or sqlite:////path/to/file.sqlite3."
        ) from None


def _split_hosts(value: str | None) -> list[str] | None:
    hosts = [host.strip() for host in (value or "").split(",") if host.strip()]
    return hosts or None


def build_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Return the configuration mapping for one app instance."""
    env = os.environ
    sqlite_path = Path(instance_path) / "eventapp.sqlite3"
    config: dict = {
        "SECRET_KEY": env.get("SECRET_KEY", DEV_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": _normalise_database_url(
            env.get("DATABASE_URL", f"sqlite:///{sqlite_path}")
        ),
        # SQL parameters never reach an error message or the log: they hold password
        # hashes, tokens and personal data.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("EVENTAPP_INSECURE_COOKIES") != "1"
        and env.get("FLASK_DEBUG") != "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
        "MAIL_SERVER": env.get("MAIL_SERVER"),
        "MAIL_PORT": _number("MAIL_PORT", "25", int),
        "MAIL_USERNAME": env.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": env.get("MAIL_USE_TLS") == "1",
        "MAIL_SENDER": env.get("MAIL_SENDER") or DEV_MAIL_SENDER,
        "OUTBOX_DIR": env.get("OUTBOX_DIR") or str(Path(instance_path) / "outbox"),
        # Days a sent message stays in the outbox (the organizers' Mail page) before deletion.
        "OUTBOX_SENT_RETENTION_DAYS": _number("OUTBOX_SENT_RETENTION_DAYS", "30", int),
        # Set by serve-demo when no MAIL_SERVER is set: messages are only saved as files.
        "MAIL_NOT_SENT": False,
        # Login throttling (accounts/login_throttle.py): failures that cost nothing, then a
        # delay doubling from the first to the largest, per account.
        "LOGIN_FREE_FAILURES": 3,
        "LOGIN_FIRST_DELAY_SECONDS": 1.0,
        "LOGIN_MAX_DELAY_SECONDS": 900.0,
        # Accounts failing at once from one client address (after PROXY_FIX): a conference
        # hall behind one NAT makes a few typos each and logs in; a sprayer never does.
        "LOGIN_MAX_ACCOUNTS_PER_ADDRESS": _number("LOGIN_MAX_ACCOUNTS_PER_ADDRESS", "20", int),
        "LOGIN_FAILURE_MEMORY_SECONDS": 3600.0,
        # The longest one login lasts on a device (31 days): then its owner logs in again.
        "LOGIN_SESSION_MAX_AGE_SECONDS": _number("LOGIN_SESSION_MAX_AGE_SECONDS",
                                                 str(31 * 24 * 3600), int),
        # How long a mailed unlock link works (at most the memory above).
        "LOGIN_UNLOCK_MAX_AGE_SECONDS": 3600,
        # Password-reset, confirmation and unlock mails to one address per window.
        "ACCOUNT_MAILS_PER_WINDOW": 3,
        "LOGIN_WINDOW_SECONDS": 15 * 60,
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL"),
        # Host names the app answers to (comma-separated); others get 400. Unset: any.
        "TRUSTED_HOSTS": _split_hosts(env.get("TRUSTED_HOSTS")),
        # How many proxies in front of the app set each X-Forwarded-* header (0: trust none).
        "PROXY_FIX_X_FOR": int(env.get("PROXY_FIX_X_FOR", "0")),
        "PROXY_FIX_X_PROTO": int(env.get("PROXY_FIX_X_PROTO", "0")),
        "PROXY_FIX_X_HOST": int(env.get("PROXY_FIX_X_HOST", "0")),
        "PROXY_FIX_X_PREFIX": int(env.get("PROXY_FIX_X_PREFIX", "0")),
        # Registration requests that run at once in one worker process; the others queue
        # (eventapp/registration/gate.py). 0: no limit.
        "REGISTRATION_REQUESTS_PER_PROCESS": _number("REGISTRATION_REQUESTS_PER_PROCESS", "2",
                                                     int),
        "REGISTRATION_QUEUE_SECONDS": _number("REGISTRATION_QUEUE_SECONDS", "30", float),
        # Registration requests that may wait for a turn in one process before a new form
        # request is answered with the waiting room (503 and Retry-After); a submit may wait
        # in a queue twice as long. 0: everyone waits.
        "REGISTRATION_WAITING_ROOM": _number("REGISTRATION_WAITING_ROOM", "8", int),
        "REGISTRATION_RETRY_AFTER_SECONDS": _number("REGISTRATION_RETRY_AFTER_SECONDS", "5", int),
        # How long a worker may answer a public feed's conditional request from memory.
        "FEED_VALIDATOR_TTL_SECONDS": _number("FEED_VALIDATOR_TTL_SECONDS", "2", float),
        # Rendered pages, feeds and fragments one worker keeps, in bytes (64 MB by default).
        "FRAGMENT_CACHE_MAX_BYTES": _number("FRAGMENT_CACHE_MAX_BYTES", str(64 * 1024 * 1024), int),
        # The same for the floor's public state; screens poll every second (give or take a
        # tenth) and must follow a chair within two, so this stays a quarter of a second: at
        # most four stamp queries a second per worker, however many screens poll.
        "FLOOR_VALIDATOR_TTL_SECONDS": _number("FLOOR_VALIDATOR_TTL_SECONDS", "0.25", float),
    }
    if overrides:
        config.update(overrides)
    config["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(config["SQLALCHEMY_DATABASE_URI"])
    check_database_url(config["SQLALCHEMY_DATABASE_URI"])
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # SQLite allows one writer; wait for the lock instead of failing at once.
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30},
                                               "hide_parameters": True}
    return config


def _secret_key_problem(key: object) -> str | None:
    if not key or key == DEV_SECRET_KEY:
        return "SECRET_KEY is missing or is the development default."
    if len(str(key)) < MIN_SECRET_KEY_LENGTH:
        return f"SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters."
    return None


def _mail_sender_problem(sender: object) -> str | None:
    from email.utils import parseaddr

    from eventapp.email_address import email_problem

    if not sender or sender == DEV_MAIL_SENDER:
        return "MAIL_SENDER is missing"
    if email_problem(parseaddr(str(sender))[1]) is not None:
        return f"MAIL_SENDER {str(sender)!r} holds no valid e-mail address"
    return None


def check_production_safety(config: dict, *, debug: bool) -> None:
    """Refuse to run outside debug/testing without a real secret key, public address and sender."""
    if debug or config.get("TESTING"):
        return
    problem = _secret_key_problem(config.get("SECRET_KEY"))
    if problem:
        raise ConfigError(
            f"{problem} SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters long and "
            "not the development default: set it in the environment to a long random value (for "
            "example: python3 -c 'import secrets; print(secrets.token_hex(32))') before running "
            "in production, or use development mode (--debug or FLASK_DEBUG=1) on your own "
            "machine."
        )
    base = config.get("PUBLIC_BASE_URL") or ""
    if not base.startswith(("https://", "http://")):
        raise ConfigError(
            "PUBLIC_BASE_URL is missing: set it to the site's public address (for example "
            "https://events.example.org); links in e-mails are built from it."
        )
    problem = _mail_sender_problem(config.get("MAIL_SENDER"))
    if problem:
        raise ConfigError(
            f"{problem}: set it to the address mail is sent from (for example "
            "'IDM secretariat <events@example.org>'); participants reply to it and bounces "
            "return to it."
        )
