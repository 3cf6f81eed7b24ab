"""Balai settings, read only from environment variables (see .env.example)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from balai.core.env import (
    ConfigError,
    cache_config,
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    generated_secret,
)

# Lets admin classes be subscripted (ModelAdmin[Area]) at run time for mypy.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("BALAI_VAR_DIR", "var")).resolve()

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_secret("SECRET_KEY") or generated_secret(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "balai.core",
    "balai.regions",
    "balai.accounts",
    "balai.registry",
    "balai.letters",
    "balai.complaints",
    "balai.posyandu",
    "balai.indicators",
    "balai.facilities",
    "balai.health",
    "balai.education",
    "balai.boards",
    "balai.planning",
    "balai.finance",
    "balai.poverty",
    "balai.innovation",
    "balai.onestop",
    "balai.supervision",
    "balai.web",
    "balai.config.apps.BalaiAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "ninja",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    "balai.core.logs.RequestLogMiddleware",
    "balai.core.dbrouter.DatabaseRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "balai.core.middleware.NoStoreMiddleware",
    "balai.core.middleware.NulCookieMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "balai.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "balai.core.middleware.RequestSanityMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "balai.core.audit.AuditMiddleware",
    "axes.middleware.AxesMiddleware",
    "balai.accounts.middleware.AreaChoiceMiddleware",
    "balai.core.middleware.ConflictMiddleware",
]

ROOT_URLCONF = "balai.config.urls"
FORM_RENDERER = "balai.core.forms.BalaiFormRenderer"
WSGI_APPLICATION = "balai.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "balai.accounts.context_processors.acting_role",
                "balai.accounts.context_processors.menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'balai.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if database_password := env_secret("DATABASE_PASSWORD"):
    # Lets the password come from a file (DATABASE_PASSWORD_FILE), not the URL.
    DATABASES["default"]["PASSWORD"] = database_password
# A streaming replica of the primary: dashboard and indicator views read from
# it (balai.core.dbrouter); everything else, and every write, uses "default".
BALAI_READ_REPLICA: str | None = None
if replica_url := env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        replica_url,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    if database_password and not DATABASES["replica"].get("PASSWORD"):
        DATABASES["replica"]["PASSWORD"] = database_password
    # Tests create their databases on the primary; the replica receives them.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    BALAI_READ_REPLICA = "replica"
DATABASE_ROUTERS = ["balai.core.dbrouter.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every process: rate limits and login throttles count here.
CACHES = {"default": {**cache_config(env_str("CACHE_URL")), "KEY_PREFIX": "balai"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "balai.letters.backends.ResidentPinBackend",
]
# Brute-force protection for both logins (staff password, resident NIK + PIN;
# accounts/lockout.py): lock a username from one address after repeated
# failures. Keyed on both so a prank from one phone cannot lock a village
# operator out everywhere; tries during a lock do not extend it. Each
# address also has a budget of failures across usernames per window.
AXES_HANDLER = "balai.accounts.lockout.BalaiAxesHandler"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "nik", "pin", "pin2", "code"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_CLIENT_IP_CALLABLE = "balai.core.client_ip.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
PASSWORD_HASHERS = [
    "balai.accounts.hashers.BalaiArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# Preload binds the whole (often shared .go.id) domain to HTTPS for years:
# the operator must opt in, so only its reminder is silenced.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Probes call the app directly over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
# Reverse proxies in front of Balai: the client address is the entry the
# outermost one appended to X-Forwarded-For (core/client_ip.py), never the
# leftmost entry, which the client writes itself.
BEHIND_PROXY = env_bool("BEHIND_PROXY")
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
if TRUSTED_PROXY_COUNT < 1:
    raise ConfigError("TRUSTED_PROXY_COUNT must be 1 or more")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Optional background tiles for the map page (e.g. "https://tile.example.org/{z}/{x}/{y}.png");
# empty: polygons on a plain background, no third-party requests. Its origin joins img-src.
BALAI_MAP_TILE_URL = env_str("BALAI_MAP_TILE_URL", "")
_TILE_ORIGIN = "/".join(BALAI_MAP_TILE_URL.split("/")[:3]) if "://" in BALAI_MAP_TILE_URL else ""

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", *([_TILE_ORIGIN] if _TILE_ORIGIN else [])],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "balai@localhost")

# JSON lines on stdout (one object per line, with the request id), or
# LOG_FORMAT=text for people reading a terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ConfigError(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "balai.core.logs.JsonFormatter"},
        "text": {"()": "balai.core.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own request lines repeat balai.access; keep its errors.
        "django.server": {"level": "ERROR"},
        "balai.access": {"level": env_str("ACCESS_LOG_LEVEL", "INFO")},
    },
}

# Balai's own knobs.
# Where `balai backup` writes (a directory per backup); default var/backups.
BACKUP_DIR = env_str("BACKUP_DIR", "")
BALAI_API_TOKEN_TTL_DAYS = env_int("BALAI_API_TOKEN_TTL_DAYS", 365)
# Public address printed in QR codes on letters when no request is at hand (worker).
BALAI_SITE_URL = env_str("BALAI_SITE_URL", "http://127.0.0.1:8000")
# Months of flow-indicator facts a full refresh recomputes (balai indicators refresh --all).
BALAI_INDICATOR_HISTORY_MONTHS = env_int("BALAI_INDICATOR_HISTORY_MONTHS", 24)
# Processes of a full refresh (`balai indicators refresh --all`, PostgreSQL only).
BALAI_INDICATOR_REFRESH_WORKERS = env_int("BALAI_INDICATOR_REFRESH_WORKERS", 2)
# Queue numbers or bookings one address may take on the public one-stop forms
# per 10 minutes; the units' own kiosk machines are listed and not counted.
ONESTOP_RATE_LIMIT = (env_int("ONESTOP_RATE_LIMIT", 10), 600)
ONESTOP_KIOSK_ADDRESSES = env_list("ONESTOP_KIOSK_ADDRESSES", [])
