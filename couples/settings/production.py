"""Production profile: ``DJANGO_SETTINGS_MODULE=couples.settings.production``.

DEBUG off, secure cookies, HSTS, HTTPS redirect; passes
``python manage.py check --deploy``. SECRET_KEY and ALLOWED_HOSTS must come
from the environment (no default), and DATABASE_URL should name PostgreSQL.
"""

from couples.settings import *  # noqa: F403
from couples.settings import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
