"""Convive settings.

Everything that changes between deployments is read from the environment
(12-factor).  Defaults are the safe ones: DEBUG is off unless asked for, and
production refuses to start with the development secret key.
"""

import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ

# site/convive/settings.py -> repository root
BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()


def configuration_error(message: str):
    """A deployment mistake, not a bug: one Spanish line, no traceback, and exit status 2
    (configuration error) so no tool mistakes it for another failure."""
    sys.stderr.write(f"Error de configuración: {message}\n")
    raise SystemExit(2)


# --- Core -----------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=False)

# Only ever valid with DEBUG on; production must bring its own key.
DEVELOPMENT_SECRET_KEY = "django-insecure-convive-development-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    configuration_error("con DEBUG=0 debe definir SECRET_KEY en el entorno (la clave de "
                        "desarrollo no se acepta en producción).")

# The one address the public reaches the portal at. Every absolute URL (sitemap, content
# API, DCAT catalogue, e-mails, Wagtail's admin links, the Site) derives from it, never from
# a request's Host or X-Forwarded-Proto (convive.baseurl), so no client can make an answer
# that is kept and served to others point elsewhere.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000" if DEBUG else "")
PUBLIC_BASE_URL = PUBLIC_BASE_URL.rstrip("/")
_base = urlsplit(PUBLIC_BASE_URL)
if not DEBUG and not PUBLIC_BASE_URL:
    configuration_error("con DEBUG=0 debe definir PUBLIC_BASE_URL, la dirección pública del "
                        "portal (por ejemplo https://convive.ciudad.gov.co).")
if _base.scheme not in ("http", "https") or not _base.hostname or _base.path or _base.query \
        or _base.username or _base.fragment:
    configuration_error(f"PUBLIC_BASE_URL «{PUBLIC_BASE_URL}» no es válida: use solo esquema y "
                        "dominio, por ejemplo https://convive.ciudad.gov.co.")

# Pinned in production; in development a request's own host is kept so that both
# http://localhost:8000 and http://127.0.0.1:8000 work (CSRF compares the Origin with it).
PIN_PUBLIC_BASE_URL = env.bool("PIN_PUBLIC_BASE_URL", default=not DEBUG)

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [_base.hostname]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Project level: deploy commands (setup_roles, load_demo) that compose the apps below.
    "convive.apps.ConviveConfig",
    "content",
    "records",
    "redaction",
    "citizens",
    "api",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Third party
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "guardian",
    "import_export",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Outermost: every answer, even a redirect or an error page, carries the request id.
    "convive.requestid.RequestIdMiddleware",
    # With a caching proxy in front: whatever the layers below answer without a
    # Cache-Control of their own (an HTTPS redirect too) is private (convive.frontend_cache).
    "convive.frontend_cache.PrivateUnlessMarkedMiddleware",
    # Redirects plain HTTP first, from the real X-Forwarded-Proto...
    "django.middleware.security.SecurityMiddleware",
    # ...then every request is answered as PUBLIC_BASE_URL (host and scheme).
    "convive.baseurl.PublicBaseURLMiddleware",
    # Outside everything else, so kept API answers and framed previews get theirs too.
    "convive.csp.ContentSecurityPolicyMiddleware",
    # Before anything reads the address: a NUL in it is a clear 400, not a database error.
    "convive.nul_bytes.RefuseNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses API answers; before ConditionalGet so the ETag is the compressed one's.
    "api.middleware.PublicGZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Kept open-data answers skip everything below (see its docstring).
    "api.middleware.PublicAnswerCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "records.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Anonymous portal pages kept whole (convive.page_cache): inside the session, CSRF
    # and message middleware, so a hit still gets its own CSRF token and cookie.
    "convive.page_cache.PageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a locked-out login into the Spanish 429 answer (convive.lockout).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "convive.urls"
WSGI_APPLICATION = "convive.wsgi.application"

