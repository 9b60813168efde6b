"""Settings of the advisory portal, read from the environment (see the README's table).

The embedded default is SQLite, a local-memory cache and e-mail written to files, so that a
fresh clone runs with no services. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY and
ALLOWED_HOSTS. With DEBUG off there is no fallback secret key and no wildcard host.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from portal.secrets import secret_key_weakness

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env (written by `make run`/`make test` on first use, never committed) fills in what
# the real environment leaves unset; variables already in the environment win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (or run `make run`, which "
            "writes a random one into .env)."
        )
    SECRET_KEY = "insecure-development-only-key"  # noqa: S105 - only ever used with DEBUG on
elif weakness := secret_key_weakness(SECRET_KEY):
    # The same rule as Django's security.W009 check, but enforced: a guessable key lets anyone
    # forge sessions and password-reset links, so the portal refuses to start with one.
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak: {weakness}. Generate one with "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if "*" in ALLOWED_HOSTS and not DEBUG:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the portal's hosts, not '*'.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The admin with its default site replaced by PortalAdminSite (optional TOTP per user).
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Its sitemap templates (advisories.sitemaps); the sites framework is not used: addresses
    # come from SITE_URL.
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks_db",
    "simple_history",
    "advisories",
    # manage.py generate_corpus: a synthetic corpus for the benchmarks (bench/), no models.
    "corpus",
]

# Order matters: the header middleware sit above WhiteNoise, which answers static files itself
# and skips everything below it; so static files get the same security headers as pages.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip below WhiteNoise (static files come compressed ahead) and above the page cache (a
    # page is cached once, uncompressed, and compressed per request, hit or miss).
    "portal.middleware.CompressTextMiddleware",
    # Before the page cache: the key holds the language.
    "portal.middleware.LanguageFromPathMiddleware",
    # Before anything reads the body (the NUL-byte check and CSRF read request.POST).
    "portal.body_limits.RequestBodyLimitMiddleware",
    "portal.middleware.RejectNulBytesMiddleware",
    "advisories.api.http.ApiHttpMiddleware",  # /api/ only: limits, CORS, ETag
    # Right after the static files: a cached public page is served before any session work.
    "advisories.caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the signed-in user on every history row written during the request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",
    # A request the gunicorn watchdog interrupted (REQUEST_TIMEOUT) answers 503, not 500.
    "portal.deadline.RequestTimedOutMiddleware",
    # Last, as django-axes requires: it turns a lockout into the 429 page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out username+address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "django.template.context_processors.csp",
                "advisories.context_processors.portal",
            ],
        },
    },
]


def _database(config: dict) -> dict:
    """The options every connection gets, the primary's and the replicas' alike."""
    config["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    config["CONN_HEALTH_CHECKS"] = True
    config["ATOMIC_REQUESTS"] = False
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # gunicorn and the task worker write to the same file: wait for a lock instead of
        # failing, take the write lock at the start of a transaction, and let readers go on
        # while one writes.
        config.setdefault("OPTIONS", {}).update(
            {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            }
        )
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: the portal's queries are short, but the planner prices a
        # correlated recursive CTE (a list that shows a chain once, models/chains.py) in the
        # millions, past jit_above_cost, and compiling then costs 0.4-0.8 s for a query that
        # runs in 30 ms.
        config.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    return config


DATABASES = {
    "default": _database(env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")),
}
# Read replicas (portal.dbrouter): "replica1", "replica2"… in the order given. Public pages read
# from them; writes, staff, personal-link pages, the task worker and commands use the primary.
# In tests a replica is the primary's test database under another connection (TEST MIRROR).
DATABASE_REPLICAS = []
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    _replica = _database(env.db_url_config(_url))
    if _replica["ENGINE"] == "django.db.backends.postgresql":
        # A replica host that does not answer costs a request this long, then it is skipped
        # for REPLICA_RETRY_SECONDS (libpq's smallest useful connect_timeout is 2 s).
        _replica["OPTIONS"].setdefault(
            "connect_timeout", env.int("REPLICA_CONNECT_TIMEOUT", default=2)
        )
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica{_number}")
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["portal.dbrouter.ReplicaRouter"]
    # Right below WhiteNoise, before anything reads the database: which one this request reads.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
        "portal.dbrouter.ReplicaRoutingMiddleware",
    )
# After a write (a POST), the client reads from the primary for this many seconds: it sees its
# own change even if a replica lags behind. A replica that did not answer is skipped this long.
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=10)
REPLICA_RETRY_SECONDS = env.int("REPLICA_RETRY_SECONDS", default=10)

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            # Short timeouts: a Redis that does not answer costs a request half a second at
            # most, then the breaker (portal.cache) skips it for CACHE_RETRY_SECONDS.
            "OPTIONS": {
                "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=0.5),
                "socket_timeout": env.float("REDIS_TIMEOUT", default=0.5),
            },
        }
    }
else:
    # Per process: with several workers, set REDIS_URL so a publish reaches all their caches.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Preview images of shared links (advisories.sharing.store): derived files, drawn once per
# version and shared by every worker of the host; safe to delete, not backed up.
SHARE_IMAGE_DIR = env.path("SHARE_IMAGE_DIR", default=BASE_DIR / "var" / "share-images")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Django 6.1 mailers. Default: every mail written as a file into MAIL_DIR (var/mail/).
# EMAIL_URL (smtp://user:password@host:587/?tls=True) switches to SMTP.
MAIL_DIR = env.path("MAIL_DIR", default=BASE_DIR / "var" / "mail")
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    _smtp = env.email_url("EMAIL_URL")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _smtp["EMAIL_HOST"],
                "port": _smtp["EMAIL_PORT"],
                "username": _smtp["EMAIL_HOST_USER"],
                "password": _smtp["EMAIL_HOST_PASSWORD"],
                "use_tls": _smtp.get("EMAIL_USE_TLS", False),
                "use_ssl": _smtp.get("EMAIL_USE_SSL", False),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(MAIL_DIR)},
        }
    }
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="canhbao@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# /.well-known/security.txt (RFC 9116): where to report a vulnerability, and until when the file
# holds (a year after each deployment unless set). SECURITY_CONTACT may be mailto: or https:.
SECURITY_CONTACT = env.str("SECURITY_CONTACT", default=f"mailto:{DEFAULT_FROM_EMAIL}")
SECURITY_TXT_EXPIRES_DAYS = env.int("SECURITY_TXT_EXPIRES_DAYS", default=365)

# The public address of the portal, used for links in e-mails sent outside a request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Security headers (see portal/middleware.py and the README's "Security" section) ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Strict CSP: nothing is allowed by default; each kind of resource only from the portal itself.
# No 'unsafe-inline'/'unsafe-eval': the templates have no inline script or style attribute.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
# WhiteNoise sends `Access-Control-Allow-Origin: *` by default; the portal's files are its own.
WHITENOISE_ALLOW_ALL_ORIGINS = False
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), interest-cohort=()"
)
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

# Behind HTTPS in production these are switched on from the environment.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
# Behind a reverse proxy (nginx): the scheme comes from its X-Forwarded-Proto, and the client's
# address is the one TRUSTED_PROXY_COUNT hops from the right of X-Forwarded-For
# (portal.clientip; the README's "Production layout" has the nginx lines that set both).
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if BEHIND_PROXY else 0)

# --- Cookies: HttpOnly and SameSite always; Secure and the __Host- prefix over HTTPS ---
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
if SECURE_COOKIES:
    # __Host- cookies are only accepted by browsers when Secure, Path=/ and without Domain:
    # no other subdomain of the province can plant or read them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)  # one working day

# Staff sign in on the admin's login page; after it (and after a refused `next=`) they land on
# the admin's index, never on an address taken from the request.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# After logout (and after a refused `next=`), the login page. Without it Django sends a refused
# `next=` back to the logout URL itself, which only takes POST: the browser got a 405.
LOGOUT_REDIRECT_URL = "admin:login"

# --- Staff login: django-axes locks a username+address out after repeated failures ---
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "portal.errors.login_username"
AXES_LOCKOUT_CALLABLE = "portal.errors.login_locked_out"  # a Vietnamese 429 page
AXES_VERBOSE = False
# The same address as the audit trail: the client's, behind the proxy too (portal.clientip).
AXES_CLIENT_IP_CALLABLE = "portal.clientip.client_address"

AXES_ALLOWED_CORS_ORIGINS = SITE_URL

# --- Scam reports from citizens (/phan-anh/) ---
REPORT_RETENTION_DAYS = env.int("REPORT_RETENTION_DAYS", default=180)
REPORTS_PER_HOUR = env.int("REPORTS_PER_HOUR", default=5)  # per client, with the challenge
REPORTS_PER_HOUR_WITHOUT_CHALLENGE = env.int("REPORTS_PER_HOUR_WITHOUT_CHALLENGE", default=2)
REPORT_CHALLENGE_SECONDS = 20 * 60
REPORT_CHALLENGE_MAXNUMBER = env.int("REPORT_CHALLENGE_MAXNUMBER", default=50_000)
REPORT_SCREENSHOTS_MAX = 3
REPORT_SCREENSHOT_MAX_BYTES = env.int("REPORT_SCREENSHOT_MAX_BYTES", default=5 * 1024 * 1024)
REPORT_SCREENSHOT_MAX_PIXELS = 40_000_000
# the report form's body: its screenshots and its fields (portal.body_limits)
REPORT_REQUEST_MAX_BYTES = REPORT_SCREENSHOTS_MAX * REPORT_SCREENSHOT_MAX_BYTES + 256 * 1024

# --- Open-data API (/api/v1/) ---
API_REQUESTS_PER_MINUTE = env.int("API_REQUESTS_PER_MINUTE", default=120)  # per client
API_CACHE_SECONDS = env.int("API_CACHE_SECONDS", default=60)
OPEN_DATA_DIR = env.path("OPEN_DATA_DIR", default=BASE_DIR / "var" / "open-data")

# --- Uploads and request bodies ---
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB of form fields; files are limited above
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000  # a dispatch with many inlines stays under this
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o640
# DATA_UPLOAD_MAX_MEMORY_SIZE does not count file parts: every body is bounded by its
# Content-Length before anything reads it (portal.body_limits): REQUEST_MAX_BYTES on public
# pages and the login, STAFF_REQUEST_MAX_BYTES (one file and the form) for a signed-in
# session under /quan-tri/; and a file part is stored no further than the largest file a
# form accepts.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
UPLOAD_FILE_MAX_BYTES = max(ATTACHMENT_MAX_BYTES, IMPORT_MAX_BYTES)
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=256 * 1024)
STAFF_REQUEST_MAX_BYTES = env.int(
    "STAFF_REQUEST_MAX_BYTES", default=UPLOAD_FILE_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE
)
FILE_UPLOAD_HANDLERS = [
    "portal.body_limits.FileSizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Untrusted documents (import, parse_dispatch, attachments; advisories.documents) ---
# Refused before any parsing past these (pages read from the PDF's page tree, pixels from its
# image dictionaries); then parsed in a child process cut off at PARSE_TIMEOUT_SECONDS of CPU
# or wall-clock time and PARSE_MEMORY_MB of memory (advisories.parsing.sandbox).
PDF_MAX_PAGES = env.int("PDF_MAX_PAGES", default=100)
ATTACHMENT_MAX_PAGES = env.int("ATTACHMENT_MAX_PAGES", default=300)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=100_000_000)
PARSE_TIMEOUT_SECONDS = env.int("PARSE_TIMEOUT_SECONDS", default=20)
PARSE_MEMORY_MB = env.int("PARSE_MEMORY_MB", default=512)
# A scan (image-only PDF, JPEG/PNG) is read by OCR (Tesseract, advisories.parsing.ocr): at most
# OCR_MAX_PAGES pages, each given OCR_SECONDS_PER_PAGE more of CPU and wall-clock time.
OCR_MAX_PAGES = env.int("OCR_MAX_PAGES", default=50)
OCR_SECONDS_PER_PAGE = env.int("OCR_SECONDS_PER_PAGE", default=30)

# Handlers of errors that Django raises before a view runs (CSRF) record the refusal.
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"

# One line per event: CR/LF in a logged value are escaped, so nobody can forge a log line, and
# receipt tokens are taken out (portal.logs). Every handler has that filter: Django's own
# defaults are replaced, since with DEBUG on its "console" handler printed each django.* record
# a second time unfiltered, and runserver's "django.server" printed request lines with tokens.
# (Django's mail_admins handler goes with them: ADMINS is not set.)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"single_line": {"()": "portal.logs.EscapeLineBreaksFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["single_line"],
            "formatter": "plain",
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "filters": ["single_line"],
            "formatter": "django.server",
        },
    },
    "loggers": {
        # No handler of its own: its records go up to the root's console handler, once.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # pypdf logs a warning per damaged object it repairs (a crafted file: tens of
        # thousands). Files are read in the sandbox, which counts them and logs one line
        # (advisories.parsing.sandbox); here only pypdf's errors get through.
        "pypdf": {"level": "ERROR"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Background tasks (Django's tasks framework): stored in the database by django-tasks-db and run
# by `python manage.py db_worker` (which `make run` starts beside gunicorn).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# The worker counts as stopped when a task has waited this long with no task started meanwhile:
# the admin's home page then says so, and /readyz reports "worker": "stale" (not a failure).
WORKER_STALE_MINUTES = env.float("WORKER_STALE_MINUTES", default=5)
# A clerk's scan still queued this long, with no task started meanwhile: its progress page says
# the worker is not running (advisories.scans.waiting), instead of waiting without a word.
SCAN_QUEUE_WARNING_SECONDS = env.int("SCAN_QUEUE_WARNING_SECONDS", default=30)

# Receipt confirmation: a unit that has not confirmed this many hours after a dispatch reached it
# is overdue; its personal link works this many days; staff may resend at most once per
# RECEIPT_RESEND_MINUTES per dispatch; a failed notice is retried up to RECEIPT_NOTICE_ATTEMPTS
# times, RECEIPT_RETRY_SECONDS × attempt apart.
RECEIPT_DUE_HOURS = env.int("RECEIPT_DUE_HOURS", default=24)
RECEIPT_TOKEN_DAYS = env.int("RECEIPT_TOKEN_DAYS", default=30)
RECEIPT_RESEND_MINUTES = env.int("RECEIPT_RESEND_MINUTES", default=60)
RECEIPT_NOTICE_ATTEMPTS = env.int("RECEIPT_NOTICE_ATTEMPTS", default=5)
RECEIPT_RETRY_SECONDS = env.int("RECEIPT_RETRY_SECONDS", default=300)

# E-mail alerts for citizens (advisories/alerts/): a request nobody confirms within
# ALERT_CONFIRM_DAYS is deleted; at most ALERT_SUBSCRIBE_PER_ADDRESS requests per address and
# ALERT_SUBSCRIBE_PER_CLIENT per client address in ALERT_SUBSCRIBE_WINDOW seconds; the daily
# digest looks ALERT_DIGEST_LOOKBACK_HOURS back (a missed day is caught up, nothing is sent
# twice); a failed alert is retried ALERT_SEND_ATTEMPTS times; the records of what was sent are
# kept ALERT_HISTORY_DAYS (a withdrawal is alerted to whoever got the dispatch in that time).
# The List-Unsubscribe mailto: address (an operator handles those requests with
# `manage.py unsubscribe_alerts ADDRESS`).
ALERT_CONFIRM_DAYS = env.int("ALERT_CONFIRM_DAYS", default=7)
ALERT_SUBSCRIBE_PER_ADDRESS = env.int("ALERT_SUBSCRIBE_PER_ADDRESS", default=3)
ALERT_SUBSCRIBE_PER_CLIENT = env.int("ALERT_SUBSCRIBE_PER_CLIENT", default=10)
ALERT_SUBSCRIBE_WINDOW = env.int("ALERT_SUBSCRIBE_WINDOW", default=3600)
ALERT_DIGEST_LOOKBACK_HOURS = env.int("ALERT_DIGEST_LOOKBACK_HOURS", default=48)
ALERT_SEND_ATTEMPTS = env.int("ALERT_SEND_ATTEMPTS", default=3)
ALERT_RETRY_SECONDS = env.int("ALERT_RETRY_SECONDS", default=300)
ALERT_HISTORY_DAYS = env.int("ALERT_HISTORY_DAYS", default=365)
ALERT_UNSUBSCRIBE_MAILTO = env.str("ALERT_UNSUBSCRIBE_MAILTO", default=DEFAULT_FROM_EMAIL)

# History of every change (django-simple-history). No "revert" from the admin: a published
# text changes only through a recorded correction, a draft through its own form.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Public pages: how many advisories a list page shows.
ADVISORIES_PER_PAGE = 20
# Atom feeds (advisories.feeds): the newest this many dispatches; a reader polls often.
FEED_ENTRIES = 50
# Addresses per sitemap page (the protocol allows 50,000): a page renders in bounded time and its
# cached copy stays small; /sitemap.xml lists every page.
SITEMAP_URLS_PER_PAGE = 5_000
# "Bị lừa đảo?" lists every hotline up to this many; beyond, the reader picks a province first
# (a national portal holds hundreds: too long a list for a phone, in a hurry).
HOTLINES_LISTED_WHOLE = 12
# The organisations page lists them all up to this many; beyond, an index of provinces first.
ORGANISATIONS_LISTED_WHOLE = 200
# A scam pattern is shown as "đang xảy ra" (happening now) while its latest warning (a published,
# not withdrawn dispatch on it) is at most this many days old.
SCAM_PATTERN_CURRENT_DAYS = env.int("SCAM_PATTERN_CURRENT_DAYS", default=365)

# Whole public pages kept in the cache (seconds; 0 turns the page cache off), and what browsers
# and proxies are told (Cache-Control: public, max-age, stale-while-revalidate).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=600)
# Pages each process keeps a copy of (served after checking the versions of its cache tags).
PUBLIC_PAGE_LOCAL_ENTRIES = env.int("PUBLIC_PAGE_LOCAL_ENTRIES", default=300)
PUBLIC_PAGE_MAX_AGE = env.int("PUBLIC_PAGE_MAX_AGE", default=60)
PUBLIC_PAGE_STALE_WHILE_REVALIDATE = env.int("PUBLIC_PAGE_STALE_WHILE_REVALIDATE", default=300)
# After Redis failed to answer, the cache is skipped (pages served from the database) for this
# many seconds, then tried again (portal.cache).
CACHE_RETRY_SECONDS = env.int("CACHE_RETRY_SECONDS", default=10)

# Search: a broad query is ranked and counted within its newest SEARCH_CANDIDATES matches
# (the page says so): what keeps a search of a word in 30 % of 100,000 dispatches fast.
SEARCH_CANDIDATES = env.int("SEARCH_CANDIDATES", default=500)
