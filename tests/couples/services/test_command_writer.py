"""Group commit (couples/services/command_writer.py), against real
PostgreSQL: several commands in one transaction keep every guarantee of the
one-command path: exactly once per client_id, contiguous versions, a refusal
writes nothing for its own command only, the sign-in checked in the locking
statement, and a database error falls back to one command at a time."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client

from couples.lib.errors import SignInEnded, StaleVersion
from couples.models import PracticeSession, SessionEvent
from couples.services import command_writer
from couples.services.commands import session_command_apply
from couples.services.sessions import practice_session_start
from exercises.engine import RuleError
from tests.factories import CoupleFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

NOW = 1_700_000_000.0


@pytest.fixture(autouse=True)
def batched(settings):
    """The batched writer is chosen (``COMMAND_WRITER``; not the default)."""
    settings.COMMAND_WRITER = "batched"


class Direct:
    """The one-command path, counted: which commands the writer handed back."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def __call__(self, **command):
        self.calls.append(command["command"])
        return await sync_to_async(session_command_apply, thread_sensitive=False)(
            **command, check_signin=True
        )


@database_sync_to_async
def a_couple_in_session():
    couple = CoupleFactory()
    partners = [m.user for m in couple.memberships.select_related("user").order_by("user_id")]
    practice = practice_session_start(couple=couple, started_by=partners[0])
    keys = []
    for partner in partners:
        client = Client()
        client.force_login(partner)
        keys.append(client.session.session_key)
    return practice, partners, keys


def command(practice, user, key, name, version, client_id=None, **payload):
    return {
        "session_key": key, "session_id": practice.pk, "user_id": user.pk, "command": name,
        "payload": payload, "client_id": client_id or uuid.uuid4(), "base_version": version,
        "now": NOW,
    }


def start(practice, partners, keys):
    return command(practice, partners[0], keys[0], "exercise_start", 0,
                   exercise="active_listening", topic="Weekends", mode="typed",
                   first_speaker=str(partners[0].pk))


async def batch(direct, *commands):
    """Submit ``commands`` together (one batch: all are queued before the
    writer's task first runs); their outcomes or refusals, in order."""
    return await asyncio.gather(
        *(command_writer.command_write(direct=direct, **c) for c in commands),
        return_exceptions=True,
    )


def writer():
    return command_writer._writers[asyncio.get_running_loop()]


@database_sync_to_async
def stored(practice):
    row = PracticeSession.objects.get(pk=practice.pk)
    seqs = list(SessionEvent.objects.filter(session=practice).values_list("seq", flat=True))
    return row.version, row.state, seqs


async def test_commands_of_several_sessions_are_written_in_one_transaction():
    one, partners_one, keys_one = await a_couple_in_session()
    two, partners_two, keys_two = await a_couple_in_session()
    direct = Direct()
    outcomes = await batch(
        direct,
        start(one, partners_one, keys_one),
        start(two, partners_two, keys_two),
        command(one, partners_one[0], keys_one[0], "statement_make", 1, text="I felt alone"),
        command(one, partners_one[1], keys_one[1], "repair_send", 0, text="I'm sorry"),
    )
    assert [(o.version, o.duplicate) for o in outcomes] == [
        (1, False), (1, False), (2, False), (3, False)]
    assert direct.calls == [] and writer().batches == 1
    version, state, seqs = await stored(one)
    assert (version, state["version"], seqs[-3:]) == (3, 3, [1, 2, 3])
    assert (await stored(two))[0] == 1
    # Each command's deliveries carry the session as that command left it.
    assert outcomes[2].deliveries[0].group.endswith(f".p.{partners_one[0].pk}")
    assert '"I felt alone"' in outcomes[2].deliveries[0].message["frame"]


async def test_a_refusal_in_the_middle_of_a_batch_changes_nothing_for_that_command_only():
    practice, partners, keys = await a_couple_in_session()
    direct = Direct()
    outcomes = await batch(
        direct,
        start(practice, partners, keys),
        command(practice, partners[0], keys[0], "statement_make", 0, text="Acted on 0"),
        command(practice, partners[1], keys[1], "statement_make", 1, text="Not my turn"),
        command(practice, partners[0], keys[0], "statement_make", 1, text="On 1"),
    )
    assert outcomes[0].version == 1
    assert isinstance(outcomes[1], StaleVersion) and outcomes[1].current == 1
    assert isinstance(outcomes[2], RuleError)
    assert outcomes[3].version == 2
    version, _, seqs = await stored(practice)
    assert version == 2 and seqs[-2:] == [1, 2]
    assert direct.calls == []


