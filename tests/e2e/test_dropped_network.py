"""Scenario 3: the network drops in the middle of typing. What was typed
stays in the field across the reconnect, and a command made while offline is
sent after it and applies exactly once."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import expect
from tests.e2e.people import (
    announcer,
    choose_exercise,
    connection,
    couple_create,
    expect_step,
    join,
    now,
    practice_start,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RECONNECTING = "Connection lost. Reconnecting… Anything you type is kept."
QUEUED = "Saved on this device. It will be sent when you are back online."


def commands_stored(practice, command: str) -> int:
    from couples.models import SessionEvent

    return SessionEvent.objects.filter(session_id=practice.pk, command=command).count()


class Relay:
    """Carries one page's session WebSockets to the server (Playwright's
    WebSocket routing) and can lose the connection right after the server
    applied a command: the answer ("ack") never arrives."""

    def __init__(self) -> None:
        self.drop_next_ack = False
        self.acks: list[dict] = []

    def handle(self, page_side) -> None:
        server_side = page_side.connect_to_server()
        page_side.on_message(server_side.send)

        def from_server(message) -> None:
            frame = json.loads(message)
            if frame.get("type") == "ack":
                self.acks.append(frame)
                if self.drop_next_ack:
                    self.drop_next_ack = False
                    page_side.close(code=1012, reason="network lost")  # the ack is lost with it
                    return
            page_side.send(message)

        server_side.on_message(from_server)


def test_a_dropped_network_loses_nothing_and_applies_once(scenario):
    people = couple_create(scenario)
    practice = practice_start(scenario, people)
    alex = scenario.person("alex", user=people.alex)
    sam = scenario.person("sam", phone=True, user=people.sam)
    relay = Relay()
    alex.page.route_web_socket(re.compile(r"/ws/sessions/"), relay.handle)
    for person in (alex, sam):
        join(person, practice)
    choice = choose_exercise(alex, "Active listening")
    choice.get_by_label("I will").check()
    choice.get_by_role("button", name="Start active listening").click()
    expect_step(alex, "Share one short piece of what you feel or think.")
    scenario.step("speaker-ready")

    # Alex's Wi-Fi drops half-way through a sentence; Alex keeps typing.
    piece = now(alex).get_by_label("Your piece")
    piece.press_sequentially("I would like us to plan ")
    alex.context.set_offline(True)
    expect(connection(alex)).to_have_text(RECONNECTING)
    expect(alex.page.get_by_role("list", name="Who is here")).to_contain_text("You: reconnecting…")
    expect(sam.page.get_by_role("list", name="Who is here")).to_contain_text("Alex: reconnecting…")
    piece.press_sequentially("one evening a week for just the two of us.")
    scenario.step("typing-offline")

    alex.context.set_offline(False)
    expect(connection(alex)).to_have_text("Connected")
    statement = "I would like us to plan one evening a week for just the two of us."
    expect(now(alex).get_by_label("Your piece")).to_have_value(statement)
    expect(now(alex).get_by_label("Your piece")).to_be_focused()
    expect(sam.page.get_by_role("list", name="Who is here")).to_contain_text("Alex: here")
    scenario.step("back-online-text-kept")
    now(alex).get_by_role("button", name="Share this piece").click()
    expect(now(sam).locator("blockquote")).to_have_text([statement])
    expect(announcer(sam)).to_contain_text("Alex shared a piece. Your turn to say it back.")
    assert scenario.db(commands_stored, practice, "statement_make") == 1

    # Sam's phone loses the network just before sending the paraphrase: it
    # waits on the phone and goes out, once, after the reconnect.
    paraphrase = "What I hear is that you want one evening a week that is only ours."
    now(sam).get_by_label("Your paraphrase").fill(paraphrase)
    sam.context.set_offline(True)
    expect(connection(sam)).to_have_text(RECONNECTING)
    now(sam).get_by_role("button", name="Share my paraphrase").click()
    expect(now(sam).get_by_text(QUEUED)).to_be_visible()
    expect(now(sam).get_by_label("Your paraphrase")).to_have_value(paraphrase)
    expect_step(alex, "Wait while Sam says back what they heard.")
    scenario.step("command-queued-offline")

    sam.context.set_offline(False)
    expect(connection(sam)).to_have_text("Connected")
    expect_step(alex, "Did Sam get it?")
    expect(announcer(alex)).to_contain_text("Sam said back what they heard. Did they get it?")
    expect(now(alex).locator("blockquote")).to_have_text([statement, paraphrase])
    expect(now(sam).get_by_text(QUEUED)).to_have_count(0)
    expect(now(sam).get_by_label("Your paraphrase")).to_have_count(0)
    scenario.step("queued-command-applied")
    assert scenario.db(commands_stored, practice, "paraphrase_submit") == 1

    # Nothing is replayed later: a reload shows the same single exchange.
    sam.page.reload()
    expect(connection(sam)).to_have_text("Connected")
    expect(now(sam).locator("blockquote")).to_have_text([statement, paraphrase])
    assert scenario.db(commands_stored, practice, "paraphrase_submit") == 1
    scenario.step("after-reload")

    # Alex confirms, and the connection dies just after the server applied it:
    # the answer is lost, so the page sends the command again after the
    # reconnect, with the same id. The server recognises it: applied once.
    relay.drop_next_ack = True
    now(alex).get_by_role("button", name="That's it").click()
    expect(announcer(sam)).to_contain_text("Alex says you got it.")
    expect(connection(alex)).to_have_text("Connected")
    expect(alex.page.locator("#history")).to_contain_text("✓ That's it")
    expect_step(alex, "Share one short piece of what you feel or think.")
    expect(now(alex).get_by_role("button", name="That's it")).to_have_count(0)
    # The page keeps the command until its answer (the duplicate ack) comes:
    # once nothing is pending, the relay has carried both answers.
    alex.page.wait_for_function(
        "() => Object.keys(localStorage).filter((k) => k.endsWith('.pending'))"
        ".every((k) => localStorage.getItem(k) === '[]')"
    )
    first, again = (ack for ack in relay.acks if ack["client_id"] == relay.acks[-1]["client_id"])
    assert (first["duplicate"], again["duplicate"]) == (False, True)
    assert first["version"] == again["version"]
    assert scenario.db(commands_stored, practice, "paraphrase_confirm") == 1
    scenario.step("lost-answer-resent-once")