TEMPLATES = [
    {
        # The public portal's pages (content.templating says why Jinja2); first, so that a
        # page's template is looked for there before Django's engine.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "content.templating.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Data stores ------------------------------------------------------------

VAR_DIR.mkdir(exist_ok=True)
if not DEBUG and not env.str("DATABASE_URL", default=""):
    # Otherwise each server would quietly keep its own SQLite file: petitions filed on one
    # host would not exist on the next.
    configuration_error("con DEBUG=0 debe definir DATABASE_URL (por ejemplo "
                        "postgres://convive@db.interna:5432/convive); no se usa un archivo "
                        "SQLite local en producción.")
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'convive.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
# Keep connections between requests: opening one cost more than a whole API page
# (SQLite registers its functions and runs the PRAGMAs below on every connect).
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a management command writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
else:
    # One SELECT 1 per request (0.3 ms on PostgreSQL, a fifth of an API page) so a
    # connection the server dropped (restart, failover) is replaced instead of
    # failing one request per worker. Off only where that trade is wanted.
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", env.bool("CONN_HEALTH_CHECKS", default=True))
    # A database that accepts and never answers: /healthz says 503 in seconds instead of
    # holding a gunicorn worker until its timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHE_URL wins; REDIS_URL is accepted as the common shorthand.
_cache_url = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            # Degrades to no cache while Redis is down (convive.cache).
            "BACKEND": "convive.cache.ResilientRedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "convive",
            "TIMEOUT": 300,
        }
    }
elif _cache_url:
    CACHES = {"default": env.cache_url_config(_cache_url)}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "convive",
        }
    }

# Rate limits (tracking lookups, filings, the API) and the kept API answers live in the
# cache. A cache private to each process lets N workers grant N times the limit, so a
# production server refuses to start without one they share (Redis, Memcached, files
# or the database). Only the test suite, a single process, turns this off.
REQUIRE_SHARED_CACHE = env.bool("REQUIRE_SHARED_CACHE", default=not DEBUG)
PROCESS_LOCAL_CACHES = ("django.core.cache.backends.locmem.LocMemCache",
                        "django.core.cache.backends.dummy.DummyCache")
if REQUIRE_SHARED_CACHE and CACHES["default"]["BACKEND"] in PROCESS_LOCAL_CACHES:
    configuration_error("con DEBUG=0 defina REDIS_URL o CACHE_URL con una caché compartida por "
                        "todos los procesos (por ejemplo redis://127.0.0.1:6379/0); con una "
                        "caché local por proceso los límites de intentos no protegen.")

# --- Authentication -----------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account or address before any password is checked.
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/admin/login/"

# Login throttling (django-axes) on /admin/login/, /cms/login/ and /api/auth/token/: after
# LOGIN_FAILURE_LIMIT failures an account, and separately an address, waits
# LOGIN_LOCKOUT_MINUTES, the right password included. Attempts are kept in the database,
# so every web process counts the same ones.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "convive.clients.client_address"
AXES_LOCKOUT_CALLABLE = "convive.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # logins and failures are in Convive's own audit trail
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2", "new_password1",
                             "new_password2", "old_password", "csrfmiddlewaretoken"]

# API tokens live this many hours; logout and a new password revoke them sooner.
API_TOKEN_HOURS = env.int("API_TOKEN_HOURS", default=8)
# Guardian: no anonymous user row; public data never goes through object perms.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False

# --- Internationalisation -----------------------------------------------------

