"""What the screen reader hears stays true to the screen when an update and a
snapshot cross (docs/protocol.md §6 and §9): the channel layer delivers at
most once, and a heartbeat that finds a socket behind, or a resync after a
gap, sends a snapshot that can overtake the update still on its way. The
snapshot carries no events, so the page must neither keep announcing a step
that is over nor stay silent about the one now shown."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e import people as couple
from tests.e2e.conftest import Person, expect
from tests.e2e.people import announcer, expect_step, now

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SYNC = json.dumps({"type": "sync"})


class CrossingRelay:
    """Carries one page's session socket to the server (Playwright's
    WebSocket routing) and does one thing, set in ``next_update``, to the
    next update the server sends:

    - ``"cross"``: hold it back, ask the server for a snapshot (as a
      heartbeat that finds the socket behind does), and pass it on just
      after that snapshot: the update crossed the snapshot;
    - ``"lose"``: drop it and ask for a snapshot (the update is lost and
      the page catches up by snapshot);
    - ``"drop"``: drop it silently, so the page sees a gap at the next one.

    ``done`` lists what was done, so a test knows it really happened."""

    def __init__(self) -> None:
        self.next_update: str | None = None
        self.done: list[str] = []

    def handle(self, page_side) -> None:
        server_side = page_side.connect_to_server()
        page_side.on_message(server_side.send)
        held: list[str] = []

        def from_server(message) -> None:
            kind = json.loads(message).get("type")
            if kind == "update" and self.next_update:
                mode, self.next_update = self.next_update, None
                self.done.append(mode)
                if mode == "cross":
                    held.append(message)
                if mode in ("cross", "lose"):
                    server_side.send(SYNC)
                return
            page_side.send(message)
            if kind == "snapshot" and held:
                page_side.send(held.pop())

        server_side.on_message(from_server)


def tap(person: Person, name: str) -> None:
    now(person).get_by_role("button", name=name, exact=True).click()


def test_the_announcer_follows_the_screen_when_updates_and_snapshots_cross(scenario):
    relay = CrossingRelay()
    partners = couple.couple_create(scenario)
    practice = couple.practice_start(scenario, partners)
    sam = scenario.person("sam", phone=True, user=partners.sam)
    couple.join(sam, practice)
    alex = scenario.person("alex", user=partners.alex)
    alex.page.route_web_socket(re.compile(r"/ws/sessions/"), relay.handle)
    couple.join(alex, practice)
    choice = couple.choose_exercise(sam, "Active listening")
    choice.get_by_label("Spoken: you talk aloud").check()
    choice.get_by_label("I will").check()
    choice.get_by_role("button", name="Start active listening").click()
    expect_step(alex, "Listen. Sam is speaking.")
    expect(announcer(alex)).to_have_text("Sam started Active listening.")

    # Sam's piece reaches Alex's screen by a snapshot first; the update
    # arrives just after it and is still what Alex hears.
    relay.next_update = "cross"
    tap(sam, "I've said my piece")
    expect_step(alex, "Say back aloud what you heard, then tap.")
    expect(announcer(alex)).to_have_text("Sam shared a piece. Your turn to say it back.")
    assert relay.done == ["cross"]
    scenario.step("crossed-update-announced")

    # Alex's own update is lost: the snapshot moves the screen on, and the
    # invitation to say it back, now done, is no longer what Alex hears.
    relay.next_update = "lose"
    tap(alex, "I've said it back")
    expect_step(sam, "Did Alex get it?")
    couple.settled(alex, sam)
    expect_step(alex, "Wait while Sam checks whether you got it.")
    expect(announcer(alex)).to_have_text("")
    assert relay.done == ["cross", "lose"]

    # Sam's "That's it" never reaches Alex; Sam passes the floor, Alex's
    # page sees the gap, and the snapshot that fills it is announced with
    # the news of the screen it shows.
    relay.next_update = "drop"
    tap(sam, "That's it")
    tap(sam, "I feel heard: pass the floor")
    expect(now(alex).locator(".role")).to_have_text("You hold the floor: you are the speaker.")
    expect(announcer(alex)).to_have_text("You now hold the floor.")
    assert relay.done == ["cross", "lose", "drop"]
    scenario.step("gap-filled-and-announced")
