"""Attune settings, read from the environment (django-environ).

Defaults give the zero-setup local profile used by ``make run``: SQLite in the
project folder and, without ``REDIS_URL``, the in-memory channel layer (one
process only). ``couples.settings.production`` hardens this for deployment.
Every variable is listed in README.md, "Configuration".
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from couples.lib.helplines import helplines_from

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env(
    "SECRET_KEY",
    default="attune-local-development-key-not-for-production-use-0123456789",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "axes",
    "couples",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # A textarea's line breaks arrive as CR LF; counted as one, as the page counts them.
    "couples.lib.formposts.LineBreakMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "couples.urls"
ASGI_APPLICATION = "couples.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise.
# Reopening a connection for every command cost about 3x in persisted-command
# throughput (docs/benchmarks.md), so connections persist and are health-checked before
# reuse: a connection dropped between two commands is replaced, not reused. The live
# command and heartbeat path skips that check and replaces a connection it finds
# broken instead (couples/lib/connections.py).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'attune.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # A file, not memory, so that the server processes started by the
    # multi-process tests share the test database; one per test run.
    DATABASES["default"]["TEST"] = {
        "NAME": str(BASE_DIR / "test-output" / f"test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Channel layer: Redis when REDIS_URL is set (the pub/sub flavour, measured
# 2-2.6x cheaper per message than the core layer, docs/benchmarks.md);
# otherwise the in-memory layer, which serves a single process only
# (couples.apps logs a line saying so at start).
REDIS_URL = env("REDIS_URL", default="")
CHANNEL_PREFIX = env("CHANNEL_PREFIX", default="asgi")
"""Prefix of every Redis pub/sub channel name. Deployments sharing one Redis
set their own; each test run uses its own (tests/conftest.py) so that two runs
on one machine never hear each other's groups."""
CHANNEL_LAYERS: dict[str, dict[str, Any]]
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": CHANNEL_PREFIX},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
RATELIMIT_STORAGE_URL = env("RATELIMIT_STORAGE_URL", default=REDIS_URL or "memory://")
"""Where shared rate-limit counters live (couples/lib/ratelimits.py)."""

AUTH_USER_MODEL = "couples.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every sign-in of a locked-out username+address (django-axes).
    "couples.lib.ratelimits.SignInLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "sesame.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# One-time sign-in links (django-sesame), used by `manage.py demo`.
SESAME_ONE_TIME = True
SESAME_MAX_AGE = env.int("LOGIN_LINK_MAX_AGE", default=7 * 24 * 3600)

INVITATION_MAX_AGE = env.int("INVITATION_MAX_AGE", default=7 * 24 * 3600)

# The helplines of the operator's country, shown first on the Help page
# (couples/lib/helplines.py checks them; a mistake stops the process).
try:
    HELPLINES = helplines_from(env.json("HELPLINES", default=[]))
except ValueError as exc:
    raise ImproperlyConfigured(str(exc)) from exc
"""Seconds an invitation link stays valid."""

# Reflections and safety check-ins are encrypted at rest (couples.lib.crypto):
# comma-separated Fernet keys, the first seals, all open (key rotation:
# `manage.py rotate_reflection_keys`). `make run` writes a random key to
# .env on first start; without one this local/test profile uses a fixed,
# public development key. The production profile refuses to start without
# REFLECTION_KEYS and refuses this key.
DEVELOPMENT_REFLECTION_KEY = "YXR0dW5lLWxvY2FsLWRldmVsb3BtZW50LWtleS0wMDA="
REFLECTION_KEYS = env.list("REFLECTION_KEYS", default=[]) or [DEVELOPMENT_REFLECTION_KEY]

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Attune <attune@localhost>")
# The address people reach Attune at, for links in e-mails (the "a session
# started" nudge, couples.services.nudges).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy (django-csp 4). Scripts come only from our static
# files (data reaches them through json_script, which is not executed), so
# no 'unsafe-inline' anywhere; the templates carry no style="" attributes
# (styles set from JS through element.style are CSSOM, which CSP allows).
# 'self' in connect-src covers the WebSockets to the same host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF],  # the service worker, /sw.js (couples/views/app.py)
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Sign-in lock-out (django-axes): 5 failed sign-ins for one username from one
# address lock that pair for 15 minutes (a failure during the lock starts the
# 15 minutes again); a success clears the count. The lock-out page says so
# (couples.lib.ratelimits.sign_in_locked_out, status 429).
AXES_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGN_IN_LOCK_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
"""The sign-in form's field (it holds the e-mail address; axes would look for
USERNAME_FIELD, "email", and lock every name from an address together)."""
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
"""Successful sign-ins are not recorded; only failures are, for the lock-out,
and they are dropped once their 15 minutes are over."""
AXES_LOCKOUT_CALLABLE = "couples.lib.ratelimits.sign_in_locked_out"
AXES_WHITELIST_CALLABLE = "couples.lib.ratelimits.sign_in_link_attempt"
"""One-time sign-in links are neither locked nor counted: such an attempt
names no account, so counting it would lock every link from the address
(a used link gets its own page instead, couples.views.account.SignInLinkView)."""
AXES_CLIENT_IP_CALLABLE = "couples.lib.ratelimits.client_address"
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
"""Reverse proxies in front of the workers that append to X-Forwarded-For
(0: use the connection's address). Only for the sign-in lock-out."""

