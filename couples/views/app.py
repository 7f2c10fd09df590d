"""Installing Attune on a phone: the web app manifest, the service worker and
the offline page (docs/architecture.md, "Privacy and safety"; README,
"Using Attune" → "On a phone").

The worker is served from the site root (``/sw.js``) so that its scope is
the whole site. It caches static assets only, plus the offline page, which
names no one and shows nothing private; no other HTML is ever cached. Quick
exit and sign-out clear its caches (static/js/safety.js, and the worker
itself on seeing either navigation).

Written by hand rather than with django-pwa: that app registers the worker
with an inline script, which our Content-Security-Policy (script-src 'self')
forbids, and its worker caches pages, which we must never do.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

THEME_COLOUR = "#2f6f62"
"""``--accent`` of static/css/attune.css: the phone's status bar."""
BACKGROUND_COLOUR = "#f6f4ef"
"""``--bg`` of static/css/attune.css: the splash screen."""
CACHE_NAME = "attune-shell-v1"
"""Name of the worker's one cache; change it to drop every old copy."""


def shell_assets() -> list[str]:
    """URLs (str, site-relative) the worker stores when it installs: the
    offline page and the static files it needs. Nothing private."""
    return [
        reverse("offline"),
        static("css/attune.css"),
        static("favicon.svg"),
        static("icons/icon-192.png"),
    ]


@require_GET
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    """``/manifest.webmanifest``: the W3C Web App Manifest (name, start URL,
    standalone display, theme colours, icons 192 and 512 px PNG and SVG),
    served as ``application/manifest+json``."""
    data = {
        "name": "Attune",
        "short_name": "Attune",
        "description": "Practise talking and listening, together.",
        "id": "/",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png",
             "purpose": "any maskable"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "any maskable"},
            {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@never_cache
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """``/sw.js``: static/js/service_worker.js with its settings (cache name,
    shell assets, the offline, quick-exit and sign-out URLs) put in front,
    never cached by the browser's HTTP cache so an update is seen at once."""
    settings = {
        "cache": CACHE_NAME,
        "shell": shell_assets(),
        "offline": reverse("offline"),
        "static": static(""),
        "clearOn": [reverse("away"), reverse("logout")],
    }
    response = render(
        request,
        "app/service_worker.js",
        {"settings": json.dumps(settings)},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """``/offline/``: what still works without a connection. The same for
    everyone (no name, no couple), as the worker keeps a copy of it."""
    return render(request, "app/offline.html")
