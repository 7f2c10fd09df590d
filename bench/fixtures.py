"""The bench database: demo-like couples with an open practice session each,
signed in, created directly with the ORM (no HTTP, no management command).

Runs in the generator process with ``DJANGO_SETTINGS_MODULE=couples.settings``
and ``DATABASE_URL`` naming a PostgreSQL database of its own
(``attune_bench`` by default), created and migrated on first use and emptied
at the start of every bench run. Row ids start at :data:`ID_OFFSET` so that
channel-layer group names (``ps.<session id>...``) cannot collide with those
of a test run sharing the same Redis: Redis pub/sub ignores the database
number.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlparse

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/attune_bench"
APPLICATION_NAME = "attune-bench"
"""PostgreSQL ``application_name`` of the bench servers' connections."""
ID_OFFSET = 10_000_000
WARM_EXCHANGES = 12
"""Exchanges played in memory before a run, so a session's state has the
size it keeps in steady state (active_listening.RECENT_EXCHANGES)."""

STATEMENTS = (
    "When the plans for Saturday changed at the last minute, I felt left out of the decision.",
    "I get anxious on Sunday evenings when the week ahead is not planned yet.",
    "I miss the walks we used to take after dinner; they were my favourite part of the day.",
    "When the phone comes out during our meals, I feel like I am talking to myself.",
    "I felt proud of us last week when we sorted out the holiday budget together.",
    "I worry about money when a big bill arrives and we have not talked about it first.",
    "I would love a quiet hour together on weekends without the laptops nearby.",
    "When I come home tired, a few minutes to land before we talk about chores helps me.",
)
PARAPHRASES = (
    "So what you are saying is that the sudden change made you feel left out.",
    "If I got it right, the unplanned week makes Sunday evenings hard for you.",
    "You are telling me you miss our evening walks and they mattered a lot to you.",
    "I hear that phones at the table leave you feeling unheard.",
    "You felt proud when we worked through the budget as a team.",
    "It sounds like surprises with bills worry you and you want to talk first.",
)


@dataclass(frozen=True, slots=True)
class CoupleFixture:
    """One signed-in couple: its practice session (``session_id`` pk and
    ``public_id``), the partners' participant ids (user pks as strings) and
    their session cookies, in the same order."""

    session_id: int
    public_id: str
    partners: tuple[str, str]
    cookies: tuple[str, str]


def django_setup(database_url: str) -> None:
    """Point Django at the bench database and set it up. The generator itself
    uses the in-memory channel layer (the notices ``practice_session_start``
    sends stay in this process); server processes get their own environment."""
    import django

    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "couples.settings"
    os.environ["REDIS_URL"] = ""
    os.environ["DEBUG"] = "false"
    os.environ["LOG_LEVEL"] = "WARNING"
    django.setup()


def database_ensure(database_url: str) -> None:
    """Create the bench database if it does not exist (PostgreSQL, trust auth).

    Raises ValueError for a URL that is not PostgreSQL or a database name
    other than letters, digits and underscores.
    """
    import psycopg

    parsed = urlparse(database_url)
    name = parsed.path.lstrip("/")
    if not parsed.scheme.startswith("postgres") or not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise ValueError(f"the bench needs a PostgreSQL database URL, not {database_url!r}")
    admin = parsed._replace(path="/postgres", query="").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def database_prepare() -> None:
    """Migrate the bench database and empty it (users, couples, sessions,
    events, presence, sign-in sessions), restarting ids at ID_OFFSET."""
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.db import connection

    from couples.models import Couple, PracticeSession, User

    call_command("migrate", interactive=False, verbosity=0)
    tables = [User._meta.db_table, Couple._meta.db_table, Session._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        for model in (User, Couple, PracticeSession):
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                [model._meta.db_table, ID_OFFSET],
            )