LANGUAGE_CODE = "es-co"
LANGUAGES = [("es-co", "Español (Colombia)")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("es", "Español")]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media -------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Originals of internal records and citizens' attachments: never under a public
# URL, only through permission-checked views (convive.storage.private_storage).
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
# FILE_STORAGE=s3 keeps files in two buckets of an S3 API (AWS, MinIO, Ceph…), so every
# web server and worker sees the same files: public media (images, documents, published
# public versions) in S3_PUBLIC_BUCKET, readable by anyone at S3_PUBLIC_URL; originals,
# petition attachments, prepared versions and spreadsheets being imported in
# S3_PRIVATE_BUCKET, which must never be public and is read only through the
# permission-checked, logged views. Local folders stay the default (make run).
FILE_STORAGE = env.str("FILE_STORAGE", default="local")
if FILE_STORAGE == "local":
    _public_files = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _private_files = {"BACKEND": "convive.storage.PrivateFileSystemStorage",
                      "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)}}
elif FILE_STORAGE == "s3":
    from convive.s3config import s3_storages

    _buckets = {name: env.str(name, default="") for name in ("S3_PUBLIC_BUCKET",
                                                              "S3_PRIVATE_BUCKET")}
    if not all(_buckets.values()) or len(set(_buckets.values())) != 2:
        configuration_error("con FILE_STORAGE=s3 defina S3_PUBLIC_BUCKET y S3_PRIVATE_BUCKET, "
                            "dos buckets distintos (el privado nunca debe ser público).")
    _public_url = urlsplit(env.str("S3_PUBLIC_URL", default=""))
    if _public_url.scheme not in ("http", "https") or not _public_url.netloc:
        configuration_error("con FILE_STORAGE=s3 defina S3_PUBLIC_URL, la dirección desde la que "
                            "el público lee el bucket público (por ejemplo "
                            "https://archivos.convive.gov.co).")
    _public_files, _private_files, MEDIA_URL = s3_storages(
        public_bucket=_buckets["S3_PUBLIC_BUCKET"], private_bucket=_buckets["S3_PRIVATE_BUCKET"],
        public_url=_public_url.geturl(), endpoint_url=env.str("S3_ENDPOINT_URL", default=""),
        region=env.str("S3_REGION", default="us-east-1"),
        access_key=env.str("S3_ACCESS_KEY_ID", default=""),
        secret_key=env.str("S3_SECRET_ACCESS_KEY", default=""),
        addressing_style=env.str("S3_ADDRESSING_STYLE", default=""),
        connect_timeout=env.float("S3_CONNECT_TIMEOUT", default=3),
        read_timeout=env.float("S3_READ_TIMEOUT", default=20),
        max_attempts=env.int("S3_MAX_ATTEMPTS", default=2),
    )
else:
    configuration_error(f"FILE_STORAGE «{FILE_STORAGE}» no existe: use local o s3.")

STORAGES = {
    "default": _public_files,
    "private": _private_files,
    # Spreadsheets between an import's preview and its confirmation: private, and shared
    # by every web server (the confirmation may reach another one).
    "import_export": _private_files,
    "staticfiles": {
        # Hashed, compressed files in production (whitenoise serves them with
        # far-future cache headers); plain files while developing and testing.
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        ),
    },
}

# --- E-mail -------------------------------------------------------------------

EMAIL_CONFIG = env.email_url(
    "EMAIL_URL",
    default="consolemail://" if DEBUG else "smtp://localhost:25",
)
vars().update(EMAIL_CONFIG)
# What EMAIL_URL names really delivers; the site itself only queues (convive.mail).
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND  # noqa: F821 - set just above from EMAIL_URL
EMAIL_BACKEND = "convive.mail.QueuedEmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-responder@convive.gov.co")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The open-data catalogue's contact point (DCAT-AP): where data users write about a dataset.
OPEN_DATA_CONTACT_EMAIL = env.str("OPEN_DATA_CONTACT_EMAIL", default="datosabiertos@convive.gov.co")
# Seconds an SMTP server may take to answer. Notices go out from the task worker, never
# inside a request, and one that fails is retried (citizens.services.notices).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Waits between attempts of a notice that failed: doubled each time from the first, up
# to the last; a notice is retried until it goes out.
NOTICE_RETRY_FIRST_SECONDS = env.int("NOTICE_RETRY_FIRST_SECONDS", default=60)
NOTICE_RETRY_MAX_SECONDS = env.int("NOTICE_RETRY_MAX_SECONDS", default=1800)

# --- Background tasks (django-tasks) -------------------------------------------------

