"""Secrets out of log lines: the tokens that sign in or open something when
their URL is visited (one-time sign-in links ``?sesame=``, password-reset
links, invitation links, calendar feed links) are replaced with ``[redacted]``
in every log line, access logs included (docs/operations.md, "Log lines").
The database keeps only their hashes; a log must not keep them whole.
"""

from __future__ import annotations

import logging
import re
from typing import Any

REDACTED = "[redacted]"

_PATTERNS = (
    # ?sesame=<token> (django-sesame's one-time sign-in links) and any other
    # query parameter that carries a token.
    re.compile(r"(?P<keep>[?&](?:sesame|token|key)=)[^&\s\"']+", re.IGNORECASE),
    # /password-reset/<uidb64>/<token>/ (Django's reset confirmation link).
    re.compile(r"(?P<keep>/password-reset/)(?!sent/|done/)[^/\s\"'?]+/[^/\s\"'?]+"),
    # /invitations/<token>/ and /calendar/<token>.ics
    re.compile(r"(?P<keep>/invitations/)[^/\s\"'?]+"),
    re.compile(r"(?P<keep>/calendar/)[^/\s\"'?]+(?=\.ics)"),
)


def redact(text: str) -> str:
    """``text`` with every sign-in, reset, invitation and calendar token
    replaced by ``[redacted]`` (the path around it is kept)."""
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group("keep") + REDACTED, text)
    return text


class RedactSecrets(logging.Filter):
    """A logging filter (settings ``LOGGING``) that redacts the message of
    every record it sees, arguments included, and the text of an attached
    exception's message. Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def daphne_access_log_through_logging() -> None:
    """Daphne's command line writes its access log straight to stdout, past
    every logging filter. Send those lines through the ``daphne.access``
    logger instead (same NCSA format), so :class:`RedactSecrets` applies.
    Called once from ``couples/asgi.py``; does nothing without Daphne."""
    try:
        from daphne import access
    except ImportError:  # pragma: no cover - uvicorn logs through logging already
        return
    access_logger = logging.getLogger("daphne.access")

    def write_entry(
        self: Any, host: str, date: Any, request: str, status: Any = None, length: Any = None,
        ident: Any = None, user: Any = None,
    ) -> None:
        access_logger.info(
            '%s %s %s [%s] "%s" %s %s', host, ident or "-", user or "-",
            date.strftime("%d/%b/%Y:%H:%M:%S"), request, status or "-", length or "-",
        )

    access.AccessLogGenerator.write_entry = write_entry
