"""Production settings: `DJANGO_SETTINGS_MODULE=cupfaf.settings.production`.

Refuses to start without SECRET_KEY and ALLOWED_HOSTS from the environment; `manage.py check
--deploy` is clean with these settings.
"""

import os

from django.core.exceptions import ImproperlyConfigured

# Checked before the base settings load: they would otherwise generate a development key.
if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.")

from .base import *  # noqa: E402,F401,F403
from .base import env_bool, env_list  # noqa: E402

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment in production.")
DEBUG = env_bool("DEBUG", default=False)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Static files from the application server itself (compressed, cached for ever once hashed),
# right after the security middleware; in development `runserver` serves them.
_AFTER = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1  # noqa: F405
MIDDLEWARE = [*MIDDLEWARE[:_AFTER], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[_AFTER:]]  # noqa: F405
STATIC_ROOT = os.environ.get("STATIC_ROOT", STATIC_ROOT)  # noqa: F405
# Collected by `manage.py collectstatic`, served by WhiteNoise under hashed names cached for ever.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
