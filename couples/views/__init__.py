"""Floor 5, the HTTP doors: one module per area, forms beside their view.
A view parses the request, checks access, calls a service or selector and
renders ``templates/<area>/``. The floors: docs/architecture.md.
"""

from __future__ import annotations

from django.http import HttpRequest

from couples.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind ``@login_required``: its user is signed
    in, never ``AnonymousUser``. For type checking only (django-stubs'
    documented pattern); Django still passes a plain ``HttpRequest``."""

    user: User
