"""Rate limits: WebSocket frames per connection and invitation links per
couple, with the ``limits`` library (moving windows), not home-made counters;
and the hooks of the sign-in lock-out, which django-axes keeps (its backend,
the client address behind proxies, the lock-out page).

Sizes are settings (``couples/settings``, README "Configuration") written in
the library's notation, e.g. ``"20/4 seconds"``. docs/operations.md says what
a person and an operator see when a limit is reached.
"""

from __future__ import annotations

import enum
import logging
import time
from dataclasses import dataclass
from functools import cache

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from limits import RateLimitItem, parse
from limits.aio.storage import Storage as AsyncStorage
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

logger = logging.getLogger("attune.ratelimits")


COMMAND_FRAMES = "command"
"""Commands, and frames that did not parse (most are broken commands)."""


OTHER_FRAMES = "other"
"""``heartbeat``, ``sync`` and ``analyze``: their own allowance, so coaching
while typing never eats into the commands a person sends."""


_frames = MovingWindowRateLimiter(MemoryStorage())
"""One in-memory store for every connection of this process, keyed by channel
name. A connection's counters live and die with it; the store drops entries
past their window by itself."""


class Verdict(enum.Enum):
    """What to do with one frame: ``ALLOWED`` (handle it), ``REFUSED`` (answer
    ``rate_limited``, change nothing), ``CLOSE`` (close the socket with 4429)."""

    ALLOWED = "allowed"
    REFUSED = "refused"
    CLOSE = "close"


@dataclass(frozen=True, slots=True)
class FrameCheck:
    """A :class:`Verdict` and, when not allowed, ``retry_after`` (seconds
    until the window frees a place, rounded up)."""

    verdict: Verdict
    retry_after: int = 0


@cache
def _item(notation: str) -> RateLimitItem:
    return parse(notation)


class ConnectionRateLimit:
    """The frame allowance of one WebSocket connection.

    Two moving windows (``settings.WS_RATE_LIMIT_COMMANDS``, default 20
    frames per 4 seconds: a burst of 20, about 5 a second sustained; and
    ``settings.WS_RATE_LIMIT_OTHER`` for heartbeat/sync/analyze, default 30
    per 10 seconds). A frame past its window is *refused*: the sender gets the
    error ``rate_limited`` and nothing changes. Refusals have a window of their
    own (``settings.WS_RATE_LIMIT_REFUSALS``, default 5 per 10 seconds): a
    client that keeps sending after that many is a flood, and the socket is
    closed with 4429 (``protocol.CLOSE_RATE_LIMITED``).

    ``key`` identifies the connection (its channel name).
    """

    def __init__(self, key: str) -> None:
        self.key = key

    def check(self, kind: str) -> FrameCheck:
        """Count one frame of ``kind`` (:data:`COMMAND_FRAMES` or
        :data:`OTHER_FRAMES`) and say what to do with it."""
        if kind == COMMAND_FRAMES:
            item = _item(settings.WS_RATE_LIMIT_COMMANDS)
        else:
            item = _item(settings.WS_RATE_LIMIT_OTHER)
        if _frames.hit(item, self.key, kind):
            return FrameCheck(Verdict.ALLOWED)
        retry_after = _seconds_until_free(_frames, item, self.key, kind)
        if _frames.hit(_item(settings.WS_RATE_LIMIT_REFUSALS), self.key, "refusals"):
            return FrameCheck(Verdict.REFUSED, retry_after)
        return FrameCheck(Verdict.CLOSE, retry_after)

    def forget(self) -> None:
        """Drop this connection's counters (when it closes)."""
        for notation, kind in (
            (settings.WS_RATE_LIMIT_COMMANDS, COMMAND_FRAMES),
            (settings.WS_RATE_LIMIT_OTHER, OTHER_FRAMES),
            (settings.WS_RATE_LIMIT_REFUSALS, "refusals"),
        ):
            _frames.clear(_item(notation), self.key, kind)