def couples_create(count: int, *, warm_exchanges: int = WARM_EXCHANGES) -> list[CoupleFixture]:
    """Create ``count`` couples, each with both partners, an open practice
    session (``couples.services.sessions.practice_session_start``) running active
    listening after ``warm_exchanges`` complete exchanges, and a signed-in
    browser session per partner (what ``Client.force_login`` stores, written
    in bulk). Returns the fixtures in creation order. Takes about 5 ms per
    couple."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from couples.models import Couple, Membership, PracticeSession, SessionEvent, User
    from couples.services.sessions import practice_session_start
    from exercises import engine

    unusable = make_password(None)
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(email=f"bench{i}@example.test", display_name=f"Partner {i}", password=unusable)
                for i in range(2 * count)
            ]
        )
        couples = Couple.objects.bulk_create(
            [Couple(name=f"Bench couple {i}") for i in range(count)]
        )
        Membership.objects.bulk_create(
            [
                Membership(couple=c, user=users[2 * i + side])
                for i, c in enumerate(couples)
                for side in (0, 1)
            ]
        )
    with transaction.atomic():  # one commit (one fsync) for all of them
        sessions = [
            practice_session_start(couple=c, started_by=users[2 * i])
            for i, c in enumerate(couples)
        ]
    now = time.time()
    events: list[SessionEvent] = []
    for session in sessions:
        session.state, log = _warm_state(session.state, warm_exchanges, now, engine)
        session.version = session.state["version"]
        for seq, actor, command, stored in log:
            events.append(
                SessionEvent(
                    session_id=session.pk,
                    seq=seq,
                    actor_id=int(actor),
                    actor_key=actor,
                    command=command,
                    client_id=uuid.uuid4(),
                    events=stored,
                )
            )
    with transaction.atomic():
        PracticeSession.objects.bulk_update(sessions, ["state", "version"], batch_size=500)
        SessionEvent.objects.bulk_create(events, batch_size=2000)
    store = SessionStore()
    expires = timezone.now() + timedelta(days=1)
    keys = [get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789") for _ in users]
    Session.objects.bulk_create(
        [
            Session(
                session_key=key,
                session_data=store.encode(
                    {
                        SESSION_KEY: str(user.pk),
                        BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                        HASH_SESSION_KEY: user.get_session_auth_hash(),
                    }
                ),
                expire_date=expires,
            )
            for user, key in zip(users, keys, strict=True)
        ],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return [
        CoupleFixture(
            session_id=session.pk,
            public_id=str(session.public_id),
            partners=(str(users[2 * i].pk), str(users[2 * i + 1].pk)),
            cookies=(keys[2 * i], keys[2 * i + 1]),
        )
        for i, session in enumerate(sessions)
    ]


def _warm_state(state, exchanges, now, engine):
    """Play exercise_start and ``exercises`` exchanges through the engine in
    memory; return the state and ``[(seq, actor, command, stored events)]``."""
    a, b = state["partners"]
    steps = [
        (
            "exercise_start",
            a,
            {
                "exercise": "active_listening",
                "topic": "Our weekends",
                "mode": "typed",
                "first_speaker": a,
            },
        )
    ]
    for i in range(exchanges):
        steps += [
            ("statement_make", a, {"text": STATEMENTS[i % len(STATEMENTS)]}),
            ("paraphrase_submit", b, {"text": PARAPHRASES[i % len(PARAPHRASES)]}),
            ("paraphrase_confirm", a, {}),
        ]
    log = []
    for name, actor, payload in steps:
        state, events = engine.apply(state, engine.Command(name, actor, payload, now))
        log.append((state["version"], actor, name, [e.to_dict() for e in events]))
    return state, log


def session_versions(session_ids: list[int]) -> dict[int, int]:
    """The stored version of each session: the truth lost/doubled updates
    are counted against."""
    from couples.models import PracticeSession

    return dict(PracticeSession.objects.filter(pk__in=session_ids).values_list("pk", "version"))