# Production keeps tasks in the database (django-tasks-db): `manage.py db_worker` runs
# them, several workers share the queue, and a task that raises is marked failed with
# its reason while the queue goes on. Development runs each task right after the
# request's transaction commits (immediate).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env.str("TASKS_BACKEND", default="immediate" if DEBUG else "database")
if _task_backend not in TASK_BACKENDS:
    configuration_error(f"TASKS_BACKEND «{_task_backend}» no existe: use database o immediate.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_task_backend]}}
# /healthz answers 503 when the oldest task waiting to run is older than this.
HEALTH_MAX_TASK_AGE_SECONDS = env.int("HEALTH_MAX_TASK_AGE_SECONDS", default=900)

# A public version's page work in the worker runs in child processes killed after this
# long (at least REDACTION_MIN_SECONDS, plus so much per page of their range): a file that
# makes MuPDF loop fails its own job with a reason instead of holding the worker.
from redaction import parallel as _redaction_parallel  # noqa: E402 (no Django imports)

REDACTION_SECONDS_PER_PAGE = env.float("REDACTION_SECONDS_PER_PAGE",
                                       default=_redaction_parallel.DEFAULT_SECONDS_PER_PAGE)
REDACTION_MIN_SECONDS = env.float("REDACTION_MIN_SECONDS",
                                  default=_redaction_parallel.DEFAULT_MIN_SECONDS)

# --- Citizen services (PQRSD) ------------------------------------------------------

# Submissions per client address and hour, form and API together (spam resistance
# without third-party services).
PQRSD_RATE_PER_HOUR = env.int("PQRSD_RATE_PER_HOUR", default=10)
PQRSD_MAX_ATTACHMENTS = env.int("PQRSD_MAX_ATTACHMENTS", default=5)
PQRSD_MAX_ATTACHMENT_MB = env.int("PQRSD_MAX_ATTACHMENT_MB", default=10)

# --- Security -----------------------------------------------------------------
# Secure by default; only DEBUG relaxes what would break plain-HTTP localhost.

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies in front of Django that append to X-Forwarded-For (rate limits per address).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The redirect to HTTPS goes to the public host, not to whatever Host the request named.
SECURE_SSL_HOST = _base.netloc if PIN_PUBLIC_BASE_URL and _base.scheme == "https" else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# A Spanish page that says what happened and how to send the form again.
CSRF_FAILURE_VIEW = "convive.error_pages.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views opt in to same-origin frames
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Wagtail --------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Convive"
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {
    # Text is normalised to Spanish stems by content.search before it reaches
    # the backend, so PostgreSQL must not stem it again in English.
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"},
}
WAGTAILAPI_BASE_URL = PUBLIC_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
# Map tiles for territory maps, e.g. the entity's own server "https://tiles.example/{z}/{x}/{y}.png".
# Empty by default: maps draw territories without tiles and load nothing from third parties.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# No Gravatar: it would send a hash of each editor's e-mail to a third party on every
# page of /cms/ (and the CSP refuses it). Wagtail shows its own default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_USER_LOGIN_FORM = "convive.login_forms.CmsLoginForm"
# Nor the upgrade notice, which fetches releases.wagtail.org from each editor's browser.
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- REST framework ---------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so an unauthenticated call answers 401 with «WWW-Authenticate: Token».
        "api.authentication.ExpiringTokenAuthentication",
        "api.authentication.SpanishSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "api.renderers.CSVRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # DRF's JSON parser answers in English and lets a deeply nested body raise a 500.
    "DEFAULT_PARSER_CLASSES": ["api.parsers.SpanishJSONParser",
                               "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.http.FormatNegotiation",
    "DEFAULT_THROTTLE_CLASSES": ["api.http.PublicAnonThrottle"],
    "NUM_PROXIES": NUM_PROXIES,
}
# Anonymous API clients; authenticated users are not throttled by this rate.
API_ANON_RATE = env.str("API_ANON_RATE", default="300/min")
# Rendered public API answers are cached this long (0 disables); any data change
# makes them stale at once (see api.http.PublicEndpointMixin).
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=300)
# What is deployed (a tag or commit): kept pages of an earlier release are never served.
RELEASE = env.str("RELEASE", default=env.str("SENTRY_RELEASE", default=""))
# Portal pages for anonymous visitors, kept while public data has not changed (0: off).
# Off in development: an edited template would not show until public data changed.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 300)
# Each process also keeps copies of the pages it serves, while the moment they were kept
# under is pushed to it (api.moment_push): at most this many bytes of them.
PAGE_CACHE_PROCESS_BYTES = env.int("PAGE_CACHE_PROCESS_BYTES", default=32 * 1024 * 1024)
PAGE_CACHE_EXCLUDED_PATHS = ("/admin/", "/cms/", "/api/", "/documents/", "/healthz",
                             "/media/", "/static/")
