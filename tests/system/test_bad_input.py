"""Bad input over the WebSocket, through the real ASGI app: every refused
frame gets its documented error code, to its sender only; the stored session
(version and state) stays exactly as it was, the other partner's socket
receives nothing, and the connection stays usable (a ``sync`` afterwards
gets a snapshot). Abuse closes the socket with its documented code: 4409
for a frame over ``WS_MAX_FRAME_CHARS`` (refused before parsing), 4429 for a
flood past the rate limit (couples/live/protocol.py, couples/lib/ratelimits.py)."""

from __future__ import annotations

import json
import uuid

import pytest
from channels.db import database_sync_to_async
from django.conf import settings

from couples.live import protocol
from couples.models import PracticeSession, SessionEvent
from exercises import active_listening

pytestmark = [pytest.mark.django_db(transaction=True)]


def cid() -> str:
    return str(uuid.uuid4())


def command(name: str, version: int, client_id: str | None = None, **payload) -> dict:
    return {"type": "command", "command": name, "client_id": client_id or cid(),
            "version": version, "payload": payload}


async def stored(practice) -> tuple[int, dict, int]:
    """The stored version, state and number of events."""
    row = await database_sync_to_async(PracticeSession.objects.get)(pk=practice.pk)
    events = await database_sync_to_async(SessionEvent.objects.filter(session=practice).count)()
    return row.version, row.state, events


@pytest.fixture
async def listening(practice, partners, session_socket):
    """Alex holds the floor in active listening, Sam listens; returns
    ``(alex, sam, version)`` with both sockets at that version."""
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    await alex.send(command("exercise_start", 0, exercise="active_listening", topic="Mornings",
                            mode="typed", first_speaker=alex.snapshot["me"]))
    version = (await alex.next("ack"))["version"]
    await alex.at_version(version)
    await sam.at_version(version)
    return alex, sam, version


async def refused(practice, sender, partner, frame: dict | str, code: str) -> dict:
    """Send ``frame``; check the refusal and that nothing else happened.
    Returns the error frame."""
    before = await stored(practice)
    await sender.send(frame)
    error = await sender.next("error", "ack", "update")
    assert (error["type"], error["code"]) == ("error", code), error
    assert await stored(practice) == before
    assert await partner.nothing_more(), partner.seen[-1]
    await sender.send({"type": "sync"})
    assert (await sender.next("snapshot"))["version"] == before[0]
    return error


OTHER_SESSION = str(uuid.uuid4())

MALFORMED = {
    "not JSON": ("I am not JSON", protocol.ERROR_INVALID_JSON),
    "cut-off JSON": ('{"type": "command", "command": "statement_', protocol.ERROR_INVALID_JSON),
    "a lone surrogate": ('{"type": "sync", "x": "\\ud800"}', protocol.ERROR_INVALID_JSON),
    "a JSON array": ("[1, 2, 3]", protocol.ERROR_INVALID_MESSAGE),
    "a JSON string": ('"command"', protocol.ERROR_INVALID_MESSAGE),
    "JSON null": ("null", protocol.ERROR_INVALID_MESSAGE),
    "no type": ({"command": "statement_make"}, protocol.ERROR_INVALID_MESSAGE),
    "an unknown message type": ({"type": "takeover"}, protocol.ERROR_INVALID_MESSAGE),
    "a sync with extra fields": ({"type": "sync", "since": 3}, protocol.ERROR_INVALID_MESSAGE),
    "no client id": ({"type": "command", "command": "floor_pass", "version": 1, "payload": {}},
                     protocol.ERROR_INVALID_MESSAGE),
    "no version": ({"type": "command", "command": "floor_pass", "client_id": cid(),
                    "payload": {}}, protocol.ERROR_INVALID_MESSAGE),
    "a client id that is no UUID": ({**command("floor_pass", 1), "client_id": "x' OR 1=1"},
                                    protocol.ERROR_INVALID_MESSAGE),
    "a version as text": ({**command("floor_pass", 1), "version": "1"},
                          protocol.ERROR_INVALID_MESSAGE),
    "a negative version": (command("floor_pass", -1), protocol.ERROR_INVALID_MESSAGE),
    "a payload that is a list": ({**command("floor_pass", 1), "payload": ["text"]},
                                 protocol.ERROR_INVALID_MESSAGE),
    "a command name that is a number": ({**command("floor_pass", 1), "command": 7},
                                        protocol.ERROR_INVALID_MESSAGE),
    "a command for another session": ({**command("floor_pass", 1), "session": OTHER_SESSION},
                                      protocol.ERROR_INVALID_MESSAGE),
    "an unknown command": (command("floor_steal", 1), "unknown_command"),
    "a payload with an extra field": (command("statement_make", 1, text="Hi", speaker="me"),
                                      protocol.ERROR_INVALID_MESSAGE),
    "a payload field of the wrong type": (command("statement_make", 1, text=42),
                                          protocol.ERROR_INVALID_MESSAGE),
    "a payload missing a required field": (command("ritual_accept", 1, proposal_id="p1"),
                                           protocol.ERROR_INVALID_MESSAGE),
    "text past the schema cap": (command("statement_make", 1,
                                         text="x" * (protocol.MAX_TEXT_FIELD_CHARS + 1)),
                                 protocol.ERROR_INVALID_MESSAGE),
    "text past the statement limit": (
        command("statement_make", 1, text="y" * (active_listening.MAX_STATEMENT_CHARS + 1)),
        "text_too_long"),
    "blank text": (command("statement_make", 1, text="   \n  "), "text_required"),
    "a NUL character in text": (command("statement_make", 1, text="before\u0000after"),
                                protocol.ERROR_INVALID_MESSAGE),
    "a command out of turn": (command("paraphrase_submit", 1, text="Not yet"),
                              "not_listener"),
    "a stale version": (command("statement_make", 0, text="From an old screen"),
                        protocol.ERROR_STALE_VERSION),
    "a future version": (command("statement_make", 99, text="From the future"),
                         protocol.ERROR_STALE_VERSION),
}


