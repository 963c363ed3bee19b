"""Django settings for Common Ground. Every value that differs between places comes from the environment."""

import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from commonground.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", False)
# Under pytest the suite uses fast hashing, in-memory mail and immediate tasks.
TESTING = env_bool("COMMONGROUND_TESTING", "pytest" in sys.modules)
if TESTING:
    # Playwright's sync API runs an event loop in the test thread; the ORM calls are still sequential.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The laptop demo (`make run` sets it; never in production): pages as in production (DEBUG off,
# so a missing page is the NHS.UK-styled 404), plus what a demo on one machine needs: a
# development key, local host names, static files from the source folders, mail printed to the
# console and kept for the outbox page (/demo/outbox/, which exists only in this mode).
DEMO_MODE = env_bool("DEMO_MODE", False)
# Debugging, the demo and the tests run on one machine; everything else is a deployment.
ON_A_LAPTOP = DEBUG or DEMO_MODE or TESTING

# A fixed key is only acceptable on a laptop.
SECRET_KEY = env_str(
    "SECRET_KEY", "insecure-development-key-do-not-use-in-production" if ON_A_LAPTOP else None
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if ON_A_LAPTOP else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The public address for links in mail sent by background tasks (no request to take it from).
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}")
# Hosts that may receive webhooks although they resolve to private or reserved addresses (an HR
# system inside the network); every other webhook goes only to the public internet (api/addresses.py).
WEBHOOK_ALLOWED_HOSTS = env_list("WEBHOOK_ALLOWED_HOSTS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "commonground.core",
    "commonground.accounts",
    "commonground.programmes",
    "commonground.identity",
    "commonground.network",
    "commonground.development",
    "commonground.recruitment",
    "commonground.grouping",
    "commonground.schedule",
    "commonground.codesign",
    "commonground.mentoring",
    "commonground.alumni",
    "commonground.reporting",
    "commonground.privacy",
    "commonground.homes",
    "commonground.api",
    "commonground.blueprints",
    "commonground.onboarding",
    "commonground.offboarding",
    "commonground.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "commonground.core.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "commonground.programmes.idle.StaffIdleTimeoutMiddleware",
    "commonground.identity.gate.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "commonground.urls_demo" if DEMO_MODE else "commonground.urls"
WSGI_APPLICATION = "commonground.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "commonground" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["django.contrib.humanize.templatetags.humanize"],
        },
    },
]

# SQLite on a laptop; PostgreSQL whenever DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A connection kept between requests is checked before reuse: after a database restart the
        # first request on each app server then reconnects instead of failing.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"].setdefault("TEST", {})["NAME"] = ""  # in-memory test database
else:
    # PostgreSQL's JIT compiles a query whose estimated cost is high, which a page's counting query
    # over a session of thousands reaches: compiling took 0.7 s of a 1 s query that runs in 0.25 s
    # without it. Pages' queries are short and many, so the app turns it off for its connections.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    if TESTING:
        # A test database is thrown away: its commits need not wait for the disk (5% of a
        # commit-heavy part of the suite on PostgreSQL). Production keeps the server's setting.
        DATABASES["default"]["OPTIONS"]["options"] += " -c synchronous_commit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.Person"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "sesame.backends.ModelBackend",
    # Organisational sign-in (OpenID Connect, Microsoft Entra ID) through django-allauth.
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# django-allauth: only organisational sign-in (OpenID Connect) and second factors are used from it;
# email-and-password and email-link sign-in stay in accounts/. Nobody signs up through it: a
# first organisational sign-in links to an existing person by an email address the identity
# provider vouches for (identity/adapters.py), and the second factor is asked by
# identity/gate.py for every way in, not by allauth's login stage.
ACCOUNT_ADAPTER = "commonground.identity.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "commonground.identity.adapters.SocialAccountAdapter"
MFA_ADAPTER = "commonground.identity.adapters.SecondFactorAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False  # no identity provider's tokens are kept
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_OPENID_CONNECT_URL_PREFIX = "oidc"
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Common Ground"
# Passkeys are a second factor only, never a way in on their own.
MFA_PASSKEY_LOGIN_ENABLED = False
# Left off everywhere: allauth's switch accepts a passkey's answer from any origin at all (it stops
# checking where the browser was), which would undo passkeys' guard against look-alike sites.
# http://localhost is accepted without it (browsers treat it as secure), which is all the demo
# and the browser tests need; a deployment is https.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
# One step either side, so a phone's clock a few seconds out still works.
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODE_COUNT = 10

