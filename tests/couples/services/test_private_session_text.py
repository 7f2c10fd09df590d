"""Private session text at rest (docs/architecture.md, "Private session text
at rest"; docs/protocol.md §11): I-statement drafts, closing choices and
closing lines not yet revealed are stored only as Fernet tokens in the
session state and the event log, opened for their author's view alone; a
database dump, a pg_dump and a backup show none of them; key rotation and
migration 0005 cover them."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import uuid

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from couples.lib.sealing import SEALED, events_open, is_sealed, state_open, state_seal
from couples.models import PracticeSession, SessionEvent
from couples.selectors.sessions import session_snapshot
from couples.services.commands import session_command_apply
from tests.factories import marker

pytestmark = pytest.mark.django_db


def say(practice, user, command, **payload):
    practice.refresh_from_db()
    session_command_apply(
        session_id=practice.pk, user_id=user.pk, command=command, payload=payload,
        client_id=uuid.uuid4(), base_version=practice.version, now=0.0,
    )
    practice.refresh_from_db()


def draft_saved(practice, partners) -> dict[str, str]:
    """The first partner saves an I-statement draft with every builder field."""
    alex, _sam = partners
    draft = {
        "complaint": marker("complaint"),
        "feeling": "lonely",
        "situation": marker("situation"),
        "need": marker("need"),
        "request": marker("request"),
        "rewrite": marker("rewrite"),
    }
    say(practice, alex, "exercise_start", exercise="i_statements", first_writer=str(alex.pk))
    say(practice, alex, "i_statement_draft_save", **draft)
    return draft


def closing_line_written(practice, partners) -> str:
    """Active listening up to the first partner's closing line, not yet revealed."""
    alex, sam = partners
    line = marker("understood")
    say(practice, alex, "exercise_start", exercise="active_listening", topic="Chores",
        mode="typed", first_speaker=str(alex.pk))
    say(practice, alex, "statement_make", text="I felt alone on Saturday.")
    say(practice, sam, "paraphrase_submit", text="You felt alone on Saturday.")
    say(practice, alex, "paraphrase_confirm")
    say(practice, sam, "listening_close")
    say(practice, alex, "understanding_share", text=line)
    return line


