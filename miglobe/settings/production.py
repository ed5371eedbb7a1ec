"""Production: every secret and address must come from the environment; nothing falls back silently."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import REDIS_TRANSPORT_OPTIONS, env

DEBUG = False
# Required: each of these raises ImproperlyConfigured naming the variable when it is missing.
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL")
CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_TRANSPORT_OPTIONS
# Where links in emails point, who sends them, how, and where uploads live: no development fallback.
SITE_URL = env.str("SITE_URL").rstrip("/")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
vars().update(env.email_url("EMAIL_URL"))
if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":  # noqa: F405
    EMAIL_BACKEND = "miglobe.core.mail.EmailBackend"  # also delivers to müller@exämple.de (SMTPUTF8)
if EMAIL_BACKEND.rsplit(".", 2)[-2] in ("console", "locmem", "dummy", "filebased"):
    # Those would print private links into logs, or drop every email while the outbox says "sent".
    raise ImproperlyConfigured("EMAIL_URL must name a real mail server in production (smtp://, smtp+tls://, …).")
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT")
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
}
# gunicorn listens on loopback behind the proxy (docs/deploy.md): that proxy's X-Forwarded-For is believed.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1", "::1"])
# The cache holds the rate limits, which must be shared by every web worker on every machine.
CACHES = {
    "default": {"BACKEND": "miglobe.core.cache.RedisCache", "LOCATION": env.str("REDIS_URL")},
    "fragments": FRAGMENT_CACHE,  # noqa: F405
}

# whitenoise serves the collected static files from gunicorn; locally runserver serves them itself.
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")  # noqa: F405
STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
# Opt-in: both bind every subdomain, and a preload list entry takes months to undo.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# check --deploy warns about each of them being off; that is the decision above (docs/decisions/0042).
SILENCED_SYSTEM_CHECKS = [
    *(["security.W005"] if not SECURE_HSTS_INCLUDE_SUBDOMAINS else []),
    *(["security.W021"] if not SECURE_HSTS_PRELOAD else []),
]
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
# Programmteam and Auswahlgremium sign in with a second factor (set STAFF_2FA_REQUIRED=false only to recover).
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=True)
