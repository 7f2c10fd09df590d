"""The command transaction in plain SQL (couples/services/commands.py): the
same rules and the same refusals as before, and a refusal writes nothing.
Runs on SQLite and on PostgreSQL (prepared statements there)."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import OperationalError
from django.test import Client

from couples.lib import connections
from couples.lib.errors import NoLongerTakingPart, SignInEnded, StaleVersion
from couples.models import PracticeSession, SessionEvent
from couples.services.commands import facilitator_join, session_command_apply
from couples.services.therapy import link_end
from exercises.engine import RuleError
from tests.factories import CoupleFactory, link_therapist

pytestmark = pytest.mark.django_db


def apply(practice, user, command, version, client_id=None, **payload):
    return session_command_apply(
        session_id=practice.pk, user_id=user.pk, command=command, payload=payload,
        client_id=client_id or uuid.uuid4(), base_version=version, now=1_700_000_000.0,
    )


def start(practice, partners):
    return apply(practice, partners[0], "exercise_start", 0, exercise="active_listening",
                 topic="Weekends", mode="typed", first_speaker=str(partners[0].pk))


def stored(practice):
    row = PracticeSession.objects.get(pk=practice.pk)
    return row.version, row.state, SessionEvent.objects.filter(session=practice).count()


def test_an_accepted_command_stores_its_event_at_the_new_version_and_the_state(
    practice, partners
):
    client_id = uuid.uuid4()
    outcome = start(practice, partners)
    outcome = apply(practice, partners[0], "statement_make", 1, client_id, text="I felt alone")
    assert (outcome.version, outcome.duplicate) == (2, False)
    event = SessionEvent.objects.get(session=practice, seq=2)
    assert (event.client_id, event.actor_id, event.command) == (
        client_id, partners[0].pk, "statement_make")
    row = PracticeSession.objects.get(pk=practice.pk)
    assert (row.version, row.state["version"], row.status) == (2, 2, "open")
    # Each participant's view goes out after the commit, the actor's first.
    assert outcome.deliveries[0].group.endswith(f".p.{partners[0].pk}")
    views = [json.loads(d.message["frame"])["view"] for d in outcome.deliveries]
    assert all(v["exercise"]["current"]["statement"] == "I felt alone" for v in views)


def test_a_repeated_client_id_is_answered_with_its_version_and_changes_nothing(
    practice, partners
):
    start(practice, partners)
    client_id = uuid.uuid4()
    apply(practice, partners[0], "statement_make", 1, client_id, text="Once")
    before = stored(practice)
    again = apply(practice, partners[0], "statement_make", 1, client_id, text="Once")
    assert (again.version, again.duplicate, again.deliveries) == (2, True, ())
    assert stored(practice) == before


def test_a_stale_version_is_refused_with_the_current_one_and_changes_nothing(
    practice, partners
):
    start(practice, partners)
    before = stored(practice)
    with pytest.raises(StaleVersion) as refused:
        apply(practice, partners[0], "statement_make", 0, text="Too late")
    assert refused.value.current == 1
    assert stored(practice) == before


def test_a_version_ahead_of_the_stored_one_is_refused_even_for_an_independent_command(
    practice, partners
):
    # A repair attempt is applied on the current version when the sender was
    # behind (a race), but a version no one was ever sent is a forged frame.
    before = stored(practice)
    with pytest.raises(StaleVersion) as refused:
        apply(practice, partners[0], "repair_send", 50, text="I'm sorry")
    assert refused.value.current == 0
    assert stored(practice) == before
    assert apply(practice, partners[0], "repair_send", 0, text="I'm sorry").version == 1


def test_a_rule_the_engine_refuses_writes_nothing(practice, partners):
    start(practice, partners)
    before = stored(practice)
    with pytest.raises(RuleError):  # the listener cannot make the speaker's statement
        apply(practice, partners[1], "statement_make", 1, text="Not my turn")
    assert stored(practice) == before


def test_someone_outside_the_couple_is_not_taking_part_and_nothing_changes(
    practice, partners
):
    start(practice, partners)
    stranger = CoupleFactory().memberships.first().user
    before = stored(practice)
    with pytest.raises(NoLongerTakingPart):
        apply(practice, stranger, "statement_make", 1, text="Hello")
    assert stored(practice) == before


def test_a_therapist_whose_link_ended_is_no_longer_taking_part(practice, partners, couple):
    link = link_therapist(couple, partners)
    therapist = link.therapist
    facilitator_join(session_id=practice.pk, therapist_id=therapist.pk)
    version = PracticeSession.objects.get(pk=practice.pk).version
    link_end(link_id=link.pk, partner=partners[0])
    before = stored(practice)
    with pytest.raises(NoLongerTakingPart):
        apply(practice, therapist, "exercise_start", version, exercise="active_listening",
              topic="Us", mode="typed", first_speaker=str(partners[0].pk))
    assert stored(practice) == before


def test_a_command_on_no_such_session_is_refused():
    with pytest.raises(PracticeSession.DoesNotExist):
        session_command_apply(session_id=987_654, user_id=1, command="session_end", payload={},
                              client_id=uuid.uuid4(), base_version=0, now=0.0)


# --- recovering a dropped connection without a health check (couples/lib/connections.py) ---


def test_a_call_that_fails_on_a_broken_connection_runs_once_more(monkeypatch):
    calls = []

    def command():
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return "applied"

    monkeypatch.setattr(connections, "connection_broken", lambda: True)
    monkeypatch.setattr(connections.connection, "close", lambda: None)
    assert connections.run_recovering(command) == "applied"
    assert len(calls) == 2


def test_a_database_error_on_a_healthy_connection_is_not_retried(monkeypatch):
    calls = []

    def command():
        calls.append(1)
        raise OperationalError("database is locked")

    monkeypatch.setattr(connections, "connection_broken", lambda: False)
    with pytest.raises(OperationalError):
        connections.run_recovering(command)
    assert len(calls) == 1


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client.session.session_key


@pytest.mark.parametrize("engine", [
    "django.contrib.sessions.backends.db",  # read as columns of the locking statement
    "django.contrib.sessions.backends.cache",  # read from its store first
])
def test_a_command_checks_its_sign_in_and_an_ended_one_applies_nothing(
    practice, partners, settings, engine
):
    settings.SESSION_ENGINE = engine
    keys = [signed_in(partner) for partner in partners]
    outcome = session_command_apply(
        session_id=practice.pk, user_id=partners[0].pk, command="exercise_start",
        payload={"exercise": "active_listening", "topic": "Weekends", "mode": "typed",
                 "first_speaker": str(partners[0].pk)},
        client_id=uuid.uuid4(), base_version=0, now=1_700_000_000.0,
        session_key=keys[0], check_signin=True,
    )
    assert outcome.version == 1
    before = stored(practice)
    for key, user in ((None, partners[1]), (keys[0], partners[1]), ("no-such-key", partners[1])):
        with pytest.raises(SignInEnded):
            session_command_apply(
                session_id=practice.pk, user_id=user.pk, command="repair_send",
                payload={"text": "Sorry"}, client_id=uuid.uuid4(), base_version=1,
                now=1_700_000_000.0, session_key=key, check_signin=True,
            )
    partners[1].set_password("another long passphrase")
    partners[1].save()
    with pytest.raises(SignInEnded):
        session_command_apply(
            session_id=practice.pk, user_id=partners[1].pk, command="repair_send",
            payload={"text": "Sorry"}, client_id=uuid.uuid4(), base_version=1,
            now=1_700_000_000.0, session_key=keys[1], check_signin=True,
        )
    assert stored(practice) == before
