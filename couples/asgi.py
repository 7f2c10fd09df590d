"""ASGI entry point: HTTP through Django, WebSockets through Channels.

The Django application is built *before* anything that imports models (our
WebSocket routing does), as cookiecutter-django does. WebSockets pass the
Origin check (ALLOWED_HOSTS; cross-site WebSocket hijacking is refused) and
are authenticated with the session cookie.
"""

import logging
import os

from django.conf import settings
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "couples.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from couples.lib.logredact import daphne_access_log_through_logging  # noqa: E402
from couples.routing import websocket_urlpatterns  # noqa: E402

daphne_access_log_through_logging()  # so its lines are redacted like every other

if settings.CHANNEL_LAYERS["default"]["BACKEND"].endswith("InMemoryChannelLayer"):
    logging.getLogger("attune").warning(
        "Channel layer: in-memory. It serves this one process only; set REDIS_URL "
        "to run several worker processes."
    )

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
