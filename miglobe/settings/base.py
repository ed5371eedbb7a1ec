"""Settings shared by every environment.

Every value that differs between machines comes from an environment variable; each one is documented
in `.env.example`. The environment modules (local, production, test) only change defaults.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


class Env(environ.Env):
    """django-environ, except that a value it cannot parse is reported with the variable's name."""

    def get_value(self, var, *args, **kwargs):
        try:
            return super().get_value(var, *args, **kwargs)
        except ValueError as exc:
            raise ImproperlyConfigured(f"The environment variable {var} has an invalid value: {exc}") from exc


env = Env()

DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute links in emails are built from this; it must be the public address of the site.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Before the admin, so that its admin classes and translated fields are in place when the admin loads.
    "modeltranslation",
    "miglobe.core.admin_site.MiGlobeAdminConfig",  # django.contrib.admin with our AdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "csp",
    "rules",
    "miglobe.core.axes_app.AxesConfig",  # django-axes, with a German name in the admin
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "miglobe.core",
    "pool",
    "seminars",
    "consultations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff: idle timeout and the second factor (after OTPMiddleware, which tells whether it was given).
    "miglobe.core.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A private page opened without its link: a 404 that offers a new link.
    "miglobe.core.private_links.PrivateLinkMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "miglobe.core.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes requires: turns a lockout into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "miglobe.urls"
WSGI_APPLICATION = "miglobe.wsgi.application"

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
                "miglobe.core.context_processors.site",
            ],
            # {% absurl %} for absolute links in emails, without a {% load %} in every template.
            "builtins": ["miglobe.core.templatetags.emails"],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by all web workers, used for rate limits); otherwise a
# file-based cache under var/, which is still shared by the processes of one machine.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "miglobe.core.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
# Markup that is the same for every visitor ({% cached_fragment %}, miglobe/core/templatetags/fragments.py):
# in each process's own memory, so a deploy (new processes) never serves markup the old code wrote.
# Markup the same for everyone ({% cached_fragment %}, docs/decisions/0110): each process's memory, at most
# 1,000 fragments of a few kB (Django culls a third when full).
FRAGMENT_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}
CACHES["fragments"] = FRAGMENT_CACHE

# django-rules first asks its predicates (pool/permissions.py), then the model permissions of the groups.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out account or address before any password is checked.
# The lockout first (django-axes, through our throttle backend), then who may log in, then the named
# predicates of each app (django-rules) for object permissions.
AUTHENTICATION_BACKENDS = [
    "miglobe.core.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "pool.auth.AdvisorEmailBackend",  # advisors may type their email address instead of the username
    "rules.permissions.ObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["miglobe.formats"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")

# Uploaded files (CVs, …) are private: there is no MEDIA_URL, and nothing under this folder is ever
# served by the web server. Files leave only through views that check permissions.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email. Nothing calls send_mail directly: messages go through the outbox (miglobe.core.outbox),
# which uses this backend. EMAIL_URL examples: smtp+tls://user:pass@mail.example.org:587, consolemail://
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":  # noqa: F821
    EMAIL_BACKEND = "miglobe.core.mail.EmailBackend"  # also delivers to müller@exämple.de (SMTPUTF8)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="MiGlobe Pool <miglobe@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_REPLY_TO = env.str("EMAIL_REPLY_TO", default="")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# Celery. The quick start uses the file-system transport under var/ so that it needs no Redis.