def raw_rows() -> str:
    """The session state and event columns as the database holds them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT state FROM couples_practicesession")
        states = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT events FROM couples_sessionevent")
        events = [row[0] for row in cursor.fetchall()]
    return "\n".join(map(str, states + events))


def test_a_draft_is_stored_only_sealed(practice, partners):
    draft = draft_saved(practice, partners)
    stored = raw_rows()
    for field in ("complaint", "situation", "need", "request", "rewrite"):
        assert draft[field] not in stored
    (sealed_draft,) = practice.state["exercise"]["drafts"].values()
    assert is_sealed(sealed_draft)


def test_the_author_still_sees_their_draft_and_the_partner_does_not(practice, partners):
    alex, sam = partners
    draft = draft_saved(practice, partners)
    mine = session_snapshot(session_id=practice.pk, user_id=alex.pk)["view"]["exercise"]
    theirs = session_snapshot(session_id=practice.pk, user_id=sam.pk)["view"]["exercise"]
    assert mine["my_draft"] == draft
    assert theirs["my_draft"] == {}


def test_an_unrevealed_closing_line_is_stored_only_sealed(practice, partners):
    line = closing_line_written(practice, partners)
    assert line not in raw_rows()
    private = [
        e for row in SessionEvent.objects.filter(session=practice) for e in row.events
        if e["private_to"] is not None
    ]
    assert private and all(is_sealed(e["data"]) for e in private)


def test_a_closing_choice_is_stored_only_sealed(practice, partners):
    alex, sam = partners
    draft_saved(practice, partners)
    say(practice, alex, "i_statement_share", feeling="lonely", situation="on Sunday",
        need="closeness", request="a walk")
    say(practice, sam, "i_statement_paraphrase", text="You felt lonely on Sunday.")
    say(practice, alex, "i_statement_paraphrase_confirm")
    say(practice, sam, "i_statement_offer", text="A walk tonight.")
    say(practice, alex, "i_statement_close", outcome="carried_over")
    assert is_sealed(practice.state["exercise"]["closing"][str(alex.pk)])
    assert "carried_over" not in str(practice.state["exercise"])
    closing_event = SessionEvent.objects.get(session=practice, command="i_statement_close")
    assert "carried_over" not in str(closing_event.events)


def test_rotating_the_keys_reseals_session_text(practice, partners, settings):
    alex, _sam = partners
    line = closing_line_written(practice, partners)
    old_key = settings.REFLECTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.REFLECTION_KEYS = [new_key, old_key]
    call_command("rotate_reflection_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.REFLECTION_KEYS = [new_key]  # the old key is dropped
    view = session_snapshot(session_id=practice.pk, user_id=alex.pk)["view"]
    assert view["exercise"]["understandings"] == {str(alex.pk): line}


def test_migration_0005_seals_what_was_stored_in_plaintext(practice, partners):
    alex, _sam = partners
    line = closing_line_written(practice, partners)
    # As the code before 0005 stored it: the line in plaintext.
    state = practice.state
    state["exercise"]["understandings"][str(alex.pk)] = line
    PracticeSession.objects.filter(pk=practice.pk).update(state=state)
    event = SessionEvent.objects.get(session=practice, command="understanding_share")
    event.events = [{"type": "understanding_written", "data": {"by": str(alex.pk), "text": line},
                     "private_to": str(alex.pk)}]
    event.save()
    assert line in raw_rows()
    migration = importlib.import_module("couples.migrations.0005_seal_private_session_text")
    migration.seal(apps, None)
    assert line not in raw_rows() and SEALED in raw_rows()
    view = session_snapshot(session_id=practice.pk, user_id=alex.pk)["view"]
    assert view["exercise"]["understandings"] == {str(alex.pk): line}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_a_pg_dump_after_a_full_session_holds_no_private_text(couple, partners):
    if connection.vendor != "postgresql":
        pytest.skip("the pg_dump test needs PostgreSQL (DATABASE_URL=postgres://…)")
    from couples.services.sessions import practice_session_start

    alex = partners[0]
    practice = practice_session_start(couple=couple, started_by=alex)
    draft = draft_saved(practice, partners)
    say(practice, alex, "exercise_stop")
    line = closing_line_written(practice, partners)
    say(practice, alex, "session_end")
    db = connection.settings_dict
    command = ["pg_dump", "--data-only", "--no-owner", "-d", db["NAME"]]
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            command += [flag, str(db[key])]
    dump = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=60,
        env={"PGPASSWORD": db.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"},
    ).stdout
    assert "I felt alone on Saturday." in dump  # shared text is in the dump
    for secret in [line, *(v for k, v in draft.items() if k != "feeling")]:
        assert secret not in dump


# --- an exercise that ends lets go of what was not revealed (issue #11, item 9) --


def everything_opened() -> str:
    """The session columns with every sealed value opened: what someone
    holding the keys and a dump could read."""
    opened = [
        str(state_open(s.state)) for s in PracticeSession.objects.all()
    ] + [str(events_open(row.events)) for row in SessionEvent.objects.all()]
    return "\n".join(opened)


@pytest.mark.parametrize("ending", ["exercise_stop", "session_end"])
def test_an_exercise_ended_early_keeps_no_unrevealed_line(practice, partners, ending):
    _alex, sam = partners
    line = closing_line_written(practice, partners)
    assert line in everything_opened()
    say(practice, sam, ending)
    assert line not in everything_opened()


def test_an_exercise_ended_early_keeps_no_draft_or_choice(practice, partners):
    sam = partners[1]
    draft = draft_saved(practice, partners)
    say(practice, sam, "exercise_stop")
    opened = everything_opened()
    assert not any(draft[k] in opened for k in ("complaint", "situation", "need", "request"))
    private = [e for row in SessionEvent.objects.all() for e in row.events if e["private_to"]]
    assert private and all(e["data"] == {} and e["scrubbed"] for e in private)


def test_a_finished_exercise_keeps_the_revealed_lines_in_the_shared_record(practice, partners):
    sam = partners[1]
    line = closing_line_written(practice, partners)
    say(practice, sam, "understanding_share", text="Sam's line")
    revealed = SessionEvent.objects.get(session=practice, seq=practice.version).events
    assert {"type": "understandings_revealed"}.items() <= revealed[1].items()
    assert line in str(revealed[1]) and line in str(practice.state["completed"])
    private = [e for row in SessionEvent.objects.all() for e in row.events if e["private_to"]]
    assert all(e["data"] == {} for e in private)


# --- deleting an account deletes the person's private text (issue #11, item 8) --


def test_deleting_an_account_deletes_their_draft_and_keeps_the_partners(practice, partners):
    from couples.services.privacy import account_delete

    alex, sam = partners
    line = closing_line_written(practice, partners)  # Alex's line, not yet revealed
    # Sam's own line, written directly as the engine would keep it.
    state = state_open(practice.state)
    state["exercise"]["understandings"][str(sam.pk)] = "sams-own-line-41"
    PracticeSession.objects.filter(pk=practice.pk).update(state=state_seal(state))
    account_delete(user=alex)
    opened = everything_opened()
    assert line not in opened
    assert "sams-own-line-41" in opened
    assert "I felt alone on Saturday." in opened  # shared words stay with the couple


def test_deleting_an_account_deletes_their_unsaved_i_statement_draft(practice, partners):
    from couples.services.privacy import account_delete

    alex, sam = partners
    draft = draft_saved(practice, partners)
    account_delete(user=alex)
    opened = everything_opened()
    assert not any(draft[k] in opened for k in ("complaint", "situation", "need", "request"))
    view = session_snapshot(session_id=practice.pk, user_id=sam.pk)["view"]
    assert view["exercise"]["kind"] == "i_statements"  # the partner's session still loads
