"""Settings shared by every environment; everything that differs comes from the environment."""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def development_secret_key():
    """A key generated once per checkout into an ignored file, so no secret lives in the code."""
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or development_secret_key()
DEBUG = env_bool("DEBUG", default=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "cupfaf.apps.AxesConfig",
    "corsheaders",
    "rest_framework",
    "cupfaf.apps.KnoxConfig",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "clubs",
    "competitions",
    "matches",
    "sanctions",
    "cupfaf",  # last: its post_migrate sets the roles once every app's permissions exist
]

MIDDLEWARE = [
    "cupfaf.throttling.RateHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Before the rest: a cached API read is answered here, with the headers the rest gave it; the
    # security and CORS headers come from the two above, on every answer, the cache's own included.
    "cupfaf.api_cache.ApiCacheMiddleware",
    "cupfaf.middleware.RefuseNulMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cupfaf.audit.AuditOriginMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: counts failed logins and refuses a locked-out username from the same address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes, attempts kept in the database, shared by every process): after
# 5 failures for one username from one address, that pair is locked for 15 minutes. A pair, not the
# username alone, so that nobody can lock a staff member out from elsewhere.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_VERBOSE = False

# Every HTML page: scripts, styles, images and fonts from our own origin only; nothing framed.
# Inline styles stay allowed for the admin's and Swagger UI's style attributes; never inline scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features no page of ours uses are switched off.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# CORS (django-cors-headers): a newsroom's web page on any origin may read the API, never write to
# it: a preflight for anything but GET is answered without POST among the allowed methods.
CORS_URLS_REGEX = r"^/(api|v4)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since", "authorization", "x-auth-token"]
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Retry-After",
    "X-Requests-Available-Minute",
    "X-RequestCounter-Reset",
    "X-API-Version",
    "X-Authenticated-Client",
]

ROOT_URLCONF = "cupfaf.urls"
WSGI_APPLICATION = "cupfaf.wsgi.application"

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

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock when a
    # transaction starts, so a second writer waits (up to the timeout) instead of failing
    # half-way with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "clubs.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# French is the federation's working language and the source language of our messages.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("ar", _("العربية")), ("en", _("English"))]
FORMAT_MODULE_PATH = ["cupfaf.formats"]  # what Django's Arabic formats lack (cupfaf/formats/ar/formats.py)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Africa/Algiers"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

# Officials sign in at /accounts/ (Django's views) and land on their desk; staff use /admin/.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "officials:my_matches"
LOGOUT_REDIRECT_URL = "login"
# Password-reset mail: printed on the console unless SMTP is configured (production sets EMAIL_HOST).
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CupFAF <noreply@localhost>")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Views state who may use them; what a view forgets to say is refused. Machines authenticate
    # with tokens stored hashed (knox); there are no API sessions, hence no CSRF to think about.
    "DEFAULT_AUTHENTICATION_CLASSES": ["cupfaf.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Bodies are JSON, bounded in size and depth (cupfaf.parsers): no form or multipart parsing to attack.
    "DEFAULT_PARSER_CLASSES": ["cupfaf.parsers.BoundedJSONParser"],
    "EXCEPTION_HANDLER": "cupfaf.api.exception_handler",
    # How many proxies stand before the application (production: 1): the throttle counts the
    # client's address from X-Forwarded-For past them, never an address a client could forge.
    "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", 0)),
    "DEFAULT_THROTTLE_CLASSES": ["cupfaf.throttling.MinuteRateThrottle"],
}

# The shared cache: Redis when REDIS_URL is set (production: every process counts the same
# requests), else this process's memory.
if os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "cupfaf.cache.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# API reads are served from the shared cache until the data changes (cupfaf.api_cache).
API_RESPONSE_CACHE = env_bool("API_RESPONSE_CACHE", default=True)
API_RESPONSE_CACHE_SECONDS = int(os.environ.get("API_RESPONSE_CACHE_SECONDS", 600))

# API requests per minute (cupfaf.throttling): anonymous by address, tokens by user, media tokens higher.
API_RATES = {
    "anon": os.environ.get("API_RATE_ANON", "60/min"),
    "user": os.environ.get("API_RATE_USER", "120/min"),
    "media": os.environ.get("API_RATE_MEDIA", "1200/min"),
}

REST_KNOX = {
    # Tokens are issued by staff for machines (`manage.py issue_token`) and revoked in the admin;
    # they do not lapse on their own unless issued with an expiry.
    "TOKEN_TTL": None,
    "AUTH_HEADER_PREFIX": "Token",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "CupFAF media API",
    "DESCRIPTION": "Fixtures, results and brackets of the Coupe d'Algérie (read-only for the public).",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "Side": ["HOME", "AWAY"],
        "IncidentEnum": "competitions.models.INCIDENT_CODES",
        "SanctionKindEnum": "competitions.models.PENALTY_CODES",
        "GoalTypeEnum": "matches.models.GoalType.values",
        "ReportStatusEnum": ["CANCELLED", "FINISHED", "SUSPENDED"],
        "MatchStatusEnum": "matches.models.MatchStatus.values",
    },
    # The docs page's Swagger UI is served from our static files: pinned, and it works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own loggers propagate to the root handler: without this, each line would print twice.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}