# Cookies of the display preferences (text size, contrast): a page is kept once per choice.
DISPLAY_PREFERENCE_COOKIES = ("convive_texto", "convive_contraste")
# A caching proxy in front (convive.frontend_cache): the addresses where it takes an HTTP
# BAN, e.g. http://127.0.0.1:6082 for deploy/varnish.vcl's purge socket. Only then do
# anonymous pages tell proxies they may keep them (s-maxage, never past midnight): every
# change of public data empties them, so without a ban address nothing is kept.
FRONTEND_CACHE_PURGE_URLS = env.list("FRONTEND_CACHE_PURGE_URLS", default=[])
PROXY_CACHE_SECONDS = env.int("PROXY_CACHE_SECONDS",
                              default=3600 if FRONTEND_CACHE_PURGE_URLS else 0)
FRONTEND_CACHE_TIMEOUT_SECONDS = env.float("FRONTEND_CACHE_TIMEOUT_SECONDS", default=2)
if PROXY_CACHE_SECONDS and not FRONTEND_CACHE_PURGE_URLS:
    configuration_error("PROXY_CACHE_SECONDS necesita FRONTEND_CACHE_PURGE_URLS: sin una "
                        "dirección donde vaciar el proxy, las páginas publicadas o "
                        "despublicadas seguirían mostrándose como estaban.")
for _purge_url in FRONTEND_CACHE_PURGE_URLS:
    _parts = urlsplit(_purge_url)
    if _parts.scheme not in ("http", "https") or not _parts.hostname:
        configuration_error(f"FRONTEND_CACHE_PURGE_URLS: «{_purge_url}» no es una dirección "
                            "http(s), por ejemplo http://127.0.0.1:6082.")
SPECTACULAR_SETTINGS = {
    "TITLE": "API de Convive",
    "DESCRIPTION": (
        "Datos abiertos de transparencia y registros internos de la Secretaría de "
        "Seguridad, Convivencia y Justicia."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["api.schema.exclude_foreign_endpoints"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_error_responses",
        "api.schema.spanish_tags",
    ],
}

# --- Spreadsheets (django-import-export) -------------------------------------------

from import_export.formats.base_formats import CSV, JSON, XLSX  # noqa: E402

from convive import spreadsheet_formats  # noqa: E402

IMPORT_EXPORT_FORMATS = [CSV, XLSX, JSON]
EXPORT_FORMATS = IMPORT_EXPORT_FORMATS
# Same order as the export formats; CSV and JSON read in every encoding Excel writes.
IMPORT_FORMATS = [spreadsheet_formats.CSV, XLSX, spreadsheet_formats.JSON]
IMPORT_EXPORT_USE_TRANSACTIONS = True  # a file with any bad row writes nothing
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True  # no spreadsheet formula injection
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"

# --- Demo content ---------------------------------------------------------------

DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="convive-demo")

# --- Logging, metrics and error reports ------------------------------------------------

# JSON lines on standard error (journald, docker, any collector) with time, level,
# logger, message and the request id; LOG_FORMAT=text for a terminal.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "convive.requestid.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "convive.jsonlog.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Immediate background tasks (search index, references) log every run.
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # Each successful login would log that it cleared no failed attempts.
        "axes": {"level": "WARNING"},
        # Our own one line per request replaces the dev server's and gunicorn's.
        "django.server": {"level": "WARNING"},
        "convive.request": {"level": env.str("REQUEST_LOG_LEVEL", default="INFO")},
    },
}
if LOG_FORMAT not in LOGGING["formatters"]:
    configuration_error(f"LOG_FORMAT «{LOG_FORMAT}» no existe: use json o text.")

# Error reports (Sentry or compatible) only when a DSN is given; never personal data
# (convive.errors.scrub_event).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from convive.errors import init_sentry

    init_sentry(SENTRY_DSN, env.str("SENTRY_ENVIRONMENT", default="produccion"),
                env.str("SENTRY_RELEASE", default=""))