@pytest.mark.parametrize(("frame", "code"), MALFORMED.values(), ids=MALFORMED.keys())
async def test_a_bad_frame_is_refused_to_its_sender_only_and_changes_nothing(
    listening, practice, frame, code
):
    alex, sam, _ = listening
    await refused(practice, alex, sam, frame, code)


async def test_the_error_names_the_client_id_of_the_refused_command(listening, practice):
    alex, sam, version = listening
    client_id = cid()
    error = await refused(practice, alex, sam,
                          command("statement_make", version, client_id, text=7),
                          protocol.ERROR_INVALID_MESSAGE)
    assert error["client_id"] == client_id
    assert error["details"]["problems"] == [{"field": "text", "problem": "string_type"}]


async def test_a_stale_command_is_answered_with_the_current_version_and_a_snapshot(
    listening, practice
):
    alex, sam, version = listening
    await alex.send(command("statement_make", version - 1, text="Old screen"))
    error = await alex.next("error")
    assert error["details"]["current_version"] == version
    assert (await alex.next("snapshot"))["version"] == version
    assert await sam.nothing_more()


async def test_the_listener_cannot_speak_for_the_speaker(listening, practice):
    alex, sam, version = listening
    await refused(practice, sam, alex, command("statement_make", version, text="Me first"),
                  "not_speaker")


async def test_a_binary_frame_is_refused(listening, practice):
    alex, sam, _ = listening
    before = await stored(practice)
    await alex.communicator.send_to(bytes_data=b"\x00\x01binary")
    assert (await alex.next("error"))["code"] == protocol.ERROR_BINARY_NOT_SUPPORTED
    assert await stored(practice) == before
    assert await sam.nothing_more()
    await alex.send({"type": "sync"})
    assert (await alex.next("snapshot"))["version"] == before[0]


async def test_a_replayed_client_id_is_acknowledged_once_whatever_it_now_carries(
    listening, practice
):
    alex, sam, version = listening
    client_id = cid()
    await alex.send(command("statement_make", version, client_id, text="The first time"))
    assert (await alex.next("ack"))["version"] == version + 1
    await sam.at_version(version + 1)
    before = await stored(practice)
    await alex.send(command("statement_make", version + 1, client_id, text="Sneaked in later"))
    ack = await alex.next("ack")
    assert (ack["version"], ack["duplicate"]) == (version + 1, True)
    assert await stored(practice) == before
    assert await sam.nothing_more()


async def test_an_analyze_text_past_its_limit_is_refused_with_its_request_id(listening, practice):
    from exercises.i_statements import MAX_ANALYZE_CHARS

    alex, sam, _ = listening
    error = await refused(practice, alex, sam,
                          {"type": "analyze", "request_id": "r-9",
                           "text": "z" * (MAX_ANALYZE_CHARS + 1)},
                          "text_too_long")
    assert error["details"]["request_id"] == "r-9"


async def test_a_frame_over_the_size_cap_closes_with_4409_before_parsing(listening, practice):
    alex, sam, _ = listening
    before = await stored(practice)
    # Not even JSON: the size alone decides, nothing is parsed.
    await alex.send("{" * (settings.WS_MAX_FRAME_CHARS + 1))
    assert await alex.closed_with() == protocol.CLOSE_FRAME_TOO_LARGE
    assert await stored(practice) == before
    assert await sam.nothing_more()


async def test_a_frame_of_exactly_the_size_cap_is_parsed(listening, practice):
    alex, _sam, _ = listening
    frame = json.dumps({"type": "sync"})
    frame += " " * (settings.WS_MAX_FRAME_CHARS - len(frame))  # JSON allows trailing space
    await alex.send(frame)
    assert (await alex.next("snapshot", "error"))["type"] == "snapshot"


# --- floods ---------------------------------------------------------------------------


@pytest.fixture
def small_limits(settings):
    """Windows small enough to reach in a test, long enough not to reset during it."""
    settings.WS_RATE_LIMIT_COMMANDS = "3/minute"
    settings.WS_RATE_LIMIT_OTHER = "4/minute"
    settings.WS_RATE_LIMIT_REFUSALS = "2/minute"