# Invitation links: at most INVITATION_RATE_LIMIT per couple ("limits"
# notation), counted in RATELIMIT_STORAGE_URL (Redis when REDIS_URL is set, so
# all workers count together; else this process's memory).
INVITATION_RATE_LIMIT = env("INVITATION_RATE_LIMIT", default="10/hour")

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
WHITENOISE_AUTOREFRESH = DEBUG

_ACCESS_LOG = {"handlers": ["console"], "level": "INFO", "propagate": False}
"""Access loggers print paths; they go through the redacting handler too
(uvicorn configures its own handlers before Django starts: these replace them)."""
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "couples.lib.logredact.RedactSecrets"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            # Sign-in, reset, invitation and calendar tokens never reach a log line.
            "filters": ["redact_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "daphne.access": _ACCESS_LOG,
        "django.server": _ACCESS_LOG,
        "uvicorn.access": _ACCESS_LOG,
        "uvicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Django's own default handler for "django" (shown with DEBUG) has no
        # redaction: everything under "django" goes through ours instead.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.channels.server": {"level": "WARNING"},
        # Lock-outs and repeated failures are warnings; every sign-in is not news.
        "axes": {"level": "WARNING"},
    },
}

PRESENCE_HEARTBEAT_SECONDS = 15
"""How often a client sends a heartbeat (seconds); told to clients in the snapshot."""
PRESENCE_TIMEOUT_SECONDS = 45
"""A connection unheard of for this long no longer counts as present (seconds)."""
PRESENCE_RECONNECT_GRACE_SECONDS = 120
"""After a partner's last connection went quiet or closed, they show as
"reconnecting" for this long before "away" (seconds)."""
LIVE_RECHECK_SECONDS = 60
"""A session socket re-reads its sign-in and membership from the database on
a heartbeat at most this often (seconds): between two re-checks it relies on
the ``signin.ended`` and ``session.revoked`` messages, so a missed message is
caught within this plus one heartbeat (docs/protocol.md §10)."""
MAX_COMMANDS_IN_FLIGHT = env.int("MAX_COMMANDS_IN_FLIGHT", default=64)
"""Commands one worker process runs or queues for the database at once; past
it a command is answered ``server_busy`` (nothing applied) instead of waiting."""
WS_MAX_FRAME_CHARS = 16_000
"""Largest text frame a client may send (characters); larger closes with 4409."""
WS_SERVER_MAX_MESSAGE_BYTES = env.int("WS_SERVER_MAX_MESSAGE_BYTES", default=16 * 1024 * 1024)
"""The ASGI server's own limit on one incoming WebSocket message (bytes).
It must stay far above WS_MAX_FRAME_CHARS (4 bytes a character at most) so
that the app, not the server, refuses an oversized frame, with 4409 instead
of the server's 1009/1006 that a client would retry. Daphne's default is
1 MiB: start it with ``--websocket-max-message-size`` and
``--websocket-max-frame-size`` set to this value (README, "Production");
uvicorn's ``--ws-max-size`` default is this value already. ``manage.py
runserver`` (Daphne's) reads the two settings below."""
DAPHNE_WEBSOCKET_MAX_MESSAGE_SIZE = WS_SERVER_MAX_MESSAGE_BYTES
DAPHNE_WEBSOCKET_MAX_FRAME_SIZE = WS_SERVER_MAX_MESSAGE_BYTES
WS_RATE_LIMIT_COMMANDS = env("WS_RATE_LIMIT_COMMANDS", default="20/4 seconds")
"""Commands (and unparsable frames) one connection may send, as a moving
window in "limits" notation: a burst of 20, about 5 a second sustained.
Past it: the error ``rate_limited`` (couples/lib/ratelimits.py)."""
WS_RATE_LIMIT_OTHER = env("WS_RATE_LIMIT_OTHER", default="30/10 seconds")
"""heartbeat, sync and analyze frames per connection (their own window)."""
WS_RATE_LIMIT_REFUSALS = env("WS_RATE_LIMIT_REFUSALS", default="5/10 seconds")
"""Refused frames tolerated per connection; one more closes it with 4429."""
COMMAND_WRITER = env("COMMAND_WRITER", default="direct")
"""How a worker writes the participants' commands: ``"direct"`` (one
transaction per command on a database thread) or ``"batched"`` (group commit
on the event loop, couples/services/command_writer.py; used on PostgreSQL
with database sessions, else "direct"). Not the default: in the whole-server
bench it measured slower than "direct" (docs/benchmarks.md, "Group
commit")."""
if COMMAND_WRITER not in {"batched", "direct"}:
    raise ImproperlyConfigured('COMMAND_WRITER must be "batched" or "direct".')