async def test_the_same_client_id_twice_in_one_batch_applies_once():
    practice, partners, keys = await a_couple_in_session()
    client_id = uuid.uuid4()
    first = start(practice, partners, keys)
    first["client_id"] = client_id
    outcomes = await batch(Direct(), first, dict(first))
    assert [(o.version, o.duplicate) for o in outcomes] == [(1, False), (1, True)]
    assert outcomes[1].deliveries == ()
    version, _, seqs = await stored(practice)
    assert version == 1 and seqs.count(1) == 1
    # And once more in a later batch.
    again = await batch(Direct(), dict(first))
    assert (again[0].version, again[0].duplicate) == (1, True)


async def test_an_ended_sign_in_applies_nothing():
    practice, partners, keys = await a_couple_in_session()
    await database_sync_to_async(Session.objects.filter(session_key=keys[1]).delete)()
    outcomes = await batch(
        Direct(),
        start(practice, partners, keys),
        command(practice, partners[1], keys[1], "repair_send", 0, text="Signed out"),
        command(practice, partners[1], None, "repair_send", 0, text="No cookie"),
    )
    assert outcomes[0].version == 1
    assert isinstance(outcomes[1], SignInEnded) and isinstance(outcomes[2], SignInEnded)
    assert (await stored(practice))[0] == 1


async def test_a_password_change_ends_the_sign_in_for_the_next_batch():
    practice, partners, keys = await a_couple_in_session()

    @database_sync_to_async
    def password_change():
        partners[0].set_password("a new long passphrase")
        partners[0].save()

    await password_change()
    outcomes = await batch(Direct(), start(practice, partners, keys))
    assert isinstance(outcomes[0], SignInEnded)
    assert (await stored(practice))[0] == 0


async def test_a_database_error_mid_batch_rolls_back_and_each_command_goes_alone(monkeypatch):
    practice, partners, keys = await a_couple_in_session()
    other, others, other_keys = await a_couple_in_session()
    # The events are inserted, then the state update fails: the insert must
    # not survive.
    monkeypatch.setattr(command_writer, "_SQL_UPDATE",
                        "UPDATE no_such_table SET a = %s, b = %s, c = %s, d = %s, e = %s")
    direct = Direct()
    outcomes = await batch(
        direct,
        start(practice, partners, keys),
        start(other, others, other_keys),
        command(practice, partners[1], keys[1], "repair_send", 0, text="Sorry"),
    )
    assert [o.version for o in outcomes] == [1, 1, 2]
    assert direct.calls == ["exercise_start", "exercise_start", "repair_send"]
    version, state, seqs = await stored(practice)
    assert (version, state["version"], seqs[-2:]) == (2, 2, [1, 2])
    assert (await stored(other))[0] == 1
    assert writer().batches == 0
    monkeypatch.undo()
    # The connection is still good: the next batch is the writer's again.
    outcomes = await batch(
        direct, command(practice, partners[0], keys[0], "statement_make", 2, text="On")
    )
    assert outcomes[0].version == 3 and writer().batches == 1 and len(direct.calls) == 3


async def test_a_dropped_connection_is_replaced_and_nothing_is_lost():
    practice, partners, keys = await a_couple_in_session()
    direct = Direct()
    assert (await batch(direct, start(practice, partners, keys)))[0].version == 1
    backend = writer().conn.info.backend_pid

    @database_sync_to_async
    def terminate():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend])

    await terminate()
    outcomes = await batch(
        direct, command(practice, partners[0], keys[0], "statement_make", 1, text="After")
    )
    assert outcomes[0].version == 2 and direct.calls == ["statement_make"]
    outcomes = await batch(
        direct, command(practice, partners[1], keys[1], "repair_send", 0, text="Sorry")
    )
    assert outcomes[0].version == 3 and direct.calls == ["statement_make"]
    assert writer().conn.info.backend_pid != backend
    assert (await stored(practice))[2][-3:] == [1, 2, 3]


async def test_commands_that_need_the_projections_take_the_one_command_path_in_order():
    practice, partners, keys = await a_couple_in_session()
    direct = Direct()
    outcomes = await batch(
        direct,
        start(practice, partners, keys),
        command(practice, partners[0], keys[0], "session_end", 1),
        command(practice, partners[1], keys[1], "repair_send", 1, text="After the end"),
    )
    assert outcomes[0].version == 1 and outcomes[1].version == 2
    # Handed back after session_end, so it met the ended session, as it
    # would have one command at a time.
    assert isinstance(outcomes[2], RuleError)
    assert direct.calls == ["session_end", "repair_send"]
    row = await database_sync_to_async(PracticeSession.objects.get)(pk=practice.pk)
    assert (row.version, row.status) == (2, "ended")


def test_the_setting_chooses_the_one_command_path(settings):
    assert command_writer.batched_writer_enabled()  # "batched", by the fixture above
    settings.COMMAND_WRITER = "direct"
    assert not command_writer.batched_writer_enabled()
    settings.COMMAND_WRITER = "batched"
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    assert not command_writer.batched_writer_enabled()
