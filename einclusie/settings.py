"""Settings of e-inclusie. Every value comes from an environment variable (see docs/configuration.md)."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from einclusie.core.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
DATA_DIR = Path(env_str("EINCLUSIE_DATA_DIR", str(PROJECT_DIR / "var")))

ENVIRONMENT = env_choice("EINCLUSIE_ENVIRONMENT", "development", {"development", "production"})
PRODUCTION = ENVIRONMENT == "production"
DEBUG = env_bool("EINCLUSIE_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("EINCLUSIE_DEBUG must be false when EINCLUSIE_ENVIRONMENT is production.")

_secret_key_file = env_str("EINCLUSIE_SECRET_KEY_FILE", "")
if _secret_key_file:
    try:
        SECRET_KEY = Path(_secret_key_file).read_text().strip()
    except OSError as error:
        raise ImproperlyConfigured(f"EINCLUSIE_SECRET_KEY_FILE cannot be read: {error}") from None
elif PRODUCTION:
    SECRET_KEY = env_str("EINCLUSIE_SECRET_KEY")
else:
    SECRET_KEY = env_str("EINCLUSIE_SECRET_KEY", "development-only-key-" + "x" * 40)

ALLOWED_HOSTS = env_list("EINCLUSIE_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("EINCLUSIE_ALLOWED_HOSTS is required when EINCLUSIE_ENVIRONMENT is production.")

# Shows the "fictitious data" banner on every page.
DEMO = env_bool("EINCLUSIE_DEMO", not PRODUCTION)
SITE_URL = env_str("EINCLUSIE_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "einclusie.core",
    "einclusie.accounts",
    "einclusie.territory",
    "einclusie.organisations",
    "einclusie.helppoints",
    "einclusie.contacts",
    "einclusie.courses",
    "einclusie.subsidies",
    "einclusie.devices",
    "einclusie.operation",
    "einclusie.monitoring",
    "einclusie.a11y",
    "einclusie.www",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "auditlog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Field-level change records name the request's user (core/audit_changes.py).
    "auditlog.middleware.AuditlogMiddleware",
    "einclusie.accounts.middleware.SecondFactorMiddleware",
    "einclusie.organisations.middleware.CurrentOrganisationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the login page's answer and replaces it by the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "einclusie.urls"
WSGI_APPLICATION = "einclusie.wsgi.application"

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
                "einclusie.core.context_processors.platform",
            ],
            "builtins": ["einclusie.core.templatetags.ui"],
        },
    }
]
FORM_RENDERER = "einclusie.core.forms.AccessibleFormRenderer"

DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'einclusie.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
# An optional read replica: the dashboards and the open data read from it (einclusie/monitoring/replica.py);
# writes, and the requests of a person who just changed something, stay on the primary.
_replica_url = env_str("DATABASE_REPLICA_URL", " ").strip()
if _replica_url:
    DATABASES["replica"] = dj_database_url.parse(_replica_url, conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["einclusie.monitoring.replica.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.common.CommonMiddleware") + 1,
        "einclusie.monitoring.replica.PinPrimaryAfterWriteMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out username and address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "einclusie.accounts.oidc.ProviderBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "organisations:home"
LOGOUT_REDIRECT_URL = "www:home"
SESSION_COOKIE_AGE = env_int("EINCLUSIE_SESSION_SECONDS", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
INVITATION_DAYS = env_int("EINCLUSIE_INVITATION_DAYS", 14)

# Lockout after repeated failed logins (django-axes): failures are counted per e-mail address and client
# address together; a success resets the count. See docs/security.md.
BEHIND_PROXY = env_bool("EINCLUSIE_BEHIND_PROXY", False)
AXES_FAILURE_LIMIT = env_int("EINCLUSIE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("EINCLUSIE_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "einclusie.accounts.lockout.attempted_username"
AXES_CLIENT_IP_CALLABLE = "einclusie.accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "einclusie.accounts.lockout.locked_out"

# Logging in through OpenID Connect (mozilla-django-oidc), off unless an issuer is set. The endpoints come from
# the issuer's discovery document; see accounts/oidc.py and docs/security.md.
OIDC_ISSUER = env_str("EINCLUSIE_OIDC_ISSUER", " ").strip()
OIDC_ENABLED = bool(OIDC_ISSUER)
OIDC_RP_CLIENT_ID = OIDC_RP_CLIENT_SECRET = ""
if OIDC_ENABLED:
    if PRODUCTION and not OIDC_ISSUER.startswith("https://"):
        raise ImproperlyConfigured("EINCLUSIE_OIDC_ISSUER must be an https:// address in production.")
    OIDC_RP_CLIENT_ID = env_str("EINCLUSIE_OIDC_CLIENT_ID")
    _oidc_secret_file = env_str("EINCLUSIE_OIDC_CLIENT_SECRET_FILE", " ").strip()
    if _oidc_secret_file:
        try:
            OIDC_RP_CLIENT_SECRET = Path(_oidc_secret_file).read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(f"EINCLUSIE_OIDC_CLIENT_SECRET_FILE cannot be read: {error}") from None
    else:
        OIDC_RP_CLIENT_SECRET = env_str("EINCLUSIE_OIDC_CLIENT_SECRET")
OIDC_RP_SCOPES = env_str("EINCLUSIE_OIDC_SCOPES", "openid email profile")
OIDC_PROVIDER_NAME = env_str("EINCLUSIE_OIDC_NAME", "OpenID Connect")
OIDC_SECOND_FACTOR_VALUES = env_list("EINCLUSIE_OIDC_SECOND_FACTOR", [])
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_TIMEOUT = 10

# Field-level change records (django-auditlog), chained into the activity log: see core/audit_changes.py. No client
# addresses in the records (data minimisation).
AUDITLOG_DISABLE_REMOTE_ADDR = True
# Loading a backup or fixture (raw saves) restores the records it holds; it does not make new ones.
AUDITLOG_DISABLE_ON_RAW_SAVE = True

# Two-step verification (django-otp, TOTP with recovery codes). Required for the roles in
# core/roles.SECOND_FACTOR_ROLES when true; anyone may turn it on for their own account. See docs/security.md.
MFA_REQUIRED = env_bool("EINCLUSIE_MFA_REQUIRED", PRODUCTION)
OTP_TOTP_ISSUER = "e-inclusie"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("fr", _("Frans")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("EINCLUSIE_STATIC_ROOT", str(DATA_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "uploads"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = env_choice(
    "EINCLUSIE_EMAIL_BACKEND",
    "smtp" if PRODUCTION else "console",
    {"console", "smtp", "locmem"},
)
EMAIL_BACKEND = f"django.core.mail.backends.{EMAIL_BACKEND}.EmailBackend"
EMAIL_HOST = env_str("EINCLUSIE_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EINCLUSIE_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EINCLUSIE_EMAIL_USER", " ").strip()
EMAIL_HOST_PASSWORD = env_str("EINCLUSIE_EMAIL_PASSWORD", " ").strip()
EMAIL_USE_TLS = env_bool("EINCLUSIE_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("EINCLUSIE_FROM_EMAIL", "e-inclusie <noreply@e-inclusie.invalid>")

# Security headers. Production runs behind HTTPS; the local demo runs on plain http://127.0.0.1.
HTTPS = env_bool("EINCLUSIE_HTTPS", PRODUCTION)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "einclusie.www.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("EINCLUSIE_LOG_LEVEL", "WARNING", {"DEBUG", "INFO", "WARNING", "ERROR"}),
    },
}

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
    }
}

# Each server process keeps its own small cache of public pages; a version counter in the database tells
# every process when the help-point directory changed (see helppoints/services.directory_changed).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "einclusie",
        "OPTIONS": {"MAX_ENTRIES": env_int("EINCLUSIE_CACHE_ENTRIES", 2000)},
    }
}
# A cache shared by every server process (and every machine): Redis, or a table in the database.
_cache_url = env_str("CACHE_URL", " ").strip()
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
elif _cache_url == "db":
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "einclusie_cache"}
elif _cache_url:
    raise ImproperlyConfigured("CACHE_URL must start with redis:// or rediss://, or be db.")
# Cache the public finder's pages (turned off only to measure the uncached finder).
FINDER_CACHE = env_bool("EINCLUSIE_FINDER_CACHE", True)

# Months after the last session of a course before the first name, phone and e-mail of its sign-ups are
# erased by `einclusie courses purge` (counts, attendance and completion stay).
COURSE_RETENTION_MONTHS = env_int("EINCLUSIE_COURSE_RETENTION_MONTHS", 6)

# Optional geocoder for addresses (the Flemish Geopunt location service); empty means positions come from
# the municipality (see territory/geocoding.py).
GEOCODER_URL = env_str("EINCLUSIE_GEOCODER_URL", " ").strip()