# One-time emailed sign-in links (django-sesame).
SESAME_MAX_AGE = 60 * 15
SESAME_ONE_TIME = True
SESAME_TOKEN_NAME = "token"

# Failed sign-ins allowed per email address and per client address in a window.
LOGIN_THROTTLE_ATTEMPTS = env_int("LOGIN_THROTTLE_ATTEMPTS", 5)
LOGIN_THROTTLE_WINDOW_SECONDS = env_int("LOGIN_THROTTLE_WINDOW_SECONDS", 15 * 60)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "commonground_cache",
    }
}
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "commonground" / "static"]
# On a laptop whitenoise serves static files straight from the source folders (no collectstatic).
WHITENOISE_USE_FINDERS = ON_A_LAPTOP
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if ON_A_LAPTOP
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Mail is queued as a background task ("default"), which hands it to "delivery": one line per
# message on the console while developing and in the demo, SMTP in production.
MAILERS = {
    "default": {"BACKEND": "commonground.accounts.mail.TaskEmailBackend"},
    "delivery": (
        {"BACKEND": "commonground.accounts.mail.ConsoleLineBackend"}
        if (DEBUG or DEMO_MODE) and not env_str("EMAIL_HOST", "")
        else {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
            },
        }
    ),
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Common Ground <no-reply@commonground.example>")

TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

# Every erasure appends the erased people's ids here once it commits, so erasures made after a backup
# can be made again on a restored copy (manage.py reapply_erasures; docs/operations.md). Keep it on
# storage apart from the database and copy it with the backups. Empty: no log (the test suite).
ERASURE_LOG = env_str("ERASURE_LOG", "" if TESTING else str(VAR_DIR / "erasures.log"))

# A task worker (manage.py run_worker) renews a lease every third of this; a task whose worker's lease
# has run out is queued again (core/task_leases.py).
TASK_LEASE_SECONDS = env_int("TASK_LEASE_SECONDS", 30)
# A change to what published figures count queues their refresh this many seconds later, so a
# register marked tap by tap is counted by one refresh, not one per tap (core/figure_store.py).
FIGURES_REFRESH_DELAY_SECONDS = env_int("FIGURES_REFRESH_DELAY_SECONDS", 10)

# Recurring work, queued by `manage.py run_periodic` (make run starts it; production runs it
# as a service or `run_periodic --once` from cron every few minutes). Each task is idempotent.
PERIODIC_TASKS = [
    "commonground.recruitment.tasks.process_offers",
    "commonground.development.tasks.send_development_notices",
    "commonground.schedule.tasks.send_session_notices",
    "commonground.privacy.tasks.apply_retention",
    "commonground.core.tasks.refresh_due_figures",
    "commonground.alumni.tasks.sync_all_alumni",
    "commonground.api.webhooks.retry_due_webhooks",
    "commonground.accounts.mail.retry_undelivered_mail",
]

# Content Security Policy: no inline scripts or styles anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
# Leads, facilitators and site administrators are signed out after this long without a request.
STAFF_IDLE_MINUTES = int(os.environ.get("STAFF_IDLE_MINUTES", "30"))
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not ON_A_LAPTOP:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Every handler hides the keys that links carry (sign-in, reset, recruitment, check-in, calendar).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"hide_link_secrets": {"()": "commonground.core.logging.HideLinkSecrets"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["hide_link_secrets"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["hide_link_secrets"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own default handlers for these would print without the filter.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # WeasyPrint reports each step of every PDF at INFO; its warnings (a refused address) stay.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
