"""Settings shared by every environment. Every variable read here is listed in .env.example."""

import contextlib
import datetime
import warnings
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import envbool, envint, envlist, envstr

# Generic Django classes accept type arguments at run time (forms.ModelForm[Plan]), as mypy --strict wants them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(envstr("ALLERVERS_VAR_DIR", str(BASE_DIR / "var")))
# The SQLite databases (the application's by default, the job queue's) live there: on a fresh checkout the first
# command would otherwise stop on "unable to open database file". A read-only deployment gives its own paths.
with contextlib.suppress(OSError):
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = envbool("DJANGO_DEBUG", "false")
SECRET_KEY = envstr("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set (see .env.example)")
ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "widget_tweaks",
    "ninja",
    "dsfr",
    "csp",
    "allervers.territories",
    "allervers.taxonomy",
    "allervers.directory",
    "allervers.portal",
    "allervers.api",
    "allervers.accounts",
    "allervers.backoffice",
    "allervers.pathways",
    "axes",
    "allervers.plan",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "allervers.referrals",
    "huey.contrib.djhuey",
    "allervers.mailing",
    "allervers.jobs",
    "allervers.outreach",
    "allervers.campaigns",
    "allervers.surveys",
    "allervers.network",
    "allervers.isg",
    "allervers.agreements",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Refuses an oversized body (413) before anything reads it: first after the headers' middleware.
    "allervers.portal.limits.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # A French 503 while the database is away or locked (see allervers/portal/errors.py): before session and auth.
    "allervers.portal.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allervers.accounts.middleware.NoStoreForProfessionalsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Second factor (request.user.is_verified()), then the inactivity timeout, before axes which must stay last.
    "django_otp.middleware.OTPMiddleware",
    "allervers.accounts.mfa.IdleTimeoutMiddleware",
    # Last, as django-axes asks: it locks out repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
# The DSFR now marks optional fields rather than required ones. django-dsfr warns at every form render that this
# transitional setting will go away (with its next major version, when this becomes the default): silence it.
DSFR_MARK_OPTIONAL_FIELDS = True
warnings.filterwarnings("ignore", message="Transitional Django setting DSFR_MARK_OPTIONAL_FIELDS", category=UserWarning)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "allervers" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "allervers.portal.context_processors.platform",
            ],
        },
    },
    {
        # E-mails are plain text: nothing is HTML-escaped in them ("CCAS d'Oyonnax", never "d&#x27;Oyonnax").
        "NAME": "emails",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "allervers" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'allervers.sqlite3'}")
# Health checks: a persistent connection that died with a database restart is replaced at the next request's first
# query, instead of failing it.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=envint("DATABASE_CONN_MAX_AGE", "60"), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        # Seconds a writer waits for another's lock (an import) before "database is locked", then the French 503.
        "timeout": envint("DATABASE_BUSY_TIMEOUT", "20"),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server fails the request in seconds (the 503 page) rather than holding a worker until killed.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", envint("DATABASE_CONNECT_TIMEOUT", "5")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds short-lived counters (every rate limit) and the fiches' PDFs (a day at most). Per-process memory by
