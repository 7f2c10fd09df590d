"""No secret token in any log line: a real server's output (access log and
application log) after opening sign-in, reset, invitation and calendar links
shows the paths with the tokens redacted."""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.request

import pytest

from couples.lib.logredact import redact
from tests.servers import Server

SECRET = "s3cr3tT0kenZZ"

LINKS = [
    f"/login/link/?sesame={SECRET}",
    f"/invitations/{SECRET}/",
    f"/calendar/{SECRET}.ics",
    f"/password-reset/MQ/{SECRET}-abc123/",
]


@pytest.mark.django_db(transaction=True)
def test_a_real_servers_log_never_prints_a_token():
    server = Server().start()
    try:
        for path in LINKS:
            # Refused links are fine: what matters is the log.
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(server.url + path, timeout=10).close()
        # One more request, so every line above has surely been written.
        urllib.request.urlopen(server.url + "/healthz", timeout=10).close()
    finally:
        server.stop()
    output = server.log.read_text()
    assert "/healthz" in output and "/invitations/[redacted]/" in output  # the access log ran
    assert SECRET not in output, [line for line in output.splitlines() if SECRET in line]


@pytest.mark.parametrize(("line", "expected"), [
    ('"GET /login/link/?sesame=abc.def-ghi HTTP/1.1" 302', '"GET /login/link/?sesame=[redacted] HTTP/1.1" 302'),
    ("GET /invitations/tok_123/ 200", "GET /invitations/[redacted]/ 200"),
    ("GET /calendar/tok.en.ics 200", "GET /calendar/[redacted].ics 200"),
    ("GET /password-reset/MQ/set-password/ 302", "GET /password-reset/[redacted]/ 302"),
    ("GET /password-reset/sent/ 200", "GET /password-reset/sent/ 200"),
    ("GET /rituals/ 200", "GET /rituals/ 200"),
])
def test_redact_keeps_the_path_and_drops_the_token(line, expected):
    assert redact(line) == expected


def test_every_handler_that_prints_djangos_lines_redacts_tokens():
    """``make run`` serves with DEBUG, where Django's own default handler for
    the "django" loggers would print request lines (a used sign-in link's
    410, say) without redaction; every handler on that path must redact."""
    import logging

    import couples.asgi  # noqa: F401 - the project's logging configuration

    logger: logging.Logger | None = logging.getLogger("django.channels.server")
    handlers = []
    while logger is not None:
        handlers.extend(logger.handlers)
        logger = logger.parent if logger.propagate else None
    handlers = [h for h in handlers if not type(h).__module__.startswith("_pytest")]
    assert handlers
    for handler in handlers:
        names = {type(f).__name__ for f in handler.filters}
        assert "RedactSecrets" in names, handler