# With a host name: without one kombu warned "No hostname was supplied" on every publish in the quick start.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://localhost/")
REDIS_TRANSPORT_OPTIONS = {
    # Longer than any countdown we schedule (the outbox schedules none: its retries wait in the database),
    # so Redis does not hand a waiting task to a second worker.
    "visibility_timeout": 6 * 3600,
    # A web request that queues an email publishes a task after commit: when Redis is unreachable, give
    # up fast (the outbox sweep publishes it later) instead of keeping the user waiting.
    "socket_connect_timeout": 2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_FILESYSTEM_DIR = VAR_DIR / "celery"
if CELERY_BROKER_URL.startswith("filesystem://"):
    for folder in ("queue", "processed", "control"):
        (CELERY_FILESYSTEM_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_DIR / "queue"),
        "processed_folder": str(CELERY_FILESYSTEM_DIR / "processed"),
        # Exchange bindings; kombu's default is ./control in whatever directory the process started in.
        "control_folder": str(CELERY_FILESYSTEM_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_TRANSPORT_OPTIONS
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
# At-least-once delivery: a task is acknowledged only after it ran, and re-queued when a worker dies.
# Every task must therefore be safe to run twice (the outbox and the reminder ledger make them so).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# What a task prints (the console email backend of the quick start) is information, not a warning.
CELERY_WORKER_REDIRECT_STDOUTS_LEVEL = "INFO"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {
    # Hands over emails whose task never reached the broker, retries due ones, takes back stuck ones – and
    # the public forms' confirmations, which their requests leave to it (decision 0180): every 15 seconds, so
    # a confirmation leaves within about 15 s. An idle sweep is three statements on the status index.
    "outbox-sweep": {"task": "core.sweep_outbox", "schedule": 15.0, "options": {"expires": 14}},
    # On the clock (…:00, …:05), so an 08:00 reminder leaves at 08:00.
    "reminders": {
        "task": "core.send_due_reminders",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 290},
    },
    # Flags the likely duplicates of new submissions (the form leaves that to the worker: decision 0115).
    "pool-duplicates": {"task": "pool.check_pending_duplicates", "schedule": 60.0, "options": {"expires": 55}},
    # DSGVO retention: erase rejected/withdrawn applications and stale drafts past their period, at night.
    "pool-retention": {
        "task": "pool.erase_expired_applications",
        "schedule": crontab(hour=3, minute=15),
        "options": {"expires": 3600},
    },
}

# Content Security Policy: everything comes from our own origin; no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

SESSION_COOKIE_HTTPONLY = True
# Database sessions without the look-up before each new one (miglobe/core/sessions.py).
SESSION_ENGINE = "miglobe.core.sessions"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Public application form: at most this many form posts per IP address (django-ratelimit, counted in the
# default cache, so all web workers share the count). Format "<count>/<s|m|h|d>".
POOL_SUBMISSION_RATE = env.str("POOL_SUBMISSION_RATE", default="20/h")
# A form sent back faster than this many seconds after it was handed out was not typed by a person (spam).
POOL_MIN_FILL_SECONDS = env.int("POOL_MIN_FILL_SECONDS", default=3)
# Public forms (miglobe.core.antispam): seconds a form's start token stays valid (it also works only once),
# and how many emails of one kind (e.g. a draft's link) one address gets a day at most.
PUBLIC_FORM_TOKEN_MAX_AGE = env.int("PUBLIC_FORM_TOKEN_MAX_AGE", default=24 * 3600)
PUBLIC_FORM_EMAILS_PER_DAY = env.int("PUBLIC_FORM_EMAILS_PER_DAY", default=3)
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated), and how many
# of them stand in front of the app. Empty: the header is ignored and the direct peer is the visitor.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=1)

# The advisor pool (issue #9): how long an invitation link holds, after how many days without login or
# portal activity the roster flags an advisor, and how long a former advisor's data is kept after leaving.
ADVISOR_INVITATION_DAYS = env.int("ADVISOR_INVITATION_DAYS", default=14)
ADVISOR_INACTIVITY_DAYS = env.int("ADVISOR_INACTIVITY_DAYS", default=90)
ADVISOR_RETENTION_YEARS = env.int("ADVISOR_RETENTION_YEARS", default=3)

# Private links (applicants, municipalities, invited advisors): a link's key is valid this many days after it
# was sent (an object may end it earlier, e.g. at the end of its retention period). "Send me a new link"
# requests allowed per visitor and per email address.
PRIVATE_LINK_MAX_AGE_DAYS = env.int("PRIVATE_LINK_MAX_AGE_DAYS", default=60)
PRIVATE_LINK_RESEND_RATE = env.str("PRIVATE_LINK_RESEND_RATE", default="5/h")

# Logins (django-axes): after LOGIN_FAILURE_LIMIT failures an account name, and separately an address, is
# locked for LOGIN_COOLOFF_MINUTES – even the right password is refused. Counted in the database, so every
# web worker on every machine shares the count. Staff unlock in the admin ("Zugriffsversuche").
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_CALLABLE = "miglobe.core.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "miglobe.core.throttle.visitor_address"
# Successful logins go to the audit trail; axes need not keep its own log of them.
AXES_DISABLE_ACCESS_LOG = True
# Password-reset requests allowed per visitor address and per email address ("<count>/<s|m|h|d>").
PASSWORD_RESET_RATE = env.str("PASSWORD_RESET_RATE", default="5/h")

# Staff: a session ends after this many minutes without a request.
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=60)
# Two-factor sign-in (django-otp: TOTP app plus one-time backup codes). Staff who have a second factor are
# always asked for it. When required, members of these groups without one are sent to set it up first;
# production turns it on, the quick start leaves it off so the demo logins work.
STAFF_2FA_REQUIRED = env.bool("STAFF_2FA_REQUIRED", default=False)
STAFF_2FA_GROUPS = ["Programmteam", "Auswahlgremium"]
OTP_TOTP_ISSUER = "MiGlobe Pool"
BACKUP_CODE_COUNT = 10

# Headers: Django's SecurityMiddleware sends these two; SecurityHeadersMiddleware adds Permissions-Policy.
# "same-origin": no other site learns even which of our pages linked to it (a private page's id included).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