# default: with N workers the effective limit is N times the rate and each worker makes its own PDFs. A shared Redis
# (ALLERVERS_CACHE_URL=redis://host:6379/0) makes the limits exact and the PDFs shared.
CACHE_URL = envstr("ALLERVERS_CACHE_URL", "locmem://")
if CACHE_URL.startswith("redis://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(f"ALLERVERS_CACHE_URL must be locmem:// or redis://…, got {CACHE_URL!r}")
# django-ratelimit counts in this cache (its default too, said here so that nobody points it at a per-process one).
RATELIMIT_USE_CACHE = "default"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Inert unless ProConnect is configured (ALLERVERS_PROCONNECT_CLIENT_ID): it only answers an OIDC callback.
    "allervers.accounts.oidc.ProConnectBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "backoffice:home"
LOGOUT_REDIRECT_URL = "portal:home"
# Brute-force protection: 5 failures for one account from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = envint("ALLERVERS_LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("ALLERVERS_LOGIN_COOLOFF_MINUTES", "30"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

EMAIL_BACKEND = envstr("ALLERVERS_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("ALLERVERS_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("ALLERVERS_EMAIL_PORT", "25")
EMAIL_HOST_USER = envstr("ALLERVERS_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("ALLERVERS_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("ALLERVERS_EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = envstr("ALLERVERS_DEFAULT_FROM_EMAIL", "Aller-vers <ne-pas-repondre@localhost>")
# Absolute links in e-mails.
ALLERVERS_BASE_URL = envstr("ALLERVERS_BASE_URL", "http://127.0.0.1:8000")

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = envstr("ALLERVERS_TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security: secure by default, dev.py relaxes what plain HTTP on localhost needs.
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", "true")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("DJANGO_SECURE_HSTS_SECONDS", "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = envbool("DJANGO_SECURE_HSTS_PRELOAD", "true")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = envint("ALLERVERS_SESSION_AGE_SECONDS", str(8 * 3600))
# Each "last seen" write pushes the cookie's expiry back: a session ends this long after its login however active.
ALLERVERS_SESSION_MAX_HOURS = envint("ALLERVERS_SESSION_MAX_HOURS", "12")
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# No browser feature for anyone, except the position, which the search asks of the visitor ("Autour de moi",
# portal/static/portal/site.js) on our own pages only. Only features Chromium knows: it warns in the console about
# any other (ambient-light-sensor and bluetooth, for instance).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "geolocation": ["self"],
    "gyroscope": [],
    "hid": [],
    "identity-credentials-get": [],
    "idle-detection": [],
    "interest-cohort": [],
    "local-fonts": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "otp-credentials": [],
    "payment": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# Request bodies. The whole body is capped before anything reads it (allervers/portal/limits.py): a little above
# the 20 MB an import may upload. Fields other than files: 2.5 MB and 1,000 fields at most, as Django's defaults;
# a file larger than 2.5 MB goes to a temporary file rather than memory; one form takes a handful of files at most.
ALLERVERS_MAX_REQUEST_BYTES = envint("ALLERVERS_MAX_REQUEST_MB", "25") * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# No third-party origin at all: the public site must not leak its visitors to anyone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOG_LEVEL = envstr("ALLERVERS_LOG_LEVEL", "INFO")
# Request paths reach the logs without their query string (a visitor's search words) and with their tokens masked
# (allervers/common/logs.py); gunicorn's access log does the same through config/gunicorn.conf.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"private_paths": {"()": "allervers.common.logs.PrivatePathsFilter"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["private_paths"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["private_paths"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Without Django's own handlers, which would print "Not Found: /…" unfiltered when DEBUG is on: to the root's.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": LOG_LEVEL, "propagate": False},
    },
}

# Platform
ALLERVERS_PLATFORM_NAME = envstr("ALLERVERS_PLATFORM_NAME", "Aller-vers")
ALLERVERS_DEPARTMENT_CODE = envstr("ALLERVERS_DEPARTMENT_CODE", "01")
ALLERVERS_OPERATOR = envstr("ALLERVERS_OPERATOR", "Préfecture (démonstration)")
ALLERVERS_SEARCH_PAGE_SIZE = envint("ALLERVERS_SEARCH_PAGE_SIZE", "20")
ALLERVERS_API_RATE = envstr("ALLERVERS_API_RATE", "120/m")
# Generating a fiche réflexe's PDF (not serving a cached one), per client IP.
ALLERVERS_FICHE_PDF_RATE = envstr("ALLERVERS_FICHE_PDF_RATE", "10/m")
ALLERVERS_QUICK_EXIT_URL = envstr("ALLERVERS_QUICK_EXIT_URL", "https://www.google.fr/search?q=meteo")
# The French page (the API's JSON under /api/) for a django-ratelimit refusal; also used by handler403.
RATELIMIT_VIEW = "allervers.portal.errors.rate_limited"
CSRF_FAILURE_VIEW = "allervers.portal.errors.csrf_failure"
# Behind a reverse proxy every client shares REMOTE_ADDR: name the header the proxy sets (e.g. HTTP_X_REAL_IP).
ALLERVERS_RATELIMIT_IP_META_KEY = envstr("ALLERVERS_RATELIMIT_IP_META_KEY", "REMOTE_ADDR")
# Every rate limit reads the address through this function: a request without one is limited, never a 500.
RATELIMIT_IP_META_KEY = "allervers.common.clients.client_ip"

# Second factor and inactivity: whoever can read a hand-over confirms a TOTP code (or a recovery code).
OTP_TOTP_ISSUER = ALLERVERS_PLATFORM_NAME
ALLERVERS_IDLE_TIMEOUT_MINUTES = envint("ALLERVERS_IDLE_TIMEOUT_MINUTES", "30")

# ProConnect (the state's OpenID Connect federation for agents): enabled when a client id is set.
ALLERVERS_PROCONNECT_CLIENT_ID = envstr("ALLERVERS_PROCONNECT_CLIENT_ID", "")
OIDC_RP_CLIENT_ID = ALLERVERS_PROCONNECT_CLIENT_ID
OIDC_RP_CLIENT_SECRET = envstr("ALLERVERS_PROCONNECT_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = envstr("ALLERVERS_PROCONNECT_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = envstr("ALLERVERS_PROCONNECT_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = envstr("ALLERVERS_PROCONNECT_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = envstr("ALLERVERS_PROCONNECT_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = envstr("ALLERVERS_PROCONNECT_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email given_name usual_name"
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:proconnect-callback"
# Only accounts that already exist (created by an invitation) may log in through ProConnect.
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL_FAILURE = "/compte/connexion/"

# Hand-overs: Fernet keys (comma-separated, the first encrypts, all decrypt), deadlines and retention.
ALLERVERS_REFERRAL_KEYS = envlist("ALLERVERS_REFERRAL_KEYS", "")
ALLERVERS_REFERRAL_ACK_HOURS_URGENT = envint("ALLERVERS_REFERRAL_ACK_HOURS_URGENT", "24")
ALLERVERS_REFERRAL_ACK_DAYS_NORMAL = envint("ALLERVERS_REFERRAL_ACK_DAYS_NORMAL", "7")
ALLERVERS_REFERRAL_EXPIRY_DAYS = envint("ALLERVERS_REFERRAL_EXPIRY_DAYS", "30")
ALLERVERS_REFERRAL_RETENTION_MONTHS = envint("ALLERVERS_REFERRAL_RETENTION_MONTHS", "24")
# Trainings: registrants' names and e-mails are kept this long after their session (attendance proof), then erased.
OUTREACH_RETENTION_DAYS = envint("ALLERVERS_OUTREACH_RETENTION_DAYS", "1095")
# Agreements' signed documents (issue 20): the largest PDF accepted, in MB, and the private folder they live in
# (outside any public URL; empty: var/private/agreements).
ALLERVERS_AGREEMENTS_MAX_MB = envint("ALLERVERS_AGREEMENTS_MAX_MB", "10")
ALLERVERS_AGREEMENTS_DIR = envstr("ALLERVERS_AGREEMENTS_DIR", "")
# Coverage map: a commune is a gap when its nearest on-site service is farther than this (straight line, km).
NETWORK_COVERAGE_DISTANCE_KM = envint("ALLERVERS_NETWORK_COVERAGE_DISTANCE_KM", "20")
# Visit requests to a mobile unit: the operator answers within this many days, else it is reminded, then the
# coordination is told after as many again.
NETWORK_REQUEST_ANSWER_DAYS = envint("ALLERVERS_NETWORK_REQUEST_ANSWER_DAYS", "10")
# A request the operator has not answered this many days after sending is closed « sans réponse » and the requester
# told: by default the reminder (10 days) and the coordination's alert (20 days) each get a full answer delay.
NETWORK_REQUEST_EXPIRY_DAYS = envint("ALLERVERS_NETWORK_REQUEST_EXPIRY_DAYS", "30")

# Job engine (Huey): e-mails and scheduled duties run in the worker (`allervers run_huey`), never in a request.
# Its SQLite storage in var/ by default (one machine, nothing to install); in production a Redis that every web
# process and worker share (redis://host:6379/1), with short timeouts so that a Redis away never holds a request.
# memory:// keeps the queue in the process (the tests).
ALLERVERS_HUEY_URL = envstr("ALLERVERS_HUEY_URL", f"sqlite:///{VAR_DIR / 'huey.sqlite3'}")
_huey: dict[str, object] = {
    "name": "allervers",
    "results": False,
    # Schedules in local time (Django sets the process's TZ to TIME_ZONE): reminders at 7 in the morning, in Paris.
    "utc": False,
    "immediate": False,
    # flush_locks: a worker killed in the middle of a duty does not keep its lock past the next start.
    "consumer": {"workers": envint("ALLERVERS_HUEY_WORKERS", "2"), "worker_type": "thread", "flush_locks": True},
}
if ALLERVERS_HUEY_URL.startswith(("redis://", "rediss://")):
    _separator = "&" if "?" in ALLERVERS_HUEY_URL else "?"
    HUEY = {
        **_huey,
        "huey_class": "huey.RedisHuey",
        "url": f"{ALLERVERS_HUEY_URL}{_separator}socket_connect_timeout=2&socket_timeout=5",
    }
elif ALLERVERS_HUEY_URL.startswith("sqlite:///"):
    HUEY = {**_huey, "huey_class": "huey.SqliteHuey", "filename": ALLERVERS_HUEY_URL.removeprefix("sqlite:///")}
elif ALLERVERS_HUEY_URL == "memory://":
    HUEY = {**_huey, "huey_class": "huey.MemoryHuey"}
else:
    raise ImproperlyConfigured(
        f"ALLERVERS_HUEY_URL must be sqlite:///…, redis://… or memory://, got {ALLERVERS_HUEY_URL!r}"
    )
# Deliveries: a failed attempt is retried after 1, 2, 4… minutes; after the last one the e-mail is listed as failed
# for the coordinators (/espace/coordination/courriels/), who may send it again.
ALLERVERS_EMAIL_MAX_ATTEMPTS = envint("ALLERVERS_EMAIL_MAX_ATTEMPTS", "8")
ALLERVERS_EMAIL_RETRY_SECONDS = float(envint("ALLERVERS_EMAIL_RETRY_SECONDS", "60"))
# A mail server that does not answer fails the attempt in seconds rather than holding a worker.
EMAIL_TIMEOUT = envint("ALLERVERS_EMAIL_TIMEOUT", "10")
# /sante/ gives its detail (database, cache, queue) to staff and coordinators, and to a caller with this token in
# the X-Health-Token header (a monitoring probe). Empty: no token accepted.
ALLERVERS_HEALTH_TOKEN = envstr("ALLERVERS_HEALTH_TOKEN", "")
# The worker's log lines once, through the console handler above (run_huey adds its own handler to a bare logger).
_loggers = LOGGING["loggers"]
assert isinstance(_loggers, dict)
_loggers["huey"] = {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False}
