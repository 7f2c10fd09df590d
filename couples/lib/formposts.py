"""Line breaks in posted forms, counted as the person sees them.

A browser submits a ``<textarea>``'s line breaks as two characters, CR LF (the
HTML standard's form submission rules), while the page's own counter and the
``data-max-chars`` limit (``static/js/fields.js``) count one, as Python's
``len()`` does on the text the person typed. Without this, a note near its limit
with a few line breaks passes the page and is refused by the server.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict

FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def one_line_break(value: str) -> str:
    """*value* with every CR LF and lone CR made one LF ("\\n"); other text as it was."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value


class LineBreakMiddleware:
    """Django middleware: a form post's values reach views, forms and services with
    one ``"\\n"`` per line break (see the module's note). Only form posts are
    touched (JSON bodies and uploaded files are left alone); a post with no
    carriage return is passed through unchanged."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.content_type in FORM_TYPES:
            posted = request.POST
            if any("\r" in v for values in posted.lists() for v in values[1]):
                fixed = QueryDict(mutable=True, encoding=posted.encoding)
                for key, values in posted.lists():
                    fixed.setlist(key, [one_line_break(v) for v in values])
                fixed._mutable = False
                request.POST = fixed  # type: ignore[assignment]
        return self.get_response(request)