def _seconds_until_free(
    limiter: MovingWindowRateLimiter, item: RateLimitItem, *identifiers: str
) -> int:
    reset_at = limiter.get_window_stats(item, *identifiers).reset_time
    return max(1, int(reset_at - time.time() + 0.999))


class SignInLockoutBackend(AxesStandaloneBackend):
    """django-axes' lock-out check, first in ``AUTHENTICATION_BACKENDS``: a
    sign-in from a locked username+address pair is refused before any
    password is checked.

    ``authenticate()`` calls without a request (the test client, scripts) are
    not sign-ins from an address, so there is nothing to lock: they go on to
    the next backend instead of raising as django-axes does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request) -> str | None:
    """The address a sign-in came from, for django-axes
    (``AXES_CLIENT_IP_CALLABLE``).

    With ``settings.TRUSTED_PROXY_COUNT`` = N > 0 reverse proxies in front,
    the N-th address from the right of ``X-Forwarded-For`` (the one our own
    outermost proxy saw; what the client wrote to the left of it is not
    trusted); else, or when the header is shorter, ``REMOTE_ADDR``.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


SIGN_IN_LINK_CREDENTIAL = "sesame"
"""The credential a one-time sign-in link (django-sesame) authenticates with."""


def sign_in_link_attempt(request, credentials: dict | None = None) -> bool:
    """True for a sign-in with a one-time link (django-sesame's
    ``authenticate(request, sesame=...)``), which django-axes then leaves
    alone (``AXES_WHITELIST_CALLABLE``): never refused by a lock-out, and a
    used, expired or altered link is never counted as a failure.

    Why: such an attempt names no account (there is no username in it), so
    django-axes would count it against the address alone and, after five
    reloads of a used link, refuse every link from that address, other
    people's included. Nothing is lost by not counting: a link is an HMAC
    signature (``SECRET_KEY``) that cannot be guessed, and a valid one shows
    the person holds the mailbox the link was sent to. Password sign-ins are
    counted as before (username + address, ``AXES_LOCKOUT_PARAMETERS``).

    ``credentials``: the dict django-axes built from the ``authenticate()``
    keywords (None when it has none). Returns a bool.
    """
    return credentials is not None and SIGN_IN_LINK_CREDENTIAL in credentials


def sign_in_locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """The page shown instead of signing in while a username+address pair is
    locked (``AXES_LOCKOUT_CALLABLE``): status 429, how long the pause lasts
    (``settings.AXES_COOLOFF_TIME``, minutes) and the way to reset the
    password. Says nothing about whether the account exists."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )


@cache
def _shared_limiter(url: str) -> MovingWindowRateLimiter:
    # storage_from_string() may build either kind; our URLs name sync storages.
    storage: Storage | AsyncStorage
    if url.startswith("memory://"):
        storage = MemoryStorage()
    else:
        # Short time-outs: a rate limit must never hold a page for long.
        storage = storage_from_string(
            url,
            key_prefix=f"{settings.CHANNEL_PREFIX}-limits",
            socket_connect_timeout=1,
            socket_timeout=1,
        )
    return MovingWindowRateLimiter(storage)


def invitation_allowed(*, couple_key: str) -> int | None:
    """Count one new invitation link for the couple ``couple_key`` (its
    public id) against ``settings.INVITATION_RATE_LIMIT`` (default
    ``"10/hour"``).

    Returns None when allowed, else the seconds to wait before the next one.
    The counters live in ``settings.RATELIMIT_STORAGE_URL`` (Redis when
    ``REDIS_URL`` is set, so every worker counts together; else this
    process's memory). If that store does not answer, the link is allowed and
    a warning is logged: a rate limit is a guard, not a reason to fail.
    """
    limiter = _shared_limiter(settings.RATELIMIT_STORAGE_URL)
    item = _item(settings.INVITATION_RATE_LIMIT)
    try:
        if limiter.hit(item, "invitation", couple_key):
            return None
        return _seconds_until_free(limiter, item, "invitation", couple_key)
    except Exception as exc:  # the store is down: allow, say so in the log
        logger.warning("invitation rate limit not checked: %s", type(exc).__name__)
        return None