async def test_commands_past_the_rate_limit_are_refused_then_the_flood_is_closed(
    small_limits, practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    sam = await session_socket(partners[1], practice)
    bad = command("floor_pass", 0)  # refused by the engine: counts as a command all the same
    for _ in range(3):
        await alex.send(bad)
        assert (await alex.next("error"))["code"] != protocol.ERROR_RATE_LIMITED
    before = await stored(practice)
    client_id = cid()
    await alex.send(command("exercise_start", 0, client_id, exercise="active_listening",
                            topic="A valid one", mode="typed", first_speaker=alex.snapshot["me"]))
    limited = await alex.next("error")
    assert (limited["code"], limited["client_id"]) == (protocol.ERROR_RATE_LIMITED, client_id)
    assert 1 <= limited["details"]["retry_after"] <= 60
    assert await stored(practice) == before  # a refused command is not applied
    await alex.send(bad)
    assert (await alex.next("error"))["code"] == protocol.ERROR_RATE_LIMITED
    await alex.send(bad)  # it goes on: a flood
    assert await alex.closed_with() == protocol.CLOSE_RATE_LIMITED
    assert await stored(practice) == before
    assert await sam.nothing_more()


async def test_garbage_frames_count_against_the_command_allowance(
    small_limits, practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    for _ in range(3):
        await alex.send("garbage")
        assert (await alex.next("error"))["code"] == protocol.ERROR_INVALID_JSON
    await alex.send("garbage")
    assert (await alex.next("error"))["code"] == protocol.ERROR_RATE_LIMITED


async def test_heartbeats_and_syncs_have_their_own_allowance(
    small_limits, practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    for _ in range(3):
        await alex.send({"type": "sync"})
        await alex.next("snapshot")
    await alex.send({"type": "heartbeat"})
    await alex.next("presence")
    await alex.send({"type": "sync"})
    assert (await alex.next("error"))["code"] == protocol.ERROR_RATE_LIMITED
    # ...and a command still goes through: the allowances are separate.
    await alex.send(command("exercise_start", 0, exercise="active_listening", topic="Still here",
                            mode="typed", first_speaker=alex.snapshot["me"]))
    assert (await alex.next("ack"))["version"] == 1


async def test_each_connection_has_its_own_allowance(
    small_limits, practice, partners, session_socket
):
    alex = await session_socket(partners[0], practice)
    for _ in range(4):
        await alex.send("garbage")
        await alex.next("error")
    second_device = await session_socket(partners[0], practice)
    await second_device.send("garbage")
    assert (await second_device.next("error"))["code"] == protocol.ERROR_INVALID_JSON


# --- HTTP: every form answers bad input without a server error --------------------------

GARBAGE = {
    "nothing": {},
    "a NUL character": {"*": "a\x00b"},
    "a huge text": {"*": "x" * 100_000},
    "markup": {"*": '<script>x()</script>"><img src=x onerror=x()>'},
    "several values": {"*": ["one", "two"]},
    "odd numbers": {"*": "-1e309"},
    "a far date": {"*": "9999-99-99"},
}
FIELDS = ["name", "text", "tags", "mood", "q", "tag", "date_from", "date_to", "audience", "action",
          "title", "details", "roles", "frequency", "weekdays", "time", "duration_minutes",
          "timezone", "sequence", "exercise", "due_on", "note", "confirmation", "email",
          "display_name", "password1", "password2", "username", "password", "keep", "session",
          "safe_now", "afraid", "hurt", "control", "next", "role", "mark"]


def post_routes(values: dict) -> list[tuple[str, str]]:
    """``(name, path)`` of every route of ours (the admin aside), its
    parameters filled from ``values``."""
    import re

    from django.urls import URLPattern, get_resolver, reverse

    routes = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLPattern) and entry.name not in (None, "logout", "login_link"):
            names = re.findall(r"<(?:\w+:)?(\w+)>", str(entry.pattern))
            routes.append((entry.name, reverse(entry.name, kwargs={k: values[k] for k in names})))
    return routes


@pytest.mark.django_db
@pytest.mark.parametrize("garbage", GARBAGE.values(), ids=GARBAGE.keys())
def test_every_form_answers_garbage_with_a_page_not_a_server_error(garbage, settings):
    """Every POST route, as a partner and as the couple's therapist, with
    garbage in every field a form of ours reads: the answer is a page, a
    redirect or a 4xx, never a server error (PostgreSQL refuses NUL
    characters, for one, so they must be caught before the database)."""
    from django.test import Client

    from tests.system.test_authorization import build_couple

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_couple("bad")
    values = {"public_id": world.ritual.public_id, "token": world.invitation_token,
              "link_id": world.link_id, "couple_id": world.couple.public_id,
              "session_id": world.session.public_id, "uidb64": "MQ", "url": "x", "item_id": 1,
              "kind": "patterns"}
    data = {field: value for field in FIELDS for value in [garbage.get("*")] if value is not None}
    for user in (world.sam, world.therapist):
        for name, path in post_routes(values):
            client = Client(raise_request_exception=False)
            client.force_login(user)
            response = client.post(path, data)
            assert response.status_code < 500, f"POST {name} as {user.pk}: {response.status_code}"
