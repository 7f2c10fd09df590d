"""Production profile: ``DJANGO_SETTINGS_MODULE=couples.settings.production``.

DEBUG off, secure cookies, HSTS, HTTPS redirect; passes
``python manage.py check --deploy``. SECRET_KEY, ALLOWED_HOSTS and
REFLECTION_KEYS must come from the environment (no default), and
DATABASE_URL should name PostgreSQL.
"""

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from couples.settings import *  # noqa: F403
from couples.settings import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# Reflections and safety check-ins are encrypted with these keys: no default,
# no development key, and every key must be a valid Fernet key, or the
# process does not start.
REFLECTION_KEYS = env.list("REFLECTION_KEYS", default=[])
if not REFLECTION_KEYS or DEVELOPMENT_REFLECTION_KEY in REFLECTION_KEYS:  # noqa: F405
    raise ImproperlyConfigured(
        "Set REFLECTION_KEYS to one or more Fernet keys of your own (comma-separated); "
        'make one with: python -c "from cryptography.fernet import Fernet; '
        'print(Fernet.generate_key().decode())"'
    )
for _key in REFLECTION_KEYS:
    try:
        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured(
            "REFLECTION_KEYS holds a value that is not a Fernet key."
        ) from None

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
